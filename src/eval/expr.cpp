// Expression evaluation over plan nodes (see expr.hpp).
#include "eval/expr.hpp"

namespace tarifc::rating {

using plan::Op;

// Conditions are evaluated without building Decimal results: this is the
// per-row hot path (lets, reject rules, pack and meter filters).
bool truthy(const Context& cx, plan::ExprId id) {
    const plan::Node& n = cx.t->nodes[id];
    switch (n.op) {
        case Op::Not: return !truthy(cx, n.a);
        case Op::And: return truthy(cx, n.a) && truthy(cx, n.b);
        case Op::Or: return truthy(cx, n.a) || truthy(cx, n.b);
        case Op::Eq: return eval(cx, n.a) == eval(cx, n.b);
        case Op::Ne: return eval(cx, n.a) != eval(cx, n.b);
        case Op::Lt: return eval(cx, n.a) < eval(cx, n.b);
        case Op::Le: return eval(cx, n.a) <= eval(cx, n.b);
        case Op::Gt: return eval(cx, n.a) > eval(cx, n.b);
        case Op::Ge: return eval(cx, n.a) >= eval(cx, n.b);
        case Op::InSet: {
            int64_t v = index_of(eval(cx, n.a));
            return v >= 0 && v < 64 && ((n.mask >> v) & 1);
        }
        case Op::Let: return !cx.lets[n.a].is_zero();
        case Op::RecordField: return !cx.record[n.a].is_zero();
        case Op::Const: return !n.k.is_zero();
        default: return !eval(cx, id).is_zero();
    }
}

Decimal eval(const Context& cx, plan::ExprId id) {
    const plan::Node& n = cx.t->nodes[id];
    switch (n.op) {
        case Op::Const: return n.k;
        case Op::RecordField: return cx.record[n.a];
        case Op::Let: return cx.lets[n.a];
        case Op::RefField:
            return cx.account->lists[n.b][static_cast<std::size_t>(index_of(cx.record[n.a]))].values[n.c];
        case Op::AccountField: return cx.account->values[n.a];
        case Op::VarField: return cx.account->lists[n.b][static_cast<std::size_t>(cx.var_entry)].values[n.c];
        case Op::Meter: {
            const plan::Meter& m = cx.t->meters[n.a];
            int slot = (*cx.meter_offsets)[n.a] + (m.group_list >= 0 ? cx.var_entry : 0);
            return cx.meters[slot];
        }
        case Op::Not:
        case Op::And:
        case Op::Or:
        case Op::Eq:
        case Op::Ne:
        case Op::Lt:
        case Op::Le:
        case Op::Gt:
        case Op::Ge:
        case Op::InSet: return truthy(cx, id) ? kOne : kZero;
        case Op::Add: return eval(cx, n.a) + eval(cx, n.b);
        case Op::Sub: return eval(cx, n.a) - eval(cx, n.b);
        case Op::Mul: return eval(cx, n.a) * eval(cx, n.b);
        case Op::Max: {
            Decimal a = eval(cx, n.a), b = eval(cx, n.b);
            return a < b ? b : a;
        }
        case Op::ChoiceMap: {
            const auto& map = cx.t->choice_maps[static_cast<std::size_t>(n.c)];
            int64_t v = index_of(eval(cx, n.a));
            return v >= 0 && static_cast<std::size_t>(v) < map.size() ? Decimal::from_int(map[static_cast<std::size_t>(v)])
                                                                      : Decimal::from_int(-1);
        }
        case Op::Min: {
            Decimal a = eval(cx, n.a), b = eval(cx, n.b);
            return b < a ? b : a;
        }
        case Op::Convert: {
            Decimal v = eval(cx, n.a);
            if (n.k == n.k2) return v.rounded(0, n.mode);
            // Fast path: whole numbers of a unit into a larger whole unit
            // (seconds to minutes) in 64-bit arithmetic, same result as
            // Decimal::divide for every mode.
            auto x = v.scale() == 0 ? v.to_int64() : std::nullopt;
            auto num = n.k.to_int64(), den = n.k2.to_int64();
            int64_t prod;
            if (x && num && den && *den > 0 && !__builtin_mul_overflow(*x, *num, &prod) && prod >= 0 &&
                (n.mode == RoundingMode::Ceil || n.mode == RoundingMode::Floor)) {
                int64_t q = prod / *den, r = prod % *den;
                return Decimal::from_int(n.mode == RoundingMode::Ceil && r ? q + 1 : q);
            }
            return Decimal::divide(v * n.k, n.k2, 0, n.mode);
        }
        case Op::Quotient: {
            // A × k / (B × k2) rounded once to a whole number of steps.
            Decimal den = n.b == plan::kNoExpr ? n.k2 : eval(cx, n.b) * n.k2;
            if (den.is_zero()) throw DivisionByZero("division by zero");
            return Decimal::divide(eval(cx, n.a) * n.k, den, 0, n.mode) * cx.t->nodes[n.c].k;
        }
        case Op::Period:
            return Decimal::from_int(n.a == 0 ? cx.period_last - cx.period_first + 1
                                     : n.a == 1 ? cx.period_first
                                                : cx.period_last);
        case Op::Days: {
            int64_t from = eval(cx, n.a).to_int64().value_or(0), to = eval(cx, n.b).to_int64().value_or(0);
            return Decimal::from_int(to < from ? 0 : to - from + 1);
        }
    }
    return kZero;
}

}  // namespace tarifc::rating
