// The discounts pass: percent or fixed amounts off the subtotal or named
// charges, or off the part of it above a bound (progressive), with an
// optional threshold and condition; the cliff warning W0404.
#include <fmt/format.h>

#include "base/money_text.hpp"
#include "check/context.hpp"

namespace tarifc::check {

namespace {

// A literal bound as written ("10000 USD"), for messages.
std::string expr_text(const ast::Expr& e) {
    return e.kind == ast::ExprKind::Quantity ? shown(*e.quantity) : std::string("its bound");
}

// W0404: a discount that starts at a literal threshold lowers the bill when
// the base reaches it, if it takes more than one rounding step: at one step
// below, the base is paid in full; at the threshold, less the discount.
// An expression threshold differs per account and is not analysed.
void warn_cliff(Context& cx, const ast::DiscountDecl& x, const plan::Discount& d) {
    const Decimal threshold = x.threshold->quantity->value;
    const Decimal step = d.rounding.quantum;
    // No money rounding (E0602 already): nothing to compare in steps.
    if (step.sign() <= 0 || threshold.sign() <= 0 || d.value.sign() <= 0) return;
    const Decimal below = threshold - step;
    const Decimal exact = d.percent ? threshold * d.value * Decimal::from_parts(1, 2)
                                    : (d.value < threshold ? d.value : threshold);
    const Decimal off = exact.rounded_to_step(step, d.rounding.mode);
    if (!(step < off)) return;  // one more step of base never lowers the bill
    const Decimal pays = threshold - off;
    const std::string& cur = cx.t.currency;
    const int places = money_places(step);
    // money_grouped's two places, or the rounding step's when it has more.
    auto money = [&](const Decimal& v) {
        if (places == 2) return money_grouped(v);
        std::string s = money_fixed(v.rounded(places, RoundingMode::HalfUp), places);
        const std::size_t dot = s.find('.'), first = s[0] == '-' ? 1 : 0;
        for (std::size_t i = dot; i > first + 3; i -= 3) s.insert(i - 3, ",");
        return s;
    };
    std::string base = x.base_is_subtotal ? std::string("subtotal") : "charges ";
    for (std::size_t i = 0; !x.base_is_subtotal && i < x.base_charges.size(); ++i)
        base += (i ? ", " : "") + x.base_charges[i].text;
    auto& w = cx.diags.warning(
        "W0404", x.threshold->range,
        fmt::format("discount cliff: reaching the threshold lowers the bill: a base of {} {} pays {} {} but {} {} "
                    "pays {} {}",
                    money(below), cur, money(below), cur, money(threshold), cur, money(pays), cur));
    if (d.percent) {
        w.notes.push_back({{}, fmt::format("to take {} percent of the part above {} {} only, without the cliff, "
                                           "write 'take {} percent off {} above {} {}' and drop the threshold",
                                           x.percent->text, threshold.to_string(), cur, x.percent->text, base,
                                           threshold.to_string(), cur)});
    } else {
        Decimal bound = threshold - d.value;
        if (bound.sign() < 0) bound = Decimal();
        w.notes.push_back({{}, fmt::format("'take {} off {} above {} {}' (and no threshold) bills the same from {} {} "
                                           "up, without the cliff",
                                           shown(*x.amount), base, bound.to_string(), cur, threshold.to_string(), cur)});
    }
}

}  // namespace

void compile_discounts(Context& cx, const Env& env) {
    for (const auto* m : cx.mods) {
        for (const auto& x : m->discounts) {
            plan::Discount d;
            d.name = x.name.text;
            d.range = x.name.range;
            d.title = x.title;
            d.rounding = cx.t.money_rounding;
            if (x.cadence.kind != ast::Cadence::Kind::Monthly) cx.error("E0601", x.cadence.range, "discounts apply monthly");
            if (x.percent) {
                d.percent = true;
                d.value = x.percent->value;
                if (x.percent->value.is_negative()) cx.error("E0401", x.percent->range, "a discount is zero or more");
                if (x.percent->value > Decimal::from_int(100)) cx.error("E0401", x.percent->range, "a discount cannot exceed 100 percent");
            } else if (x.amount) {
                d.percent = false;
                d.value = x.amount->value;
                auto u = quantity_unit(cx, *x.amount);
                if (u && !(is_tariff_money(cx, *u)))
                    cx.error("E0202", x.amount->range, fmt::format("a discount amount is money in {}", cx.t.currency));
                check_not_negative(cx, *x.amount, "discount");
                check_money_precision(cx, *x.amount);
            } else {
                cx.error("E0601", x.name.range, fmt::format("discount '{}' needs 'take N percent off ...' or 'take AMOUNT off ...'", x.name.text));
            }
            d.base_is_subtotal = x.base_is_subtotal;
            d.base_charges = charge_indices(cx, env.sym, x.base_charges);
            if (x.above) {
                // A literal or an expression per account and month, like a threshold.
                Typed ab = expr(cx, env, Scope::account(), *x.above);
                if (!ab.type.error && !is_tariff_money(cx, ab.type))
                    cx.error("E0202", x.above->range, fmt::format("the bound after 'above' is money in {}", cx.t.currency));
                if (x.above->kind == ast::ExprKind::Quantity && x.above->quantity->value.is_negative())
                    cx.error("E0401", x.above->range,
                             fmt::format("the bound {} is negative; a discount's bound is zero or more", shown(*x.above->quantity)));
                d.above = ab.id;
                if (x.threshold)
                    cx.error("E0601", x.threshold->range,
                             fmt::format("discount '{}' has both 'above' and 'threshold': a progressive discount "
                                         "starts at its bound ({}); a threshold as well would bring back the cliff "
                                         "that 'above' avoids",
                                         x.name.text, expr_text(*x.above)))
                        .notes.push_back({{}, "drop the 'threshold'; a 'when' may still say which accounts get it"});
            }
            if (x.threshold) {
                // A literal or an expression per account and month (issue 8).
                Typed th = expr(cx, env, Scope::account(), *x.threshold);
                if (!th.type.error && !is_tariff_money(cx, th.type))
                    cx.error("E0202", x.threshold->range, fmt::format("a threshold is money in {}", cx.t.currency));
                d.threshold = th.id;
                d.threshold_literal = x.threshold->kind == ast::ExprKind::Quantity;
                if (d.threshold_literal && !th.type.error && is_tariff_money(cx, th.type) && !x.above)
                    warn_cliff(cx, x, d);
            }
            if (!x.when.empty()) d.when = expect_bool(cx, env, Scope::account(), *x.when[0], "a discount's 'when'").id;
            cx.t.discounts.push_back(std::move(d));
        }
    }
}

}  // namespace tarifc::check
