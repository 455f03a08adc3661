// The lets pass (typed let table, in definition order: a let sees only the
// lets before it) and the reject rules that read them.
#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

LetTable compile_lets(Context& cx, const Symbols& sym) {
    LetTable lets;
    const MeterTable no_meters;  // a let is per record: meters are not in its scope
    const Env env{sym, lets, no_meters};
    for (const auto* m : cx.mods) {
        for (const auto& l : m->lets) {
            auto it = sym.names.find(l.name.text);
            bool mine = it != sym.names.end() && it->second.ast == &l;
            Typed v = expr(cx, env, Scope::record(static_cast<int>(lets.types.size())), *l.value);
            if (!mine) continue;  // a duplicate, already reported
            if (!v.type.error && v.type.kind != ValueKind::Number && v.type.kind != ValueKind::Bool &&
                v.type.kind != ValueKind::Enum)
                cx.error("E0201", l.value->range, fmt::format("a let holds a number or a condition, not {}", type_text(cx, v.type)));
            cx.t.lets.push_back({l.name.text, v.id});
            lets.types.push_back(v.type);
        }
    }
    return lets;
}

void compile_rejects(Context& cx, const Env& env) {
    const Scope rec = Scope::record(static_cast<int>(env.lets.types.size()));
    for (const auto* m : cx.mods) {
        for (const auto& r : m->rejects) {
            if (r.record.text != cx.t.inputs.record_name && !cx.t.inputs.record_name.empty())
                cx.error("E0101", r.record.range, fmt::format("the usage record is '{}', not '{}'", cx.t.inputs.record_name, r.record.text));
            Typed c = expect_bool(cx, env, rec, *r.condition, "a reject rule's 'when'");
            if (r.reason.empty()) cx.error("E0601", r.reason_range, "a rejection needs a reason a person can read");
            cx.t.rejects.push_back({c.id, r.reason, r.range});
        }
    }
}

}  // namespace tarifc::check
