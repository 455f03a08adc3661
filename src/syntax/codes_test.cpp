#include "syntax/codes.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

using namespace tarifc;

namespace {

std::string diagnostics_page() {
    std::ifstream in(std::string(TARIFC_SOURCE_DIR) + "/docs/diagnostics.md", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("the table of codes is the list of sections of docs/diagnostics.md, in order") {
    const std::string page = diagnostics_page();
    REQUIRE(!page.empty());
    std::vector<std::pair<std::string, std::string>> headings;
    const std::regex heading(R"(\n### ([EW][0-9]{4}): ([^\n]*))");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), heading); it != std::sregex_iterator(); ++it)
        headings.emplace_back((*it)[1].str(), (*it)[2].str());
    const auto codes = diagnostic_codes();
    REQUIRE(headings.size() == codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
        CHECK(headings[i].first == codes[i].code);
        CHECK(headings[i].second == codes[i].title);
        CHECK(code_index(codes[i].code) == i);
    }
}

TEST_CASE("each code's help path is the anchor its row in the index links to") {
    const std::string page = diagnostics_page();
    const std::regex row(R"(\n\| \[([EW][0-9]{4})\]\(#([^)]*)\) \|)");
    std::size_t rows = 0;
    for (auto it = std::sregex_iterator(page.begin(), page.end(), row); it != std::sregex_iterator(); ++it, ++rows) {
        const auto i = code_index((*it)[1].str());
        REQUIRE(i.has_value());
        CHECK(code_help_path(diagnostic_codes()[*i]) == "docs/diagnostics.md#" + (*it)[2].str());
    }
    CHECK(rows == diagnostic_codes().size());
}

TEST_CASE("heading anchors as GitHub makes them") {
    CHECK(heading_anchor("E0007: import outside the tariff's folder") == "e0007-import-outside-the-tariffs-folder");
    CHECK(heading_anchor("E0505: `after packs` on a meter packs do not reduce") ==
          "e0505-after-packs-on-a-meter-packs-do-not-reduce");
    CHECK(heading_anchor("E0002: not UTF-8 text") == "e0002-not-utf-8-text");
    CHECK(!code_index("E9999").has_value());
}

TEST_CASE("rule names: the title as one Pascal-case word") {
    CHECK(code_name({"E0101", "unknown name"}) == "UnknownName");
    CHECK(code_name({"E0002", "not UTF-8 text"}) == "NotUTF8Text");
    CHECK(code_name({"E0007", "import outside the tariff's folder"}) == "ImportOutsideTheTariffsFolder");
    CHECK(code_name({"E0505", "`after packs` on a meter packs do not reduce"}) == "AfterPacksOnAMeterPacksDoNotReduce");
    // Every rule has a name of its own.
    std::vector<std::string> names;
    for (const auto& c : diagnostic_codes()) names.push_back(code_name(c));
    std::sort(names.begin(), names.end());
    CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
}
