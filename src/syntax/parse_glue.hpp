// The PEGTL glue for parse.cpp: which grammar rules become parse-tree
// nodes, the error table as the control, and the nesting-depth guard on the
// recursive productions. Included only by parse.cpp.
#pragma once

#include <fmt/format.h>

#include <memory>
#include <type_traits>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "grammar/tariff_errors.hpp"
#include "grammar/tariff_grammar.hpp"
#include "syntax/parse.hpp"

namespace tarifc::parse_glue {

namespace pegtl = tao::pegtl;
namespace g = tarifc::grammar;

// Like PEGTL's fold_one, but a node that stays keeps its text (we need it
// for source ranges).
struct fold_keep_content : pegtl::parse_tree::apply<fold_keep_content> {
    template <typename N, typename... States>
    static void transform(std::unique_ptr<N>& n, States&&...) {
        if (n->children.size() == 1) n = std::move(n->children.front());
    }
};

// Which grammar rules become parse-tree nodes. Expression levels with a
// single child fold away, so `a` is a path node, not or(and(cmp(a))).
template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        g::name, g::string_body, g::string_lit, g::number, g::quantity_number, g::unit_name, g::unit_denominator,
        g::unit_ref, g::quantity, g::version_text, g::rounding_mode, g::utc_offset, g::cmp_op,
        g::add_op, g::mul_op, g::div_op, g::convert, g::convert_fn, g::convert_step, g::fn_call, g::call_name, g::path, g::path_head, g::set_lit,
        g::bool_lit, g::in_set, g::not_prefix, g::header, g::header_kind, g::import_decl,
        g::currency_decl, g::rounding_decl, g::per_line, g::unit_decl, g::unit_factor,
        g::account_decl, g::usage_decl, g::field_block, g::field_decl, g::type_text,
        g::type_integer, g::type_decimal, g::type_money, g::type_bool, g::type_date,
        g::type_timestamp, g::type_enum, g::type_plan, g::type_pack, g::type_account, g::type_ref,
        g::type_list, g::opt_key, g::opt_optional, g::opt_default, g::opt_unique,
        g::role_pack_size, g::role_pack_purchase, g::role_pack_balance, g::let_decl,
        g::reject_decl, g::where_clause, g::pack_size_row, g::pack_decl, g::deduct_decl,
        g::sum_agg, g::count_agg, g::named_agg, g::agg_name, g::meter_rounding, g::group_clause, g::after_packs, g::after_free, g::after_clause, g::meter_decl,
        g::cadence_monthly, g::cadence_yearly, g::cadence_true_up, g::for_each, g::when_clause, g::on_clause,
        g::allowance, g::rate_clause, g::costs_clause, g::block_clause, g::block_size, g::band_upper, g::band_open_top,
        g::band_free, g::band, g::tier_mode, g::tier_by, g::tier_table, g::charge_rounding, g::charge_decl,
        g::spend_clause, g::against_charges, g::against_usage, g::minimum_decl,
        g::discount_percent, g::discount_amount, g::discount_base_subtotal,
        g::discount_base_charges, g::discount_above, g::take_clause, g::threshold_clause, g::discount_decl,
        g::comment>,
    fold_keep_content::on<g::or_expr, g::and_expr, g::cmp_expr, g::add_expr,
                                    g::mul_expr>>;

template <typename Rule>
struct control : pegtl::must_if<g::error_table>::control<Rule> {};

// Thrown when expressions nest too deep: its own type, so that the error
// code (E0004) is chosen by what happened, not by the message's text.
struct NestingTooDeep : pegtl::parse_error {
    using pegtl::parse_error::parse_error;
};

// Only the recursive productions need a guard; PEGTL's input keeps a depth
// counter we may use for exactly this purpose.
template <typename Rule>
struct action : pegtl::nothing<Rule> {};

// The token that opens one more level of nesting: a rule is tried at every
// place it could start, so the limit counts only levels actually opened.
template <typename Rule>
struct nesting_opener;
template <>
struct nesting_opener<g::paren_expr> {
    using type = g::paren_open;
};
template <>
struct nesting_opener<g::not_prefix> {
    using type = g::kw_not;
};
template <>
struct nesting_opener<g::convert> {
    using type = g::convert_fn;
};
template <>
struct nesting_opener<g::fn_call> {
    using type = g::call_head;
};

struct depth_limited : pegtl::maybe_nothing {
    template <typename Rule, pegtl::apply_mode A, pegtl::rewind_mode M,
              template <typename...> class Action, template <typename...> class Control,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, States&&... st) {
        if (in.private_depth >= kMaxNesting &&
            pegtl::match<pegtl::at<typename nesting_opener<Rule>::type>, pegtl::apply_mode::nothing,
                         pegtl::rewind_mode::required, pegtl::nothing, pegtl::normal>(in))
            throw NestingTooDeep(
                fmt::format("expressions nest deeper than {} levels; split them with let", kMaxNesting),
                in);
        // Unwinds on the exception too: the same input parses the next
        // statement, which must start again at depth 0.
        struct Guard {
            std::size_t& depth;
            ~Guard() { --depth; }
        } guard{++in.private_depth};
        return pegtl::match<Rule, A, M, Action, Control>(in, st...);
    }
};
template <>
struct action<g::paren_expr> : depth_limited {};
template <>
struct action<g::not_prefix> : depth_limited {};
template <>
struct action<g::convert> : depth_limited {};
template <>
struct action<g::fn_call> : depth_limited {};

// The binary operators of one statement, counted while it is parsed. Each
// is one more level of the AST that the checker lowers and the evaluator
// walks recursively, so a chain `1 + 1 + ...` of 20,000 terms would
// overflow the stack there: past kMaxOperators the statement is an E0004,
// reported at the operator that went over, before its tree is built.
struct OperatorCount {
    std::size_t seen = 0;
};

template <typename... States>
OperatorCount& operator_count(States&... st) {
    static_assert((std::is_same_v<std::decay_t<States>, OperatorCount> || ...),
                  "parse with an OperatorCount state");
    OperatorCount* found = nullptr;
    auto pick = [&]([[maybe_unused]] auto& s) {
        if constexpr (std::is_same_v<std::decay_t<decltype(s)>, OperatorCount>) found = &s;
    };
    (pick(st), ...);
    return *found;
}

struct operator_counted : pegtl::maybe_nothing {
    template <typename Rule, pegtl::apply_mode A, pegtl::rewind_mode M,
              template <typename...> class Action, template <typename...> class Control,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, States&&... st) {
        auto at = in.position();
        if (!pegtl::match<Rule, A, M, Action, Control>(in, st...)) return false;
        // The grammar commits after every operator (must<>), so a counted
        // operator is never given back by a backtrack.
        if (++operator_count(st...).seen > kMaxOperators)
            throw NestingTooDeep(
                fmt::format("this statement has more than {} operators (+, -, *, /, comparisons, and, or, "
                            "commas between a function's arguments); split it with let",
                            kMaxOperators),
                std::move(at));
        return true;
    }
};
template <>
struct action<g::mul_op> : operator_counted {};
template <>
struct action<g::div_op> : operator_counted {};
template <>
struct action<g::add_op> : operator_counted {};
template <>
struct action<g::cmp_tail> : operator_counted {};
template <>
struct action<g::and_op> : operator_counted {};
template <>
struct action<g::or_op> : operator_counted {};
// max(a, b, c) is evaluated as max(max(a, b), c): each comma is one level too.
template <>
struct action<g::arg_comma> : operator_counted {};

}  // namespace tarifc::parse_glue
