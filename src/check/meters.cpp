// The meters pass: what each meter sums or counts, per record; returns
// what expressions need to know of each meter's value (MeterTable).
#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

namespace {

// The steps of `after ...`: packs and an allowance, each at most once; the
// allowance in the meter's unit, zero or more, and whether it comes first.
void check_after_steps(Context& cx, const ast::MeterDecl& x, bool summed_error, plan::Meter& mt) {
    const ast::MeterDecl::Step* packs = nullptr;
    const ast::MeterDecl::Step* free = nullptr;
    for (const auto& st : x.after) {
        const ast::MeterDecl::Step*& seen = st.free ? free : packs;
        if (seen) {
            cx.error("E0506", st.range, st.free ? "a meter has one allowance" : "'packs' is listed twice")
                .notes.push_back({seen->range, "first listed here"});
            continue;
        }
        seen = &st;
    }
    if (!free || summed_error) return;
    if (auto a = amount_in(cx, *free->free, mt.unit, "allowance")) {
        if (a->is_negative()) cx.error("E0401", free->free->range, "an allowance is zero or more");
        mt.allowance = *a;
        mt.allowance_first = packs && free < packs;
    }
}

}  // namespace

MeterTable compile_meters(Context& cx, const Env& env) {
    const Scope rec = Scope::record(static_cast<int>(env.lets.types.size()));
    MeterTable meters;
    for (const auto* m : cx.mods) {
        for (const auto& x : m->meters) {
            plan::Meter mt;
            mt.name = x.name.text;
            mt.title = x.title.empty() ? x.name.text : x.title;
            mt.is_count = x.is_count;
            if (x.is_count) mt.aggregate = plan::Aggregate::Count;
            bool integer = true;
            bool summed_error = false;
            if (x.records.text != cx.t.inputs.record_plural && x.records.text != cx.t.inputs.record_name)
                cx.error("E0101", x.records.range, fmt::format("meters sum {}; '{}' is not a usage record", cx.t.inputs.record_plural, x.records.text));
            if (!x.aggregate.text.empty()) {
                Typed v = compile_aggregate(cx, env, rec, x, mt, integer);
                mt.value = v.id;
                summed_error = v.type.error;
            } else if (x.summed) {
                Typed v = expr(cx, env, rec, *x.summed);
                summed_error = v.type.error;
                if (!v.type.error && v.type.kind != ValueKind::Number) {
                    cx.error("E0201", x.summed->range, fmt::format("sum(...) needs a number, but this is {}", type_text(cx, v.type)));
                    summed_error = true;
                }
                mt.value = v.id;
                mt.unit = v.type.unit;
                integer = v.type.integer;
                if (x.after_packs) {
                    bool covered = false;
                    if (x.summed->kind == ast::ExprKind::Path && x.summed->path.size() == 1) {
                        auto it = env.sym.names.find(x.summed->path[0].text);
                        if (it != env.sym.names.end() && it->second.kind == DeclKind::Let) {
                            for (const auto& p : cx.t.packs)
                                if (p.covered_let == it->second.index) covered = true;
                            mt.covered_let = it->second.index;
                        }
                    }
                    if (!covered)
                        cx.error("E0505", x.after_packs_range,
                              "'after packs' needs the meter to sum the quantity packs cover (e.g. sum(minutes))");
                }
            } else if (x.after_packs) {
                cx.error("E0505", x.after_packs_range, "'after packs' applies to sum(...), not to count");
            }
            if (x.where) mt.where = expect_bool(cx, env, rec, *x.where, "a meter's 'where'").id;
            if (x.group_by) {
                Typed g = expr(cx, env, rec, *x.group_by);
                if (!g.type.error) {
                    if (g.type.kind != ValueKind::Ref || x.group_by->kind != ast::ExprKind::Path || x.group_by->path.size() != 2) {
                        cx.error("E0201", x.group_by->range, fmt::format("a meter is grouped by a ref field of the {}, e.g. by {}.number",
                                                                      cx.t.inputs.record_name, cx.t.inputs.record_name));
                    } else {
                        mt.group_field = env.sym.usage_fields.at(x.group_by->path[1].text);
                        mt.group_list = g.type.list;
                    }
                }
            }
            if (x.aggregate.text.empty()) {
                check_no_rounding(cx, x);
                mt.after_packs = x.after_packs;
                check_after_steps(cx, x, summed_error, mt);
            }
            if (mt.allowance_first) {
                if (cx.t.allowance_first_meter >= 0) {
                    cx.error("E0506", x.after_packs_range, "only one meter of a tariff may take its allowance before packs")
                        .notes.push_back({{}, fmt::format("meter '{}' already does", cx.t.meters[cx.t.allowance_first_meter].name)});
                } else {
                    cx.t.allowance_first_meter = static_cast<int>(cx.t.meters.size());
                }
            }
            cx.t.meters.push_back(std::move(mt));
            meters.integer.push_back(integer);
            meters.error.push_back(summed_error);
        }
    }
    return meters;
}

void warn_allowance_after_packs(Context& cx, const ast::ChargeDecl& x, const plan::Charge& c) {
    const plan::Node& n = cx.t.nodes[static_cast<std::size_t>(c.quantity)];
    if (n.op != plan::Op::Meter || x.allowance.empty()) return;
    const plan::Meter& m = cx.t.meters[static_cast<std::size_t>(n.a)];
    if (!m.after_packs) return;
    const ast::Expr& e = *x.allowance[0];  // a literal, or an expression (issue 8 item 7)
    auto& w = cx.diags.warning("W0507", e.range,
                               fmt::format("packs are drawn before this allowance: meter '{}' is after packs, so packs "
                                           "pay for what the allowance would cover", m.name));
    if (e.kind != ast::ExprKind::Quantity) return;  // the meter's 'after N free' takes a literal
    const ast::Quantity& q = *e.quantity;
    std::string written = q.text;
    if (q.unit) written += " " + q.unit->numerator.text + (q.unit->denominator ? "/" + q.unit->denominator->text : "");
    w.notes.push_back({{}, fmt::format("if the plan includes {} before the packs, write it on the meter: "
                                       "'after {} free, packs', and drop 'with {} free'", written, written, written)});
}

}  // namespace tarifc::check
