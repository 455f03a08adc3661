// Expressions of a compiled plan, evaluated over one row, account or month.
//
//   eval(context, node)    the value of an expression
//   truthy(context, node)  a condition, without building a Decimal result
//
// Both run on the per-row hot path (lets, reject rules, pack and meter
// filters) and at invoice time (charges, minimums, discounts).
#pragma once

#include <cstdint>
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
};

inline const Decimal kZero;
inline const Decimal kOne = Decimal::from_int(1);

// An entry index or enum index held in a value: always a small integer.
inline int64_t index_of(const Decimal& d) { return static_cast<int64_t>(d.mantissa()); }

Decimal eval(const Context& cx, plan::ExprId id);
bool truthy(const Context& cx, plan::ExprId id);

}  // namespace tarifc::rating
