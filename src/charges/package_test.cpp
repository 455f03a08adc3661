// Package pricing's amount at the block edges, with and without an
// allowance, and its explain text.
#include <doctest/doctest.h>

#include "charges/kinds.hpp"

namespace tarifc::charges {
namespace {

Decimal dec(const char* s) { return *Decimal::parse(s); }

// The allowance is expression 0, whose value the evaluator below returns.
plan::Charge package_charge(const char* block, const char* price, const char* allowance = nullptr) {
    plan::Charge c;
    c.pricing = plan::Package{dec(block), dec(price)};
    if (allowance) c.allowance = 0;
    return c;
}
Evaluate allowance_of(const char* allowance) {
    return [a = allowance ? dec(allowance) : Decimal()](plan::ExprId) { return a; };
}

Decimal priced(const plan::Charge& c, const char* quantity, const char* allowance = nullptr) {
    const std::string unit = "call", currency = "USD";
    return amount(c, dec(quantity), allowance_of(allowance), {nullptr, unit, currency});
}

}  // namespace

TEST_CASE("package: one price per started block, at the block edges") {
    plan::Charge c = package_charge("10000", "5");
    CHECK(priced(c, "0") == dec("0"));
    CHECK(priced(c, "1") == dec("5"));
    CHECK(priced(c, "9999") == dec("5"));
    CHECK(priced(c, "10000") == dec("5"));
    CHECK(priced(c, "10001") == dec("10"));
    CHECK(priced(c, "20000") == dec("10"));
    CHECK(priced(c, "25000") == dec("15"));
}

TEST_CASE("package: blocks of a fractional size in an exact quantity") {
    plan::Charge c = package_charge("0.5", "1.25");
    CHECK(priced(c, "0.5") == dec("1.25"));
    CHECK(priced(c, "0.51") == dec("2.5"));
    CHECK(priced(c, "2") == dec("5"));
}

TEST_CASE("package: the allowance is taken before blocks are counted") {
    plan::Charge c = package_charge("10000", "5", "5000");
    CHECK(priced(c, "0", "5000") == dec("0"));
    CHECK(priced(c, "5000", "5000") == dec("0"));
    CHECK(priced(c, "5001", "5000") == dec("5"));
    CHECK(priced(c, "15000", "5000") == dec("5"));
    CHECK(priced(c, "15001", "5000") == dec("10"));
}

TEST_CASE("package: explain text says how many blocks were started") {
    plan::Charge c = package_charge("10000", "5", "5000");
    std::vector<std::string> lines;
    const std::string unit = "call", currency = "USD";
    Decimal a = amount(c, dec("30000"), allowance_of("5000"), {&lines, unit, currency});
    CHECK(a == dec("15"));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "5000 call free, 25000 call billable");
    CHECK(lines[1] == "3 blocks of 10000 call (25000 call billable, each started block) × 5 USD = 15");
    CHECK(blocks(std::get<plan::Package>(c.pricing), dec("10000")) == dec("1"));
}

}  // namespace tarifc::charges
