// Exact decimal numbers for money, rates and quantities. No binary floating
// point anywhere: a value is an integer mantissa times 10^-scale, every
// operation is exact or explicitly rounded, and a result that does not fit
// throws OverflowError instead of wrapping.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tarifc {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

// Thrown when a result does not fit (never wraps). what() names the
// operation, e.g. "decimal overflow in multiplication".
struct OverflowError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class RoundingMode : uint8_t {
    Ceil,      // toward +infinity
    Floor,     // toward -infinity
    HalfUp,    // nearest; ties away from zero
    HalfEven,  // nearest; ties to the even neighbour
    HalfDown,  // nearest; ties toward zero
    Up,        // away from zero
    Down,      // toward zero
};

// Names as written in tariffs: "ceil", "floor", "half-up", "half-even",
// "half-down", "up", "down".
std::string_view to_string(RoundingMode mode);
std::optional<RoundingMode> rounding_mode_from_string(std::string_view name);

// value = mantissa × 10^(-scale), 0 <= scale <= kMaxScale.
// Invariant: the mantissa is never the most negative i128, so negation and
// magnitudes are always safe (|mantissa| <= 2^127 - 1).
class Decimal {
public:
    static constexpr int kMaxScale = 30;
    static constexpr int kMaxDigits = 38;  // significant digits accepted by parse()

    constexpr Decimal() = default;  // 0

    static Decimal from_int(int64_t value);
    // Throws OverflowError if scale > kMaxScale or mantissa is the most
    // negative i128; std::invalid_argument if scale < 0.
    static Decimal from_parts(i128 mantissa, int scale);

    // Strict parse of  -?[0-9]+(\.[0-9]+)?  ('-' only when allow_sign; no
    // '+', exponent, spaces, leading or trailing '.'). Leading zeros are
    // accepted; the scale is the number of digits written after the point
    // ("1.50" has scale 2). Returns nullopt if malformed; throws
    // OverflowError if well formed but not representable (more than 38
    // significant digits, or more than kMaxScale digits after the point).
    static std::optional<Decimal> parse(std::string_view text, bool allow_sign = true);

    i128 mantissa() const { return mantissa_; }
    int scale() const { return scale_; }

    bool is_zero() const { return mantissa_ == 0; }
    bool is_negative() const { return mantissa_ < 0; }
    int sign() const { return mantissa_ < 0 ? -1 : (mantissa_ > 0 ? 1 : 0); }
    bool is_integer() const;                  // no nonzero fractional digit
    std::optional<int64_t> to_int64() const;  // only if is_integer() and it fits

    // Exact, checked. + and - align scales (result scale = the larger);
    // * adds scales. A result whose scale would exceed kMaxScale, or whose
    // mantissa would not fit, sheds trailing zeros of the exact result; if
    // it still does not fit, OverflowError.
    friend Decimal operator+(const Decimal& a, const Decimal& b);
    friend Decimal operator-(const Decimal& a, const Decimal& b);
    friend Decimal operator*(const Decimal& a, const Decimal& b);
    Decimal operator-() const;
    // Inline fast path for equal scales (meters accumulate on the hot path).
    Decimal& operator+=(const Decimal& other) {
        i128 r;
        if (scale_ == other.scale_ && !__builtin_add_overflow(mantissa_, other.mantissa_, &r) && r != kMinMantissa) {
            mantissa_ = r;
            return *this;
        }
        return *this = *this + other;
    }
    Decimal& operator-=(const Decimal& other);
    Decimal& operator*=(const Decimal& other);

    // By value: 1.50 == 1.5.
    friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
    friend bool operator==(const Decimal& a, const Decimal& b) {
        if (a.scale_ == b.scale_) return a.mantissa_ == b.mantissa_;
        return (a <=> b) == 0;
    }

    // Rounds to `places` decimals (places >= 0, else std::invalid_argument).
    // If the value already has at most `places` decimals it is returned
    // unchanged (its scale is kept).
    Decimal rounded(int places, RoundingMode mode) const;
    // Rounds to a multiple of `step` (step > 0, else std::invalid_argument),
    // e.g. 0.05. The result has the scale of `step`.
    Decimal rounded_to_step(const Decimal& step, RoundingMode mode) const;

    // The only inexact division: a / b rounded to `places` decimals
    // (0 <= places <= kMaxScale, else std::invalid_argument). The result has
    // scale `places`, unless that mantissa would not fit: then trailing zeros
    // are shed as for *. b == 0 throws std::domain_error; a quotient that
    // does not fit at all throws OverflowError.
    static Decimal divide(const Decimal& a, const Decimal& b, int places, RoundingMode mode);
    // The exact quotient (normalized) if it has a finite decimal expansion
    // with at most kMaxScale decimals, else nullopt. b == 0 throws
    // std::domain_error; an exact quotient too large throws OverflowError.
    static std::optional<Decimal> divide_exact(const Decimal& a, const Decimal& b);

    Decimal normalized() const;  // trailing fractional zeros stripped

    // Normalized plain text: "700", "-0.5", "62.5". Never an exponent,
    // never "-0".
    std::string to_string() const;
    // Exactly `places` decimals: "34.93", "0.00", "-1.20". Requires the
    // value to have at most `places` nonzero-significant decimals (1.500 is
    // fine for 2), else std::logic_error.
    std::string to_fixed(int places) const;
    // The same, appended to `out`.
    void append_to(std::string& out) const;
    void append_fixed_to(std::string& out, int places) const;

private:
    static constexpr i128 kMinMantissa = static_cast<i128>(static_cast<u128>(1) << 127);
    constexpr Decimal(i128 mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}
    friend struct DecimalAccess;

    i128 mantissa_ = 0;
    int scale_ = 0;
};

}  // namespace tarifc
