// The one place that chains the stages: load+parse -> check -> evaluate ->
// format. The command-line front end (cli/main.cpp) only fills these
// options and calls these functions; tests call them too.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace tarifc {

// Exit statuses shared by every subcommand (docs/cli.md). Every problem is
// a Diagnostic (syntax/diagnostic.hpp) printed by its one renderer.
inline constexpr int kExitClean = 0;     // no findings
inline constexpr int kExitFindings = 1;  // check errors (or warnings with --deny-warnings)
inline constexpr int kExitTrouble = 2;   // bad usage, unreadable or invalid input (E07xx-E09xx),
                                         // out of memory, internal error

enum class OutputFormat { Human, Json, Csv };

struct CheckOptions {
    std::vector<std::string> paths;
    OutputFormat format = OutputFormat::Human;
    bool deny_warnings = false;
};

// `tarifc check`: diagnostics to `err` (human) or a JSON document to `out`.
int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err);

struct EvalOptions {
    std::string tariff_path;
    std::string accounts_path;
    std::string usage_path;
    std::string from;  // YYYY-MM
    std::string to;    // YYYY-MM
    OutputFormat format = OutputFormat::Human;  // Human = table
    bool explain = false;
    int threads = 0;   // rating workers, 1..256; 0: one per core (the output is the same)
};

// `tarifc eval`: invoices to `out`; problems to `err`.
int run_eval(const EvalOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tarifc
