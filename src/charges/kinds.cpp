// The table of charge kinds and the two dispatches over them: the checker's
// (AST clause -> plan kind) and the evaluator's (plan kind -> amount).
#include "charges/kinds.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tarifc::charges {

namespace {
template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

// "a, b or c" of the distinct texts `field` picks from the table, in order.
std::string listing(const char* Kind::*field, const char* last_joiner) {
    std::vector<std::string> texts;
    for (const Kind& k : kinds)
        if (std::find(texts.begin(), texts.end(), k.*field) == texts.end()) texts.push_back(k.*field);
    std::string out;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (i) out += i + 1 == texts.size() ? last_joiner : ", ";
        out += texts[i];
    }
    return out;
}
}  // namespace

const std::array<Kind, std::variant_size_v<plan::Pricing>> kinds = {{
    {"per-unit", "'at RATE'", "'at'"},
    {"graduated", "a tier table", "the tier table"},
    {"volume", "a tier table", "the tier table"},
    {"flat", "'costs AMOUNT'", "'costs'"},
    {"package", "'per N UNIT block at PRICE'", "'per ... block'"},
    {"volume-by", "a tier table", "the tier table"},
}};

std::string no_price_message(const std::string& charge) {
    return fmt::format("charge '{}' says no price: add {}", charge, listing(&Kind::clause, " or "));
}

std::string priced_twice_message(const std::string& charge) {
    return fmt::format("charge '{}' is priced more than one way; keep one of {}", charge,
                       listing(&Kind::keyword, " and "));
}

bool takes_quantity(const ast::PricingClause& clause) { return !std::holds_alternative<ast::CostsClause>(clause); }

const ast::PricingClause& checked_clause(const std::vector<ast::PricingClause>& clauses) {
    return *std::min_element(clauses.begin(), clauses.end(),
                             [](const auto& a, const auto& b) { return a.index() < b.index(); });
}

plan::Pricing check(check::Context& cx, const check::Env& env, const check::Scope& scope,
                    const ast::PricingClause& clause, const check::Type& qty) {
    return std::visit(overloaded{
                          [&](const ast::RateClause& r) -> plan::Pricing { return check_per_unit(cx, r, qty); },
                          [&](const ast::TierTable& t) -> plan::Pricing {
                              if (t.by) return check_volume_by(cx, env, scope, t, qty);
                              if (t.mode == ast::TierTable::Mode::Volume) return check_volume(cx, t, qty);
                              return check_graduated(cx, t, qty);
                          },
                          [&](const ast::CostsClause&) -> plan::Pricing { return plan::Flat{}; },  // not metered
                          [&](const ast::BlockClause& b) -> plan::Pricing { return check_package(cx, b, qty); },
                      },
                      clause);
}

Decimal amount(const plan::Charge& c, const Decimal& quantity, const Evaluate& eval, const Explain& ex) {
    const Decimal billable = charges::billable(c, quantity, eval, ex);  // allowance.cpp
    return std::visit(overloaded{
                          [&](const plan::Flat& k) { return amount(k, eval, ex); },
                          [&](const plan::VolumeBy& k) { return amount(k, billable, eval, ex); },
                          [&](const auto& k) { return amount(k, billable, ex); },
                      },
                      c.pricing);
}

std::string qty_text(const Decimal& d) { return d.normalized().to_string(); }

}  // namespace tarifc::charges
