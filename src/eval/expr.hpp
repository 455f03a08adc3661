// Expressions of a compiled plan, evaluated over one row, account or month.
//
//   eval(context, node)    the value of an expression
//   truthy(context, node)  a condition, without building a Decimal result
//
// Both run on the per-row hot path (lets, reject rules, pack and meter
// filters) and at invoice time (charges, minimums, discounts).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "base/decimal.hpp"
#include "io/accounts.hpp"
#include "plan/plan.hpp"

namespace tarifc::rating {

// What an expression can read: the row (record fields and lets), the
// account, the month's meters and the for-each entry.
struct Context {
    const plan::Tariff* t = nullptr;
    const AccountData* account = nullptr;
    const Decimal* record = nullptr;  // usage field values
    const Decimal* lets = nullptr;
    const Decimal* meters = nullptr;  // this account's month slice
    const std::vector<int>* meter_offsets = nullptr;
    int var_entry = -1;               // the for-each entry, or -1
    // The invoice's month (period.days, period.start, period.end), as days
    // since 1970-01-01: set for invoice lines; rows never read it (E0201).
    int64_t period_first = 0;
    int64_t period_last = -1;
};

// A conversion's divisor was zero: round(A / B to ...) with B = 0. Its own
// type so that a row is rejected and an invoice line reported for it
// (E0805), never taken for an overflow.
struct DivisionByZero : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline const Decimal kZero;
inline const Decimal kOne = Decimal::from_int(1);

// An entry index or enum index held in a value: always a small integer.
inline int64_t index_of(const Decimal& d) { return static_cast<int64_t>(d.mantissa()); }

Decimal eval(const Context& cx, plan::ExprId id);
bool truthy(const Context& cx, plan::ExprId id);

}  // namespace tarifc::rating
