// An exact set of byte strings, for remembering every key seen once (the
// evaluator's duplicate-call-id check: millions of keys, one insert per
// usage row, never a lookup by value). Smaller than StringIndex, which it
// replaces there:
//
//   - 8-byte slots: the low 32 bits of the key's hash (its tag) and where
//     the key starts in the arena, plus 1 (0: an empty slot). Open
//     addressing with linear probing, at most 80% full; a slot's place is
//     derived from its tag alone, (tag × capacity) >> 32, so the table can
//     be any size (sized from reserve(), not rounded up to a power of two;
//     a full table grows by half) and be rebuilt without reading a key.
//   - The arena holds each key once, prefixed by its length (1 byte below
//     255, else 255 and 4 bytes), in chunks of 1 MiB that never move: no
//     reallocation copy, no doubling, at most one partly used chunk. A key
//     longer than a chunk gets a chunk of its own, a whole number of
//     chunks long.
//
// Exact: a slot whose tag equals the key's is compared byte for byte, so
// two keys with the same hash are still told apart (the set never reports
// a key it does not hold, nor misses one it does). The caller must pass the
// same hash for the same key every time (StringIndex::hash, or any function
// of the key alone).
//
// Bound: the arena is addressed by 32-bit offsets, so its keys (with their
// length prefixes and the unused tails of chunks) fit in 4 GiB; an insert
// past it throws std::length_error, leaving the set unchanged.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/string_index.hpp"

namespace tarifc {

class KeySet {
public:
    static constexpr uint64_t kMaxArenaBytes = UINT32_MAX;  // offsets are stored + 1 in 32 bits
    static constexpr unsigned kChunkBits = 20;              // 1 MiB chunks
    static constexpr uint64_t kChunkBytes = uint64_t{1} << kChunkBits;

    KeySet() = default;
    // A smaller arena bound than kMaxArenaBytes (tests of the bound).
    explicit KeySet(uint64_t arena_limit) : arena_limit_(arena_limit < kMaxArenaBytes ? arena_limit : kMaxArenaBytes) {}

    static uint64_t hash(std::string_view key) { return StringIndex::hash(key); }

    // Room for `n` keys without rebuilding the table.
    void reserve(std::size_t n);
    // Starts loading the slot a key of hash `h` lands on into the cache
    // (the caller inserts it a few rows later).
    void prefetch(uint64_t h) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[home(static_cast<uint32_t>(h))]);
    }
    // Adds `key` (of hash `h`): true if it was not in the set, false if it was.
    bool insert_hashed(std::string_view key, uint64_t h);
    bool insert(std::string_view key) { return insert_hashed(key, hash(key)); }
    bool contains_hashed(std::string_view key, uint64_t h) const;
    bool contains(std::string_view key) const { return contains_hashed(key, hash(key)); }

    std::size_t size() const { return count_; }
    std::size_t capacity() const { return slots_.size(); }
    // Bytes the arena has taken so far (its offsets' range, chunk tails included).
    uint64_t arena_bytes() const { return end_; }
    uint64_t arena_limit() const { return arena_limit_; }
    // Bytes allocated: slots and arena chunks.
    std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot) + chunk_bytes_; }

private:
    struct Slot {
        uint32_t tag = 0;  // the hash's low 32 bits
        uint32_t ref = 0;  // arena offset + 1; 0: empty
    };
    std::vector<Slot> slots_;
    std::vector<std::unique_ptr<char[]>> chunks_;  // null: covered by an earlier, longer chunk
    uint64_t end_ = 0;                             // next free arena offset
    std::size_t chunk_bytes_ = 0;
    std::size_t count_ = 0;
    uint64_t arena_limit_ = kMaxArenaBytes;

    std::size_t home(uint32_t tag) const {
        return static_cast<std::size_t>((static_cast<uint64_t>(tag) * slots_.size()) >> 32);
    }
    bool equals(uint32_t ref, std::string_view key) const;
    uint32_t append(std::string_view key);  // returns the new key's ref
    void rebuild(std::size_t capacity);
};

}  // namespace tarifc
