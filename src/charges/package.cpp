// Package (stairstep) pricing: `on QUANTITY per N UNIT block at PRICE`, a
// flat price for each started block of N units of the billable quantity
// (after the allowance): blocks = ceil(billable / N), amount = blocks × price.
#include <fmt/format.h>

#include "charges/kinds.hpp"

namespace tarifc::charges {

plan::Package check_package(check::Context& cx, const ast::BlockClause& clause, const check::Type& qty) {
    plan::Package k;
    if (auto size = check::amount_in(cx, clause.size, qty.unit, "block size")) {
        if (size->sign() <= 0)
            cx.error("E0201", clause.size.range,
                     fmt::format("a block size must be greater than zero; this is {}", check::shown(clause.size)));
        k.block = *size;
    }
    check::check_not_negative(cx, clause.price, "block price");
    auto pu = check::quantity_unit(cx, clause.price);
    if (pu && !check::is_tariff_money(cx, *pu))
        cx.error("E0202", clause.price.range,
                 fmt::format("a block price is money in {}, e.g. 5 {}", cx.t.currency, cx.t.currency));
    check::check_money_precision(cx, clause.price);
    k.price = clause.price.value;
    return k;
}

Decimal blocks(const plan::Package& k, const Decimal& billable) {
    return Decimal::divide(billable, k.block, 0, RoundingMode::Ceil);
}

Decimal amount(const plan::Package& k, const Decimal& billable, const Explain& ex) {
    Decimal n = blocks(k, billable);
    Decimal exact = n * k.price;
    if (ex) {
        std::string unit = ex.unit.empty() ? std::string() : " " + ex.unit;
        ex.add(fmt::format("{} {} of {}{} ({}{} billable, each started block) × {} {} = {}", qty_text(n),
                           n == Decimal::from_int(1) ? "block" : "blocks", qty_text(k.block), unit,
                           qty_text(billable), unit, qty_text(k.price), ex.currency, exact.to_string()));
    }
    return exact;
}

}  // namespace tarifc::charges
