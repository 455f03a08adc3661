#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands/rating.hpp"
#include "diff/plan_changes.hpp"
#include "plan/expr_text.hpp"
#include "eval/eval_test_support.hpp"

using namespace tarifc;
using namespace tarifc::diff;

namespace {

std::vector<plan::Tariff> ccc(Workspace& ws) {
    std::vector<plan::Tariff> t;
    std::ostringstream err;
    REQUIRE(load_checked_tariffs((eval_test::repo_root() / "tariffs" / "aliyun-ccc").string(), ws, t, err));
    return t;
}

plan::Tariff& named(std::vector<plan::Tariff>& ts, const std::string& name) {
    for (auto& t : ts)
        if (t.name == name) return t;
    FAIL("no tariff " << name);
    return ts.front();
}

plan::Charge& charge(plan::Tariff& t, const std::string& name) {
    for (auto& c : t.charges)
        if (c.name == name) return c;
    FAIL("no charge " << name);
    return t.charges.front();
}

}  // namespace

TEST_CASE("plan_changes: the same book compiled twice has no change (positions are not compared)") {
    Workspace w1, w2;
    auto a = ccc(w1), b = ccc(w2);
    CHECK(plan_changes(a, b).empty());
}

TEST_CASE("plan_changes: a band's rate, a rate, a pack size, a removed charge, a removed tariff") {
    Workspace w1, w2;
    auto a = ccc(w1), b = ccc(w2);
    auto& seat = named(b, "ccc-seat");
    std::get<plan::Volume>(charge(seat, "seats").pricing).bands[1].rate = *Decimal::parse("169");
    std::get<plan::PerUnit>(charge(seat, "fixed_outbound").pricing).rate = *Decimal::parse("0.12");
    seat.charges.erase(seat.charges.begin() + (&charge(seat, "inbound_400") - seat.charges.data()));
    REQUIRE(!seat.packs.empty());
    seat.packs[0].sizes[0].price = seat.packs[0].sizes[0].price + Decimal::from_int(1);
    std::erase_if(b, [](const plan::Tariff& t) { return t.name == "ccc-payg"; });

    const auto changes = plan_changes(a, b);
    std::vector<std::string> lines;
    for (const auto& c : changes) lines.push_back(change_line(c));
    REQUIRE(lines.size() == 5);
    CHECK(lines[0].rfind("ccc-payg: tariff: removed", 0) == 0);
    CHECK(lines[1].find("ccc-seat: pack ") == 0);
    CHECK(lines[2] == "ccc-seat: charge seats: band 2: over 99 seat up to 299 seat at 179 CNY/seat -> "
                      "over 99 seat up to 299 seat at 169 CNY/seat");
    CHECK(lines[3] == "ccc-seat: charge fixed_outbound: rate: 0.11 CNY/minute -> 0.12 CNY/minute");
    CHECK(lines[4].rfind("ccc-seat: charge inbound_400: removed (", 0) == 0);
    CHECK(changes[4].kind == PlanChange::Kind::Removed);
    CHECK(plan_changes(b, a).size() == 5);
}

TEST_CASE("plan_changes: every eval golden's tariffs compiled twice compare equal") {
    namespace fs = std::filesystem;
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(eval_test::repo_root() / "tests" / "golden" / "eval")) {
        std::ifstream in(entry.path() / "case");
        std::string first;
        if (!(in >> first)) continue;
        Workspace w1, w2;
        std::vector<plan::Tariff> a, b;
        std::ostringstream err;
        if (!load_checked_tariffs((entry.path() / first).string(), w1, a, err)) continue;  // cases of bad tariffs
        REQUIRE(load_checked_tariffs((entry.path() / first).string(), w2, b, err));
        INFO(entry.path().string());
        CHECK(plan_changes(a, b).empty());
        ++cases;
    }
    CHECK(cases > 20);
}

TEST_CASE("plan_changes: lets, meters and fields are compared by name, expressions as text") {
    Workspace w1, w2;
    auto a = ccc(w1), b = ccc(w2);
    auto& seat = named(b, "ccc-seat");
    CHECK(plan::expr_text(seat, seat.lets[0].value) == "round(call.duration_s to minute ceil)");
    // The let's value becomes another (existing) expression; a meter is renamed; a field gets a default.
    seat.lets[0].value = seat.lets[1].value;
    seat.meters.back().name += "_2";
    for (auto& f : seat.inputs.account_fields)
        if (f.name == "seats") f.default_value = Decimal::from_int(1);
    std::vector<std::string> lines;
    for (const auto& c : plan_changes(a, b)) lines.push_back(change_line(c));
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == "ccc-seat: account field seats: default: 0 -> 1");
    CHECK(lines[1] == "ccc-seat: let minutes: value: round(call.duration_s to minute ceil) -> call.number.kind = aliyun-fixed");
    CHECK(lines[2].rfind("ccc-seat: meter recorded_seconds: removed (title ", 0) == 0);
    // What reads the meter reads it by its name: a renamed meter changes the charge's text too.
    CHECK(lines[3] == "ccc-seat: charge quality_inspection: on: recorded_seconds (second) -> recorded_seconds_2 (second)");
    CHECK(lines[4].rfind("ccc-seat: meter recorded_seconds_2: added (title ", 0) == 0);
}
