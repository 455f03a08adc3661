// A tally holds exactly the Decimal that summing with Decimal's + and -
// would give, value and scale, whether it stays in its 8 bytes or moves
// to the account's list of big values; overflow throws as Decimal does.
#include "eval/tally.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace tarifc;
using namespace tarifc::rating;

namespace {

Decimal dec(const char* text) { return *Decimal::parse(text); }

// Same value and same scale.
void check_same(int64_t slot, const std::vector<Decimal>& big, const Decimal& want) {
    const Decimal got = tally_value(slot, big);
    CHECK(got.to_string() == want.to_string());
    CHECK(got.scale() == want.scale());
    CHECK(got.mantissa() == want.mantissa());
}

}  // namespace

TEST_CASE("tally: small sums stay in the slot with Decimal's scale") {
    int64_t slot = 0;
    std::vector<Decimal> big;
    Decimal want;
    for (const char* v : {"60", "1.5", "2.25", "-0.75", "0", "1000000"}) {
        tally_add(slot, big, dec(v));
        want += dec(v);
        check_same(slot, big, want);
    }
    tally_sub(slot, big, dec("3.125"));
    want -= dec("3.125");
    check_same(slot, big, want);
    CHECK(big.empty());
}

TEST_CASE("tally: past 58 bits the value moves to big, and back sums stay exact") {
    int64_t slot = 0;
    std::vector<Decimal> big;
    Decimal want;
    const Decimal step = Decimal::from_parts(kTallyMax, 0);  // the largest a slot keeps
    tally_add(slot, big, step);
    want += step;
    check_same(slot, big, want);
    CHECK(big.empty());
    tally_add(slot, big, dec("1"));  // one past: into big
    want += dec("1");
    check_same(slot, big, want);
    CHECK(big.size() == 1);
    tally_sub(slot, big, dec("1000"));  // fits again, but stays in big (same value)
    want -= dec("1000");
    check_same(slot, big, want);
    CHECK(big.size() == 1);
    // Negative bound, and a scale of 30 (the most a Decimal has).
    int64_t neg = 0;
    tally_sub(neg, big, step);
    tally_sub(neg, big, dec("2"));
    check_same(neg, big, -step - dec("2"));
    CHECK(big.size() == 2);
    int64_t fine = 0;
    const Decimal tiny = Decimal::from_parts(1, 30);
    tally_add(fine, big, tiny);
    tally_add(fine, big, tiny);
    check_same(fine, big, tiny + tiny);
}

TEST_CASE("tally: a sum Decimal cannot hold throws OverflowError with Decimal's message") {
    int64_t slot = 0;
    std::vector<Decimal> big;
    const Decimal huge = *Decimal::parse("99999999999999999999999999999999999999");  // 38 nines
    tally_add(slot, big, huge);
    std::string add_message, sub_message;
    try {
        (void)(huge + huge);
    } catch (const OverflowError& e) {
        add_message = e.what();
    }
    try {
        (void)(-huge - huge);
    } catch (const OverflowError& e) {
        sub_message = e.what();
    }
    REQUIRE(!add_message.empty());
    REQUIRE(!sub_message.empty());
    CHECK_THROWS_WITH_AS(tally_add(slot, big, huge), add_message.c_str(), OverflowError);
    check_same(slot, big, huge);  // unchanged by the failed sum
    int64_t neg = 0;
    tally_sub(neg, big, huge);
    CHECK_THROWS_WITH_AS(tally_sub(neg, big, huge), sub_message.c_str(), OverflowError);
}
