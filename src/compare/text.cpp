// tarifc compare's text formats, for both modes: table (the terminal),
// markdown (a pull-request comment or a page), csv (a spreadsheet), json
// (programs). Amounts with the price book's decimals (money_fixed); text from
// the inputs made visible (control characters escaped) or escaped for the
// format. docs/cli.md, "tarifc compare", shows each.
#include <fmt/format.h>

#include "base/money_text.hpp"
#include "compare/report.hpp"
#include "io/format.hpp"
#include "io/json_writer.hpp"
#include "io/text_table.hpp"

namespace tarifc::compare {

namespace {

// ---------------------------------------------------------------- shared

std::string amount(const std::optional<Decimal>& d, int places) { return d ? money_fixed(*d, places) : "n/a"; }

std::string plan_name(const std::vector<PlanInfo>& plans, int p) { return p < 0 ? "n/a" : plans[static_cast<std::size_t>(p)].name; }

// A cheapest set: "ccc-seat", or "ccc-payg = ccc-seat" for a tie.
std::string cheapest_text(const std::vector<PlanInfo>& plans, const std::vector<int>& set) {
    if (set.empty()) return "n/a";
    std::string s;
    for (int p : set) s += (s.empty() ? "" : " = ") + plan_name(plans, p);
    return s;
}

std::string x_text(const VaryReport& r, const Decimal& x) { return x.to_string() + (r.unit.empty() ? "" : " " + r.unit); }

std::string totals_text(const VaryReport& r, const Point& pt) {
    std::string s;
    for (std::size_t p = 0; p < r.plans.size(); ++p)
        s += fmt::format("{}{} {}", s.empty() ? "" : ", ", r.plans[p].name, amount(pt.totals[p], r.money_places));
    return s;
}

std::string rows_text(const Summary& s) {
    return fmt::format("{} rows: {} rated, {} rejected, {} out of period", s.rows, s.rated, s.rejected, s.out_of_period);
}

std::string range_text(const VaryReport& r) {
    return fmt::format("{} from {} to {} (step {})", r.quantity_title, r.from.to_string(), x_text(r, r.to), x_text(r, r.step));
}

// Markdown cell text: control characters made visible, active characters escaped.
std::string md(const std::string& s) { return markdown_text(s); }

void md_row(std::string& out, const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& c : cells) out += " " + c + " |";
    out += "\n";
}

// A header row and its alignment row: the first `left` columns and the last
// `left_last` left-aligned (text), the others right-aligned (amounts).
void md_head(std::string& out, const std::vector<std::string>& cells, std::size_t left, std::size_t left_last = 0) {
    md_row(out, cells);
    out += "|";
    for (std::size_t i = 0; i < cells.size(); ++i) out += i < left || i + left_last >= cells.size() ? "---|" : "---:|";
    out += "\n";
}

void csv_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        csv_field(out, cells[i]);
    }
    out += '\n';
}

void json_amount(JsonWriter& w, const std::optional<Decimal>& d, int places) {
    if (d)
        w.string(money_fixed(*d, places));
    else
        w.raw("null");
}

void json_totals(JsonWriter& w, const std::vector<PlanInfo>& plans, const std::vector<std::optional<Decimal>>& t, int places) {
    w.key("totals").begin_object();
    for (std::size_t p = 0; p < plans.size(); ++p) {
        w.key(plans[p].name);
        json_amount(w, t[p], places);
    }
    w.end_object();
}

void json_plans(JsonWriter& w, const std::vector<PlanInfo>& plans) {
    w.key("plans").begin_array();
    for (const auto& p : plans) {
        w.set_compact(true);
        w.begin_object().key("name").string(p.name).key("title").string(p.title).key("currency").string(p.currency).end_object();
        w.set_compact(false);
    }
    w.end_array();
}

void json_set(JsonWriter& w, const std::vector<PlanInfo>& plans, const std::vector<int>& set) {
    w.begin_array();
    for (int p : set) w.string(plan_name(plans, p));
    w.end_array();
}

// The per-plan amount columns of a comparison row.
std::vector<std::string> comparison_cells(const Comparison& c, int places) {
    std::vector<std::string> cells;
    for (const auto& t : c.totals) cells.push_back(amount(t, places));
    return cells;
}

void unpriceable_table(std::string& out, const CorpusReport& r) {
    if (r.unpriceable.empty()) return;
    out += "\nCannot be priced under another plan (n/a above)\n";
    for (const auto& u : r.unpriceable)
        out += fmt::format("  {} under {}: {}\n", visible(u.account), plan_name(r.plans, u.plan), visible(u.reason));
}

void unpriceable_list(std::string& out, const CorpusReport& r) {
    if (r.unpriceable.empty()) return;
    out += "\n### Cannot be priced under another plan\n\n";
    for (const auto& u : r.unpriceable)
        out += fmt::format("- {} under {}: {}\n", md(u.account), md(plan_name(r.plans, u.plan)), md(u.reason));
}

// The summary table of one currency, unescaped: what all compared accounts
// pay on their own plans and on each plan of that currency.
std::vector<std::vector<std::string>> summary_rows(const CorpusReport& r, const CurrencySummary& s) {
    std::vector<std::vector<std::string>> rows{{"", "cheapest for", "all accounts on it"}};
    rows.push_back({"their own plans", "", money_fixed(s.current, r.money_places)});
    for (std::size_t p = 0; p < r.plans.size(); ++p)
        if (r.plans[p].currency == s.currency)
            rows.push_back({r.plans[p].name, std::to_string(s.cheapest[p]), money_fixed(s.totals[p], r.money_places)});
    return rows;
}

// The per-account table (over the period) or the per-account-and-month one,
// header first, unescaped: the table and Markdown formats escape each cell
// their own way.
std::vector<std::vector<std::string>> comparison_rows(const CorpusReport& r, bool by_month) {
    std::vector<std::string> head{"account", "on"};
    if (by_month) head.insert(head.begin() + 1, "month");
    for (const auto& p : r.plans) head.push_back(p.name);
    head.insert(head.end(), {"cheapest", "saving"});
    std::vector<std::vector<std::string>> rows{head};
    auto add = [&](const Comparison& c, const std::string* month) {
        std::vector<std::string> row{c.account};
        if (month) row.push_back(*month);
        row.push_back(c.on_plan);
        for (auto& cell : comparison_cells(c, r.money_places)) row.push_back(cell);
        row.push_back(plan_name(r.plans, c.cheapest));
        row.push_back(money_fixed(c.saving, r.money_places));
        rows.push_back(std::move(row));
    };
    if (by_month)
        for (const auto& m : r.months) {
            const std::string month = format_year_month(m.period);
            add(m, &month);
        }
    else
        for (const auto& c : r.accounts) add(c, nullptr);
    return rows;
}

// Rows through `escape`, cell by cell.
template <class F>
std::vector<std::vector<std::string>> escaped(std::vector<std::vector<std::string>> rows, F escape) {
    for (auto& row : rows)
        for (auto& cell : row) cell = escape(cell);
    return rows;
}

void md_table(std::string& out, const std::vector<std::vector<std::string>>& rows, std::size_t left,
              std::size_t left_last = 0) {
    md_head(out, rows.front(), left, left_last);
    for (std::size_t i = 1; i < rows.size(); ++i) md_row(out, rows[i]);
}

// The vary report's table of totals, header first, unescaped.
std::vector<std::vector<std::string>> totals_rows(const VaryReport& r) {
    std::vector<std::string> head{r.unit.empty() ? r.quantity : fmt::format("{} ({})", r.quantity, r.unit)};
    for (const auto& p : r.plans) head.push_back(p.name);
    head.push_back("cheapest");
    std::vector<std::vector<std::string>> rows{head};
    for (const auto& pt : r.table) {
        std::vector<std::string> row{pt.x.to_string()};
        for (const auto& t : pt.totals) row.push_back(amount(t, r.money_places));
        row.push_back(cheapest_text(r.plans, pt.cheapest));
        rows.push_back(std::move(row));
    }
    return rows;
}

// The plans never cheapest over the range, unescaped: "a, b" or "none".
std::string never_text(const VaryReport& r) {
    std::string never;
    for (int p : r.never_cheapest) never += (never.empty() ? "" : ", ") + plan_name(r.plans, p);
    return never.empty() ? "none" : never;
}

}  // namespace

// ---------------------------------------------------------------- corpus

std::string format_corpus_table(const CorpusReport& r) {
    const int places = r.money_places;
    std::string out = fmt::format("Plan comparison: {}, {} to {}: every account rated under every plan\n", visible(r.pricebook),
                                  r.from, r.to);
    for (std::size_t p = 0; p < r.plans.size(); ++p)
        out += fmt::format("  {}: {} ({}); {}\n", r.plans[p].name, visible(r.plans[p].title), r.plans[p].currency, rows_text(r.runs[p]));
    for (const auto& s : r.summary) {
        out += fmt::format("\nSummary ({})\n", s.currency);
        out += fmt::format("  {} account{} compared; {} would save by switching, {} {} in all\n", s.accounts,
                           s.accounts == 1 ? "" : "s", s.would_save, money_fixed(s.saving, places), s.currency);
        const auto rows = summary_rows(r, s);
        text_table(out, rows);
        if (!r.unpriceable.empty()) out += "  (a plan's total leaves out the accounts it cannot price, below)\n";
    }
    out += fmt::format("\nPer account, {} to {}\n", r.from, r.to);
    text_table(out, escaped(comparison_rows(r, false), visible));
    if (r.from != r.to) {
        out += "\nPer account and month\n";
        text_table(out, escaped(comparison_rows(r, true), visible));
    }
    unpriceable_table(out, r);
    return out;
}

std::string format_corpus_markdown(const CorpusReport& r) {
    const int places = r.money_places;
    std::string out = "## Plan comparison\n\n";
    out += fmt::format("`{}`, {} to {}: every account rated under every plan.\n\n", visible(r.pricebook), r.from, r.to);
    md_head(out, {"plan", "title", "currency", "rows"}, 3);
    for (std::size_t p = 0; p < r.plans.size(); ++p)
        md_row(out, {md(r.plans[p].name), md(r.plans[p].title), r.plans[p].currency, md(rows_text(r.runs[p]))});
    for (const auto& s : r.summary) {
        out += fmt::format("\n### Summary ({})\n\n", s.currency);
        out += fmt::format("{} account{} compared; **{} would save by switching**, {} {} in all.\n\n", s.accounts,
                           s.accounts == 1 ? "" : "s", s.would_save, money_fixed(s.saving, places), s.currency);
        md_table(out, escaped(summary_rows(r, s), md), 1);
        if (!r.unpriceable.empty()) out += "\nA plan's total leaves out the accounts it cannot price (below).\n";
    }
    out += fmt::format("\n### Per account, {} to {}\n\n", r.from, r.to);
    md_table(out, escaped(comparison_rows(r, false), md), 2);
    if (r.from != r.to) {
        out += "\n### Per account and month\n\n";
        md_table(out, escaped(comparison_rows(r, true), md), 3);
    }
    unpriceable_list(out, r);
    return out;
}

std::string format_corpus_csv(const CorpusReport& r) {
    std::string out;
    std::vector<std::string> head{"account", "month", "on_plan"};
    for (const auto& p : r.plans) head.push_back(p.name);
    head.insert(head.end(), {"cheapest", "saving", "currency"});
    csv_row(out, head);
    for (const auto& m : r.months) {
        std::vector<std::string> row{m.account, format_year_month(m.period), m.on_plan};
        for (const auto& t : m.totals) row.push_back(t ? money_fixed(*t, r.money_places) : "");
        row.push_back(m.cheapest < 0 ? "" : plan_name(r.plans, m.cheapest));
        row.push_back(money_fixed(m.saving, r.money_places));
        row.push_back(m.currency);
        csv_row(out, row);
    }
    return out;
}

std::string format_corpus_json(const CorpusReport& r) {
    const int places = r.money_places;
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.key("pricebook").string(r.pricebook).key("accounts_file").string(r.accounts_path).key("usage_file").string(r.usage_path);
    w.key("from").string(r.from).key("to").string(r.to);
    json_plans(w, r.plans);
    w.key("summary").begin_array();
    for (const auto& s : r.summary) {
        w.begin_object().key("currency").string(s.currency).key("accounts").number(static_cast<long long>(s.accounts));
        w.key("would_save").number(static_cast<long long>(s.would_save)).key("saving").string(money_fixed(s.saving, places));
        w.key("on_own_plans").string(money_fixed(s.current, places));
        w.key("plans").begin_array();
        for (std::size_t p = 0; p < r.plans.size(); ++p) {
            if (r.plans[p].currency != s.currency) continue;
            w.set_compact(true);
            w.begin_object().key("plan").string(r.plans[p].name).key("cheapest_for").number(static_cast<long long>(s.cheapest[p]));
            w.key("all_accounts_on_it").string(money_fixed(s.totals[p], places)).end_object();
            w.set_compact(false);
        }
        w.end_array().end_object();
    }
    w.end_array();
    w.key("accounts").begin_array();
    std::size_t m = 0;
    for (const auto& c : r.accounts) {
        w.begin_object().key("account").string(c.account).key("on_plan").string(c.on_plan).key("currency").string(c.currency);
        json_totals(w, r.plans, c.totals, places);
        w.key("cheapest");
        if (c.cheapest < 0)
            w.raw("null");
        else
            w.string(plan_name(r.plans, c.cheapest));
        w.key("saving").string(money_fixed(c.saving, places));
        w.key("months").begin_array();
        for (; m < r.months.size() && r.months[m].account == c.account; ++m) {
            const auto& row = r.months[m];
            w.set_compact(true);
            w.begin_object().key("month").string(format_year_month(row.period));
            json_totals(w, r.plans, row.totals, places);
            w.key("cheapest");
            if (row.cheapest < 0)
                w.raw("null");
            else
                w.string(plan_name(r.plans, row.cheapest));
            w.key("saving").string(money_fixed(row.saving, places)).end_object();
            w.set_compact(false);
        }
        w.end_array().end_object();
    }
    w.end_array();
    w.key("unpriceable").begin_array();
    for (const auto& u : r.unpriceable) {
        w.set_compact(true);
        w.begin_object().key("account").string(u.account).key("plan").string(plan_name(r.plans, u.plan)).key("reason").string(u.reason);
        w.end_object();
        w.set_compact(false);
    }
    w.end_array();
    w.key("rows").begin_object();
    for (std::size_t p = 0; p < r.plans.size(); ++p) {
        const Summary& s = r.runs[p];
        w.set_compact(true);
        w.key(r.plans[p].name).begin_object().key("rows").number(static_cast<long long>(s.rows));
        w.key("rated").number(static_cast<long long>(s.rated)).key("rejected").number(static_cast<long long>(s.rejected));
        w.key("out_of_period").number(static_cast<long long>(s.out_of_period)).end_object();
        w.set_compact(false);
    }
    w.end_object();
    w.end_object();
    out += "\n";
    return out;
}

// ---------------------------------------------------------------- vary

std::string format_vary_table(const VaryReport& r) {
    std::string out = fmt::format("Break-even: account {} ({}), {}, under {}\n", visible(r.account), r.on_plan, r.month,
                                  visible(r.pricebook));
    out += fmt::format("  {}\n", range_text(r));
    for (const auto& p : r.plans) out += fmt::format("  {}: {} ({})\n", p.name, visible(p.title), p.currency);
    out += "\nBreak-even points\n";
    if (r.breaks.empty()) out += "  none: the cheapest plan is the same over the whole range\n";
    for (const auto& b : r.breaks) {
        out += fmt::format("  {} -> {}: {} -> {}\n", x_text(r, b.before.x), x_text(r, b.at.x), cheapest_text(r.plans, b.before.cheapest),
                           cheapest_text(r.plans, b.at.cheapest));
        out += fmt::format("    at {}: {}\n", x_text(r, b.before.x), totals_text(r, b.before));
        out += fmt::format("    at {}: {}\n", x_text(r, b.at.x), totals_text(r, b.at));
    }
    out += "\nCheapest over the range\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : r.segments)
        rows.push_back({s.from == s.to ? x_text(r, s.from) : fmt::format("{} .. {}", s.from.to_string(), x_text(r, s.to)),
                        cheapest_text(r.plans, s.cheapest)});
    text_table(out, rows);
    out += fmt::format("  never cheapest: {}\n", never_text(r));
    out += fmt::format("\nMonthly total ({})\n", r.currency);
    text_table(out, escaped(totals_rows(r), visible));
    if (!r.notes.empty()) {
        out += "\nNotes\n";
        for (const auto& n : r.notes) out += "  " + visible(n) + "\n";
    }
    return out;
}

std::string format_vary_markdown(const VaryReport& r) {
    std::string out = "## Break-even\n\n";
    out += fmt::format("Account {} (on {}), {}, under `{}`: {}.\n\n", md(r.account), md(r.on_plan), r.month, visible(r.pricebook),
                       md(range_text(r)));
    out += "### Break-even points\n\n";
    if (r.breaks.empty()) out += "None: the cheapest plan is the same over the whole range.\n";
    for (const auto& b : r.breaks)
        out += fmt::format("- **{} → {}**: {} → {} (at {}: {}; at {}: {})\n", md(x_text(r, b.before.x)), md(x_text(r, b.at.x)),
                           md(cheapest_text(r.plans, b.before.cheapest)), md(cheapest_text(r.plans, b.at.cheapest)),
                           md(x_text(r, b.before.x)), md(totals_text(r, b.before)), md(x_text(r, b.at.x)), md(totals_text(r, b.at)));
    out += "\n### Cheapest over the range\n\n";
    md_head(out, {"from", "to", "cheapest"}, 0, 1);
    for (const auto& s : r.segments) md_row(out, {md(x_text(r, s.from)), md(x_text(r, s.to)), md(cheapest_text(r.plans, s.cheapest))});
    out += fmt::format("\nNever cheapest: {}.\n", md(never_text(r)));
    out += fmt::format("\n### Monthly total ({})\n\n", r.currency);
    md_table(out, escaped(totals_rows(r), md), 0, 1);
    if (!r.notes.empty()) {
        out += "\n### Notes\n\n";
        for (const auto& n : r.notes) out += "- " + md(n) + "\n";
    }
    return out;
}

std::string format_vary_csv(const VaryReport& r) {
    std::string out;
    std::vector<std::string> head{r.quantity, "unit"};
    for (const auto& p : r.plans) head.push_back(p.name);
    head.insert(head.end(), {"cheapest", "currency"});
    csv_row(out, head);
    for (const auto& pt : r.table) {
        std::vector<std::string> row{pt.x.to_string(), r.unit};
        for (const auto& t : pt.totals) row.push_back(t ? money_fixed(*t, r.money_places) : "");
        std::string set;
        for (int p : pt.cheapest) set += (set.empty() ? "" : " ") + plan_name(r.plans, p);
        row.push_back(set);
        row.push_back(r.currency);
        csv_row(out, row);
    }
    return out;
}

std::string format_vary_json(const VaryReport& r) {
    const int places = r.money_places;
    std::string out;
    JsonWriter w(out);
    auto point = [&](const Point& pt) {
        w.set_compact(true);
        w.begin_object().key("x").string(pt.x.to_string());
        json_totals(w, r.plans, pt.totals, places);
        w.key("cheapest");
        json_set(w, r.plans, pt.cheapest);
        w.end_object();
        w.set_compact(false);
    };
    w.begin_object();
    w.key("pricebook").string(r.pricebook).key("accounts_file").string(r.accounts_path).key("usage_file").string(r.usage_path);
    w.key("account").string(r.account).key("on_plan").string(r.on_plan).key("month").string(r.month);
    w.key("quantity").string(r.quantity).key("quantity_title").string(r.quantity_title).key("unit").string(r.unit);
    w.key("from").string(r.from.to_string()).key("to").string(r.to.to_string()).key("step").string(r.step.to_string());
    w.key("currency").string(r.currency);
    json_plans(w, r.plans);
    w.key("break_evens").begin_array();
    for (const auto& b : r.breaks) {
        w.begin_object().key("before");
        point(b.before);
        w.key("at");
        point(b.at);
        w.end_object();
    }
    w.end_array();
    w.key("segments").begin_array();
    for (const auto& s : r.segments) {
        w.set_compact(true);
        w.begin_object().key("from").string(s.from.to_string()).key("to").string(s.to.to_string()).key("cheapest");
        json_set(w, r.plans, s.cheapest);
        w.end_object();
        w.set_compact(false);
    }
    w.end_array();
    w.key("never_cheapest");
    json_set(w, r.plans, r.never_cheapest);
    w.key("table").begin_array();
    for (const auto& pt : r.table) point(pt);
    w.end_array();
    w.key("curve").begin_array();
    for (const auto& pt : r.curve) point(pt);
    w.end_array();
    w.key("notes").begin_array();
    for (const auto& n : r.notes) w.string(n);
    w.end_array();
    w.end_object();
    out += "\n";
    return out;
}

}  // namespace tarifc::compare
