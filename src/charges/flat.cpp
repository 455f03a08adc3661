// Flat pricing: `costs AMOUNT`, an amount of money per month (or year), or
// per entry of a `for each`. It takes no 'on' quantity and no allowance.
#include <fmt/format.h>

#include "charges/kinds.hpp"

namespace tarifc::charges {

plan::Flat check_flat(check::Context& cx, const check::Env& env, const check::Scope& scope,
                      const ast::CostsClause& clause) {
    const ast::Expr& e = *clause.amount;
    check::Typed a = check::expr(cx, env, scope, e);
    if (!a.type.error && !check::is_tariff_money(cx, a.type))
        cx.error("E0202", e.range, fmt::format("'costs' needs money in {}, but this is {}", cx.t.currency,
                                               check::type_text(cx, a.type)));
    if (e.kind == ast::ExprKind::Quantity) {
        check::check_not_negative(cx, *e.quantity, "amount");
        check::check_money_precision(cx, *e.quantity);
    }
    return plan::Flat{a.id};
}

Decimal amount(const plan::Flat& k, const Evaluate& eval, const Explain& ex) {
    Decimal exact = eval(k.amount);
    if (ex) ex.add(fmt::format("flat amount {}", exact.to_string()));
    return exact;
}

}  // namespace tarifc::charges
