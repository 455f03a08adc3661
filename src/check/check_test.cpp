// `tarifc check` through the driver: exit statuses, --deny-warnings and the
// JSON document, on the shipped CCC price book.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

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

// A copy of the CCC price book without its allow comments: the seat cliff
// warning (W0307) is shown again.
std::string ccc_without_allows() {
    const fs::path dir = fs::temp_directory_path() / ("tarifc-check-test-ccc-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(ccc())) {
        if (e.path().extension() != ".tariff") continue;
        std::ifstream in(e.path());
        std::ofstream out(dir / e.path().filename());
        for (std::string line; std::getline(in, line);) {
            if (auto at = line.find("  # tarifc: allow"); at != std::string::npos) line.erase(at);
            out << line << '\n';
        }
    }
    return dir.string();
}
}  // namespace

TEST_CASE("the CCC price book is clean: its seat cliff is allowed by a comment") {
    tarifc::CheckOptions o;
    o.paths = {ccc()};
    std::ostringstream out, err;
    CHECK(tarifc::run_check(o, out, err) == tarifc::kExitClean);
    CHECK(out.str().empty());
    CHECK(err.str() == "checked 3 files: 0 errors, 0 warnings (1 allowed by comments)\n");
    o.deny_warnings = true;
    CHECK(tarifc::run_check(o, out, err) == tarifc::kExitClean);
}

TEST_CASE("without the allow comment, the seat cliff is a warning") {
    tarifc::CheckOptions o;
    o.paths = {ccc_without_allows()};
    std::ostringstream out, err;
    CHECK(tarifc::run_check(o, out, err) == tarifc::kExitClean);
    CHECK(out.str().empty());
    CHECK(err.str().find("warning[W0307]: volume pricing cliff: buying more costs less: 99 seat cost 19,701.00 CNY but "
                         "100 seat cost 17,900.00 CNY") != std::string::npos);
    CHECK(err.str().find("error[") == std::string::npos);
}

TEST_CASE("--deny-warnings turns the warning into a finding") {
    tarifc::CheckOptions o;
    o.paths = {ccc_without_allows()};
    o.deny_warnings = true;
    std::ostringstream out, err;
    CHECK(tarifc::run_check(o, out, err) == tarifc::kExitFindings);
}

TEST_CASE("--format json is a versioned document with counts and ranges") {
    tarifc::CheckOptions o;
    o.paths = {ccc_without_allows()};
    o.format = tarifc::CheckFormat::Json;
    std::ostringstream out, err;
    REQUIRE(tarifc::run_check(o, out, err) == tarifc::kExitClean);
    auto doc = nlohmann::json::parse(out.str());
    CHECK(doc["version"] == 1);
    CHECK(doc["valid"] == true);
    CHECK(doc["errors"] == 0);
    CHECK(doc["warnings"] == 1);
    CHECK(doc["allowed"] == 0);
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

    o.paths = {ccc()};
    std::ostringstream out3, err3;
    CHECK(tarifc::run_check(o, out3, err3) == tarifc::kExitClean);
    auto allowed = nlohmann::json::parse(out3.str());
    CHECK(allowed["warnings"] == 0);
    CHECK(allowed["allowed"] == 1);
    CHECK(allowed["diagnostics"].empty());
}

TEST_CASE("unreadable paths are trouble, not findings") {
    tarifc::CheckOptions o;
    o.paths = {"/nonexistent/tariff.tariff"};
    std::ostringstream out, err;
    CHECK(tarifc::run_check(o, out, err) == tarifc::kExitTrouble);
    CHECK(err.str() == "/nonexistent/tariff.tariff: error[E0902]: no such file or folder\n");
}
