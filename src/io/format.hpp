// Formatting invoices: the JSON document of the contract, a table for
// people and CSV for spreadsheets. Pure functions of the evaluation result,
// so output is byte-identical for identical inputs.
#pragma once

#include <string>
#include <string_view>

#include "eval/eval.hpp"

namespace tarifc {

struct FormatOptions {
    int money_places = 2;          // decimals printed for money
    std::string record_id_name;    // the JSON key of a rejection's id ("call_id")
    bool explain = false;
};

std::string format_json(const EvalResult& r, const FormatOptions& o);
std::string format_table(const EvalResult& r, const FormatOptions& o);
std::string format_csv(const EvalResult& r, const FormatOptions& o);
// One line for standard error: rows = rated + rejected + out of period.
std::string format_summary(const Summary& s);

// Text from the input files (ids, keys, reasons quoting a row) made safe to
// show on a terminal (the table, messages on standard error): a backslash
// is doubled; tab, newline and carriage return become \t, \n, \r; other
// control characters (C0, DEL) and bytes that are not UTF-8 become \xHH;
// C1 controls and the bidirectional overrides (U+202A-U+202E,
// U+2066-U+2069) become \uHHHH. Other text is unchanged (docs/cli.md).
std::string visible(std::string_view s);

}  // namespace tarifc
