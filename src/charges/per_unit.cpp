// Per-unit pricing: `on QUANTITY at RATE`, the billable quantity times the
// rate (converted exactly to the quantity's unit when checked).
#include <fmt/format.h>

#include "charges/kinds.hpp"

namespace tarifc::charges {

plan::PerUnit check_per_unit(check::Context& cx, const ast::RateClause& clause, const check::Type& qty) {
    plan::PerUnit k;
    if (auto r = check::rate_per(cx, clause.rate, qty.unit, "rate")) k.rate = *r;
    return k;
}

Decimal amount(const plan::PerUnit& k, const Decimal& billable, const Explain& ex) {
    Decimal exact = billable * k.rate;
    if (ex)
        ex.add(ex.unit.empty()
                   ? fmt::format("{} × {} {} each = {}", qty_text(billable), qty_text(k.rate), ex.currency,
                                 exact.to_string())
                   : fmt::format("{} {} × {} {}/{} = {}", qty_text(billable), ex.unit, qty_text(k.rate),
                                 ex.currency, ex.unit, exact.to_string()));
    return exact;
}

}  // namespace tarifc::charges
