// The report as a table for the terminal (docs/cli.md, "tarifc diff").
#include <algorithm>

#include <fmt/format.h>

#include "diff/report.hpp"
#include "io/format.hpp"

namespace tarifc::diff {

namespace {

std::size_t width(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Rows of cells, the first column left-aligned, the others right-aligned, two spaces apart.
void table(std::string& out, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> w;
    for (const auto& r : rows)
        for (std::size_t i = 0; i < r.size(); ++i) {
            if (w.size() <= i) w.push_back(0);
            w[i] = std::max(w[i], width(r[i]));
        }
    for (const auto& r : rows) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i) {
            const std::string pad(w[i] - width(r[i]), ' ');
            line += "  " + (i == 0 ? r[i] + pad : pad + r[i]);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
}

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
