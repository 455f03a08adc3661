// The steps every command that rates usage shares (eval, test, diff): the
// period from the command line, the checked tariffs, the accounts and the
// usage file, each reporting its problems as diagnostics on `err`.
//
//   parse_period -> load_checked_tariffs -> open_rating_inputs -> evaluate
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "base/civil_time.hpp"
#include "eval/eval.hpp"
#include "io/accounts.hpp"
#include "io/usage_reader.hpp"
#include "plan/plan.hpp"
#include "syntax/load.hpp"

namespace tarifc {

// --from and --to (YYYY-MM, at most 1200 months). False: E0901 told on `err`.
bool parse_period(const std::string& from, const std::string& to, YearMonth& first, YearMonth& last,
                  std::ostream& err);

// Loads and checks the tariff file or folder at `path`. False when it cannot
// be read, has errors (each told on `err`, then a line saying nothing was
// rated) or holds no tariff (E0904); the caller's status is kExitTrouble.
// Warnings are not told (run `tarifc check` for them). The plans' source
// ranges point into `ws`: keep it as long as the plans.
bool load_checked_tariffs(const std::string& path, Workspace& ws, std::vector<plan::Tariff>& tariffs,
                          std::ostream& err);

// Opens the accounts file (checked against `tariffs`) and the usage file.
// False: the problem told on `err`; the caller's status is kExitTrouble.
bool open_rating_inputs(const std::string& accounts_path, const std::string& usage_path,
                        const std::vector<plan::Tariff>& tariffs, AccountsFile& accounts, UsageReader& usage,
                        std::ostream& err);

// Rating workers for --threads N: N, or one per core (1..256) for 0.
int rating_threads(int requested);

}  // namespace tarifc
