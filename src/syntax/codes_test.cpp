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

TEST_CASE("each code's help is its section of docs/diagnostics.md, generated from the page") {
    const auto helps = code_helps();
    REQUIRE(helps.size() == diagnostic_codes().size());
    for (std::size_t i = 0; i < helps.size(); ++i) {
        CHECK(std::string(helps[i].code) == diagnostic_codes()[i].code);
        CHECK(&code_help(i) == &helps[i]);
        CHECK(std::string(helps[i].description_text) != "");
        // Links are paths from the sources' root in Markdown, and only their text in plain text.
        const std::string md = std::string(helps[i].description_markdown) + helps[i].fix_markdown;
        for (std::size_t at = md.find("]("); at != std::string::npos; at = md.find("](", at + 1))
            CHECK(md.compare(at + 2, 5, "docs/") == 0);
        const std::string text = std::string(helps[i].description_text) + helps[i].fix_text;
        CHECK(text.find("](") == std::string::npos);
        CHECK(text.find("**") == std::string::npos);
    }
    const auto w0307 = *code_index("W0307");
    const std::string page = diagnostics_page();
    // The prose up to the first example, as written, with the link made a path from the root.
    CHECK(std::string(code_help(w0307).description_markdown) ==
          "In a `volume` table, one more unit in the next band costs less in total than\n"
          "the last unit of the band before: buying more costs less. The warning gives\n"
          "both figures; further cliffs of the same table are notes. It is a warning,\n"
          "because the price book may mean it (the CCC seat plan does: see\n"
          "[tutorial.md](docs/tutorial.md#1-check-the-tariffs)).");
    CHECK(std::string(code_help(w0307).description_text).ends_with("(the CCC seat plan does: see\ntutorial.md)."));
    CHECK(std::string(code_help(w0307).fix_text) ==
          "Fix: if the cliff is not meant, use `graduated`, or set the rates so that\n"
          "each band's first unit costs at least the band before's last.");
    // Each description and fix is text of the page (the Markdown of a section without links).
    for (const auto& h : helps)
        if (std::string(h.description_markdown).find("](") == std::string::npos)
            CHECK(page.find(h.description_markdown) != std::string::npos);
}
