// The charges pass: what every charge has (for each, cadence, when, on,
// allowance, rounding); how it is priced is its kind's check (src/charges/).
// Also the clauses charges share with minimums: for each, cadence, rounding.
#include <fmt/format.h>

#include "charges/kinds.hpp"
#include "check/context.hpp"

namespace tarifc::check {

std::optional<plan::ForEach> compile_for_each(Context& cx, const Env& env, const std::vector<ast::ForEach>& fe,
                                              Scope& scope, const char* decl) {
    scope = Scope::account();
    if (fe.empty()) return std::nullopt;
    if (fe.size() > 1) cx.error("E0601", fe[1].range, fmt::format("one 'for each' per {}", decl));
    const auto& f = fe[0];
    Typed l = expr(cx, env, scope, *f.list);
    if (l.type.error) return std::nullopt;
    if (l.type.kind != ValueKind::List) {
        cx.error("E0201", f.list->range, fmt::format("'for each' needs a list of the account, but this is {}", type_text(cx, l.type)));
        return std::nullopt;
    }
    plan::ForEach out;
    out.list = l.type.list;
    scope.var = f.var.text;
    scope.var_list = out.list;
    if (f.where) out.where = expect_bool(cx, env, scope, *f.where, "a 'for each ... where'").id;
    return out;
}

bool compile_cadence(Context& cx, const Env& env, const Scope& scope, const ast::Cadence& c, bool& yearly,
                     ExprId& anniversary) {
    yearly = c.kind == ast::Cadence::Kind::Yearly;
    if (!yearly) return true;
    Typed a = expr(cx, env, scope, *c.anniversary);
    if (!a.type.error && a.type.kind != ValueKind::Date) {
        cx.error("E0201", c.anniversary->range, fmt::format("'yearly from' needs a date, but this is {}", type_text(cx, a.type)));
        return false;
    }
    anniversary = a.id;
    return !a.type.error;
}

plan::Rounding compile_rounding(Context& cx, const std::vector<ast::RoundingPolicy>& r) {
    if (r.empty()) return cx.t.money_rounding;
    if (r.size() > 1) cx.error("E0601", r[1].range, "one rounding per charge");
    if (r[0].quantum.sign() <= 0) cx.error("E0201", r[0].range, "money rounds to a step greater than zero, e.g. 0.01");
    return {r[0].quantum, r[0].mode};
}

void compile_charges(Context& cx, const Env& env) {
    // Room for them all at once: growing by doubling held the old and the
    // new array together (17 MB at the peak for 10,000 charges, not 9).
    std::size_t count = cx.t.charges.size();
    for (const auto* m : cx.mods) count += m->charges.size();
    cx.t.charges.reserve(count);
    for (const auto* m : cx.mods) {
        for (const auto& x : m->charges) {
            plan::Charge c;
            c.range = x.name.range;
            Scope scope;
            compile_decl_head(cx, env, x, scope, c, "charge", "a charge's 'when'",
                              "one 'when' per charge; join conditions with 'and'");
            c.rounding = compile_rounding(cx, x.rounding);
            const std::size_t pricings = x.pricing.size();
            if (pricings == 0) cx.error("E0601", x.name.range, charges::no_price_message(x.name.text));
            else if (pricings > 1) cx.error("E0601", x.name.range, charges::priced_twice_message(x.name.text));
            if (x.on.size() > 1) cx.error("E0601", x.on[1]->range, "one 'on' per charge");
            // A second allowance was silently ignored before issue 8 (the
            // first one counts). Such a file keeps checking and billing as
            // before, with a warning (W0605).
            for (std::size_t i = 1; i < x.allowance.size(); ++i)
                cx.diags.warning("W0605", x.allowance[i]->range,
                           "a second 'with ... free' is ignored: only the first allowance counts; write one 'with "
                           "A + B free' if both are meant");
            if (pricings == 0) {
                // reported above
            } else if (const ast::PricingClause& clause = charges::checked_clause(x.pricing);
                       !charges::takes_quantity(clause)) {
                if (!x.on.empty() && pricings == 1)
                    cx.error("E0601", x.on[0]->range, "a 'costs' charge is a flat amount; it has no 'on' quantity");
                else if (!x.on.empty())
                    expr(cx, env, scope, *x.on[0]);  // priced twice, reported above: check what it reads
                if (!x.allowance.empty()) cx.error("E0601", x.allowance[0]->range, "a flat charge has no free allowance");
                c.pricing = charges::check_flat(cx, env, scope, std::get<ast::CostsClause>(clause));
                c.quantity = cx.constant(Decimal::from_int(1));  // a flat charge counts once
                c.quantity_unit_name = c.for_each ? cx.t.inputs.lists[c.for_each->list].entity_name : "";
            } else if (x.on.empty()) {
                cx.error("E0601", x.name.range, fmt::format("charge '{}' has a rate but no quantity: add 'on ...'", x.name.text));
            } else {
                Typed q = expr(cx, env, scope, *x.on[0]);
                c.quantity = q.id;
                if (!q.type.error && !is_quantity(cx, q.type)) {
                    cx.error("E0201", x.on[0]->range, fmt::format("'on' needs a quantity, but this is {}", type_text(cx, q.type)));
                    q.type.error = true;
                }
                if (!q.type.error) {
                    c.quantity_unit = q.type.unit;
                    c.quantity_unit_name = q.type.unit.num >= 0 ? cx.t.units[q.type.unit.num].name : "";
                    if (!x.allowance.empty()) {
                        charges::check_allowance(cx, env, scope, *x.allowance[0], q, c);
                        if (c.allowance != plan::kNoExpr) warn_allowance_after_packs(cx, x, c);
                    }
                    c.pricing = charges::check(cx, env, scope, clause, q.type);
                }
            }
            cx.t.charges.push_back(std::move(c));
        }
    }
}

}  // namespace tarifc::check
