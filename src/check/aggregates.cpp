// The aggregates of a meter beyond sum(...) and count: one row of a table
// each (its name, what it may aggregate, whether it divides), so that adding
// one is a row here and a row in src/eval/aggregate.cpp's table. The
// meters pass (meters.cpp) hands a meter here when its aggregate is written
// as a name before '(' (grammar: named_agg); sum and count stay there.
#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

namespace {

using plan::Aggregate;

struct AggregateKind {
    std::string_view name;
    Aggregate aggregate;
    bool any_value;      // distinct count: text, choices and references too, not only numbers
    bool divides;        // needs `rounded to UNIT MODE` (its one division)
};

constexpr AggregateKind kAggregates[] = {
    {"max", Aggregate::Max, false, false},
    {"min", Aggregate::Min, false, false},
    {"last", Aggregate::Last, false, false},
    {"average", Aggregate::Average, false, true},
    {"time-weighted average", Aggregate::TimeWeighted, false, true},
    {"distinct count", Aggregate::DistinctCount, true, false},
};

std::string aggregate_list() {
    std::string out = "sum(...), count";
    for (const auto& k : kAggregates) out += fmt::format(", {}(...)", k.name);
    return out;
}

// `record.FIELD` naming a text (or account) field of the record, or -1.
int text_field(const Context& cx, const Env& env, const ast::Expr& e) {
    if (e.kind != ast::ExprKind::Path || e.path.size() != 2 || e.path[0].text != cx.t.inputs.record_name) return -1;
    auto it = env.sym.usage_fields.find(e.path[1].text);
    if (it == env.sym.usage_fields.end()) return -1;
    const plan::Field& f = cx.t.inputs.usage_fields[static_cast<std::size_t>(it->second)];
    return f.kind == ValueKind::Text || f.kind == ValueKind::Account ? it->second : -1;
}

// An average's `rounded to UNIT MODE`: the step in the value's unit.
bool check_rounding(Context& cx, const ast::MeterDecl& x, const AggregateKind& k, const Type& v, plan::Meter& mt) {
    const std::string example_unit = v.unit.num >= 0 && v.unit.den < 0 ? cx.t.units[v.unit.num].name : "UNIT";
    if (!x.rounded) {
        cx.error("E1002", x.aggregate.range,
                 fmt::format("{}(...) divides, so the meter must say how it rounds, e.g. '... rounded to {} half-even'",
                             k.name, example_unit));
        return false;
    }
    auto to = unit_pair(cx, x.rounded->unit);
    if (!to) return false;
    if (v.unit.num < 0 || v.unit.den >= 0) {
        cx.error("E1002", x.summed->range,
                 fmt::format("{}(...) rounds to a unit of its value, but this is {}; give the value a unit",
                             k.name, unit_text(cx, v.unit)));
        return false;
    }
    if (to->den >= 0 || !same_dimension(cx, v.unit.num, to->num)) {
        cx.error("E0202", x.rounded->unit.range,
                 fmt::format("cannot round {} to {}", unit_text(cx, v.unit), unit_text(cx, *to)));
        return false;
    }
    auto step = Decimal::divide_exact(cx.t.units[static_cast<std::size_t>(to->num)].factor,
                                      cx.t.units[static_cast<std::size_t>(v.unit.num)].factor);
    if (!step || step->sign() <= 0) {
        cx.error("E1002", x.rounded->unit.range,
                 fmt::format("1 {} is not an exact decimal number of {}; round to a unit that is",
                             cx.t.units[static_cast<std::size_t>(to->num)].name, unit_text(cx, v.unit)));
        return false;
    }
    mt.round_step = *step;
    mt.round_mode = x.rounded->mode;
    mt.round_unit = cx.t.units[static_cast<std::size_t>(to->num)].name;
    return true;
}

}  // namespace

Typed compile_aggregate(Context& cx, const Env& env, const Scope& rec, const ast::MeterDecl& x, plan::Meter& mt,
                        bool& integer) {
    Typed v;
    const AggregateKind* k = nullptr;
    for (const auto& row : kAggregates)
        if (row.name == x.aggregate.text) k = &row;
    if (!k) {
        std::vector<std::string> names{"sum", "count"};
        for (const auto& row : kAggregates) names.emplace_back(row.name);
        suggest(cx.error("E1003", x.aggregate.range,
                         fmt::format("unknown aggregate '{}'; a meter is one of {}", x.aggregate.text, aggregate_list())),
                x.aggregate.text, names);
        v.type.error = true;
        return v;
    }
    mt.aggregate = k->aggregate;
    if (k->any_value) mt.distinct_field = text_field(cx, env, *x.summed);
    if (mt.distinct_field >= 0) {
        v.type.kind = ValueKind::Text;
    } else {
        v = expr(cx, env, rec, *x.summed);
        if (!v.type.error && !k->any_value && v.type.kind != ValueKind::Number) {
            cx.error("E0201", x.summed->range,
                     fmt::format("{}(...) needs a number, but this is {}", k->name, type_text(cx, v.type)));
            v.type.error = true;
        }
    }
    if (k->aggregate == Aggregate::DistinctCount) {
        mt.unit = {};
        integer = true;
    } else {
        mt.unit = v.type.unit;
        integer = v.type.integer;
    }
    if (!x.after.empty())
        cx.error("E1001", x.after_packs_range,
                 fmt::format("'after' steps (packs, an allowance) take from a total: they apply to sum(...) (and an "
                             "allowance to count), not to {}(...)",
                             k->name));
    if (k->divides && !v.type.error) {
        if (!check_rounding(cx, x, *k, v.type, mt)) v.type.error = true;
        integer = integer && mt.round_step.normalized().scale() == 0;
    } else if (!k->divides && x.rounded) {
        cx.error("E1002", x.rounded->range,
                 fmt::format("{}(...) does not divide, so it does not round; only average(...) and time-weighted "
                             "average(...) take 'rounded to'",
                             k->name));
    }
    return v;
}

// `rounded to` on sum(...) or count.
void check_no_rounding(Context& cx, const ast::MeterDecl& x) {
    if (x.rounded)
        cx.error("E1002", x.rounded->range,
                 fmt::format("{} does not divide, so it does not round; only average(...) and time-weighted "
                             "average(...) take 'rounded to'",
                             x.is_count ? "count" : "sum(...)"));
}

}  // namespace tarifc::check
