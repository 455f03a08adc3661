#include "plan/expr_text.hpp"

#include <fmt/format.h>

namespace tarifc::plan {

namespace {

struct Printer {
    const Tariff& t;

    static const char* infix(Op op) {
        switch (op) {
            case Op::And: return "and";
            case Op::Or: return "or";
            case Op::Eq: return "=";
            case Op::Ne: return "!=";
            case Op::Lt: return "<";
            case Op::Le: return "<=";
            case Op::Gt: return ">";
            case Op::Ge: return ">=";
            case Op::Add: return "+";
            case Op::Sub: return "-";
            case Op::Mul: return "*";
            default: return nullptr;
        }
    }

    // The field a node reads, when it reads one (for choice names).
    const Field* field_of(ExprId id) const {
        if (id < 0) return nullptr;
        const Node& n = t.nodes[static_cast<std::size_t>(id)];
        const auto list_field = [&](int list, int field) -> const Field* {
            if (list < 0 || static_cast<std::size_t>(list) >= t.inputs.lists.size()) return nullptr;
            const auto& fs = t.inputs.lists[static_cast<std::size_t>(list)].fields;
            return field >= 0 && static_cast<std::size_t>(field) < fs.size() ? &fs[static_cast<std::size_t>(field)] : nullptr;
        };
        switch (n.op) {
            case Op::RecordField: return &t.inputs.usage_fields[static_cast<std::size_t>(n.a)];
            case Op::AccountField: return &t.inputs.account_fields[static_cast<std::size_t>(n.a)];
            case Op::RefField:
            case Op::VarField: return list_field(n.b, n.c);
            default: return nullptr;
        }
    }

    // A constant, as the choice it stands for when compared with a choice.
    std::string constant(const Node& k, const Field* as) const {
        if (as && as->kind == ValueKind::Enum) {
            auto i = k.k.to_int64();
            if (i && *i >= 0 && static_cast<std::size_t>(*i) < as->enum_values.size())
                return as->enum_values[static_cast<std::size_t>(*i)];
        }
        return k.k.to_string();
    }

    std::string operand(ExprId id, const Field* as) const {
        const Node& n = t.nodes[static_cast<std::size_t>(id)];
        if (n.op == Op::Const) return constant(n, as);
        std::string s = text(id);
        return infix(n.op) ? "(" + s + ")" : s;
    }

    // The unit of dimension `like` whose factor is `factor` (a conversion's target).
    std::string unit_with_factor(int like, const Decimal& factor) const {
        if (like >= 0)
            for (const auto& u : t.units)
                if (u.base == t.units[static_cast<std::size_t>(like)].base && u.factor == factor) return u.name;
        return "×" + factor.to_string();
    }

    std::string text(ExprId id) const {
        const Node& n = t.nodes[static_cast<std::size_t>(id)];
        if (const char* op = infix(n.op)) {
            // A comparison of a choice with a constant names the choice.
            const Field* fa = field_of(n.a);
            const Field* fb = field_of(n.b);
            return fmt::format("{} {} {}", operand(n.a, fb), op, operand(n.b, fa));
        }
        switch (n.op) {
            case Op::Const: return n.k.to_string();
            case Op::RecordField: return t.inputs.record_name + "." + t.inputs.usage_fields[static_cast<std::size_t>(n.a)].name;
            case Op::Let: return t.lets[static_cast<std::size_t>(n.a)].name;
            case Op::RefField:
                return fmt::format("{}.{}.{}", t.inputs.record_name, t.inputs.usage_fields[static_cast<std::size_t>(n.a)].name,
                                   field_of(id) ? field_of(id)->name : "?");
            case Op::AccountField: return "account." + t.inputs.account_fields[static_cast<std::size_t>(n.a)].name;
            case Op::VarField:
                return fmt::format("{}.{}", t.inputs.lists[static_cast<std::size_t>(n.b)].entity_name,
                                   field_of(id) ? field_of(id)->name : "?");
            case Op::Meter: return t.meters[static_cast<std::size_t>(n.a)].name;
            case Op::Not: return "not " + operand(n.a, nullptr);
            case Op::InSet: {
                const Field* f = field_of(n.a);
                std::string set;
                for (int i = 0; i < 64; ++i) {
                    if (!((n.mask >> i) & 1)) continue;
                    if (!set.empty()) set += ", ";
                    set += f && static_cast<std::size_t>(i) < f->enum_values.size() ? f->enum_values[static_cast<std::size_t>(i)]
                                                                                    : std::to_string(i);
                }
                return fmt::format("{} in {{{}}}", operand(n.a, nullptr), set);
            }
            case Op::Max: return fmt::format("max({}, {})", text(n.a), text(n.b));
            case Op::Min: return fmt::format("min({}, {})", text(n.a), text(n.b));
            case Op::ChoiceMap: {
                // The same choice read as another set of values: the text of the operand says which.
                return text(n.a);
            }
            case Op::Convert:
                return fmt::format("round({} to {} {})", text(n.a), unit_with_factor(n.b, n.k2), to_string(n.mode));
            case Op::Quotient: {
                // A × k / (B × k2): k2 is the step when no unit is converted.
                const Decimal& step = t.nodes[static_cast<std::size_t>(n.c)].k;
                const bool plain = n.k == Decimal::from_int(1) && n.k2 == step;
                return fmt::format("round({}{} to {} {}{})", text(n.a), n.b == kNoExpr ? "" : " / " + operand(n.b, nullptr),
                                   step.to_string(), to_string(n.mode),
                                   plain ? "" : fmt::format("; ×{}/{}", n.k.to_string(), n.k2.to_string()));
            }
            case Op::Period: return n.a == 0 ? "period.days" : n.a == 1 ? "period.first" : "period.last";
            case Op::Days: return fmt::format("days({}, {})", text(n.a), text(n.b));
            default: return "?";
        }
    }
};

}  // namespace

std::string expr_text(const Tariff& t, ExprId id) {
    if (id == kNoExpr) return "";
    return Printer{t}.text(id);
}

std::string unit_pair_text(const Tariff& t, UnitPair u) {
    const auto name = [&](int i) { return i >= 0 ? t.units[static_cast<std::size_t>(i)].name : std::string(); };
    if (u.den >= 0) return (u.num >= 0 ? name(u.num) : "1") + "/" + name(u.den);
    return name(u.num);
}

}  // namespace tarifc::plan
