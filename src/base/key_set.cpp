#include "base/key_set.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

namespace tarifc {

namespace {

constexpr std::size_t kInitialCapacity = 16;
constexpr uint64_t kMaxCapacity = uint64_t{1} << 32;  // a slot's place comes from a 32-bit tag

// At most 80% of the slots are used: linear probing then reads about 3
// slots a new key on average over a table's filling, in one or two cache lines.
constexpr std::size_t kLoadNum = 4, kLoadDen = 5;
inline bool over_load(std::size_t count, std::size_t capacity) { return count * kLoadDen > capacity * kLoadNum; }

}  // namespace

bool KeySet::equals(uint32_t ref, std::string_view key) const {
    const uint64_t off = ref - 1;
    const char* p = chunks_[off >> kChunkBits].get() + (off & (kChunkBytes - 1));
    const auto first = static_cast<unsigned char>(*p);
    std::size_t n = first;
    if (first < 255) {
        p += 1;
    } else {
        uint32_t n32;
        std::memcpy(&n32, p + 1, sizeof n32);
        n = n32;
        p += 5;
    }
    return n == key.size() && (n == 0 || std::memcmp(p, key.data(), n) == 0);
}

uint32_t KeySet::append(std::string_view key) {
    const uint64_t n = key.size();
    const uint64_t record = (n < 255 ? 1 : 5) + n;
    const uint64_t covered = static_cast<uint64_t>(chunks_.size()) << kChunkBits;
    const bool fresh = record > covered - end_;  // does not fit in what is left of the last chunk
    const uint64_t start = fresh ? covered : end_;
    if (n > UINT32_MAX || start + record > arena_limit_)
        throw std::length_error("KeySet: key arena over its bound of " + std::to_string(arena_limit_) + " bytes");
    uint64_t end = start + record;
    if (fresh) {
        const uint64_t count = (record + kChunkBytes - 1) >> kChunkBits;  // 1, or more for a key over 1 MiB
        const std::size_t bytes = static_cast<std::size_t>(count << kChunkBits);
        chunks_.reserve(chunks_.size() + count);
        chunks_.emplace_back(new char[bytes]);
        for (uint64_t i = 1; i < count; ++i) chunks_.emplace_back();
        chunk_bytes_ += bytes;
        // After a key longer than a chunk, the next key starts a new
        // chunk: every key then starts in a chunk of its own index.
        if (count > 1) end = start + bytes;
    }
    char* p = chunks_[start >> kChunkBits].get() + (start & (kChunkBytes - 1));
    if (n < 255) {
        *p++ = static_cast<char>(n);
    } else {
        *p++ = static_cast<char>(255);
        const auto n32 = static_cast<uint32_t>(n);
        std::memcpy(p, &n32, sizeof n32);
        p += sizeof n32;
    }
    if (n > 0) std::memcpy(p, key.data(), n);
    end_ = end;
    return static_cast<uint32_t>(start + 1);
}

bool KeySet::contains_hashed(std::string_view key, uint64_t h) const {
    if (slots_.empty()) return false;
    const auto tag = static_cast<uint32_t>(h);
    const std::size_t cap = slots_.size();
    for (std::size_t i = home(tag);;) {
        const Slot s = slots_[i];
        if (s.ref == 0) return false;
        if (s.tag == tag && equals(s.ref, key)) return true;
        if (++i == cap) i = 0;
    }
}

bool KeySet::insert_hashed(std::string_view key, uint64_t h) {
    if (slots_.empty() || over_load(count_ + 1, slots_.size()))
        rebuild(slots_.empty() ? kInitialCapacity : slots_.size() + slots_.size() / 2);
    const auto tag = static_cast<uint32_t>(h);
    const std::size_t cap = slots_.size();
    std::size_t i = home(tag);
    for (;;) {
        const Slot s = slots_[i];
        if (s.ref == 0) break;
        if (s.tag == tag && equals(s.ref, key)) return false;
        if (++i == cap) i = 0;
    }
    const uint32_t ref = append(key);  // may throw: the set is unchanged
    slots_[i] = Slot{tag, ref};
    ++count_;
    return true;
}

void KeySet::reserve(std::size_t n) {
    std::size_t cap = n / kLoadNum * kLoadDen;  // the fewest slots that hold n keys
    if (cap < kInitialCapacity) cap = kInitialCapacity;
    while (over_load(n, cap)) ++cap;
    if (cap > slots_.size()) rebuild(cap);
}

void KeySet::rebuild(std::size_t capacity) {
    if (capacity > kMaxCapacity) throw std::length_error("KeySet: more keys than 2^32 slots hold");
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    for (const Slot& s : old) {
        if (s.ref == 0) continue;
        std::size_t i = home(s.tag);
        while (slots_[i].ref != 0)
            if (++i == capacity) i = 0;
        slots_[i] = s;
    }
}

}  // namespace tarifc
