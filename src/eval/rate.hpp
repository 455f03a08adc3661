// Rating one usage row: it ends rejected (line and reason), out of period,
// or added to its account's meters (and held if packs may absorb it).
//
//   rate_row(request, state, worker, line, account, fields)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/key_set.hpp"
#include "base/string_index.hpp"
#include "eval/aggregate.hpp"
#include "eval/eval.hpp"
#include "eval/packs.hpp"
#include "eval/state.hpp"
#include "syntax/diagnostic.hpp"

namespace tarifc::rating {

// An amount past what a Decimal holds stops the run (docs/diagnostics.md).
inline constexpr const char* kTooLarge = "E0804";
inline constexpr const char* kDivisionByZero = "E0805";

// What one rating thread owns while rows stream; merged by the pipeline.
struct WorkerState {
    std::vector<Rejection> rejected;
    Summary summary;             // rated, rejected, out of period
    std::vector<HeldRow> held;
    std::vector<Decimal> held_big;   // held quantities too large for a tally
    // Ids seen per account, in one set keyed by the account's index and
    // the id text (one table grows far less often than thousands of small ones).
    KeySet seen_ids;
    std::string id_key;          // scratch: the key being looked up
    std::string ref_key;         // scratch: the row's reference key (ref_hash)
    std::vector<Decimal> record, lets;  // scratch: the row's values
    AggregateScratch aggregates;  // time-weighted rows, distinct values
    // A problem that stops the run, and its rank among the workers'
    // problems: the usage line, or for a pack draw-down kDrawRank plus the
    // account. The pipeline reports the lowest, which is the one a single
    // worker would have met first, so the message does not depend on the
    // number of workers.
    std::optional<Diagnostic> error;  // E0804
    uint64_t error_rank = 0;
    static constexpr uint64_t kDrawRank = uint64_t{1} << 62;
};

// The duplicate check's key (account index and id text) in `key`, hashed.
inline uint64_t id_hash(int32_t account, std::string_view id, std::string& key) {
    key.assign(reinterpret_cast<const char*>(&account), sizeof account);
    key.append(id);
    return StringIndex::hash(key);
}

// The same key, when its hash is known already (`h`, from id_hash; 0: not known).
inline uint64_t id_key(int32_t account, std::string_view id, std::string& key, uint64_t h) {
    if (h == 0) return id_hash(account, id, key);
    key.assign(reinterpret_cast<const char*>(&account), sizeof account);
    key.append(id);
    return h;
}

// Rates the row at `line` whose fields are `cols`, for `account` (its index,
// or -1 if the id is unknown); `id_hash_hint` is its duplicate key's hash
// if the caller has it (id_hash), else 0; `ref_hash_hint` likewise the hash of
// its reference key (ref_hash of the state's ref_field), else 0. Writes only `w` and `account`'s slots of `st`.
void rate_row(const EvalRequest& rq, RatingState& st, WorkerState& w, uint64_t line, int account,
              const std::vector<std::string_view>& cols, uint64_t id_hash_hint = 0, uint64_t ref_hash_hint = 0);

}  // namespace tarifc::rating
