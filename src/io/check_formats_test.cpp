#include "io/check_formats.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace tarifc;

namespace {

Diagnostics one(Diagnostic d) {
    Diagnostics diags;
    diags.add(std::move(d));
    return diags;
}

}  // namespace

TEST_CASE("github: '%', CR and LF escaped in the message; ':' and ',' too in properties") {
    SourceFile f("a:b,c%.tariff", "x\n");
    Diagnostic d{Severity::Warning, "W0103", {&f, 0, 1}, {}, "100% sure: a, b\r\nc", {}};
    CHECK(check_github(one(d)) ==
          "::warning file=a%3Ab%2Cc%25.tariff,line=1,col=1,endColumn=1,title=W0103::100%25 sure: a, b%0D%0Ac\n");
}

TEST_CASE("github: a diagnostic without a file has no file property; a data place keeps its line") {
    CHECK(check_github(one(Diagnostic::error_at("E0901", {}, "no command given"))) ==
          "::error title=E0901::no command given\n");
    CHECK(check_github(one(Diagnostic::error_at("E0701", {"accounts.json", 3, 7}, "not JSON"))) ==
          "::error file=accounts.json,line=3,col=7,title=E0701::not JSON\n");
}

TEST_CASE("github: columns in UTF-16 code units, endColumn the last character; several lines: no columns") {
    // "é📞x": é is 2 bytes and 1 unit, 📞 4 bytes and 2 units.
    SourceFile f("t.tariff", "\xC3\xA9\xF0\x9F\x93\x9Ex y\nz\n");
    CHECK(check_github(one({Severity::Error, "E0001", {&f, 6, 7}, {}, "m", {}})) ==
          "::error file=t.tariff,line=1,col=4,endColumn=4,title=E0001::m\n");
    CHECK(check_github(one({Severity::Error, "E0001", {&f, 2, 6}, {}, "m", {}})) ==
          "::error file=t.tariff,line=1,col=2,endColumn=3,title=E0001::m\n");
    CHECK(check_github(one({Severity::Error, "E0001", {&f, 8, 11}, {}, "m", {}})) ==
          "::error file=t.tariff,line=1,endLine=2,title=E0001::m\n");
    // Ending with the newline: still one line, up to the newline's column.
    CHECK(check_github(one({Severity::Error, "E0001", {&f, 8, 10}, {}, "m", {}})) ==
          "::error file=t.tariff,line=1,col=6,endColumn=7,title=E0001::m\n");
}

TEST_CASE("sarif: one run, every code a rule, a result per diagnostic with its rule index and UTF-16 region") {
    SourceFile f("dir/é.tariff", "\xF0\x9F\x93\x9E ab\n");
    Diagnostic d{Severity::Warning, "W0103", {&f, 5, 7}, {}, "let 'ab' is never used", {}};
    d.notes.push_back({{}, "remove it"});
    d.notes.push_back({{&f, 0, 4}, "here"});
    const auto log = nlohmann::json::parse(check_sarif(one(d), true));
    CHECK(log["version"] == "2.1.0");
    REQUIRE(log["runs"].size() == 1);
    const auto& run = log["runs"][0];
    CHECK(run["columnKind"] == "utf16CodeUnits");
    const auto& rules = run["tool"]["driver"]["rules"];
    const auto& r = run["results"][0];
    CHECK(rules[r["ruleIndex"].get<std::size_t>()]["id"] == "W0103");
    CHECK(r["level"] == "warning");
    CHECK(r["message"]["text"] == "let 'ab' is never used\nnote: remove it\nnote: dir/é.tariff:1:1: here");
    const auto& loc = r["locations"][0]["physicalLocation"];
    CHECK(loc["artifactLocation"]["uri"] == "dir/%C3%A9.tariff");
    CHECK(loc["region"] == nlohmann::json{{"startLine", 1}, {"startColumn", 4}, {"endLine", 1}, {"endColumn", 6}});
    CHECK(r["relatedLocations"].size() == 1);
    CHECK(run["invocations"][0]["executionSuccessful"] == true);
}

TEST_CASE("path_uri: relative paths stay relative, absolute ones become file URIs") {
    CHECK(path_uri("tariffs/a b.tariff") == "tariffs/a%20b.tariff");
    CHECK(path_uri("tariffs\\x#1.tariff") == "tariffs/x%231.tariff");
    CHECK(path_uri("/srv/t.tariff") == "file:///srv/t.tariff");
}

TEST_CASE("an allowed warning: counted, not shown; SARIF lists it suppressed in source, github leaves it out") {
    SourceFile f("t.tariff", "let a = 1  # tarifc: allow W0103: kept\nlet b = 2\n");
    Diagnostics diags;
    diags.warning("W0103", {&f, 4, 5}, "let 'a' is never used");
    diags.warning("W0103", {&f, 43, 44}, "let 'b' is never used");
    diags.allow_if([&](const Diagnostic& d) -> std::optional<Allowance> {
        if (d.range.begin != 4) return std::nullopt;
        return Allowance{"kept", {&f, 11, 38}};
    });
    CHECK(diags.warning_count() == 1);
    CHECK(diags.allowed_count() == 1);
    REQUIRE(diags.allowed().size() == 1);
    CHECK(diags.allowed()[0].warning.message == "let 'a' is never used");
    CHECK(check_github(diags) == "::warning file=t.tariff,line=2,col=5,endColumn=5,title=W0103::let 'b' is never used\n");
    const auto results = nlohmann::json::parse(check_sarif(diags, true))["runs"][0]["results"];
    REQUIRE(results.size() == 2);
    CHECK(!results[0].contains("suppressions"));
    CHECK(results[1]["message"]["text"] == "let 'a' is never used");
    const auto& s = results[1]["suppressions"];
    REQUIRE(s.size() == 1);
    CHECK(s[0]["kind"] == "inSource");
    CHECK(s[0]["justification"] == "kept");
    const auto& region = s[0]["location"]["physicalLocation"]["region"];
    CHECK(region["startLine"] == 1);
    CHECK(region["startColumn"] == 12);
    CHECK(region["endColumn"] == 39);
}
