// Stage 2: names, types, units, tier tables, packs — and compilation of each
// sound tariff into the flat plan the evaluator runs.
#include "check/check.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>


namespace tarifc {

namespace {

using plan::ExprId;
using plan::kNoExpr;
using plan::Op;
using plan::UnitPair;
using plan::ValueKind;

// The static type of an expression.
struct Type {
    ValueKind kind = ValueKind::Number;
    UnitPair unit;
    bool integer = false;
    const std::vector<std::string>* enum_values = nullptr;  // Enum
    int list = -1;                                          // Ref / for-each entry
    bool error = false;  // already reported: do not cascade
};

struct Typed {
    ExprId id = kNoExpr;
    Type type;
};

enum class Scope { Record, Account };

enum class DeclKind { Let, Meter, Charge, Minimum, Discount };

struct Decl {
    DeclKind kind;
    int index;
    const void* ast;
    SourceRange range;
};

const char* kind_word(DeclKind k) {
    switch (k) {
        case DeclKind::Let: return "let";
        case DeclKind::Meter: return "meter";
        case DeclKind::Charge: return "charge";
        case DeclKind::Minimum: return "minimum";
        case DeclKind::Discount: return "discount";
    }
    return "";
}

// Money with thousands separators, for messages: 19,701.00
std::string money_text(const Decimal& d) {
    std::string s = d.rounded(2, RoundingMode::HalfUp).to_fixed(2);
    bool neg = !s.empty() && s[0] == '-';
    std::string digits = s.substr(neg ? 1 : 0, s.find('.') - (neg ? 1 : 0));
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) grouped.push_back(',');
        grouped.push_back(digits[i]);
    }
    return (neg ? "-" : "") + grouped + s.substr(s.find('.'));
}

class Compiler {
public:
    Compiler(const Workspace& ws, Diagnostics& diags, std::set<const void*>& used)
        : ws_(ws), diags_(diags), used_(used) {}

    // Compiles the program rooted at `root`; returns false if it had errors.
    bool compile(int root, plan::Tariff& out);

private:
    const Workspace& ws_;
    Diagnostics& diags_;
    std::set<const void*>& used_;
    plan::Tariff t_;
    std::size_t errors_at_start_ = 0;

    std::vector<const ast::Module*> mods_;
    std::unordered_map<std::string, int> units_;
    std::unordered_map<std::string, Decl> names_;
    std::unordered_map<std::string, int> packs_;
    std::unordered_map<std::string, int> account_fields_;
    std::unordered_map<std::string, int> usage_fields_;
    std::unordered_map<std::string, int> lists_by_field_;
    std::vector<Type> let_types_;
    std::vector<bool> meter_integer_;
    std::vector<bool> meter_error_;  // its sum(...) was reported: uses do not cascade
    std::vector<SourceRange> pack_ranges_;
    std::vector<const ast::FieldDecl*> usage_field_decls_;
    int lets_compiled_ = 0;

    // The for-each entry in scope, if any.
    std::string var_;
    int var_list_ = -1;

    // ------------------------------------------------------------ helpers
    Diagnostic& error(const char* code, SourceRange r, std::string msg) {
        return diags_.error(code, r, std::move(msg));
    }
    ExprId node(plan::Node n) {
        t_.nodes.push_back(std::move(n));
        return static_cast<ExprId>(t_.nodes.size() - 1);
    }
    ExprId constant(const Decimal& v) {
        plan::Node n;
        n.op = Op::Const;
        n.k = v;
        return node(std::move(n));
    }
    std::string unit_text(UnitPair u) const {
        if (u.num < 0 && u.den < 0) return "a plain number";
        std::string s = u.num >= 0 ? t_.units[u.num].name : "1";
        if (u.den >= 0) s += "/" + t_.units[u.den].name;
        return s;
    }
    std::string type_text(const Type& t) const {
        switch (t.kind) {
            case ValueKind::Number:
                if (t.unit.num >= 0 && t_.units[t.unit.num].is_currency && t.unit.den < 0) return "money (" + unit_text(t.unit) + ")";
                if (t.unit.den >= 0) return "a rate (" + unit_text(t.unit) + ")";
                return t.unit.num >= 0 ? "a quantity in " + unit_text(t.unit) : "a plain number";
            case ValueKind::Bool: return "a condition (true/false)";
            case ValueKind::Text: return "text";
            case ValueKind::Enum: return "a choice";
            case ValueKind::Date: return "a date";
            case ValueKind::Timestamp: return "a timestamp";
            case ValueKind::Plan: return "a plan name";
            case ValueKind::Pack: return "a pack type";
            case ValueKind::Account: return "an account";
            case ValueKind::Ref: return "an entry of account." + t_.inputs.lists[t.list].field_name;
            case ValueKind::List: return "a list";
        }
        return "?";
    }
    // How a quantity's unit reads after "the quantity is": "in minute",
    // "a plain number", "money (CNY)", "a rate (CNY/minute)".
    std::string quantity_desc(UnitPair u) const {
        if (u.num >= 0 && u.den < 0 && !t_.units[u.num].is_currency) return "in " + unit_text(u);
        Type t;
        t.unit = u;
        return type_text(t);
    }
    bool is_money(UnitPair u) const { return u.num >= 0 && u.den < 0 && t_.units[u.num].is_currency; }
    // A count or an amount of some unit: what 'on' and a minimum's basis take.
    bool is_quantity(const Type& t) const {
        return t.kind == ValueKind::Number && !is_money(t.unit) && t.unit.den < 0;
    }
    // The for-each entry goes out of scope at the end of its charge.
    void leave_for_each() {
        var_.clear();
        var_list_ = -1;
    }
    // Money in the tariff's own currency.
    bool is_tariff_money(UnitPair u) const { return is_money(u) && u.num == currency_unit(); }
    bool is_tariff_money(const Type& t) const { return t.kind == ValueKind::Number && is_tariff_money(t.unit); }
    // Charges named by a minimum's or a discount's basis.
    std::vector<int> charge_indices(const std::vector<ast::Name>& names) {
        std::vector<int> out;
        for (const auto& n : names) {
            auto it = names_.find(n.text);
            if (it == names_.end() || it->second.kind != DeclKind::Charge)
                error("E0101", n.range, fmt::format("unknown charge '{}'", n.text));
            else out.push_back(it->second.index);
        }
        return out;
    }
    bool same_dimension(int a, int b) const { return a >= 0 && b >= 0 && t_.units[a].base == t_.units[b].base; }

    std::optional<int> unit(const ast::Name& n) {
        auto it = units_.find(n.text);
        if (it == units_.end()) {
            error("E0204", n.range, fmt::format("unknown unit '{}'", n.text))
                .notes.push_back({{}, "declare it with 'unit " + n.text + "' or check the spelling"});
            return std::nullopt;
        }
        return it->second;
    }
    std::optional<UnitPair> unit_pair(const ast::UnitRef& u) {
        UnitPair p;
        auto a = unit(u.numerator);
        if (!a) return std::nullopt;
        p.num = *a;
        if (u.denominator) {
            auto b = unit(*u.denominator);
            if (!b) return std::nullopt;
            p.den = *b;
        }
        return p;
    }
    std::optional<UnitPair> quantity_unit(const ast::Quantity& q) {
        if (!q.unit) return UnitPair{};
        return unit_pair(*q.unit);
    }
    void use(const void* decl) { used_.insert(decl); }
    // A literal with its unit as written, for messages: "0.0499 CNY/minute".
    static std::string shown(const ast::Quantity& q) {
        if (!q.unit) return q.text;
        std::string s = q.text + " " + q.unit->numerator.text;
        if (q.unit->denominator) s += "/" + q.unit->denominator->text;
        return s;
    }

    // A money literal with more decimals than the money rounding keeps.
    void check_money_precision(const ast::Quantity& q) {
        if (t_.money_rounding.quantum.is_zero()) return;
        const auto& money = t_.money_rounding;
        Decimal r = q.value.rounded_to_step(money.quantum, money.mode);
        if (r != q.value)
            diags_.warning("W0402", q.range,
                           fmt::format("{} has more decimals than money rounding to {} keeps; it will bill as {}{}",
                                       shown(q), money.quantum.to_string(),
                                       r.to_fixed(money.quantum.normalized().scale()),
                                       q.unit ? " " + q.unit->numerator.text : std::string()));
    }
    void check_not_negative(const ast::Quantity& q, const char* what) {
        if (q.value.is_negative())
            error("E0401", q.range, fmt::format("{} {} is negative; prices must be zero or more", what, q.text));
    }

    // A rate literal applied per `qty_unit`: converts it exactly or reports.
    std::optional<Decimal> rate_per(const ast::Quantity& rate, UnitPair qty_unit, const char* what) {
        auto u = quantity_unit(rate);
        if (!u) return std::nullopt;
        check_not_negative(rate, what);
        if (u->num < 0 || !t_.units[u->num].is_currency || u->den < 0) {
            if (qty_unit.num < 0 && u->num >= 0 && t_.units[u->num].is_currency && u->den < 0) {
                // A price per plain count (e.g. per record): money is fine.
                if (u->num != currency_unit()) {
                    error("E0202", rate.range, fmt::format("{} is in {}, but the tariff's currency is {}", rate.text, unit_text(*u), t_.currency));
                    return std::nullopt;
                }
                return rate.value;
            }
            error("E0202", rate.range,
                  fmt::format("{} must be money per unit, e.g. 0.03 {}/{}", what, t_.currency,
                              qty_unit.num >= 0 ? t_.units[qty_unit.num].name : "unit"));
            return std::nullopt;
        }
        if (u->num != currency_unit()) {
            error("E0202", rate.range,
                  fmt::format("{} is in {}, but the tariff's currency is {}", rate.text, unit_text(*u), t_.currency));
            return std::nullopt;
        }
        if (qty_unit.den >= 0 || qty_unit.num < 0 || is_money(qty_unit)) {
            error("E0202", rate.range,
                  fmt::format("{} {} is priced per {}, but the quantity is {}", what, shown(rate),
                              t_.units[u->den].name, quantity_desc(qty_unit)));
            return std::nullopt;
        }
        if (u->den == qty_unit.num) return rate.value;
        if (!same_dimension(u->den, qty_unit.num)) {
            error("E0202", rate.range,
                  fmt::format("unit mismatch: {} is priced per {}, but the quantity is in {}", shown(rate),
                              t_.units[u->den].name, t_.units[qty_unit.num].name));
            return std::nullopt;
        }
        // Per `qty_unit`: rate × factor(qty) / factor(rate unit), exactly.
        auto exact = Decimal::divide_exact(rate.value * t_.units[qty_unit.num].factor, t_.units[u->den].factor);
        if (!exact) {
            error("E0203", rate.range,
                  fmt::format("{} cannot be applied to a quantity in {} without rounding", shown(rate),
                              t_.units[qty_unit.num].name))
                .notes.push_back({{}, fmt::format("say how the quantity rounds, e.g. ceil(x to {})",
                                                  t_.units[u->den].name)});
            return std::nullopt;
        }
        return *exact;
    }
    int currency_unit() const {
        auto it = units_.find(t_.currency);
        return it == units_.end() ? -1 : it->second;
    }
    // A quantity literal (tier bound, allowance, pack size) expressed in `want`.
    std::optional<Decimal> amount_in(const ast::Quantity& q, UnitPair want, const char* what) {
        auto u = quantity_unit(q);
        if (!u) return std::nullopt;
        if (!q.unit || *u == want) return q.value;
        if (u->den < 0 && want.den < 0 && same_dimension(u->num, want.num) && !is_money(want)) {
            auto exact = Decimal::divide_exact(q.value * t_.units[u->num].factor, t_.units[want.num].factor);
            if (exact) return *exact;
            error("E0203", q.range, fmt::format("{} {} is not a whole number of {}", what, q.text,
                                                t_.units[want.num].name));
            return std::nullopt;
        }
        error("E0202", q.range, fmt::format("{} {} is in {}, but the quantity is {}", what, q.text,
                                            unit_text(*u), quantity_desc(want)));
        return std::nullopt;
    }

    // ------------------------------------------------------------ phases
    void collect_units();
    void collect_policy(int root);
    void collect_inputs();
    plan::Field field(const ast::FieldDecl& f, bool in_account, bool in_list);
    void collect_names();
    void compile_lets();
    void compile_rejects();
    void compile_packs();
    void compile_meters();
    void compile_charges();
    void compile_minimums();
    void compile_discounts();
    std::optional<plan::ForEach> compile_for_each(const std::vector<ast::ForEach>& fe, SourceRange owner);
    bool compile_cadence(const ast::Cadence& c, bool& yearly, ExprId& anniversary);
    plan::Rounding compile_rounding(const std::vector<ast::RoundingPolicy>& r);
    void compile_tiers(const ast::TierTable& table, const Type& qty, plan::Charge& c);

    // ------------------------------------------------------------ expressions
    Typed expr(const ast::Expr& e, Scope scope);
    Typed path(const ast::Expr& e, Scope scope);
    Typed expect_bool(const ast::Expr& e, Scope scope, const char* what) {
        Typed t = expr(e, scope);
        if (!t.type.error && t.type.kind != ValueKind::Bool) {
            error("E0201", e.range, fmt::format("{} must be a condition, but this is {}", what, type_text(t.type)));
            t.type.error = true;
        }
        return t;
    }
    std::optional<int> enum_value(const Type& t, const ast::Name& n) {
        auto& vals = *t.enum_values;
        auto it = std::find(vals.begin(), vals.end(), n.text);
        if (it == vals.end()) {
            std::string all;
            for (const auto& v : vals) all += (all.empty() ? "" : ", ") + v;
            error("E0101", n.range, fmt::format("unknown value '{}'; expected one of {}", n.text, all));
            return std::nullopt;
        }
        return static_cast<int>(it - vals.begin());
    }
};

// ---------------------------------------------------------------- expressions

Typed Compiler::path(const ast::Expr& e, Scope scope) {
    const auto& seg = e.path;
    const std::string& head = seg[0].text;
    Typed out;
    auto too_long = [&](std::size_t keep) {
        error("E0101", seg[keep].range,
              fmt::format("'{}' has no part named '{}'", seg[keep - 1].text, seg[keep].text));
        out.type.error = true;
        return out;
    };
    auto entity_field = [&](int list, std::size_t at, plan::Node n) -> Typed {
        if (list < 0) {  // the list itself was not declared; already reported
            out.type.error = true;
            return out;
        }
        const auto& L = t_.inputs.lists[list];
        if (seg.size() <= at) {
            out.type.kind = ValueKind::Ref;
            out.type.list = list;
            if (n.op == Op::RefField) {
                n.op = Op::RecordField;  // the entry index itself
            }
            out.id = node(n);
            return out;
        }
        auto it = std::find_if(L.fields.begin(), L.fields.end(), [&](const plan::Field& f) { return f.name == seg[at].text; });
        if (it == L.fields.end()) {
            error("E0101", seg[at].range,
                  fmt::format("{} has no field '{}'", L.entity_name, seg[at].text));
            out.type.error = true;
            return out;
        }
        if (seg.size() > at + 1) return too_long(at + 1);
        n.b = list;
        n.c = static_cast<int>(it - L.fields.begin());
        out.id = node(n);
        out.type.kind = it->kind;
        out.type.unit = it->unit;
        out.type.integer = it->integer;
        out.type.enum_values = &it->enum_values;
        if (it->kind == ValueKind::Text || it->kind == ValueKind::List) {
            error("E0201", e.range, fmt::format("{} field '{}' is text and cannot be computed with", L.entity_name, it->name));
            out.type.error = true;
        }
        return out;
    };

    // The record: call.field, call.ref.field
    if (scope == Scope::Record && head == t_.inputs.record_name) {
        if (seg.size() < 2) {
            error("E0201", e.range, fmt::format("'{}' is the whole record; name one of its fields", head));
            out.type.error = true;
            return out;
        }
        auto it = usage_fields_.find(seg[1].text);
        if (it == usage_fields_.end()) {
            error("E0101", seg[1].range, fmt::format("{} has no field '{}'", head, seg[1].text));
            out.type.error = true;
            return out;
        }
        const plan::Field& f = t_.inputs.usage_fields[it->second];
        if (f.kind == ValueKind::Ref) {
            plan::Node n;
            n.op = Op::RefField;
            n.a = it->second;
            return entity_field(f.ref_list, 2, n);
        }
        if (seg.size() > 2) return too_long(2);
        if (f.kind == ValueKind::Text || f.kind == ValueKind::Account) {
            error("E0201", e.range, fmt::format("{}.{} is text and cannot be computed with", head, f.name));
            out.type.error = true;
            return out;
        }
        plan::Node n;
        n.op = Op::RecordField;
        n.a = it->second;
        out.id = node(n);
        out.type.kind = f.kind;
        out.type.unit = f.unit;
        out.type.integer = f.integer;
        out.type.enum_values = &f.enum_values;
        return out;
    }
    if (head == "account") {
        if (seg.size() < 2) {
            error("E0201", e.range, "'account' is the whole account; name one of its fields");
            out.type.error = true;
            return out;
        }
        auto it = account_fields_.find(seg[1].text);
        if (it == account_fields_.end()) {
            error("E0101", seg[1].range, fmt::format("account has no field '{}'", seg[1].text));
            out.type.error = true;
            return out;
        }
        const plan::Field& f = t_.inputs.account_fields[it->second];
        if (seg.size() > 2) return too_long(2);
        if (f.kind == ValueKind::List) {
            out.type.kind = ValueKind::List;
            out.type.list = f.list;
            return out;
        }
        if (f.kind == ValueKind::Text || f.kind == ValueKind::Plan) {
            error("E0201", e.range, fmt::format("account.{} is text and cannot be computed with", f.name));
            out.type.error = true;
            return out;
        }
        plan::Node n;
        n.op = Op::AccountField;
        n.a = it->second;
        out.id = node(n);
        out.type.kind = f.kind;
        out.type.unit = f.unit;
        out.type.integer = f.integer;
        out.type.enum_values = &f.enum_values;
        return out;
    }
    if (scope == Scope::Account && !var_.empty() && head == var_) {
        plan::Node n;
        n.op = Op::VarField;
        return entity_field(var_list_, 1, n);
    }
    auto it = names_.find(head);
    if (it != names_.end()) {
        const Decl& d = it->second;
        if (seg.size() > 1) return too_long(1);
        if (d.kind == DeclKind::Let) {
            if (scope != Scope::Record) {
                error("E0201", e.range, fmt::format("'{}' is a per-{} value; here only account values and meters can be used",
                                                    head, t_.inputs.record_name));
                out.type.error = true;
                return out;
            }
            use(d.ast);  // used, if too early: one error, not also "never used"
            if (d.index >= lets_compiled_) {
                error("E0105", e.range, fmt::format("let '{}' is used before it is defined", head))
                    .notes.push_back({d.range, "it is defined here"});
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.op = Op::Let;
            n.a = d.index;
            out.id = node(n);
            out.type = let_types_[d.index];
            return out;
        }
        if (d.kind == DeclKind::Meter) {
            if (scope != Scope::Account) {
                error("E0201", e.range, fmt::format("meter '{}' is a total for the month; it cannot be used per {}", head,
                                                    t_.inputs.record_name));
                out.type.error = true;
                return out;
            }
            use(d.ast);
            const plan::Meter& m = t_.meters[d.index];
            if (m.group_list >= 0 && m.group_list != var_list_) {
                error("E0201", e.range,
                      fmt::format("meter '{}' is grouped by {}; use it inside 'for each ... in account.{}'", head,
                                  t_.inputs.lists[m.group_list].entity_name, t_.inputs.lists[m.group_list].field_name));
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.op = Op::Meter;
            n.a = d.index;
            out.id = node(n);
            out.type.kind = ValueKind::Number;
            out.type.unit = m.unit;
            out.type.integer = meter_integer_[d.index];
            out.type.error = meter_error_[d.index];
            return out;
        }
        error("E0201", e.range, fmt::format("'{}' is a {}, not a value", head, kind_word(d.kind)));
        out.type.error = true;
        return out;
    }
    error("E0101", seg[0].range, fmt::format("unknown name '{}'", head));
    out.type.error = true;
    return out;
}

Typed Compiler::expr(const ast::Expr& e, Scope scope) {
    Typed out;
    switch (e.kind) {
        case ast::ExprKind::Quantity: {
            auto u = quantity_unit(*e.quantity);
            out.id = constant(e.quantity->value);
            out.type.kind = ValueKind::Number;
            out.type.integer = e.quantity->value.is_integer();
            if (!u) out.type.error = true;
            else out.type.unit = *u;
            return out;
        }
        case ast::ExprKind::String:
            error("E0201", e.range, "text cannot be computed with here");
            out.type.error = true;
            return out;
        case ast::ExprKind::Bool:
            out.id = constant(Decimal::from_int(e.boolean ? 1 : 0));
            out.type.kind = ValueKind::Bool;
            return out;
        case ast::ExprKind::Path:
            return path(e, scope);
        case ast::ExprKind::Convert: {
            Typed a = expr(*e.operands[0], scope);
            auto to = unit_pair(*e.to_unit);
            if (a.type.error || !to) {
                out.type.error = true;
                return out;
            }
            if (a.type.kind != ValueKind::Number || a.type.unit.num < 0 || a.type.unit.den >= 0 || is_money(a.type.unit)) {
                error("E0201", e.operands[0]->range, fmt::format("only a quantity with a unit can be converted; this is {}", type_text(a.type)));
                out.type.error = true;
                return out;
            }
            if (to->den >= 0 || !same_dimension(a.type.unit.num, to->num)) {
                error("E0202", e.to_unit->range, fmt::format("cannot convert {} to {}", unit_text(a.type.unit), unit_text(*to)));
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.op = Op::Convert;
            n.a = a.id;
            n.mode = e.mode;
            n.k = t_.units[a.type.unit.num].factor;
            n.k2 = t_.units[to->num].factor;
            out.id = node(n);
            out.type.kind = ValueKind::Number;
            out.type.unit = *to;
            out.type.integer = true;
            return out;
        }
        case ast::ExprKind::Not: {
            Typed a = expect_bool(*e.operands[0], scope, "'not' needs a condition; the operand");
            plan::Node n;
            n.op = Op::Not;
            n.a = a.id;
            out.id = node(n);
            out.type.kind = ValueKind::Bool;
            out.type.error = a.type.error;
            return out;
        }
        case ast::ExprKind::And:
        case ast::ExprKind::Or: {
            const char* w = e.kind == ast::ExprKind::And ? "each side of 'and'" : "each side of 'or'";
            Typed a = expect_bool(*e.operands[0], scope, w);
            Typed b = expect_bool(*e.operands[1], scope, w);
            plan::Node n;
            n.op = e.kind == ast::ExprKind::And ? Op::And : Op::Or;
            n.a = a.id;
            n.b = b.id;
            out.id = node(n);
            out.type.kind = ValueKind::Bool;
            out.type.error = a.type.error || b.type.error;
            return out;
        }
        case ast::ExprKind::InSet: {
            Typed a = expr(*e.operands[0], scope);
            out.type.kind = ValueKind::Bool;
            if (a.type.error) {
                out.type.error = true;
                return out;
            }
            if (a.type.kind != ValueKind::Enum) {
                error("E0201", e.operands[0]->range, fmt::format("'in {{...}}' needs a choice field, but this is {}", type_text(a.type)));
                out.type.error = true;
                return out;
            }
            plan::Node n;
            n.op = Op::InSet;
            n.a = a.id;
            for (const auto& item : e.set_items) {
                auto v = enum_value(a.type, item);
                if (!v) out.type.error = true;
                else n.mask |= uint64_t{1} << *v;
            }
            out.id = node(n);
            return out;
        }
        case ast::ExprKind::Compare: {
            Typed a = expr(*e.operands[0], scope);
            Typed b;
            const ast::Expr& rhs = *e.operands[1];
            // A bare name compared with a choice is one of its values when it
            // is one (a value may share its name with a declaration).
            bool is_value = !a.type.error && a.type.kind == ValueKind::Enum && rhs.kind == ast::ExprKind::Path &&
                            rhs.path.size() == 1 &&
                            std::count(a.type.enum_values->begin(), a.type.enum_values->end(), rhs.path[0].text);
            if (!a.type.error && a.type.kind == ValueKind::Enum && rhs.kind == ast::ExprKind::Path &&
                rhs.path.size() == 1 && (is_value || !names_.count(rhs.path[0].text))) {
                auto v = enum_value(a.type, rhs.path[0]);
                b.type = a.type;
                if (!v) b.type.error = true;
                else b.id = constant(Decimal::from_int(*v));
            } else if (a.type.error && rhs.kind == ast::ExprKind::Path && rhs.path.size() == 1 &&
                       !names_.count(rhs.path[0].text)) {
                b.type.error = true;  // maybe a value of the choice that was not found: do not guess
            } else {
                b = expr(rhs, scope);
            }
            out.type.kind = ValueKind::Bool;
            if (a.type.error || b.type.error) {
                out.type.error = true;
                return out;
            }
            bool ordered = e.compare != ast::CompareOp::Eq && e.compare != ast::CompareOp::Ne;
            if (a.type.kind != b.type.kind || (a.type.kind == ValueKind::Enum && a.type.enum_values != b.type.enum_values) ||
                (a.type.kind == ValueKind::Ref && a.type.list != b.type.list)) {
                error("E0201", e.range, fmt::format("cannot compare {} with {}", type_text(a.type), type_text(b.type)));
                out.type.error = true;
                return out;
            }
            if (a.type.kind == ValueKind::Number && !(a.type.unit == b.type.unit)) {
                error("E0202", e.range, fmt::format("unit mismatch: cannot compare {} with {}", unit_text(a.type.unit), unit_text(b.type.unit)));
                out.type.error = true;
                return out;
            }
            if (ordered && a.type.kind != ValueKind::Number && a.type.kind != ValueKind::Date &&
                a.type.kind != ValueKind::Timestamp) {
                error("E0201", e.range, fmt::format("{} has no order; use = or !=", type_text(a.type)));
                out.type.error = true;
                return out;
            }
            plan::Node n;
            static constexpr Op ops[] = {Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge};
            n.op = ops[static_cast<int>(e.compare)];
            n.a = a.id;
            n.b = b.id;
            out.id = node(n);
            return out;
        }
        case ast::ExprKind::Add:
        case ast::ExprKind::Subtract:
        case ast::ExprKind::Multiply: {
            Typed a = expr(*e.operands[0], scope);
            Typed b = expr(*e.operands[1], scope);
            out.type.kind = ValueKind::Number;
            if (a.type.error || b.type.error) {
                out.type.error = true;
                return out;
            }
            if (a.type.kind != ValueKind::Number || b.type.kind != ValueKind::Number) {
                error("E0201", e.range, fmt::format("arithmetic needs numbers, but this combines {} and {}", type_text(a.type), type_text(b.type)));
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
                else if (x.den >= 0 && y.den < 0 && same_dimension(x.den, y.num)) {
                    // Same dimension, other unit: a conversion, and so a rounding, left implicit.
                    error("E0203", e.range, fmt::format("{} × {} converts {} to {} without saying how it rounds",
                                                        unit_text(x), unit_text(y), unit_text(y), t_.units[x.den].name))
                        .notes.push_back({{}, fmt::format("convert it first, e.g. ceil(x to {})", t_.units[x.den].name)});
                    out.type.error = true;
                    return out;
                } else if (y.den >= 0 && x.den < 0 && same_dimension(y.den, x.num)) {
                    error("E0203", e.range, fmt::format("{} × {} converts {} to {} without saying how it rounds",
                                                        unit_text(x), unit_text(y), unit_text(x), t_.units[y.den].name))
                        .notes.push_back({{}, fmt::format("convert it first, e.g. ceil(x to {})", t_.units[y.den].name)});
                    out.type.error = true;
                    return out;
                } else {
                    error("E0202", e.range, fmt::format("unit mismatch: {} × {}", unit_text(x), unit_text(y)));
                    out.type.error = true;
                    return out;
                }
                out.type.integer = a.type.integer && b.type.integer;
            } else {
                n.op = e.kind == ast::ExprKind::Add ? Op::Add : Op::Sub;
                if (!(a.type.unit == b.type.unit)) {
                    error("E0202", e.range, fmt::format("unit mismatch: cannot {} {} and {}",
                                                        e.kind == ast::ExprKind::Add ? "add" : "subtract",
                                                        unit_text(a.type.unit), unit_text(b.type.unit)));
                    out.type.error = true;
                    return out;
                }
                out.type.unit = a.type.unit;
                out.type.integer = a.type.integer && b.type.integer;
            }
            out.id = node(n);
            return out;
        }
    }
    return out;
}

// ---------------------------------------------------------------- declarations

void Compiler::collect_units() {
    for (const auto* m : mods_) {
        for (const auto& c : m->currencies) {
            if (!t_.currency.empty()) {
                error("E0102", c.range, fmt::format("currency declared twice (already {})", t_.currency));
                continue;
            }
            t_.currency = c.code.text;
            units_[c.code.text] = static_cast<int>(t_.units.size());
            t_.units.push_back({c.code.text, static_cast<int>(t_.units.size()), Decimal::from_int(1), true});
        }
    }
    std::map<std::string, SourceRange> first;
    for (const auto* m : mods_) {
        for (const auto& u : m->units) {
            if (units_.count(u.name.text)) {
                auto& d = error("E0102", u.name.range, fmt::format("unit '{}' is declared twice", u.name.text));
                if (first.count(u.name.text)) d.notes.push_back({first[u.name.text], "first declared here"});
                continue;
            }
            plan::Unit unit{u.name.text, static_cast<int>(t_.units.size()), Decimal::from_int(1), false};
            if (u.definition) {
                const auto& q = *u.definition;
                auto base = q.unit ? unit_pair(*q.unit) : std::nullopt;
                if (!base) continue;
                if (base->den >= 0 || t_.units[base->num].is_currency) {
                    error("E0202", q.range, "a unit is defined as a number of another plain unit, e.g. unit minute = 60 second");
                    continue;
                }
                if (q.value.sign() <= 0) {
                    error("E0201", q.range, "a unit's size must be greater than zero");
                    continue;
                }
                unit.base = t_.units[base->num].base;
                unit.factor = q.value * t_.units[base->num].factor;
            }
            first[u.name.text] = u.name.range;
            units_[u.name.text] = static_cast<int>(t_.units.size());
            t_.units.push_back(std::move(unit));
        }
    }
}

void Compiler::collect_policy(int root) {
    const ast::Module& rm = *ws_.modules[root].ast;
    if (rm.header) {
        t_.name = rm.header->name.text;
        t_.title = rm.header->title;
        t_.version = rm.header->version;
        t_.range = rm.header->range;
    }
    bool have_rounding = false;
    for (const auto* m : mods_) {
        for (const auto& r : m->roundings) {
            if (have_rounding) {
                error("E0102", r.range, "money rounding is declared twice");
                continue;
            }
            have_rounding = true;
            if (r.quantum.sign() <= 0)
                error("E0201", r.range, "money rounds to a step greater than zero, e.g. 0.01");
            if (!r.per_line)
                error("E0601", r.range, "say where money is rounded: 'rounding money to 0.01 half-up per line'");
            t_.money_rounding = {r.quantum, r.mode};
        }
    }
    SourceRange where = rm.header ? rm.header->range : SourceRange{rm.file, 0, 0};
    if (t_.currency.empty()) error("E0602", where, "the tariff declares no currency (e.g. 'currency CNY')");
    if (!have_rounding)
        error("E0602", where, "the tariff declares no money rounding (e.g. 'rounding money to 0.01 half-up per line')");
}

plan::Field Compiler::field(const ast::FieldDecl& f, bool in_account, bool in_list) {
    plan::Field out;
    out.name = f.name.text;
    out.is_key = f.is_key;
    out.optional = f.optional;
    using FK = ast::FieldKind;
    const auto& t = f.type;
    switch (t.kind) {
        case FK::Text: out.kind = ValueKind::Text; break;
        case FK::Integer:
        case FK::Decimal:
            out.kind = ValueKind::Number;
            out.integer = t.kind == FK::Integer;
            if (t.unit) {
                if (auto u = unit_pair(*t.unit)) out.unit = *u;
            }
            break;
        case FK::Money:
            out.kind = ValueKind::Number;
            out.unit = {currency_unit(), -1};
            break;
        case FK::Bool: out.kind = ValueKind::Bool; break;
        case FK::Date: out.kind = ValueKind::Date; break;
        case FK::Timestamp: {
            out.kind = ValueKind::Timestamp;
            if (t.zone) {
                const std::string& z = t.zone->text;
                int h = (z[1] - '0') * 10 + (z[2] - '0'), mi = (z[4] - '0') * 10 + (z[5] - '0');
                if (h > 23 || mi > 59) error("E0201", t.zone->range, fmt::format("'{}' is not a UTC offset", z));
                out.zone_offset_minutes = (z[0] == '-' ? -1 : 1) * (h * 60 + mi);
            }
            if (in_account || in_list) error("E0603", f.range, "timestamps belong to usage records; use a date here");
            break;
        }
        case FK::Enum: {
            out.kind = ValueKind::Enum;
            std::map<std::string, SourceRange> seen;
            for (const auto& v : t.enum_values) {
                if (seen.count(v.text)) {
                    error("E0102", v.range, fmt::format("value '{}' is listed twice", v.text))
                        .notes.push_back({seen[v.text], "first listed here"});
                    continue;
                }
                seen[v.text] = v.range;
                out.enum_values.push_back(v.text);
            }
            if (out.enum_values.size() > 64) error("E0603", t.range, "a choice has at most 64 values");
            break;
        }
        case FK::Plan:
            out.kind = ValueKind::Plan;
            if (!in_account || in_list) error("E0603", f.range, "a plan field belongs to the account");
            break;
        case FK::Pack:
            out.kind = ValueKind::Pack;
            if (!in_list) error("E0603", f.range, "a pack field belongs to a list of pack purchases");
            break;
        case FK::Account:
            out.kind = ValueKind::Account;
            if (in_account) error("E0603", f.range, "an account field belongs to the usage record");
            break;
        case FK::Ref:
            out.kind = ValueKind::Ref;
            if (in_account) error("E0603", f.range, "a ref field belongs to the usage record");
            break;
        case FK::List: {
            out.kind = ValueKind::List;
            if (!in_account || in_list) {
                error("E0603", f.range, "lists are account fields, one level deep");
                break;
            }
            plan::EntityList L;
            L.field_name = f.name.text;
            L.entity_name = t.entity->text;
            std::map<std::string, SourceRange> seen;
            for (const auto& sub : t.fields) {
                if (seen.count(sub.name.text)) {
                    error("E0102", sub.name.range, fmt::format("field '{}' is declared twice", sub.name.text))
                        .notes.push_back({seen[sub.name.text], "first declared here"});
                    continue;
                }
                seen[sub.name.text] = sub.name.range;
                plan::Field sf = field(sub, true, true);
                int idx = static_cast<int>(L.fields.size());
                if (sf.kind == ValueKind::Pack) {
                    L.is_pack_list = true;
                    L.type_field = idx;
                }
                switch (sub.role) {
                    case ast::PackRole::Size: L.size_field = idx; break;
                    case ast::PackRole::Purchase: L.purchase_field = idx; break;
                    case ast::PackRole::Balance: L.balance_field = idx; break;
                    case ast::PackRole::None: break;
                }
                if (sub.role == ast::PackRole::Size || sub.role == ast::PackRole::Balance) {
                    if (sf.kind != ValueKind::Number) error("E0504", sub.role_range, "a pack size or balance is a number");
                    sf.role = sub.role == ast::PackRole::Size ? plan::PackRole::Size : plan::PackRole::Balance;
                }
                if (sub.role == ast::PackRole::Purchase) {
                    if (sf.kind != ValueKind::Date) error("E0504", sub.role_range, "a pack purchase is a date");
                    sf.role = plan::PackRole::Purchase;
                }
                L.fields.push_back(std::move(sf));
            }
            auto key = std::find_if(L.fields.begin(), L.fields.end(), [&](const plan::Field& x) { return x.name == t.key->text; });
            if (key == L.fields.end()) {
                error("E0101", t.key->range, fmt::format("{} has no field '{}' to be keyed by", L.entity_name, t.key->text));
            } else {
                L.key_field = static_cast<int>(key - L.fields.begin());
                if (key->kind != ValueKind::Text) error("E0603", t.key->range, "a list is keyed by a text field");
            }
            if (L.is_pack_list && (L.size_field < 0 || L.purchase_field < 0))
                error("E0504", t.range, fmt::format("a list of pack purchases needs a field 'as pack size' and one 'as pack purchase'"));
            if (!L.is_pack_list && (L.size_field >= 0 || L.purchase_field >= 0 || L.balance_field >= 0))
                error("E0504", t.range, "pack roles need a field of type pack in the same list");
            out.list = static_cast<int>(t_.inputs.lists.size());
            lists_by_field_[f.name.text] = out.list;
            t_.inputs.lists.push_back(std::move(L));
            break;
        }
    }
    if (f.role != ast::PackRole::None && !in_list)
        error("E0504", f.role_range, "pack roles belong to the fields of a list of pack purchases");
    if (f.unique_per) {
        if (f.unique_per->text != "account") error("E0101", f.unique_per->range, "only 'unique per account' is supported");
        if (in_account) error("E0603", f.range, "'unique per account' applies to usage fields");
        out.unique_per_account = true;
    }
    if (f.is_key && !(in_account && !in_list)) error("E0603", f.range, "'key' marks the account's id; a list says 'keyed by'");
    if (f.default_value) {
        const ast::Expr& d = *f.default_value;
        if (out.kind == ValueKind::Number && d.kind == ast::ExprKind::Quantity) {
            auto u = quantity_unit(*d.quantity);
            if (u && d.quantity->unit && !(*u == out.unit))
                error("E0202", d.range, fmt::format("default {} is in {}, but the field is in {}", d.quantity->text,
                                                    unit_text(*u), unit_text(out.unit)));
            if (out.integer && !d.quantity->value.is_integer())
                error("E0201", d.range, "an integer field needs an integer default");
            if (d.quantity->value.is_negative()) error("E0401", d.range, "a default must not be negative");
            out.default_value = d.quantity->value;
        } else if (out.kind == ValueKind::Bool && d.kind == ast::ExprKind::Bool) {
            out.default_value = Decimal::from_int(d.boolean ? 1 : 0);
        } else if (out.kind == ValueKind::Enum && d.kind == ast::ExprKind::Path && d.path.size() == 1) {
            Type ty;
            ty.kind = ValueKind::Enum;
            ty.enum_values = &out.enum_values;
            if (auto v = enum_value(ty, d.path[0])) out.default_value = Decimal::from_int(*v);
        } else {
            error("E0201", d.range, fmt::format("this default does not fit a field of this type"));
        }
        if (f.optional) error("E0603", f.range, "a field is either optional or has a default, not both");
    }
    return out;
}

void Compiler::collect_inputs() {
    const ast::AccountDecl* acct = nullptr;
    const ast::UsageDecl* usage = nullptr;
    for (const auto* m : mods_) {
        for (const auto& a : m->accounts) {
            if (acct) {
                error("E0102", a.range, "the account is declared twice").notes.push_back({acct->range, "first declared here"});
                continue;
            }
            acct = &a;
        }
        for (const auto& u : m->usages) {
            if (usage) {
                error("E0102", u.range, "the usage record is declared twice").notes.push_back({usage->range, "first declared here"});
                continue;
            }
            usage = &u;
        }
    }
    SourceRange where = t_.range.file ? t_.range : SourceRange{mods_.back()->file, 0, 0};
    if (!acct) error("E0602", where, "the tariff declares no account ('account { ... }')");
    if (!usage) error("E0602", where, "the tariff declares no usage record ('usage call { ... }')");
    auto& in = t_.inputs;
    if (acct) {
        std::map<std::string, SourceRange> seen;
        for (const auto& f : acct->fields) {
            if (seen.count(f.name.text)) {
                error("E0102", f.name.range, fmt::format("field '{}' is declared twice", f.name.text))
                    .notes.push_back({seen[f.name.text], "first declared here"});
                continue;
            }
            seen[f.name.text] = f.name.range;
            plan::Field pf = field(f, true, false);
            int idx = static_cast<int>(in.account_fields.size());
            if (pf.is_key) {
                if (in.account_id_field >= 0) error("E0603", f.range, "the account has one key field");
                else if (pf.kind != ValueKind::Text) error("E0603", f.range, "the account's key is a text field");
                else in.account_id_field = idx;
            }
            if (pf.kind == ValueKind::Plan) {
                if (in.account_plan_field >= 0) error("E0603", f.range, "the account has one plan field");
                else in.account_plan_field = idx;
            }
            account_fields_[f.name.text] = idx;
            in.account_fields.push_back(std::move(pf));
        }
        if (in.account_id_field < 0) error("E0603", acct->range, "the account needs a key field (e.g. 'id: text key')");
        if (in.account_plan_field < 0) error("E0603", acct->range, "the account needs a plan field (e.g. 'plan: plan')");
    }
    if (usage) {
        in.record_name = usage->name.text;
        in.record_plural = usage->name.text + "s";
        int ref_fields = 0;
        std::map<std::string, SourceRange> seen;
        for (const auto& f : usage->fields) {
            if (seen.count(f.name.text)) {
                error("E0102", f.name.range, fmt::format("field '{}' is declared twice", f.name.text))
                    .notes.push_back({seen[f.name.text], "first declared here"});
                continue;
            }
            seen[f.name.text] = f.name.range;
            plan::Field pf = field(f, false, false);
            int idx = static_cast<int>(in.usage_fields.size());
            if (pf.kind == ValueKind::Ref) {
                if (++ref_fields > plan::kMaxRefFields)
                    error("E0603", f.range, fmt::format("a usage record has at most {} ref fields", plan::kMaxRefFields));
                auto it = lists_by_field_.find(f.type.ref_list->text);
                if (it == lists_by_field_.end())
                    error("E0101", f.type.ref_list->range, fmt::format("the account has no list '{}'", f.type.ref_list->text));
                else pf.ref_list = it->second;
            }
            if (pf.kind == ValueKind::Account) {
                if (in.usage_account_field >= 0) error("E0603", f.range, "a usage record names one account");
                else in.usage_account_field = idx;
            }
            if (pf.kind == ValueKind::Timestamp) {
                if (in.usage_time_field >= 0) error("E0603", f.range, "a usage record has one timestamp: the time it happened");
                else in.usage_time_field = idx;
            }
            if (pf.unique_per_account) {
                if (pf.kind != ValueKind::Text) error("E0603", f.range, "only a text field can be unique per account");
                else if (in.usage_unique_field >= 0) error("E0603", f.range, "one field of a usage record can be unique");
                else in.usage_unique_field = idx;
            }
            if (pf.default_value || pf.optional) error("E0603", f.range, "every usage column is required; no defaults or optional fields");
            usage_fields_[f.name.text] = idx;
            usage_field_decls_.push_back(&f);
            in.usage_fields.push_back(std::move(pf));
        }
        if (in.usage_account_field < 0) error("E0603", usage->range, "the usage record needs an account field (e.g. 'account: account')");
        if (in.usage_time_field < 0) error("E0603", usage->range, "the usage record needs a timestamp field (e.g. 'start: timestamp')");
    }
}

void Compiler::collect_names() {
    auto declare = [&](const ast::Name& n, DeclKind k, int index, const void* a) {
        auto [it, fresh] = names_.emplace(n.text, Decl{k, index, a, n.range});
        if (!fresh) {
            error("E0102", n.range, fmt::format("'{}' is already declared as a {}", n.text, kind_word(it->second.kind)))
                .notes.push_back({it->second.range, "first declared here"});
            use(a);  // reported; "never used" would only repeat it
            return false;
        }
        return true;
    };
    int lets = 0, meters = 0, charges = 0, minimums = 0, discounts = 0;
    for (const auto* m : mods_) {
        // compile_lets skips a duplicate let, so only the first counts.
        for (const auto& l : m->lets)
            if (declare(l.name, DeclKind::Let, lets, &l)) ++lets;
        for (const auto& x : m->meters) declare(x.name, DeclKind::Meter, meters++, &x);
        for (const auto& x : m->charges) declare(x.name, DeclKind::Charge, charges++, &x);
        for (const auto& x : m->minimums) declare(x.name, DeclKind::Minimum, minimums++, &x);
        for (const auto& x : m->discounts) declare(x.name, DeclKind::Discount, discounts++, &x);
    }
}

void Compiler::compile_lets() {
    for (const auto* m : mods_) {
        for (const auto& l : m->lets) {
            auto it = names_.find(l.name.text);
            bool mine = it != names_.end() && it->second.ast == &l;
            Typed v = expr(*l.value, Scope::Record);
            if (!mine) continue;  // a duplicate, already reported
            if (!v.type.error && v.type.kind != ValueKind::Number && v.type.kind != ValueKind::Bool &&
                v.type.kind != ValueKind::Enum)
                error("E0201", l.value->range, fmt::format("a let holds a number or a condition, not {}", type_text(v.type)));
            t_.lets.push_back({l.name.text, v.id});
            let_types_.push_back(v.type);
            ++lets_compiled_;
        }
    }
}

void Compiler::compile_rejects() {
    for (const auto* m : mods_) {
        for (const auto& r : m->rejects) {
            if (r.record.text != t_.inputs.record_name && !t_.inputs.record_name.empty())
                error("E0101", r.record.range, fmt::format("the usage record is '{}', not '{}'", t_.inputs.record_name, r.record.text));
            Typed c = expect_bool(*r.condition, Scope::Record, "a reject rule's 'when'");
            if (r.reason.empty()) error("E0601", r.reason_range, "a rejection needs a reason a person can read");
            t_.rejects.push_back({c.id, r.reason});
        }
    }
}

void Compiler::compile_packs() {
    const ast::DeductDecl* deduct = nullptr;
    for (const auto* m : mods_) {
        for (const auto& p : m->packs) {
            plan::PackType pt;
            pt.name = p.name.text;
            pt.title = p.title;
            if (packs_.count(p.name.text)) {
                error("E0102", p.name.range, fmt::format("pack type '{}' is declared twice", p.name.text));
                continue;
            }
            if (p.records.text != t_.inputs.record_plural && p.records.text != t_.inputs.record_name)
                error("E0101", p.records.range, fmt::format("packs cover {}; '{}' is not a usage record", t_.inputs.record_plural, p.records.text));
            auto it = names_.find(p.covered.text);
            Type covered;
            if (it == names_.end() || it->second.kind != DeclKind::Let) {
                error("E0101", p.covered.range, fmt::format("'{}' is not a let: a pack covers a per-{} quantity", p.covered.text, t_.inputs.record_name));
                covered.error = true;
            } else {
                use(it->second.ast);
                pt.covered_let = it->second.index;
                covered = it->second.index < static_cast<int>(let_types_.size()) ? let_types_[it->second.index] : Type{};
                if (!covered.error && (covered.kind != ValueKind::Number || covered.unit.num < 0 || is_money(covered.unit))) {
                    error("E0201", p.covered.range, fmt::format("a pack covers a quantity with a unit; '{}' is {}", p.covered.text, type_text(covered)));
                    covered.error = true;
                }
            }
            pt.size_unit = covered.unit;
            if (p.where) pt.where = expect_bool(*p.where, Scope::Record, "a pack's 'where'").id;
            if (!p.validity.value.is_integer() || p.validity.value.sign() <= 0) {
                error("E0201", p.validity.range, "a pack's validity is a whole number greater than zero");
            } else {
                pt.validity = static_cast<int>(p.validity.value.to_int64().value_or(1));
            }
            if (p.validity_unit.text == "months" || p.validity_unit.text == "month") pt.validity_in_months = true;
            else if (p.validity_unit.text == "days" || p.validity_unit.text == "day") pt.validity_in_months = false;
            else error("E0101", p.validity_unit.range, fmt::format("validity is counted in months or days, not '{}'", p.validity_unit.text));
            if (p.sizes.empty()) error("E0501", p.name.range, fmt::format("pack '{}' has no sizes: it covers nothing", p.name.text));
            std::vector<std::pair<Decimal, SourceRange>> seen;
            for (const auto& s : p.sizes) {
                std::optional<Decimal> size = covered.error ? std::optional<Decimal>(s.size.value) : amount_in(s.size, covered.unit, "pack size");
                check_not_negative(s.price, "pack price");
                auto pu = quantity_unit(s.price);
                if (pu && !is_tariff_money(*pu))
                    error("E0202", s.price.range, fmt::format("a pack price is money in {}, e.g. 290 {}", t_.currency, t_.currency));
                check_money_precision(s.price);
                if (!size) continue;
                if (size->sign() <= 0) error("E0201", s.size.range, "a pack size must be greater than zero");
                auto dup = std::find_if(seen.begin(), seen.end(), [&](const auto& x) { return x.first == *size; });
                if (dup != seen.end()) {
                    error("E0502", s.size.range, fmt::format("pack '{}' lists size {} twice", p.name.text, shown(s.size)))
                        .notes.push_back({dup->second, "first listed here"});
                    continue;
                }
                seen.push_back({*size, s.size.range});
                pt.sizes.push_back({*size, s.price.value});
            }
            packs_[p.name.text] = static_cast<int>(t_.packs.size());
            pack_ranges_.push_back(p.name.range);
            t_.packs.push_back(std::move(pt));
        }
        for (const auto& d : m->deducts) {
            if (deduct) {
                error("E0102", d.range, "the deduction order is declared twice").notes.push_back({deduct->range, "first declared here"});
                continue;
            }
            deduct = &d;
        }
    }
    if (deduct) {
        std::set<std::string> seen;
        for (const auto& k : deduct->keys) {
            if (!seen.insert(k.text).second) error("E0102", k.range, fmt::format("deduction key '{}' is listed twice", k.text));
            if (k.text == "expiry") t_.deduct_order.push_back(plan::DeductKey::Expiry);
            else if (k.text == "purchase") t_.deduct_order.push_back(plan::DeductKey::Purchase);
            else if (k.text == "listed") t_.deduct_order.push_back(plan::DeductKey::Listed);
            else if (k.text == "size") t_.deduct_order.push_back(plan::DeductKey::Size);
            else error("E0101", k.range, fmt::format("unknown deduction key '{}'; expected expiry, purchase, listed or size", k.text));
        }
        if (!seen.count("listed"))
            error("E0503", deduct->range, "the deduction order leaves ties undecided: two packs equal on every key have no order")
                .notes.push_back({{}, "end the order with 'listed' (the order of the account's list)"});
    } else if (!t_.packs.empty()) {
        error("E0503", pack_ranges_.front(), "packs are declared but no deduction order says which is drawn first")
            .notes.push_back({{}, "add e.g. 'deduct packs by expiry, purchase, listed'"});
    }
}

void Compiler::compile_meters() {
    for (const auto* m : mods_) {
        for (const auto& x : m->meters) {
            plan::Meter mt;
            mt.name = x.name.text;
            mt.title = x.title.empty() ? x.name.text : x.title;
            mt.is_count = x.is_count;
            bool integer = true;
            bool summed_error = false;
            if (x.records.text != t_.inputs.record_plural && x.records.text != t_.inputs.record_name)
                error("E0101", x.records.range, fmt::format("meters sum {}; '{}' is not a usage record", t_.inputs.record_plural, x.records.text));
            if (x.summed) {
                Typed v = expr(*x.summed, Scope::Record);
                summed_error = v.type.error;
                if (!v.type.error && v.type.kind != ValueKind::Number) {
                    error("E0201", x.summed->range, fmt::format("sum(...) needs a number, but this is {}", type_text(v.type)));
                    summed_error = true;
                }
                mt.value = v.id;
                mt.unit = v.type.unit;
                integer = v.type.integer;
                if (x.after_packs) {
                    bool covered = false;
                    if (x.summed->kind == ast::ExprKind::Path && x.summed->path.size() == 1) {
                        auto it = names_.find(x.summed->path[0].text);
                        if (it != names_.end() && it->second.kind == DeclKind::Let) {
                            for (const auto& p : t_.packs)
                                if (p.covered_let == it->second.index) covered = true;
                            mt.covered_let = it->second.index;
                        }
                    }
                    if (!covered)
                        error("E0505", x.after_packs_range,
                              "'after packs' needs the meter to sum the quantity packs cover (e.g. sum(minutes))");
                }
            } else if (x.after_packs) {
                error("E0505", x.after_packs_range, "'after packs' applies to sum(...), not to count");
            }
            if (x.where) mt.where = expect_bool(*x.where, Scope::Record, "a meter's 'where'").id;
            if (x.group_by) {
                Typed g = expr(*x.group_by, Scope::Record);
                if (!g.type.error) {
                    if (g.type.kind != ValueKind::Ref || x.group_by->kind != ast::ExprKind::Path || x.group_by->path.size() != 2) {
                        error("E0201", x.group_by->range, fmt::format("a meter is grouped by a ref field of the {}, e.g. by {}.number",
                                                                      t_.inputs.record_name, t_.inputs.record_name));
                    } else {
                        mt.group_field = usage_fields_[x.group_by->path[1].text];
                        mt.group_list = g.type.list;
                    }
                }
            }
            mt.after_packs = x.after_packs;
            t_.meters.push_back(std::move(mt));
            meter_integer_.push_back(integer);
            meter_error_.push_back(summed_error);
        }
    }
}

std::optional<plan::ForEach> Compiler::compile_for_each(const std::vector<ast::ForEach>& fe, SourceRange owner) {
    leave_for_each();
    if (fe.empty()) return std::nullopt;
    if (fe.size() > 1) error("E0601", fe[1].range, "one 'for each' per charge");
    (void)owner;
    const auto& f = fe[0];
    Typed l = expr(*f.list, Scope::Account);
    if (l.type.error) return std::nullopt;
    if (l.type.kind != ValueKind::List) {
        error("E0201", f.list->range, fmt::format("'for each' needs a list of the account, but this is {}", type_text(l.type)));
        return std::nullopt;
    }
    plan::ForEach out;
    out.list = l.type.list;
    var_ = f.var.text;
    var_list_ = out.list;
    if (f.where) out.where = expect_bool(*f.where, Scope::Account, "a 'for each ... where'").id;
    return out;
}

bool Compiler::compile_cadence(const ast::Cadence& c, bool& yearly, ExprId& anniversary) {
    yearly = c.kind == ast::Cadence::Kind::Yearly;
    if (!yearly) return true;
    Typed a = expr(*c.anniversary, Scope::Account);
    if (!a.type.error && a.type.kind != ValueKind::Date) {
        error("E0201", c.anniversary->range, fmt::format("'yearly from' needs a date, but this is {}", type_text(a.type)));
        return false;
    }
    anniversary = a.id;
    return !a.type.error;
}

plan::Rounding Compiler::compile_rounding(const std::vector<ast::RoundingPolicy>& r) {
    if (r.empty()) return t_.money_rounding;
    if (r.size() > 1) error("E0601", r[1].range, "one rounding per charge");
    if (r[0].quantum.sign() <= 0) error("E0201", r[0].range, "money rounds to a step greater than zero, e.g. 0.01");
    return {r[0].quantum, r[0].mode};
}

void Compiler::compile_tiers(const ast::TierTable& table, const Type& qty, plan::Charge& c) {
    c.pricing = table.mode == ast::TierTable::Mode::Volume ? plan::Pricing::Volume : plan::Pricing::Graduated;
    if (table.bands.empty()) {
        error("E0306", table.range, "the tier table has no bands");
        return;
    }
    bool ok = true;
    // Out of order first: in a table listed out of order, the gaps and
    // overlaps between neighbours in the listing are not the problem.
    bool unordered = false;
    {
        auto base_lower = [&](const ast::Band& b) -> std::optional<Decimal> {
            if (!b.over.unit) return b.over.value;
            auto it = units_.find(b.over.unit->numerator.text);
            if (b.over.unit->denominator || it == units_.end() || qty.unit.num < 0 ||
                !same_dimension(it->second, qty.unit.num))
                return std::nullopt;  // reported below
            return b.over.value * t_.units[it->second].factor;
        };
        std::optional<Decimal> before;
        for (std::size_t i = 0; i < table.bands.size() && !unordered; ++i) {
            auto lower = base_lower(table.bands[i]);
            if (lower && before && *lower < *before) {
                error("E0301", table.bands[i].over.range,
                      fmt::format("bands are out of order: this band starts at {}, below the band before it",
                                  table.bands[i].over.text))
                    .notes.push_back({table.bands[i - 1].range, "the band before"});
                unordered = true;
                ok = false;
            }
            if (lower) before = lower;
        }
    }
    const ast::Band* prev = nullptr;
    std::optional<Decimal> prev_upper;
    bool prev_open = false;
    for (const auto& b : table.bands) {
        plan::Band out;
        auto lower = amount_in(b.over, qty.unit, "bound");
        std::optional<Decimal> upper;
        if (b.up_to) upper = amount_in(*b.up_to, qty.unit, "bound");
        if (!lower || (b.up_to && !upper)) {
            ok = false;
            prev = &b;
            prev_upper.reset();  // no bound to compare the next band with
            prev_open = b.and_above;
            continue;
        }
        if (b.free) out.rate = Decimal();
        else if (b.rate) {
            auto r = rate_per(*b.rate, qty.unit, "rate");
            if (!r) ok = false;
            else out.rate = *r;
        }
        if (lower->is_negative()) {
            error("E0301", b.over.range, fmt::format("band over {} starts below zero; the first band starts 'over 0'", b.over.text));
            ok = false;
        }
        if (prev_open && !unordered) {
            error("E0308", b.range, "this band follows the open top ('and above'); nothing is left for it")
                .notes.push_back({prev->range, "the open top is here"});
            ok = false;
        }
        if (!b.up_to && !b.and_above) {
            error("E0305", b.range, fmt::format("band over {} has no upper bound; write 'up to N' or, for the top band, 'and above'", b.over.text));
            ok = false;
        }
        if (upper && *upper <= *lower) {
            error("E0304", b.range, fmt::format("band over {} up to {} is empty", b.over.text, b.up_to->text));
            ok = false;
        }
        if (unordered) {
            // reported above
        } else if (!prev) {
            if (lower->sign() > 0) {
                error("E0303", b.over.range, fmt::format("quantities from 0 up to {} are not priced; start the first band 'over 0' (use 'free' for a free band)", b.over.text));
                ok = false;
            }
        } else if (prev_upper) {
            if (*lower < *prev_upper) {
                error("E0302", b.over.range, fmt::format("this band overlaps the one before: it starts at {}, but the band before ends at {}", b.over.text, prev->up_to->text))
                        .notes.push_back({prev->range, "the band before"});
                ok = false;
            } else if (*lower > *prev_upper) {
                error("E0303", b.over.range, fmt::format("gap between bands: quantities over {} up to {} are not priced", prev->up_to->text, b.over.text))
                    .notes.push_back({prev->range, "the band before"});
                ok = false;
            }
        }
        out.lower = *lower;
        out.upper = upper;
        c.bands.push_back(out);
        prev = &b;
        prev_upper = upper;
        prev_open = b.and_above;
    }
    if (ok && !table.bands.back().and_above) {
        error("E0306", table.bands.back().range, "the tier table has no open top: quantities above the last band are not priced")
            .notes.push_back({{}, "end the table with a band 'over N and above'"});
        ok = false;
    }
    // Cliffs: in a volume table, one more unit into the next band must not
    // cost less in total than the last unit of the band before.
    if (ok && c.pricing == plan::Pricing::Volume) {
        Diagnostic* first = nullptr;
        for (std::size_t i = 1; i < c.bands.size(); ++i) {
            const Decimal& b = *c.bands[i - 1].upper;
            Decimal before = b * c.bands[i - 1].rate;
            Decimal next_q = qty.integer ? b + Decimal::from_int(1) : b;
            Decimal after = next_q * c.bands[i].rate;
            if (!(after < before)) continue;
            std::string unit = qty.unit.num >= 0 ? " " + t_.units[qty.unit.num].name : "";
            std::string text = qty.integer
                ? fmt::format("{}{} cost {} {} but {}{} cost {} {}", b.to_string(), unit, money_text(before), t_.currency,
                              next_q.to_string(), unit, money_text(after), t_.currency)
                : fmt::format("{}{} cost {} {} but just above it costs {} {}", b.to_string(), unit, money_text(before),
                              t_.currency, money_text(after), t_.currency);
            if (!first) {
                first = &diags_.warning("W0307", table.bands[i].range,
                                        fmt::format("volume pricing cliff: buying more costs less: {}", text));
            } else {
                first->notes.push_back({table.bands[i].range, "another cliff: " + text});
            }
        }
    }
}

void Compiler::compile_charges() {
    for (const auto* m : mods_) {
        for (const auto& x : m->charges) {
            plan::Charge c;
            c.name = x.name.text;
            c.title = x.title;
            c.for_each = compile_for_each(x.for_each, x.range);
            compile_cadence(x.cadence, c.yearly, c.anniversary);
            if (x.when.size() > 1) error("E0601", x.when[1]->range, "one 'when' per charge; join conditions with 'and'");
            if (!x.when.empty()) c.when = expect_bool(*x.when[0], Scope::Account, "a charge's 'when'").id;
            c.rounding = compile_rounding(x.rounding);
            int pricings = static_cast<int>(x.rate.size() + x.tiers.size() + x.costs.size());
            if (pricings == 0) error("E0601", x.name.range, fmt::format("charge '{}' says no price: add 'at RATE', a tier table or 'costs AMOUNT'", x.name.text));
            else if (pricings > 1) error("E0601", x.name.range, fmt::format("charge '{}' is priced more than one way; keep one of 'at', the tier table and 'costs'", x.name.text));
            if (x.on.size() > 1) error("E0601", x.on[1]->range, "one 'on' per charge");
            if (!x.costs.empty()) {
                c.pricing = plan::Pricing::Flat;
                if (!x.on.empty() && pricings == 1)
                    error("E0601", x.on[0]->range, "a 'costs' charge is a flat amount; it has no 'on' quantity");
                else if (!x.on.empty())
                    expr(*x.on[0], Scope::Account);  // priced twice, reported above: check what it reads
                if (!x.allowance.empty()) error("E0601", x.allowance[0].range, "a flat charge has no free allowance");
                Typed a = expr(*x.costs[0], Scope::Account);
                if (!a.type.error && !(is_tariff_money(a.type)))
                    error("E0202", x.costs[0]->range, fmt::format("'costs' needs money in {}, but this is {}", t_.currency, type_text(a.type)));
                if (x.costs[0]->kind == ast::ExprKind::Quantity) {
                    check_not_negative(*x.costs[0]->quantity, "amount");
                    check_money_precision(*x.costs[0]->quantity);
                }
                c.amount = a.id;
                c.quantity_unit_name = c.for_each ? t_.inputs.lists[c.for_each->list].entity_name : "";
            } else if (pricings > 0) {
                if (x.on.empty()) {
                    error("E0601", x.name.range, fmt::format("charge '{}' has a rate but no quantity: add 'on ...'", x.name.text));
                } else {
                    Typed q = expr(*x.on[0], Scope::Account);
                    c.quantity = q.id;
                    if (!q.type.error && !is_quantity(q.type)) {
                        error("E0201", x.on[0]->range, fmt::format("'on' needs a quantity, but this is {}", type_text(q.type)));
                        q.type.error = true;
                    }
                    if (!q.type.error) {
                        c.quantity_unit = q.type.unit;
                        c.quantity_unit_name = q.type.unit.num >= 0 ? t_.units[q.type.unit.num].name : "";
                        if (!x.allowance.empty()) {
                            if (auto a = amount_in(x.allowance[0], q.type.unit, "allowance")) {
                                if (a->is_negative()) error("E0401", x.allowance[0].range, "an allowance is zero or more");
                                c.allowance = *a;
                            }
                        }
                        if (!x.rate.empty()) {
                            c.pricing = plan::Pricing::PerUnit;
                            if (auto r = rate_per(x.rate[0], q.type.unit, "rate")) c.rate = *r;
                        } else if (!x.tiers.empty()) {
                            compile_tiers(x.tiers[0], q.type, c);
                        }
                    }
                }
            }
            leave_for_each();
            t_.charges.push_back(std::move(c));
        }
    }
}

void Compiler::compile_minimums() {
    for (const auto* m : mods_) {
        for (const auto& x : m->minimums) {
            plan::Minimum mn;
            mn.name = x.name.text;
            mn.title = x.title;
            mn.for_each = compile_for_each(x.for_each, x.range);
            compile_cadence(x.cadence, mn.yearly, mn.anniversary);
            mn.rounding = t_.money_rounding;
            if (!x.when.empty()) mn.when = expect_bool(*x.when[0], Scope::Account, "a minimum's 'when'").id;
            if (x.spend.size() != 1) {
                error("E0601", x.name.range, fmt::format("minimum '{}' needs exactly one 'spend AMOUNT'", x.name.text));
            } else {
                Typed s = expr(*x.spend[0], Scope::Account);
                if (!s.type.error && !(is_tariff_money(s.type)))
                    error("E0202", x.spend[0]->range, fmt::format("'spend' needs money in {}, but this is {}", t_.currency, type_text(s.type)));
                if (x.spend[0]->kind == ast::ExprKind::Quantity) check_not_negative(*x.spend[0]->quantity, "minimum");
                mn.spend = s.id;
            }
            if (x.against_usage.empty() && x.against_charges.empty()) {
                error("E0601", x.name.range, fmt::format("minimum '{}' needs a basis: 'against QUANTITY at RATE' or 'against charges NAME, ...'", x.name.text));
            }
            if (!x.against_usage.empty()) {
                Typed q = expr(*x.against_usage[0], Scope::Account);
                mn.basis_quantity = q.id;
                if (!q.type.error && !is_quantity(q.type)) {
                    error("E0201", x.against_usage[0]->range, fmt::format("the basis needs a quantity, but this is {}", type_text(q.type)));
                } else if (!q.type.error) {
                    mn.basis_unit_name = q.type.unit.num >= 0 ? t_.units[q.type.unit.num].name : "";
                    if (auto r = rate_per(x.against_rate[0], q.type.unit, "rate")) mn.basis_rate = *r;
                }
            }
            mn.basis_charges = charge_indices(x.against_charges);
            leave_for_each();
            t_.minimums.push_back(std::move(mn));
        }
    }
}

void Compiler::compile_discounts() {
    for (const auto* m : mods_) {
        for (const auto& x : m->discounts) {
            plan::Discount d;
            d.name = x.name.text;
            d.title = x.title;
            d.rounding = t_.money_rounding;
            if (x.cadence.kind != ast::Cadence::Kind::Monthly) error("E0601", x.cadence.range, "discounts apply monthly");
            if (x.percent) {
                d.percent = true;
                d.value = x.percent->value;
                if (x.percent->value.is_negative()) error("E0401", x.percent->range, "a discount is zero or more");
                if (x.percent->value > Decimal::from_int(100)) error("E0401", x.percent->range, "a discount cannot exceed 100 percent");
            } else if (x.amount) {
                d.percent = false;
                d.value = x.amount->value;
                auto u = quantity_unit(*x.amount);
                if (u && !(is_tariff_money(*u)))
                    error("E0202", x.amount->range, fmt::format("a discount amount is money in {}", t_.currency));
                check_not_negative(*x.amount, "discount");
                check_money_precision(*x.amount);
            } else {
                error("E0601", x.name.range, fmt::format("discount '{}' needs 'take N percent off ...' or 'take AMOUNT off ...'", x.name.text));
            }
            d.base_is_subtotal = x.base_is_subtotal;
            d.base_charges = charge_indices(x.base_charges);
            if (x.threshold) {
                auto u = quantity_unit(*x.threshold);
                if (u && !(is_tariff_money(*u)))
                    error("E0202", x.threshold->range, fmt::format("a threshold is money in {}", t_.currency));
                d.threshold = x.threshold->value;
            }
            if (!x.when.empty()) d.when = expect_bool(*x.when[0], Scope::Account, "a discount's 'when'").id;
            t_.discounts.push_back(std::move(d));
        }
    }
}

bool Compiler::compile(int root, plan::Tariff& out) {
    errors_at_start_ = diags_.error_count();
    for (int m : ws_.closure(root)) mods_.push_back(ws_.modules[m].ast.get());
    collect_units();
    collect_policy(root);
    collect_inputs();
    collect_names();
    compile_lets();
    compile_rejects();
    compile_packs();
    compile_meters();
    compile_charges();
    compile_minimums();
    compile_discounts();
    if (t_.meters.size() > static_cast<std::size_t>(plan::kMaxMeters))
        error("E0603", t_.range, fmt::format("a tariff has at most {} meters; this one has {}", plan::kMaxMeters, t_.meters.size()));
    if (t_.packs.size() > static_cast<std::size_t>(plan::kMaxPackTypes))
        error("E0603", t_.range, fmt::format("a tariff has at most {} pack types; this one has {}", plan::kMaxPackTypes, t_.packs.size()));
    for (const auto& p : t_.packs) {
        bool absorbed = std::any_of(t_.meters.begin(), t_.meters.end(), [&](const plan::Meter& m) {
            return m.after_packs && m.covered_let == p.covered_let;
        });
        if (!absorbed && p.covered_let >= 0 && !p.sizes.empty())
            error("E0501", pack_ranges_[&p - t_.packs.data()],
                  fmt::format("pack '{}' covers nothing billed: no meter sums '{}' after packs", p.name,
                              t_.lets[p.covered_let].name));
    }
    bool ok = diags_.error_count() == errors_at_start_;
    if (ok) out = std::move(t_);
    return ok;
}

}  // namespace

std::vector<plan::Tariff> check_workspace(const Workspace& ws, Diagnostics& diags) {
    std::vector<plan::Tariff> out;
    std::set<const void*> used;
    // Which modules are reached from a `tariff` file: shared files are
    // checked through the tariffs that import them; a shared file nobody
    // imports is checked on its own.
    std::vector<bool> reached(ws.modules.size(), false);
    std::vector<int> programs;
    // A file that could not be read or parsed whole (or whose imports could
    // not be loaded) is reported by those errors alone: checking what is
    // left of it would blame the missing statements ("declares no
    // account") instead of the broken ones.
    std::set<const SourceFile*> incomplete;
    for (const auto& d : diags.all())
        if (d.range.file && (d.code == "E0001" || d.code == "E0002" || d.code == "E0003" || d.code == "E0004" ||
                             d.code == "E0005" || d.code == "E0007"))
            incomplete.insert(d.range.file);
    auto is_incomplete = [&](int program) {
        for (int x : ws.closure(program))
            if (incomplete.count(ws.modules[x].ast->file)) return true;
        return false;
    };
    for (int g : ws.given) {
        const auto& m = *ws.modules[g].ast;
        if (!m.header && incomplete.count(m.file)) continue;
        if (!m.header) {
            diags.error("E0104", {m.file, 0, 0}, "the file has no header: start it with 'tariff NAME \"title\" version V' or 'shared NAME ...'");
            continue;
        }
        if (m.header->kind == ast::Header::Kind::Tariff) {
            programs.push_back(g);
            for (int x : ws.closure(g)) reached[x] = true;
        }
    }
    // Also when the imported tariff was given itself (a folder was checked).
    std::vector<bool> imported(ws.modules.size(), false);
    for (const auto& m : ws.modules)
        for (int dep : m.imports) imported[dep] = true;
    for (std::size_t i = 0; i < ws.modules.size(); ++i) {
        const auto& m = *ws.modules[i].ast;
        if (m.header && m.header->kind == ast::Header::Kind::Tariff && imported[i]) {
            diags.error("E0104", m.header->range, "an imported file must be a 'shared' file, not a tariff");
        }
    }
    for (int g : ws.given)
        if (!reached[g] && ws.modules[g].ast->header && ws.modules[g].ast->header->kind == ast::Header::Kind::Shared)
            programs.push_back(g);

    std::map<std::string, SourceRange> tariff_names;
    std::erase_if(programs, is_incomplete);
    for (int p : programs) {
        Compiler c(ws, diags, used);
        plan::Tariff t;
        bool is_tariff = ws.modules[p].ast->header->kind == ast::Header::Kind::Tariff;
        if (c.compile(p, t) && is_tariff) {
            auto [it, fresh] = tariff_names.emplace(t.name, t.range);
            if (!fresh) {
                diags.error("E0102", t.range, fmt::format("two tariffs are named '{}'", t.name))
                    .notes.push_back({it->second, "the other one"});
                continue;
            }
            out.push_back(std::move(t));
        }
    }
    // Unused lets and meters: unused in every program that includes them.
    std::set<int> in_programs;
    for (int p : programs)
        for (int x : ws.closure(p)) in_programs.insert(x);
    for (int x : in_programs) {
        const auto& m = *ws.modules[x].ast;
        for (const auto& l : m.lets)
            if (!used.count(&l)) diags.warning("W0103", l.name.range, fmt::format("let '{}' is never used", l.name.text));
        for (const auto& mt : m.meters)
            if (!used.count(&mt)) diags.warning("W0103", mt.name.range, fmt::format("meter '{}' is never used", mt.name.text));
    }
    std::sort(out.begin(), out.end(), [](const plan::Tariff& a, const plan::Tariff& b) { return a.name < b.name; });
    return out;
}

}  // namespace tarifc
