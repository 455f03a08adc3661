// Row classes: the part of a row's rating that depends only on its account,
// the list entries it refers to and its enumerated fields, worked out once
// per (account, class) instead of once per row.
//
// Most of a tariff's per-row rules read little of the row itself: in the
// CCC tariff, every `let` but `minutes`, the 400-outbound reject rule and
// every pack and meter filter depend only on the call's number (an entry
// of the account's list) and its direction (an enumerated field). A row's
// *class* is that combination: (entry of each reference field, value of
// each enumerated field). The first row of a class evaluates the static
// rules as any row would and keeps their outcome as bits; later rows of the
// class read the bits and evaluate only what depends on the row's own
// values (its numbers, times and texts).
//
//   plan_row_classes(tariff, usage plan) -> RowClassPlan   once per tariff
//   class_shape(plan, account, radix)     -> classes of one account (0: none)
//   class_of(plan, radix, record)         -> the row's class
//   classify(plan, cx)                    -> the class's bits, evaluated now
//
// Exactness: a class whose static rules throw (an amount too large, a
// division by zero) is marked kSlow and its rows take the uncached path,
// so a cached row behaves exactly as an uncached one, messages included.
// Tests: row_class_test.cpp (and every eval golden, which runs both paths).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "eval/expr.hpp"
#include "io/accounts.hpp"
#include "plan/plan.hpp"

namespace tarifc::rating {

// A class's bits: bit i (i < kConditionBits) is the outcome of the static
// condition numbered i; kKnown says the class was worked out; kSlow that
// its rows must be rated without the cache.
inline constexpr int kConditionBits = 62;
inline constexpr uint64_t kKnown = uint64_t{1} << 63;
inline constexpr uint64_t kSlow = uint64_t{1} << 62;

struct RowClassPlan {
    bool enabled = false;  // false: no dimension, no static rule, or too many classes
    // The dimensions of a class: usage fields (Ref or Enum), with the
    // number of values of an Enum (a Ref's is its account's list size).
    struct Dim {
        int field = -1;
        int list = -1;    // Ref: the account's list; Enum: -1
        int values = 0;   // Enum: its number of values
    };
    std::vector<Dim> dims;
    // Per let: evaluated for every row (1) or only when a class is worked
    // out (0, its value is read by static rules only).
    std::vector<uint8_t> let_per_row;
    std::vector<uint8_t> let_static;
    // Per reject rule, pack type and meter: the bit of its static condition,
    // or -1 when it is evaluated for every row (or has no condition).
    std::vector<int8_t> reject_bit, pack_bit, meter_bit;
};

// The most classes one account may have before its rows are rated uncached
// (a list of 10,000 numbers times two directions still fits).
inline constexpr std::size_t kMaxClasses = 1 << 16;

RowClassPlan plan_row_classes(const plan::Tariff& t, const plan::Inputs& usage);

// How many classes `account` has under `p` (0 when its rows are not
// cached); the number of values of each dimension in `radix[0..dims)`.
std::size_t class_shape(const RowClassPlan& p, const AccountData& account, uint32_t* radix);

// The class of a row whose record is `record` (reference fields already
// hold their entry's index), given its account's `radix` (class_shape).
inline std::size_t class_of(const RowClassPlan& p, const uint32_t* radix, const Decimal* record) {
    std::size_t c = 0;
    for (std::size_t i = 0; i < p.dims.size(); ++i)
        c = c * radix[i] + static_cast<std::size_t>(index_of(record[p.dims[i].field]));
    return c;
}

// Evaluates the static lets (into cx.lets) and conditions of the row in `cx`
// and returns its class's bits (kKnown, and kSlow if one of them threw).
uint64_t classify(const RowClassPlan& p, const Context& cx);

}  // namespace tarifc::rating
