// Graduated pricing: a tier table where each band prices the part of the
// quantity that falls in it (the bands are checked in tiers.cpp).
#include <fmt/format.h>

#include "charges/kinds.hpp"

namespace tarifc::charges {

plan::Graduated check_graduated(check::Context& cx, const ast::TierTable& table, const check::Type& qty) {
    plan::Graduated k;
    check_bands(cx, table, qty, k.bands);
    return k;
}

Decimal amount(const plan::Graduated& k, const Decimal& billable, const Explain& ex) {
    Decimal exact;
    for (const auto& b : k.bands) {
        if (!(billable > b.lower)) break;
        Decimal top = b.upper && *b.upper < billable ? *b.upper : billable;
        Decimal part = top - b.lower;
        Decimal amount = part * b.rate;
        exact += amount;
        if (ex)
            ex.add(fmt::format("band over {}{}: {} {} × {} {}/{} = {}", qty_text(b.lower),
                               b.upper ? " up to " + qty_text(*b.upper) : std::string(" and above"), qty_text(part),
                               ex.unit, qty_text(b.rate), ex.currency, ex.unit, amount.to_string()));
    }
    return exact;
}

}  // namespace tarifc::charges
