// `tarifc eval`: rates usage through tariffs into invoices.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "commands/command.hpp"

namespace tarifc {

enum class EvalFormat { Table, Json, Csv };

struct EvalOptions {
    std::string tariff_path;
    std::string accounts_path;
    std::string usage_path;
    std::string from;  // YYYY-MM
    std::string to;    // YYYY-MM
    EvalFormat format = EvalFormat::Table;
    bool explain = false;
    std::vector<std::string> account_ids;  // --account: rate only these (empty: every account)
    int threads = 0;   // rating workers, 1..256; 0: one per core (the output is the same)
    // Row classes (src/eval/row_class.hpp): off only in tests and
    // measurements that compare the cached path with the uncached one.
    bool row_classes = true;
};

// Invoices to `out`; problems to `err`.
int run_eval(const EvalOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tarifc
