// `tarifc check` through the driver: exit statuses, --deny-warnings and the
// JSON document, on the shipped CCC price book.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands/check.hpp"
#include "commands/eval.hpp"

namespace fs = std::filesystem;

namespace {
std::string ccc() {
    fs::path p = fs::current_path();
    while (!fs::exists(p / "tariffs" / "aliyun-ccc") && p != p.parent_path()) p = p.parent_path();
    return (p / "tariffs" / "aliyun-ccc").string();
}
}  // namespace

TEST_CASE("the CCC price book is clean but for the seat cliff") {
    tarifc::CheckOptions o;
    o.paths = {ccc()};
    std::ostringstream out, err;
    CHECK(tarifc::run_check(o, out, err) == tarifc::kExitClean);
    CHECK(out.str().empty());
    CHECK(err.str().find("warning[W0307]: volume pricing cliff: buying more costs less: 99 seat cost 19,701.00 CNY but "
                         "100 seat cost 17,900.00 CNY") != std::string::npos);
    CHECK(err.str().find("error[") == std::string::npos);
}

TEST_CASE("--deny-warnings turns the warning into a finding") {
    tarifc::CheckOptions o;
    o.paths = {ccc()};
    o.deny_warnings = true;
    std::ostringstream out, err;
    CHECK(tarifc::run_check(o, out, err) == tarifc::kExitFindings);
}

TEST_CASE("--format json is a versioned document with counts and ranges") {
    tarifc::CheckOptions o;
    o.paths = {ccc()};
    o.format = tarifc::CheckFormat::Json;
    std::ostringstream out, err;
    REQUIRE(tarifc::run_check(o, out, err) == tarifc::kExitClean);
    auto doc = nlohmann::json::parse(out.str());
    CHECK(doc["version"] == 1);
    CHECK(doc["valid"] == true);
    CHECK(doc["errors"] == 0);
    CHECK(doc["warnings"] == 1);
    CHECK(doc["files"] == 3);
    REQUIRE(doc["diagnostics"].size() == 1);
    const auto& d = doc["diagnostics"][0];
    CHECK(d["code"] == "W0307");
    CHECK(d["severity"] == "warning");
    CHECK(d["range"]["start"]["line"] == 14);
    CHECK(d["notes"].size() == 1);

    o.deny_warnings = true;
    std::ostringstream out2, err2;
    CHECK(tarifc::run_check(o, out2, err2) == tarifc::kExitFindings);
    CHECK(nlohmann::json::parse(out2.str())["valid"] == false);
}

TEST_CASE("unreadable paths are trouble, not findings") {
    tarifc::CheckOptions o;
    o.paths = {"/nonexistent/tariff.tariff"};
    std::ostringstream out, err;
    CHECK(tarifc::run_check(o, out, err) == tarifc::kExitTrouble);
    CHECK(err.str() == "/nonexistent/tariff.tariff: error[E0902]: no such file or folder\n");
}
