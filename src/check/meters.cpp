// The meters pass: what each meter sums or counts, per record; returns
// what expressions need to know of each meter's value (MeterTable).
#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

MeterTable compile_meters(Context& cx, const Env& env) {
    const Scope rec = Scope::record(static_cast<int>(env.lets.types.size()));
    MeterTable meters;
    for (const auto* m : cx.mods) {
        for (const auto& x : m->meters) {
            plan::Meter mt;
            mt.name = x.name.text;
            mt.title = x.title.empty() ? x.name.text : x.title;
            mt.is_count = x.is_count;
            bool integer = true;
            bool summed_error = false;
            if (x.records.text != cx.t.inputs.record_plural && x.records.text != cx.t.inputs.record_name)
                cx.error("E0101", x.records.range, fmt::format("meters sum {}; '{}' is not a usage record", cx.t.inputs.record_plural, x.records.text));
            if (x.summed) {
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
            mt.after_packs = x.after_packs;
            cx.t.meters.push_back(std::move(mt));
            meters.integer.push_back(integer);
            meters.error.push_back(summed_error);
        }
    }
    return meters;
}

}  // namespace tarifc::check
