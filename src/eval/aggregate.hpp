// The meters' aggregates beyond sum and count (docs/language.md
// "Aggregates"): what a row adds, what the end of rating computes, what
// --explain says. One row of a table per aggregate (aggregate.cpp).
//
// A meter's value is its slot of the month's block, as for sum. Each
// aggregate meter has two more slots per group (AccountSlots::aux_offsets):
// aux[0] the rows it took, aux[1] the time of its value (max, min, last),
// the sum (average) or the value-seconds (time-weighted average).
//
// An account is rated by one worker, and each aggregate's result depends
// only on the set of its rows, never on their order (ties are broken by
// value, then by time), so results do not depend on the thread count.
//
//   aggregate_row(...)      adds one row to an aggregate meter
//   finish_aggregates(...)  averages and time-weighted averages, once every row is in
//   aggregate_explain(...)  the --explain line of a charge on such a meter
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/string_index.hpp"
#include "eval/eval.hpp"
#include "plan/plan.hpp"

namespace tarifc::rating {

struct RatingState;
struct AccountSlots;

// A row of a time-weighted average, kept until the end of rating (the
// rows of a month must be in time order, and they arrive in file order).
struct TimePoint {
    uint32_t account;
    uint32_t month;
    int32_t slot;     // the meter's slot in the block (offset + group)
    int32_t aux;      // its aux slots in the block
    int64_t time;
    Decimal value;
};

// What one worker keeps for the aggregates of its accounts.
struct AggregateScratch {
    std::vector<TimePoint> points;  // time-weighted averages
    StringIndex distinct;           // distinct counts: (account, month, slot, value bytes)
    std::string key;                // scratch
};

inline bool is_named_aggregate(plan::Aggregate a) {
    return a != plan::Aggregate::Sum && a != plan::Aggregate::Count;
}

// Adds one row (value `v`, or for a distinct count of a text field its
// `text`; at `time`) to meter `mt`, whose slot is `value` and aux slots
// `aux` in account `account`'s block of `month`.
void aggregate_row(const plan::Meter& mt, int64_t& value, int64_t* aux, std::vector<Decimal>& big, const Decimal& v,
                   std::string_view text, int64_t time, uint32_t account, uint32_t month, int32_t slot, int32_t aux_at,
                   AggregateScratch& w);

// Averages and time-weighted averages of every account and month, from
// the workers' scratch (single-threaded, after rating). OverflowError on a
// value too large.
void finish_aggregates(const EvalRequest& rq, RatingState& st, std::vector<AggregateScratch*> scratch);

// "the greatest of 5 rows: 14 seat, first on 2024-03-12T09:00:00"
std::string aggregate_explain(const plan::Meter& mt, const Decimal& value, const Decimal& rows, const Decimal& aux1,
                              const std::string& unit);

}  // namespace tarifc::rating
