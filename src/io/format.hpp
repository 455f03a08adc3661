// Formatting invoices: the JSON document of the contract, a table for
// people and CSV for spreadsheets. Pure functions of the evaluation result,
// so output is byte-identical for identical inputs.
#pragma once

#include <string>

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

}  // namespace tarifc
