#include <doctest/doctest.h>

#include <string>

#include "base/string_index.hpp"

using tarifc::StringIndex;

TEST_CASE("StringIndex: insert and find") {
    StringIndex idx;
    CHECK(idx.size() == 0);
    CHECK(idx.find("acme") == -1);
    CHECK(idx.insert("acme", 0) == -1);
    CHECK(idx.insert("globex", 1) == -1);
    CHECK(idx.find("acme") == 0);
    CHECK(idx.find("globex") == 1);
    CHECK(idx.find("acm") == -1);
    CHECK(idx.find("acmee") == -1);
    CHECK(idx.size() == 2);
}

TEST_CASE("StringIndex: duplicates keep the first value") {
    StringIndex idx;
    CHECK(idx.insert("01066668888", 7) == -1);
    CHECK(idx.insert("01066668888", 9) == 7);
    CHECK(idx.find("01066668888") == 7);
    CHECK(idx.size() == 1);
}

TEST_CASE("StringIndex: the empty key") {
    StringIndex idx;
    CHECK(idx.find("") == -1);
    CHECK(idx.insert("", 3) == -1);
    CHECK(idx.insert("x", 4) == -1);
    CHECK(idx.find("") == 3);
    CHECK(idx.insert("", 5) == 3);
    CHECK(idx.find("x") == 4);
    CHECK(idx.size() == 2);
}

TEST_CASE("StringIndex: keys are copied") {
    StringIndex idx;
    {
        std::string k = "temporary-key-longer-than-sixteen-bytes";
        idx.insert(k, 1);
        k.assign(k.size(), 'z');
    }
    CHECK(idx.find("temporary-key-longer-than-sixteen-bytes") == 1);
}

TEST_CASE("StringIndex: growth to 100k keys") {
    StringIndex idx;
    const int n = 100000;
    for (int i = 0; i < n; ++i) REQUIRE(idx.insert("call-" + std::to_string(i), i) == -1);
    CHECK(idx.size() == static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) REQUIRE(idx.find("call-" + std::to_string(i)) == i);
    for (int i = 0; i < n; i += 997) CHECK(idx.insert("call-" + std::to_string(i), 5) == i);
    CHECK(idx.find("call-100000") == -1);
    CHECK(idx.find("call-") == -1);
}

TEST_CASE("StringIndex: reserve keeps the entries") {
    StringIndex idx;
    idx.insert("a", 1);
    idx.insert("b", 2);
    idx.reserve(10000);
    CHECK(idx.find("a") == 1);
    CHECK(idx.find("b") == 2);
    for (int i = 0; i < 10000; ++i) idx.insert(std::to_string(i), i);
    CHECK(idx.find("9999") == 9999);
    CHECK(idx.size() == 10002);
}

TEST_CASE("StringIndex: hash is deterministic and length-sensitive") {
    CHECK(StringIndex::hash("abc") == StringIndex::hash(std::string("abc")));
    CHECK(StringIndex::hash("") != StringIndex::hash(std::string_view("\0", 1)));
    CHECK(StringIndex::hash("abcdefgh") != StringIndex::hash(std::string_view("abcdefgh\0", 9)));
    CHECK(StringIndex::hash("abcdefghi") != StringIndex::hash("abcdefghj"));
}
