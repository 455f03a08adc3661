// Amounts as --explain writes them (quantities: charges::qty_text).
#pragma once

#include <string>

#include "base/decimal.hpp"
#include "base/money_text.hpp"
#include "plan/plan.hpp"

namespace tarifc::rating {

// An amount as rounded: as many decimals as its rounding step (at least two), and the currency.
inline std::string money_text(const Decimal& d, const plan::Rounding& r, const std::string& currency) {
    return money_fixed(d, money_places(r.quantum)) + " " + currency;
}

}  // namespace tarifc::rating
