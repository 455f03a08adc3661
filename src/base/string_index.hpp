// A compact open-addressing map from text to a small integer, used where the
// evaluator must find an account, a number or a list entry by its text for
// every usage row. Hand-written (not std::unordered_map<std::string, int>)
// because it is on the per-row hot path: keys live in one arena, lookups
// take a string_view and never allocate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tarifc {

class StringIndex {
public:
    // Returns the value stored for `key`, or -1.
    int32_t find(std::string_view key) const;
    // Inserts key -> value if absent; returns the existing value, or -1 if inserted.
    int32_t insert(std::string_view key, int32_t value);
    std::size_t size() const { return count_; }
    void reserve(std::size_t n);

    static uint64_t hash(std::string_view key);
    // For callers that know the key early: start loading its slot into the
    // cache, then insert with the same hash later (hides a cache miss per
    // row on large tables).
    void prefetch(uint64_t h) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
    }
    // The second step, a few rows later when the slot is in the cache:
    // start loading the text of the key in the slot `h` lands on.
    void prefetch_key(uint64_t h) const {
        if (slots_.empty()) return;
        const Slot& s = slots_[h & (slots_.size() - 1)];
        if (s.value >= 0) __builtin_prefetch(arena_.data() + s.offset);
    }
    int32_t insert_hashed(std::string_view key, uint64_t h, int32_t value);
    int32_t find_hashed(std::string_view key, uint64_t h) const;

private:
    // 16 bytes: the low 32 bits of the hash are enough both to place a
    // slot (the arena's 4 GiB bound keeps tables under 2^32 slots) and to
    // skip most unequal keys before comparing text.
    struct Slot {
        uint32_t hash = 0;
        uint32_t offset = 0;  // into arena_
        uint32_t length = 0;
        int32_t value = -1;   // -1: empty
    };
    std::vector<Slot> slots_;
    std::string arena_;
    std::size_t count_ = 0;
    void grow();
};

}  // namespace tarifc
