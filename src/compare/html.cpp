// The advisor's HTML pages: one self-contained HTML5 file per report (inline
// style, the SVG chart inline, nothing fetched), the inputs in a header and
// every table of the report. All input text is escaped (markup.hpp).
#include <algorithm>

#include "base/civil_time.hpp"
#include "compare/markup.hpp"
#include "compare/report.hpp"

namespace tarifc::compare {

namespace {

constexpr const char* kStyle =
    "body{font-family:sans-serif;font-size:14px;color:#222;background:#fff;margin:24px;max-width:1400px}"
    "h1{font-size:22px}h2{font-size:18px;margin-top:28px}"
    "dl{display:grid;grid-template-columns:max-content auto;gap:2px 14px}dt{font-weight:bold}dd{margin:0}"
    "table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f0f0f0}"
    "td.best{font-weight:bold;background:#e6f2e6}p.note{color:#555}"
    ".chart{overflow-x:auto}";

std::string esc(const std::string& s) { return escape_markup(s); }

void open_page(std::string& o, const std::string& title) {
    o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<h1>" + esc(title) + "</h1>\n";
}

void header(std::string& o, const std::vector<std::pair<std::string, std::string>>& rows) {
    o += "<dl>\n";
    for (const auto& [k, v] : rows) o += "<dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd>\n";
    o += "</dl>\n";
}

// A table row by row: a header, then cells; "n" cells are right-aligned
// numbers, "best" ones the cheapest.
struct Table {
    std::string& o;
    Table(std::string& out, const std::vector<std::string>& heads) : o(out) {
        o += "<table>\n<thead><tr>";
        for (const std::string& h : heads) o += "<th>" + esc(h) + "</th>";
        o += "</tr></thead>\n<tbody>\n";
    }
    void row() { o += "<tr>"; }
    void cell(const std::string& s, const char* cls = nullptr) {
        o += cls ? std::string("<td class=\"") + cls + "\">" : std::string("<td>");
        o += esc(s) + "</td>";
    }
    void end_row() { o += "</tr>\n"; }
    ~Table() { o += "</tbody>\n</table>\n"; }
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;
};

std::string plan_name(const std::vector<PlanInfo>& plans, int i) {
    return i >= 0 && static_cast<std::size_t>(i) < plans.size() ? plans[static_cast<std::size_t>(i)].name : "";
}

std::string names(const std::vector<PlanInfo>& plans, const std::vector<int>& which) {
    std::string s;
    for (int p : which) s += (s.empty() ? "" : ", ") + plan_name(plans, p);
    return s.empty() ? "none" : s;
}

std::optional<Decimal> total_at(const std::vector<std::optional<Decimal>>& totals, std::size_t plan) {
    return plan < totals.size() ? totals[plan] : std::nullopt;
}

std::vector<std::string> plan_heads(std::vector<std::string> heads, const std::vector<PlanInfo>& plans,
                                    const std::vector<std::string>& tail) {
    for (const PlanInfo& p : plans) heads.push_back(p.name);
    heads.insert(heads.end(), tail.begin(), tail.end());
    return heads;
}

// Every plan's total (n/a when it cannot price it), the cheapest in bold.
void plan_cells(Table& t, const std::vector<PlanInfo>& plans, const std::vector<std::optional<Decimal>>& totals,
                const std::vector<int>& cheapest, int places) {
    for (std::size_t i = 0; i < plans.size(); ++i) {
        auto v = total_at(totals, i);
        const bool best = std::find(cheapest.begin(), cheapest.end(), static_cast<int>(i)) != cheapest.end();
        t.cell(v ? money_text(*v, places) : "n/a", best ? "n best" : "n");
    }
}

void plans_list(std::string& o, const std::vector<PlanInfo>& plans) {
    Table t(o, {"plan", "title", "currency"});
    for (const PlanInfo& p : plans) {
        t.row();
        t.cell(p.name);
        t.cell(p.title);
        t.cell(p.currency);
        t.end_row();
    }
}

void comparison_cells(Table& t, const CorpusReport& r, const Comparison& c) {
    t.cell(c.on_plan);
    std::vector<int> best;
    if (c.cheapest >= 0) best.push_back(c.cheapest);
    plan_cells(t, r.plans, c.totals, best, r.money_places);
    t.cell(c.cheapest >= 0 ? plan_name(r.plans, c.cheapest) : "n/a");
    t.cell(money_text(c.saving, r.money_places), "n");
    t.cell(c.currency);
    t.end_row();
}

}  // namespace

std::string format_corpus_html(const CorpusReport& r) {
    std::string o;
    const std::string period = r.from == r.to ? r.from : r.from + " to " + r.to;
    open_page(o, "Plan comparison, " + period);
    header(o, {{"price book", r.pricebook}, {"accounts", r.accounts_path}, {"usage", r.usage_path}, {"period", period}});

    o += "<h2>Summary</h2>\n";
    for (const CurrencySummary& s : r.summary) {
        o += "<p>" + esc(s.currency) + ": " + std::to_string(s.accounts) + " accounts compared, " +
             std::to_string(s.would_save) + " would save " + esc(money_text(s.saving, r.money_places)) + " " +
             esc(s.currency) + "; they pay " + esc(money_text(s.current, r.money_places)) + " " + esc(s.currency) +
             " on their own plans.</p>\n";
        Table t(o, {"plan", "title", "if every account were on it", "cheapest for (accounts)"});
        for (std::size_t i = 0; i < r.plans.size(); ++i) {
            t.row();
            t.cell(r.plans[i].name);
            t.cell(r.plans[i].title);
            t.cell(i < s.totals.size() ? money_text(s.totals[i], r.money_places) : "n/a", "n");
            t.cell(i < s.cheapest.size() ? std::to_string(s.cheapest[i]) : "0", "n");
            t.end_row();
        }
    }
    if (r.summary.empty()) o += "<p class=\"note\">No account was compared.</p>\n";

    o += "<h2>Savings</h2>\n<div class=\"chart\">\n" + chart_savings_svg(r) + "</div>\n";

    o += "<h2>Accounts over the period</h2>\n";
    {
        Table t(o, plan_heads({"account", "on plan"}, r.plans, {"cheapest", "saving", "currency"}));
        for (const Comparison& c : r.accounts) {
            t.row();
            t.cell(c.account);
            comparison_cells(t, r, c);
        }
    }
    o += "<h2>Accounts by month</h2>\n";
    {
        Table t(o, plan_heads({"account", "month", "on plan"}, r.plans, {"cheapest", "saving", "currency"}));
        for (const MonthRow& m : r.months) {
            t.row();
            t.cell(m.account);
            t.cell(format_year_month(m.period));
            comparison_cells(t, r, m);
        }
    }
    o += "<h2>Unpriceable</h2>\n";
    if (r.unpriceable.empty()) {
        o += "<p class=\"note\">Every account could be priced under every plan.</p>\n";
    } else {
        Table t(o, {"account", "plan", "reason"});
        for (const Unpriceable& u : r.unpriceable) {
            t.row();
            t.cell(u.account);
            t.cell(plan_name(r.plans, u.plan));
            t.cell(u.reason);
            t.end_row();
        }
    }
    o += "<h2>Plans</h2>\n";
    plans_list(o, r.plans);
    if (!r.runs.empty()) {
        o += "<h2>Runs</h2>\n";
        Table t(o, {"plan", "usage rows", "rated", "rejected", "out of period"});
        for (std::size_t i = 0; i < r.runs.size(); ++i) {
            t.row();
            t.cell(plan_name(r.plans, static_cast<int>(i)));
            t.cell(std::to_string(r.runs[i].rows), "n");
            t.cell(std::to_string(r.runs[i].rated), "n");
            t.cell(std::to_string(r.runs[i].rejected), "n");
            t.cell(std::to_string(r.runs[i].out_of_period), "n");
            t.end_row();
        }
    }
    return o + "</body>\n</html>\n";
}

std::string format_vary_html(const VaryReport& r) {
    std::string o;
    const std::string unit = r.unit.empty() ? "" : " " + r.unit;
    open_page(o, r.account + ", " + r.month + ": monthly total by " + r.quantity);
    header(o, {{"price book", r.pricebook},
               {"accounts", r.accounts_path},
               {"usage", r.usage_path},
               {"account", r.account + (r.on_plan.empty() ? "" : " (on " + r.on_plan + ")")},
               {"month", r.month},
               {"quantity", r.quantity + (r.quantity_title.empty() ? "" : ": " + r.quantity_title)},
               {"range", r.from.to_string() + unit + " to " + r.to.to_string() + unit + ", step " +
                             r.step.to_string() + unit},
               {"currency", r.currency}});

    o += "<div class=\"chart\">\n" + chart_vary_svg(r) + "</div>\n";

    o += "<h2>Break-even points</h2>\n";
    if (r.breaks.empty()) {
        o += "<p class=\"note\">The cheapest plan does not change over the range.</p>\n";
    } else {
        Table t(o, {"up to", "cheapest", "total", "from", "cheapest", "total"});
        for (const BreakEven& b : r.breaks) {
            t.row();
            for (const Point* p : {&b.before, &b.at}) {
                t.cell(p->x.to_string() + unit, "n");
                t.cell(names(r.plans, p->cheapest));
                auto v = p->cheapest.empty() ? std::nullopt
                                             : total_at(p->totals, static_cast<std::size_t>(p->cheapest.front()));
                t.cell(v ? money_text(*v, r.money_places) : "n/a", "n");
            }
            t.end_row();
        }
    }
    o += "<h2>Cheapest over the range</h2>\n";
    {
        Table t(o, {"from", "to", "cheapest"});
        for (const Segment& s : r.segments) {
            t.row();
            t.cell(s.from.to_string() + unit, "n");
            t.cell(s.to.to_string() + unit, "n");
            t.cell(names(r.plans, s.cheapest));
            t.end_row();
        }
    }
    if (!r.never_cheapest.empty())
        o += "<p>Never cheapest over the range: " + esc(names(r.plans, r.never_cheapest)) + ".</p>\n";

    o += "<h2>Totals</h2>\n";
    {
        Table t(o, plan_heads({r.quantity + (r.unit.empty() ? "" : " (" + r.unit + ")")}, r.plans, {"cheapest"}));
        for (const Point& p : r.table) {
            t.row();
            t.cell(p.x.to_string(), "n");
            plan_cells(t, r.plans, p.totals, p.cheapest, r.money_places);
            t.cell(names(r.plans, p.cheapest));
            t.end_row();
        }
    }
    o += "<h2>Plans</h2>\n";
    plans_list(o, r.plans);
    return o + "</body>\n</html>\n";
}

}  // namespace tarifc::compare
