// Parsing: the PEGTL grammar in grammar/ builds a parse tree one statement at
// a time; this file turns each tree into the typed AST of ast.hpp.
// It is one pass with one small function per production (about 655 lines
// since issue 8 added function calls, meter steps, aggregates, division,
// `volume by`, `above` and spelling notes); splitting it would split the
// production table it mirrors.
#include "syntax/parse.hpp"

#include <fmt/format.h>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "base/spelling.hpp"
#include "base/utf8.hpp"
#include "grammar/tariff_grammar.hpp"
#include "syntax/parse_glue.hpp"

namespace tarifc {

namespace pegtl = tao::pegtl;
namespace g = tarifc::grammar;
using parse_glue::TreeNode;  // a statement's parse tree (not plan::Node)

namespace {

using parse_glue::action;
using parse_glue::control;
using parse_glue::NestingTooDeep;
using parse_glue::selector;

// ---------------------------------------------------------------- tree → AST

class AstBuilder {
public:
    AstBuilder(const SourceFile& file, Diagnostics& diags, ast::Module& m)
        : file_(file), diags_(diags), m_(m) {}

    void statement(const TreeNode& n);

private:
    const SourceFile& file_;
    Diagnostics& diags_;
    ast::Module& m_;

    SourceRange range(const TreeNode& n) const {
        return {&file_, static_cast<uint32_t>(n.m_begin.byte), static_cast<uint32_t>(n.m_end.byte)};
    }
    static std::string_view trimmed(const TreeNode& n) {
        std::string_view s = n.string_view();
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
            s.remove_suffix(1);
        return s;
    }
    ast::Name name(const TreeNode& n) const { return {std::string(n.string_view()), range(n)}; }
    // `NAME "title" CADENCE`: the head a charge, a minimum and a discount share.
    template <typename Decl>
    void decl_head(const TreeNode& n, Decl& d) {
        d.range = range(n);
        d.name = name(*n.children.at(0));
        d.title = string_value(*n.children.at(1));
        d.cadence = cadence(*n.children.at(2));
    }
    // A charge's or a minimum's `for each` or `when` clause; false for any other.
    template <typename Decl>
    bool scope_clause(const TreeNode& k, Decl& d) {
        if (k.is_type<g::for_each>()) d.for_each.push_back(for_each(k));
        else if (k.is_type<g::when_clause>()) d.when.push_back(expr(*k.children.at(0)));
        else return false;
        return true;
    }
    std::string string_value(const TreeNode& lit) const {
        // string_lit -> string_body; unescape \" and \\.
        std::string out;
        std::string_view body = lit.children.empty() ? std::string_view() : lit.children[0]->string_view();
        for (std::size_t i = 0; i < body.size(); ++i) {
            if (body[i] == '\\' && i + 1 < body.size()) ++i;
            out.push_back(body[i]);
        }
        return out;
    }
    Decimal number(const TreeNode& n) {
        try {
            if (auto d = Decimal::parse(n.string_view())) return *d;
        } catch (const OverflowError&) {
        }
        diags_.error("E0008", range(n), fmt::format("number '{}' has too many digits", n.string_view()));
        return Decimal();
    }
    ast::UnitRef unit_ref(const TreeNode& n) {
        ast::UnitRef u;
        u.range = range(n);
        u.numerator = name(*n.children.at(0));
        if (n.children.size() > 1) u.denominator = name(*n.children[1]->children.at(0));
        return u;
    }
    ast::Quantity quantity(const TreeNode& n) {
        ast::Quantity q;
        q.range = range(n);
        const TreeNode& num = *n.children.at(0);
        q.text = std::string(num.string_view());
        q.value = number(num);
        if (n.children.size() > 1) q.unit = unit_ref(*n.children[1]);
        q.range.end = static_cast<uint32_t>(n.children.back()->m_end.byte);
        return q;
    }
    RoundingMode mode(const TreeNode& n) {
        return rounding_mode_from_string(n.string_view()).value_or(RoundingMode::HalfUp);
    }

    ast::ExprPtr expr(const TreeNode& n);
    ast::FieldDecl field(const TreeNode& n);
    ast::FieldType field_type(const TreeNode& n);
    ast::Cadence cadence(const TreeNode& n);
    ast::ForEach for_each(const TreeNode& n);
    ast::Band band(const TreeNode& n);
    ast::RoundingPolicy rounding(const TreeNode& n, bool top_level);

    void header(const TreeNode& n);
    void unit_decl(const TreeNode& n);
    void pack_decl(const TreeNode& n);
    void meter_decl(const TreeNode& n);
    void charge_decl(const TreeNode& n);
    void minimum_decl(const TreeNode& n);
    void discount_decl(const TreeNode& n);
};

ast::ExprPtr AstBuilder::expr(const TreeNode& n) {
    auto e = std::make_unique<ast::Expr>();
    e->range = range(n);
    // Trailing blanks belong to the token, not to the expression.
    e->range.end = e->range.begin + static_cast<uint32_t>(trimmed(n).size());
    if (n.is_type<g::quantity>()) {
        e->kind = ast::ExprKind::Quantity;
        e->quantity = quantity(n);
    } else if (n.is_type<g::string_lit>()) {
        e->kind = ast::ExprKind::String;
        e->text = string_value(n);
    } else if (n.is_type<g::bool_lit>()) {
        e->kind = ast::ExprKind::Bool;
        e->boolean = trimmed(n) == "true";
    } else if (n.is_type<g::path>()) {
        e->kind = ast::ExprKind::Path;
        for (const auto& c : n.children) e->path.push_back(name(*c));
    } else if (n.is_type<g::convert>()) {
        e->kind = ast::ExprKind::Convert;
        std::string_view fn = trimmed(*n.children.at(0));
        e->operands.push_back(expr(*n.children.at(1)));
        const TreeNode& target = *n.children.at(2);
        if (target.is_type<g::convert_step>()) {  // a step, with its unit if written
            e->step = quantity(target);
            e->to_unit = e->step->unit;
        } else {
            e->to_unit = unit_ref(target);
        }
        if (fn == "ceil") e->mode = RoundingMode::Ceil;
        else if (fn == "floor") e->mode = RoundingMode::Floor;
        else e->mode = n.children.size() > 3 ? mode(*n.children[3]) : RoundingMode::HalfUp;
        if (fn != "round" && n.children.size() > 3)
            diags_.error("E0203", range(*n.children[3]),
                         fmt::format("{}(...) always rounds {}; only round(...) takes a rounding mode", fn,
                                     fn == "ceil" ? "up" : "down"));
        if (fn == "round" && n.children.size() <= 3)
            diags_.error("E0203", e->range,
                         "round(...) must say how it rounds, e.g. round(x to minute half-up)");
    } else if (n.is_type<g::fn_call>()) {
        e->kind = ast::ExprKind::Call;
        e->function = name(*n.children.at(0));
        for (std::size_t i = 1; i < n.children.size(); ++i) e->operands.push_back(expr(*n.children[i]));
    } else if (n.is_type<g::not_prefix>()) {
        e->kind = ast::ExprKind::Not;
        e->operands.push_back(expr(*n.children.at(0)));
    } else if (n.children.size() == 1 && (n.is_type<g::or_expr>() || n.is_type<g::and_expr>() ||
                                          n.is_type<g::add_expr>() || n.is_type<g::mul_expr>())) {
        return expr(*n.children[0]);  // a comment was stripped
    } else if (n.is_type<g::or_expr>() || n.is_type<g::and_expr>()) {
        // Left-associative chain.
        auto kind = n.is_type<g::or_expr>() ? ast::ExprKind::Or : ast::ExprKind::And;
        ast::ExprPtr acc = expr(*n.children.at(0));
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            auto b = std::make_unique<ast::Expr>();
            b->kind = kind;
            b->range = {&file_, acc->range.begin, 0};
            auto rhs = expr(*n.children[i]);
            b->range.end = rhs->range.end;
            b->operands.push_back(std::move(acc));
            b->operands.push_back(std::move(rhs));
            acc = std::move(b);
        }
        return acc;
    } else if (n.is_type<g::add_expr>() || n.is_type<g::mul_expr>()) {
        ast::ExprPtr acc = expr(*n.children.at(0));
        for (std::size_t i = 1; i + 1 < n.children.size(); i += 2) {
            auto b = std::make_unique<ast::Expr>();
            char op = trimmed(*n.children[i])[0];
            b->kind = op == '+' ? ast::ExprKind::Add
                    : op == '-' ? ast::ExprKind::Subtract
                    : op == '/' ? ast::ExprKind::Divide
                                : ast::ExprKind::Multiply;
            auto rhs = expr(*n.children[i + 1]);
            b->range = {&file_, acc->range.begin, rhs->range.end};
            b->operands.push_back(std::move(acc));
            b->operands.push_back(std::move(rhs));
            acc = std::move(b);
        }
        return acc;
    } else if (n.is_type<g::cmp_expr>()) {
        if (n.children.size() == 1) return expr(*n.children[0]);  // a comment was stripped
        const TreeNode& tail = *n.children.at(1);
        if (tail.is_type<g::in_set>()) {
            e->kind = ast::ExprKind::InSet;
            e->operands.push_back(expr(*n.children[0]));
            for (const auto& item : tail.children.at(0)->children)
                e->set_items.push_back(item->is_type<g::string_lit>()
                                           ? ast::Name{string_value(*item), range(*item)}
                                           : name(*item));
        } else {
            e->kind = ast::ExprKind::Compare;
            std::string_view op = trimmed(tail);
            e->compare = op == "=" ? ast::CompareOp::Eq
                       : op == "!=" ? ast::CompareOp::Ne
                       : op == "<" ? ast::CompareOp::Lt
                       : op == "<=" ? ast::CompareOp::Le
                       : op == ">" ? ast::CompareOp::Gt
                                   : ast::CompareOp::Ge;
            e->operands.push_back(expr(*n.children[0]));
            e->operands.push_back(expr(*n.children.at(2)));
        }
        e->range.end = e->operands.empty() ? e->range.end : std::max(e->range.end, e->operands.back()->range.end);
        if (!e->set_items.empty()) e->range.end = static_cast<uint32_t>(tail.m_end.byte);
        e->range.end = e->range.begin + static_cast<uint32_t>(trimmed(n).size());
    } else {
        diags_.error("E0001", range(n), fmt::format("unexpected construct '{}'", n.type));
        e->kind = ast::ExprKind::Bool;
    }
    return e;
}

ast::FieldType AstBuilder::field_type(const TreeNode& n) {
    ast::FieldType t;
    t.range = range(n);
    auto unit_child = [&] {
        if (!n.children.empty()) t.unit = unit_ref(*n.children[0]);
    };
    if (n.is_type<g::type_text>()) t.kind = ast::FieldKind::Text;
    else if (n.is_type<g::type_integer>()) t.kind = ast::FieldKind::Integer, unit_child();
    else if (n.is_type<g::type_decimal>()) t.kind = ast::FieldKind::Decimal, unit_child();
    else if (n.is_type<g::type_money>()) t.kind = ast::FieldKind::Money;
    else if (n.is_type<g::type_bool>()) t.kind = ast::FieldKind::Bool;
    else if (n.is_type<g::type_date>()) t.kind = ast::FieldKind::Date;
    else if (n.is_type<g::type_timestamp>()) {
        t.kind = ast::FieldKind::Timestamp;
        if (!n.children.empty()) t.zone = name(*n.children[0]);
    } else if (n.is_type<g::type_enum>()) {
        t.kind = ast::FieldKind::Enum;
        for (const auto& c : n.children) t.enum_values.push_back(name(*c));
    } else if (n.is_type<g::type_plan>()) t.kind = ast::FieldKind::Plan;
    else if (n.is_type<g::type_pack>()) t.kind = ast::FieldKind::Pack;
    else if (n.is_type<g::type_account>()) t.kind = ast::FieldKind::Account;
    else if (n.is_type<g::type_ref>()) {
        t.kind = ast::FieldKind::Ref;
        t.ref_list = name(*n.children.at(0));
    } else if (n.is_type<g::type_list>()) {
        t.kind = ast::FieldKind::List;
        t.entity = name(*n.children.at(0));
        t.key = name(*n.children.at(1));
        for (const auto& f : n.children.at(2)->children) t.fields.push_back(field(*f));
    }
    t.range.end = t.range.begin + static_cast<uint32_t>(trimmed(n).size());
    return t;
}

ast::FieldDecl AstBuilder::field(const TreeNode& n) {
    ast::FieldDecl f;
    f.range = range(n);
    f.name = name(*n.children.at(0));
    f.type = field_type(*n.children.at(1));
    for (std::size_t i = 2; i < n.children.size(); ++i) {
        const TreeNode& o = *n.children[i];
        if (o.is_type<g::opt_key>()) f.is_key = true;
        else if (o.is_type<g::opt_optional>()) f.optional = true;
        else if (o.is_type<g::opt_default>()) f.default_value = expr(*o.children.at(0));
        else if (o.is_type<g::opt_unique>()) f.unique_per = name(*o.children.at(0));
        else {
            f.role_range = range(o);
            f.role = o.is_type<g::role_pack_size>()       ? ast::PackRole::Size
                   : o.is_type<g::role_pack_purchase>() ? ast::PackRole::Purchase
                                                        : ast::PackRole::Balance;
        }
    }
    return f;
}

ast::Cadence AstBuilder::cadence(const TreeNode& n) {
    ast::Cadence c;
    c.range = range(n);
    if (n.is_type<g::cadence_yearly>()) {
        c.kind = ast::Cadence::Kind::Yearly;
        c.true_up = n.children.at(0)->is_type<g::cadence_true_up>();
        c.anniversary = expr(*n.children.back());
    }
    return c;
}

ast::ForEach AstBuilder::for_each(const TreeNode& n) {
    ast::ForEach f;
    f.range = range(n);
    f.var = name(*n.children.at(0));
    f.list = expr(*n.children.at(1));
    if (n.children.size() > 2) f.where = expr(*n.children[2]->children.at(0));
    return f;
}

ast::Band AstBuilder::band(const TreeNode& n) {
    ast::Band b;
    b.range = range(n);
    b.range.end = b.range.begin + static_cast<uint32_t>(trimmed(n).size());
    b.over = quantity(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        const TreeNode& c = *n.children[i];
        if (c.is_type<g::band_upper>()) b.up_to = quantity(*c.children.at(0));
        else if (c.is_type<g::band_open_top>()) b.and_above = true;
        else if (c.is_type<g::band_free>()) b.free = true;
        else if (c.is_type<g::rate_clause>()) b.rate = quantity(*c.children.at(0));
    }
    return b;
}

ast::RoundingPolicy AstBuilder::rounding(const TreeNode& n, bool top_level) {
    ast::RoundingPolicy r;
    r.range = range(n);
    r.range.end = r.range.begin + static_cast<uint32_t>(trimmed(n).size());
    r.quantum = number(*n.children[0]);
    r.mode = mode(*n.children.at(1));
    r.per_line = top_level && n.children.size() > 2;
    return r;
}

void AstBuilder::header(const TreeNode& n) {
    ast::Header h;
    h.range = range(n);
    h.kind = trimmed(*n.children.at(0)) == "shared" ? ast::Header::Kind::Shared : ast::Header::Kind::Tariff;
    h.name = name(*n.children.at(1));
    h.title = string_value(*n.children.at(2));
    h.version = std::string(n.children.at(3)->string_view());
    if (m_.header) {
        diags_.error("E0104", h.range, "a file has one header; this is the second")
            .notes.push_back({m_.header->range, "the first header is here"});
        return;
    }
    m_.header = std::move(h);
}

void AstBuilder::unit_decl(const TreeNode& n) {
    ast::UnitDecl u;
    u.range = range(n);
    u.name = name(*n.children.at(0));
    if (n.children.size() > 1) {
        const TreeNode& f = *n.children[1];
        ast::Quantity q;
        q.range = range(f);
        q.text = std::string(f.children.at(0)->string_view());
        q.value = number(*f.children[0]);
        q.unit = unit_ref(*f.children.at(1));
        u.definition = std::move(q);
    }
    m_.units.push_back(std::move(u));
}

void AstBuilder::pack_decl(const TreeNode& n) {
    ast::PackDecl p;
    p.range = range(n);
    std::size_t i = 0;
    p.name = name(*n.children.at(i++));
    p.title = string_value(*n.children.at(i++));
    p.covered = name(*n.children.at(i++));
    p.records = name(*n.children.at(i++));
    if (n.children.at(i)->is_type<g::where_clause>()) p.where = expr(*n.children[i++]->children.at(0));
    const TreeNode& validity = *n.children.at(i++);
    p.validity.range = range(validity);
    p.validity.text = std::string(validity.string_view());
    p.validity.value = number(validity);
    p.validity_unit = name(*n.children.at(i++));
    for (; i < n.children.size(); ++i) {
        const TreeNode& row = *n.children[i];
        p.sizes.push_back({quantity(*row.children.at(0)), quantity(*row.children.at(1)), range(row)});
    }
    m_.packs.push_back(std::move(p));
}

void AstBuilder::meter_decl(const TreeNode& n) {
    ast::MeterDecl mt;
    mt.range = range(n);
    std::size_t i = 0;
    mt.name = name(*n.children.at(i++));
    if (n.children.at(i)->is_type<g::string_lit>()) mt.title = string_value(*n.children[i++]);
    const TreeNode& agg = *n.children.at(i++);
    if (agg.is_type<g::count_agg>()) {
        mt.is_count = true;
    } else if (agg.is_type<g::named_agg>()) {
        const TreeNode& head = *agg.children.at(0);
        mt.aggregate.range = range(head);
        for (char ch : head.string_view()) {
            const bool blank = ch == ' ' || ch == '\t';
            if (!blank) mt.aggregate.text += ch;
            else if (!mt.aggregate.text.empty() && mt.aggregate.text.back() != ' ') mt.aggregate.text += ' ';
        }
        mt.summed = expr(*agg.children.at(1));
    } else {
        mt.summed = expr(*agg.children.at(0));
    }
    mt.records = name(*n.children.at(i++));
    for (; i < n.children.size(); ++i) {
        const TreeNode& c = *n.children[i];
        if (c.is_type<g::where_clause>()) mt.where = expr(*c.children.at(0));
        else if (c.is_type<g::group_clause>()) mt.group_by = expr(*c.children.at(0));
        else if (c.is_type<g::meter_rounding>())
            mt.rounded = ast::MeterDecl::Rounded{unit_ref(*c.children.at(0)), mode(*c.children.at(1)), range(c)};
        else if (c.is_type<g::after_clause>()) {
            mt.after_packs_range = range(c);
            for (const auto& step : c.children) {
                ast::MeterDecl::Step st;
                st.range = range(*step);
                if (step->is_type<g::after_free>()) st.free = quantity(*step->children.at(0));
                else mt.after_packs = true;
                mt.after.push_back(std::move(st));
            }
        }
    }
    m_.meters.push_back(std::move(mt));
}

void AstBuilder::charge_decl(const TreeNode& n) {
    ast::ChargeDecl c;
    decl_head(n, c);
    for (std::size_t i = 3; i < n.children.size(); ++i) {
        const TreeNode& k = *n.children[i];
        if (scope_clause(k, c)) continue;
        if (k.is_type<g::on_clause>()) c.on.push_back(expr(*k.children.at(0)));
        else if (k.is_type<g::allowance>()) c.allowance.push_back(expr(*k.children.at(0)));
        else if (k.is_type<g::rate_clause>()) c.pricing.push_back(ast::RateClause{quantity(*k.children.at(0))});
        else if (k.is_type<g::costs_clause>()) c.pricing.push_back(ast::CostsClause{expr(*k.children.at(0))});
        else if (k.is_type<g::block_clause>())
            c.pricing.push_back(ast::BlockClause{quantity(*k.children.at(0)), quantity(*k.children.at(1)), range(k)});
        else if (k.is_type<g::charge_rounding>()) c.rounding.push_back(rounding(k, false));
        else if (k.is_type<g::tier_table>()) {
            ast::TierTable t;
            t.range = range(k);
            t.range.end = t.range.begin + static_cast<uint32_t>(trimmed(k).size());
            t.mode = trimmed(*k.children.at(0)) == "volume" ? ast::TierTable::Mode::Volume
                                                            : ast::TierTable::Mode::Graduated;
            for (std::size_t j = 1; j < k.children.size(); ++j) {
                const TreeNode& b = *k.children[j];
                if (b.is_type<g::tier_by>()) t.by = expr(*b.children.at(0));
                else t.bands.push_back(band(b));
            }
            c.pricing.push_back(std::move(t));
        }
    }
    m_.charges.push_back(std::move(c));
}

void AstBuilder::minimum_decl(const TreeNode& n) {
    ast::MinimumDecl mn;
    decl_head(n, mn);
    for (std::size_t i = 3; i < n.children.size(); ++i) {
        const TreeNode& k = *n.children[i];
        if (scope_clause(k, mn)) continue;
        if (k.is_type<g::spend_clause>()) mn.spend.push_back(expr(*k.children.at(0)));
        else if (k.is_type<g::against_charges>()) {
            for (const auto& c : k.children) mn.against_charges.push_back(name(*c));
        } else if (k.is_type<g::against_usage>()) {
            mn.against_usage.push_back(expr(*k.children.at(0)));
            mn.against_rate.push_back(quantity(*k.children.at(1)->children.at(0)));
        }
    }
    m_.minimums.push_back(std::move(mn));
}

void AstBuilder::discount_decl(const TreeNode& n) {
    ast::DiscountDecl d;
    decl_head(n, d);
    for (std::size_t i = 3; i < n.children.size(); ++i) {
        const TreeNode& k = *n.children[i];
        if (k.is_type<g::take_clause>()) {
            const TreeNode& size = *k.children.at(0);
            if (size.is_type<g::discount_percent>()) {
                ast::Quantity q;
                q.range = range(size);
                q.text = std::string(size.children.at(0)->string_view());
                q.value = number(*size.children[0]);
                d.percent = q;
            } else {
                d.amount = quantity(*size.children.at(0));
            }
            const TreeNode& base = *k.children.at(1);
            if (base.is_type<g::discount_base_subtotal>()) d.base_is_subtotal = true;
            else
                for (const auto& c : base.children) d.base_charges.push_back(name(*c));
            if (k.children.size() > 2) d.above = expr(*k.children.at(2)->children.at(0));
        } else if (k.is_type<g::threshold_clause>()) {
            d.threshold = expr(*k.children.at(0));
        } else if (k.is_type<g::when_clause>()) {
            d.when.push_back(expr(*k.children.at(0)));
        }
    }
    m_.discounts.push_back(std::move(d));
}

void AstBuilder::statement(const TreeNode& n) {
    if (n.is_type<g::header>()) header(n);
    else if (n.is_type<g::import_decl>())
        m_.imports.push_back({string_value(*n.children.at(0)), range(*n.children.at(0))});
    else if (n.is_type<g::currency_decl>()) m_.currencies.push_back({name(*n.children.at(0)), range(n)});
    else if (n.is_type<g::rounding_decl>()) m_.roundings.push_back(rounding(n, true));
    else if (n.is_type<g::unit_decl>()) unit_decl(n);
    else if (n.is_type<g::account_decl>()) {
        ast::AccountDecl a;
        a.range = range(n);
        for (const auto& f : n.children.at(0)->children) a.fields.push_back(field(*f));
        m_.accounts.push_back(std::move(a));
    } else if (n.is_type<g::usage_decl>()) {
        ast::UsageDecl u;
        u.range = range(n);
        u.name = name(*n.children.at(0));
        for (const auto& f : n.children.at(1)->children) u.fields.push_back(field(*f));
        m_.usages.push_back(std::move(u));
    } else if (n.is_type<g::let_decl>()) {
        m_.lets.push_back({name(*n.children.at(0)), expr(*n.children.at(1)), range(n)});
    } else if (n.is_type<g::reject_decl>()) {
        ast::RejectDecl r;
        r.range = range(n);
        r.record = name(*n.children.at(0));
        r.condition = expr(*n.children.at(1));
        r.reason = string_value(*n.children.at(2));
        r.reason_range = range(*n.children[2]);
        m_.rejects.push_back(std::move(r));
    } else if (n.is_type<g::pack_decl>()) pack_decl(n);
    else if (n.is_type<g::deduct_decl>()) {
        ast::DeductDecl d;
        d.range = range(n);
        for (const auto& c : n.children) d.keys.push_back(name(*c));
        m_.deducts.push_back(std::move(d));
    } else if (n.is_type<g::meter_decl>()) meter_decl(n);
    else if (n.is_type<g::charge_decl>()) charge_decl(n);
    else if (n.is_type<g::minimum_decl>()) minimum_decl(n);
    else if (n.is_type<g::discount_decl>()) discount_decl(n);
    // Statement ranges end at their last token, not after the blank lines.
}

// Drop comment nodes so that the builder sees only the statement's shape.
void strip_comments(TreeNode& n) {
    auto& ch = n.children;
    ch.erase(std::remove_if(ch.begin(), ch.end(), [](const auto& c) { return c->template is_type<g::comment>(); }),
             ch.end());
    for (auto& c : ch) strip_comments(*c);
}

// The keywords a syntax error's message expects, for "did you mean ...?":
// those it quotes ('version', 'because', 'monthly'), or, for "expected a
// declaration: tariff, shared, ...", the listed statement keywords and the
// clause keywords that start an indented line of a statement (a misspelt
// clause ends its statement, so the next word is read as a declaration).
std::vector<std::string> expected_keywords(std::string_view msg) {
    std::vector<std::string> out;
    auto word_at = [&](std::size_t i) {
        std::size_t j = i;
        while (j < msg.size() && (std::isalpha(static_cast<unsigned char>(msg[j])) || msg[j] == '-')) ++j;
        return std::string(msg.substr(i, j - i));
    };
    constexpr std::string_view kDeclaration = "expected a declaration: ";
    if (msg.substr(0, kDeclaration.size()) == kDeclaration) {
        for (std::size_t i = kDeclaration.size(); i < msg.size();) {
            std::string w = word_at(i);
            if (!w.empty() && w != "or") out.push_back(w);
            i += std::max<std::size_t>(w.size(), 1);
        }
        for (const char* c : {"on", "at", "with", "when", "for", "costs", "where", "spend", "against", "take",
                              "threshold", "graduated", "volume", "per", "by", "after"})
            out.emplace_back(c);
        return out;
    }
    for (std::size_t i = msg.find('\''); i != std::string_view::npos; i = msg.find('\'', i + 1)) {
        std::string w = word_at(i + 1);
        if (w.size() > 1) out.push_back(w);
        i = msg.find('\'', i + 1);  // the closing quote
        if (i == std::string_view::npos) break;
    }
    return out;
}

}  // namespace

std::unique_ptr<ast::Module> parse_module(const SourceFile& file, Diagnostics& diags) {
    bool complete = true;
    return parse_module(file, diags, complete);
}

std::unique_ptr<ast::Module> parse_module(const SourceFile& file, Diagnostics& diags, bool& complete) {
    complete = true;
    auto module = std::make_unique<ast::Module>();
    module->file = &file;
    const std::string& text = file.text;
    if (text.size() > kMaxTariffBytes) {
        diags.error("E0003", {&file, 0, 0},
                    fmt::format("tariff file is {} bytes; the limit is {} bytes", text.size(), kMaxTariffBytes));
        complete = false;
        return module;
    }
    if (auto bad = std::min(text.find('\0'), utf8::first_invalid(text)); bad != std::string_view::npos) {
        diags.error("E0002", {&file, static_cast<uint32_t>(bad), static_cast<uint32_t>(bad + 1)},
                    "not a text file: a tariff must be UTF-8 text without NUL bytes");
        complete = false;
        return module;
    }

    AstBuilder builder(file, diags, *module);
    pegtl::memory_input in(text.data(), text.data() + text.size(), file.path);
    parse_glue::TreeState<TreeNode> tree;
    while (!in.empty()) {
        try {
            parse_glue::OperatorCount operators;
            auto root = parse_glue::parse_tree<g::statement_unit, TreeNode, selector, action, control>(in, tree, operators);
            if (root) {
                strip_comments(*root);
                for (const auto& stmt : root->children) builder.statement(*stmt);
            }
        } catch (const pegtl::parse_error& e) {
            // E0004 when the nesting guard threw, E0001 for any other syntax error.
            const bool nesting = dynamic_cast<const NestingTooDeep*>(&e) != nullptr;
            complete = false;
            const auto& pos = e.positions().front();
            std::string msg(e.message());
            auto at = static_cast<uint32_t>(pos.byte);
            uint32_t end = at;
            while (end < text.size() && end - at < 1 && text[end] != '\n') ++end;
            Diagnostic& d = diags.error(nesting ? "E0004" : "E0001", {&file, at, std::max(end, at)}, msg);
            if (!nesting) {  // a misspelt keyword at the caret: "did you mean 'version'?"
                std::size_t w = at;
                while (w < text.size() && (std::isalnum(static_cast<unsigned char>(text[w])) || text[w] == '_' || text[w] == '-')) ++w;
                std::string note = did_you_mean(std::string_view(text).substr(at, w - at), expected_keywords(msg));
                if (!note.empty()) d.notes.push_back({{}, std::move(note)});
            }
            // Resume at the next line that starts with a letter in column 1.
            std::size_t p = std::max<std::size_t>(pos.byte, static_cast<std::size_t>(in.current() - text.data()));
            for (;;) {
                p = text.find('\n', p);
                if (p == std::string::npos) { p = text.size(); break; }
                ++p;
                if (p < text.size() && std::isalpha(static_cast<unsigned char>(text[p]))) break;
            }
            in.bump(p - static_cast<std::size_t>(in.current() - text.data()));
        }
    }
    return module;
}

}  // namespace tarifc
