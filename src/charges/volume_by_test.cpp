// `volume by`: the selector chooses the band at its edges (exactly at a
// bound, one over, zero, below zero), the rate prices the charge's own
// quantity, and the explain text says why.
#include <doctest/doctest.h>

#include "charges/kinds.hpp"

namespace tarifc::charges {
namespace {

Decimal dec(const char* s) { return *Decimal::parse(s); }

// Bands over 0 up to 100000 at 0.014, over 100000 and above at 0.013; the
// selector is expression 7, whose value the evaluator below returns.
plan::Charge outbound() {
    plan::VolumeBy k;
    k.bands.push_back({dec("0"), dec("100000"), dec("0.014")});
    k.bands.push_back({dec("100000"), std::nullopt, dec("0.013")});
    k.selector = 7;
    k.selector_text = "outbound_all";
    k.selector_unit = "minute";
    plan::Charge c;
    c.pricing = k;
    return c;
}

Decimal priced(const char* quantity, const char* selector, std::vector<std::string>* lines = nullptr) {
    const std::string unit = "minute", currency = "USD";
    const Decimal s = dec(selector);
    return amount(outbound(), dec(quantity), [s](plan::ExprId id) { return id == 7 ? s : Decimal(); },
                  {lines, unit, currency});
}

}  // namespace

TEST_CASE("volume by: the selector chooses the band, the quantity is priced") {
    CHECK(priced("500", "100000") == dec("7"));       // at the bound: the band below
    CHECK(priced("500", "100001") == dec("6.5"));     // one over: the next band
    CHECK(priced("500", "99999.5") == dec("7"));
    CHECK(priced("500", "1") == dec("7"));
    CHECK(priced("0", "200000") == dec("0"));
    CHECK(priced("60000", "100001") == dec("780"));
}

TEST_CASE("volume by: a selector exactly at an upper bound stays in its band (not the fallback)") {
    plan::VolumeBy k;
    k.bands.push_back({dec("0"), dec("100"), dec("3")});
    k.bands.push_back({dec("100"), dec("200"), dec("2")});
    k.bands.push_back({dec("200"), std::nullopt, dec("1")});
    k.selector = 0;
    plan::Charge c;
    c.pricing = k;
    const std::string unit = "minute", currency = "USD";
    auto at = [&](const char* selector) {
        const Decimal s = dec(selector);
        return amount(c, dec("10"), [s](plan::ExprId) { return s; }, {nullptr, unit, currency});
    };
    CHECK(at("200") == dec("20"));  // the middle band, whose upper bound it is
    CHECK(at("200.5") == dec("10"));
    CHECK(at("100") == dec("30"));
}

TEST_CASE("volume by: a selector of zero or less chooses the first band") {
    CHECK(priced("500", "0") == dec("7"));
    CHECK(priced("500", "-3") == dec("7"));
}

TEST_CASE("volume by: explain names the selector and its value") {
    std::vector<std::string> lines;
    priced("500", "123456", &lines);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] ==
          "volume band over 100000 and above: chosen by outbound_all = 123456 minute; all 500 minute × 0.013 "
          "USD/minute = 6.5");
    lines.clear();
    priced("500", "0", &lines);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] ==
          "volume band over 0 up to 100000: chosen by outbound_all = 0 minute, 0 or less: the first band; all 500 "
          "minute × 0.014 USD/minute = 7");
}

}  // namespace tarifc::charges
