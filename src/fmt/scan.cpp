#include "fmt/scan.hpp"

#include <algorithm>
#include <memory>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "grammar/tariff_grammar.hpp"

namespace tarifc::fmt_pass {

namespace {

namespace pegtl = tao::pegtl;
namespace g = tarifc::grammar;
using Node = pegtl::parse_tree::node;

// The rules the layout looks at. The gaps are every `sep` and `blanks`
// matched; the rest mark places (statements, clauses, items, braces) and
// the tokens of the signature.
template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        g::sep, g::blanks,
        // statements
        g::header, g::import_decl, g::currency_decl, g::rounding_decl, g::unit_decl, g::account_decl,
        g::usage_decl, g::let_decl, g::reject_decl, g::pack_decl, g::deduct_decl, g::meter_decl,
        g::charge_decl, g::minimum_decl, g::discount_decl,
        // clauses that start their own line
        g::for_each, g::when_clause, g::on_clause, g::allowance, g::rate_clause, g::tier_table,
        g::costs_clause, g::block_clause, g::charge_rounding, g::spend_clause, g::against_clause,
        g::take_clause, g::threshold_clause, g::pack_sizes,
        // blocks, items, columns
        g::block_open, g::block_close, g::field_decl, g::band, g::pack_size_row, g::quantity,
        g::band_upper, g::band_open_top, g::band_free,
        // where no blank belongs
        g::paren_open, g::paren_close, g::call_close, g::arg_comma, g::comma, g::field_colon,
        g::set_open, g::set_close, g::paren_expr, g::equals,
        // the rest of the signature
        g::name, g::path_head, g::call_name, g::number, g::quantity_number, g::string_lit,
        g::unit_name, g::unit_denominator, g::version_text, g::rounding_mode, g::utc_offset,
        g::cmp_op, g::add_op, g::mul_op, g::div_op, g::bool_lit, g::agg_name, g::header_kind,
        g::cadence_monthly, g::cadence_yearly, g::cadence_true_up, g::type_text, g::type_integer,
        g::type_decimal, g::type_money, g::type_bool, g::type_date, g::type_timestamp, g::type_enum,
        g::type_plan, g::type_pack, g::type_account, g::type_ref, g::type_list, g::opt_key,
        g::opt_optional, g::opt_default, g::opt_unique, g::role_pack_size, g::role_pack_purchase,
        g::role_pack_balance, g::not_prefix, g::in_set, g::convert, g::convert_fn, g::fn_call,
        g::sum_agg, g::count_agg, g::named_agg, g::group_clause, g::where_clause, g::after_packs,
        g::after_free, g::meter_rounding, g::tier_mode, g::tier_by, g::against_charges,
        g::against_usage, g::discount_percent, g::discount_amount, g::discount_base_subtotal,
        g::discount_base_charges, g::discount_above, g::per_line, g::unit_factor, g::block_size,
        g::and_op, g::or_op>>;

bool is_clause(const Node& n) {
    return n.is_type<g::for_each>() || n.is_type<g::when_clause>() || n.is_type<g::on_clause>() ||
           n.is_type<g::allowance>() || n.is_type<g::rate_clause>() || n.is_type<g::tier_table>() ||
           n.is_type<g::costs_clause>() || n.is_type<g::block_clause>() || n.is_type<g::charge_rounding>() ||
           n.is_type<g::spend_clause>() || n.is_type<g::against_clause>() || n.is_type<g::take_clause>() ||
           n.is_type<g::threshold_clause>();
}

bool is_statement(const Node& n) {
    return n.is_type<g::header>() || n.is_type<g::import_decl>() || n.is_type<g::currency_decl>() ||
           n.is_type<g::rounding_decl>() || n.is_type<g::unit_decl>() || n.is_type<g::account_decl>() ||
           n.is_type<g::usage_decl>() || n.is_type<g::let_decl>() || n.is_type<g::reject_decl>() ||
           n.is_type<g::pack_decl>() || n.is_type<g::deduct_decl>() || n.is_type<g::meter_decl>() ||
           n.is_type<g::charge_decl>() || n.is_type<g::minimum_decl>() || n.is_type<g::discount_decl>();
}

// Tokens whose text the signature keeps (the others are kinds only).
bool is_token(const Node& n) {
    return n.is_type<g::name>() || n.is_type<g::path_head>() || n.is_type<g::call_name>() ||
           n.is_type<g::number>() || n.is_type<g::quantity_number>() || n.is_type<g::string_lit>() ||
           n.is_type<g::unit_name>() || n.is_type<g::unit_denominator>() || n.is_type<g::version_text>() ||
           n.is_type<g::rounding_mode>() || n.is_type<g::utc_offset>() || n.is_type<g::cmp_op>() ||
           n.is_type<g::add_op>() || n.is_type<g::mul_op>() || n.is_type<g::div_op>() ||
           n.is_type<g::bool_lit>() || n.is_type<g::agg_name>() || n.is_type<g::header_kind>();
}

uint32_t begin_of(const Node& n) { return static_cast<uint32_t>(n.m_begin.byte); }
uint32_t end_of(const Node& n) { return static_cast<uint32_t>(n.m_end.byte); }

class Scanner {
public:
    Scanner(std::string_view text, Marks& m) : text_(text), m_(m) {}

    void node(const Node& n, const Node* parent) {
        const uint32_t b = begin_of(n), e = end_of(n);
        if (n.is_type<g::sep>() || n.is_type<g::blanks>()) {
            gaps_.push_back({b, e});
            return;  // nothing selected inside
        }
        if (is_statement(n)) {
            m_.at[b] |= kLineStart | kItemStart;
            m_.statements.push_back(b);
        }
        if (parent && (parent->is_type<g::charge_decl>() || parent->is_type<g::minimum_decl>() ||
                       parent->is_type<g::discount_decl>()) &&
            is_clause(n))
            m_.at[b] |= kLineStart;
        if (n.is_type<g::pack_sizes>()) m_.at[b] |= kLineStart;
        if (n.is_type<g::pack_decl>()) pack_lines(n);
        if (n.is_type<g::field_decl>()) m_.at[b] |= kLineStart | kItemStart;
        if (n.is_type<g::block_open>()) m_.at[b] |= kBoundary, m_.at[b + 1] |= kBlockOpenEnd | kBoundary;
        if (n.is_type<g::block_close>()) m_.at[b] |= kBlockClose | kLineStart;
        if (n.is_type<g::paren_open>()) {
            m_.at[b + 1] |= kTightAfter;
            if (!parent || !parent->is_type<g::paren_expr>() || begin_of(*parent) != b) m_.at[b] |= kTightBefore;
        }
        if (n.is_type<g::paren_close>() || n.is_type<g::call_close>() || n.is_type<g::arg_comma>() ||
            n.is_type<g::comma>() || n.is_type<g::field_colon>() || n.is_type<g::set_close>())
            m_.at[b] |= kTightBefore;
        if (n.is_type<g::set_open>()) m_.at[b + 1] |= kTightAfter;
        // Where a blank belongs though the author wrote none ("id:text",
        // "a,b", "x=1"): after a token that ends with the grammar's `sep`.
        if (n.is_type<g::field_colon>() || n.is_type<g::comma>() || n.is_type<g::arg_comma>())
            m_.at[b + 1] |= kBoundary;
        if (n.is_type<g::equals>() || n.is_type<g::cmp_op>() || n.is_type<g::mul_op>() || n.is_type<g::div_op>()) {
            m_.at[b] |= kBoundary;
            m_.at[b + static_cast<uint32_t>(token_text(n).size())] |= kBoundary;
        }
        if (n.is_type<g::add_op>() || n.is_type<g::paren_expr>()) m_.at[b] |= kBoundary;
        if (n.is_type<g::unit_factor>()) m_.at[b] |= kBoundary, m_.at[b + 1] |= kBoundary;  // `unit hour = 60 minute`
        if (n.is_type<g::agg_name>()) m_.agg_names.emplace_back(b, e);
        if (n.is_type<g::band>() || n.is_type<g::pack_size_row>()) row(n, parent);

        if (is_token(n)) {
            m_.signature.emplace_back(std::string(n.type) + " " + token_text(n));
        } else {
            m_.signature.emplace_back(n.type);
        }
        for (const auto& c : n.children) node(*c, &n);
    }

    void finish() {
        // Gaps seen in lookaheads and in branches given back are blanks the
        // real parse also skipped: merge them.
        std::sort(gaps_.begin(), gaps_.end(), [](const Gap& a, const Gap& b) {
            return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
        });
        for (const Gap& gp : gaps_) {
            if (gp.begin == gp.end) continue;
            if (!m_.gaps.empty() && gp.begin <= m_.gaps.back().end)
                m_.gaps.back().end = std::max(m_.gaps.back().end, gp.end);
            else
                m_.gaps.push_back(gp);
        }
        // A place where a line break or a blank may be added though the
        // text has none ("account{"): an empty gap.
        std::vector<Gap> extra;
        for (uint32_t p = 1; p < text_.size(); ++p) {
            if (!(m_.at[p] & (kLineStart | kBoundary | kBlockOpenEnd))) continue;
            auto it = std::upper_bound(m_.gaps.begin(), m_.gaps.end(), p,
                                       [](uint32_t v, const Gap& gp) { return v < gp.begin; });
            if (it != m_.gaps.begin() && std::prev(it)->end >= p) continue;  // in or at the edge of a gap
            if (it != m_.gaps.end() && it->begin == p) continue;
            extra.push_back({p, p});
        }
        m_.gaps.insert(m_.gaps.end(), extra.begin(), extra.end());
        std::sort(m_.gaps.begin(), m_.gaps.end(), [](const Gap& a, const Gap& b) { return a.begin < b.begin; });
    }

private:
    std::string_view text_;
    Marks& m_;
    std::vector<Gap> gaps_;
    int tables_ = 0;
    const Node* table_ = nullptr;

    // The first byte after the blanks and comments at `p`.
    uint32_t skip_gap(uint32_t p) const {
        while (p < text_.size()) {
            const char c = text_[p];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') ++p;
            else if (c == '#') while (p < text_.size() && text_[p] != '\n') ++p;
            else break;
        }
        return p;
    }

    // A pack's `covers` and `valid` start their own lines. Its children:
    // name, title, covered field, records, [where], validity number, unit, sizes.
    void pack_lines(const Node& n) {
        std::vector<const Node*> c;
        for (const auto& k : n.children)
            if (!k->is_type<g::sep>() && !k->is_type<g::blanks>()) c.push_back(k.get());
        if (c.size() < 4) return;
        m_.at[skip_gap(end_of(*c[1]))] |= kLineStart;
        const Node* where = nullptr;
        for (const Node* k : c)
            if (k->is_type<g::where_clause>()) where = k;
        m_.at[where ? end_of(*where) : skip_gap(end_of(*c[3]))] |= kLineStart;
    }

    // A token's text without the blanks and comments after it.
    std::string token_text(const Node& n) const {
        std::string_view s = n.string_view();
        if (n.is_type<g::string_lit>()) return std::string(s);
        if (n.is_type<g::agg_name>()) return squeeze_agg(text_, begin_of(n), end_of(n), m_);
        std::size_t cut = s.find_first_of(" \t\r\n#");
        return std::string(s.substr(0, cut));
    }

    void row(const Node& n, const Node* parent) {
        if (parent != table_) {
            table_ = parent;
            ++tables_;
        }
        m_.at[begin_of(n)] |= kLineStart | kItemStart;
        Row r;
        r.table = tables_;
        r.begin = begin_of(n);
        r.end = end_of(n);
        if (n.is_type<g::pack_size_row>()) {
            if (!n.children.empty()) r.columns.emplace_back(end_of(*n.children.front()), 1);
        } else {
            r.gutter = 2;
            for (const auto& c : n.children) {
                if (c->is_type<g::band_upper>() || c->is_type<g::band_open_top>()) r.columns.emplace_back(begin_of(*c), 1);
                if (c->is_type<g::band_free>() || c->is_type<g::rate_clause>()) r.columns.emplace_back(begin_of(*c), 2);
            }
        }
        m_.rows.push_back(std::move(r));
    }
};

}  // namespace

std::string squeeze_agg(std::string_view text, uint32_t begin, uint32_t end, const Marks& m) {
    // The names in document order; the first that ends after `begin`.
    auto it = std::upper_bound(m.agg_names.begin(), m.agg_names.end(), begin,
                               [](uint32_t v, const std::pair<uint32_t, uint32_t>& a) { return v < a.second; });
    if (it == m.agg_names.end() || it->first >= end) return std::string(text.substr(begin, end - begin));
    std::string out;
    for (uint32_t p = begin; p < end; ++p) {
        while (it != m.agg_names.end() && it->second <= p) ++it;
        const char c = text[p];
        const bool in_agg = it != m.agg_names.end() && p >= it->first;
        if ((c == ' ' || c == '\t') && in_agg) {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::optional<Marks> scan(std::string_view text) {
    Marks m;
    m.at.assign(text.size() + 1, 0);
    try {
        pegtl::memory_input in(text.data(), text.data() + text.size(), "fmt");
        auto root = pegtl::parse_tree::parse<g::file, selector>(in);
        if (!root) return std::nullopt;
        Scanner s(text, m);
        for (const auto& c : root->children) s.node(*c, nullptr);
        s.finish();
    } catch (const pegtl::parse_error&) {
        return std::nullopt;
    }
    return m;
}

}  // namespace tarifc::fmt_pass
