// The grammar is sound (no rule can loop without consuming input) and the
// parser reports what it could not read.
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/tariff_grammar.hpp"
#include "syntax/parse.hpp"

TEST_CASE("pegtl::analyze finds no problems in the grammar") {
    CHECK(tao::pegtl::analyze<tarifc::grammar::file>(1) == 0);
    CHECK(tao::pegtl::analyze<tarifc::grammar::statement_unit>(1) == 0);
}

namespace {
std::unique_ptr<tarifc::ast::Module> parse(const std::string& text, tarifc::Diagnostics& d) {
    static tarifc::SourceSet sources;
    return tarifc::parse_module(sources.add("t.tariff", text), d);
}
}  // namespace

TEST_CASE("comments anywhere do not change the statements") {
    tarifc::Diagnostics d;
    auto m = parse("# head\ntariff t \"T\" version 1 # trailing\n\nunit minute # u\n# tail\n", d);
    CHECK(d.all().empty());
    REQUIRE(m->header);
    CHECK(m->header->version == "1");
    REQUIRE(m->units.size() == 1);
    CHECK(m->units[0].name.text == "minute");
}

TEST_CASE("a syntax error leaves the module incomplete; too deep nesting is E0004, not E0001") {
    tarifc::Diagnostics d;
    tarifc::SourceSet sources;
    bool complete = true;
    tarifc::parse_module(sources.add("ok.tariff", "tariff t \"T\" version 1\nunit minute\n"), d, complete);
    CHECK(complete);
    tarifc::parse_module(sources.add("bad.tariff", "tariff t \"T\" version 1\nunit = minute\n"), d, complete);
    CHECK_FALSE(complete);
    REQUIRE(d.all().size() == 1);
    CHECK(d.all()[0].code == "E0001");
    std::string deep = "let x = " + std::string(100, '(') + "1" + std::string(100, ')') + "\n";
    tarifc::parse_module(sources.add("deep.tariff", deep), d, complete);
    CHECK_FALSE(complete);
    REQUIRE(d.all().size() == 2);
    CHECK(d.all()[1].code == "E0004");
}

TEST_CASE("names with inner hyphens, numbers and units") {
    tarifc::Diagnostics d;
    auto m = parse("let x = call.number.kind in {third-party, 400-inbound}\nlet y = 0.0499 CNY/minute\n", d);
    CHECK(d.all().empty());
    REQUIRE(m->lets.size() == 2);
    CHECK(m->lets[0].value->set_items[1].text == "400-inbound");
    const auto& q = *m->lets[1].value->quantity;
    CHECK(q.value == *tarifc::Decimal::parse("0.0499"));
    REQUIRE(q.unit);
    CHECK(q.unit->numerator.text == "CNY");
    CHECK(q.unit->denominator->text == "minute");
}

TEST_CASE("a unit stands on its number's line") {
    tarifc::Diagnostics d;
    auto m = parse("account {\n  seats: integer seat default 0\n  numbers: text\n}\n", d);
    CHECK(d.all().empty());
    REQUIRE(m->accounts.size() == 1);
    CHECK(m->accounts[0].fields.size() == 2);
}

TEST_CASE("every broken statement is reported, not only the first") {
    tarifc::Diagnostics d;
    parse("tariff t \"T\" versio 1\nunit minute\nlet = 3\nlet ok = 1\n", d);
    REQUIRE(d.all().size() == 2);
    CHECK(d.all()[0].code == "E0001");
    CHECK(d.all()[0].message == "expected 'version' and the tariff's version or effective date");
    CHECK(d.all()[1].message == "expected a name (letters, digits, '_' and inner '-')");
}

TEST_CASE("nesting is limited, deep input is a diagnostic, not a crash") {
    tarifc::Diagnostics d;
    std::string deep = "let x = " + std::string(10000, '(') + "1" + std::string(10000, ')') + "\n";
    parse(deep, d);
    REQUIRE(d.all().size() == 1);
    CHECK(d.all()[0].code == "E0004");
    tarifc::Diagnostics ok;
    parse("let x = " + std::string(60, '(') + "1" + std::string(60, ')') + "\n", ok);
    CHECK(ok.all().empty());
}

TEST_CASE("binary operators are counted per statement: a long chain is E0004, not a crash") {
    const std::size_t limit = tarifc::kMaxOperators;
    auto chain = [](const std::string& term, const std::string& op, std::size_t terms) {
        std::string s = "let x = " + term;
        for (std::size_t i = 1; i < terms; ++i) s += op + term;
        return s + "\n";
    };
    // At the limit: parsed, and the chain is left-associative.
    for (const char* op : {" + ", " - ", " * ", " and ", " or "}) {
        tarifc::Diagnostics ok;
        auto m = parse(chain("a", op, limit + 1), ok);
        CAPTURE(op);
        CHECK(ok.all().empty());
        REQUIRE(m->lets.size() == 1);
        CHECK(m->lets[0].value->operands.size() == 2);
    }
    // One more operator, and chains far past the limit: one E0004 each, at
    // the operator that went over, and the next statement is still read.
    for (std::size_t terms : {limit + 2, std::size_t{20000}, std::size_t{100000}}) {
        for (const char* op : {" + ", " and ", " or ", " * "}) {
            tarifc::Diagnostics d;
            std::string text = chain("1", op, terms);
            auto m = parse(text + "let after = 1\n", d);
            CAPTURE(op);
            CAPTURE(terms);
            REQUIRE(d.all().size() == 1);
            CHECK(d.all()[0].code == "E0004");
            // "let x = 1" then limit × (op + "1"): the caret is at operator limit + 1.
            CHECK(d.all()[0].range.begin == 9 + limit * (std::string(op).size() + 1) + 1);
            REQUIRE(m->lets.size() == 1);
            CHECK(m->lets[0].name.text == "after");
        }
    }
    // Comparisons count too, and the count is per statement, not per expression.
    tarifc::Diagnostics c;
    parse(chain("a = 1", " or ", limit / 2 + 1), c);
    REQUIRE(c.all().size() == 1);
    CHECK(c.all()[0].code == "E0004");
    tarifc::Diagnostics fine;
    parse(chain("a = 1", " or ", limit / 2) + chain("a = 1", " or ", limit / 2), fine);
    CHECK(fine.all().empty());
}

TEST_CASE("binary and invalid UTF-8 input") {
    tarifc::Diagnostics d;
    parse(std::string("tariff t \"T\" version 1\n\xff\xfe", 26), d);
    REQUIRE(d.all().size() == 1);
    CHECK(d.all()[0].code == "E0002");
    tarifc::Diagnostics n;
    parse(std::string("unit a\0b", 8), n);
    REQUIRE(n.all().size() == 1);
    CHECK(n.all()[0].code == "E0002");
}

TEST_CASE("or and and build both sides, and bind as written") {
    tarifc::Diagnostics d;
    auto m = parse("let x = a or b and not c\nlet y = (a or b)\n", d);
    CHECK(d.all().empty());
    REQUIRE(m->lets.size() == 2);
    const auto& x = *m->lets[0].value;
    REQUIRE(x.kind == tarifc::ast::ExprKind::Or);
    REQUIRE(x.operands.size() == 2);
    CHECK(x.operands[0]->kind == tarifc::ast::ExprKind::Path);
    CHECK(x.operands[1]->kind == tarifc::ast::ExprKind::And);
    CHECK(x.operands[1]->operands[1]->kind == tarifc::ast::ExprKind::Not);
    CHECK(m->lets[1].value->kind == tarifc::ast::ExprKind::Or);
}

TEST_CASE("a fixed-amount discount keeps its amount") {
    tarifc::Diagnostics d;
    auto m = parse("discount d \"D\" monthly\n    take 100 USD off subtotal\n    threshold 1000 USD\n", d);
    CHECK(d.all().empty());
    REQUIRE(m->discounts.size() == 1);
    REQUIRE(m->discounts[0].amount);
    CHECK(m->discounts[0].amount->value == tarifc::Decimal::from_int(100));
    CHECK(m->discounts[0].amount->unit->numerator.text == "USD");
}

TEST_CASE("a progressive discount: 'above' ends the take clause, after the charge names") {
    tarifc::Diagnostics d;
    auto m = parse("discount d \"D\" monthly\n    take 3 percent off charges a, b above account.bound - 5 USD\n"
                   "    when account.partner\n"
                   "discount e \"E\" monthly\n    take 3 percent off subtotal\n    threshold 10 USD\n",
                   d);
    CHECK(d.all().empty());
    REQUIRE(m->discounts.size() == 2);
    const auto& x = m->discounts[0];
    REQUIRE(x.base_charges.size() == 2);
    CHECK(x.base_charges[1].text == "b");
    REQUIRE(x.above);
    CHECK(x.above->kind == tarifc::ast::ExprKind::Subtract);
    CHECK(x.when.size() == 1);
    CHECK(!x.threshold);
    CHECK(!m->discounts[1].above);
    CHECK(m->discounts[1].threshold);
}

TEST_CASE("a function call is a name, '(' and its arguments; unknown names are the checker's business") {
    tarifc::Diagnostics d;
    auto m = parse("let x = max(a, 1 minute, ceil(b to minute))\nlet y = foo (c)\nlet z = max\n", d);
    CHECK(d.all().empty());
    REQUIRE(m->lets.size() == 3);
    const auto& x = *m->lets[0].value;
    REQUIRE(x.kind == tarifc::ast::ExprKind::Call);
    CHECK(x.function.text == "max");
    REQUIRE(x.operands.size() == 3);
    CHECK(x.operands[1]->kind == tarifc::ast::ExprKind::Quantity);
    CHECK(x.operands[2]->kind == tarifc::ast::ExprKind::Convert);
    CHECK(m->lets[1].value->kind == tarifc::ast::ExprKind::Call);
    CHECK(m->lets[1].value->function.text == "foo");
    CHECK(m->lets[2].value->kind == tarifc::ast::ExprKind::Path);  // a name without '(' stays a name
}

TEST_CASE("nested calls and conversions count toward the nesting limit; argument commas toward the operators") {
    auto nested = [](const std::string& open, const std::string& close, std::size_t levels) {
        std::string s = "let x = ";
        for (std::size_t i = 0; i < levels; ++i) s += open;
        s += "a";
        for (std::size_t i = 0; i < levels; ++i) s += close;
        return s + "\nlet after = 1\n";
    };
    for (const auto& shape : {std::pair<std::string, std::string>{"max(1, ", ")"}, {"ceil(", " to minute)"},
                              {"min((", "), 1)"}}) {
        const std::string& open = shape.first;
        const std::string& close = shape.second;
        CAPTURE(open);
        tarifc::Diagnostics ok;
        parse(nested(open, close, open == "min((" ? 30 : 60), ok);
        CHECK(ok.all().empty());
        for (std::size_t levels : {std::size_t{65}, std::size_t{10000}, std::size_t{100000}}) {
            CAPTURE(levels);
            tarifc::Diagnostics d;
            auto m = parse(nested(open, close, levels), d);
            REQUIRE(d.all().size() == 1);
            CHECK(d.all()[0].code == "E0004");
            REQUIRE(m->lets.size() == 1);
            CHECK(m->lets[0].name.text == "after");
        }
    }
    // max(a, a, ...) with kMaxOperators commas parses; one more is E0004 at that comma.
    const std::size_t limit = tarifc::kMaxOperators;
    auto args = [](std::size_t n) {
        std::string s = "let x = max(a";
        for (std::size_t i = 1; i < n; ++i) s += ", a";
        return s + ")\n";
    };
    tarifc::Diagnostics ok;
    auto m = parse(args(limit + 1), ok);
    CHECK(ok.all().empty());
    REQUIRE(m->lets.size() == 1);
    CHECK(m->lets[0].value->operands.size() == limit + 1);
    tarifc::Diagnostics d;
    parse(args(limit + 2), d);
    REQUIRE(d.all().size() == 1);
    CHECK(d.all()[0].code == "E0004");
    CHECK(d.all()[0].range.begin == 13 + limit * 3);  // "let x = max(a" then limit × ", a": the next ','
}

TEST_CASE("'/' is an operator like '*'; a unit's '/' is a rate; a conversion may name a step") {
    tarifc::Diagnostics d;
    auto m = parse("let a = x * y / z\n"
                   "let b = 30 USD/day\n"
                   "let c = 30 USD / day\n"
                   "let e = round(a / b to 0.01 USD half-up)\n"
                   "let f = round(a to 0.001 half-even)\n"
                   "let g = ceil(a / 2 to minute)\n",
                   d);
    CHECK(d.all().empty());
    REQUIRE(m->lets.size() == 6);
    using K = tarifc::ast::ExprKind;
    // (x * y) / z: left to right, one level like '*'.
    CHECK(m->lets[0].value->kind == K::Divide);
    CHECK(m->lets[0].value->operands[0]->kind == K::Multiply);
    CHECK(m->lets[1].value->kind == K::Quantity);
    CHECK(m->lets[1].value->quantity->unit->denominator->text == "day");
    CHECK(m->lets[2].value->kind == K::Divide);
    const auto& e = *m->lets[3].value;
    CHECK(e.kind == K::Convert);
    REQUIRE(e.step);
    CHECK(e.step->value == *tarifc::Decimal::parse("0.01"));
    REQUIRE(e.to_unit);
    CHECK(e.to_unit->numerator.text == "USD");
    CHECK(e.mode == tarifc::RoundingMode::HalfUp);
    const auto& f = *m->lets[4].value;
    REQUIRE(f.step);
    CHECK_FALSE(f.to_unit);  // `half-even` is the mode, not a unit
    CHECK(f.mode == tarifc::RoundingMode::HalfEven);
    CHECK_FALSE(m->lets[5].value->step);
    CHECK(m->lets[5].value->operands[0]->kind == K::Divide);
}

TEST_CASE("each '/' counts toward the operators of a statement (E0004)") {
    tarifc::Diagnostics d;
    tarifc::SourceSet sources;
    bool complete = true;
    std::string at_limit = "let x = 1";
    for (int i = 0; i < 1000; ++i) at_limit += " / 1";
    tarifc::parse_module(sources.add("limit.tariff", at_limit + "\n"), d, complete);
    CHECK(complete);
    CHECK(d.all().empty());
    tarifc::parse_module(sources.add("over.tariff", at_limit + " / 1\n"), d, complete);
    CHECK_FALSE(complete);
    REQUIRE(d.all().size() == 1);
    CHECK(d.all()[0].code == "E0004");
}

TEST_CASE("a meter's aggregate: sum and count as before, a named one with its words, rounded to") {
    tarifc::Diagnostics d;
    auto m = parse("meter a = sum(x) of calls\n"
                   "meter b = count of calls\n"
                   "meter c = max(x) of calls where y\n"
                   "meter d = time-weighted \t average (x) of calls rounded to mGB half-even\n"
                   "meter e = distinct count(call.user) of calls by call.number\n"
                   "meter rounded = count of calls\n",
                   d);
    CHECK(d.all().empty());
    REQUIRE(m->meters.size() == 6);
    CHECK(m->meters[0].aggregate.text.empty());
    CHECK(m->meters[0].summed);
    CHECK(m->meters[1].is_count);
    CHECK(m->meters[2].aggregate.text == "max");
    CHECK(m->meters[2].where);
    CHECK(m->meters[3].aggregate.text == "time-weighted average");  // blanks between the words made one space
    REQUIRE(m->meters[3].rounded);
    CHECK(m->meters[3].rounded->unit.numerator.text == "mGB");
    CHECK(m->meters[3].rounded->mode == tarifc::RoundingMode::HalfEven);
    CHECK(m->meters[4].aggregate.text == "distinct count");
    CHECK(m->meters[4].group_by);
    CHECK(m->meters[5].name.text == "rounded");  // `rounded` is not reserved
    tarifc::Diagnostics bad;
    parse("meter a = average(x) of calls rounded to mGB\n", bad);
    REQUIRE(bad.all().size() == 1);
    CHECK(bad.all()[0].message.find("rounding mode") != std::string::npos);
}
