// Whose fault an overflow is (see blame.hpp).
#include "eval/blame.hpp"

#include <fmt/format.h>

#include "eval/packs.hpp"
#include "eval/rate.hpp"
#include "io/json_writer.hpp"

namespace tarifc::rating {

namespace {

std::string quoted(std::string_view s) {
    std::string out;
    JsonWriter::escape(out, s);
    return out;
}

// The inputs an expression reads: account fields, for-each entry fields and
// whether usage (meters, record fields) feeds it.
struct Reads {
    std::vector<int> account_fields;
    std::vector<std::pair<int, int>> entry_fields;  // list, field
    bool usage = false;
};

void collect(const plan::Tariff& t, plan::ExprId e, Reads& r, int depth = 0) {
    if (e < 0 || static_cast<std::size_t>(e) >= t.nodes.size() || depth > 10000) return;
    const plan::Node& n = t.nodes[static_cast<std::size_t>(e)];
    using plan::Op;
    switch (n.op) {
        case Op::Const:
        case Op::Period: return;  // a is which value, not a node
        case Op::AccountField: r.account_fields.push_back(n.a); return;
        case Op::VarField: r.entry_fields.push_back({n.b, n.c}); return;
        case Op::RecordField:
        case Op::RefField:
        case Op::Meter: r.usage = true; return;
        case Op::Let:
            if (n.a >= 0 && static_cast<std::size_t>(n.a) < t.lets.size()) collect(t, t.lets[n.a].value, r, depth + 1);
            return;
        case Op::Not:
        case Op::ChoiceMap:
        case Op::InSet:
        case Op::Convert: collect(t, n.a, r, depth + 1); return;
        default:  // the binary operators
            collect(t, n.a, r, depth + 1);
            collect(t, n.b, r, depth + 1);
            return;
    }
}

// The longer a value's text, the likelier it is the one too large.
std::size_t weight(const Decimal& d) { return d.to_string().size(); }

}  // namespace

Diagnostic blame_invoice_overflow(const EvalRequest& rq, const InvoiceOverflow& e) {
    const AccountData& ad = rq.accounts->accounts[e.account];
    const plan::Tariff& t = (*rq.tariffs)[static_cast<std::size_t>(ad.tariff)];
    const int months_from = rq.from.index();
    const YearMonth ym = YearMonth::from_index(months_from + e.month);
    const std::string period = fmt::format("{:04}-{:02}", ym.year, ym.month);

    Reads reads;
    std::string line;  // what was being computed
    auto add_for_each = [&](const std::optional<plan::ForEach>& fe) {
        if (fe) collect(t, fe->where, reads);
    };
    switch (e.step) {
        case InvoiceOverflow::Step::Charge: {
            const plan::Charge& c = t.charges[static_cast<std::size_t>(e.index)];
            line = "charge " + quoted(c.name);
            for (plan::ExprId x : {c.quantity, c.when, c.anniversary}) collect(t, x, reads);
            if (const auto* flat = std::get_if<plan::Flat>(&c.pricing)) collect(t, flat->amount, reads);
            if (const auto* by = std::get_if<plan::VolumeBy>(&c.pricing)) collect(t, by->selector, reads);
            add_for_each(c.for_each);
            break;
        }
        case InvoiceOverflow::Step::Minimum: {
            const plan::Minimum& m = t.minimums[static_cast<std::size_t>(e.index)];
            line = "minimum " + quoted(m.name);
            for (plan::ExprId x : {m.spend, m.basis_quantity, m.when, m.anniversary}) collect(t, x, reads);
            add_for_each(m.for_each);
            break;
        }
        case InvoiceOverflow::Step::Discount: {
            const plan::Discount& d = t.discounts[static_cast<std::size_t>(e.index)];
            line = "discount " + quoted(d.name);
            collect(t, d.when, reads);
            break;
        }
        case InvoiceOverflow::Step::PackPurchase: line = "a pack purchase"; break;
        case InvoiceOverflow::Step::Total: line = "the invoice total"; break;
    }

    // The account field with the largest value among those the line reads.
    std::string field;
    std::size_t best = 0;
    for (int f : reads.account_fields) {
        if (f < 0 || static_cast<std::size_t>(f) >= ad.values.size()) continue;
        const std::size_t w = weight(ad.values[f]);
        if (w > best) {
            best = w;
            field = "field " + quoted(t.inputs.account_fields[f].name) + " = " + ad.values[f].to_string();
        }
    }
    if (e.entry >= 0)
        for (const auto& [list, f] : reads.entry_fields) {
            if (list < 0 || static_cast<std::size_t>(list) >= ad.lists.size()) continue;
            const auto& entries = ad.lists[list];
            if (static_cast<std::size_t>(e.entry) >= entries.size()) continue;
            const EntityData& d = entries[e.entry];
            if (f < 0 || static_cast<std::size_t>(f) >= d.values.size()) continue;
            const std::size_t w = weight(d.values[f]);
            if (w > best) {
                best = w;
                const plan::EntityList& L = t.inputs.lists[list];
                std::string list_name;
                for (const auto& af : t.inputs.account_fields)
                    if (af.kind == plan::ValueKind::List && af.list == list) list_name = af.name;
                field = fmt::format("{}[{}] ({}): field {} = {}", list_name, e.entry,
                                    quoted(entry_key(t, ad, list, e.entry)), quoted(L.fields[f].name),
                                    d.values[f].to_string());
            }
        }

    const std::string account = "account " + quoted(ad.id) + ": ";
    // A divisor of zero: the account's values (or its dates) made it so.
    if (e.division_by_zero)
        return Diagnostic::error_at(kDivisionByZero, {rq.accounts->path, ad.line, ad.column},
                                    account + fmt::format("{} for {} divides by zero (the divisor of a round(A / B ...) is 0)",
                                                          line, period));
    const std::string grew = fmt::format("{} for {} grew too large to represent ({})", line, period, e.what);
    // An account value fed the line: the accounts file, at the account.
    // Otherwise usage rows did (through meters), or nothing tells them apart.
    if (!field.empty() || !reads.usage)
        return Diagnostic::error_at(kTooLarge, {rq.accounts->path, ad.line, ad.column},
                                    account + (field.empty() ? grew : field + ": " + grew));
    return Diagnostic::error_at(kTooLarge, {rq.usage->path()}, account + grew);
}

}  // namespace tarifc::rating
