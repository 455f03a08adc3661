// The PEGTL glue for parse.cpp: which grammar rules become parse-tree
// nodes, the error table as the control, and the nesting-depth guard on the
// recursive productions. Included only by parse.cpp.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <string_view>
#include <memory>
#include <vector>
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

// ---------------------------------------------------------------- tree nodes
// A parse-tree node, as PEGTL's parse_tree::node, with its own allocator:
// every attempt of a selected rule makes a node and most attempts fail, so
// nodes are made and dropped by the hundred per statement. They come from
// slabs and go back to a free list of the thread (a statement's tree never
// leaves the thread that parses it); the slabs are kept for the next
// statement and released when the thread ends. Under AddressSanitizer
// (the fuzz builds) nodes come from operator new, so that it still sees
// every use of a dropped node.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kNodePool = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kNodePool = false;
#else
inline constexpr bool kNodePool = true;
#endif
#else
inline constexpr bool kNodePool = true;
#endif

class NodePool {
public:
    static constexpr std::size_t kSlabNodes = 256;

    NodePool() = default;
    NodePool(const NodePool&) = delete;
    NodePool& operator=(const NodePool&) = delete;
    ~NodePool() {
        for (void* slab : slabs_) ::operator delete(slab);
    }

    void* take(std::size_t size) {
        if (free_ == nullptr) grow(size);
        Free* f = free_;
        free_ = f->next;
        return f;
    }
    void give(void* p) noexcept {
        auto* f = static_cast<Free*>(p);
        f->next = free_;
        free_ = f;
    }
    static NodePool& of_thread() {
        thread_local NodePool pool;
        return pool;
    }

private:
    struct Free {
        Free* next;
    };
    Free* free_ = nullptr;
    std::vector<void*> slabs_;

    void grow(std::size_t size) {
        slabs_.reserve(slabs_.size() + 1);
        char* slab = static_cast<char*>(::operator new(size * kSlabNodes));
        slabs_.push_back(slab);
        for (std::size_t i = kSlabNodes; i-- > 0;) give(slab + i * size);
    }
};

struct TreeNode : pegtl::parse_tree::basic_node<TreeNode> {
    // PEGTL's, but room for four children at the first: most nodes with
    // children have two to four, and growing 1, 2, 4 took three allocations.
    template <typename... States>
    void emplace_back(std::unique_ptr<TreeNode>&& child, States&&...) {
        if (children.capacity() == 0) children.reserve(4);
        children.emplace_back(std::move(child));
    }

    static void* operator new(std::size_t size) {
        static_assert(sizeof(TreeNode) % alignof(TreeNode) == 0 && alignof(TreeNode) <= alignof(std::max_align_t));
        if constexpr (kNodePool) return NodePool::of_thread().take(size);
        else return ::operator new(size);
    }
    static void operator delete(void* p) noexcept {
        if constexpr (kNodePool) NodePool::of_thread().give(p);
        else ::operator delete(p);
    }
};

// ---------------------------------------------------------------- tree building
// PEGTL's parse-tree builder (contrib/parse_tree.hpp, make_control and
// parse), with one change. PEGTL gives every rule that is not selected but
// may contain a selected rule (most of the grammar: every token ends in
// `sep`, which may hold a comment) a node of its own on each attempt, moves
// its children up on success and frees it on failure. Trying the 48 words of
// `reserved` before each name, and every alternative of a clause, made that
// malloc/free the bulk of `tarifc check` (docs/performance.md). Here such a
// rule only remembers how many children the node being built had when it
// started: on success its children are already in place, on failure the ones
// it added are dropped. The tree is the same node for node.
template <typename Node>
struct TreeState {
    std::vector<std::unique_ptr<Node>> stack;  // the selected nodes being built, root first
    std::vector<std::size_t> marks;            // children counts at the start of unselected rules

    // Kept from one statement to the next (its vectors keep their room);
    // reset() as each statement starts (the last one may have thrown).
    TreeState() { reset(); }
    void reset() {
        stack.clear();
        marks.clear();
        push();
    }
    // `new Node`, not make_unique's `new Node()`: every member has its
    // initializer, and value-initialization first cleared the whole node.
    void push() { stack.push_back(std::unique_ptr<Node>(new Node)); }
    [[nodiscard]] std::unique_ptr<Node>& back() noexcept { return stack.back(); }
    void pop_back() noexcept { stack.pop_back(); }
};

template <typename Node, template <typename...> class Selector, template <typename...> class Control>
struct tree_control {
    template <typename Rule, bool Selected, bool Leaf>
    struct state_handler;

    template <typename Rule>
    using type = pegtl::rotate_states_right<
        state_handler<Rule, pegtl::parse_tree::internal::is_selected_node<Rule, Selector>,
                      pegtl::parse_tree::internal::is_leaf<8, typename Rule::subs_t, Selector>>>;
};

// A rule with no selected rule below it: nothing to do with the tree.
template <typename Node, template <typename...> class Selector, template <typename...> class Control>
template <typename Rule>
struct tree_control<Node, Selector, Control>::state_handler<Rule, false, true>
    : pegtl::remove_first_state<Control<Rule>> {};

// A rule not selected but with selected rules below it (the change).
template <typename Node, template <typename...> class Selector, template <typename...> class Control>
template <typename Rule>
struct tree_control<Node, Selector, Control>::state_handler<Rule, false, false>
    : pegtl::remove_first_state<Control<Rule>> {
    static constexpr bool enable = true;

    template <typename ParseInput, typename... States>
    static void start(const ParseInput&, TreeState<Node>& state, States&&...) {
        state.marks.push_back(state.back()->children.size());
    }
    template <typename ParseInput, typename... States>
    static void success(const ParseInput&, TreeState<Node>& state, States&&...) {
        state.marks.pop_back();
    }
    template <typename ParseInput, typename... States>
    static void failure(const ParseInput&, TreeState<Node>& state, States&&...) {
        auto& children = state.back()->children;
        children.erase(children.begin() + static_cast<std::ptrdiff_t>(state.marks.back()), children.end());
        state.marks.pop_back();
    }
    template <typename ParseInput, typename... States>
    static void unwind(const ParseInput& in, TreeState<Node>& state, States&&... st) {
        failure(in, state, st...);
    }
};

// A selected rule: its own node, as in PEGTL.
template <typename Node, template <typename...> class Selector, template <typename...> class Control>
template <typename Rule, bool Leaf>
struct tree_control<Node, Selector, Control>::state_handler<Rule, true, Leaf>
    : pegtl::remove_first_state<Control<Rule>> {
    template <typename ParseInput, typename... States>
    static void start(const ParseInput& in, TreeState<Node>& state, States&&... st) {
        Control<Rule>::start(in, st...);
        state.push();
        state.back()->template start<Rule>(in, st...);
    }
    template <typename ParseInput, typename... States>
    static void success(const ParseInput& in, TreeState<Node>& state, States&&... st) {
        auto n = std::move(state.back());
        state.pop_back();
        n->template success<Rule>(in, st...);
        pegtl::parse_tree::internal::transform<Selector<Rule>>(in, n, st...);
        if (n) state.back()->emplace_back(std::move(n), st...);
        Control<Rule>::success(in, st...);
    }
    template <typename ParseInput, typename... States>
    static void failure(const ParseInput& in, TreeState<Node>& state, States&&... st) {
        state.back()->template failure<Rule>(in, st...);
        state.pop_back();
        Control<Rule>::failure(in, st...);
    }
    template <typename ParseInput, typename... States>
    static void unwind(const ParseInput& in, TreeState<Node>& state, States&&... st) {
        state.pop_back();
        if constexpr (pegtl::parse_tree::internal::control_has_unwind<Control<Rule>, const ParseInput&, States...>)
            Control<Rule>::unwind(in, st...);
    }
};

// pegtl::parse_tree::parse with the builder above.
template <typename Rule, typename Node, template <typename...> class Selector,
          template <typename...> class Action, template <typename...> class Control, typename ParseInput,
          typename... States>
std::unique_ptr<Node> parse_tree(ParseInput& in, TreeState<Node>& state, States&&... st) {
    state.reset();
    if (!pegtl::parse<Rule, Action, tree_control<Node, Selector, Control>::template type>(in, st..., state))
        return nullptr;
    return std::move(state.back());
}

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

// The keyword sets `reserved` and `statement_word` are only ever looked at
// (`not_at<reserved>` before every word, `not_at<statement_word>` before
// every unit), and trying their 48 and 15 keywords one by one before each
// name was a fifth of `tarifc check` on a big tariff. A keyword matches only
// when it is the whole run of name characters at the input (kw_str: the
// word, then no name character), so a run that is none of the set's words
// cannot match: that is answered by comparing the run with the words. Any
// other case runs the rule itself, without the tree builder and the error
// table: the set holds no must<>, and whatever nodes it would make (a
// comment after the keyword) are dropped with the lookahead anyway.
template <char... C>
inline constexpr char keyword_chars[] = {C...};

template <char... C>
constexpr std::string_view keyword_text(const g::tok<g::kw_str<pegtl::ascii::string<C...>>>*) {
    return {keyword_chars<C...>, sizeof...(C)};
}

template <typename... Kw>
constexpr auto keyword_texts(const pegtl::sor<Kw...>*) {
    return std::array<std::string_view, sizeof...(Kw)>{keyword_text(static_cast<const Kw*>(nullptr))...};
}

constexpr bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

template <typename Set>
struct keyword_lookahead : pegtl::maybe_nothing {
    static constexpr auto kWords = keyword_texts(static_cast<const Set*>(nullptr));
    static constexpr bool words_are_names() {
        for (std::string_view w : kWords) {
            if (w.empty()) return false;
            for (char c : w)
                if (!is_name_char(c)) return false;
        }
        return true;
    }
    static_assert(words_are_names(), "the quick miss below holds only for words of name characters");

    template <typename Rule, pegtl::apply_mode A, pegtl::rewind_mode M,
              template <typename...> class Action, template <typename...> class Control,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, States&&...) {
        static_assert(A == pegtl::apply_mode::nothing, "a keyword set is matched only inside not_at<>");
        const char* p = in.current();
        const char* end = in.end();
        const char* q = p;
        while (q != end && is_name_char(*q)) ++q;
        const std::string_view run(p, static_cast<std::size_t>(q - p));
        bool listed = false;
        for (std::string_view w : kWords) listed = listed || w == run;
        if (!listed) return false;
        return pegtl::match<Rule, A, M, pegtl::nothing, pegtl::normal>(in);
    }
};
template <>
struct action<g::reserved> : keyword_lookahead<g::reserved> {};
template <>
struct action<g::statement_word> : keyword_lookahead<g::statement_word> {};

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
