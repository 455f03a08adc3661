// Expressions: typing and lowering into the plan's node pool. What a name
// means depends on the Scope it is read in (record or account, the lets
// defined so far, the for-each entry), passed in explicitly.
#include <algorithm>

#include <fmt/format.h>

#include "base/spelling.hpp"
#include "check/context.hpp"

namespace tarifc::check {

Typed expect_bool(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e, const char* what) {
    Typed t = expr(cx, env, scope, e);
    if (!t.type.error && t.type.kind != ValueKind::Bool) {
        cx.error("E0201", e.range, fmt::format("{} must be a condition, but this is {}", what, type_text(cx, t.type)));
        t.type.error = true;
    }
    return t;
}
void suggest(Diagnostic& d, std::string_view word, const std::vector<std::string>& candidates) {
    std::string note = did_you_mean(word, candidates);
    if (!note.empty()) d.notes.push_back({{}, std::move(note)});
}
std::optional<int> enum_value(Context& cx, const Type& t, const ast::Name& n) {
    auto& vals = *t.enum_values;
    auto it = std::find(vals.begin(), vals.end(), n.text);
    if (it == vals.end()) {
        std::string all;
        for (const auto& v : vals) all += (all.empty() ? "" : ", ") + v;
        suggest(cx.error("E0101", n.range, fmt::format("unknown value '{}'; expected one of {}", n.text, all)), n.text, vals);
        return std::nullopt;
    }
    return static_cast<int>(it - vals.begin());
}
namespace {

std::string braced(const std::vector<std::string>& values) {
    std::string all;
    for (const auto& v : values) all += (all.empty() ? "" : ", ") + v;
    return "{" + all + "}";
}

// Two different choices compared with = or !=: fine when their value sets
// share a value. The values are compared by name: `a` is lowered through a
// map from its value indices to `b`'s (-1 for a value `b` lacks), and
// takes `b`'s type. Reports and returns false when nothing is shared.
bool choices_comparable(Context& cx, const ast::Expr& e, Typed& a, const Typed& b) {
    const auto& from = *a.type.enum_values;
    const auto& to = *b.type.enum_values;
    if (from == to) {  // the same values in the same order: the indices agree
        a.type.enum_values = b.type.enum_values;
        return true;
    }
    std::vector<int> map;
    bool shared = false;
    for (const auto& v : from) {
        auto it = std::find(to.begin(), to.end(), v);
        map.push_back(it == to.end() ? -1 : static_cast<int>(it - to.begin()));
        shared = shared || it != to.end();
    }
    if (!shared) {
        cx.error("E0201", e.range,
                 fmt::format("cannot compare a choice of {} with a choice of {}: the two sets have no value in common",
                             braced(from), braced(to)));
        return false;
    }
    plan::Node n;
    n.op = Op::ChoiceMap;
    n.a = a.id;
    n.c = static_cast<int>(cx.t.choice_maps.size());
    cx.t.choice_maps.push_back(std::move(map));
    a.id = cx.node(n);
    a.type.enum_values = b.type.enum_values;
    return true;
}

// A name or a dotted path: a record or account field, a list entry, a let or a meter.
Typed path(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e) {
    const auto& seg = e.path;
    const std::string& head = seg[0].text;
    Typed out;
    auto too_long = [&](std::size_t keep) {
        cx.error("E0101", seg[keep].range,
              fmt::format("'{}' has no part named '{}'", seg[keep - 1].text, seg[keep].text));
        out.type.error = true;
        return out;
    };
    auto entity_field = [&](int list, std::size_t at, plan::Node n) -> Typed {
        if (list < 0) {  // the list itself was not declared; already reported
            out.type.error = true;
            return out;
        }
        const auto& L = cx.t.inputs.lists[list];
        if (seg.size() <= at) {
            out.type.kind = ValueKind::Ref;
            out.type.list = list;
            if (n.op == Op::RefField) {
                n.op = Op::RecordField;  // the entry index itself
            }
            out.id = cx.node(n);
            return out;
        }
        auto it = std::find_if(L.fields.begin(), L.fields.end(), [&](const plan::Field& f) { return f.name == seg[at].text; });
        if (it == L.fields.end()) {
            std::vector<std::string> names;
            for (const auto& f : L.fields) names.push_back(f.name);
            suggest(cx.error("E0101", seg[at].range, fmt::format("{} has no field '{}'", L.entity_name, seg[at].text)),
                    seg[at].text, names);
            out.type.error = true;
            return out;
        }
        if (seg.size() > at + 1) return too_long(at + 1);
        n.b = list;
        n.c = static_cast<int>(it - L.fields.begin());
        out.id = cx.node(n);
        out.type.kind = it->kind;
        out.type.unit = it->unit;
        out.type.integer = it->integer;
        out.type.enum_values = &it->enum_values;
        if (it->kind == ValueKind::Text || it->kind == ValueKind::List) {
            cx.error("E0201", e.range, fmt::format("{} field '{}' is text and cannot be computed with", L.entity_name, it->name));
            out.type.error = true;
        }
        return out;
    };

    // A usage or account field's value: its node and its type.
    auto field_value = [&](Op op, int index, const plan::Field& f) -> Typed {
        plan::Node n;
        n.op = op;
        n.a = index;
        out.id = cx.node(n);
        out.type.kind = f.kind;
        out.type.unit = f.unit;
        out.type.integer = f.integer;
        out.type.enum_values = &f.enum_values;
        return out;
    };

    // The record: call.field, call.ref.field
    if (scope.at == Scope::At::Record && head == cx.t.inputs.record_name) {
        if (seg.size() < 2) {
            cx.error("E0201", e.range, fmt::format("'{}' is the whole record; name one of its fields", head));
            out.type.error = true;
            return out;
        }
        auto it = env.sym.usage_fields.find(seg[1].text);
        if (it == env.sym.usage_fields.end()) {
            suggest(cx.error("E0101", seg[1].range, fmt::format("{} has no field '{}'", head, seg[1].text)), seg[1].text,
                    keys_of(env.sym.usage_fields));
            out.type.error = true;
            return out;
        }
        const plan::Field& f = cx.t.inputs.usage_fields[it->second];
        if (f.kind == ValueKind::Ref) {
            plan::Node n;
            n.op = Op::RefField;
            n.a = it->second;
            return entity_field(f.ref_list, 2, n);
        }
        if (seg.size() > 2) return too_long(2);
        if (f.kind == ValueKind::Text || f.kind == ValueKind::Account) {
            cx.error("E0201", e.range, fmt::format("{}.{} is text and cannot be computed with", head, f.name));
            out.type.error = true;
            return out;
        }
        return field_value(Op::RecordField, it->second, f);
    }
    if (head == "account") {
        if (seg.size() < 2) {
            cx.error("E0201", e.range, "'account' is the whole account; name one of its fields");
            out.type.error = true;
            return out;
        }
        auto it = env.sym.account_fields.find(seg[1].text);
        if (it == env.sym.account_fields.end()) {
            suggest(cx.error("E0101", seg[1].range, fmt::format("account has no field '{}'", seg[1].text)), seg[1].text,
                    keys_of(env.sym.account_fields));
            out.type.error = true;
            return out;
        }
        const plan::Field& f = cx.t.inputs.account_fields[it->second];
        if (seg.size() > 2) return too_long(2);
        if (f.kind == ValueKind::List) {
            out.type.kind = ValueKind::List;
            out.type.list = f.list;
            return out;
        }
        if (f.kind == ValueKind::Text || f.kind == ValueKind::Plan) {
            cx.error("E0201", e.range, fmt::format("account.{} is text and cannot be computed with", f.name));
            out.type.error = true;
            return out;
        }
        return field_value(Op::AccountField, it->second, f);
    }
    if (scope.at == Scope::At::Account && !scope.var.empty() && head == scope.var) {
        plan::Node n;
        n.op = Op::VarField;
        return entity_field(scope.var_list, 1, n);
    }
    // The invoice's month. A let or meter named `period` keeps its name;
    // `period.x` never read one (it was "has no part named 'x'").
    if (head == "period" && (seg.size() > 1 || !env.sym.names.count(head))) return period_value(cx, scope, e);
    auto it = env.sym.names.find(head);
    if (it != env.sym.names.end()) {
        const Decl& d = it->second;
        if (seg.size() > 1) return too_long(1);
        if (d.kind == DeclKind::Let) {
            if (scope.at != Scope::At::Record) {
                cx.error("E0201", e.range, fmt::format("'{}' is a per-{} value; here only account values and meters can be used",
                                                    head, cx.t.inputs.record_name));
                out.type.error = true;
                return out;
            }
            cx.use(d.ast);  // used, if too early: one error, not also "never used"
            if (d.index >= scope.lets_visible) {
                cx.error("E0105", e.range, fmt::format("let '{}' is used before it is defined", head))
                    .notes.push_back({d.range, "it is defined here"});
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.op = Op::Let;
            n.a = d.index;
            out.id = cx.node(n);
            out.type = env.lets.types[d.index];
            return out;
        }
        if (d.kind == DeclKind::Meter) {
            if (scope.at != Scope::At::Account) {
                cx.error("E0201", e.range, fmt::format("meter '{}' is a total for the month; it cannot be used per {}", head,
                                                    cx.t.inputs.record_name));
                out.type.error = true;
                return out;
            }
            cx.use(d.ast);
            const plan::Meter& m = cx.t.meters[d.index];
            if (m.group_list >= 0 && m.group_list != scope.var_list) {
                cx.error("E0201", e.range,
                      fmt::format("meter '{}' is grouped by {}; use it inside 'for each ... in account.{}'", head,
                                  cx.t.inputs.lists[m.group_list].entity_name, cx.t.inputs.lists[m.group_list].field_name));
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.op = Op::Meter;
            n.a = d.index;
            out.id = cx.node(n);
            out.type.kind = ValueKind::Number;
            out.type.unit = m.unit;
            out.type.integer = env.meters.integer[d.index];
            out.type.error = env.meters.error[d.index];
            return out;
        }
        cx.error("E0201", e.range, fmt::format("'{}' is a {}, not a value", head, kind_word(d.kind)));
        out.type.error = true;
        return out;
    }
    // What a name could have meant here: a let or meter, the record, the
    // account, the for-each entry, true or false.
    std::vector<std::string> names{"account", "true", "false"};
    for (const auto& [n, d] : env.sym.names)
        if (d.kind == DeclKind::Let || d.kind == DeclKind::Meter) names.push_back(n);
    if (scope.at == Scope::At::Record) names.push_back(cx.t.inputs.record_name);
    if (!scope.var.empty()) names.push_back(scope.var);
    suggest(cx.error("E0101", seg[0].range, fmt::format("unknown name '{}'", head)), head, names);
    out.type.error = true;
    return out;
}

}  // namespace

Typed expr(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e) {
    Typed out;
    switch (e.kind) {
        case ast::ExprKind::Quantity: {
            auto u = quantity_unit(cx, *e.quantity);
            out.id = cx.constant(e.quantity->value);
            out.type.kind = ValueKind::Number;
            out.type.integer = e.quantity->value.is_integer();
            if (!u) out.type.error = true;
            else out.type.unit = *u;
            return out;
        }
        case ast::ExprKind::String:
            cx.error("E0201", e.range, "text cannot be computed with here");
            out.type.error = true;
            return out;
        case ast::ExprKind::Bool:
            out.id = cx.constant(Decimal::from_int(e.boolean ? 1 : 0));
            out.type.kind = ValueKind::Bool;
            return out;
        case ast::ExprKind::Path:
            return path(cx, env, scope, e);
        case ast::ExprKind::Convert: {
            if (is_quotient(e)) return quotient(cx, env, scope, e);
            Typed a = expr(cx, env, scope, *e.operands[0]);
            auto to = unit_pair(cx, *e.to_unit);
            if (a.type.error || !to) {
                out.type.error = true;
                return out;
            }
            if (a.type.kind != ValueKind::Number || a.type.unit.num < 0 || a.type.unit.den >= 0 || is_money(cx, a.type.unit)) {
                cx.error("E0201", e.operands[0]->range, fmt::format("only a quantity with a unit can be converted; this is {}", type_text(cx, a.type)));
                out.type.error = true;
                return out;
            }
            if (to->den >= 0 || !same_dimension(cx, a.type.unit.num, to->num)) {
                cx.error("E0202", e.to_unit->range, fmt::format("cannot convert {} to {}", unit_text(cx, a.type.unit), unit_text(cx, *to)));
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.op = Op::Convert;
            n.a = a.id;
            n.b = a.type.unit.num;  // the operand's unit (a charge's allowance, explain)
            n.mode = e.mode;
            n.k = cx.t.units[a.type.unit.num].factor;
            n.k2 = cx.t.units[to->num].factor;
            out.id = cx.node(n);
            out.type.kind = ValueKind::Number;
            out.type.unit = *to;
            out.type.integer = true;
            return out;
        }
        case ast::ExprKind::Call:
            return call(cx, env, scope, e);
        case ast::ExprKind::Divide:
            return bare_division(cx, env, scope, e);
        case ast::ExprKind::Not: {
            Typed a = expect_bool(cx, env, scope, *e.operands[0], "'not' needs a condition; the operand");
            plan::Node n;
            n.op = Op::Not;
            n.a = a.id;
            out.id = cx.node(n);
            out.type.kind = ValueKind::Bool;
            out.type.error = a.type.error;
            return out;
        }
        case ast::ExprKind::And:
        case ast::ExprKind::Or: {
            const char* w = e.kind == ast::ExprKind::And ? "each side of 'and'" : "each side of 'or'";
            Typed a = expect_bool(cx, env, scope, *e.operands[0], w);
            Typed b = expect_bool(cx, env, scope, *e.operands[1], w);
            plan::Node n;
            n.op = e.kind == ast::ExprKind::And ? Op::And : Op::Or;
            n.a = a.id;
            n.b = b.id;
            out.id = cx.node(n);
            out.type.kind = ValueKind::Bool;
            out.type.error = a.type.error || b.type.error;
            return out;
        }
        case ast::ExprKind::InSet: {
            Typed a = expr(cx, env, scope, *e.operands[0]);
            out.type.kind = ValueKind::Bool;
            if (a.type.error) {
                out.type.error = true;
                return out;
            }
            if (a.type.kind != ValueKind::Enum) {
                cx.error("E0201", e.operands[0]->range, fmt::format("'in {{...}}' needs a choice field, but this is {}", type_text(cx, a.type)));
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.op = Op::InSet;
            n.a = a.id;
            for (const auto& item : e.set_items) {
                auto v = enum_value(cx, a.type, item);
                if (!v) out.type.error = true;
                else n.mask |= uint64_t{1} << *v;
            }
            out.id = cx.node(n);
            return out;
        }
        case ast::ExprKind::Compare: {
            Typed a = expr(cx, env, scope, *e.operands[0]);
            Typed b;
            const ast::Expr& rhs = *e.operands[1];
            // A bare name compared with a choice is one of its values when it
            // is one (a value may share its name with a declaration).
            bool is_value = !a.type.error && a.type.kind == ValueKind::Enum && rhs.kind == ast::ExprKind::Path &&
                            rhs.path.size() == 1 &&
                            std::count(a.type.enum_values->begin(), a.type.enum_values->end(), rhs.path[0].text);
            if (!a.type.error && a.type.kind == ValueKind::Enum && rhs.kind == ast::ExprKind::Path &&
                rhs.path.size() == 1 && (is_value || !env.sym.names.count(rhs.path[0].text))) {
                auto v = enum_value(cx, a.type, rhs.path[0]);
                b.type = a.type;
                if (!v) b.type.error = true;
                else b.id = cx.constant(Decimal::from_int(*v));
            } else if (a.type.error && rhs.kind == ast::ExprKind::Path && rhs.path.size() == 1 &&
                       !env.sym.names.count(rhs.path[0].text)) {
                b.type.error = true;  // maybe a value of the choice that was not found: do not guess
            } else {
                b = expr(cx, env, scope, rhs);
            }
            out.type.kind = ValueKind::Bool;
            if (a.type.error || b.type.error) {
                out.type.error = true;
                return out;
            }
            bool ordered = e.compare != ast::CompareOp::Eq && e.compare != ast::CompareOp::Ne;
            if (a.type.kind == ValueKind::Enum && b.type.kind == ValueKind::Enum && a.type.enum_values != b.type.enum_values &&
                !ordered && !choices_comparable(cx, e, a, b)) {
                out.type.error = true;
                return out;
            }
            if (a.type.kind != b.type.kind ||
                (a.type.kind == ValueKind::Enum && a.type.enum_values != b.type.enum_values && !ordered) ||
                (a.type.kind == ValueKind::Ref && a.type.list != b.type.list)) {
                cx.error("E0201", e.range, fmt::format("cannot compare {} with {}", type_text(cx, a.type), type_text(cx, b.type)));
                out.type.error = true;
                return out;
            }
            if (a.type.kind == ValueKind::Number && !(a.type.unit == b.type.unit)) {
                cx.error("E0202", e.range, fmt::format("unit mismatch: cannot compare {} with {}", unit_text(cx, a.type.unit), unit_text(cx, b.type.unit)));
                out.type.error = true;
                return out;
            }
            if (ordered && a.type.kind != ValueKind::Number && a.type.kind != ValueKind::Date &&
                a.type.kind != ValueKind::Timestamp) {
                cx.error("E0201", e.range, fmt::format("{} has no order; use = or !=", type_text(cx, a.type)));
                out.type.error = true;
                return out;
            }
            plan::Node n;
            static constexpr Op ops[] = {Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge};
            n.op = ops[static_cast<int>(e.compare)];
            n.a = a.id;
            n.b = b.id;
            out.id = cx.node(n);
            return out;
        }
        case ast::ExprKind::Add:
        case ast::ExprKind::Subtract:
        case ast::ExprKind::Multiply: {
            Typed a = expr(cx, env, scope, *e.operands[0]);
            Typed b = expr(cx, env, scope, *e.operands[1]);
            out.type.kind = ValueKind::Number;
            if (a.type.error || b.type.error) {
                out.type.error = true;
                return out;
            }
            if (a.type.kind != ValueKind::Number || b.type.kind != ValueKind::Number) {
                cx.error("E0201", e.range, fmt::format("arithmetic needs numbers, but this combines {} and {}", type_text(cx, a.type), type_text(cx, b.type)));
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.a = a.id;
            n.b = b.id;
            if (e.kind == ast::ExprKind::Multiply) {
                n.op = Op::Mul;
                UnitPair x = a.type.unit, y = b.type.unit;
                if (x.num < 0 && x.den < 0) out.type.unit = y;
                else if (y.num < 0 && y.den < 0) out.type.unit = x;
                else if (x.den >= 0 && y.den < 0 && x.den == y.num) out.type.unit = {x.num, -1};
                else if (y.den >= 0 && x.den < 0 && y.den == x.num) out.type.unit = {y.num, -1};
                else if (x.den >= 0 && y.den < 0 && same_dimension(cx, x.den, y.num)) {
                    // Same dimension, other unit: a conversion, and so a rounding, left implicit.
                    cx.error("E0203", e.range, fmt::format("{} × {} converts {} to {} without saying how it rounds",
                                                        unit_text(cx, x), unit_text(cx, y), unit_text(cx, y), cx.t.units[x.den].name))
                        .notes.push_back({{}, fmt::format("convert it first, e.g. ceil(x to {})", cx.t.units[x.den].name)});
                    out.type.error = true;
                    return out;
                } else if (y.den >= 0 && x.den < 0 && same_dimension(cx, y.den, x.num)) {
                    cx.error("E0203", e.range, fmt::format("{} × {} converts {} to {} without saying how it rounds",
                                                        unit_text(cx, x), unit_text(cx, y), unit_text(cx, x), cx.t.units[y.den].name))
                        .notes.push_back({{}, fmt::format("convert it first, e.g. ceil(x to {})", cx.t.units[y.den].name)});
                    out.type.error = true;
                    return out;
                } else {
                    cx.error("E0202", e.range, fmt::format("unit mismatch: {} × {}", unit_text(cx, x), unit_text(cx, y)));
                    out.type.error = true;
                    return out;
                }
                out.type.integer = a.type.integer && b.type.integer;
            } else {
                n.op = e.kind == ast::ExprKind::Add ? Op::Add : Op::Sub;
                if (!(a.type.unit == b.type.unit)) {
                    cx.error("E0202", e.range, fmt::format("unit mismatch: cannot {} {} and {}",
                                                        e.kind == ast::ExprKind::Add ? "add" : "subtract",
                                                        unit_text(cx, a.type.unit), unit_text(cx, b.type.unit)));
                    out.type.error = true;
                    return out;
                }
                out.type.unit = a.type.unit;
                out.type.integer = a.type.integer && b.type.integer;
            }
            out.id = cx.node(n);
            return out;
        }
    }
    return out;
}

}  // namespace tarifc::check
