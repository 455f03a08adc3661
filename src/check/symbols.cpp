// The symbols pass: units and the currency, the money policy, and the
// names of every declaration (Symbols::names), each checked declared once.
#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

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

bool SeenNames::first(Context& cx, const ast::Name& n) {
    auto [it, fresh] = seen_.emplace(n.text, n.range);
    if (!fresh)
        cx.error("E0102", n.range, fmt::format("{} '{}' is {} twice", noun_, n.text, verb_))
            .notes.push_back({it->second, fmt::format("first {} here", verb_)});
    return fresh;
}

void collect_units(Context& cx) {
    for (const auto* m : cx.mods) {
        for (const auto& c : m->currencies) {
            if (!cx.t.currency.empty()) {
                cx.error("E0102", c.range, fmt::format("currency declared twice (already {})", cx.t.currency));
                continue;
            }
            cx.t.currency = c.code.text;
            cx.units[c.code.text] = static_cast<int>(cx.t.units.size());
            cx.t.units.push_back({c.code.text, static_cast<int>(cx.t.units.size()), Decimal::from_int(1), true});
        }
    }
    std::map<std::string, SourceRange> first;
    for (const auto* m : cx.mods) {
        for (const auto& u : m->units) {
            if (cx.units.count(u.name.text)) {
                auto& d = cx.error("E0102", u.name.range, fmt::format("unit '{}' is declared twice", u.name.text));
                if (first.count(u.name.text)) d.notes.push_back({first[u.name.text], "first declared here"});
                continue;
            }
            plan::Unit unit{u.name.text, static_cast<int>(cx.t.units.size()), Decimal::from_int(1), false};
            if (u.definition) {
                const auto& q = *u.definition;
                auto base = q.unit ? unit_pair(cx, *q.unit) : std::nullopt;
                if (!base) continue;
                if (base->den >= 0 || cx.t.units[base->num].is_currency) {
                    cx.error("E0202", q.range, "a unit is defined as a number of another plain unit, e.g. unit minute = 60 second");
                    continue;
                }
                if (q.value.sign() <= 0) {
                    cx.error("E0201", q.range, "a unit's size must be greater than zero");
                    continue;
                }
                unit.base = cx.t.units[base->num].base;
                try {
                    unit.factor = q.value * cx.t.units[base->num].factor;
                } catch (const OverflowError&) {
                    cx.error("E0205", q.range,
                             fmt::format("unit '{}' = {} {} is too large to represent in {}", u.name.text, q.text,
                                         q.unit->numerator.text, cx.t.units[unit.base].name));
                    continue;
                }
            }
            first[u.name.text] = u.name.range;
            cx.units[u.name.text] = static_cast<int>(cx.t.units.size());
            cx.t.units.push_back(std::move(unit));
        }
    }
}

void collect_policy(Context& cx, int root) {
    const ast::Module& rm = *cx.ws.modules[root].ast;
    if (rm.header) {
        cx.t.name = rm.header->name.text;
        cx.t.title = rm.header->title;
        cx.t.version = rm.header->version;
        cx.t.range = rm.header->range;
    }
    bool have_rounding = false;
    for (const auto* m : cx.mods) {
        for (const auto& r : m->roundings) {
            if (have_rounding) {
                cx.error("E0102", r.range, "money rounding is declared twice");
                continue;
            }
            have_rounding = true;
            if (r.quantum.sign() <= 0)
                cx.error("E0201", r.range, "money rounds to a step greater than zero, e.g. 0.01");
            if (!r.per_line)
                cx.error("E0601", r.range, "say where money is rounded: 'rounding money to 0.01 half-up per line'");
            cx.t.money_rounding = {r.quantum, r.mode};
        }
    }
    SourceRange where = rm.header ? rm.header->range : SourceRange{rm.file, 0, 0};
    if (cx.t.currency.empty()) cx.error("E0602", where, "the tariff declares no currency (e.g. 'currency CNY')");
    if (!have_rounding)
        cx.error("E0602", where, "the tariff declares no money rounding (e.g. 'rounding money to 0.01 half-up per line')");
}

void collect_names(Context& cx, Symbols& sym) {
    auto declare = [&](const ast::Name& n, DeclKind k, int index, const void* a) {
        auto [it, fresh] = sym.names.emplace(n.text, Decl{k, index, a, n.range});
        if (!fresh) {
            cx.error("E0102", n.range, fmt::format("'{}' is already declared as a {}", n.text, kind_word(it->second.kind)))
                .notes.push_back({it->second.range, "first declared here"});
            cx.use(a);  // reported; "never used" would only repeat it
            return false;
        }
        return true;
    };
    int lets = 0, meters = 0, charges = 0, minimums = 0, discounts = 0;
    for (const auto* m : cx.mods) {
        // compile_lets skips a duplicate let, so only the first counts.
        for (const auto& l : m->lets)
            if (declare(l.name, DeclKind::Let, lets, &l)) ++lets;
        for (const auto& x : m->meters) declare(x.name, DeclKind::Meter, meters++, &x);
        for (const auto& x : m->charges) declare(x.name, DeclKind::Charge, charges++, &x);
        for (const auto& x : m->minimums) declare(x.name, DeclKind::Minimum, minimums++, &x);
        for (const auto& x : m->discounts) declare(x.name, DeclKind::Discount, discounts++, &x);
    }
}

// Charges named by a minimum's or a discount's basis.
std::vector<int> charge_indices(Context& cx, const Symbols& sym, const std::vector<ast::Name>& names) {
    std::vector<int> out;
    for (const auto& n : names) {
        auto it = sym.names.find(n.text);
        if (it == sym.names.end() || it->second.kind != DeclKind::Charge) {
            std::vector<std::string> charges;
            for (const auto& [name, d] : sym.names)
                if (d.kind == DeclKind::Charge) charges.push_back(name);
            suggest(cx.error("E0101", n.range, fmt::format("unknown charge '{}'", n.text)), n.text, charges);
        } else out.push_back(it->second.index);
    }
    return out;
}

}  // namespace tarifc::check
