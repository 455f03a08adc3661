// The minimums pass: a minimum spend per month or year, against usage at a
// rate or against the amounts of named charges.
#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

void compile_minimums(Context& cx, const Env& env) {
    for (const auto* m : cx.mods) {
        for (const auto& x : m->minimums) {
            plan::Minimum mn;
            mn.range = x.name.range;
            Scope scope;
            compile_decl_head(cx, env, x, scope, mn, "minimum", "a minimum's 'when'",
                              "one 'when' per minimum; join conditions with 'and'");
            // Earlier versions compared a yearly minimum's spend with the
            // anniversary month alone; it now takes its whole year (W0604),
            // unless written `yearly true-up from`, which says so.
            if (mn.yearly && !x.cadence.true_up) {
                Diagnostic& w = cx.diags.warning(
                    "W0604", x.cadence.range,
                    fmt::format("yearly minimum '{}' now compares its spend with the basis of its whole year (the 12 "
                                "months from the anniversary month) and bills the shortfall in the year's last month; "
                                "earlier versions compared the anniversary month alone and billed it there",
                                x.name.text));
                w.notes.push_back({{}, "write 'yearly true-up from ...' to say that this is meant (no warning then); a "
                                       "commitment per month is written 'monthly'; see language.md, \"Minimums\""});
            }
            mn.rounding = cx.t.money_rounding;
            if (x.spend.size() != 1) {
                cx.error("E0601", x.name.range, fmt::format("minimum '{}' needs exactly one 'spend AMOUNT'", x.name.text));
            } else {
                Typed s = expr(cx, env, scope, *x.spend[0]);
                if (!s.type.error && !(is_tariff_money(cx, s.type)))
                    cx.error("E0202", x.spend[0]->range, fmt::format("'spend' needs money in {}, but this is {}", cx.t.currency, type_text(cx, s.type)));
                if (x.spend[0]->kind == ast::ExprKind::Quantity) check_not_negative(cx, *x.spend[0]->quantity, "minimum");
                mn.spend = s.id;
            }
            if (x.against_usage.empty() && x.against_charges.empty()) {
                cx.error("E0601", x.name.range, fmt::format("minimum '{}' needs a basis: 'against QUANTITY at RATE' or 'against charges NAME, ...'", x.name.text));
            }
            // One basis: a second one was silently ignored before.
            if (x.against_usage.size() > 1 || (!x.against_usage.empty() && !x.against_charges.empty()))
                cx.error("E0601", x.name.range, fmt::format("minimum '{}' has more than one basis; keep one 'against'", x.name.text));
            if (!x.against_usage.empty()) {
                Typed q = expr(cx, env, scope, *x.against_usage[0]);
                mn.basis_quantity = q.id;
                if (!q.type.error && !is_quantity(cx, q.type)) {
                    cx.error("E0201", x.against_usage[0]->range, fmt::format("the basis needs a quantity, but this is {}", type_text(cx, q.type)));
                } else if (!q.type.error) {
                    mn.basis_unit_name = q.type.unit.num >= 0 ? cx.t.units[q.type.unit.num].name : "";
                    if (auto r = rate_per(cx, x.against_rate[0], q.type.unit, "rate")) mn.basis_rate = *r;
                }
            }
            mn.basis_charges = charge_indices(cx, env.sym, x.against_charges);
            cx.t.minimums.push_back(std::move(mn));
        }
    }
}

}  // namespace tarifc::check
