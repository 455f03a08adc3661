// Volume pricing chosen by another quantity, `volume by SELECTOR { ... }`:
// the band the selector falls in prices all of the charge's own `on`
// quantity. The selector is read per account, month and for-each entry
// (like an allowance: usually an ungrouped meter, so that every entry's
// line gets the rate of the account's whole volume). The bands' bounds are
// in the selector's unit, their rates per the unit of `on` (tiers.cpp
// checks both). The rules (docs/language.md, "Tier tables"):
//   - a selector of zero or less chooses the first band (its rate is the
//     list price before any volume), and --explain says so;
//   - `graduated by` is an error (E0309): each band's part of a quantity
//     has no meaning when another quantity chooses the bands;
//   - no cliff warning (W0307): the priced quantity never moves its own
//     band, and a lower rate past a bound of the selector is what the
//     price book says ("all minutes at 0.013 once the month passes 100000").
#include <fmt/format.h>

#include "charges/kinds.hpp"

namespace tarifc::charges {

namespace {

// The selector as written, on one line: "outbound_all".
std::string source_text(const SourceRange& r) {
    if (!r.file || r.end <= r.begin || r.end > r.file->text.size()) return "the selector";
    std::string out;
    bool blank = false;
    for (char ch : std::string_view(r.file->text).substr(r.begin, r.end - r.begin)) {
        const bool space = ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
        if (space) {
            blank = !out.empty();
            continue;
        }
        if (blank) out += ' ';
        blank = false;
        out += ch;
    }
    return out;
}

}  // namespace

plan::VolumeBy check_volume_by(check::Context& cx, const check::Env& env, const check::Scope& scope,
                               const ast::TierTable& table, const check::Type& qty) {
    plan::VolumeBy k;
    if (table.mode == ast::TierTable::Mode::Graduated)
        cx.error("E0309", table.by->range,
                 "a graduated table prices each band's part of its own quantity; it cannot be chosen by another "
                 "quantity")
            .notes.push_back({{}, "write 'volume by ...' to price all of the quantity at the rate of the band the "
                                  "other quantity falls in, or drop 'by ...' for graduated pricing"});
    check::Typed s = check::expr(cx, env, scope, *table.by);
    if (s.type.error) return k;
    if (!check::is_quantity(cx, s.type)) {
        cx.error("E0201", table.by->range,
                 fmt::format("'volume by' needs a quantity to choose the band, but this is {}",
                             check::type_text(cx, s.type)));
        return k;
    }
    k.selector = s.id;
    k.selector_text = source_text(table.by->range);
    k.selector_unit = s.type.unit.num >= 0 ? cx.t.units[static_cast<std::size_t>(s.type.unit.num)].name : "";
    // Bounds in another dimension than the selector's (likely the unit of
    // `on`): one error for the table that says whose unit a bound is in.
    for (const auto& b : table.bands)
        for (const ast::Quantity* q : {&b.over, b.up_to ? &*b.up_to : nullptr}) {
            if (!q || !q->unit || q->unit->denominator) continue;  // tiers.cpp reports the rest
            auto it = cx.units.find(q->unit->numerator.text);
            if (it == cx.units.end()) continue;
            if (s.type.unit.num >= 0 && check::same_dimension(cx, it->second, s.type.unit.num)) continue;
            cx.error("E0202", q->range,
                     fmt::format("bound {} is in {}, but the band is chosen by {}, which is {}", q->text,
                                 q->unit->numerator.text, k.selector_text, check::quantity_desc(cx, s.type.unit)))
                .notes.push_back({{}, "in a 'volume by' table the bounds are in the unit of the quantity after 'by'; "
                                      "the rates are per the unit of 'on'"});
            return k;
        }
    check_bands(cx, table, s.type, k.bands, &qty);
    return k;
}

Decimal amount(const plan::VolumeBy& k, const Decimal& billable, const Evaluate& eval, const Explain& ex) {
    if (k.bands.empty()) return Decimal();  // a checked plan has bands
    const Decimal selector = eval(k.selector);
    const plan::Band* chosen = &k.bands.front();  // zero or less: the first band
    for (const auto& b : k.bands)
        if (selector > b.lower && (!b.upper || selector <= *b.upper)) {
            chosen = &b;
            break;
        }
    const Decimal exact = billable * chosen->rate;
    if (ex)
        ex.add(fmt::format("volume band over {}{}: chosen by {} = {}{}{}{}; all {} {} × {} {}/{} = {}",
                           qty_text(chosen->lower),
                           chosen->upper ? " up to " + qty_text(*chosen->upper) : std::string(" and above"),
                           k.selector_text, qty_text(selector), k.selector_unit.empty() ? "" : " ", k.selector_unit,
                           selector.sign() > 0 ? std::string() : std::string(", 0 or less: the first band"),
                           qty_text(billable), ex.unit, qty_text(chosen->rate), ex.currency, ex.unit,
                           exact.to_string()));
    return exact;
}

}  // namespace tarifc::charges
