// The test-file parser (spec/parse.cpp) and the coverage arithmetic.
#include <doctest/doctest.h>

#include "spec/spec.hpp"

namespace tarifc::spec {

namespace {

struct Parsed {
    SourceSet sources;
    SpecFile file;
    Diagnostics diags;
    bool ok = false;
    explicit Parsed(std::string text) {
        ok = parse_spec(sources.add("t.tariff-test", std::move(text)), file, diags);
    }
    std::string codes() const {
        std::string out;
        for (const auto& d : diags.all()) out += d.code + " ";
        return out;
    }
};

Decimal dec(const char* s) { return *Decimal::parse(s); }

}  // namespace

TEST_CASE("spec: settings at the top are shared, a test's own replace them") {
    Parsed p(R"(tariff "plans"
period 2019-07 to 2019-08
accounts "a.json"
usage "u.csv"
test "one" {
  expect total account acme 2019-07 = 537 CNY
}
test "two" {
  usage "other.csv"
  period 2019-09 to 2019-09
  expect rows read = 3, out of period = 1
}
)");
    REQUIRE(p.ok);
    REQUIRE(p.file.tests.size() == 2);
    const Test& one = p.file.tests[0];
    CHECK(one.settings.tariff.path == "plans");
    CHECK(one.settings.usage.path == "u.csv");
    CHECK(one.settings.period.from == YearMonth{2019, 7});
    CHECK(one.settings.period.to == YearMonth{2019, 8});
    REQUIRE(one.expects.size() == 1);
    CHECK(one.expects[0].kind == ExpectKind::Total);
    CHECK(one.expects[0].account == "acme");
    CHECK(one.expects[0].checks[0].value == dec("537.00"));  // by value
    CHECK(one.expects[0].checks[0].unit == "CNY");
    const Test& two = p.file.tests[1];
    CHECK(two.settings.usage.path == "other.csv");
    CHECK(two.settings.accounts.path == "a.json");
    CHECK(two.settings.period.from == YearMonth{2019, 9});
    REQUIRE(two.expects[0].checks.size() == 2);
    CHECK(two.expects[0].checks[1].field == "out of period");
    CHECK(two.expects[0].checks[1].value == dec("1"));
}

TEST_CASE("spec: inline accounts keep their place; inline usage loses its indentation") {
    Parsed p("tariff \"x\"\nperiod 2019-07 to 2019-07\naccounts {\"accounts\": [{\"id\": \"}{\"}]}\n"
             "usage {\n    account,n\n    a,1\n  }\n"
             "test \"t\" {\n  expect rejected line 2 reason contains \"no\"\n"
             "  expect line account \"a b\" 2019-07 \"seats\" amount = 1.50, quantity = 3 seat\n"
             "  expect pack account a 2019-07 \"p\" remaining = 0\n}\n");
    REQUIRE(p.ok);
    const Settings& s = p.file.tests[0].settings;
    CHECK(s.accounts.is_inline);
    CHECK(s.accounts.text == "{\"accounts\": [{\"id\": \"}{\"}]}");
    CHECK(s.accounts.line == 3);
    CHECK(s.accounts.column == 10);
    CHECK(s.usage.is_inline);
    CHECK(s.usage.text == "account,n\na,1\n");
    const auto& x = p.file.tests[0].expects;
    REQUIRE(x.size() == 3);
    CHECK(x[0].kind == ExpectKind::Rejected);
    CHECK(x[0].line == 2);
    CHECK(x[0].contains);
    CHECK(x[0].reason == "no");
    CHECK(x[1].kind == ExpectKind::Line);
    CHECK(x[1].account == "a b");
    CHECK(x[1].item == "seats");
    CHECK(x[1].checks[1].unit == "seat");
    CHECK(x[2].kind == ExpectKind::Pack);
}

TEST_CASE("spec: problems are diagnostics with their codes") {
    CHECK(Parsed("test \"t\" {\n  expect totl account a 2019-07 = 1\n}\n").codes() == "E1101 ");
    CHECK(Parsed("period 2019-07 to 2019-07\nperiod 2019-07 to 2019-07\n").codes() == "E1102 ");
    CHECK(Parsed("tariff \"x\" period 2019-07 to 2019-07 accounts \"a\" usage \"u\"\n"
                 "test \"t\" { expect line account a 2019-07 \"s\" price = 1 }\n")
              .codes() == "E1103 ");
    CHECK(Parsed("period 2019-08 to 2019-07\n").codes() == "E1104 ");
    CHECK(Parsed("period 2019-00 to 2019-07\n").codes() == "E1104 ");
    CHECK(Parsed("test \"t\" { expect rows read = 1 }\n").codes() == "E1105 ");
    CHECK(Parsed("tariff \"x\" period 2019-07 to 2019-07 accounts \"a\" usage \"u\"\ntest \"t\" { }\n").codes() ==
          "E1105 ");
    CHECK(Parsed("tariff \"x\" period 2019-07 to 2019-07 accounts \"a\" usage \"u\"\n"
                 "test \"t\" { expect rows read = 18446744073709551616 }\n")
              .codes() == "E1109 ");
    CHECK(Parsed("tariff \"x\" period 2019-07 to 2019-07 accounts \"a\" usage \"u\"\n"
                 "test \"t\" { expect rows read = 1 }\ntest \"t\" { expect rows read = 1 }\n")
              .codes() == "E1110 ");
    CHECK(Parsed(std::string("test \"\0\" {}", 11)).codes() == "E1101 ");
    // An unterminated inline block is a syntax error, not a hang or a crash.
    CHECK(Parsed("accounts {\"accounts\": [").codes() == "E1101 ");
    CHECK(Parsed("usage {\n a,b\n").codes() == "E1101 ");
    CHECK(Parsed(std::string(100000, '{')).codes() == "E1101 ");
}

TEST_CASE("spec: coverage percent rounds down, --min-coverage compares exactly") {
    Coverage c;
    for (uint32_t i = 0; i < 18; ++i) c.rules[{"f", i}].exercised = i < 5;
    CHECK(c.exercised() == 5);
    CHECK(c.percent() == "27.7");
    CHECK(c.reaches(dec("27.7")));
    CHECK(c.reaches(dec("27.77")));
    CHECK_FALSE(c.reaches(dec("27.78")));
    Coverage none;
    CHECK(none.percent() == "100.0");
    CHECK(none.reaches(dec("100")));
}

}  // namespace tarifc::spec
