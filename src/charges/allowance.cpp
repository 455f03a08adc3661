// A charge's allowance (`with QUANTITY free`) and its billable quantity,
// shared by every kind that takes a quantity (docs/language.md,
// "Allowances and negative quantities").
//
// The rules, in the order the evaluator applies them:
//   - the allowance is an expression per account, month and for-each entry
//     (a literal, an account or entry field, arithmetic); a value below zero
//     counts as zero;
//   - when `on` is a rounding conversion, round(X to U), the allowance comes
//     off X before the rounding: billable = round(max(X − free, 0) to U);
//   - otherwise it comes off the quantity: billable = max(quantity − free, 0);
//   - a quantity below zero is billed as zero (the line prints it as
//     measured; --explain says so).
// When the allowance is a whole number of U, taking it off before the
// rounding gives what taking it off after gave (allowance_test.cpp proves
// it; the one exception, half-even with an odd number, is warned about).
#include <fmt/format.h>

#include "charges/kinds.hpp"

namespace tarifc::charges {

namespace {

using check::Context;

// Does the expression at `id` contain a unit conversion (a rounding)?
bool has_rounding(const plan::Tariff& t, plan::ExprId id) {
    if (id == plan::kNoExpr) return false;
    const plan::Node& n = t.nodes[static_cast<std::size_t>(id)];
    switch (n.op) {
        case plan::Op::Convert:
        case plan::Op::Quotient: return true;
        case plan::Op::Add:
        case plan::Op::Sub:
        case plan::Op::Mul:
        case plan::Op::Max:
        case plan::Op::Min: return has_rounding(t, n.a) || has_rounding(t, n.b);
        default: return false;
    }
}

std::string unit_name(const Context& cx, int u) { return u >= 0 ? cx.t.units[static_cast<std::size_t>(u)].name : ""; }

// " minute" or "" for a plain count.
std::string with_unit(const std::string& u) { return u.empty() ? u : " " + u; }

}  // namespace

void check_allowance(Context& cx, const check::Env& env, const check::Scope& scope, const ast::Expr& e,
                     const check::Typed& q, plan::Charge& c) {
    const plan::UnitPair qu = q.type.unit;
    const Decimal q_factor = qu.num >= 0 ? cx.t.units[static_cast<std::size_t>(qu.num)].factor : Decimal::from_int(1);
    const plan::Node& root = cx.t.nodes[static_cast<std::size_t>(q.id)];
    const bool rounded_on = root.op == plan::Op::Convert;
    const bool nested = !rounded_on && q.type.integer && has_rounding(cx.t, q.id);
    const std::string qname = unit_name(cx, qu.num);
    if (rounded_on) {
        plan::Charge::RoundedOn r;
        r.operand = root.a;
        r.from = root.k;
        r.to = root.k2;
        r.mode = root.mode;
        r.operand_unit = unit_name(cx, root.b);
        r.base_unit = qu.num >= 0 ? unit_name(cx, cx.t.units[static_cast<std::size_t>(qu.num)].base) : "";
        c.rounded_on = r;
    }

    if (e.kind == ast::ExprKind::Quantity) {
        // A literal, as before issue 8: converted exactly to the quantity's
        // unit (E0202, E0203) and zero or more (E0401).
        auto a = check::amount_in(cx, *e.quantity, qu, "allowance");
        if (!a) return;
        if (a->is_negative()) cx.error("E0401", e.range, "an allowance is zero or more");
        c.allowance = cx.constant(*a);
        c.allowance_to_base = q_factor;
        c.allowance_literal = true;
        if (a->is_negative() || a->is_zero()) return;
        // "1234567 call is 123.4567 kcalls", or "0.5 kcalls" when written so.
        const std::string written = check::shown(*e.quantity), in_q = qty_text(*a) + with_unit(qname);
        const std::string as_q = written == in_q ? written : written + " is " + in_q;
        // W0403: a literal that is not a whole number of the unit the
        // quantity is rounded to.
        if (rounded_on && !a->is_integer()) {
            cx.diags.warning("W0403", e.range,
                             fmt::format("allowance {}, not a whole number of {}: it now comes off before "
                                         "rounding to {} (it came off after, billing a fraction of a {})",
                                         as_q, qname, qname, qname))
                .notes.push_back({{}, fmt::format("the bill can change by up to one {}; for a whole number write "
                                                  "'with {} {} free' or 'with {} {} free'",
                                                  qname, qty_text(a->rounded(0, RoundingMode::Floor)), qname,
                                                  qty_text(a->rounded(0, RoundingMode::Ceil)), qname)});
        } else if (rounded_on && root.mode == RoundingMode::HalfEven && (a->to_int64().value_or(0) % 2) != 0) {
            cx.diags.warning("W0403", e.range,
                             fmt::format("allowance {} is an odd number of {} and 'on' rounds half-even: it now comes "
                                         "off before the rounding, so a quantity exactly half-way may round the other way",
                                         check::shown(*e.quantity), qname))
                .notes.push_back({{}, "round half-up (or ceil) if the allowance should not move the tie"});
        } else if (nested && !a->is_integer()) {
            cx.diags.warning("W0403", e.range,
                             fmt::format("allowance {}, not a whole number of {}, but 'on' counts whole {} "
                                         "(it rounds inside): the line bills a fraction of a {}",
                                         as_q, qname, qname, qname))
                .notes.push_back({{}, fmt::format("write a whole number of {}, or make the rounding the whole "
                                                  "'on' quantity so that the allowance comes off before it",
                                                  qname)});
        }
        return;
    }

    // An expression per account, month and entry.
    check::Typed a = check::expr(cx, env, scope, e);
    if (a.type.error) return;
    const plan::UnitPair au = a.type.unit;
    const bool number = a.type.kind == plan::ValueKind::Number && au.den < 0 && !check::is_money(cx, au);
    const bool fits = number && (qu.num < 0 ? au.num < 0 : au.num >= 0 && check::same_dimension(cx, au.num, qu.num));
    if (!fits) {
        cx.error("E0202", e.range,
                 fmt::format("the allowance is {}, but the quantity is {}", check::type_text(cx, a.type),
                             check::quantity_desc(cx, qu)))
            .notes.push_back({{}, qu.num >= 0 ? fmt::format("an allowance is in the quantity's dimension, e.g. "
                                                            "'with account.free * 1 {} free'", qname)
                                              : std::string("an allowance of a plain count is a plain number")});
        return;
    }
    c.allowance = a.id;
    c.allowance_literal = false;
    const Decimal a_factor = au.num >= 0 ? cx.t.units[static_cast<std::size_t>(au.num)].factor : Decimal::from_int(1);
    c.allowance_to_base = a_factor;
    std::optional<Decimal> to_q;
    try {
        to_q = Decimal::divide_exact(a_factor, q_factor);
    } catch (const OverflowError&) {
    }
    if (to_q) c.allowance_to_q = *to_q;
    const std::string aname = unit_name(cx, au.num);
    if (!rounded_on && !to_q) {
        cx.error("E0203", e.range,
                 fmt::format("an allowance in {} cannot be taken off a quantity in {} without rounding", aname, qname))
            .notes.push_back({{}, fmt::format("say how it rounds, e.g. floor(... to {})", qname)});
        return;
    }
    if (nested && !(a.type.integer && to_q && to_q->is_integer())) {
        cx.error("E0203", e.range,
                 fmt::format("'on' counts whole {} (it rounds inside), so the allowance must be a whole number of "
                             "{}, but this is {}",
                             qname, qname, check::type_text(cx, a.type)))
            .notes.push_back({{}, fmt::format("round it, e.g. floor(... to {}), or make the rounding the whole "
                                              "'on' quantity so that the allowance comes off before it",
                                              qname)});
    }
}

Decimal billable(const plan::Charge& c, const Decimal& quantity, const Evaluate& eval, const Explain& ex) {
    const std::string u = with_unit(ex.unit);
    Decimal free;
    if (c.allowance != plan::kNoExpr) {
        free = eval(c.allowance);
        if (free.is_negative()) {
            if (ex) ex.add(fmt::format("allowance {}{} is below zero: none", qty_text(free * c.allowance_to_q), u));
            free = Decimal();
        }
    }
    const bool show_free = c.allowance != plan::kNoExpr && (!c.allowance_literal || !free.is_zero());
    if (c.rounded_on && c.allowance != plan::kNoExpr) {
        // The allowance comes off X before the rounding, in base units
        // (exact: products only), then one rounding division.
        const auto& r = *c.rounded_on;
        const Decimal x = eval(r.operand);
        const Decimal free_base = free * c.allowance_to_base;
        const Decimal raw = x * r.from - free_base;
        const Decimal left = raw.is_negative() ? Decimal() : raw;
        const Decimal billable = Decimal::divide(left, r.to, 0, r.mode);
        if (ex) {
            // Shown in X's unit when exact, else in the base unit.
            auto in_x = [&](const Decimal& base) -> std::optional<Decimal> {
                try {
                    return Decimal::divide_exact(base, r.from);
                } catch (const OverflowError&) {
                    return std::nullopt;
                }
            };
            auto fx = in_x(free_base), rx = in_x(raw);
            const bool own = fx && rx;
            const std::string xu = with_unit(own ? r.operand_unit : r.base_unit);
            const std::string head = fmt::format("{}{} measured − {}{} free", qty_text(own ? x : x * r.from), xu,
                                                 qty_text(own ? *fx : free_base), xu);
            if (raw.is_negative())
                ex.add(fmt::format("{} is below zero: 0{} billable", head, u));
            else
                ex.add(fmt::format("{} = {}{}, rounded {} to {}: {}{} billable", head, qty_text(own ? *rx : raw), xu,
                                   to_string(r.mode), ex.unit, qty_text(billable), u));
        }
        return billable;
    }
    if (quantity.is_negative() && ex) ex.add(fmt::format("{}{} is below zero: billed as 0{}", qty_text(quantity), u, u));
    const Decimal free_q = free * c.allowance_to_q;
    Decimal billable = quantity - free_q;
    if (billable.is_negative()) billable = Decimal();
    if (ex && show_free)  // (the text as before issue 8, two spaces for a plain count included)
        ex.add(fmt::format("{} {} free, {} {} billable", qty_text(free_q), ex.unit, qty_text(billable), ex.unit));
    return billable;
}

}  // namespace tarifc::charges
