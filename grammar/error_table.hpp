// What every grammar's table of syntax messages shares (tariff_errors.hpp,
// spec_errors.hpp): the rules that cannot fail, which must<> still asks a
// message for, and the table PEGTL's must_if control reads.
#pragma once

#include <tao/pegtl.hpp>

namespace tarifc::grammar {

// opt<...> and star<...> cannot fail, but must<> still asks for a message.
template <typename Rule>
inline constexpr bool never_fails = false;
template <typename... R>
inline constexpr bool never_fails<tao::pegtl::opt<R...>> = true;
template <typename... R>
inline constexpr bool never_fails<tao::pegtl::star<R...>> = true;

// The must_if table over a grammar's `Messages<Rule>` (its error_message).
// Messages are raised only where the grammar commits (must<>, if_must<>):
// the same rule may be a plain alternative elsewhere.
template <template <typename> class Messages>
struct error_table_of {
    template <typename Rule>
    static constexpr bool raise_on_failure = false;
    template <typename Rule>
    static constexpr const char* message = never_fails<Rule> ? "internal: cannot fail" : Messages<Rule>::text;
};

}  // namespace tarifc::grammar
