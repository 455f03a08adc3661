// Each plan is flattened into subjects (the tariff header, each unit, field,
// let, reject rule, pack, meter, charge, minimum and discount) holding named
// properties as text: names, never indices (expressions through
// plan::expr_text), so two plans compiled from different files compare
// equal exactly when they price the same way. The two flattenings are then
// compared subject by subject, property by property.
#include "diff/plan_changes.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "charges/kinds.hpp"
#include "plan/expr_text.hpp"

namespace tarifc::diff {

namespace {

using plan::Tariff;

struct Subject {
    std::string name;                                         // "charge seats"
    std::vector<std::pair<std::string, std::string>> props;  // in order
    void add(std::string key, std::string value) {
        if (!value.empty()) props.emplace_back(std::move(key), std::move(value));
    }
    // The subject in one line (when it is added or removed as a whole).
    std::string summary() const {
        std::string s;
        for (const auto& [k, v] : props) {
            if (!s.empty()) s += "; ";
            s += k + " " + v;
        }
        return s;
    }
};

const char* kValueKinds[] = {"number", "bool", "text", "choice", "date", "timestamp", "plan",
                             "pack", "account", "ref", "list"};
const char* kAggregates[] = {"sum", "count", "max", "min", "last", "average", "time-weighted", "distinct count"};
const char* kDeductKeys[] = {"expiry", "purchase", "listed", "size"};

struct Flattener {
    const Tariff& t;
    std::vector<Subject> out;

    std::string expr(plan::ExprId id) const { return plan::expr_text(t, id); }
    // A money expression: a constant with the currency ("100 EUR").
    std::string money_expr(plan::ExprId id) const {
        if (id != plan::kNoExpr && t.nodes[static_cast<std::size_t>(id)].op == plan::Op::Const)
            return money(t.nodes[static_cast<std::size_t>(id)].k);
        return expr(id);
    }
    std::string unit(plan::UnitPair u) const { return plan::unit_pair_text(t, u); }
    static std::string rounding(const plan::Rounding& r) {
        return r.quantum.to_string() + " " + std::string(to_string(r.mode));
    }
    std::string money(const Decimal& d) const { return d.to_string() + " " + t.currency; }
    std::string rate(const Decimal& d, const std::string& per) const {
        return d.to_string() + " " + t.currency + (per.empty() ? "" : "/" + per);
    }
    std::string with_unit(const Decimal& d, const std::string& u) const {
        return u.empty() ? d.to_string() : d.to_string() + " " + u;
    }
    std::string list_name(int list) const {
        return list >= 0 ? t.inputs.lists[static_cast<std::size_t>(list)].field_name : "";
    }
    std::string for_each(const std::optional<plan::ForEach>& fe) const {
        if (!fe) return "";
        std::string s = "account." + list_name(fe->list);
        if (fe->where != plan::kNoExpr) s += " where " + expr(fe->where);
        return s;
    }
    std::string cadence(bool yearly, plan::ExprId anniversary) const {
        if (!yearly) return "monthly";
        return anniversary == plan::kNoExpr ? "yearly" : "yearly from " + expr(anniversary);
    }
    std::string charge_names(const std::vector<int>& ids) const {
        std::string s;
        for (int i : ids) s += (s.empty() ? "" : ", ") + t.charges[static_cast<std::size_t>(i)].name;
        return s;
    }

    Subject& subject(std::string name) { return out.emplace_back(Subject{std::move(name), {}}); }

    void field(const std::string& where, const plan::Field& f) {
        Subject& s = subject(where + " " + f.name);
        std::string type = kValueKinds[static_cast<int>(f.kind)];
        if (f.kind == plan::ValueKind::Number) type = f.integer ? "integer" : "decimal";
        if (!unit(f.unit).empty()) type += " " + unit(f.unit);
        if (f.kind == plan::ValueKind::Enum) {
            type += " {";
            for (std::size_t i = 0; i < f.enum_values.size(); ++i) type += (i ? ", " : "") + f.enum_values[i];
            type += "}";
        }
        if (f.kind == plan::ValueKind::List) type += " of " + t.inputs.lists[static_cast<std::size_t>(f.list)].entity_name;
        if (f.kind == plan::ValueKind::Ref) type += " " + list_name(f.ref_list);
        static const char* const kRoles[] = {"", " as pack size", " as pack purchase", " as pack balance"};
        type += kRoles[static_cast<int>(f.role)];
        s.add("type", type);
        if (f.optional) s.add("optional", "yes");
        if (f.default_value) {
            std::string d = f.default_value->to_string();
            const auto i = f.default_value->to_int64();
            if (f.kind == plan::ValueKind::Bool) d = f.default_value->is_zero() ? "false" : "true";
            if (f.kind == plan::ValueKind::Enum && i && *i >= 0 && static_cast<std::size_t>(*i) < f.enum_values.size())
                d = f.enum_values[static_cast<std::size_t>(*i)];
            s.add("default", d);
        }
        if (f.is_key) s.add("key", "yes");
        if (f.unique_per_account) s.add("unique", "yes");
        if (f.kind == plan::ValueKind::Timestamp) s.add("zone offset", fmt::format("{} min", f.zone_offset_minutes));
    }

    void bands(Subject& s, const std::vector<plan::Band>& bands, const std::string& bound_unit, const std::string& per) {
        for (std::size_t i = 0; i < bands.size(); ++i) {
            const auto& b = bands[i];
            s.add(fmt::format("band {}", i + 1),
                  fmt::format("over {} {} at {}", with_unit(b.lower, bound_unit),
                              b.upper ? "up to " + with_unit(*b.upper, bound_unit) : std::string("and above"),
                              rate(b.rate, per)));
        }
    }

    void charge(const plan::Charge& c) {
        Subject& s = subject("charge " + c.name);
        s.add("title", '"' + c.title + '"');
        s.add("cadence", cadence(c.yearly, c.anniversary));
        s.add("for each", for_each(c.for_each));
        s.add("when", expr(c.when));
        if (!std::holds_alternative<plan::Flat>(c.pricing))
            s.add("on", expr(c.quantity) + (c.quantity_unit_name.empty() ? "" : " (" + c.quantity_unit_name + ")"));
        if (c.allowance != plan::kNoExpr) {
            // In the quantity's unit: a literal as such, an expression with its factor.
            const plan::Node& n = t.nodes[static_cast<std::size_t>(c.allowance)];
            s.add("free", n.op == plan::Op::Const
                              ? with_unit(n.k * c.allowance_to_q, c.quantity_unit_name)
                              : expr(c.allowance) + (c.allowance_to_q == Decimal::from_int(1)
                                                         ? ""
                                                         : " × " + c.allowance_to_q.to_string()));
        }
        if (c.rounded_on)
            s.add("free comes off", fmt::format("{} before the rounding", expr(c.rounded_on->operand)));
        const std::string& per = c.quantity_unit_name;
        s.add("pricing", charges::kinds[c.pricing.index()].name);
        std::visit(
            [&](const auto& k) {
                using K = std::decay_t<decltype(k)>;
                if constexpr (std::is_same_v<K, plan::PerUnit>) s.add("rate", rate(k.rate, per));
                if constexpr (std::is_same_v<K, plan::Graduated> || std::is_same_v<K, plan::Volume>) bands(s, k.bands, per, per);
                if constexpr (std::is_same_v<K, plan::Flat>) s.add("costs", money_expr(k.amount));
                if constexpr (std::is_same_v<K, plan::Package>)
                    s.add("block", fmt::format("per {} block at {}", with_unit(k.block, per), money(k.price)));
                if constexpr (std::is_same_v<K, plan::VolumeBy>) {
                    s.add("by", expr(k.selector));
                    bands(s, k.bands, k.selector_unit, per);
                }
            },
            c.pricing);
        s.add("rounding", rounding(c.rounding));
    }

    void flatten() {
        Subject& h = subject("tariff");
        h.add("title", '"' + t.title + '"');
        h.add("version", t.version);
        h.add("currency", t.currency);
        h.add("money rounding", rounding(t.money_rounding));
        std::string order;
        for (auto k : t.deduct_order) order += (order.empty() ? "" : ", ") + std::string(kDeductKeys[static_cast<int>(k)]);
        h.add("pack deduction order", order);
        h.add("usage record", t.inputs.record_name);

        for (const auto& u : t.units) {
            Subject& s = subject("unit " + u.name);
            s.add("is", u.is_currency ? "a currency"
                        : &u == &t.units[static_cast<std::size_t>(u.base)]
                            ? "a base unit"
                            : u.factor.to_string() + " " + t.units[static_cast<std::size_t>(u.base)].name);
        }
        for (const auto& f : t.inputs.account_fields) field("account field", f);
        for (const auto& l : t.inputs.lists)
            for (const auto& f : l.fields) field("account." + l.field_name + " field", f);
        for (const auto& f : t.inputs.usage_fields) field(t.inputs.record_name + " field", f);
        for (const auto& l : t.lets) subject("let " + l.name).add("value", expr(l.value));
        // Reject rules have no name: by reason (a second rule with the same reason numbered).
        std::map<std::string, int> reasons;
        for (const auto& r : t.rejects) {
            const int n = ++reasons[r.reason];
            subject("reject \"" + r.reason + '"' + (n > 1 ? fmt::format(" ({})", n) : "")).add("when", expr(r.condition));
        }
        for (const auto& p : t.packs) {
            Subject& s = subject("pack " + p.name);
            s.add("title", '"' + p.title + '"');
            s.add("covers", p.covered_let >= 0 ? t.lets[static_cast<std::size_t>(p.covered_let)].name : "");
            s.add("where", expr(p.where));
            s.add("validity", fmt::format("{} {}", p.validity, p.validity_in_months ? "months" : "days"));
            for (const auto& z : p.sizes)
                s.add("size " + with_unit(z.size, unit(p.size_unit)), "at " + money(z.price));
        }
        for (const auto& m : t.meters) {
            Subject& s = subject("meter " + m.name);
            s.add("title", '"' + m.title + '"');
            std::string agg = kAggregates[static_cast<int>(m.aggregate)];
            if (m.aggregate == plan::Aggregate::Average || m.aggregate == plan::Aggregate::TimeWeighted)
                agg += fmt::format(" rounded to {} {} {}", m.round_step.to_string(), m.round_unit, to_string(m.round_mode));
            if (m.distinct_field >= 0) agg += " of " + t.inputs.usage_fields[static_cast<std::size_t>(m.distinct_field)].name;
            s.add("aggregate", agg);
            s.add("value", expr(m.value));
            s.add("where", expr(m.where));
            s.add("unit", unit(m.unit));
            s.add("by", list_name(m.group_list));
            if (m.after_packs)
                s.add("after packs", m.covered_let >= 0 ? t.lets[static_cast<std::size_t>(m.covered_let)].name : "yes");
            if (m.allowance)
                s.add("free", with_unit(*m.allowance, unit(m.unit)) + (m.allowance_first ? " (before the packs)" : ""));
        }
        for (const auto& c : t.charges) charge(c);
        for (const auto& m : t.minimums) {
            Subject& s = subject("minimum " + m.name);
            s.add("title", '"' + m.title + '"');
            s.add("cadence", cadence(m.yearly, m.anniversary));
            s.add("for each", for_each(m.for_each));
            s.add("when", expr(m.when));
            s.add("spend", money_expr(m.spend));
            if (m.basis_quantity != plan::kNoExpr)
                s.add("against", expr(m.basis_quantity) + " at " + rate(m.basis_rate, m.basis_unit_name));
            else
                s.add("against", charge_names(m.basis_charges));
            s.add("rounding", rounding(m.rounding));
        }
        for (const auto& d : t.discounts) {
            Subject& s = subject("discount " + d.name);
            s.add("title", '"' + d.title + '"');
            s.add("value", d.percent ? d.value.to_string() + "%" : money(d.value));
            s.add("of", d.base_is_subtotal ? "the subtotal" : charge_names(d.base_charges));
            s.add("above", money_expr(d.above));
            s.add("threshold", money_expr(d.threshold));
            s.add("when", expr(d.when));
            s.add("rounding", rounding(d.rounding));
        }
    }
};

std::vector<Subject> flatten(const Tariff& t) {
    Flattener f{t, {}};
    f.flatten();
    return std::move(f.out);
}

// Compares two lists matched by key: emit(Removed, x, nullptr) for an item only
// before, emit(Changed, x, &y) for one on both sides, emit(Added, y, nullptr).
template <class Item, class Key, class Emit>
void compare(const std::vector<Item>& before, const std::vector<Item>& after, Key key, Emit emit) {
    std::map<std::string, const Item*> in_after;
    for (const auto& x : after) in_after.emplace(key(x), &x);
    std::map<std::string, bool> in_before;
    for (const auto& x : before) in_before.emplace(key(x), true);
    for (const auto& x : before) {
        auto it = in_after.find(key(x));
        if (it == in_after.end())
            emit(PlanChange::Kind::Removed, x, nullptr);
        else
            emit(PlanChange::Kind::Changed, x, it->second);
    }
    for (const auto& x : after)
        if (!in_before.count(key(x))) emit(PlanChange::Kind::Added, x, nullptr);
}

}  // namespace

std::vector<PlanChange> plan_changes(const std::vector<plan::Tariff>& before, const std::vector<plan::Tariff>& after) {
    std::vector<PlanChange> out;
    std::map<std::string, const Tariff*> b, a;
    for (const auto& t : before) b.emplace(t.name, &t);
    for (const auto& t : after) a.emplace(t.name, &t);
    std::set<std::string> names;
    for (const auto& t : before) names.insert(t.name);
    for (const auto& t : after) names.insert(t.name);
    for (const std::string& name : names) {
        const auto ib = b.find(name), ia = a.find(name);
        if (ia == a.end()) {
            out.push_back({PlanChange::Kind::Removed, name, "tariff", "", '"' + ib->second->title + '"', ""});
            continue;
        }
        if (ib == b.end()) {
            out.push_back({PlanChange::Kind::Added, name, "tariff", "", "", '"' + ia->second->title + '"'});
            continue;
        }
        const auto sb = flatten(*ib->second), sa = flatten(*ia->second);
        const auto subject_key = [](const Subject& s) { return s.name; };
        compare(sb, sa, subject_key, [&](PlanChange::Kind kind, const Subject& x, const Subject* y) {
            if (kind == PlanChange::Kind::Removed) {
                out.push_back({kind, name, x.name, "", x.summary(), ""});
            } else if (kind == PlanChange::Kind::Added) {
                out.push_back({kind, name, x.name, "", "", x.summary()});
            } else {
                using Prop = std::pair<std::string, std::string>;
                compare(x.props, y->props, [](const Prop& p) { return p.first; },
                        [&](PlanChange::Kind k, const Prop& p, const Prop* q) {
                            if (k == PlanChange::Kind::Changed && p.second == q->second) return;
                            out.push_back({k, name, x.name, p.first, k == PlanChange::Kind::Added ? "" : p.second,
                                           k == PlanChange::Kind::Added ? p.second : k == PlanChange::Kind::Changed ? q->second : ""});
                        });
            }
        });
    }
    return out;
}

const char* kind_name(PlanChange::Kind k) {
    return k == PlanChange::Kind::Added ? "added" : k == PlanChange::Kind::Removed ? "removed" : "changed";
}

std::string change_line(const PlanChange& c, const char* arrow) {
    std::string s = c.tariff + ": " + c.subject;
    if (!c.property.empty()) s += ": " + c.property;
    switch (c.kind) {
        case PlanChange::Kind::Changed: return s + ": " + c.before + " " + arrow + " " + c.after;
        case PlanChange::Kind::Added: return s + ": added" + (c.after.empty() ? "" : " (" + c.after + ")");
        case PlanChange::Kind::Removed: return s + ": removed" + (c.before.empty() ? "" : " (" + c.before + ")");
    }
    return s;
}

}  // namespace tarifc::diff
