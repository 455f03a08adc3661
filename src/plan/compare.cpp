#include "plan/compare.hpp"

#include <fmt/format.h>

namespace tarifc::plan {

namespace {

class Differ {
public:
    std::vector<std::string> found;

    // One named field: its path is the current one plus `name`.
    template <typename T>
    void operator()(std::string_view name, const T& a, const T& b) {
        const std::size_t size = path_.size();
        if (!path_.empty() && !name.starts_with("[")) path_ += '.';
        path_ += name;
        cmp(a, b);
        path_.resize(size);
    }

private:
    std::string path_;

    void differ(const std::string& a, const std::string& b) { found.push_back(fmt::format("{}: {} -> {}", path_, a, b)); }

    void cmp(const std::string& a, const std::string& b) {
        if (a != b) differ(fmt::format("\"{}\"", a), fmt::format("\"{}\"", b));
    }
    void cmp(bool a, bool b) {
        if (a != b) differ(a ? "true" : "false", b ? "true" : "false");
    }
    template <typename T>
        requires std::is_integral_v<T>
    void cmp(T a, T b) {
        if (a != b) differ(fmt::format("{}", a), fmt::format("{}", b));
    }
    template <typename T>
        requires std::is_enum_v<T>
    void cmp(T a, T b) {
        using U = std::underlying_type_t<T>;
        if (a != b) differ(fmt::format("{}", static_cast<long long>(static_cast<U>(a))),
                           fmt::format("{}", static_cast<long long>(static_cast<U>(b))));
    }
    void cmp(const Decimal& a, const Decimal& b) {
        if (!(a == b)) differ(a.to_string(), b.to_string());
    }
    template <typename T>
    void cmp(const std::optional<T>& a, const std::optional<T>& b) {
        if (a && b) return cmp(*a, *b);
        if (a.has_value() != b.has_value()) differ(a ? "set" : "none", b ? "set" : "none");
    }
    template <typename T>
    void cmp(const std::vector<T>& a, const std::vector<T>& b) {
        auto entries = [](std::size_t n) { return fmt::format("{} entr{}", n, n == 1 ? "y" : "ies"); };
        if (a.size() != b.size()) differ(entries(a.size()), entries(b.size()));
        for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) (*this)(fmt::format("[{}]", i), a[i], b[i]);
    }
    template <typename... T>
    void cmp(const std::variant<T...>& a, const std::variant<T...>& b) {
        if (a.index() != b.index()) return differ(fmt::format("kind {}", a.index()), fmt::format("kind {}", b.index()));
        std::visit([&](const auto& x) { cmp(x, std::get<std::decay_t<decltype(x)>>(b)); }, a);
    }

    void cmp(const Unit& a, const Unit& b) {
        (*this)("name", a.name, b.name);
        (*this)("base", a.base, b.base);
        (*this)("factor", a.factor, b.factor);
        (*this)("is_currency", a.is_currency, b.is_currency);
    }
    void cmp(const UnitPair& a, const UnitPair& b) {
        (*this)("num", a.num, b.num);
        (*this)("den", a.den, b.den);
    }
    void cmp(const Field& a, const Field& b) {
        (*this)("name", a.name, b.name);
        (*this)("kind", a.kind, b.kind);
        (*this)("integer", a.integer, b.integer);
        (*this)("unit", a.unit, b.unit);
        (*this)("enum_values", a.enum_values, b.enum_values);
        (*this)("optional", a.optional, b.optional);
        (*this)("default_value", a.default_value, b.default_value);
        (*this)("is_key", a.is_key, b.is_key);
        (*this)("unique_per_account", a.unique_per_account, b.unique_per_account);
        (*this)("ref_list", a.ref_list, b.ref_list);
        (*this)("zone_offset_minutes", a.zone_offset_minutes, b.zone_offset_minutes);
        (*this)("role", a.role, b.role);
        (*this)("list", a.list, b.list);
    }
    void cmp(const EntityList& a, const EntityList& b) {
        (*this)("field_name", a.field_name, b.field_name);
        (*this)("entity_name", a.entity_name, b.entity_name);
        (*this)("key_field", a.key_field, b.key_field);
        (*this)("fields", a.fields, b.fields);
        (*this)("is_pack_list", a.is_pack_list, b.is_pack_list);
        (*this)("type_field", a.type_field, b.type_field);
        (*this)("size_field", a.size_field, b.size_field);
        (*this)("purchase_field", a.purchase_field, b.purchase_field);
        (*this)("balance_field", a.balance_field, b.balance_field);
    }
    void cmp(const Inputs& a, const Inputs& b) {
        (*this)("account_fields", a.account_fields, b.account_fields);
        (*this)("account_id_field", a.account_id_field, b.account_id_field);
        (*this)("account_plan_field", a.account_plan_field, b.account_plan_field);
        (*this)("lists", a.lists, b.lists);
        (*this)("record_name", a.record_name, b.record_name);
        (*this)("record_plural", a.record_plural, b.record_plural);
        (*this)("usage_fields", a.usage_fields, b.usage_fields);
        (*this)("usage_account_field", a.usage_account_field, b.usage_account_field);
        (*this)("usage_time_field", a.usage_time_field, b.usage_time_field);
        (*this)("usage_unique_field", a.usage_unique_field, b.usage_unique_field);
    }
    void cmp(const Node& a, const Node& b) {
        (*this)("op", a.op, b.op);
        (*this)("mode", a.mode, b.mode);
        (*this)("a", a.a, b.a);
        (*this)("b", a.b, b.b);
        (*this)("c", a.c, b.c);
        (*this)("mask", a.mask, b.mask);
        (*this)("k", a.k, b.k);
        (*this)("k2", a.k2, b.k2);
    }
    void cmp(const Let& a, const Let& b) {
        (*this)("name", a.name, b.name);
        (*this)("value", a.value, b.value);
    }
    void cmp(const Reject& a, const Reject& b) {
        (*this)("condition", a.condition, b.condition);
        (*this)("reason", a.reason, b.reason);
    }
    void cmp(const PackSize& a, const PackSize& b) {
        (*this)("size", a.size, b.size);
        (*this)("price", a.price, b.price);
    }
    void cmp(const PackType& a, const PackType& b) {
        (*this)("name", a.name, b.name);
        (*this)("title", a.title, b.title);
        (*this)("covered_let", a.covered_let, b.covered_let);
        (*this)("where", a.where, b.where);
        (*this)("validity", a.validity, b.validity);
        (*this)("validity_in_months", a.validity_in_months, b.validity_in_months);
        (*this)("sizes", a.sizes, b.sizes);
        (*this)("size_unit", a.size_unit, b.size_unit);
    }
    void cmp(const Meter& a, const Meter& b) {
        (*this)("name", a.name, b.name);
        (*this)("title", a.title, b.title);
        (*this)("is_count", a.is_count, b.is_count);
        (*this)("aggregate", a.aggregate, b.aggregate);
        (*this)("round_step", a.round_step, b.round_step);
        (*this)("round_mode", a.round_mode, b.round_mode);
        (*this)("round_unit", a.round_unit, b.round_unit);
        (*this)("distinct_field", a.distinct_field, b.distinct_field);
        (*this)("value", a.value, b.value);
        (*this)("where", a.where, b.where);
        (*this)("group_field", a.group_field, b.group_field);
        (*this)("group_list", a.group_list, b.group_list);
        (*this)("after_packs", a.after_packs, b.after_packs);
        (*this)("covered_let", a.covered_let, b.covered_let);
        (*this)("unit", a.unit, b.unit);
        (*this)("allowance", a.allowance, b.allowance);
        (*this)("allowance_first", a.allowance_first, b.allowance_first);
    }
    void cmp(const Rounding& a, const Rounding& b) {
        (*this)("quantum", a.quantum, b.quantum);
        (*this)("mode", a.mode, b.mode);
    }
    void cmp(const Band& a, const Band& b) {
        (*this)("lower", a.lower, b.lower);
        (*this)("upper", a.upper, b.upper);
        (*this)("rate", a.rate, b.rate);
    }
    void cmp(const ForEach& a, const ForEach& b) {
        (*this)("list", a.list, b.list);
        (*this)("where", a.where, b.where);
    }
    void cmp(const PerUnit& a, const PerUnit& b) { (*this)("rate", a.rate, b.rate); }
    void cmp(const Graduated& a, const Graduated& b) { (*this)("bands", a.bands, b.bands); }
    void cmp(const Volume& a, const Volume& b) { (*this)("bands", a.bands, b.bands); }
    void cmp(const Flat& a, const Flat& b) { (*this)("amount", a.amount, b.amount); }
    void cmp(const Package& a, const Package& b) {
        (*this)("block", a.block, b.block);
        (*this)("price", a.price, b.price);
    }
    void cmp(const VolumeBy& a, const VolumeBy& b) {
        (*this)("bands", a.bands, b.bands);
        (*this)("selector", a.selector, b.selector);
        (*this)("selector_text", a.selector_text, b.selector_text);
        (*this)("selector_unit", a.selector_unit, b.selector_unit);
    }
    void cmp(const Charge::RoundedOn& a, const Charge::RoundedOn& b) {
        (*this)("operand", a.operand, b.operand);
        (*this)("from", a.from, b.from);
        (*this)("to", a.to, b.to);
        (*this)("mode", a.mode, b.mode);
        (*this)("operand_unit", a.operand_unit, b.operand_unit);
        (*this)("base_unit", a.base_unit, b.base_unit);
    }
    void cmp(const Charge& a, const Charge& b) {
        (*this)("name", a.name, b.name);
        (*this)("title", a.title, b.title);
        (*this)("yearly", a.yearly, b.yearly);
        (*this)("anniversary", a.anniversary, b.anniversary);
        (*this)("for_each", a.for_each, b.for_each);
        (*this)("when", a.when, b.when);
        (*this)("quantity", a.quantity, b.quantity);
        (*this)("quantity_unit", a.quantity_unit, b.quantity_unit);
        (*this)("quantity_unit_name", a.quantity_unit_name, b.quantity_unit_name);
        (*this)("allowance", a.allowance, b.allowance);
        (*this)("allowance_to_q", a.allowance_to_q, b.allowance_to_q);
        (*this)("allowance_to_base", a.allowance_to_base, b.allowance_to_base);
        (*this)("allowance_literal", a.allowance_literal, b.allowance_literal);
        (*this)("rounded_on", a.rounded_on, b.rounded_on);
        (*this)("pricing", a.pricing, b.pricing);
        (*this)("rounding", a.rounding, b.rounding);
    }
    void cmp(const Minimum& a, const Minimum& b) {
        (*this)("name", a.name, b.name);
        (*this)("title", a.title, b.title);
        (*this)("yearly", a.yearly, b.yearly);
        (*this)("anniversary", a.anniversary, b.anniversary);
        (*this)("for_each", a.for_each, b.for_each);
        (*this)("when", a.when, b.when);
        (*this)("spend", a.spend, b.spend);
        (*this)("basis_quantity", a.basis_quantity, b.basis_quantity);
        (*this)("basis_rate", a.basis_rate, b.basis_rate);
        (*this)("basis_unit_name", a.basis_unit_name, b.basis_unit_name);
        (*this)("basis_charges", a.basis_charges, b.basis_charges);
        (*this)("rounding", a.rounding, b.rounding);
    }
    void cmp(const Discount& a, const Discount& b) {
        (*this)("name", a.name, b.name);
        (*this)("title", a.title, b.title);
        (*this)("percent", a.percent, b.percent);
        (*this)("value", a.value, b.value);
        (*this)("base_is_subtotal", a.base_is_subtotal, b.base_is_subtotal);
        (*this)("base_charges", a.base_charges, b.base_charges);
        (*this)("above", a.above, b.above);
        (*this)("threshold", a.threshold, b.threshold);
        (*this)("threshold_literal", a.threshold_literal, b.threshold_literal);
        (*this)("when", a.when, b.when);
        (*this)("rounding", a.rounding, b.rounding);
    }

public:
    void tariff(const Tariff& a, const Tariff& b) {
        (*this)("name", a.name, b.name);
        (*this)("title", a.title, b.title);
        (*this)("version", a.version, b.version);
        (*this)("currency", a.currency, b.currency);
        (*this)("money_rounding", a.money_rounding, b.money_rounding);
        (*this)("units", a.units, b.units);
        (*this)("inputs", a.inputs, b.inputs);
        (*this)("nodes", a.nodes, b.nodes);
        (*this)("choice_maps", a.choice_maps, b.choice_maps);
        (*this)("lets", a.lets, b.lets);
        (*this)("rejects", a.rejects, b.rejects);
        (*this)("packs", a.packs, b.packs);
        (*this)("deduct_order", a.deduct_order, b.deduct_order);
        (*this)("meters", a.meters, b.meters);
        (*this)("allowance_first_meter", a.allowance_first_meter, b.allowance_first_meter);
        (*this)("charges", a.charges, b.charges);
        (*this)("minimums", a.minimums, b.minimums);
        (*this)("discounts", a.discounts, b.discounts);
        // a.range: where the header is written; not part of what it means.
    }
};

}  // namespace

std::vector<std::string> plan_differences(const Tariff& a, const Tariff& b) {
    Differ d;
    d.tariff(a, b);
    return std::move(d.found);
}

}  // namespace tarifc::plan
