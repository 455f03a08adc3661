// The inputs pass: the account and usage schema (plan::Inputs) and the
// field names later passes resolve (Symbols).
#include <algorithm>

#include <fmt/format.h>

#include "check/context.hpp"

namespace tarifc::check {

namespace {

// One declared field of the account, a list entry or the usage record.
plan::Field field(Context& cx, Symbols& sym, const ast::FieldDecl& f, bool in_account, bool in_list) {
    plan::Field out;
    out.name = f.name.text;
    out.is_key = f.is_key;
    out.optional = f.optional;
    using FK = ast::FieldKind;
    const auto& t = f.type;
    switch (t.kind) {
        case FK::Text: out.kind = ValueKind::Text; break;
        case FK::Integer:
        case FK::Decimal:
            out.kind = ValueKind::Number;
            out.integer = t.kind == FK::Integer;
            if (t.unit) {
                if (auto u = unit_pair(cx, *t.unit)) out.unit = *u;
            }
            break;
        case FK::Money:
            out.kind = ValueKind::Number;
            out.unit = {currency_unit(cx), -1};
            break;
        case FK::Bool: out.kind = ValueKind::Bool; break;
        case FK::Date: out.kind = ValueKind::Date; break;
        case FK::Timestamp: {
            out.kind = ValueKind::Timestamp;
            if (t.zone) {
                const std::string& z = t.zone->text;
                int h = (z[1] - '0') * 10 + (z[2] - '0'), mi = (z[4] - '0') * 10 + (z[5] - '0');
                if (h > 23 || mi > 59) cx.error("E0201", t.zone->range, fmt::format("'{}' is not a UTC offset", z));
                out.zone_offset_minutes = (z[0] == '-' ? -1 : 1) * (h * 60 + mi);
            }
            if (in_account || in_list) cx.error("E0603", f.range, "timestamps belong to usage records; use a date here");
            break;
        }
        case FK::Enum: {
            out.kind = ValueKind::Enum;
            SeenNames seen("value", "listed");
            for (const auto& v : t.enum_values) {
                if (!seen.first(cx, v)) continue;
                out.enum_values.push_back(v.text);
            }
            if (out.enum_values.size() > 64) cx.error("E0603", t.range, "a choice has at most 64 values");
            break;
        }
        case FK::Plan:
            out.kind = ValueKind::Plan;
            if (!in_account || in_list) cx.error("E0603", f.range, "a plan field belongs to the account");
            break;
        case FK::Pack:
            out.kind = ValueKind::Pack;
            if (!in_list) cx.error("E0603", f.range, "a pack field belongs to a list of pack purchases");
            break;
        case FK::Account:
            out.kind = ValueKind::Account;
            if (in_account) cx.error("E0603", f.range, "an account field belongs to the usage record");
            break;
        case FK::Ref:
            out.kind = ValueKind::Ref;
            if (in_account) cx.error("E0603", f.range, "a ref field belongs to the usage record");
            break;
        case FK::List: {
            out.kind = ValueKind::List;
            if (!in_account || in_list) {
                cx.error("E0603", f.range, "lists are account fields, one level deep");
                break;
            }
            plan::EntityList L;
            L.field_name = f.name.text;
            L.entity_name = t.entity->text;
            SeenNames seen("field", "declared");
            for (const auto& sub : t.fields) {
                if (!seen.first(cx, sub.name)) continue;
                plan::Field sf = field(cx, sym, sub, true, true);
                int idx = static_cast<int>(L.fields.size());
                if (sf.kind == ValueKind::Pack) {
                    L.is_pack_list = true;
                    L.type_field = idx;
                }
                switch (sub.role) {
                    case ast::PackRole::Size: L.size_field = idx; break;
                    case ast::PackRole::Purchase: L.purchase_field = idx; break;
                    case ast::PackRole::Balance: L.balance_field = idx; break;
                    case ast::PackRole::None: break;
                }
                if (sub.role == ast::PackRole::Size || sub.role == ast::PackRole::Balance) {
                    if (sf.kind != ValueKind::Number) cx.error("E0504", sub.role_range, "a pack size or balance is a number");
                    sf.role = sub.role == ast::PackRole::Size ? plan::PackRole::Size : plan::PackRole::Balance;
                }
                if (sub.role == ast::PackRole::Purchase) {
                    if (sf.kind != ValueKind::Date) cx.error("E0504", sub.role_range, "a pack purchase is a date");
                    sf.role = plan::PackRole::Purchase;
                }
                L.fields.push_back(std::move(sf));
            }
            auto key = std::find_if(L.fields.begin(), L.fields.end(), [&](const plan::Field& x) { return x.name == t.key->text; });
            if (key == L.fields.end()) {
                cx.error("E0101", t.key->range, fmt::format("{} has no field '{}' to be keyed by", L.entity_name, t.key->text));
            } else {
                L.key_field = static_cast<int>(key - L.fields.begin());
                if (key->kind != ValueKind::Text) cx.error("E0603", t.key->range, "a list is keyed by a text field");
            }
            if (L.is_pack_list && (L.size_field < 0 || L.purchase_field < 0))
                cx.error("E0504", t.range, fmt::format("a list of pack purchases needs a field 'as pack size' and one 'as pack purchase'"));
            if (!L.is_pack_list && (L.size_field >= 0 || L.purchase_field >= 0 || L.balance_field >= 0))
                cx.error("E0504", t.range, "pack roles need a field of type pack in the same list");
            out.list = static_cast<int>(cx.t.inputs.lists.size());
            sym.lists_by_field[f.name.text] = out.list;
            cx.t.inputs.lists.push_back(std::move(L));
            break;
        }
    }
    if (f.role != ast::PackRole::None && !in_list)
        cx.error("E0504", f.role_range, "pack roles belong to the fields of a list of pack purchases");
    if (f.unique_per) {
        if (f.unique_per->text != "account") cx.error("E0101", f.unique_per->range, "only 'unique per account' is supported");
        if (in_account) cx.error("E0603", f.range, "'unique per account' applies to usage fields");
        out.unique_per_account = true;
    }
    if (f.is_key && !(in_account && !in_list)) cx.error("E0603", f.range, "'key' marks the account's id; a list says 'keyed by'");
    if (f.default_value) {
        const ast::Expr& d = *f.default_value;
        if (out.kind == ValueKind::Number && d.kind == ast::ExprKind::Quantity) {
            auto u = quantity_unit(cx, *d.quantity);
            if (u && d.quantity->unit && !(*u == out.unit))
                cx.error("E0202", d.range, fmt::format("default {} is in {}, but the field is in {}", d.quantity->text,
                                                    unit_text(cx, *u), unit_text(cx, out.unit)));
            if (out.integer && !d.quantity->value.is_integer())
                cx.error("E0201", d.range, "an integer field needs an integer default");
            if (d.quantity->value.is_negative()) cx.error("E0401", d.range, "a default must not be negative");
            out.default_value = d.quantity->value;
        } else if (out.kind == ValueKind::Bool && d.kind == ast::ExprKind::Bool) {
            out.default_value = Decimal::from_int(d.boolean ? 1 : 0);
        } else if (out.kind == ValueKind::Enum && d.kind == ast::ExprKind::Path && d.path.size() == 1) {
            Type ty;
            ty.kind = ValueKind::Enum;
            ty.enum_values = &out.enum_values;
            if (auto v = enum_value(cx, ty, d.path[0])) out.default_value = Decimal::from_int(*v);
        } else {
            cx.error("E0201", d.range, fmt::format("this default does not fit a field of this type"));
        }
        if (f.optional) cx.error("E0603", f.range, "a field is either optional or has a default, not both");
    }
    return out;
}

// A usage column that may be empty or absent from the file (issue 8): its
// value is the `default`, or for `optional` a number's 0, a bool's false, a
// text's "". Only fields a row can do without: not the account, the time,
// a ref or the `unique` id; a choice needs a `default` (no value is "none").
void optional_column(Context& cx, const ast::FieldDecl& f, const plan::Field& pf) {
    const char* what = nullptr;
    switch (pf.kind) {
        case ValueKind::Account: what = "the account of a row"; break;
        case ValueKind::Timestamp: what = "the time of a row"; break;
        case ValueKind::Ref: what = "a ref field"; break;
        case ValueKind::Date: what = "a date field"; break;
        default:
            if (pf.unique_per_account) what = "a 'unique per account' field";
            break;
    }
    if (what) {
        cx.error("E0603", f.range, fmt::format("{} cannot be optional or have a default: every row must give it", what));
        return;
    }
    if (pf.optional && pf.kind == ValueKind::Enum)
        cx.error("E0603", f.range,
                 fmt::format("an optional choice needs the value an empty cell means: write 'default {}' instead of "
                             "'optional'",
                             pf.enum_values.empty() ? std::string("VALUE") : pf.enum_values.front()));
}

}  // namespace

void collect_inputs(Context& cx, Symbols& sym) {
    const ast::AccountDecl* acct = nullptr;
    const ast::UsageDecl* usage = nullptr;
    for (const auto* m : cx.mods) {
        for (const auto& a : m->accounts) {
            if (acct) {
                cx.error("E0102", a.range, "the account is declared twice").notes.push_back({acct->range, "first declared here"});
                continue;
            }
            acct = &a;
        }
        for (const auto& u : m->usages) {
            if (usage) {
                cx.error("E0102", u.range, "the usage record is declared twice").notes.push_back({usage->range, "first declared here"});
                continue;
            }
            usage = &u;
        }
    }
    SourceRange where = cx.t.range.file ? cx.t.range : SourceRange{cx.mods.back()->file, 0, 0};
    if (!acct) cx.error("E0602", where, "the tariff declares no account ('account { ... }')");
    if (!usage) cx.error("E0602", where, "the tariff declares no usage record ('usage call { ... }')");
    auto& in = cx.t.inputs;
    if (acct) {
        SeenNames seen("field", "declared");
        for (const auto& f : acct->fields) {
            if (!seen.first(cx, f.name)) continue;
            plan::Field pf = field(cx, sym, f, true, false);
            int idx = static_cast<int>(in.account_fields.size());
            if (pf.is_key) {
                if (in.account_id_field >= 0) cx.error("E0603", f.range, "the account has one key field");
                else if (pf.kind != ValueKind::Text) cx.error("E0603", f.range, "the account's key is a text field");
                else in.account_id_field = idx;
            }
            if (pf.kind == ValueKind::Plan) {
                if (in.account_plan_field >= 0) cx.error("E0603", f.range, "the account has one plan field");
                else in.account_plan_field = idx;
            }
            sym.account_fields[f.name.text] = idx;
            in.account_fields.push_back(std::move(pf));
        }
        if (in.account_id_field < 0) cx.error("E0603", acct->range, "the account needs a key field (e.g. 'id: text key')");
        if (in.account_plan_field < 0) cx.error("E0603", acct->range, "the account needs a plan field (e.g. 'plan: plan')");
    }
    if (usage) {
        in.record_name = usage->name.text;
        in.record_plural = usage->name.text + "s";
        int ref_fields = 0;
        SeenNames seen("field", "declared");
        for (const auto& f : usage->fields) {
            if (!seen.first(cx, f.name)) continue;
            plan::Field pf = field(cx, sym, f, false, false);
            int idx = static_cast<int>(in.usage_fields.size());
            if (pf.kind == ValueKind::Ref) {
                if (++ref_fields > plan::kMaxRefFields)
                    cx.error("E0603", f.range, fmt::format("a usage record has at most {} ref fields", plan::kMaxRefFields));
                auto it = sym.lists_by_field.find(f.type.ref_list->text);
                if (it == sym.lists_by_field.end())
                    suggest(cx.error("E0101", f.type.ref_list->range, fmt::format("the account has no list '{}'", f.type.ref_list->text)),
                            f.type.ref_list->text, keys_of(sym.lists_by_field));
                else pf.ref_list = it->second;
            }
            if (pf.kind == ValueKind::Account) {
                if (in.usage_account_field >= 0) cx.error("E0603", f.range, "a usage record names one account");
                else in.usage_account_field = idx;
            }
            if (pf.kind == ValueKind::Timestamp) {
                if (in.usage_time_field >= 0) cx.error("E0603", f.range, "a usage record has one timestamp: the time it happened");
                else in.usage_time_field = idx;
            }
            if (pf.unique_per_account) {
                if (pf.kind != ValueKind::Text) cx.error("E0603", f.range, "only a text field can be unique per account");
                else if (in.usage_unique_field >= 0) cx.error("E0603", f.range, "one field of a usage record can be unique");
                else in.usage_unique_field = idx;
            }
            if (pf.default_value || pf.optional) optional_column(cx, f, pf);
            sym.usage_fields[f.name.text] = idx;
            in.usage_fields.push_back(std::move(pf));
        }
        if (in.usage_account_field < 0) cx.error("E0603", usage->range, "the usage record needs an account field (e.g. 'account: account')");
        if (in.usage_time_field < 0) cx.error("E0603", usage->range, "the usage record needs a timestamp field (e.g. 'start: timestamp')");
    }
}

}  // namespace tarifc::check
