// `tarifc compare`: the plan advisor. Every account's usage rated under
// every plan of one price book, per account and month: each plan's total,
// the plan it is on, the cheapest and the saving (corpus mode); or, with
// --vary, one account's month re-priced while one input varies, with the
// exact break-even points (docs/cli.md, docs/choosing-a-plan.md).
#pragma once

#include <iosfwd>
#include <string>

#include "commands/command.hpp"

namespace tarifc {

enum class CompareFormat { Table, Json, Csv, Markdown, Html };

struct CompareOptions {
    std::string pricebook;   // a tariff file or folder: its plans are compared
    std::string accounts_path;
    std::string usage_path;
    std::string from;        // YYYY-MM
    std::string to;          // YYYY-MM
    CompareFormat format = CompareFormat::Table;
    std::string vary;        // QUANTITY=FROM..TO ("": corpus mode)
    std::string account;     // --account, with --vary
    std::string step;        // --step, with --vary
    std::string unit;        // --in, with --vary
    std::string where;       // --where COLUMN=TEXT, with --vary
    std::string chart;       // --chart FILE.svg ("-": the chart on standard output instead of the report)
    int threads = 0;         // rating workers, 1..256; 0: one per core
};

// The report to `out` (and the chart to its file); problems to `err`. Exit
// 0, or 2 on trouble.
int run_compare(const CompareOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tarifc
