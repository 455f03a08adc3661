// Conversions that divide or round to a step, and the billing period
// (docs/language.md, "Units and conversions" and "Expressions"):
//
//   round(A / B to STEP UNIT MODE)   ceil(A / B to UNIT)   floor(A / STEP)
//
// The language's one division, `/`, is allowed only as the whole argument
// of a conversion, so every quotient is the exact A / B rounded once, the
// way the conversion says. A target may name a step before its unit (or a
// step alone, for a plain number): `to 0.01 USD` rounds money to cents,
// which is how a tariff prorates money. A conversion with neither a `/` nor
// a step is the classic one, typed in expr.cpp exactly as before.
//
// Units of A / B: anything divided by a plain number keeps its unit; two
// values of one unit, or two quantities of one dimension (converted exactly
// through their factors), give a plain number; anything else is E0202.
#include <algorithm>

#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

namespace {

bool plain(UnitPair u) { return u.num < 0 && u.den < 0; }
Decimal factor(const Context& cx, int unit) { return cx.t.units[static_cast<std::size_t>(unit)].factor; }

// An error of this conversion: the result is an error type.
Typed failed() {
    Typed t;
    t.type.kind = ValueKind::Number;
    t.type.error = true;
    return t;
}

}  // namespace

bool is_quotient(const ast::Expr& convert) {
    return convert.step || convert.operands[0]->kind == ast::ExprKind::Divide;
}

Typed quotient(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e) {
    const ast::Expr& arg = *e.operands[0];
    const bool divides = arg.kind == ast::ExprKind::Divide;
    Typed a = expr(cx, env, scope, divides ? *arg.operands[0] : arg);
    Typed b;
    if (divides) b = expr(cx, env, scope, *arg.operands[1]);
    std::optional<UnitPair> to;
    bool error = a.type.error || b.type.error;
    if (e.to_unit) {
        to = unit_pair(cx, *e.to_unit);
        error = error || !to;
    }
    const Decimal step = e.step ? e.step->value : Decimal::from_int(1);
    if (e.step && step.sign() <= 0) {
        cx.error("E0401", e.step->range, fmt::format("a rounding step is greater than zero; this is {}", e.step->text));
        error = true;
    }
    if (error) return failed();
    for (const Typed* t : {&a, &b}) {
        if (t == &b && !divides) continue;
        if (t->type.kind != ValueKind::Number) {
            const ast::Expr& where = divides ? *arg.operands[t == &a ? 0 : 1] : arg;
            cx.error("E0201", where.range,
                     fmt::format("only numbers can be {}; this is {}", divides ? "divided" : "rounded", type_text(cx, t->type)));
            return failed();
        }
    }
    // The quotient's unit, and the factors that make it exact.
    UnitPair q = a.type.unit;
    Decimal k = Decimal::from_int(1), k2 = Decimal::from_int(1);
    try {
        if (divides) {
            const UnitPair x = a.type.unit, y = b.type.unit;
            if (plain(y)) {
                q = x;
            } else if (x == y) {
                q = {};
            } else if (x.den < 0 && y.den < 0 && !is_money(cx, x) && !is_money(cx, y) && same_dimension(cx, x.num, y.num)) {
                q = {};
                k = factor(cx, x.num);
                k2 = factor(cx, y.num);
            } else {
                cx.error("E0202", arg.range, fmt::format("unit mismatch: {} / {}", unit_text(cx, x), unit_text(cx, y)))
                    .notes.push_back({{}, "a division takes two values of one unit or dimension (the quotient is a plain "
                                          "number), or divides by a plain number"});
                return failed();
            }
        }
        if (to) {
            const SourceRange at = e.to_unit->range;
            if (plain(q)) {
                cx.error("E0202", at, fmt::format("cannot convert a plain number to {}", unit_text(cx, *to)))
                    .notes.push_back({{}, "round it to a step without a unit, e.g. round(x to 0.01 half-up)"});
                return failed();
            }
            if (to->den >= 0 || q.den >= 0 || (is_money(cx, q) ? !(q == *to) : !same_dimension(cx, q.num, to->num))) {
                cx.error("E0202", at, fmt::format("cannot convert {} to {}", unit_text(cx, q), unit_text(cx, *to)));
                return failed();
            }
            k = k * factor(cx, q.num);
            k2 = k2 * factor(cx, to->num);
        } else if (!plain(q)) {
            Type qt;
            qt.unit = q;
            cx.error("E0202", e.step->range, fmt::format("a step for {} needs its unit", type_text(cx, qt)))
                .notes.push_back({{}, fmt::format("write it round(x to {} {} MODE)", e.step->text, unit_text(cx, q))});
            return failed();
        }
        k2 = k2 * step;
    } catch (const OverflowError&) {
        cx.error("E0205", e.range, "this conversion's factor is too large to represent");
        return failed();
    }
    plan::Node n;
    n.op = Op::Quotient;
    n.a = a.id;
    n.b = divides ? b.id : plan::kNoExpr;
    n.c = cx.constant(step);
    n.mode = e.mode;
    n.k = k;
    n.k2 = k2;
    Typed out;
    out.id = cx.node(n);
    out.type.kind = ValueKind::Number;
    out.type.unit = to ? *to : UnitPair{};
    out.type.integer = step.is_integer();
    return out;
}

Typed bare_division(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e) {
    Typed a = expr(cx, env, scope, *e.operands[0]);
    Typed b = expr(cx, env, scope, *e.operands[1]);
    if (!a.type.error && !b.type.error)
        cx.error("E0203", e.range, "a division must say how it rounds: '/' is allowed only as the whole argument of a conversion")
            .notes.push_back({{}, "write round(A / B to UNIT MODE), ceil(A / B to UNIT) or floor(A / B to UNIT), "
                                  "e.g. round(A * C / B to 0.01 USD half-up) (the division last)"});
    return failed();
}

// period.days, period.start, period.end: the invoice's month.
Typed period_value(Context& cx, const Scope& scope, const ast::Expr& e) {
    const auto& seg = e.path;
    static const std::vector<std::string> kValues{"days", "start", "end"};
    if (seg.size() < 2) {
        cx.error("E0201", e.range, "'period' is the invoice's month; name one of its values: period.days, period.start or period.end");
        return failed();
    }
    if (seg.size() > 2) {
        cx.error("E0101", seg[2].range, fmt::format("'{}' has no part named '{}'", seg[1].text, seg[2].text));
        return failed();
    }
    auto it = std::find(kValues.begin(), kValues.end(), seg[1].text);
    if (it == kValues.end()) {
        suggest(cx.error("E0101", seg[1].range,
                         fmt::format("period has no value '{}'; expected period.days, period.start or period.end", seg[1].text)),
                seg[1].text, kValues);
        return failed();
    }
    if (scope.at == Scope::At::Record) {
        cx.error("E0201", e.range,
                 fmt::format("period.{} is a value of the invoice's month; it cannot be used per {}", seg[1].text,
                             cx.t.inputs.record_name))
            .notes.push_back({{}, "use it in a charge, a minimum or a discount"});
        return failed();
    }
    plan::Node n;
    n.op = Op::Period;
    n.a = static_cast<int32_t>(it - kValues.begin());
    Typed out;
    out.id = cx.node(n);
    if (n.a == 0) {
        out.type.kind = ValueKind::Number;
        out.type.integer = true;
    } else {
        out.type.kind = ValueKind::Date;
    }
    return out;
}

}  // namespace tarifc::check
