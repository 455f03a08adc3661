#include "commands/rating.hpp"

#include <algorithm>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "check/check.hpp"
#include "commands/command.hpp"

namespace tarifc {

bool parse_period(const std::string& from_text, const std::string& to_text, YearMonth& first, YearMonth& last,
                  std::ostream& err) {
    auto from = parse_year_month(from_text);
    auto to = parse_year_month(to_text);
    if (!from || !to) {
        trouble(err, "E0901", {}, "--from and --to are months written YYYY-MM, e.g. 2019-07");
        return false;
    }
    if (*to < *from) {
        trouble(err, "E0901", {}, fmt::format("--to {} is before --from {}", to_text, from_text));
        return false;
    }
    if (to->index() - from->index() >= 1200) {
        trouble(err, "E0901", {}, "at most 100 years (1200 months) in one run");
        return false;
    }
    first = *from;
    last = *to;
    return true;
}

bool load_checked_tariffs(const std::string& path, Workspace& ws, std::vector<plan::Tariff>& tariffs,
                          std::ostream& err) {
    // The tariffs must be sound before any data is read.
    Diagnostics diags;
    if (!load_workspace({path}, ws, diags)) {
        for (const auto& d : diags.all()) err << render_human(d);
        return false;
    }
    tariffs = check_workspace(ws, diags);
    diags.sort_and_dedupe();
    if (diags.has_errors()) {
        for (const auto& d : diags.all())
            if (d.severity == Severity::Error) err << render_human(d) << "\n";
        err << fmt::format("tarifc: {} has {} error{}; nothing was rated\n", path, diags.error_count(),
                           diags.error_count() == 1 ? "" : "s");
        return false;
    }
    if (tariffs.empty()) {
        trouble(err, "E0904", {path}, "holds no tariff (only shared files)");
        return false;
    }
    return true;
}

bool open_rating_inputs(const std::string& accounts_path, const std::string& usage_path,
                        const std::vector<plan::Tariff>& tariffs, AccountsFile& accounts, UsageReader& usage,
                        std::ostream& err) {
    std::vector<const plan::Tariff*> plans;
    for (const auto& t : tariffs) plans.push_back(&t);
    Diagnostic problem;
    if (!load_accounts(accounts_path, plans, accounts, problem) || !usage.open(usage_path, problem)) {
        trouble(err, problem);
        return false;
    }
    return true;
}

int rating_threads(int requested) {
    return requested > 0 ? requested
                         : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 256u));
}

}  // namespace tarifc
