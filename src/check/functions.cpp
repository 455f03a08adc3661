// The functions of the expression language: one row of a table each
// (name, arity, type rule, evaluator), so that adding one is one row here
// and one `case` for its plan operator in src/eval/expr.cpp. A call is
// typed here and lowered into the plan's node pool: an n-argument call
// becomes n − 1 binary nodes folded from the left, max(a, b, c) =
// max(max(a, b), c) (the parser counts each comma as an operator, so the
// depth of that fold is limited like a chain of '+').
#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

namespace {

struct Function;
// Types the arguments (already typed, none in error, arity checked) and
// lowers the call; reports and returns an error type when they do not fit.
using TypeRule = Typed (*)(Context& cx, const ast::Expr& call, const Function& f, std::vector<Typed>& args);

inline constexpr std::size_t kAnyNumber = static_cast<std::size_t>(-1);

struct Function {
    std::string_view name;
    std::string_view shape;   // how a call is written, for messages
    std::size_t min_args;
    std::size_t max_args;     // kAnyNumber: no upper bound
    TypeRule rule;            // null: a conversion with its own syntax, read by the grammar's `convert`
    Op op;                    // the evaluator: the plan operator folded over the arguments
};

// The arguments as numbers of one unit, or of one dimension converted
// exactly into its finest unit among them (max(ceil(x to minute), 30 second)
// compares seconds: minute × 60 is exact); money only with the same money.
// The arguments folded with f's operator.
ExprId fold(Context& cx, const Function& f, const std::vector<Typed>& args) {
    ExprId acc = args[0].id;
    for (std::size_t i = 1; i < args.size(); ++i) {
        plan::Node n;
        n.op = f.op;
        n.a = acc;
        n.b = args[i].id;
        acc = cx.node(n);
    }
    return acc;
}

// max and min of dates (or of timestamps): the latest, the earliest. What
// proration clips an entry's dates to the month with:
// days(max(s.added, period.start), period.end).
Typed same_kind_fold(Context& cx, const ast::Expr& call, const Function& f, std::vector<Typed>& args) {
    Typed out;
    out.type.kind = args[0].type.kind;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i].type.kind != out.type.kind) {
            cx.error("E0201", call.operands[i]->range,
                     fmt::format("{}(...) needs arguments of one kind: argument 1 is {}, but argument {} is {}", f.name,
                                 type_text(cx, args[0].type), i + 1, type_text(cx, args[i].type)));
            out.type.error = true;
            return out;
        }
    }
    out.id = fold(cx, f, args);
    return out;
}

Typed same_unit_fold(Context& cx, const ast::Expr& call, const Function& f, std::vector<Typed>& args) {
    if (args[0].type.kind == ValueKind::Date || args[0].type.kind == ValueKind::Timestamp)
        return same_kind_fold(cx, call, f, args);
    Typed out;
    out.type.kind = ValueKind::Number;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i].type.kind != ValueKind::Number) {
            cx.error("E0201", call.operands[i]->range,
                     fmt::format("{}(...) needs numbers, but argument {} is {}", f.name, i + 1, type_text(cx, args[i].type)));
            out.type.error = true;
        }
    }
    if (out.type.error) return out;
    // The finest unit of the arguments' one dimension, if they have one.
    UnitPair target = args[0].type.unit;
    auto plain = [&](UnitPair u) { return u.num >= 0 && u.den < 0 && !is_money(cx, u); };
    for (std::size_t i = 1; i < args.size(); ++i) {
        UnitPair u = args[i].type.unit;
        if (u == target) continue;
        if (!plain(u) || !plain(target) || !same_dimension(cx, u.num, target.num)) {
            cx.error("E0202", call.range,
                     fmt::format("unit mismatch: {}(...) cannot compare {} with {}", f.name, unit_text(cx, args[0].type.unit),
                                 unit_text(cx, u)));
            out.type.error = true;
            return out;
        }
        if (cx.t.units[u.num].factor < cx.t.units[target.num].factor) target = u;
    }
    bool integer = true;
    for (std::size_t i = 0; i < args.size(); ++i) {
        Typed& a = args[i];
        if (!(a.type.unit == target)) {
            std::optional<Decimal> ratio;
            try {
                ratio = Decimal::divide_exact(cx.t.units[a.type.unit.num].factor, cx.t.units[target.num].factor);
            } catch (const OverflowError&) {
            }
            if (!ratio) {
                cx.error("E0203", call.operands[i]->range,
                         fmt::format("{}(...) compares in {}, and {} cannot be converted to it exactly", f.name,
                                     unit_text(cx, target), unit_text(cx, a.type.unit)))
                    .notes.push_back({{}, fmt::format("convert it first, e.g. ceil(x to {})", unit_text(cx, target))});
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.op = Op::Mul;
            n.a = a.id;
            n.b = cx.constant(*ratio);
            a.id = cx.node(n);
            a.type.integer = a.type.integer && ratio->is_integer();
        }
        integer = integer && a.type.integer;
    }
    out.id = fold(cx, f, args);
    out.type.unit = target;
    out.type.integer = integer;
    return out;
}

// days(FROM, TO): the days from FROM to TO, both counted (a plain whole
// number; 0 when TO is before FROM). Dates only: a timestamp has a time of
// day, and which day it falls on is the usage's business.
Typed days_between(Context& cx, const ast::Expr& call, const Function& f, std::vector<Typed>& args) {
    Typed out;
    out.type.kind = ValueKind::Number;
    out.type.integer = true;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i].type.kind != ValueKind::Date) {
            cx.error("E0201", call.operands[i]->range,
                     fmt::format("{}(...) needs dates, but argument {} is {}", f.name, i + 1, type_text(cx, args[i].type)));
            out.type.error = true;
        }
    }
    if (!out.type.error) out.id = fold(cx, f, args);
    return out;
}

// ceil, floor and round are listed for the messages and the docs; the
// grammar reads them (`x to UNIT`), so they are never called through here.
constexpr Function kFunctions[] = {
    {"ceil", "ceil(x to UNIT)", 1, 1, nullptr, Op::Convert},
    {"floor", "floor(x to UNIT)", 1, 1, nullptr, Op::Convert},
    {"round", "round(x to UNIT MODE)", 1, 1, nullptr, Op::Convert},
    {"max", "max(a, b, ...)", 2, kAnyNumber, same_unit_fold, Op::Max},
    {"min", "min(a, b, ...)", 2, kAnyNumber, same_unit_fold, Op::Min},
    {"days", "days(FROM, TO)", 2, 2, days_between, Op::Days},
};

const Function* find_function(std::string_view name) {
    for (const auto& f : kFunctions)
        if (f.name == name) return &f;
    return nullptr;
}

}  // namespace

std::string function_names() {
    std::string all;
    constexpr std::size_t n = std::size(kFunctions);
    for (std::size_t i = 0; i < n; ++i) {
        all += i == 0 ? "" : i + 1 == n ? " and " : ", ";
        all += kFunctions[i].name;
    }
    return all;
}

std::vector<std::string> function_list() {
    std::vector<std::string> out;
    for (const auto& f : kFunctions) out.emplace_back(f.name);
    return out;
}

Typed call(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e) {
    std::vector<Typed> args;
    bool error = false;
    for (const auto& a : e.operands) {
        args.push_back(expr(cx, env, scope, *a));
        error = error || args.back().type.error;
    }
    Typed out;
    out.type.kind = ValueKind::Number;
    out.type.error = true;
    const Function* f = find_function(e.function.text);
    if (!f) {
        suggest(cx.error("E0101", e.function.range,
                         fmt::format("unknown function '{}'; the functions are {}", e.function.text, function_names())),
                e.function.text, function_list());
        return out;
    }
    if (!f->rule) {  // unreachable: the grammar reads these as conversions
        cx.error("E0206", e.range, fmt::format("{} is written {}", f->name, f->shape));
        return out;
    }
    if (args.size() < f->min_args || args.size() > f->max_args) {
        std::string want = f->max_args == kAnyNumber   ? fmt::format("at least {}", f->min_args)
                           : f->min_args == f->max_args ? fmt::format("{}", f->min_args)
                                                        : fmt::format("{} to {}", f->min_args, f->max_args);
        cx.error("E0206", e.range,
                 fmt::format("{}(...) takes {} argument{}, but this call has {}", f->name, want,
                             f->max_args == 1 && f->min_args == 1 ? "" : "s", args.size()))
            .notes.push_back({{}, fmt::format("write it {}", f->shape)});
        return out;
    }
    if (error) return out;
    return f->rule(cx, e, *f, args);
}

}  // namespace tarifc::check
