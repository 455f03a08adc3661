// End-to-end rating tests through the driver, on the shipped CCC tariffs:
// edge cases of §1–§2 of the contract, bad input, and invariants checked on
// generated usage (property tests with fixed seeds). The formats' agreement
// and the thread count: eval_formats_test.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "base/decimal.hpp"
#include "eval/eval_test_support.hpp"

using namespace eval_test;
using tarifc::Decimal;

TEST_CASE("pricing page case 1 from first principles") {
    Scenario s;
    s.accounts(one_account("ccc-payg"));
    s.usage(calls("F1", "outbound", 100) + calls("F1", "inbound", 200) + calls("T1", "outbound", 300) +
            calls("T1", "inbound", 400));
    Run r = s.eval("2019-07", "2019-07");
    REQUIRE(r.rc == 0);
    const json& inv = r.doc["invoices"][0];
    CHECK(amount(inv, "platform") == "34.93");
    CHECK(amount(inv, "fixed_outbound") == "15.00");
    CHECK(amount(inv, "fixed_inbound") == "6.00");
    CHECK(amount(inv, "rent") == "35.00");
    // The 400 number has a minimum of 300 and no calls: a 300.00 shortfall.
    CHECK(amount(inv, "min_400") == "300.00");
    CHECK(inv["total"] == "390.93");
}

TEST_CASE("graduated platform fee at the band edges b-1, b, b+1") {
    const std::pair<long, const char*> cases[] = {
        {199999, "9979.95"},   // 199999 × 0.0499 = 9979.9501
        {200000, "9980.00"},   // 200000 × 0.0499
        {200001, "9980.04"},   // + 1 × 0.0449 = 9980.0449
        {499999, "23449.96"},  // 9980 + 299999 × 0.0449 = 23449.9551
        {500000, "23450.00"},
        {500001, "23450.04"},  // + 0.0405
        {1200000, "51800.00"}, // the last rate continues above 1,000,000
    };
    // Not a structured binding: clang 14 cannot capture one in CHECK_MESSAGE's lambda.
    for (const auto& c : cases) {
        const auto minutes = c.first;
        const std::string expected = c.second;
        Scenario s;
        s.accounts(R"({"accounts": [{"id": "a", "plan": "ccc-payg", "numbers": [{"number": "T1", "kind": "third-party"}]}]})");
        s.usage(calls("T1", "inbound", minutes));
        Run r = s.eval("2019-07", "2019-07");
        REQUIRE(r.rc == 0);
        CHECK_MESSAGE(amount(r.doc["invoices"][0], "platform") == expected, minutes);
    }
}

TEST_CASE("graduated amounts never decrease as quantity grows") {
    Scenario s;
    std::string accounts = R"({"accounts": [)";
    std::string rows;
    std::vector<long> minutes;
    for (long m = 0; m <= 1'100'000; m += 12'347) minutes.push_back(m);
    for (std::size_t i = 0; i < minutes.size(); ++i) {
        accounts += fmt::format(R"({}{{"id": "a{:03}", "plan": "ccc-payg", "numbers": [{{"number": "T1", "kind": "third-party"}}]}})",
                                i ? "," : "", i);
        if (minutes[i]) rows += fmt::format("a{:03},c1,2019-07-10T10:00:00,inbound,T1,{}\n", i, minutes[i] * 60);
    }
    s.accounts(accounts + "]}");
    s.usage(rows);
    Run r = s.eval("2019-07", "2019-07");
    REQUIRE(r.rc == 0);
    Decimal prev;
    for (const auto& inv : r.doc["invoices"]) {
        Decimal total = *Decimal::parse(inv["total"].get<std::string>());
        CHECK(prev <= total);
        prev = total;
    }
}

TEST_CASE("seat brackets are volume priced: 99/100/299/300") {
    const std::pair<int, const char*> cases[] = {{1, "199.00"}, {99, "19701.00"}, {100, "17900.00"},
                                                 {299, "53521.00"}, {300, "47700.00"}, {0, "absent"}};
    for (const auto& c : cases) {
        const auto seats = c.first;
        const std::string expected = c.second;
        Scenario s;
        s.accounts(fmt::format(R"({{"accounts": [{{"id": "a", "plan": "ccc-seat", "seats": {}, "numbers": []}}]}})", seats));
        s.usage("");
        Run r = s.eval("2019-07", "2019-07");
        REQUIRE(r.rc == 0);
        CHECK_MESSAGE(amount(r.doc["invoices"][0], "seats") == expected, seats);
    }
}

TEST_CASE("per-call rounding: every call rounds up to whole minutes; 0 s is 0 minutes") {
    Scenario s;
    s.accounts(one_account("ccc-payg"));
    s.usage("a,c1,2019-07-10T10:00:00,outbound,F1,0\n"
            "a,c2,2019-07-10T10:01:00,outbound,F1,1\n"
            "a,c3,2019-07-10T10:02:00,outbound,F1,60\n"
            "a,c4,2019-07-10T10:03:00,outbound,F1,61\n");
    Run r = s.eval("2019-07", "2019-07");
    REQUIRE(r.rc == 0);
    const json& l = line(r.doc["invoices"][0], "fixed_outbound");
    CHECK(l["quantity"] == "4");  // 0 + 1 + 1 + 2
    CHECK(l["amount"] == "0.60");
    CHECK(r.doc["summary"]["rated"] == 4);
}

TEST_CASE("money rounds half-up at exactly .xx5") {
    Scenario s;
    s.accounts(R"({"accounts": [{"id": "a", "plan": "ccc-payg", "numbers": [{"number": "T1", "kind": "third-party"}]}]})");
    s.usage(calls("T1", "inbound", 150));  // 150 × 0.0499 = 7.485
    Run r = s.eval("2019-07", "2019-07");
    REQUIRE(r.rc == 0);
    CHECK(amount(r.doc["invoices"][0], "platform") == "7.49");
}

TEST_CASE("storage and quality inspection are exact before rounding") {
    Scenario s;
    s.accounts(R"({"accounts": [{"id": "a", "plan": "ccc-payg", "recording_storage_gb": "62.5", "quality_inspection": true,
                   "numbers": [{"number": "T1", "kind": "third-party"}]}]})");
    s.usage("a,c1,2019-07-10T10:00:00,inbound,T1,3601\n");  // 3601 s: 3601/3600 × 2.7 = 2.70075
    Run r = s.eval("2019-07", "2019-07");
    REQUIRE(r.rc == 0);
    const json& inv = r.doc["invoices"][0];
    CHECK(amount(inv, "storage") == "1.85");  // 12.5 × 0.148 = 1.85
    CHECK(amount(inv, "quality_inspection") == "2.70");
}

TEST_CASE("SIP lines bill in the anniversary month only") {
    Scenario s;
    s.accounts(one_account("ccc-payg", R"(, "sip_lines": [{"id": "t1", "since": "2018-08-31"}])"));
    s.usage("");
    Run r = s.eval("2019-07", "2019-09");
    REQUIRE(r.rc == 0);
    CHECK(amount(r.doc["invoices"][0], "sip_line") == "absent");
    CHECK(amount(r.doc["invoices"][1], "sip_line") == "30000.00");
    CHECK(amount(r.doc["invoices"][2], "sip_line") == "absent");
}

TEST_CASE("pack validity: from the purchase day 00:00 to the same day three months later 00:00") {
    Scenario s;
    s.accounts(one_account("ccc-payg", R"(, "voice_packs": [{"id": "p", "type": "fixed-outbound", "minutes": 10000, "purchased": "2019-11-30"}])"));
    s.usage("a,before,2019-11-29T23:59:59,outbound,F1,60\n"
            "a,first,2019-11-30T00:00:00,outbound,F1,60\n"
            "a,last,2020-02-28T23:59:59,outbound,F1,60\n"   // 30 Nov + 3 months = 29 Feb 2020
            "a,expired,2020-02-29T00:00:00,outbound,F1,60\n");
    Run r = s.eval("2019-11", "2020-02");
    REQUIRE(r.rc == 0);
    const auto& inv = r.doc["invoices"];
    CHECK(line(inv[0], "fixed_outbound")["quantity"] == "1");  // the call before the purchase pays
    CHECK(amount(inv[0], "pack") == "1450.00");                // bought in the run: charged in its month
    CHECK(inv[0]["packs"][0]["used"] == "1");
    CHECK(line(inv[3], "fixed_outbound")["quantity"] == "1");  // the call at the expiry instant pays
    CHECK(inv[3]["packs"][0]["used"] == "1");
    CHECK(inv[3]["packs"][0]["remaining"] == "9998");
}

TEST_CASE("a call splits across two packs, then pays list price") {
    Scenario s;
    s.accounts(one_account("ccc-payg", R"(, "voice_packs": [
        {"id": "late", "type": "fixed-inbound", "minutes": 10000, "purchased": "2019-06-15", "remaining": 30},
        {"id": "early", "type": "fixed-inbound", "minutes": 10000, "purchased": "2019-05-01", "remaining": 20}])"));
    s.usage("a,c1,2019-07-10T10:00:00,inbound,F1,6000\n");  // 100 minutes
    Run r = s.eval("2019-07", "2019-07");
    REQUIRE(r.rc == 0);
    const json& inv = r.doc["invoices"][0];
    // "early" expires first (2019-08-01) and is drawn first, then "late".
    CHECK(inv["packs"][0]["id"] == "late");
    CHECK(inv["packs"][0]["used"] == "30");
    CHECK(inv["packs"][0]["remaining"] == "0");
    CHECK(inv["packs"][1]["id"] == "early");
    CHECK(inv["packs"][1]["used"] == "20");
    CHECK(line(inv, "fixed_inbound")["quantity"] == "50");
    CHECK(amount(inv, "fixed_inbound") == "1.50");
    CHECK(amount(inv, "pack") == "absent");  // bought before the run: not charged
}

TEST_CASE("packs are drawn in chronological order whatever the file order") {
    Scenario s;
    s.accounts(one_account("ccc-payg", R"(, "voice_packs": [{"id": "p", "type": "fixed-inbound", "minutes": 10000, "purchased": "2019-06-01", "remaining": 10}])"));
    // The later call comes first in the file; the earlier one takes the pack.
    s.usage("a,late,2019-07-20T10:00:00,inbound,F1,600\n"
            "a,early,2019-07-05T10:00:00,inbound,F1,600\n");
    Run r = s.eval("2019-07", "2019-07");
    REQUIRE(r.rc == 0);
    CHECK(line(r.doc["invoices"][0], "fixed_inbound")["quantity"] == "10");
    CHECK(r.doc["invoices"][0]["packs"][0]["remaining"] == "0");
}

TEST_CASE("the 400 minimum counts pack-covered minutes") {
    Scenario s;
    s.accounts(one_account("ccc-seat", R"(, "voice_packs": [{"id": "p", "type": "400-inbound", "minutes": 10000, "purchased": "2019-06-01"}])", 1));
    s.usage(calls("N4", "inbound", 1000));  // 1000 × 0.18 = 180 < 300, all covered by the pack
    Run r = s.eval("2019-07", "2019-07");
    REQUIRE(r.rc == 0);
    const json& inv = r.doc["invoices"][0];
    CHECK(amount(inv, "inbound_400") == "0.00");
    CHECK(amount(inv, "min_400") == "120.00");
}

TEST_CASE("month of a call is decided in UTC+08:00") {
    Scenario s;
    s.accounts(one_account("ccc-payg"));
    s.usage("a,c1,2019-07-31T16:30:00Z,outbound,F1,60\n"         // 2019-08-01 00:30 +08
            "a,c2,2019-08-01T00:30:00+09:00,outbound,F1,120\n"  // 2019-07-31 23:30 +08
            "a,c3,2019-06-30T16:00:00Z,outbound,F1,180\n");     // 2019-07-01 00:00 +08
    Run r = s.eval("2019-07", "2019-08");
    REQUIRE(r.rc == 0);
    CHECK(line(r.doc["invoices"][0], "fixed_outbound")["quantity"] == "5");
    CHECK(line(r.doc["invoices"][1], "fixed_outbound")["quantity"] == "1");
}

TEST_CASE("every rejection reason of §2.2, and rows out of period") {
    Scenario s;
    s.accounts(one_account("ccc-payg"));
    s.raw_usage(
        "account,call_id,start,direction,number,duration_s\n"
        "a,ok1,2019-07-01T10:00:00,outbound,F1,60\n"        // 2 rated
        "a,m1,2019-07-01 10:00:00,outbound,F1,60\n"         // 3 space for T
        "a,m2,2019-07-01T10:00,outbound,F1,60\n"            // 4 missing seconds
        "a,m3,2019-07-01T10:00:00.5,outbound,F1,60\n"       // 5 fraction
        "a,m4,2019-07-01T24:00:00,outbound,F1,60\n"         // 6 hour 24
        "a,m5,2019-02-29T10:00:00,outbound,F1,60\n"         // 7 impossible date
        "a,m6,2019-07-01T10:00:00+24:00,outbound,F1,60\n"   // 8 bad offset
        "a,m7,2019-07-01T10:00:00,sideways,F1,60\n"         // 9 direction
        "a,m8,2019-07-01T10:00:00,outbound,F1,-5\n"         // 10 sign
        "a,m9,2019-07-01T10:00:00,outbound,F1,6.5\n"        // 11 decimals
        "a,m10,2019-07-01T10:00:00,outbound,F1,1e3\n"       // 12 exponent
        "a,m11,2019-07-01T10:00:00,outbound,F1, 60\n"       // 13 space
        "a,m12,2019-07-01T10:00:00,outbound,F1\n"           // 14 missing field
        "zz,u1,2019-07-01T10:00:00,outbound,F1,60\n"        // 15 unknown account
        "a,n1,2019-07-01T10:00:00,outbound,99999,60\n"      // 16 not the account's number
        "a,o1,2019-07-01T10:00:00,outbound,N4,60\n"         // 17 400 outbound
        "a,ok1,2019-07-02T10:00:00,outbound,F1,60\n"        // 18 duplicate of line 2
        "a,r1,2019-07-01 10:00:00,outbound,F1,60\n"         // 19 rejected ...
        "a,r1,2019-07-01T10:00:00,outbound,F1,60\n"         // 20 ... and resent: rated
        "a,p1,2019-06-30T15:59:59Z,outbound,F1,60\n"        // 21 out of period (June in +08)
        "\"a\",\"q1\",\"2019-07-03T10:00:00\",\"inbound\",\"F1\",\"60\"\n"  // 22 quoted: rated
        "a,p1,2019-07-03T10:00:00,outbound,F1,60\n");       // 23 duplicate of an out-of-period row
    Run r = s.eval("2019-07", "2019-07");
    REQUIRE(r.rc == 0);
    std::vector<int> lines;
    for (const auto& j : r.doc["rejected"]) {
        lines.push_back(j["line"].get<int>());
        CHECK(!j["reason"].get<std::string>().empty());
    }
    CHECK(lines == std::vector<int>{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 23});
    const json& sum = r.doc["summary"];
    CHECK(sum["rows"] == 22);
    CHECK(sum["rated"] == 3);
    CHECK(sum["rejected"] == 18);
    CHECK(sum["out_of_period"] == 1);
    CHECK(r.doc["rejected"][0]["call_id"] == "m1");
}

TEST_CASE("bad input stops the run with exit 2 and nothing on stdout") {
    // A good account with the given usage file text, rated for July.
    auto with_usage = [](const std::string& usage) {
        Scenario s;
        s.accounts(one_account("ccc-payg"));
        s.raw_usage(usage);
        return s.eval("2019-07", "2019-07");
    };
    SUBCASE("wrong usage header") {
        Run r = with_usage("account,call_id,start,direction,number\na,c1,2019-07-01T10:00:00,outbound,F1\n");
        CHECK(r.rc == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("header") != std::string::npos);
    }
    SUBCASE("empty usage file") {
        Run r = with_usage("");
        CHECK(r.rc == 2);
        CHECK(r.err.find("empty") != std::string::npos);
    }
    SUBCASE("missing usage file") {
        Scenario s;
        s.accounts(one_account("ccc-payg"));
        Run r = s.eval("2019-07", "2019-07");
        CHECK(r.rc == 2);
        CHECK(r.out.empty());
    }
    SUBCASE("accounts errors name the account and the field") {
        Scenario s;
        s.usage("");
        s.accounts(R"({"accounts": [{"id": "a", "plan": "ccc-payg", "numbers": [{"number": "1", "kind": "mobile"}]}]})");
        Run r = s.eval("2019-07", "2019-07");
        CHECK(r.rc == 2);
        CHECK(r.err.find("account \"a\"") != std::string::npos);
        CHECK(r.err.find("kind") != std::string::npos);
    }
    SUBCASE("bad months") {
        Scenario s;
        s.accounts(one_account("ccc-payg"));
        s.usage("");
        CHECK(s.eval("2019-13", "2019-07").rc == 2);
        CHECK(s.eval("2019-08", "2019-07").rc == 2);
    }
}

// ---------------------------------------------------------------- property tests

TEST_CASE("properties on generated usage") {
    for (unsigned seed : {1u, 2u, 3u}) {
        Generated g = generate(seed, 12, 150);
        Scenario s;
        s.accounts(g.accounts);
        auto join = [](const std::vector<std::string>& rows) {
            std::string out;
            for (const auto& r : rows) out += r;
            return out;
        };
        s.usage(join(g.rows));
        Run base = s.eval("2019-07", "2019-09");
        REQUIRE(base.rc == 0);

        // rows = rated + rejected + out of period
        const json& sum = base.doc["summary"];
        CHECK(sum["rows"].get<long>() == sum["rated"].get<long>() + sum["rejected"].get<long>() + sum["out_of_period"].get<long>());
        CHECK(sum["rows"].get<std::size_t>() == g.rows.size());

        for (const auto& inv : base.doc["invoices"]) {
            // total = sum of the rounded lines
            Decimal total;
            for (const auto& l : inv["lines"]) total += *Decimal::parse(l["amount"].get<std::string>());
            CHECK(total == *Decimal::parse(inv["total"].get<std::string>()));
            // packs never overdrawn: 0 <= remaining, used <= size
            for (const auto& p : inv["packs"]) {
                CHECK(!Decimal::parse(p["remaining"].get<std::string>())->is_negative());
                CHECK(*Decimal::parse(p["used"].get<std::string>()) <= Decimal::from_int(10000));
            }
        }

        // Row order does not matter (distinct start times).
        std::mt19937 rng(seed * 7919);
        auto shuffled = g.rows;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        s.usage(join(shuffled));
        Run again = s.eval("2019-07", "2019-09");
        REQUIRE(again.rc == 0);
        CHECK(again.doc["invoices"] == base.doc["invoices"]);
        CHECK(again.doc["summary"] == base.doc["summary"]);

        // Two runs give byte-identical output.
        CHECK(s.eval("2019-07", "2019-09").out == again.out);
    }
}

TEST_CASE("the shipped pricing-page example reproduces the totals of §4") {
    tarifc::EvalOptions o;
    fs::path ex = repo_root() / "examples" / "ccc-pricing-page";
    o.tariff_path = (repo_root() / "tariffs" / "aliyun-ccc").string();
    o.accounts_path = (ex / "accounts.json").string();
    o.usage_path = (ex / "calls.csv").string();
    o.from = o.to = "2019-07";
    o.format = tarifc::EvalFormat::Json;
    std::ostringstream out, err;
    REQUIRE(tarifc::run_eval(o, out, err) == 0);
    json doc = json::parse(out.str());
    const char* totals[] = {"90.93", "69.93", "34.93", "30034.93", "245.00", "234.00", "199.00", "30199.00"};
    REQUIRE(doc["invoices"].size() == 8);
    for (int i = 0; i < 8; ++i) {
        CHECK(doc["invoices"][i]["account"] == fmt::format("case{}", i + 1));
        CHECK(doc["invoices"][i]["total"] == totals[i]);
    }
}

TEST_CASE("--account: the selected accounts' invoices as in a full run; every other row counted") {
    Generated g = generate(7, 6, 150);
    Scenario s;
    s.accounts(g.accounts);
    std::string rows = g.joined();
    rows += "zz,u1,2019-07-01T10:00:00,outbound,F,60\n";  // an unknown account: another account's row
    rows += "acct01,\"bad\n";                              // malformed: still rejected (whose is it?)
    s.usage(rows);
    const Run all = s.eval("2019-07", "2019-09");
    REQUIRE(all.rc == 0);
    CHECK(!all.doc["summary"].contains("other_accounts"));
    for (int threads : {1, 3}) {
        const Run some = s.eval("2019-07", "2019-09", tarifc::EvalFormat::Json, threads, {"acct04", "acct01", "acct04"});
        REQUIRE(some.rc == 0);
        json expected = json::array();
        for (const auto& inv : all.doc["invoices"])
            if (inv["account"] == "acct01" || inv["account"] == "acct04") expected.push_back(inv);
        CHECK(expected.size() == 6);
        CHECK(some.doc["invoices"] == expected);
        const json& sum = some.doc["summary"];
        CHECK(sum["rows"] == all.doc["summary"]["rows"]);
        CHECK(sum["other_accounts"] == 4 * 150 + 1);
        CHECK(sum["rated"].get<long>() + sum["rejected"].get<long>() + sum["out_of_period"].get<long>() +
                  sum["other_accounts"].get<long>() ==
              sum["rows"].get<long>());
        // Only the malformed row is rejected: it cannot be told whose it is.
        REQUIRE(some.doc["rejected"].size() == 1);
        CHECK(some.doc["rejected"][0]["reason"].get<std::string>().rfind("malformed CSV", 0) == 0);
    }
}

TEST_CASE("--account: an id not in the accounts file is bad usage, with a suggestion") {
    Scenario s;
    s.accounts(one_account("ccc-payg"));
    s.usage(calls("F1", "outbound", 3));
    Run r = s.eval("2019-07", "2019-07", tarifc::EvalFormat::Json, 1, {"b"});
    CHECK(r.rc == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("error[E0901]: --account b: no such account in ") != std::string::npos);
    CHECK(r.err.find("did you mean 'a'?") != std::string::npos);
}
