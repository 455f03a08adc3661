#include <doctest/doctest.h>

#include "base/spelling.hpp"

using tarifc::closest_name;
using tarifc::edit_distance;

TEST_CASE("edit distance: insert, delete, substitute and swap neighbours cost 1 each") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("minute", "minute") == 0);
    CHECK(edit_distance("minute", "minutes") == 1);   // insertion
    CHECK(edit_distance("outbund", "outbound") == 1); // deletion the other way
    CHECK(edit_distance("knd", "kind") == 1);
    CHECK(edit_distance("max", "min") == 2);          // two substitutions
    CHECK(edit_distance("chrage", "charge") == 1);    // a swap of neighbours
    CHECK(edit_distance("durations", "duration_s") == 1);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("ab", "ba") == 1);
}

TEST_CASE("the closest name: only one, and only when it is close") {
    std::vector<std::string> fns{"ceil", "floor", "round", "max", "min"};
    CHECK(closest_name("maxi", fns) == "max");
    CHECK(closest_name("flor", fns) == "floor");
    CHECK_FALSE(closest_name("foo", fns));            // floor is 2 away: too far for 3 letters
    CHECK_FALSE(closest_name("mix", fns));            // max and min are both 1 away: no guess
    CHECK_FALSE(closest_name("max", fns));            // itself is not a suggestion
    std::vector<std::string> fields{"account", "start", "direction", "duration_s", "number"};
    CHECK(closest_name("durations", fields) == "duration_s");
    CHECK(closest_name("numbr", fields) == "number");
    CHECK_FALSE(closest_name("too_long", fields));
    CHECK_FALSE(closest_name("x", {}));
    // Longer names allow more: 3 edits beyond 8 letters, 2 up to 8.
    CHECK(closest_name("storage_bg", std::vector<std::string>{"storage_gb"}) == "storage_gb");
    CHECK_FALSE(closest_name("abcdefgh", std::vector<std::string>{"abcxyzgh"}));
}
