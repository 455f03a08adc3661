// The accounts file (JSON), validated against the account fields each
// tariff declares. The first problem stops the run: a diagnostic (E07xx,
// docs/diagnostics.md) at the value's line and column whose message names
// the account and the field (docs/cli.md, exit status 2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "plan/plan.hpp"
#include "base/string_index.hpp"
#include "syntax/diagnostic.hpp"

namespace tarifc {

// One entry of an account list (a number, a pack purchase, a SIP line).
struct EntityData {
    std::vector<Decimal> values;      // per field of the list: Number/Bool/Enum/Date/Pack as a value
    std::vector<std::string> texts;   // per field: Text fields' text ("" otherwise)
    std::vector<bool> present;        // per field: given in the file (or defaulted)
};

struct AccountData {
    std::string id;
    std::string plan;                 // the tariff's name
    int tariff = -1;                  // index into the tariffs passed to load_accounts
    std::vector<Decimal> values;      // per account field (scalars; lists stay zero)
    std::vector<std::string> texts;
    std::vector<bool> present;
    std::vector<std::vector<EntityData>> lists;   // per Inputs::lists entry
    std::vector<StringIndex> list_keys;           // per list: key text -> entry index
    uint32_t line = 0, column = 0;                // where the account's object starts in the file
};

struct AccountsFile {
    std::string path;                   // as given (the name, for parse_accounts), for messages
    std::vector<AccountData> accounts;  // sorted by id
    StringIndex by_id;                  // id -> index into accounts
};

// Reads and validates `path`. On failure returns false and sets `error`,
// e.g. accounts.json:4:16: error[E0705]: account "acme": field "seats":
// expected a JSON integer, got 12.5 (E0902 when the file cannot be read).
// Numbers are read from their JSON text, never through a binary
// floating-point number. `tariffs` are the plans an account may name.
bool load_accounts(const std::string& path, const std::vector<const plan::Tariff*>& tariffs,
                   AccountsFile& out, Diagnostic& error);

// The same from text already in memory (for tests); `name` is the path in
// the diagnostic.
bool parse_accounts(std::string_view text, std::string_view name,
                    const std::vector<const plan::Tariff*>& tariffs, AccountsFile& out,
                    Diagnostic& error);

}  // namespace tarifc
