#include "plan/compare.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "check/check.hpp"
#include "syntax/load.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<tarifc::plan::Tariff> compile(const std::string& text) {
    static int counter = 0;
    const fs::path p = fs::temp_directory_path() / ("tarifc-compare-test-" + std::to_string(::getpid()) + "-" +
                                                    std::to_string(counter++) + ".tariff");
    std::ofstream(p) << text;
    tarifc::Workspace ws;
    tarifc::Diagnostics diags;
    std::vector<tarifc::plan::Tariff> plans;
    if (tarifc::load_workspace({p.string()}, ws, diags)) plans = tarifc::check_workspace(ws, diags);
    fs::remove(p);
    REQUIRE_FALSE(diags.has_errors());
    REQUIRE(plans.size() == 1);
    return plans;
}

std::string seats(const std::string& rate, const std::string& extra = "") {
    return "tariff t \"T\" version 1\ncurrency USD\nrounding money to 0.01 half-up per line\nunit seat\n"
           "account {\n    id: text key\n    plan: plan\n    seats: integer seat default 0\n}\n"
           "usage call {\n    account: account\n    start: timestamp\n}\n"
           "charge seats \"Seats\" monthly\n    on account.seats\n    graduated {\n"
           "        over 0 seat up to 99 seat at 10 USD/seat\n"
           "        over 99 seat and above at " + rate + " USD/seat\n    }\n" + extra;
}

}  // namespace

TEST_CASE("plan_differences: none for the same tariff laid out otherwise, one line per changed field") {
    auto a = compile(seats("9"));
    auto same = compile("\n\n# moved down\n" + seats("9.00"));
    CHECK(tarifc::plan::plan_differences(a[0], same[0]).empty());

    auto b = compile(seats("8"));
    auto diffs = tarifc::plan::plan_differences(a[0], b[0]);
    REQUIRE(diffs.size() == 1);
    CHECK(diffs[0] == "charges[0].pricing.bands[1].rate: 9 -> 8");

    auto c = compile(seats("9", "charge base \"Base\" monthly\n    costs 5 USD\n"));
    diffs = tarifc::plan::plan_differences(a[0], c[0]);
    REQUIRE_FALSE(diffs.empty());
    CHECK(diffs[0] == "nodes: 1 entry -> 3 entries");
    CHECK(std::find(diffs.begin(), diffs.end(), "charges: 1 entry -> 2 entries") != diffs.end());
}
