// The plan advisor's two runs (tarifc compare): every account under every
// plan of a price book (run_corpus), or one account's month while one input
// varies, with the exact break-evens (run_vary). Both rate with evaluate()
// exactly as `tarifc eval` does, the accounts read as each plan in turn
// (AccountsOptions::as_plan). The report types and formats: report.hpp.
#pragma once

#include <string>
#include <vector>

#include "compare/report.hpp"
#include "plan/plan.hpp"
#include "syntax/diagnostic.hpp"

namespace tarifc::compare {

struct Inputs {
    std::string pricebook;                            // as given, for the report
    const std::vector<plan::Tariff>* tariffs = nullptr;  // checked
    std::string accounts_path, usage_path;
    YearMonth from{}, to{};
    int threads = 1;
};

// False on trouble (`problem`): an input that cannot be read or rated, a
// sum too large to represent (E0804).
bool run_corpus(const Inputs& in, CorpusReport& report, Diagnostic& problem);

struct VaryRequest {
    std::string account;   // --account ("" : the file's only account)
    std::string spec;      // --vary QUANTITY=FROM..TO
    std::string step;      // --step ("" : 1, or the finest decimal of FROM and TO)
    std::string unit;      // --in ("" : the field's own unit)
    std::string where;     // --where COLUMN=TEXT: a usage QUANTITY set only in the rows whose COLUMN is TEXT
};

// One month (in.from == in.to). False on trouble (`problem`): a QUANTITY
// that names no numeric field, a range that does not fit it (E0901), or
// what run_corpus reports.
bool run_vary(const Inputs& in, const VaryRequest& rq, VaryReport& report, Diagnostic& problem);

}  // namespace tarifc::compare
