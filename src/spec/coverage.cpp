// Rule coverage (`tarifc test --coverage`, docs/testing.md "Coverage"): the
// rules of every tariff a test named, and which of them some test
// exercised. Read from what the runs produce anyway (the invoices with
// their --explain traces, the rejections): nothing is added to the
// evaluator's hot path.
//
// Exercised means:
//   charge     a line of it with a quantity other than zero;
//   band       a line of its charge whose trace prices a part in it
//              (graduated: the quantity reaches into the band; volume and
//              volume by: the band chosen);
//   pack type  a pack of the type drew something;
//   minimum    a line of it with an amount other than zero (a shortfall billed);
//   discount   a line of it with an amount other than zero (the discount taken);
//   reject     a row rejected by it (its reason).
#include <algorithm>
#include <variant>

#include <fmt/format.h>

#include "charges/kinds.hpp"
#include "spec/spec.hpp"

namespace tarifc::spec {

namespace {

using Key = std::pair<std::string, uint32_t>;

Key key_of(const SourceRange& r) { return {r.file ? r.file->path : std::string(), r.begin}; }

void add(Coverage& cov, RuleKind kind, const SourceRange& r, std::string text) {
    if (!r.file) return;
    Rule rule;
    rule.kind = kind;
    rule.file = r.file->path;
    rule.line = r.file->line_col(r.begin).line;
    rule.text = std::move(text);
    cov.rules.emplace(key_of(r), std::move(rule));
}

void mark(Coverage& cov, const SourceRange& r) {
    if (auto it = cov.rules.find(key_of(r)); it != cov.rules.end()) it->second.exercised = true;
}

// A charge's bands with the words its --explain trace starts a band's line
// with (src/charges/graduated.cpp, volume.cpp, volume_by.cpp).
struct Tiers {
    const std::vector<plan::Band>* bands = nullptr;
    const char* trace = "";   // "band over " or "volume band over "
    std::string unit;
};

Tiers tiers_of(const plan::Charge& c) {
    Tiers t;
    if (const auto* g = std::get_if<plan::Graduated>(&c.pricing)) t = {&g->bands, "band over ", c.quantity_unit_name};
    if (const auto* v = std::get_if<plan::Volume>(&c.pricing)) t = {&v->bands, "volume band over ", c.quantity_unit_name};
    if (const auto* v = std::get_if<plan::VolumeBy>(&c.pricing)) t = {&v->bands, "volume band over ", v->selector_unit};
    return t;
}

// "over 0 up to 200000" as the trace writes it; with a unit for people:
// "over 0 minute up to 200000 minute".
std::string bounds(const plan::Band& b, const std::string& unit = "") {
    const std::string u = unit.empty() ? "" : " " + unit;
    return fmt::format("over {}{}{}", charges::qty_text(b.lower), u,
                       b.upper ? " up to " + charges::qty_text(*b.upper) + u : std::string(" and above"));
}

const plan::Charge* find_charge(const plan::Tariff& t, const std::string& name) {
    for (const auto& c : t.charges)
        if (c.name == name) return &c;
    return nullptr;
}

}  // namespace

std::size_t Coverage::exercised() const {
    return static_cast<std::size_t>(
        std::count_if(rules.begin(), rules.end(), [](const auto& r) { return r.second.exercised; }));
}

std::string Coverage::percent() const {
    if (rules.empty()) return "100.0";
    const std::size_t tenths = exercised() * 1000 / rules.size();
    return fmt::format("{}.{}", tenths / 10, tenths % 10);
}

bool Coverage::reaches(const Decimal& pct) const {
    // exercised × 100 >= pct × total, in exact decimals.
    const auto e = Decimal::from_int(static_cast<int64_t>(exercised())) * Decimal::from_int(100);
    const auto need = pct * Decimal::from_int(static_cast<int64_t>(rules.size()));
    return !(e < need);
}

std::string rule_kind_name(RuleKind k) {
    static const char* const names[] = {"charge", "band", "pack", "minimum", "discount", "reject"};
    return names[static_cast<int>(k)];
}

void add_rules(const plan::Tariff& t, Coverage& cov) {
    for (const auto& c : t.charges) {
        add(cov, RuleKind::Charge, c.range, fmt::format("charge {}", c.name));
        const Tiers tiers = tiers_of(c);
        if (!tiers.bands) continue;
        for (std::size_t i = 0; i < tiers.bands->size(); ++i) {
            const plan::Band& b = (*tiers.bands)[i];
            add(cov, RuleKind::Band, b.range,
                fmt::format("band {} of charge {}: {}", i + 1, c.name, bounds(b, tiers.unit)));
        }
    }
    for (const auto& p : t.packs) add(cov, RuleKind::Pack, p.range, fmt::format("pack {}", p.name));
    for (const auto& m : t.minimums) add(cov, RuleKind::Minimum, m.range, fmt::format("minimum {}", m.name));
    for (const auto& d : t.discounts) add(cov, RuleKind::Discount, d.range, fmt::format("discount {}", d.name));
    for (const auto& r : t.rejects) add(cov, RuleKind::Reject, r.range, fmt::format("reject \"{}\"", r.reason));
}

void mark_invoice(const plan::Tariff& t, const Invoice& inv, Coverage& cov) {
    for (const auto& li : inv.lines) {
        if (const plan::Charge* c = find_charge(t, li.charge)) {
            if (li.quantity.sign() != 0) mark(cov, c->range);
            const Tiers tiers = tiers_of(*c);
            if (!tiers.bands) continue;
            for (const auto& b : *tiers.bands) {
                const std::string prefix = tiers.trace + bounds(b).substr(5) + ":";
                for (const auto& e : li.explain)
                    if (e.rfind(prefix, 0) == 0) mark(cov, b.range);
            }
            continue;
        }
        if (li.amount.sign() == 0) continue;
        for (const auto& m : t.minimums)
            if (m.name == li.charge) mark(cov, m.range);
        for (const auto& d : t.discounts)
            if (d.name == li.charge) mark(cov, d.range);
    }
    for (const auto& p : inv.packs) {
        if (p.used.sign() == 0) continue;
        for (const auto& pt : t.packs)
            if (pt.name == p.type) mark(cov, pt.range);
    }
}

void mark_rejection(const plan::Tariff& t, const Rejection& r, Coverage& cov) {
    for (const auto& rule : t.rejects)
        if (rule.reason == r.reason) mark(cov, rule.range);
}

}  // namespace tarifc::spec
