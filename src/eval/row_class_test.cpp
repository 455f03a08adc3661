// Row classes (row_class.hpp): which rules are worked out once per class,
// and the proof that it changes nothing: every run here is made with and
// without the cache and must be byte-identical, including a class whose
// static rules overflow (its rows take the uncached path and are rejected
// exactly as before).
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "commands/rating.hpp"
#include "eval/eval_test_support.hpp"
#include "eval/row_class.hpp"
#include "syntax/load.hpp"

using namespace eval_test;
using tarifc::EvalFormat;

namespace {

const char* kTariff = R"(tariff rc "Row classes" version 2024-01-01
currency USD
rounding money to 0.01 half-up per line
unit second
unit minute = 60 second
account {
    id: text key
    plan: plan
    lines: list of line keyed by number {
        number: text
        kind: one of local, intl
        factor: decimal default 1
    }
}
usage call {
    account: account
    call_id: text unique per account
    start: timestamp
    direction: one of inbound, outbound
    number: ref lines
    duration_s: integer second
}
let minutes = ceil(call.duration_s to minute)
let huge = call.number.factor * call.number.factor > 1
let intl_out = call.number.kind = intl and call.direction = outbound
reject call when intl_out and minutes > 100 minute
    because "long international call"
reject call when call.number.kind = local and call.direction = inbound
    because "local inbound is not billed here"
meter intl_minutes "International minutes" = sum(minutes) of calls where intl_out
meter all_minutes "All minutes" = sum(minutes) of calls where not huge or huge
charge intl "International" monthly
    on intl_minutes
    at 0.5 USD/minute
charge all "All" monthly
    on all_minutes
    at 0.01 USD/minute
)";

// The accounts: "big"'s number B has a factor whose square no value holds,
// so every rule of its class throws while being worked out.
const char* kAccounts = R"({"accounts": [
  {"id": "a", "plan": "rc", "lines": [{"number": "L", "kind": "local"}, {"number": "I", "kind": "intl"}]},
  {"id": "big", "plan": "rc", "lines": [{"number": "L", "kind": "local"},
     {"number": "B", "kind": "intl", "factor": "100000000000000000000000000000"}]}]})";

struct Both {
    Run on, off;
};

Both run_both(Scenario& s, EvalFormat f, int threads) {
    Both b;
    s.row_classes(true);
    b.on = s.eval("2024-01", "2024-02", f, threads);
    s.row_classes(false);
    b.off = s.eval("2024-01", "2024-02", f, threads);
    s.row_classes(true);
    return b;
}

}  // namespace

TEST_CASE("row classes: static rules get a bit, per-row lets stay per row") {
    Scenario s;
    s.tariff(kTariff);
    tarifc::Workspace ws;
    std::vector<tarifc::plan::Tariff> tariffs;
    std::ostringstream err;
    REQUIRE(tarifc::load_checked_tariffs(s.path("tariff.tariff").string(), ws, tariffs, err));
    REQUIRE(tariffs.size() == 1);
    const auto& t = tariffs[0];
    const auto p = tarifc::rating::plan_row_classes(t, t.inputs);
    CHECK(p.enabled);
    REQUIRE(p.dims.size() == 2);  // the direction (2 values) and the number (a list entry)
    CHECK(p.dims[0].values == 2);
    CHECK(p.dims[1].list >= 0);
    REQUIRE(t.lets.size() == 3);
    // minutes reads the duration: per row. huge and intl_out read only the
    // class; intl_out is read by a rule that also reads minutes, so it is
    // evaluated per row too; huge only by a cached meter filter.
    CHECK(p.let_static == std::vector<uint8_t>{0, 1, 1});
    CHECK(p.let_per_row == std::vector<uint8_t>{1, 0, 1});
    CHECK(p.reject_bit == std::vector<int8_t>{-1, 0});
    CHECK(p.meter_bit == std::vector<int8_t>{1, 2});
}

TEST_CASE("row classes: a class whose rules overflow is rated uncached, rows rejected as before") {
    Scenario s;
    s.tariff(kTariff);
    s.accounts(kAccounts);
    s.usage(
        "a,1,2024-01-05T10:00:00,outbound,I,600\n"
        "a,2,2024-01-05T11:00:00,outbound,I,6001\n"     // over 100 minutes: rejected by the per-row rule
        "a,3,2024-01-05T12:00:00,inbound,L,60\n"        // local inbound: rejected by the cached rule
        "a,4,2024-01-05T13:00:00,outbound,L,61\n"
        "big,1,2024-01-06T10:00:00,outbound,B,60\n"     // the class that overflows
        "big,2,2024-01-06T11:00:00,outbound,B,60\n"
        "big,3,2024-02-06T11:00:00,inbound,B,60\n"
        "big,4,2024-02-06T12:00:00,outbound,L,120\n"
        "a,1,2024-02-05T10:00:00,outbound,I,60\n");     // a duplicate
    for (int threads : {1, 2}) {
        Both b = run_both(s, EvalFormat::Json, threads);
        REQUIRE(b.on.rc == 0);
        CHECK(b.on.out == b.off.out);
        CHECK(b.on.err == b.off.err);
        const auto& sum = b.on.doc["summary"];
        CHECK(sum["rated"] == 3);
        CHECK(sum["rejected"] == 6);
        // Line 8 is an inbound call on B: another class of the same number,
        // which overflows too.
        CHECK(b.on.doc["rejected"].dump() ==
              R"j([{"account":"a","call_id":"2","line":3,"reason":"long international call"},)j"
              R"j({"account":"a","call_id":"3","line":4,"reason":"local inbound is not billed here"},)j"
              R"j({"account":"big","call_id":"1","line":6,"reason":"a value of this row is too large to rate"},)j"
              R"j({"account":"big","call_id":"2","line":7,"reason":"a value of this row is too large to rate"},)j"
              R"j({"account":"big","call_id":"3","line":8,"reason":"a value of this row is too large to rate"},)j"
              R"j({"account":"a","call_id":"1","line":10,"reason":"duplicate call_id \"1\" (already seen for this account)"}])j");
    }
}

TEST_CASE("row classes: the CCC tariffs rate a generated corpus the same with and without them") {
    const Generated g = generate(7, 12, 150);
    Scenario s;
    s.accounts(g.accounts);
    s.usage(g.joined());
    for (auto f : {EvalFormat::Json, EvalFormat::Csv}) {
        for (bool explain : {false, true}) {
            s.explain(explain);
            for (int threads : {1, 3}) {
                s.row_classes(true);
                Run on = s.eval("2019-07", "2019-09", f, threads);
                s.row_classes(false);
                Run off = s.eval("2019-07", "2019-09", f, threads);
                REQUIRE(on.rc == 0);
                CHECK(on.out == off.out);
                CHECK(on.err == off.err);
                CHECK(on.out.size() > 1000);
            }
        }
    }
}
