// `tarifc diff`: the impact of a price change. The same accounts and usage
// rated under two price books (OLD and NEW), compared: revenue, accounts
// paying more or less, the biggest movers, per charge; and what changed in
// the price book itself. Guards for CI turn a too large change into exit 1.
#pragma once

#include <iosfwd>
#include <string>

#include "commands/command.hpp"

namespace tarifc {

enum class DiffFormat { Human, Markdown, Json };

struct DiffOptions {
    std::string before_path;  // OLD: a tariff file or folder
    std::string after_path;   // NEW
    std::string accounts_path;
    std::string usage_path;
    std::string from;  // YYYY-MM
    std::string to;    // YYYY-MM
    DiffFormat format = DiffFormat::Human;
    int top = 10;                        // accounts listed among the biggest increases (decreases)
    std::string fail_if_any_increase;    // PCT as written ("" : no guard)
    std::string fail_if_revenue_change;  // PCT as written ("" : no guard)
    int threads = 0;                     // rating workers, 1..256; 0: one per core
};

// The report to `out`; problems and tripped guards to `err`. Exit 0, 1 when
// a guard trips, 2 on trouble.
int run_diff(const DiffOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tarifc
