// Amounts as --explain writes them (quantities: charges::qty_text).
#pragma once

#include <algorithm>
#include <string>

#include "base/decimal.hpp"
#include "plan/plan.hpp"

namespace tarifc::rating {

// An amount as rounded: as many decimals as its rounding step (at least two), and the currency.
inline std::string money_text(const Decimal& d, const plan::Rounding& r, const std::string& currency) {
    return d.to_fixed(std::max(2, r.quantum.normalized().scale())) + " " + currency;
}

}  // namespace tarifc::rating
