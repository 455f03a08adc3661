// Meter values in 8 bytes instead of a 32-byte Decimal: the rating state
// holds one per account, month with usage and meter slot (twice: the meter
// and what packs covered), so their size is most of a run's memory.
//
//   tally_add(slot, big, v)     slot += v
//   tally_sub(slot, big, v)     slot -= v
//   tally_value(slot, big)      the Decimal it holds
//
// A slot is a mantissa of at most 58 bits and sign, and a scale (0..30) in
// the low 5 bits: exactly the Decimal it stands for, scale included. A
// value that does not fit moves to `big` (the account's list of Decimals)
// and the slot keeps its index with the scale bits set to kBig. Sums are
// Decimal sums, so values, scales and overflow errors (OverflowError, same
// message) are those of Decimal's + and -; the slot only changes where the
// result is kept.
#pragma once

#include <cstdint>
#include <vector>

#include "base/decimal.hpp"

namespace tarifc::rating {

inline constexpr int64_t kTallyScaleMask = 31;
inline constexpr int64_t kTallyBig = 31;                         // scale bits of a slot kept in `big`
inline constexpr int64_t kTallyMax = (int64_t{1} << 58) - 1;    // largest mantissa kept in the slot

// The value of `slot`.
inline Decimal tally_value(int64_t slot, const std::vector<Decimal>& big) {
    const int64_t scale = slot & kTallyScaleMask;
    if (scale == kTallyBig) return big[static_cast<std::size_t>(slot >> 5)];
    return Decimal::from_parts(slot >> 5, static_cast<int>(scale));
}

// Sets `slot` to `d`, in the slot if it fits, else in `big`.
inline void tally_store(int64_t& slot, std::vector<Decimal>& big, const Decimal& d) {
    if ((slot & kTallyScaleMask) == kTallyBig) {
        big[static_cast<std::size_t>(slot >> 5)] = d;
        return;
    }
    const i128 m = d.mantissa();
    if (m >= -kTallyMax && m <= kTallyMax && d.scale() < kTallyBig) {
        slot = static_cast<int64_t>(static_cast<uint64_t>(static_cast<int64_t>(m)) << 5) | d.scale();
        return;
    }
    big.push_back(d);
    slot = static_cast<int64_t>(static_cast<uint64_t>(big.size() - 1) << 5) | kTallyBig;
}

// slot += v. The common case (same scale, the sum fits) is inline and
// touches neither `big` nor a Decimal.
inline void tally_add(int64_t& slot, std::vector<Decimal>& big, const Decimal& v) {
    const int64_t scale = slot & kTallyScaleMask;
    if (scale == v.scale()) {
        const i128 vm = v.mantissa();
        if (vm >= -kTallyMax && vm <= kTallyMax) {
            const int64_t r = (slot >> 5) + static_cast<int64_t>(vm);  // both under 2^58: no overflow
            if (r >= -kTallyMax && r <= kTallyMax) {
                slot = static_cast<int64_t>(static_cast<uint64_t>(r) << 5) | scale;
                return;
            }
        }
    }
    tally_store(slot, big, tally_value(slot, big) + v);
}

// slot -= v.
inline void tally_sub(int64_t& slot, std::vector<Decimal>& big, const Decimal& v) {
    tally_store(slot, big, tally_value(slot, big) - v);
}

}  // namespace tarifc::rating
