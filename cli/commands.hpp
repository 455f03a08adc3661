// The commands of the command line. Each is one file cli/NAME.cpp whose
// add_NAME declares its flags on a CLI11 subcommand and returns what runs
// it once the command line is parsed; cli/main.cpp lists them in a table.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace tarifc::cli {

using Runner = std::function<int()>;

// The flags of the commands that rate usage (eval, diff): the same names,
// help and checks for each; `Options` has the members they fill.
template <class Options>
void add_rating_inputs(CLI::App& c, Options& o) {
    c.add_option("--accounts", o.accounts_path, "accounts file (JSON)")->required();
    c.add_option("--usage", o.usage_path, "usage file (CSV)")->required();
    c.add_option("--from", o.from, "first month, YYYY-MM")->required();
    c.add_option("--to", o.to, "last month, YYYY-MM")->required();
}
inline void add_threads(CLI::App& c, int& threads) {
    c.add_option("--threads", threads, "rating workers, 1 to 256 (default: one per core)")->check(CLI::Range(1, 256));
}

Runner add_check(CLI::App& command);
Runner add_eval(CLI::App& command);
Runner add_diff(CLI::App& command);
Runner add_fmt(CLI::App& command);
Runner add_test(CLI::App& command);
Runner add_compare(CLI::App& command);

}  // namespace tarifc::cli
