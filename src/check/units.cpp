// Unit algebra and the checks every priced literal shares: how units and
// types read in messages, exact conversion of rates and amounts between
// units of one dimension, money precision and sign.
#include <fmt/format.h>

#include "base/money_text.hpp"
#include "check/context.hpp"

namespace tarifc::check {

std::string unit_text(const Context& cx, UnitPair u) {
    if (u.num < 0 && u.den < 0) return "a plain number";
    std::string s = u.num >= 0 ? cx.t.units[u.num].name : "1";
    if (u.den >= 0) s += "/" + cx.t.units[u.den].name;
    return s;
}
std::string type_text(const Context& cx, const Type& t) {
    switch (t.kind) {
        case ValueKind::Number:
            if (t.unit.num >= 0 && cx.t.units[t.unit.num].is_currency && t.unit.den < 0) return "money (" + unit_text(cx, t.unit) + ")";
            if (t.unit.den >= 0) return "a rate (" + unit_text(cx, t.unit) + ")";
            return t.unit.num >= 0 ? "a quantity in " + unit_text(cx, t.unit) : "a plain number";
        case ValueKind::Bool: return "a condition (true/false)";
        case ValueKind::Text: return "text";
        case ValueKind::Enum: return "a choice";
        case ValueKind::Date: return "a date";
        case ValueKind::Timestamp: return "a timestamp";
        case ValueKind::Plan: return "a plan name";
        case ValueKind::Pack: return "a pack type";
        case ValueKind::Account: return "an account";
        case ValueKind::Ref: return "an entry of account." + cx.t.inputs.lists[t.list].field_name;
        case ValueKind::List: return "a list";
    }
    return "?";
}
// How a quantity's unit reads after "the quantity is": "in minute",
// "a plain number", "money (CNY)", "a rate (CNY/minute)".
std::string quantity_desc(const Context& cx, UnitPair u) {
    if (u.num >= 0 && u.den < 0 && !cx.t.units[u.num].is_currency) return "in " + unit_text(cx, u);
    Type t;
    t.unit = u;
    return type_text(cx, t);
}
bool is_money(const Context& cx, UnitPair u) { return u.num >= 0 && u.den < 0 && cx.t.units[u.num].is_currency; }
// A count or an amount of some unit: what 'on' and a minimum's basis take.
bool is_quantity(const Context& cx, const Type& t) {
    return t.kind == ValueKind::Number && !is_money(cx, t.unit) && t.unit.den < 0;
}
// Money in the tariff's own currency.
bool is_tariff_money(const Context& cx, UnitPair u) { return is_money(cx, u) && u.num == currency_unit(cx); }
bool is_tariff_money(const Context& cx, const Type& t) { return t.kind == ValueKind::Number && is_tariff_money(cx, t.unit); }
bool same_dimension(const Context& cx, int a, int b) { return a >= 0 && b >= 0 && cx.t.units[a].base == cx.t.units[b].base; }

std::optional<int> unit(Context& cx, const ast::Name& n) {
    auto it = cx.units.find(n.text);
    if (it == cx.units.end()) {
        auto& d = cx.error("E0204", n.range, fmt::format("unknown unit '{}'", n.text));
        suggest(d, n.text, keys_of(cx.units));
        d.notes.push_back({{}, "declare it with 'unit " + n.text + "' or check the spelling"});
        return std::nullopt;
    }
    return it->second;
}
std::optional<UnitPair> unit_pair(Context& cx, const ast::UnitRef& u) {
    UnitPair p;
    auto a = unit(cx, u.numerator);
    if (!a) return std::nullopt;
    p.num = *a;
    if (u.denominator) {
        auto b = unit(cx, *u.denominator);
        if (!b) return std::nullopt;
        p.den = *b;
    }
    return p;
}
std::optional<UnitPair> quantity_unit(Context& cx, const ast::Quantity& q) {
    if (!q.unit) return UnitPair{};
    return unit_pair(cx, *q.unit);
}
std::string shown(const ast::Quantity& q) {
    if (!q.unit) return q.text;
    std::string s = q.text + " " + q.unit->numerator.text;
    if (q.unit->denominator) s += "/" + q.unit->denominator->text;
    return s;
}

// A money literal with more decimals than the money rounding keeps.
void check_money_precision(Context& cx, const ast::Quantity& q) {
    if (cx.t.money_rounding.quantum.is_zero()) return;
    const auto& money = cx.t.money_rounding;
    Decimal r;
    try {
        r = q.value.rounded_to_step(money.quantum, money.mode);
    } catch (const OverflowError&) {
        // The amount over the quantum has more than 38 digits: no invoice
        // could round it either.
        cx.error("E0205", q.range,
                 fmt::format("{} is too large to represent in money rounded to {}", shown(q), money.quantum.to_string()));
        return;
    }
    if (r != q.value)
        cx.diags.warning("W0402", q.range,
                       fmt::format("{} has more decimals than money rounding to {} keeps; it will bill as {}{}",
                                   shown(q), money.quantum.to_string(),
                                   money_fixed(r, step_places(money.quantum)),
                                   q.unit ? " " + q.unit->numerator.text : std::string()));
}
void check_not_negative(Context& cx, const ast::Quantity& q, const char* what) {
    if (q.value.is_negative())
        cx.error("E0401", q.range, fmt::format("{} {} is negative; prices must be zero or more", what, q.text));
}

// q's value × factor(from) / factor(to), exactly: the inner nullopt when the
// quotient needs more than 30 decimals (the caller says why that matters),
// the outer nullopt (reported here, E0205) when a number on the way has more
// than 38 digits, e.g. a rate of 38 nines per hour applied per second.
// `target` names what it is converted to ("second", "per second").
static std::optional<std::optional<Decimal>> converted(Context& cx, const ast::Quantity& q, int from, int to,
                                                       const char* what, const std::string& target) {
    try {
        return Decimal::divide_exact(q.value * cx.t.units[from].factor, cx.t.units[to].factor);
    } catch (const OverflowError&) {
        cx.error("E0205", q.range,
                 fmt::format("{} {} is too large to represent once converted to {}", what, q.text, target));
        return std::nullopt;
    }
}

// A rate literal applied per `qty_unit`: converts it exactly or reports.
std::optional<Decimal> rate_per(Context& cx, const ast::Quantity& rate, UnitPair qty_unit, const char* what) {
    auto u = quantity_unit(cx, rate);
    if (!u) return std::nullopt;
    check_not_negative(cx, rate, what);
    if (u->num < 0 || !cx.t.units[u->num].is_currency || u->den < 0) {
        if (qty_unit.num < 0 && u->num >= 0 && cx.t.units[u->num].is_currency && u->den < 0) {
            // A price per plain count (e.g. per record): money is fine.
            if (u->num != currency_unit(cx)) {
                cx.error("E0202", rate.range, fmt::format("{} is in {}, but the tariff's currency is {}", rate.text, unit_text(cx, *u), cx.t.currency));
                return std::nullopt;
            }
            return rate.value;
        }
        cx.error("E0202", rate.range,
              fmt::format("{} must be money per unit, e.g. 0.03 {}/{}", what, cx.t.currency,
                          qty_unit.num >= 0 ? cx.t.units[qty_unit.num].name : "unit"));
        return std::nullopt;
    }
    if (u->num != currency_unit(cx)) {
        cx.error("E0202", rate.range,
              fmt::format("{} is in {}, but the tariff's currency is {}", rate.text, unit_text(cx, *u), cx.t.currency));
        return std::nullopt;
    }
    if (qty_unit.den >= 0 || qty_unit.num < 0 || is_money(cx, qty_unit)) {
        cx.error("E0202", rate.range,
              fmt::format("{} {} is priced per {}, but the quantity is {}", what, shown(rate),
                          cx.t.units[u->den].name, quantity_desc(cx, qty_unit)));
        return std::nullopt;
    }
    if (u->den == qty_unit.num) return rate.value;
    if (!same_dimension(cx, u->den, qty_unit.num)) {
        cx.error("E0202", rate.range,
              fmt::format("unit mismatch: {} is priced per {}, but the quantity is in {}", shown(rate),
                          cx.t.units[u->den].name, cx.t.units[qty_unit.num].name));
        return std::nullopt;
    }
    // Per `qty_unit`: rate × factor(qty) / factor(rate unit), exactly.
    auto exact = converted(cx, rate, qty_unit.num, u->den, what, "per " + cx.t.units[qty_unit.num].name);
    if (!exact) return std::nullopt;
    if (!*exact) {
        cx.error("E0203", rate.range,
              fmt::format("{} cannot be applied to a quantity in {} without rounding", shown(rate),
                          cx.t.units[qty_unit.num].name))
            .notes.push_back({{}, fmt::format("say how the quantity rounds, e.g. ceil(x to {})",
                                              cx.t.units[u->den].name)});
        return std::nullopt;
    }
    return **exact;
}
int currency_unit(const Context& cx) {
    auto it = cx.units.find(cx.t.currency);
    return it == cx.units.end() ? -1 : it->second;
}
// A quantity literal (tier bound, allowance, pack size) expressed in `want`.
std::optional<Decimal> amount_in(Context& cx, const ast::Quantity& q, UnitPair want, const char* what) {
    auto u = quantity_unit(cx, q);
    if (!u) return std::nullopt;
    if (!q.unit || *u == want) return q.value;
    if (u->den < 0 && want.den < 0 && same_dimension(cx, u->num, want.num) && !is_money(cx, want)) {
        auto exact = converted(cx, q, u->num, want.num, what, cx.t.units[want.num].name);
        if (!exact) return std::nullopt;
        if (*exact) return **exact;
        cx.error("E0203", q.range, fmt::format("{} {} is not a whole number of {}", what, q.text,
                                            cx.t.units[want.num].name));
        return std::nullopt;
    }
    cx.error("E0202", q.range, fmt::format("{} {} is in {}, but the quantity is {}", what, q.text,
                                        unit_text(cx, *u), quantity_desc(cx, want)));
    return std::nullopt;
}

}  // namespace tarifc::check
