// Unit tests for the exact decimal type (base/decimal.hpp). One file (over
// 600 lines) on purpose: every case uses the helpers below (D, S, the mode
// table, the seeded generator), which a split would have to share or copy.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/decimal.hpp"

using tarifc::Decimal;
using tarifc::i128;
using tarifc::OverflowError;
using tarifc::RoundingMode;

namespace {

constexpr i128 kMax = static_cast<i128>(~static_cast<tarifc::u128>(0) >> 1);
constexpr i128 kMin = -kMax - 1;

Decimal D(const char* text) {
    auto d = Decimal::parse(text);
    REQUIRE_MESSAGE(d.has_value(), "test literal did not parse: ", text);
    return *d;
}

std::string S(const Decimal& d) { return d.to_string(); }

i128 pow10(int e) {
    i128 v = 1;
    while (e-- > 0) v *= 10;
    return v;
}

constexpr std::array<RoundingMode, 7> kModes = {RoundingMode::Ceil,     RoundingMode::Floor,
                                                RoundingMode::HalfUp,   RoundingMode::HalfEven,
                                                RoundingMode::HalfDown, RoundingMode::Up,
                                                RoundingMode::Down};

// Expected results in kModes order.
struct RoundCase {
    const char* value;
    int places;
    std::array<const char*, 7> expected;
};

// Deterministic pseudo random numbers for property tests.
struct Lcg {
    uint64_t state;
    uint64_t next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 11;
    }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
};

// A random decimal with up to `max_digits` digits and scale <= max_scale.
Decimal random_decimal(Lcg& rng, int max_digits, int max_scale) {
    const int digits = 1 + rng.below(max_digits);
    i128 m = 0;
    for (int i = 0; i < digits; ++i) m = m * 10 + rng.below(10);
    if (rng.below(2) == 0) m = -m;
    return Decimal::from_parts(m, rng.below(max_scale + 1));
}

Decimal abs(const Decimal& d) { return d.is_negative() ? -d : d; }

}  // namespace

TEST_CASE("parse accepts the strict grammar and keeps the written scale") {
    CHECK(D("0").is_zero());
    CHECK(D("700").mantissa() == 700);
    CHECK(D("700").scale() == 0);
    CHECK(D("1.50").mantissa() == 150);
    CHECK(D("1.50").scale() == 2);
    CHECK(D("-0.0499").mantissa() == -499);
    CHECK(D("-0.0499").scale() == 4);
    CHECK(D("007").mantissa() == 7);
    CHECK(D("000.500").mantissa() == 500);
    CHECK(D("000.500").scale() == 3);
    CHECK(D("-0").is_zero());
    CHECK_FALSE(D("-0").is_negative());
    CHECK(Decimal::parse("12.5", false) == D("12.5"));
}

TEST_CASE("parse rejects malformed text") {
    for (const char* bad : {"", "-", "+1", "1.", ".5", "-.5", "1e5", "1E5", " 1", "1 ", "1.2.3", "--1",
                            "1-", "abc", "1,5", "0x10", "1_000", "- 1", "1.-5", "\t1", "1.5\n"}) {
        CAPTURE(bad);
        CHECK_FALSE(Decimal::parse(bad).has_value());
    }
    CHECK_FALSE(Decimal::parse("-1", false).has_value());
    CHECK_FALSE(Decimal::parse("-0.5", false).has_value());
    // Malformed wins over too long: still nullopt, not an exception.
    CHECK_FALSE(Decimal::parse("1234567890123456789012345678901234567890x").has_value());
}

TEST_CASE("parse throws OverflowError when digits cannot be represented") {
    // 38 significant digits fit; 39 and 40 do not.
    const char* d38 = "12345678901234567890123456789012345678";
    REQUIRE(Decimal::parse(d38).has_value());
    CHECK(S(D(d38)) == d38);
    CHECK(S(D("-99999999999999999999999999999999999999")) == "-99999999999999999999999999999999999999");
    CHECK_THROWS_AS(Decimal::parse("123456789012345678901234567890123456789"), OverflowError);
    CHECK_THROWS_AS(Decimal::parse("1234567890123456789012345678901234567890"), OverflowError);
    CHECK_THROWS_AS(Decimal::parse("-1234567890123456789012345678901234567890"), OverflowError);
    CHECK_THROWS_AS(Decimal::parse("1234567890123456789.012345678901234567890"), OverflowError);
    // Leading zeros are not significant.
    CHECK(D("0000000000000000000000000000000000000001") == Decimal::from_int(1));
    // Scale: 30 decimals fit, 31 do not (even if the last digit is zero).
    CHECK(D("0.000000000000000000000000000001") == Decimal::from_parts(1, 30));
    CHECK_THROWS_AS(Decimal::parse("0.0000000000000000000000000000001"), OverflowError);
    CHECK_THROWS_AS(Decimal::parse("1.0000000000000000000000000000000"), OverflowError);
}

TEST_CASE("to_string is normalized plain text and never -0") {
    CHECK(S(D("700")) == "700");
    CHECK(S(D("700.00")) == "700");
    CHECK(S(D("-0.50")) == "-0.5");
    CHECK(S(D("62.5")) == "62.5");
    CHECK(S(D("-0")) == "0");
    CHECK(S(D("-0.000")) == "0");
    CHECK(S(D("0.000")) == "0");
    CHECK(S(D("007.0700")) == "7.07");
    CHECK(S(D("100")) == "100");
    CHECK(S(D("0.05")) == "0.05");
    CHECK(S(Decimal::from_parts(1, 30)) == "0.000000000000000000000000000001");
    CHECK(S(Decimal::from_parts(-kMax, 0)) == "-170141183460469231731687303715884105727");
    CHECK(S(Decimal::from_parts(kMax, 30)) == "170141183.460469231731687303715884105727");
    CHECK(S(Decimal()) == "0");
    CHECK(S(Decimal::from_int(INT64_MIN)) == "-9223372036854775808");
    std::string buf = "x=";
    D("-1.25").append_to(buf);
    CHECK(buf == "x=-1.25");
}

TEST_CASE("parse/print round trips") {
    for (const char* text : {"0", "1", "-1", "0.1", "-0.001", "123.456", "34.93", "99999999999999999999999999999999999999",
                             "0.000000000000000000000000000001", "-12345678.12345678"}) {
        CAPTURE(text);
        CHECK(S(D(text)) == text);
    }
    Lcg rng{42};
    for (int i = 0; i < 2000; ++i) {
        const Decimal d = random_decimal(rng, 38, 30);
        const std::string text = S(d);
        CAPTURE(text);
        const auto back = Decimal::parse(text);
        REQUIRE(back.has_value());
        CHECK(*back == d);
        CHECK(back->mantissa() == d.normalized().mantissa());
        CHECK(back->scale() == d.normalized().scale());
    }
}

TEST_CASE("to_fixed prints exactly the requested decimals") {
    CHECK(D("34.93").to_fixed(2) == "34.93");
    CHECK(D("0").to_fixed(2) == "0.00");
    CHECK(D("-0.00").to_fixed(2) == "0.00");
    CHECK(D("-1.2").to_fixed(2) == "-1.20");
    CHECK(D("5").to_fixed(0) == "5");
    CHECK(D("5").to_fixed(3) == "5.000");
    CHECK(D("1.500").to_fixed(2) == "1.50");
    CHECK(D("-0.05").to_fixed(3) == "-0.050");
    CHECK(D("0.001").to_fixed(3) == "0.001");
    CHECK(D("123456789.5").to_fixed(1) == "123456789.5");
    CHECK_THROWS_AS((void)D("1.234").to_fixed(2), std::logic_error);
    CHECK_THROWS_AS((void)D("0.5").to_fixed(0), std::logic_error);
    CHECK_THROWS_AS((void)D("1").to_fixed(-1), std::logic_error);
    std::string buf = "total ";
    D("7").append_fixed_to(buf, 2);
    CHECK(buf == "total 7.00");
}

TEST_CASE("queries: sign, integer, to_int64") {
    CHECK(D("-3.2").sign() == -1);
    CHECK(D("0.00").sign() == 0);
    CHECK(D("0.01").sign() == 1);
    CHECK(D("-3.2").is_negative());
    CHECK_FALSE(D("3.2").is_negative());
    CHECK(D("0.000").is_zero());
    CHECK_FALSE(D("0.001").is_zero());
    CHECK(D("2.000").is_integer());
    CHECK_FALSE(D("2.001").is_integer());
    CHECK(D("-7").is_integer());
    CHECK(D("42.00").to_int64() == 42);
    CHECK(D("-7").to_int64() == -7);
    CHECK_FALSE(D("1.5").to_int64().has_value());
    CHECK(D("9223372036854775807").to_int64() == INT64_MAX);
    CHECK(D("-9223372036854775808").to_int64() == INT64_MIN);
    CHECK_FALSE(D("9223372036854775808").to_int64().has_value());
    CHECK_FALSE(D("-9223372036854775809").to_int64().has_value());
    CHECK(Decimal::from_int(-5) == D("-5"));
    CHECK(Decimal::from_int(INT64_MAX).to_int64() == INT64_MAX);
}

TEST_CASE("from_parts checks its arguments") {
    CHECK(Decimal::from_parts(12345, 2) == D("123.45"));
    CHECK(Decimal::from_parts(1, 30).scale() == 30);
    CHECK_THROWS_AS(Decimal::from_parts(1, 31), OverflowError);
    CHECK_THROWS_AS(Decimal::from_parts(0, 31), OverflowError);
    CHECK_THROWS_AS(Decimal::from_parts(kMin, 0), OverflowError);
    CHECK_THROWS_AS(Decimal::from_parts(1, -1), std::invalid_argument);
    CHECK(Decimal::from_parts(kMax, 0).mantissa() == kMax);
    CHECK(Decimal::from_parts(-kMax, 0).mantissa() == -kMax);
}

TEST_CASE("arithmetic is exact") {
    CHECK(D("0.1") + D("0.2") == D("0.3"));
    CHECK(S(D("0.1") + D("0.2")) == "0.3");
    CHECK(D("0.0499") * D("700") == D("34.93"));
    CHECK((D("0.0499") * D("700")).scale() == 4);  // scales add
    CHECK(S(D("0.0499") * D("700")) == "34.93");
    CHECK(D("0.00075") * D("3600") == D("2.7"));
    CHECK(S(D("0.00075") * D("3600")) == "2.7");
    // Two 8-decimal values: 32 digit product at scale 16, exact.
    const Decimal p = D("12345678.12345678") * D("87654321.87654321");
    CHECK(p.scale() == 16);
    CHECK(S(p) == "1082152044017678.5557079622374638");
    CHECK(S(D("-0.00000001") * D("0.00000001")) == "-0.0000000000000001");
    CHECK(D("1.5") - D("2.25") == D("-0.75"));
    CHECK(D("1.5") + D("-1.50") == Decimal());
    CHECK(S(D("1.5") + D("-1.50")) == "0");
    CHECK(D("0.3") - D("0.1") - D("0.2") == Decimal());
    CHECK(S(D("-2") * D("-3.5")) == "7");
    CHECK(S(D("2") * D("-3.5")) == "-7");
    CHECK(S(-D("1.25")) == "-1.25");
    CHECK(S(-D("-1.25")) == "1.25");
    CHECK(S(-D("0")) == "0");
    // Many small additions stay exact (0.1 added 1000 times is exactly 100).
    Decimal sum;
    for (int i = 0; i < 1000; ++i) sum += D("0.1");
    CHECK(sum == D("100"));
    CHECK(S(sum) == "100");
    Decimal x = D("10");
    x -= D("0.01");
    CHECK(S(x) == "9.99");
    x *= D("3");
    CHECK(S(x) == "29.97");
}

TEST_CASE("add/sub/mul results that need the exact wide path") {
    // Aligning 1e30 to scale 30 overflows i128, but the sum is representable.
    const Decimal big = D("1000000000000000000000000000000");
    const Decimal zero30 = Decimal::from_parts(0, 30);
    CHECK(big + zero30 == big);
    CHECK(zero30 - big == -big);
    // 1e30 * 1.000...0 (30 zeros): mantissa product 1e60, exact value 1e30.
    CHECK(big * D("1.000000000000000000000000000000") == big);
    // Cancellation: 2e37 + (-(1.6e38 + 1) / 10) = 3999999999999999999999999999999999999.9
    const Decimal a = D("20000000000000000000000000000000000000");
    const Decimal b = Decimal::from_parts(-(16 * pow10(37) + 1), 1);
    CHECK(S(a + b) == "3999999999999999999999999999999999999.9");
    CHECK(S(b + a) == "3999999999999999999999999999999999999.9");
    CHECK(S(a - (-b)) == "3999999999999999999999999999999999999.9");
    // Equal scales whose sum only fits after shedding a trailing zero.
    const Decimal c = Decimal::from_parts(15 * pow10(37) + 5, 1);  // 1.5e37 + 0.5
    CHECK(S(c + c) == "30000000000000000000000000000000000001");
    // Scale would be 31: trailing zeros are shed.
    const Decimal t = D("0.000000000000000000002") * D("0.0000000005");
    CHECK(t == Decimal::from_parts(1, 30));
    CHECK(t.scale() == 30);
    // 5^50 * 10^-30 times 2^50 * 10^-30 = 10^50 * 10^-60 = 1e-10 exactly.
    i128 f5 = 1, f2 = 1;
    for (int i = 0; i < 50; ++i) f5 *= 5, f2 *= 2;
    CHECK(S(Decimal::from_parts(f5, 30) * Decimal::from_parts(f2, 30)) == "0.0000000001");
}

TEST_CASE("overflow is detected, never wrapped") {
    const Decimal max = Decimal::from_parts(kMax, 0);
    const Decimal nines = D("99999999999999999999999999999999999999");
    CHECK_THROWS_AS(max + Decimal::from_int(1), OverflowError);
    CHECK_THROWS_AS(nines + nines, OverflowError);
    CHECK_THROWS_AS(-nines - nines, OverflowError);
    CHECK_THROWS_AS(-max - Decimal::from_int(1), OverflowError);
    CHECK_THROWS_AS(max + D("0.5"), OverflowError);
    CHECK_THROWS_AS(D("10000000000000000000") * D("100000000000000000000"), OverflowError);
    CHECK_THROWS_AS(-nines * D("2"), OverflowError);
    CHECK_THROWS_AS(D("0.000000000000000000003") * D("0.0000000003"), OverflowError);  // 9e-31
    Decimal acc = max;
    CHECK_THROWS_AS(acc += Decimal::from_int(1), OverflowError);
    CHECK(acc == max);  // unchanged after the failed operation
    // Boundaries that do fit.
    CHECK(max + Decimal() == max);
    CHECK(S(-max - Decimal()) == "-170141183460469231731687303715884105727");
    CHECK(S(Decimal::from_parts(kMax - 1, 0) + Decimal::from_int(1)) == "170141183460469231731687303715884105727");

    auto message = [](auto&& f) {
        try {
            f();
        } catch (const OverflowError& e) {
            return std::string(e.what());
        }
        return std::string("no exception");
    };
    CHECK(message([&] { (void)(nines + nines); }) == "decimal overflow in addition");
    CHECK(message([&] { (void)(-nines - nines); }) == "decimal overflow in subtraction");
    CHECK(message([&] { (void)(nines * nines); }) == "decimal overflow in multiplication");
    CHECK(message([&] { (void)Decimal::divide(nines, D("0.01"), 0, RoundingMode::Down); }) ==
          "decimal overflow in division");
}

TEST_CASE("comparison is by value across scales") {
    CHECK(D("1.50") == D("1.5"));
    CHECK(D("1.500") == D("1.5"));
    CHECK(D("0") == D("-0.00"));
    CHECK(D("1.5") != D("1.51"));
    CHECK(D("1.5") < D("1.51"));
    CHECK(D("1.51") > D("1.5"));
    CHECK(D("-1.5") > D("-1.51"));
    CHECK(D("-0.01") < D("0"));
    CHECK(D("2") > D("1.999999999999999999999999999999"));
    CHECK(D("2") <= D("2.00"));
    CHECK(D("2") >= D("2.00"));
    CHECK((D("3") <=> D("3.0")) == std::strong_ordering::equal);
    // Aligning overflows: the unaligned side is then the larger magnitude.
    const Decimal max = Decimal::from_parts(kMax, 0);
    const Decimal tiny = Decimal::from_parts(1, 30);
    CHECK(max > tiny);
    CHECK(tiny < max);
    CHECK(-max < -tiny);
    CHECK(-tiny > -max);
    CHECK(-max < tiny);
    CHECK(Decimal::from_parts(kMax, 0) > Decimal::from_parts(kMax, 30));
    CHECK(Decimal::from_parts(-kMax, 0) < Decimal::from_parts(-kMax, 30));
    std::vector<Decimal> v = {D("0.5"), D("-2"), D("0.50"), D("10"), D("-2.01"), D("0.05")};
    std::sort(v.begin(), v.end());
    std::vector<std::string> texts;
    for (const auto& d : v) texts.push_back(S(d));
    CHECK(texts == std::vector<std::string>{"-2.01", "-2", "0.05", "0.5", "0.5", "10"});
}

TEST_CASE("rounding mode names") {
    for (RoundingMode m : kModes) {
        CAPTURE(static_cast<int>(m));
        CHECK(tarifc::rounding_mode_from_string(tarifc::to_string(m)) == m);
    }
    CHECK(tarifc::to_string(RoundingMode::Ceil) == "ceil");
    CHECK(tarifc::to_string(RoundingMode::Floor) == "floor");
    CHECK(tarifc::to_string(RoundingMode::HalfUp) == "half-up");
    CHECK(tarifc::to_string(RoundingMode::HalfEven) == "half-even");
    CHECK(tarifc::to_string(RoundingMode::HalfDown) == "half-down");
    CHECK(tarifc::to_string(RoundingMode::Up) == "up");
    CHECK(tarifc::to_string(RoundingMode::Down) == "down");
    CHECK_FALSE(tarifc::rounding_mode_from_string("HALF-UP").has_value());
    CHECK_FALSE(tarifc::rounding_mode_from_string("halfup").has_value());
    CHECK_FALSE(tarifc::rounding_mode_from_string("half_up").has_value());
    CHECK_FALSE(tarifc::rounding_mode_from_string("").has_value());
}

TEST_CASE("rounded: every mode on positive and negative values") {
    //                                 ceil     floor    half-up  half-even half-down up      down
    const std::vector<RoundCase> cases = {
        {"2.5", 0, {"3", "2", "3", "2", "2", "3", "2"}},
        {"-2.5", 0, {"-2", "-3", "-3", "-2", "-2", "-3", "-2"}},
        {"3.5", 0, {"4", "3", "4", "4", "3", "4", "3"}},
        {"-3.5", 0, {"-3", "-4", "-4", "-4", "-3", "-4", "-3"}},
        {"2.6", 0, {"3", "2", "3", "3", "3", "3", "2"}},
        {"-2.6", 0, {"-2", "-3", "-3", "-3", "-3", "-3", "-2"}},
        {"2.4", 0, {"3", "2", "2", "2", "2", "3", "2"}},
        {"-2.4", 0, {"-2", "-3", "-2", "-2", "-2", "-3", "-2"}},
        {"2.5000001", 0, {"3", "2", "3", "3", "3", "3", "2"}},
        {"-2.4999999", 0, {"-2", "-3", "-2", "-2", "-2", "-3", "-2"}},
        {"34.925", 2, {"34.93", "34.92", "34.93", "34.92", "34.92", "34.93", "34.92"}},
        {"-34.925", 2, {"-34.92", "-34.93", "-34.93", "-34.92", "-34.92", "-34.93", "-34.92"}},
        {"34.935", 2, {"34.94", "34.93", "34.94", "34.94", "34.93", "34.94", "34.93"}},
        {"34.9251", 2, {"34.93", "34.92", "34.93", "34.93", "34.93", "34.93", "34.92"}},
        {"2.00", 0, {"2", "2", "2", "2", "2", "2", "2"}},
        {"-2.00", 0, {"-2", "-2", "-2", "-2", "-2", "-2", "-2"}},
        {"0.004", 2, {"0.01", "0", "0", "0", "0", "0.01", "0"}},
        {"-0.004", 2, {"0", "-0.01", "0", "0", "0", "-0.01", "0"}},
        {"-0.005", 2, {"0", "-0.01", "-0.01", "0", "0", "-0.01", "0"}},
        {"0.5", 0, {"1", "0", "1", "0", "0", "1", "0"}},
        {"1.23456", 3, {"1.235", "1.234", "1.235", "1.235", "1.235", "1.235", "1.234"}},
        {"99.995", 2, {"100", "99.99", "100", "100", "99.99", "100", "99.99"}},
        {"-99.995", 2, {"-99.99", "-100", "-100", "-100", "-99.99", "-100", "-99.99"}},
    };
    for (const auto& c : cases) {
        for (std::size_t i = 0; i < kModes.size(); ++i) {
            CAPTURE(c.value);
            CAPTURE(tarifc::to_string(kModes[i]));
            const Decimal r = D(c.value).rounded(c.places, kModes[i]);
            CHECK(S(r) == c.expected[i]);
            CHECK(r.scale() <= std::max(c.places, 0));
        }
    }
    // The result carries the requested scale, so to_fixed works and no "-0".
    CHECK(D("34.925").rounded(2, RoundingMode::HalfUp).scale() == 2);
    CHECK(D("-0.004").rounded(2, RoundingMode::HalfUp).to_fixed(2) == "0.00");
    CHECK(D("-0.004").rounded(2, RoundingMode::Ceil).to_fixed(2) == "0.00");
    // Fewer decimals than requested: unchanged.
    CHECK(D("1.5").rounded(2, RoundingMode::Up) == D("1.5"));
    CHECK(D("1.5").rounded(2, RoundingMode::Up).scale() == 1);
    CHECK(D("1.5").rounded(40, RoundingMode::Up) == D("1.5"));
    CHECK_THROWS_AS((void)D("1.5").rounded(-1, RoundingMode::Up), std::invalid_argument);
    // Extreme magnitudes.
    const Decimal big = Decimal::from_parts(kMax, 30);
    CHECK(S(big.rounded(0, RoundingMode::Up)) == "170141184");
    CHECK(S((-big).rounded(0, RoundingMode::Floor)) == "-170141184");
    CHECK(S(big.rounded(0, RoundingMode::HalfUp)) == "170141183");
}

TEST_CASE("rounded_to_step") {
    CHECK(S(D("1.23").rounded_to_step(D("0.05"), RoundingMode::HalfUp)) == "1.25");
    CHECK(S(D("1.23").rounded_to_step(D("0.05"), RoundingMode::Floor)) == "1.2");
    CHECK(S(D("1.23").rounded_to_step(D("0.05"), RoundingMode::Down)) == "1.2");
    CHECK(S(D("1.23").rounded_to_step(D("0.05"), RoundingMode::Ceil)) == "1.25");
    CHECK(S(D("1.22").rounded_to_step(D("0.05"), RoundingMode::HalfUp)) == "1.2");
    // Ties: 1.225 is 24.5 steps.
    CHECK(S(D("1.225").rounded_to_step(D("0.05"), RoundingMode::HalfUp)) == "1.25");
    CHECK(S(D("1.225").rounded_to_step(D("0.05"), RoundingMode::HalfEven)) == "1.2");
    CHECK(S(D("1.275").rounded_to_step(D("0.05"), RoundingMode::HalfEven)) == "1.3");
    CHECK(S(D("1.225").rounded_to_step(D("0.05"), RoundingMode::HalfDown)) == "1.2");
    // Negative values.
    CHECK(S(D("-1.23").rounded_to_step(D("0.05"), RoundingMode::Floor)) == "-1.25");
    CHECK(S(D("-1.23").rounded_to_step(D("0.05"), RoundingMode::Ceil)) == "-1.2");
    CHECK(S(D("-1.225").rounded_to_step(D("0.05"), RoundingMode::HalfUp)) == "-1.25");
    CHECK(S(D("-1.225").rounded_to_step(D("0.05"), RoundingMode::HalfDown)) == "-1.2");
    CHECK(S(D("-1.23").rounded_to_step(D("0.05"), RoundingMode::Up)) == "-1.25");
    // Result has the step's scale.
    const Decimal r = D("1.23").rounded_to_step(D("0.05"), RoundingMode::Floor);
    CHECK(r.scale() == 2);
    CHECK(r.to_fixed(2) == "1.20");
    // Other steps.
    CHECK(S(D("1234").rounded_to_step(D("10"), RoundingMode::HalfUp)) == "1230");
    CHECK(S(D("1235").rounded_to_step(D("10"), RoundingMode::HalfUp)) == "1240");
    CHECK(S(D("1235").rounded_to_step(D("10"), RoundingMode::HalfEven)) == "1240");
    CHECK(S(D("1245").rounded_to_step(D("10"), RoundingMode::HalfEven)) == "1240");
    CHECK(S(D("1.13").rounded_to_step(D("0.25"), RoundingMode::HalfUp)) == "1.25");
    CHECK(S(D("1.13").rounded_to_step(D("0.25"), RoundingMode::Floor)) == "1");
    CHECK(S(D("61").rounded_to_step(D("60"), RoundingMode::Ceil)) == "120");
    CHECK(S(D("60").rounded_to_step(D("60"), RoundingMode::Ceil)) == "60");
    CHECK(S(D("0").rounded_to_step(D("60"), RoundingMode::Ceil)) == "0");
    CHECK(S(D("34.925").rounded_to_step(D("0.01"), RoundingMode::HalfEven)) == "34.92");
    CHECK_THROWS_AS((void)D("1").rounded_to_step(D("0"), RoundingMode::Up), std::invalid_argument);
    CHECK_THROWS_AS((void)D("1").rounded_to_step(D("-0.05"), RoundingMode::Up), std::invalid_argument);
}

TEST_CASE("divide: each mode at 2 places") {
    //                                 ceil     floor    half-up  half-even half-down up      down
    struct Case {
        const char* a;
        const char* b;
        std::array<const char*, 7> expected;
    };
    const std::vector<Case> cases = {
        {"1", "3", {"0.34", "0.33", "0.33", "0.33", "0.33", "0.34", "0.33"}},
        {"2", "3", {"0.67", "0.66", "0.67", "0.67", "0.67", "0.67", "0.66"}},
        {"-1", "3", {"-0.33", "-0.34", "-0.33", "-0.33", "-0.33", "-0.34", "-0.33"}},
        {"1", "-3", {"-0.33", "-0.34", "-0.33", "-0.33", "-0.33", "-0.34", "-0.33"}},
        {"-2", "3", {"-0.66", "-0.67", "-0.67", "-0.67", "-0.67", "-0.67", "-0.66"}},
        {"-1", "-3", {"0.34", "0.33", "0.33", "0.33", "0.33", "0.34", "0.33"}},
        {"1", "8", {"0.13", "0.12", "0.13", "0.12", "0.12", "0.13", "0.12"}},  // tie 0.125
        {"-1", "8", {"-0.12", "-0.13", "-0.13", "-0.12", "-0.12", "-0.13", "-0.12"}},
        {"3", "8", {"0.38", "0.37", "0.38", "0.38", "0.37", "0.38", "0.37"}},  // tie 0.375
        {"6", "3", {"2", "2", "2", "2", "2", "2", "2"}},
        {"0", "-3", {"0", "0", "0", "0", "0", "0", "0"}},
        {"0.1", "0.03", {"3.34", "3.33", "3.33", "3.33", "3.33", "3.34", "3.33"}},
    };
    for (const auto& c : cases) {
        for (std::size_t i = 0; i < kModes.size(); ++i) {
            CAPTURE(c.a);
            CAPTURE(c.b);
            CAPTURE(tarifc::to_string(kModes[i]));
            const Decimal q = Decimal::divide(D(c.a), D(c.b), 2, kModes[i]);
            CHECK(S(q) == c.expected[i]);
            CHECK(q.scale() == 2);
        }
    }
    CHECK(Decimal::divide(D("6"), D("3"), 2, RoundingMode::HalfUp).to_fixed(2) == "2.00");
    CHECK(Decimal::divide(D("-1"), D("1000"), 2, RoundingMode::HalfUp).to_fixed(2) == "0.00");
}

TEST_CASE("divide: scales, places and errors") {
    CHECK(S(Decimal::divide(D("7.5"), D("0.25"), 0, RoundingMode::Down)) == "30");
    CHECK(S(Decimal::divide(D("0.0499"), D("60"), 8, RoundingMode::HalfUp)) == "0.00083167");
    CHECK(S(Decimal::divide(D("0.0499"), D("60"), 8, RoundingMode::Down)) == "0.00083166");
    CHECK(S(Decimal::divide(D("100"), D("0.0000001"), 0, RoundingMode::Down)) == "1000000000");
    CHECK(S(Decimal::divide(D("1"), D("7"), 30, RoundingMode::HalfUp)) == "0.142857142857142857142857142857");
    CHECK_THROWS_AS((void)Decimal::divide(D("1"), D("0"), 2, RoundingMode::HalfUp), std::domain_error);
    CHECK_THROWS_AS((void)Decimal::divide(D("1"), D("0.000"), 2, RoundingMode::HalfUp), std::domain_error);
    CHECK_THROWS_AS((void)Decimal::divide(D("0"), D("0"), 2, RoundingMode::HalfUp), std::domain_error);
    CHECK_THROWS_AS((void)Decimal::divide(D("1"), D("3"), -1, RoundingMode::HalfUp), std::invalid_argument);
    CHECK_THROWS_AS((void)Decimal::divide(D("1"), D("3"), 31, RoundingMode::HalfUp), std::invalid_argument);
    // The numerator does not fit i128 after scaling: exact 256-bit path.
    const Decimal a = D("12345678901234567890123456789012345678");
    const Decimal b = D("1000000007");
    CHECK(S(Decimal::divide(a, b, 5, RoundingMode::HalfUp)) == "12345678814814816186419743484.07414");
    CHECK(S(Decimal::divide(a, b, 5, RoundingMode::Up)) == "12345678814814816186419743484.07415");
    CHECK(S(Decimal::divide(-a, b, 5, RoundingMode::Floor)) == "-12345678814814816186419743484.07415");
    CHECK(S(Decimal::divide(-a, b, 5, RoundingMode::Ceil)) == "-12345678814814816186419743484.07414");
    // The denominator does not fit after scaling: the quotient is below 1.
    const Decimal small = D("60000000000000000000.000000000000000000");
    const Decimal huge = D("99999999999999999999999999999999999999");
    CHECK(S(Decimal::divide(small, huge, 0, RoundingMode::HalfUp)) == "0");
    CHECK(S(Decimal::divide(small, huge, 0, RoundingMode::Up)) == "1");
    CHECK(S(Decimal::divide(small, huge, 0, RoundingMode::Ceil)) == "1");
    CHECK(S(Decimal::divide(-small, huge, 0, RoundingMode::Floor)) == "-1");
    CHECK(S(Decimal::divide(-small, huge, 0, RoundingMode::Ceil)) == "0");
    // Quotients that cannot fit.
    CHECK_THROWS_AS((void)Decimal::divide(huge, D("0.01"), 0, RoundingMode::Down), OverflowError);
    CHECK_THROWS_AS((void)Decimal::divide(huge, D("0.000000000000000000000000000001"), 30, RoundingMode::Down),
                    OverflowError);
    CHECK_THROWS_AS((void)Decimal::divide(huge, D("0.3"), 0, RoundingMode::Down), OverflowError);
    // A quotient whose mantissa at `places` would not fit sheds trailing zeros
    // (1e30 at 30 places would need 61 digits).
    const Decimal e30 = Decimal::divide(D("1"), D("0.000000000000000000000000000001"), 30, RoundingMode::Down);
    CHECK(S(e30) == "1000000000000000000000000000000");
    CHECK(e30.scale() < 30);
    CHECK(S(Decimal::divide(D("1"), D("0.000000000000000000000000000001"), 0, RoundingMode::Down)) ==
          "1000000000000000000000000000000");
    CHECK(Decimal::divide(huge, D("1"), 30, RoundingMode::Down) == huge);
    CHECK(Decimal::divide(huge, D("1"), 5, RoundingMode::Down).scale() == 0);
    CHECK(Decimal::divide(D("12.5"), D("1"), 5, RoundingMode::Down).scale() == 5);
}

TEST_CASE("divide property: result within one unit, on the side the mode asks") {
    Lcg rng{7};
    int checked = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        const Decimal a = random_decimal(rng, iter % 3 == 0 ? 38 : 12, 30);
        Decimal b = random_decimal(rng, iter % 5 == 0 ? 38 : 8, 30);
        if (b.is_zero()) continue;
        const int places = rng.below(31);
        for (RoundingMode mode : kModes) {
            Decimal q;
            try {
                q = Decimal::divide(a, b, places, mode);
            } catch (const OverflowError&) {
                continue;
            }
            Decimal r;  // a - q*b, exact
            try {
                r = a - q * b;
            } catch (const OverflowError&) {
                continue;
            }
            CAPTURE(S(a));
            CAPTURE(S(b));
            CAPTURE(places);
            CAPTURE(tarifc::to_string(mode));
            CAPTURE(S(q));
            ++checked;
            CHECK(q.scale() <= places);  // == places unless trailing zeros had to be shed
            // The error of q, in units of b: |r| < |b| * ulp, i.e. |r| * 10^places < |b|
            // (an integer factor, so no scale can overflow).
            const Decimal scaled = abs(r) * Decimal::from_parts(pow10(places), 0);
            const Decimal bound = abs(b);
            CHECK(scaled < bound);
            // Direction: e = a/b - q has the sign of r*b.
            const int err = r.sign() * b.sign();
            switch (mode) {
                case RoundingMode::Ceil: CHECK(err <= 0); break;
                case RoundingMode::Floor: CHECK(err >= 0); break;
                case RoundingMode::Up: CHECK((err == 0 || err == -q.sign())); break;
                case RoundingMode::Down: CHECK((err == 0 || q.is_zero() || err == q.sign())); break;
                default: {
                    const Decimal twice = scaled + scaled;
                    CHECK(twice <= bound);
                    if (twice == bound) {  // exact tie
                        const bool away = err == -q.sign();
                        if (mode == RoundingMode::HalfUp) CHECK(away);
                        if (mode == RoundingMode::HalfDown) CHECK_FALSE(away);
                        if (mode == RoundingMode::HalfEven) CHECK((q.scale() < places || q.mantissa() % 2 == 0));
                    }
                }
            }
            // rounded() is the same as dividing by one.
            if (b == Decimal::from_int(1)) CHECK(q == a.rounded(places, mode));
        }
        // rounded() agrees with divide(a, 1) in every mode.
        for (RoundingMode mode : kModes) {
            CHECK(a.rounded(places, mode) == Decimal::divide(a, Decimal::from_int(1), places, mode));
        }
    }
    CHECK(checked > 10000);
}

TEST_CASE("divide_exact") {
    auto q = Decimal::divide_exact(D("2.7"), D("3600"));
    REQUIRE(q.has_value());
    CHECK(*q == D("0.00075"));
    CHECK(S(*q) == "0.00075");
    CHECK_FALSE(Decimal::divide_exact(D("1"), D("3")).has_value());
    CHECK_FALSE(Decimal::divide_exact(D("2"), D("0.3")).has_value());
    CHECK(Decimal::divide_exact(D("1"), D("8")) == D("0.125"));
    CHECK(Decimal::divide_exact(D("-1"), D("8")) == D("-0.125"));
    CHECK(Decimal::divide_exact(D("1"), D("-0.08")) == D("-12.5"));
    CHECK(Decimal::divide_exact(D("34.93"), D("0.0499")) == D("700"));
    CHECK(Decimal::divide_exact(D("6"), D("3")) == D("2"));
    CHECK(Decimal::divide_exact(D("3"), D("6")) == D("0.5"));
    CHECK(Decimal::divide_exact(D("0"), D("7")) == D("0"));
    CHECK(Decimal::divide_exact(D("100"), D("0.001")) == D("100000"));
    CHECK(Decimal::divide_exact(D("0.3"), D("0.1")) == D("3"));
    CHECK(Decimal::divide_exact(D("1.00"), D("4")).value().scale() == 2);  // normalized 0.25
    CHECK(Decimal::divide_exact(D("1"), D("1024")) == D("0.0009765625"));
    // 1 / 2^100 needs 100 decimals: not representable.
    i128 p2 = 1;
    for (int i = 0; i < 100; ++i) p2 *= 2;
    CHECK_FALSE(Decimal::divide_exact(D("1"), Decimal::from_parts(p2, 0)).has_value());
    // 1e-30 / 2 = 5e-31: needs 31 decimals.
    CHECK_FALSE(Decimal::divide_exact(Decimal::from_parts(1, 30), D("2")).has_value());
    CHECK(Decimal::divide_exact(Decimal::from_parts(2, 30), D("2")) == Decimal::from_parts(1, 30));
    // Finite but too large.
    CHECK_THROWS_AS((void)Decimal::divide_exact(D("99999999999999999999999999999999999999"), D("0.01")),
                    OverflowError);
    CHECK_THROWS_AS((void)Decimal::divide_exact(D("1"), D("0")), std::domain_error);
    // Agrees with multiplication.
    Lcg rng{99};
    for (int i = 0; i < 500; ++i) {
        const Decimal x = random_decimal(rng, 15, 10);
        const Decimal y = random_decimal(rng, 6, 5);
        if (y.is_zero()) continue;
        const Decimal prod = x * y;
        CAPTURE(S(prod));
        CAPTURE(S(y));
        const auto back = Decimal::divide_exact(prod, y);
        REQUIRE(back.has_value());
        CHECK(*back == x);
    }
}
