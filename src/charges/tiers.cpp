// Tier tables, shared by the graduated, volume and volume-by kinds: the
// bands in the quantity's unit (the selector's, for `volume by`) and the
// band checks E0301-E0308.
#include <fmt/format.h>

#include "charges/kinds.hpp"

namespace tarifc::charges {

using namespace check;

bool check_bands(Context& cx, const ast::TierTable& table, const Type& qty, std::vector<plan::Band>& bands,
                 const Type* priced) {
    const UnitPair rate_unit = priced ? priced->unit : qty.unit;
    if (table.bands.empty()) {
        cx.error("E0306", table.range, "the tier table has no bands");
        return false;
    }
    bool ok = true;
    // Out of order first: in a table listed out of order, the gaps and
    // overlaps between neighbours in the listing are not the problem.
    bool unordered = false;
    {
        auto base_lower = [&](const ast::Band& b) -> std::optional<Decimal> {
            if (!b.over.unit) return b.over.value;
            auto it = cx.units.find(b.over.unit->numerator.text);
            if (b.over.unit->denominator || it == cx.units.end() || qty.unit.num < 0 ||
                !same_dimension(cx, it->second, qty.unit.num))
                return std::nullopt;  // reported below
            try {
                return b.over.value * cx.t.units[it->second].factor;
            } catch (const OverflowError&) {
                return std::nullopt;  // reported (E0205) when the bound is converted below
            }
        };
        std::optional<Decimal> before;
        for (std::size_t i = 0; i < table.bands.size() && !unordered; ++i) {
            auto lower = base_lower(table.bands[i]);
            if (lower && before && *lower < *before) {
                cx.error("E0301", table.bands[i].over.range,
                      fmt::format("bands are out of order: this band starts at {}, below the band before it",
                                  table.bands[i].over.text))
                    .notes.push_back({table.bands[i - 1].range, "the band before"});
                unordered = true;
                ok = false;
            }
            if (lower) before = lower;
        }
    }
    const ast::Band* prev = nullptr;
    std::optional<Decimal> prev_upper;
    bool prev_open = false;
    for (const auto& b : table.bands) {
        plan::Band out;
        out.range = b.range;
        auto lower = amount_in(cx, b.over, qty.unit, "bound");
        std::optional<Decimal> upper;
        if (b.up_to) upper = amount_in(cx, *b.up_to, qty.unit, "bound");
        if (!lower || (b.up_to && !upper)) {
            ok = false;
            prev = &b;
            prev_upper.reset();  // no bound to compare the next band with
            prev_open = b.and_above;
            continue;
        }
        if (b.free) out.rate = Decimal();
        else if (b.rate) {
            auto r = rate_per(cx, *b.rate, rate_unit, "rate");
            if (!r) ok = false;
            else out.rate = *r;
        }
        if (lower->is_negative()) {
            cx.error("E0301", b.over.range, fmt::format("band over {} starts below zero; the first band starts 'over 0'", b.over.text));
            ok = false;
        }
        if (prev_open && !unordered) {
            cx.error("E0308", b.range, "this band follows the open top ('and above'); nothing is left for it")
                .notes.push_back({prev->range, "the open top is here"});
            ok = false;
        }
        if (!b.up_to && !b.and_above) {
            cx.error("E0305", b.range, fmt::format("band over {} has no upper bound; write 'up to N' or, for the top band, 'and above'", b.over.text));
            ok = false;
        }
        if (upper && *upper <= *lower) {
            cx.error("E0304", b.range, fmt::format("band over {} up to {} is empty", b.over.text, b.up_to->text));
            ok = false;
        }
        if (unordered) {
            // reported above
        } else if (!prev) {
            if (lower->sign() > 0) {
                cx.error("E0303", b.over.range, fmt::format("quantities from 0 up to {} are not priced; start the first band 'over 0' (use 'free' for a free band)", b.over.text));
                ok = false;
            }
        } else if (prev_upper) {
            if (*lower < *prev_upper) {
                cx.error("E0302", b.over.range, fmt::format("this band overlaps the one before: it starts at {}, but the band before ends at {}", b.over.text, prev->up_to->text))
                        .notes.push_back({prev->range, "the band before"});
                ok = false;
            } else if (*lower > *prev_upper) {
                cx.error("E0303", b.over.range, fmt::format("gap between bands: quantities over {} up to {} are not priced", prev->up_to->text, b.over.text))
                    .notes.push_back({prev->range, "the band before"});
                ok = false;
            }
        }
        out.lower = *lower;
        out.upper = upper;
        bands.push_back(out);
        prev = &b;
        prev_upper = upper;
        prev_open = b.and_above;
    }
    if (ok && !table.bands.back().and_above) {
        cx.error("E0306", table.bands.back().range, "the tier table has no open top: quantities above the last band are not priced")
            .notes.push_back({{}, "end the table with a band 'over N and above'"});
        ok = false;
    }
    return ok;
}

}  // namespace tarifc::charges
