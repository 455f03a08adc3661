#include "base/string_index.hpp"

#include <cstring>
#include <stdexcept>

namespace tarifc {

namespace {

constexpr std::size_t kInitialCapacity = 16;  // a table that grows by inserting
constexpr std::size_t kSmallestCapacity = 2;  // a table reserved for a few keys

inline uint64_t load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline uint64_t load_tail(const char* p, std::size_t n) {  // n in 1..7
    uint64_t v = 0;
    std::memcpy(&v, p, n);
    return v;
}

inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// The splitmix64 finaliser: every input bit affects every output bit.
inline uint64_t avalanche(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

// Whether the table holding `count` keys in `capacity` slots is over 70% full.
inline bool over_load(std::size_t count, std::size_t capacity) { return count * 10 > capacity * 7; }

}  // namespace

uint64_t StringIndex::hash(std::string_view key) {
    // Eight bytes at a time, each word mixed by multiply-rotate-multiply
    // (the murmur/xxhash family), then the length and a final avalanche.
    constexpr uint64_t k1 = 0x9e3779b97f4a7c15ULL;
    constexpr uint64_t k2 = 0xc2b2ae3d27d4eb4fULL;
    const char* p = key.data();
    std::size_t n = key.size();
    uint64_t h = 0x27d4eb2f165667c5ULL ^ (static_cast<uint64_t>(n) * k1);
    while (n >= 8) {
        uint64_t w = load64(p) * k2;
        w = rotl(w, 31) * k1;
        h = rotl(h ^ w, 27) * k1 + 0x52dce729;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        uint64_t w = load_tail(p, n) * k2;
        w = rotl(w, 31) * k1;
        h ^= w;
    }
    return avalanche(h);
}

int32_t StringIndex::find(std::string_view key) const { return find_hashed(key, hash(key)); }

int32_t StringIndex::find_hashed(std::string_view key, uint64_t h) const {
    if (slots_.empty()) return -1;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (s.value < 0) return -1;
        if (s.hash == static_cast<uint32_t>(h) && s.length == key.size() &&
            (key.empty() || std::memcmp(arena_.data() + s.offset, key.data(), key.size()) == 0))
            return s.value;
    }
}

int32_t StringIndex::insert(std::string_view key, int32_t value) { return insert_hashed(key, hash(key), value); }

int32_t StringIndex::insert_hashed(std::string_view key, uint64_t h, int32_t value) {
    if (value < 0) throw std::invalid_argument("StringIndex: values must not be negative");
    if (slots_.empty() || over_load(count_ + 1, slots_.size())) grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (s.value < 0) break;
        if (s.hash == static_cast<uint32_t>(h) && s.length == key.size() &&
            (key.empty() || std::memcmp(arena_.data() + s.offset, key.data(), key.size()) == 0))
            return s.value;
    }
    if (arena_.size() + key.size() > UINT32_MAX)
        throw std::length_error("StringIndex: key arena over 4 GiB");
    Slot& s = slots_[i];
    s.hash = static_cast<uint32_t>(h);
    s.offset = static_cast<uint32_t>(arena_.size());
    s.length = static_cast<uint32_t>(key.size());
    s.value = value;
    arena_.append(key);
    ++count_;
    return -1;
}

void StringIndex::reserve(std::size_t n) {
    // An empty table takes the fewest slots that hold `n` keys (an
    // account's list of 4 numbers: 8 slots, not 16), none for no key.
    if (slots_.empty() && n == 0) return;
    std::size_t cap = slots_.empty() ? kSmallestCapacity : slots_.size();
    while (over_load(n, cap)) cap *= 2;
    if (cap == slots_.size()) return;
    std::vector<Slot> old(cap);
    old.swap(slots_);
    const std::size_t mask = cap - 1;
    for (const Slot& s : old) {
        if (s.value < 0) continue;
        std::size_t i = s.hash & mask;
        while (slots_[i].value >= 0) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

void StringIndex::grow() { reserve(slots_.empty() ? kInitialCapacity * 7 / 10 : count_ + 1); }

}  // namespace tarifc
