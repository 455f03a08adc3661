#include "syntax/examples.hpp"

#include <doctest/doctest.h>

namespace tarifc {

TEST_CASE("declared_terms reads the currency and a unit") {
    MessageTerms t = declared_terms("tariff x \"X\" version 1\ncurrency USD\nunit call\nunit kcall = 1000 call\n");
    CHECK(t.currency == "USD");
    CHECK(t.unit == "call");
    // A file with minutes keeps the table's minute, wherever it is declared.
    CHECK(declared_terms("currency EUR\nunit second\nunit minute = 60 second\n").unit == "minute");
    // Only at the start of a line, and not a longer keyword.
    MessageTerms none = declared_terms("# currency USD\n  unit call\ncurrencyX GBP\nunits seat\n");
    CHECK(none.currency.empty());
    CHECK(none.unit.empty());
    // The first currency line wins (a second is the checker's E0102).
    CHECK(declared_terms("currency USD\ncurrency EUR\n").currency == "USD");
}

TEST_CASE("in_terms rewrites the example only, whole words only") {
    MessageTerms usd{"USD", "call"};
    CHECK(in_terms("expected a number with its unit, e.g. 290 CNY", usd) == "expected a number with its unit, e.g. 290 USD");
    CHECK(in_terms("expected 'at' and a rate, e.g. at 0.20 CNY/minute", usd) == "expected 'at' and a rate, e.g. at 0.20 USD/call");
    CHECK(in_terms("expected a unit, e.g. minute or CNY/minute", usd) == "expected a unit, e.g. call or USD/call");
    // Before "e.g." nothing changes; nor does a word that only contains one.
    CHECK(in_terms("minute CNY, e.g. minutes CNYX", usd) == "minute CNY, e.g. minutes CNYX");
    // Nothing declared: the table's example stays.
    CHECK(in_terms("e.g. 290 CNY", MessageTerms{}) == "e.g. 290 CNY");
    CHECK(in_terms("no example here: CNY minute", usd) == "no example here: CNY minute");
}

}  // namespace tarifc
