// The packs pass: pack types, their sizes and prices, and the deduction
// order; and the tariff-wide limits checked once every pass has run.
#include <algorithm>

#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

PackRanges compile_packs(Context& cx, const Env& env) {
    const Scope rec = Scope::record(static_cast<int>(env.lets.types.size()));
    std::set<std::string> declared;
    PackRanges pack_ranges;
    const ast::DeductDecl* deduct = nullptr;
    for (const auto* m : cx.mods) {
        for (const auto& p : m->packs) {
            plan::PackType pt;
            pt.name = p.name.text;
            pt.range = p.name.range;
            pt.title = p.title;
            if (declared.count(p.name.text)) {
                cx.error("E0102", p.name.range, fmt::format("pack type '{}' is declared twice", p.name.text));
                continue;
            }
            if (p.records.text != cx.t.inputs.record_plural && p.records.text != cx.t.inputs.record_name)
                cx.error("E0101", p.records.range, fmt::format("packs cover {}; '{}' is not a usage record", cx.t.inputs.record_plural, p.records.text));
            auto it = env.sym.names.find(p.covered.text);
            Type covered;
            if (it == env.sym.names.end() || it->second.kind != DeclKind::Let) {
                cx.error("E0101", p.covered.range, fmt::format("'{}' is not a let: a pack covers a per-{} quantity", p.covered.text, cx.t.inputs.record_name));
                covered.error = true;
            } else {
                cx.use(it->second.ast);
                pt.covered_let = it->second.index;
                covered = it->second.index < static_cast<int>(env.lets.types.size()) ? env.lets.types[it->second.index] : Type{};
                if (!covered.error && (covered.kind != ValueKind::Number || covered.unit.num < 0 || is_money(cx, covered.unit))) {
                    cx.error("E0201", p.covered.range, fmt::format("a pack covers a quantity with a unit; '{}' is {}", p.covered.text, type_text(cx, covered)));
                    covered.error = true;
                }
            }
            pt.size_unit = covered.unit;
            if (p.where) pt.where = expect_bool(cx, env, rec, *p.where, "a pack's 'where'").id;
            if (!p.validity.value.is_integer() || p.validity.value.sign() <= 0) {
                cx.error("E0201", p.validity.range, "a pack's validity is a whole number greater than zero");
            } else {
                pt.validity = static_cast<int>(p.validity.value.to_int64().value_or(1));
            }
            if (p.validity_unit.text == "months" || p.validity_unit.text == "month") pt.validity_in_months = true;
            else if (p.validity_unit.text == "days" || p.validity_unit.text == "day") pt.validity_in_months = false;
            else cx.error("E0101", p.validity_unit.range, fmt::format("validity is counted in months or days, not '{}'", p.validity_unit.text));
            if (p.sizes.empty()) cx.error("E0501", p.name.range, fmt::format("pack '{}' has no sizes: it covers nothing", p.name.text));
            std::vector<std::pair<Decimal, SourceRange>> seen;
            for (const auto& s : p.sizes) {
                std::optional<Decimal> size = covered.error ? std::optional<Decimal>(s.size.value) : amount_in(cx, s.size, covered.unit, "pack size");
                check_not_negative(cx, s.price, "pack price");
                auto pu = quantity_unit(cx, s.price);
                if (pu && !is_tariff_money(cx, *pu))
                    cx.error("E0202", s.price.range, fmt::format("a pack price is money in {}, e.g. 290 {}", cx.t.currency, cx.t.currency));
                check_money_precision(cx, s.price);
                if (!size) continue;
                if (size->sign() <= 0) cx.error("E0201", s.size.range, "a pack size must be greater than zero");
                auto dup = std::find_if(seen.begin(), seen.end(), [&](const auto& x) { return x.first == *size; });
                if (dup != seen.end()) {
                    cx.error("E0502", s.size.range, fmt::format("pack '{}' lists size {} twice", p.name.text, shown(s.size)))
                        .notes.push_back({dup->second, "first listed here"});
                    continue;
                }
                seen.push_back({*size, s.size.range});
                pt.sizes.push_back({*size, s.price.value});
            }
            declared.insert(p.name.text);
            pack_ranges.push_back(p.name.range);
            cx.t.packs.push_back(std::move(pt));
        }
        for (const auto& d : m->deducts) {
            if (deduct) {
                cx.error("E0102", d.range, "the deduction order is declared twice").notes.push_back({deduct->range, "first declared here"});
                continue;
            }
            deduct = &d;
        }
    }
    if (deduct) {
        std::set<std::string> seen;
        for (const auto& k : deduct->keys) {
            if (!seen.insert(k.text).second) cx.error("E0102", k.range, fmt::format("deduction key '{}' is listed twice", k.text));
            if (k.text == "expiry") cx.t.deduct_order.push_back(plan::DeductKey::Expiry);
            else if (k.text == "purchase") cx.t.deduct_order.push_back(plan::DeductKey::Purchase);
            else if (k.text == "listed") cx.t.deduct_order.push_back(plan::DeductKey::Listed);
            else if (k.text == "size") cx.t.deduct_order.push_back(plan::DeductKey::Size);
            else cx.error("E0101", k.range, fmt::format("unknown deduction key '{}'; expected expiry, purchase, listed or size", k.text));
        }
        if (!seen.count("listed"))
            cx.error("E0503", deduct->range, "the deduction order leaves ties undecided: two packs equal on every key have no order")
                .notes.push_back({{}, "end the order with 'listed' (the order of the account's list)"});
    } else if (!cx.t.packs.empty()) {
        cx.error("E0503", pack_ranges.front(), "packs are declared but no deduction order says which is drawn first")
            .notes.push_back({{}, "add e.g. 'deduct packs by expiry, purchase, listed'"});
    }
    return pack_ranges;
}

// Limits of the plan as a whole, and packs that no meter bills.
void check_limits(Context& cx, const PackRanges& packs) {
    if (cx.t.meters.size() > static_cast<std::size_t>(plan::kMaxMeters))
        cx.error("E0603", cx.t.range, fmt::format("a tariff has at most {} meters; this one has {}", plan::kMaxMeters, cx.t.meters.size()));
    if (cx.t.packs.size() > static_cast<std::size_t>(plan::kMaxPackTypes))
        cx.error("E0603", cx.t.range, fmt::format("a tariff has at most {} pack types; this one has {}", plan::kMaxPackTypes, cx.t.packs.size()));
    for (const auto& p : cx.t.packs) {
        bool absorbed = std::any_of(cx.t.meters.begin(), cx.t.meters.end(), [&](const plan::Meter& m) {
            return m.after_packs && m.covered_let == p.covered_let;
        });
        if (!absorbed && p.covered_let >= 0 && !p.sizes.empty())
            cx.error("E0501", packs[&p - cx.t.packs.data()],
                  fmt::format("pack '{}' covers nothing billed: no meter sums '{}' after packs", p.name,
                              cx.t.lets[p.covered_let].name));
    }
}

}  // namespace tarifc::check
