#include "fmt/unified_diff.hpp"

#include <doctest/doctest.h>

using tarifc::unified_diff;

TEST_CASE("unified_diff: nothing for equal texts") { CHECK(unified_diff("a\nb\n", "a\nb\n", "x").empty()); }

TEST_CASE("unified_diff: hunks with three lines of context, as diff -u prints them") {
    const std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n";
    const std::string b = "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n11\n12\n13\nX\n";
    CHECK(unified_diff(a, b, "t.tariff") ==
          "--- a/t.tariff\n+++ b/t.tariff\n"
          "@@ -3,7 +3,7 @@\n 3\n 4\n 5\n-6\n+six\n 7\n 8\n 9\n"
          "@@ -11,4 +11,4 @@\n 11\n 12\n 13\n-14\n+X\n");
    // Changes at most six lines apart share a hunk (as in GNU diff).
    const std::string c = "1\n2\n3\n4\n5\n6\n7\n";
    const std::string d = "one\n2\n3\n4\n5\n6\nseven\n";
    CHECK(unified_diff(c, d, "t") == "--- a/t\n+++ b/t\n@@ -1,7 +1,7 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n-7\n+seven\n");
}

TEST_CASE("unified_diff: empty ranges and a missing final line break") {
    CHECK(unified_diff("", "a\n", "t") == "--- a/t\n+++ b/t\n@@ -0,0 +1 @@\n+a\n");
    CHECK(unified_diff("a", "a\n", "t") == "--- a/t\n+++ b/t\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n");
    CHECK(unified_diff("a\nb\n", "b\n", "t") == "--- a/t\n+++ b/t\n@@ -1,2 +1 @@\n-a\n b\n");
}
