// Volume pricing: a tier table where the band the whole billable quantity
// falls in prices all of it. Its own check: the cliff warning W0307 (the
// bands themselves are checked in tiers.cpp).
#include <fmt/format.h>

#include "base/money_text.hpp"
#include "charges/kinds.hpp"

namespace tarifc::charges {

plan::Volume check_volume(check::Context& cx, const ast::TierTable& table, const check::Type& qty) {
    plan::Volume k;
    // Cliffs: in a volume table, one more unit into the next band must not
    // cost less in total than the last unit of the band before.
    if (check_bands(cx, table, qty, k.bands)) {
        Diagnostic* first = nullptr;
        for (std::size_t i = 1; i < k.bands.size(); ++i) {
            const Decimal& b = *k.bands[i - 1].upper;
            std::string unit = qty.unit.num >= 0 ? " " + cx.t.units[qty.unit.num].name : "";
            // A price × bound too large to represent: no invoice could hold
            // it either; reported at the band (E0205), not as a bug.
            Decimal before, next_q, after;
            std::size_t at = i - 1;  // the band whose price is being computed
            try {
                before = b * k.bands[at].rate;
                at = i;
                next_q = qty.integer ? b + Decimal::from_int(1) : b;
                after = next_q * k.bands[at].rate;
            } catch (const OverflowError&) {
                const ast::Band& ab = table.bands[std::min(at, table.bands.size() - 1)];
                cx.error("E0205", ab.rate ? ab.rate->range : ab.range,
                         fmt::format("{}{} at this band's rate cost too much to represent",
                                     at == i ? next_q.to_string() : b.to_string(), unit));
                break;
            }
            if (!(after < before)) continue;
            std::string text = qty.integer
                ? fmt::format("{}{} cost {} {} but {}{} cost {} {}", b.to_string(), unit, money_grouped(before), cx.t.currency,
                              next_q.to_string(), unit, money_grouped(after), cx.t.currency)
                : fmt::format("{}{} cost {} {} but just above it costs {} {}", b.to_string(), unit, money_grouped(before),
                              cx.t.currency, money_grouped(after), cx.t.currency);
            if (!first) {
                first = &cx.diags.warning("W0307", table.bands[i].range,
                                        fmt::format("volume pricing cliff: buying more costs less: {}", text));
            } else {
                first->notes.push_back({table.bands[i].range, "another cliff: " + text});
            }
        }
    }
    return k;
}

Decimal amount(const plan::Volume& k, const Decimal& billable, const Explain& ex) {
    for (const auto& b : k.bands) {
        if (billable > b.lower && (!b.upper || billable <= *b.upper)) {
            Decimal exact = billable * b.rate;
            if (ex)
                ex.add(fmt::format("volume band over {}{}: all {} {} × {} {}/{} = {}", qty_text(b.lower),
                                   b.upper ? " up to " + qty_text(*b.upper) : std::string(" and above"),
                                   qty_text(billable), ex.unit, qty_text(b.rate), ex.currency, ex.unit,
                                   exact.to_string()));
            return exact;
        }
    }
    return Decimal();
}

}  // namespace tarifc::charges
