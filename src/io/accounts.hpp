// The accounts file (JSON), validated against the account fields each
// tariff declares. The first problem stops the run: a diagnostic (E07xx,
// docs/diagnostics.md) at the value's line and column whose message names
// the account and the field (docs/cli.md, exit status 2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/decimal.hpp"
#include "plan/plan.hpp"
#include "base/string_index.hpp"
#include "syntax/diagnostic.hpp"

namespace tarifc {

// Per field of an account or entry: its text, kept only for the fields
// that have one (Text and Plan fields), "" for the others. An account or
// entry has a few texts among many fields: a string per field (32 bytes)
// was a third of the accounts' memory.
class FieldTexts {
public:
    const std::string& operator[](std::size_t field) const {
        for (const auto& [f, text] : items_)
            if (f == field) return text;
        return empty();
    }
    // Sets the field's text (empty: none).
    void set(std::size_t field, std::string text) {
        for (auto& [f, t] : items_)
            if (f == field) {
                t = std::move(text);
                return;
            }
        if (!text.empty()) items_.emplace_back(static_cast<uint32_t>(field), std::move(text));
    }
    void shrink_to_fit() { items_.shrink_to_fit(); }

private:
    static const std::string& empty() {
        static const std::string none;
        return none;
    }
    std::vector<std::pair<uint32_t, std::string>> items_;
};

// Per field: given in the file (or defaulted). Bits in place for up to 64
// fields (no allocation), then in `more_`.
class FieldFlags {
public:
    void assign(std::size_t fields) {
        first_ = 0;
        more_.assign(fields > 64 ? (fields - 1) / 64 : 0, 0);
    }
    bool operator[](std::size_t field) const { return (word(field) >> (field % 64)) & 1u; }
    void set(std::size_t field) {
        uint64_t& w = field < 64 ? first_ : more_.at(field / 64 - 1);
        w |= uint64_t{1} << (field % 64);
    }

private:
    uint64_t word(std::size_t field) const { return field < 64 ? first_ : more_.at(field / 64 - 1); }
    uint64_t first_ = 0;
    std::vector<uint64_t> more_;
};

// One entry of an account list (a number, a pack purchase, a SIP line).
struct EntityData {
    std::vector<Decimal> values;      // per field of the list: Number/Bool/Enum/Date/Pack as a value
    FieldTexts texts;                 // per field: Text fields' text ("" otherwise)
    FieldFlags present;               // per field: given in the file (or defaulted)
};

struct AccountData {
    std::string id;
    std::string plan;                 // the tariff's name
    int tariff = -1;                  // index into the tariffs passed to load_accounts
    std::vector<Decimal> values;      // per account field (scalars; lists stay zero)
    FieldTexts texts;
    FieldFlags present;
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

// How else to read the file (tarifc compare).
struct AccountsOptions {
    // Every account as if it named this plan (an index into `tariffs`),
    // after its own plan is found valid: the fields of other plans that this
    // one does not declare are not read, the ones it declares and the
    // account lacks take their defaults. An account that cannot be priced
    // so (a field this plan needs is missing or does not fit) is left out
    // and told in `skipped` (id, problem) instead of stopping the run.
    int as_plan = -1;
    std::vector<std::pair<std::string, Diagnostic>>* skipped = nullptr;
};
bool load_accounts(const std::string& path, const std::vector<const plan::Tariff*>& tariffs,
                   const AccountsOptions& options, AccountsFile& out, Diagnostic& error);
bool parse_accounts(std::string_view text, std::string_view name, const std::vector<const plan::Tariff*>& tariffs,
                    const AccountsOptions& options, AccountsFile& out, Diagnostic& error);

// The same from text already in memory (for tests); `name` is the path in
// the diagnostic.
bool parse_accounts(std::string_view text, std::string_view name,
                    const std::vector<const plan::Tariff*>& tariffs, AccountsFile& out,
                    Diagnostic& error);

}  // namespace tarifc
