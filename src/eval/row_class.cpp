// Row classes (see row_class.hpp).
#include "eval/row_class.hpp"

#include <algorithm>
#include <iterator>

namespace tarifc::rating {

using plan::Op;
using plan::ValueKind;

namespace {

// Per plan::Op, in its order: how many operands the node has (in a, then
// b: a conversion's b is a unit and a choice map's c a table, not nodes),
// and whether it can be static when they are. A quotient and days() are
// left to the row (rare, and cheap to keep exact); the for-each entry,
// meters and the period are not row values. Leaves say for themselves.
struct OpShape {
    uint8_t operands;
    bool can_be_static;
};
constexpr OpShape kShapes[] = {
    {0, true},  {0, true},  {0, true},  {0, true},  {0, true},   // Const RecordField Let RefField AccountField
    {0, false}, {0, false},                                        // VarField Meter
    {1, true},  {2, true},  {2, true},                             // Not And Or
    {2, true},  {2, true},  {2, true},  {2, true},  {2, true},  {2, true},  // Eq Ne Lt Le Gt Ge
    {1, true},                                                     // InSet
    {2, true},  {2, true},  {2, true},  {2, true},  {2, true},   // Add Sub Mul Max Min
    {1, true},  {1, true},                                         // ChoiceMap Convert
    {2, false}, {0, false}, {2, false},                            // Quotient Period Days
};
static_assert(std::size(kShapes) == static_cast<std::size_t>(Op::Days) + 1, "one shape per plan::Op");

const OpShape& shape_of(Op op) { return kShapes[static_cast<std::size_t>(op)]; }

// Whether the expression reads nothing but constants, the account, the
// class's fields and static lets.
bool is_static(const plan::Tariff& t, plan::ExprId id, const std::vector<uint8_t>& class_field,
               const std::vector<uint8_t>& let_static) {
    if (id == plan::kNoExpr) return true;
    const plan::Node& n = t.nodes[static_cast<std::size_t>(id)];
    switch (n.op) {
        case Op::RecordField:
        case Op::RefField: return class_field[static_cast<std::size_t>(n.a)] != 0;
        case Op::Let: return let_static[static_cast<std::size_t>(n.a)] != 0;
        default: break;
    }
    const OpShape& sh = shape_of(n.op);
    return sh.can_be_static && (sh.operands < 1 || is_static(t, n.a, class_field, let_static)) &&
           (sh.operands < 2 || is_static(t, n.b, class_field, let_static));
}

// Marks the lets the expression reads directly.
void mark_lets(const plan::Tariff& t, plan::ExprId id, std::vector<uint8_t>& lets) {
    if (id == plan::kNoExpr) return;
    const plan::Node& n = t.nodes[static_cast<std::size_t>(id)];
    if (n.op == Op::Let) lets[static_cast<std::size_t>(n.a)] = 1;
    const OpShape& sh = shape_of(n.op);
    if (sh.operands >= 1) mark_lets(t, n.a, lets);
    if (sh.operands >= 2) mark_lets(t, n.b, lets);
}

}  // namespace

RowClassPlan plan_row_classes(const plan::Tariff& t, const plan::Inputs& usage) {
    RowClassPlan p;
    std::vector<uint8_t> class_field(usage.usage_fields.size(), 0);
    for (std::size_t f = 0; f < usage.usage_fields.size(); ++f) {
        const plan::Field& fd = usage.usage_fields[f];
        if (fd.kind == ValueKind::Ref) {
            p.dims.push_back({static_cast<int>(f), fd.ref_list, 0});
            class_field[f] = 1;
        } else if (fd.kind == ValueKind::Enum && !fd.enum_values.empty()) {
            p.dims.push_back({static_cast<int>(f), -1, static_cast<int>(fd.enum_values.size())});
            class_field[f] = 1;
        }
    }
    const std::size_t nlets = t.lets.size();
    p.let_static.assign(nlets, 0);
    for (std::size_t l = 0; l < nlets; ++l) p.let_static[l] = is_static(t, t.lets[l].value, class_field, p.let_static);

    // Conditions: static ones get a bit while bits last.
    int bits = 0;
    auto bit_for = [&](plan::ExprId e) -> int8_t {
        if (e == plan::kNoExpr || bits >= kConditionBits || !is_static(t, e, class_field, p.let_static)) return -1;
        return static_cast<int8_t>(bits++);
    };
    for (const auto& r : t.rejects) p.reject_bit.push_back(bit_for(r.condition));
    for (const auto& pk : t.packs) p.pack_bit.push_back(bit_for(pk.where));
    for (const auto& m : t.meters) p.meter_bit.push_back(bit_for(m.where));

    // The lets every row needs: those read by what is evaluated per row
    // (dynamic lets, conditions without a bit, meter values, the quantities
    // packs absorb), and the lets those read in turn.
    p.let_per_row.assign(nlets, 0);
    for (std::size_t l = 0; l < nlets; ++l)
        if (!p.let_static[l]) p.let_per_row[l] = 1;
    for (std::size_t r = 0; r < t.rejects.size(); ++r)
        if (p.reject_bit[r] < 0) mark_lets(t, t.rejects[r].condition, p.let_per_row);
    for (std::size_t k = 0; k < t.packs.size(); ++k) {
        if (p.pack_bit[k] < 0) mark_lets(t, t.packs[k].where, p.let_per_row);
        if (t.packs[k].covered_let >= 0) p.let_per_row[static_cast<std::size_t>(t.packs[k].covered_let)] = 1;
    }
    for (std::size_t m = 0; m < t.meters.size(); ++m) {
        const plan::Meter& mt = t.meters[m];
        if (p.meter_bit[m] < 0) mark_lets(t, mt.where, p.let_per_row);
        mark_lets(t, mt.value, p.let_per_row);
        if (mt.covered_let >= 0) p.let_per_row[static_cast<std::size_t>(mt.covered_let)] = 1;
    }
    // Lets read by lets evaluated per row; later lets read only earlier ones.
    for (std::size_t l = nlets; l-- > 0;)
        if (p.let_per_row[l]) mark_lets(t, t.lets[l].value, p.let_per_row);

    const bool any_static = bits > 0 || std::find(p.let_per_row.begin(), p.let_per_row.end(), 0) != p.let_per_row.end();
    p.enabled = !p.dims.empty() && any_static;
    return p;
}

std::size_t class_shape(const RowClassPlan& p, const AccountData& account, uint32_t* radix) {
    std::size_t n = 1;
    for (std::size_t i = 0; i < p.dims.size(); ++i) {
        const auto& d = p.dims[i];
        const std::size_t r =
            d.list >= 0 ? account.lists[static_cast<std::size_t>(d.list)].size() : static_cast<std::size_t>(d.values);
        radix[i] = static_cast<uint32_t>(std::min(r, kMaxClasses + 1));
        if (r == 0 || n > kMaxClasses / r) n = 0;
        else n *= r;
    }
    return p.enabled ? n : 0;
}

uint64_t classify(const RowClassPlan& p, const Context& cx) {
    const plan::Tariff& t = *cx.t;
    Decimal* lets = const_cast<Decimal*>(cx.lets);
    uint64_t bits = kKnown;
    try {
        for (std::size_t l = 0; l < t.lets.size(); ++l)
            if (p.let_static[l]) lets[l] = eval(cx, t.lets[l].value);
        auto set = [&](int8_t bit, plan::ExprId e) {
            if (bit >= 0 && truthy(cx, e)) bits |= uint64_t{1} << bit;
        };
        for (std::size_t r = 0; r < t.rejects.size(); ++r) set(p.reject_bit[r], t.rejects[r].condition);
        for (std::size_t k = 0; k < t.packs.size(); ++k) set(p.pack_bit[k], t.packs[k].where);
        for (std::size_t m = 0; m < t.meters.size(); ++m) set(p.meter_bit[m], t.meters[m].where);
    } catch (const OverflowError&) {
        return kKnown | kSlow;
    } catch (const DivisionByZero&) {
        return kKnown | kSlow;
    }
    return bits;
}

}  // namespace tarifc::rating
