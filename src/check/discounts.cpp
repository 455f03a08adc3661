// The discounts pass: percent or fixed amounts off the subtotal or named
// charges, with an optional threshold and condition.
#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

void compile_discounts(Context& cx, const Env& env) {
    for (const auto* m : cx.mods) {
        for (const auto& x : m->discounts) {
            plan::Discount d;
            d.name = x.name.text;
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
            if (x.threshold) {
                // A literal or an expression per account and month (issue 8).
                Typed th = expr(cx, env, Scope::account(), *x.threshold);
                if (!th.type.error && !is_tariff_money(cx, th.type))
                    cx.error("E0202", x.threshold->range, fmt::format("a threshold is money in {}", cx.t.currency));
                d.threshold = th.id;
                d.threshold_literal = x.threshold->kind == ast::ExprKind::Quantity;
            }
            if (!x.when.empty()) d.when = expect_bool(cx, env, Scope::account(), *x.when[0], "a discount's 'when'").id;
            cx.t.discounts.push_back(std::move(d));
        }
    }
}

}  // namespace tarifc::check
