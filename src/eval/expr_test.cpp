// The plan operators of division, steps and the billing period, evaluated
// on hand-built nodes (the checker's typing is covered by the goldens under
// tests/golden/check/*division* and *period*).
#include <doctest/doctest.h>

#include "base/civil_time.hpp"
#include "eval/expr.hpp"

using namespace tarifc;
using plan::Op;

namespace {

Decimal dec(const char* s) { return *Decimal::parse(s); }

struct Pool {
    plan::Tariff t;
    plan::ExprId add(plan::Node n) {
        t.nodes.push_back(n);
        return static_cast<plan::ExprId>(t.nodes.size() - 1);
    }
    plan::ExprId k(const char* v) {
        plan::Node n;
        n.op = Op::Const;
        n.k = dec(v);
        return add(n);
    }
    // round(a / b to step) with factors 1.
    plan::ExprId quotient(plan::ExprId a, plan::ExprId b, const char* step, RoundingMode mode) {
        plan::Node n;
        n.op = Op::Quotient;
        n.a = a;
        n.b = b;
        n.c = k(step);
        n.k = dec("1");
        n.k2 = dec(step);
        n.mode = mode;
        return add(n);
    }
};

Decimal run(const Pool& p, plan::ExprId id, int64_t first = 0, int64_t last = -1) {
    rating::Context cx;
    cx.t = &p.t;
    cx.period_first = first;
    cx.period_last = last;
    return rating::eval(cx, id);
}

}  // namespace

TEST_CASE("a quotient is the exact value rounded once to its step") {
    Pool p;
    // 30 × 1 / 29 = 1.0344827…: half-up 1.03, ceil 1.04, floor 1.03.
    auto num = p.k("30");
    auto den = p.k("29");
    CHECK(run(p, p.quotient(num, den, "0.01", RoundingMode::HalfUp)) == dec("1.03"));
    CHECK(run(p, p.quotient(num, den, "0.01", RoundingMode::Ceil)) == dec("1.04"));
    CHECK(run(p, p.quotient(num, den, "0.01", RoundingMode::Floor)) == dec("1.03"));
    // A tie at the step: 0.125 to 0.01 is 0.13 half-up, 0.12 half-even.
    auto eighth = p.k("1");
    auto eight = p.k("8");
    CHECK(run(p, p.quotient(eighth, eight, "0.01", RoundingMode::HalfUp)) == dec("0.13"));
    CHECK(run(p, p.quotient(eighth, eight, "0.01", RoundingMode::HalfEven)) == dec("0.12"));
    // Negative values round by the mode's own rule: −0.125 half-up is −0.13.
    CHECK(run(p, p.quotient(p.k("-1"), eight, "0.01", RoundingMode::HalfUp)) == dec("-0.13"));
    // A step alone, no division (b = none): 10.049 to 0.1 is 10.0, up 10.1.
    CHECK(run(p, p.quotient(p.k("10.049"), plan::kNoExpr, "0.1", RoundingMode::HalfUp)) == dec("10.0"));
    CHECK(run(p, p.quotient(p.k("10.049"), plan::kNoExpr, "0.1", RoundingMode::Up)) == dec("10.1"));
    // A step of 5: 12 / 1 to 5 is 10 floor, 15 ceil.
    CHECK(run(p, p.quotient(p.k("12"), p.k("1"), "5", RoundingMode::Floor)) == dec("10"));
    CHECK(run(p, p.quotient(p.k("12"), p.k("1"), "5", RoundingMode::Ceil)) == dec("15"));
}

TEST_CASE("the factors of a quotient convert exactly: 90 second / 1 minute is 1.5") {
    Pool p;
    plan::Node n;
    n.op = Op::Quotient;
    n.a = p.k("90");
    n.b = p.k("1");
    n.c = p.k("0.1");
    n.k = dec("1");            // second
    n.k2 = dec("60") * dec("0.1");  // minute × the step
    n.mode = RoundingMode::HalfUp;
    CHECK(run(p, p.add(n)) == dec("1.5"));
}

TEST_CASE("division by zero throws DivisionByZero, never an overflow or a crash") {
    Pool p;
    auto q = p.quotient(p.k("30"), p.k("0"), "0.01", RoundingMode::HalfUp);
    CHECK_THROWS_AS(run(p, q), rating::DivisionByZero);
    // 0 / x is 0; x / 0.000 is still zero.
    CHECK(run(p, p.quotient(p.k("0"), p.k("7"), "0.01", RoundingMode::HalfUp)) == dec("0"));
    CHECK_THROWS_AS(run(p, p.quotient(p.k("1"), p.k("0.000"), "1", RoundingMode::Ceil)), rating::DivisionByZero);
}

TEST_CASE("period values: days, first and last day, February 28 and 29, 30 and 31 days") {
    Pool p;
    plan::ExprId v[3];
    for (int i = 0; i < 3; ++i) {
        plan::Node n;
        n.op = Op::Period;
        n.a = i;
        v[i] = p.add(n);
    }
    struct Month {
        int y, m;
        int days;
    } months[] = {{2023, 2, 28}, {2024, 2, 29}, {2024, 4, 30}, {2024, 3, 31}, {1900, 2, 28}, {2000, 2, 29}};
    for (const auto& mo : months) {
        int64_t first = days_from_civil(mo.y, mo.m, 1);
        int64_t last = first + days_in_month(mo.y, mo.m) - 1;
        CHECK(run(p, v[0], first, last) == Decimal::from_int(mo.days));
        CHECK(run(p, v[1], first, last) == Decimal::from_int(first));
        CHECK(run(p, v[2], first, last) == Decimal::from_int(days_from_civil(mo.y, mo.m, mo.days)));
    }
}

TEST_CASE("days(FROM, TO) counts both ends and is never negative") {
    Pool p;
    auto days = [&](int64_t a, int64_t b) {
        plan::Node n;
        n.op = Op::Days;
        n.a = p.k(std::to_string(a).c_str());
        n.b = p.k(std::to_string(b).c_str());
        return run(p, p.add(n));
    };
    const int64_t d = days_from_civil(2024, 2, 15);
    CHECK(days(d, d) == Decimal::from_int(1));
    CHECK(days(d, d + 14) == Decimal::from_int(15));  // 2024-02-15..29
    CHECK(days(d, d - 1) == Decimal::from_int(0));
    CHECK(days(d, d - 400) == Decimal::from_int(0));
    CHECK(days(days_from_civil(2024, 1, 1), days_from_civil(2024, 12, 31)) == Decimal::from_int(366));
    CHECK(days(days_from_civil(1969, 12, 31), days_from_civil(1970, 1, 1)) == Decimal::from_int(2));  // before the epoch
}

// A conversion into a larger whole unit (seconds to minutes) runs in int64
// when it can; these cases force it onto the exact Decimal path (an operand
// past int64, a product that overflows, a fraction, a rounding mode the fast
// path does not take) and compare both paths with Decimal::divide.
TEST_CASE("a conversion's int64 fast path falls back to exact decimals, same results") {
    Pool p;
    auto convert = [&](const char* v, const char* num, const char* den, RoundingMode mode) {
        plan::Node n;
        n.op = Op::Convert;
        n.a = p.k(v);
        n.k = dec(num);
        n.k2 = dec(den);
        n.mode = mode;
        return run(p, p.add(n));
    };
    auto exact = [](const char* v, const char* num, const char* den, RoundingMode mode) {
        return Decimal::divide(dec(v) * dec(num), dec(den), 0, mode);
    };
    const RoundingMode modes[] = {RoundingMode::Ceil, RoundingMode::Floor, RoundingMode::HalfUp};
    // Fast path (whole seconds to minutes) and the exact path agree.
    for (auto mode : modes)
        for (const char* v : {"0", "1", "59", "60", "61", "119", "120", "9223372036854775807"})
            CHECK(convert(v, "1", "60", mode) == exact(v, "1", "60", mode));
    // Past int64: 2^63 seconds and 10^30 seconds.
    CHECK(convert("9223372036854775808", "1", "60", RoundingMode::Ceil) == dec("153722867280912931"));
    CHECK(convert("9223372036854775808", "1", "60", RoundingMode::Floor) == dec("153722867280912930"));
    CHECK(convert("1000000000000000000000000000000", "1", "60", RoundingMode::Ceil) ==
          dec("16666666666666666666666666667"));
    // The product overflows int64: 2^62 × 7 / 3.
    CHECK(convert("4611686018427387904", "7", "3", RoundingMode::Ceil) == dec("10760600709663905110"));
    CHECK(convert("4611686018427387904", "7", "3", RoundingMode::Floor) == dec("10760600709663905109"));
    // A fraction of a second, and a negative quantity.
    CHECK(convert("60.5", "1", "60", RoundingMode::Ceil) == dec("2"));
    CHECK(convert("-61", "1", "60", RoundingMode::Ceil) == exact("-61", "1", "60", RoundingMode::Ceil));
    CHECK(convert("-61", "1", "60", RoundingMode::Floor) == exact("-61", "1", "60", RoundingMode::Floor));
}
