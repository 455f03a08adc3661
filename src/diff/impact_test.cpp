#include <doctest/doctest.h>

#include "diff/impact.hpp"

using namespace tarifc;
using namespace tarifc::diff;

namespace {

Decimal d(const char* s) { return *Decimal::parse(s); }

Invoice invoice(const std::string& account, const std::string& currency, const char* total,
                std::vector<std::pair<std::string, const char*>> lines) {
    Invoice inv;
    inv.account = account;
    inv.plan = "p";
    inv.currency = currency;
    inv.total = d(total);
    for (const auto& [charge, amount] : lines) {
        LineItem li;
        li.charge = charge;
        li.amount = d(amount);
        inv.lines.push_back(li);
    }
    return inv;
}

}  // namespace

TEST_CASE("diff: percent_change is exact, rounded half-even to 2 places; from 0 it is infinite") {
    CHECK(percent_change(d("3"), d("4"))->to_fixed(2) == "33.33");
    CHECK(percent_change(d("8"), d("8.001"))->to_fixed(2) == "0.01");   // 0.0125 -> 0.01 (half-even)
    CHECK(percent_change(d("8"), d("8.003"))->to_fixed(2) == "0.04");   // 0.0375 -> 0.04
    CHECK(percent_change(d("200"), d("100"))->to_fixed(2) == "-50.00");
    CHECK(percent_change(d("-10"), d("-5"))->to_fixed(2) == "50.00");   // of |before|
    CHECK(percent_change(d("0"), d("0"))->to_fixed(2) == "0.00");
    CHECK_FALSE(percent_change(d("0"), d("1")).has_value());
    CHECK(percent_text(std::nullopt, d("1")) == "new");
    CHECK(percent_text(d("1.50"), d("1")) == "+1.50%");
    CHECK(percent_text(d("-1.50"), d("-1")) == "-1.50%");
    CHECK(percent_text(percent_change(d("100000"), d("100000.01")), d("0.01")) == "+0.00%");
    CHECK(percent_text(percent_change(d("100000"), d("99999.99")), d("-0.01")) == "-0.00%");
    CHECK(percent_text(d("0"), d("0")) == "0.00%");
    CHECK(change_text(d("2.5"), 2) == "+2.50");
    CHECK(change_text(d("0"), 2) == "0.00");
}

TEST_CASE("diff: totals per account and charge; movers by amount then id; guards exact") {
    Totals before, after;
    // a: 100 -> 110 (+10%), b: 50 -> 55 (+10%), c: 0 -> 1 (new), e: 20 -> 10, f: 7 -> 7.
    for (const auto& [totals, inv] : std::vector<std::pair<Totals*, Invoice>>{
             {&before, invoice("a", "EUR", "60", {{"x", "60"}})},
             {&before, invoice("a", "EUR", "40", {{"x", "40"}})},
             {&before, invoice("b", "EUR", "50", {{"x", "50"}})},
             {&before, invoice("c", "EUR", "0", {})},
             {&before, invoice("e", "EUR", "20", {{"y", "20"}})},
             {&before, invoice("f", "USD", "7", {{"x", "7"}})},
             {&after, invoice("a", "EUR", "110", {{"x", "110"}})},
             {&after, invoice("b", "EUR", "55", {{"x", "55"}})},
             {&after, invoice("c", "EUR", "1", {{"z", "1"}})},
             {&after, invoice("e", "EUR", "10", {{"y", "10"}})},
             {&after, invoice("f", "USD", "7", {{"x", "7"}})},
         })
        add_invoice(*totals, inv);
    REQUIRE(before.accounts.size() == 5);
    CHECK(before.accounts[0].total == d("100"));

    const Impact im = build_impact(before, after, 2, 2);
    REQUIRE(im.currencies.size() == 2);
    const auto& eur = im.currencies[0];
    CHECK(eur.currency == "EUR");
    CHECK(eur.before == d("170"));
    CHECK(eur.after == d("176"));
    CHECK(eur.percent->to_fixed(2) == "3.53");
    CHECK(eur.more == 3);
    CHECK(eur.less == 1);
    CHECK(eur.same == 0);
    REQUIRE(eur.increases.size() == 2);  // --top 2
    CHECK(eur.increases[0].id == "a");
    CHECK(eur.increases[1].id == "b");
    REQUIRE(eur.decreases.size() == 1);
    CHECK(eur.decreases[0].change == d("-10"));
    REQUIRE(eur.charges.size() == 3);
    CHECK(eur.charges[2].charge == "z");
    CHECK(eur.charges[2].only_after);
    CHECK(im.currencies[1].same == 1);  // USD: never added to EUR

    // 10% is not more than 10%; 0 -> 1 is infinite.
    auto over = increases_over(im, d("10"));
    REQUIRE(over.size() == 1);
    CHECK(over[0].id == "c");
    CHECK(increases_over(im, d("9.99")).size() == 3);
    // 6/170 = 3.5294...%: shown as 3.53%, compared exactly.
    CHECK(revenue_change_over(im, d("3.52")).size() == 1);
    CHECK(revenue_change_over(im, d("3.53")).empty());
}

TEST_CASE("diff: an account billed in another currency after the change is listed, not compared") {
    Totals before, after;
    add_invoice(before, invoice("a", "EUR", "10", {}));
    add_invoice(after, invoice("a", "USD", "12", {}));
    const Impact im = build_impact(before, after, 10, 2);
    REQUIRE(im.switched.size() == 1);
    CHECK(im.switched[0].after_currency == "USD");
    REQUIRE(im.currencies.size() == 2);
    CHECK(im.currencies[0].accounts == 0);
    CHECK(im.currencies[0].before == d("10"));
    CHECK(im.currencies[1].after == d("12"));
    CHECK(increases_over(im, d("0")).empty());
}

TEST_CASE("diff: a sum that does not fit throws OverflowError (run_diff reports E0804), never wraps") {
    Totals t;
    const char* big = "90000000000000000000000000000000000000";  // 9 x 10^37: two do not fit in 2^127
    add_invoice(t, invoice("a", "EUR", big, {}));
    CHECK_THROWS_AS(add_invoice(t, invoice("a", "EUR", big, {})), OverflowError);
}
