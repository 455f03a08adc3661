#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "base/key_set.hpp"

using tarifc::KeySet;

namespace {

// A key like the evaluator's: 4 bytes of account index, then the id text.
std::string id_key(int32_t account, const std::string& id) {
    std::string k(reinterpret_cast<const char*>(&account), sizeof account);
    return k + id;
}

}  // namespace

TEST_CASE("KeySet: insert reports new keys once") {
    KeySet s;
    CHECK(s.size() == 0);
    CHECK_FALSE(s.contains("c1"));
    CHECK(s.insert("c1"));
    CHECK(s.insert("c2"));
    CHECK_FALSE(s.insert("c1"));
    CHECK_FALSE(s.insert("c2"));
    CHECK(s.contains("c1"));
    CHECK_FALSE(s.contains("c"));
    CHECK_FALSE(s.contains("c12"));
    CHECK(s.size() == 2);
}

TEST_CASE("KeySet: the empty key, and keys with NUL bytes") {
    KeySet s;
    CHECK_FALSE(s.contains(""));
    CHECK(s.insert(""));
    CHECK_FALSE(s.insert(""));
    CHECK(s.insert(std::string_view("\0", 1)));
    CHECK(s.insert(std::string_view("\0\0", 2)));
    CHECK_FALSE(s.insert(std::string_view("\0", 1)));
    CHECK(s.insert(id_key(0, "")));
    CHECK(s.insert(id_key(1, "")));
    CHECK_FALSE(s.insert(id_key(0, "")));
    CHECK(s.size() == 5);
}

TEST_CASE("KeySet: keys are copied") {
    KeySet s;
    std::string k = "temporary-key-longer-than-sixteen-bytes";
    CHECK(s.insert(k));
    k.assign(k.size(), 'z');
    CHECK(s.insert(k));
    CHECK_FALSE(s.insert("temporary-key-longer-than-sixteen-bytes"));
}

TEST_CASE("KeySet: lengths around the one-byte prefix's limit, and long keys") {
    KeySet s;
    for (std::size_t n : {0, 1, 253, 254, 255, 256, 300, 65536, 65541, 1 << 20}) {
        const std::string a(n, 'a');
        REQUIRE(s.insert(a));
        if (n > 0) {
            std::string b = a;
            b.back() = 'b';  // differs in the last byte only
            REQUIRE(s.insert(b));
            REQUIRE_FALSE(s.insert(b));
            REQUIRE(s.insert(a + "c"));  // one longer
        }
        REQUIRE_FALSE(s.insert(a));
    }
    for (std::size_t n : {0, 1, 253, 254, 255, 256, 300, 65536, 65541, 1 << 20})
        CHECK(s.contains(std::string(n, 'a')));
    CHECK_FALSE(s.contains(std::string(257, 'a')));
    CHECK(s.contains(std::string(255, 'a') + "c"));
}

TEST_CASE("KeySet: a key longer than a chunk gets chunks of its own") {
    KeySet s;
    CHECK(s.insert("before"));
    const std::string big(3 * KeySet::kChunkBytes + 17, 'x');
    CHECK(s.insert(big));
    CHECK(s.insert("after"));
    std::string big2 = big;
    big2[big2.size() / 2] = 'y';
    CHECK(s.insert(big2));
    CHECK(s.insert("after2"));
    CHECK_FALSE(s.insert(big));
    CHECK_FALSE(s.insert(big2));
    CHECK_FALSE(s.insert("before"));
    CHECK_FALSE(s.insert("after"));
    CHECK_FALSE(s.insert("after2"));
    CHECK(s.size() == 5);
    // "before" in chunk 0; big in chunks 1..4; "after" in 5; big2 in 6..9; "after2" in 10.
    CHECK(s.arena_bytes() == 10 * KeySet::kChunkBytes + 1 + 6);
}

TEST_CASE("KeySet: colliding hashes are told apart by their text") {
    KeySet s;
    // Every key with the same hash: one long probe run, every slot's tag equal.
    const uint64_t h = 0x1234567890abcdefULL;
    for (int i = 0; i < 2000; ++i) REQUIRE(s.insert_hashed("k" + std::to_string(i), h));
    for (int i = 0; i < 2000; ++i) REQUIRE_FALSE(s.insert_hashed("k" + std::to_string(i), h));
    for (int i = 0; i < 2000; ++i) REQUIRE(s.contains_hashed("k" + std::to_string(i), h));
    CHECK_FALSE(s.contains_hashed("k2000", h));
    CHECK_FALSE(s.contains_hashed("k", h));
    CHECK(s.size() == 2000);
    // Same tag (low 32 bits), other high bits; and hashes whose tags differ
    // only in their low bits (neighbouring homes), interleaved with the run.
    KeySet t;
    for (int i = 0; i < 3000; ++i) {
        const uint64_t hi = static_cast<uint64_t>(i % 7) << 32;
        const uint64_t lo = 0x80000000u + static_cast<uint64_t>(i % 3);
        REQUIRE(t.insert_hashed(std::to_string(i), hi | lo));
    }
    for (int i = 0; i < 3000; ++i) {
        const uint64_t hi = static_cast<uint64_t>(i % 7) << 32;
        const uint64_t lo = 0x80000000u + static_cast<uint64_t>(i % 3);
        REQUIRE_FALSE(t.insert_hashed(std::to_string(i), hi | lo));
    }
    CHECK(t.size() == 3000);
    // The tags at both ends of the table: probe runs wrap around its end.
    KeySet w;
    for (int i = 0; i < 40; ++i) {
        const uint64_t hh = (i % 2) ? 0xffffffffULL : 0;
        REQUIRE(w.insert_hashed("w" + std::to_string(i), hh));
    }
    for (int i = 0; i < 40; ++i) REQUIRE_FALSE(w.insert_hashed("w" + std::to_string(i), (i % 2) ? 0xffffffffULL : 0));
    CHECK(w.size() == 40);
}

TEST_CASE("KeySet: 300k inserts across rehashes agree with std::unordered_set") {
    KeySet s;
    std::unordered_set<std::string> ref;
    // A key ending in '!' always comes with a weak hash (256 values), so
    // that equal tags are common; the others with the real one.
    auto hash_of = [](const std::string& k) {
        return k.back() == '!' ? KeySet::hash(k) & 0xff : KeySet::hash(k);
    };
    uint64_t x = 88172645463325252ULL;  // xorshift: ids with many repeats
    for (int i = 0; i < 300000; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        std::string k = id_key(static_cast<int32_t>(x % 50), "c" + std::to_string((x >> 8) % 3000));
        if (x % 10 == 0) k += '!';
        REQUIRE(s.insert_hashed(k, hash_of(k)) == ref.insert(k).second);
    }
    CHECK(s.size() == ref.size());
    CHECK(ref.size() > 100000);
    CHECK(ref.size() < 290000);
    for (const auto& k : ref) REQUIRE(s.contains_hashed(k, hash_of(k)));
    for (const auto& k : ref) REQUIRE_FALSE(s.contains_hashed(k + "?", hash_of(k + "?")));
}

TEST_CASE("KeySet: growth from a reserve, and reserve on a full table") {
    KeySet s;
    s.reserve(1000);
    const std::size_t cap = s.capacity();
    CHECK(cap >= 1250);
    CHECK(cap < 1300);  // not rounded up to a power of two
    for (int i = 0; i < 1000; ++i) REQUIRE(s.insert("r" + std::to_string(i)));
    CHECK(s.capacity() == cap);  // no rebuild within the reserve
    for (int i = 0; i < 5000; ++i) REQUIRE(s.insert("r" + std::to_string(i)) == (i >= 1000));
    CHECK(s.capacity() > cap);
    s.reserve(100000);
    for (int i = 0; i < 5000; ++i) REQUIRE_FALSE(s.insert("r" + std::to_string(i)));
    CHECK(s.size() == 5000);
    s.reserve(10);  // never shrinks
    CHECK(s.capacity() >= 125000);
}

TEST_CASE("KeySet: the arena's bound is an error, not a wrap") {
    SUBCASE("small bound") {
        KeySet s(1000);
        int inserted = 0;
        for (;; ++inserted) {
            const std::string k = "key-" + std::to_string(100000 + inserted);  // 10 bytes: 11 with the prefix
            bool fresh = false;
            try {
                fresh = s.insert(k);
            } catch (const std::length_error& e) {
                CHECK(std::string(e.what()).find("KeySet: key arena over its bound") != std::string::npos);
                break;
            }
            REQUIRE(fresh);
        }
        CHECK(inserted == 1000 / 11);
        CHECK(s.size() == 1000 / 11);
        // Unchanged by the failure: every key still there, the failed one not.
        for (int i = 0; i < inserted; ++i) REQUIRE_FALSE(s.insert("key-" + std::to_string(100000 + i)));
        CHECK_FALSE(s.contains("key-" + std::to_string(100000 + inserted)));
        CHECK_THROWS_AS(s.insert("key-" + std::to_string(100000 + inserted)), std::length_error);
        CHECK(s.size() == 1000 / 11);
    }
    SUBCASE("chunk tails count") {
        // 600 KiB keys: one per 1 MiB chunk, so three fill a 3 MiB arena.
        KeySet s(3 * KeySet::kChunkBytes);
        const std::size_t n = 600 * 1024;
        CHECK(s.insert(std::string(n, 'a')));
        CHECK(s.insert(std::string(n, 'b')));
        CHECK(s.insert(std::string(n, 'c')));
        CHECK_THROWS_AS(s.insert(std::string(n, 'd')), std::length_error);
        CHECK(s.insert("small"));  // still fits in the last chunk's tail
        CHECK_FALSE(s.insert(std::string(n, 'b')));
        CHECK(s.size() == 4);
    }
    SUBCASE("the default bound is 4 GiB") {
        CHECK(KeySet::kMaxArenaBytes == 0xffffffffULL);
        CHECK(KeySet().arena_limit() == KeySet::kMaxArenaBytes);
        CHECK(KeySet(uint64_t{1} << 40).arena_limit() == KeySet::kMaxArenaBytes);  // clamped
    }
}
