// The three output formats (JSON, table, CSV) say the same, and the number
// of rating threads changes no byte of any of them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/decimal.hpp"
#include "eval/eval_test_support.hpp"

using namespace eval_test;
using tarifc::Decimal;

namespace {

// One invoice line, as any of the three formats gives it.
struct Line {
    std::string charge, description, quantity, unit, amount;
    bool operator==(const Line&) const = default;
};
struct Invoice {
    std::string account, period, plan, currency, total;
    std::vector<Line> lines;
    bool operator==(const Invoice&) const = default;
};

std::vector<Invoice> from_json(const json& doc) {
    std::vector<Invoice> out;
    for (const auto& inv : doc["invoices"]) {
        Invoice i{inv["account"], inv["period"], inv["plan"], inv["currency"], inv["total"], {}};
        for (const auto& l : inv["lines"])
            i.lines.push_back({l["charge"], l["description"], l["quantity"], l["unit"], l["amount"]});
        out.push_back(std::move(i));
    }
    return out;
}

// RFC 4180 fields of one record starting at `pos`; advances `pos` past it.
std::vector<std::string> csv_record(const std::string& text, std::size_t& pos) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    while (pos < text.size()) {
        char ch = text[pos++];
        if (quoted) {
            if (ch != '"') fields.back() += ch;
            else if (pos < text.size() && text[pos] == '"') fields.back() += '"', ++pos;
            else quoted = false;
        } else if (ch == '"') quoted = true;
        else if (ch == ',') fields.emplace_back();
        else if (ch == '\n') break;
        else fields.back() += ch;
    }
    return fields;
}

// The CSV has one row per line and no totals: the total is the sum of the
// invoice's amounts (every amount printed with the invoice's decimals).
std::vector<Invoice> from_csv(const std::string& text) {
    std::vector<Invoice> out;
    std::size_t pos = 0;
    auto header = csv_record(text, pos);
    REQUIRE(header == std::vector<std::string>{"account", "period", "plan", "currency", "charge", "description",
                                               "quantity", "unit", "amount"});
    std::vector<Decimal> totals;
    while (pos < text.size()) {
        auto f = csv_record(text, pos);
        REQUIRE(f.size() == 9);
        if (out.empty() || out.back().account != f[0] || out.back().period != f[1]) {
            out.push_back({f[0], f[1], f[2], f[3], "", {}});
            totals.emplace_back();
        }
        out.back().lines.push_back({f[4], f[5], f[6], f[7], f[8]});
        auto d = Decimal::parse(f[8]);
        REQUIRE(d);
        totals.back() += *d;
    }
    // The total printed elsewhere: compared by value, kept as text here.
    for (std::size_t i = 0; i < out.size(); ++i) out[i].total = totals[i].to_string();
    return out;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The table: "Invoice ACCOUNT PERIOD  plan PLAN  (CUR)", a header row whose
// titles give the columns (Charge, Description left-aligned; Quantity
// right-aligned; Unit left-aligned; Amount right-aligned), the lines, and
// "Total AMOUNT".
std::vector<Invoice> from_table(const std::string& text) {
    std::vector<Invoice> out;
    std::istringstream in(text);
    std::string row;
    std::size_t desc = 0, qty_end = 0, unit = 0;
    bool in_lines = false;
    while (std::getline(in, row)) {
        if (row.rfind("Invoice ", 0) == 0) {
            std::istringstream h(row.substr(8));
            Invoice i;
            std::string word, currency;
            h >> i.account >> i.period >> word >> i.plan >> currency;
            REQUIRE(word == "plan");
            REQUIRE(currency.size() > 2);
            i.currency = currency.substr(1, currency.size() - 2);
            out.push_back(i);
            REQUIRE(std::getline(in, row));
            desc = row.find("Description");
            qty_end = row.find("Quantity") + 8;
            unit = row.find("Unit");
            REQUIRE(row.rfind("  Charge", 0) == 0);
            REQUIRE(desc < qty_end);
            REQUIRE(qty_end < unit);
            in_lines = true;
            continue;
        }
        if (!in_lines || row.rfind("      ·", 0) == 0) continue;
        std::string t = trim(row);
        if (t.rfind("Total ", 0) == 0) {
            out.back().total = trim(t.substr(6));
            in_lines = false;
            continue;
        }
        REQUIRE(row.size() > unit);
        Line l;
        l.charge = trim(row.substr(2, desc - 2));
        std::string dq = trim(row.substr(desc, qty_end - desc));
        auto sp = dq.rfind(' ');
        l.quantity = sp == std::string::npos ? dq : dq.substr(sp + 1);
        l.description = sp == std::string::npos ? "" : trim(dq.substr(0, sp));
        std::string ua = trim(row.substr(unit));
        auto sp2 = ua.rfind(' ');
        l.amount = sp2 == std::string::npos ? ua : ua.substr(sp2 + 1);
        l.unit = sp2 == std::string::npos ? "" : trim(ua.substr(0, sp2));
        out.back().lines.push_back(l);
    }
    return out;
}

}  // namespace

TEST_CASE("the three output formats agree and are deterministic") {
    // Generated usage on both plans over three months: rent per number,
    // tiers, packs, minimums, several invoices per account.
    Generated g = generate(7, 8, 60);
    Scenario s;
    s.accounts(g.accounts);
    std::string rows = g.joined();
    s.usage(rows);
    Run j = s.eval("2019-07", "2019-09");
    Run j2 = s.eval("2019-07", "2019-09");
    Run t = s.eval("2019-07", "2019-09", tarifc::EvalFormat::Table);
    Run c = s.eval("2019-07", "2019-09", tarifc::EvalFormat::Csv);
    REQUIRE(j.rc == 0);
    REQUIRE(t.rc == 0);
    REQUIRE(c.rc == 0);
    CHECK(j.out == j2.out);

    std::vector<Invoice> want = from_json(j.doc);
    REQUIRE(want.size() == 8 * 3);
    std::size_t lines = 0;
    for (const auto& inv : want) lines += inv.lines.size();
    CHECK(lines > want.size());  // the comparison compares something

    std::vector<Invoice> table = from_table(t.out);
    std::vector<Invoice> csv = from_csv(c.out);
    REQUIRE(table.size() == want.size());
    REQUIRE(csv.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        CAPTURE(want[i].account);
        CAPTURE(want[i].period);
        CHECK(table[i] == want[i]);
        // CSV totals are sums of its amounts: compared by value.
        auto want_total = Decimal::parse(want[i].total), csv_total = Decimal::parse(csv[i].total);
        REQUIRE(want_total);
        REQUIRE(csv_total);
        CHECK(*csv_total == *want_total);
        csv[i].total = want[i].total;
        CHECK(csv[i] == want[i]);
        for (std::size_t k = 0; k < want[i].lines.size(); ++k) {
            CAPTURE(want[i].lines[k].charge);
            if (k < table[i].lines.size()) CHECK(table[i].lines[k] == want[i].lines[k]);
            if (k < csv[i].lines.size()) CHECK(csv[i].lines[k] == want[i].lines[k]);
        }
    }
}

TEST_CASE("CSV with --explain: the nine columns, then exact and explain as in the JSON") {
    Generated g = generate(11, 4, 60);
    Scenario s;
    s.accounts(g.accounts);
    std::string rows = g.joined();
    s.usage(rows);
    s.explain(true);
    Run j = s.eval("2019-07", "2019-09");
    Run c = s.eval("2019-07", "2019-09", tarifc::EvalFormat::Csv);
    REQUIRE(j.rc == 0);
    REQUIRE(c.rc == 0);
    std::size_t pos = 0;
    CHECK(csv_record(c.out, pos) == std::vector<std::string>{"account", "period", "plan", "currency", "charge",
                                                            "description", "quantity", "unit", "amount", "exact",
                                                            "explain"});
    std::size_t lines = 0, multi = 0;
    for (const auto& inv : j.doc["invoices"])
        for (const auto& l : inv["lines"]) {
            auto f = csv_record(c.out, pos);
            REQUIRE(f.size() == 11);
            CHECK(f[0] == inv["account"]);
            CHECK(f[4] == l["charge"]);
            CHECK(f[8] == l["amount"]);
            CHECK(f[9] == l["exact"]);
            std::string steps;
            for (const auto& e : l["explain"]) steps += (steps.empty() ? "" : "\n") + e.get<std::string>();
            CHECK(f[10] == steps);
            ++lines;
            multi += l["explain"].size() > 1;
        }
    CHECK(pos == c.out.size());
    CHECK(multi > 0);  // quoted fields of several lines were read back
    CHECK(lines > 20);
    // Without --explain the columns are the nine of before.
    s.explain(false);
    Run plain = s.eval("2019-07", "2019-09", tarifc::EvalFormat::Csv);
    CHECK(plain.out.substr(0, plain.out.find('\n')) == "account,period,plan,currency,charge,description,quantity,unit,amount");
}

TEST_CASE("the number of rating threads changes nothing, and is checked") {
    Generated g = generate(4, 12, 150);
    Scenario s;
    s.accounts(g.accounts);
    std::string rows = g.joined();
    // Rows of unknown accounts and bad rows go through other paths.
    s.usage(rows + "ghost,x1,2019-07-01T00:00:00,inbound,F,10\nacct01,x2,2019-07-01T00:00:00,sideways,F,10\n");
    for (auto f : {tarifc::EvalFormat::Json, tarifc::EvalFormat::Table, tarifc::EvalFormat::Csv}) {
        Run one = s.eval("2019-07", "2019-09", f, 1);
        REQUIRE(one.rc == 0);
        for (int n : {2, 3, 7, 256}) {
            Run many = s.eval("2019-07", "2019-09", f, n);
            CHECK(many.rc == 0);
            CHECK(many.out == one.out);
            CHECK(many.err == one.err);
        }
    }
    for (int bad : {-1, 257}) {
        Run r = s.eval("2019-07", "2019-09", tarifc::EvalFormat::Json, bad);
        CHECK(r.rc == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("--threads") != std::string::npos);
    }
}
