// The report as GitHub-flavoured Markdown, to post as a pull-request
// comment: a heading, the summary table, the top movers, the charges, the
// price book's changes (docs/cli.md, "tarifc diff").
#include <fmt/format.h>

#include "diff/report.hpp"
#include "io/format.hpp"

namespace tarifc::diff {

namespace {

// Text from the inputs made inert in a table cell: control characters as
// visible() writes them, Markdown's active characters escaped.
std::string md(const std::string& s) { return markdown_text(s); }

// In a code span backslashes are literal: a backtick becomes ', and a pipe
// is escaped for the table (GitHub reads \| in a cell's code span as |).
std::string code(const std::string& s) {
    std::string out = "`";
    for (char c : visible(s)) {
        if (c == '`') c = '\'';
        if (c == '|') out += '\\';
        out += c;
    }
    return out + "`";
}

void row(std::string& out, const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& c : cells) out += " " + c + " |";
    out += "\n";
}

// A header row; `right`: the columns from this one on are right-aligned.
void head(std::string& out, const std::vector<std::string>& cells, std::size_t right) {
    row(out, cells);
    out += "|";
    for (std::size_t i = 0; i < cells.size(); ++i) out += i < right ? "---|" : "---:|";
    out += "\n";
}

void movers(std::string& out, const std::string& title, const std::vector<AccountChange>& v, int places) {
    out += "\n#### " + title + "\n\n";
    if (v.empty()) {
        out += "None.\n";
        return;
    }
    head(out, {"account", "plan", "before", "after", "change", "%"}, 2);
    for (const auto& c : v)
        row(out, {md(c.id), md(c.plan), amount_text(c.before, places), amount_text(c.after, places),
                  change_text(c.change, places), percent_text(c.percent, c.change)});
}

}  // namespace

std::string format_markdown(const Report& r) {
    const int places = r.impact.money_places;
    std::string out = "## Price change impact\n\n";
    out += fmt::format("{} → {}, {} to {}: the same accounts and usage rated under both price books.\n",
                       code(r.before_path), code(r.after_path), r.from, r.to);
    for (const auto& ci : r.impact.currencies) {
        out += fmt::format("\n### Revenue ({})\n\n", ci.currency);
        head(out, {"before", "after", "change", "%", "pay more", "pay less", "same"}, 0);
        row(out, {amount_text(ci.before, places), amount_text(ci.after, places), change_text(ci.change, places),
                  percent_text(ci.percent, ci.change), std::to_string(ci.more), std::to_string(ci.less), std::to_string(ci.same)});
        movers(out, fmt::format("Biggest increases ({})", ci.currency), ci.increases, places);
        movers(out, fmt::format("Biggest decreases ({})", ci.currency), ci.decreases, places);
        out += fmt::format("\n#### By charge ({})\n\n", ci.currency);
        head(out, {"charge", "before", "after", "change", "%"}, 1);
        for (const auto& c : ci.charges)
            row(out, {code(c.charge), amount_text(c.before, places), amount_text(c.after, places),
                      change_text(c.change, places), charge_percent_text(c)});
    }
    if (!r.impact.switched.empty()) {
        out += "\n### Accounts billed in another currency (not compared)\n\n";
        head(out, {"account", "before", "after"}, 1);
        for (const auto& s : r.impact.switched)
            row(out, {md(s.id), amount_text(s.before, places) + " " + s.before_currency,
                      amount_text(s.after, places) + " " + s.after_currency});
    }
    out += "\n### Price book changes\n\n";
    if (r.changes.empty()) out += "None: the two price books price everything the same way.\n";
    for (const auto& c : r.changes) {
        std::string s = "- " + code(c.tariff) + " " + md(c.subject);
        if (!c.property.empty()) s += ", " + md(c.property);
        switch (c.kind) {
            case PlanChange::Kind::Changed: s += ": " + code(c.before) + " → " + code(c.after); break;
            case PlanChange::Kind::Added: s += ": **added**" + (c.after.empty() ? "" : " (" + code(c.after) + ")"); break;
            case PlanChange::Kind::Removed: s += ": **removed**" + (c.before.empty() ? "" : " (" + code(c.before) + ")"); break;
        }
        out += s + "\n";
    }
    out += fmt::format("\n<sub>rows before: {} rated, {} rejected, {} out of period; after: {} rated, {} rejected, {} out of period</sub>\n",
                       r.impact.before_rows.rated, r.impact.before_rows.rejected, r.impact.before_rows.out_of_period,
                       r.impact.after_rows.rated, r.impact.after_rows.rejected, r.impact.after_rows.out_of_period);
    return out;
}

}  // namespace tarifc::diff
