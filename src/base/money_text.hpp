// Money as text, in one place: how many decimals an amount shows and how
// it is written (invoices, --explain, the checker's messages).
#pragma once

#include <string>

#include "base/decimal.hpp"

namespace tarifc {

// The decimals a rounding step shows: 0.01 -> 2, 0.5 -> 1, 1 -> 0, 0.010 -> 2.
int step_places(const Decimal& step);

// The decimals of an amount rounded to `step`: the step's, at least two.
int money_places(const Decimal& step);

// `amount` with exactly `places` decimals: 19701.00 (it must not need more:
// Decimal::to_fixed).
std::string money_fixed(const Decimal& amount, int places);

// For messages: rounded half-up to two places, thousands separated: 19,701.00
std::string money_grouped(const Decimal& amount);

}  // namespace tarifc
