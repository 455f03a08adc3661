// The report as a table for the terminal (docs/cli.md, "tarifc diff").
#include <algorithm>

#include <fmt/format.h>

#include "diff/report.hpp"
#include "io/format.hpp"
#include "io/text_table.hpp"

namespace tarifc::diff {

namespace {

void table(std::string& out, const std::vector<std::vector<std::string>>& rows) { text_table(out, rows); }

std::string rows_text(const Summary& s) {
    return fmt::format("{} rows: {} rated, {} rejected, {} out of period", s.rows, s.rated, s.rejected, s.out_of_period);
}

void movers(std::string& out, const char* title, const std::vector<AccountChange>& v, int places) {
    out += fmt::format("\n{}\n", title);
    if (v.empty()) {
        out += "  none\n";
        return;
    }
    std::vector<std::vector<std::string>> rows{{"account", "plan", "before", "after", "change", "%"}};
    for (const auto& c : v)
        rows.push_back({visible(c.id), c.plan, amount_text(c.before, places), amount_text(c.after, places),
                        change_text(c.change, places), percent_text(c.percent, c.change)});
    table(out, rows);
}

}  // namespace

std::string format_human(const Report& r) {
    const int places = r.impact.money_places;
    std::string out = fmt::format("Price change {} -> {}, {} to {}\n", visible(r.before_path), visible(r.after_path), r.from, r.to);
    out += "  before: " + rows_text(r.impact.before_rows) + "\n";
    out += "  after:  " + rows_text(r.impact.after_rows) + "\n";
    for (const auto& ci : r.impact.currencies) {
        out += fmt::format("\nRevenue ({})\n", ci.currency);
        table(out, {{"before", amount_text(ci.before, places)},
                    {"after", amount_text(ci.after, places)},
                    {"change", change_text(ci.change, places)},
                    {"change %", percent_text(ci.percent, ci.change)}});
        out += fmt::format("  accounts: {} pay more, {} pay less, {} the same (of {})\n", ci.more, ci.less, ci.same,
                           ci.accounts);
        movers(out, fmt::format("Biggest increases ({})", ci.currency).c_str(), ci.increases, places);
        movers(out, fmt::format("Biggest decreases ({})", ci.currency).c_str(), ci.decreases, places);
        out += fmt::format("\nBy charge ({})\n", ci.currency);
        std::vector<std::vector<std::string>> rows{{"charge", "before", "after", "change", "%"}};
        for (const auto& c : ci.charges)
            rows.push_back({c.charge, amount_text(c.before, places), amount_text(c.after, places),
                            change_text(c.change, places), charge_percent_text(c)});
        table(out, rows);
    }
    if (!r.impact.switched.empty()) {
        out += "\nAccounts billed in another currency (not compared)\n";
        std::vector<std::vector<std::string>> rows{{"account", "before", "after"}};
        for (const auto& s : r.impact.switched)
            rows.push_back({visible(s.id), amount_text(s.before, places) + " " + s.before_currency,
                            amount_text(s.after, places) + " " + s.after_currency});
        table(out, rows);
    }
    out += "\nPrice book changes\n";
    if (r.changes.empty()) out += "  none: the two price books price everything the same way\n";
    for (const auto& c : r.changes) out += "  " + change_line(c) + "\n";
    return out;
}

}  // namespace tarifc::diff
