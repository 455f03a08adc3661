// Exact decimal arithmetic. The fast paths use i128 with the GCC overflow
// builtins; when a fast path overflows, the exact result is recomputed in
// 256 bits and only then either fitted (by shedding trailing zeros) or
// reported as OverflowError. Nothing is ever wrapped or silently truncated.
#include "base/decimal.hpp"

#include <array>
#include <limits>

namespace tarifc {

struct DecimalAccess {
    static Decimal make(i128 mantissa, int scale) { return Decimal(mantissa, scale); }
};

namespace {

constexpr i128 kI128Max = static_cast<i128>(~static_cast<u128>(0) >> 1);
constexpr i128 kI128Min = -kI128Max - 1;

constexpr std::array<i128, 39> make_pow10() {
    std::array<i128, 39> t{};
    i128 v = 1;
    for (std::size_t i = 0; i < t.size(); ++i) {
        t[i] = v;
        if (i + 1 < t.size()) v *= 10;
    }
    return t;
}
constexpr std::array<i128, 39> kPow10 = make_pow10();  // 10^0 .. 10^38

inline u128 magnitude(i128 v) { return v < 0 ? static_cast<u128>(-v) : static_cast<u128>(v); }

[[noreturn]] void overflow(const char* operation) {
    throw OverflowError(std::string("decimal overflow in ") + operation);
}

// ---- 256-bit unsigned arithmetic (slow paths only) -------------------------

struct U256 {
    uint64_t w[4] = {0, 0, 0, 0};  // little endian limbs
};

U256 u256(u128 v) {
    U256 r;
    r.w[0] = static_cast<uint64_t>(v);
    r.w[1] = static_cast<uint64_t>(v >> 64);
    return r;
}

bool is_zero_u256(const U256& a) { return (a.w[0] | a.w[1] | a.w[2] | a.w[3]) == 0; }

bool fits_i128(const U256& a) {
    return a.w[3] == 0 && a.w[2] == 0 && a.w[1] <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
}

u128 low_u128(const U256& a) { return (static_cast<u128>(a.w[1]) << 64) | a.w[0]; }

U256 mul_u128(u128 a, u128 b) {
    const uint64_t x[2] = {static_cast<uint64_t>(a), static_cast<uint64_t>(a >> 64)};
    const uint64_t y[2] = {static_cast<uint64_t>(b), static_cast<uint64_t>(b >> 64)};
    U256 r;
    for (int i = 0; i < 2; ++i) {
        uint64_t carry = 0;
        for (int j = 0; j < 2; ++j) {
            u128 t = static_cast<u128>(x[i]) * y[j] + r.w[i + j] + carry;
            r.w[i + j] = static_cast<uint64_t>(t);
            carry = static_cast<uint64_t>(t >> 64);
        }
        r.w[i + 2] = carry;
    }
    return r;
}

// a *= m; returns false if the product does not fit in 256 bits.
bool mul_u64(U256& a, uint64_t m) {
    uint64_t carry = 0;
    for (auto& limb : a.w) {
        u128 t = static_cast<u128>(limb) * m + carry;
        limb = static_cast<uint64_t>(t);
        carry = static_cast<uint64_t>(t >> 64);
    }
    return carry == 0;
}

// a *= 10^e; returns false if the product does not fit in 256 bits.
bool mul_pow10(U256& a, int e) {
    while (e > 0) {
        int step = e > 19 ? 19 : e;
        if (!mul_u64(a, static_cast<uint64_t>(kPow10[static_cast<std::size_t>(step)]))) return false;
        e -= step;
    }
    return true;
}

// a /= d; returns the remainder.
uint64_t divmod_u64(U256& a, uint64_t d) {
    uint64_t rem = 0;
    for (int i = 3; i >= 0; --i) {
        u128 t = (static_cast<u128>(rem) << 64) | a.w[i];
        a.w[i] = static_cast<uint64_t>(t / d);
        rem = static_cast<uint64_t>(t % d);
    }
    return rem;
}

int cmp(const U256& a, const U256& b) {
    for (int i = 3; i >= 0; --i) {
        if (a.w[i] != b.w[i]) return a.w[i] < b.w[i] ? -1 : 1;
    }
    return 0;
}

U256 add(const U256& a, const U256& b) {  // callers guarantee no carry out
    U256 r;
    uint64_t carry = 0;
    for (int i = 0; i < 4; ++i) {
        u128 t = static_cast<u128>(a.w[i]) + b.w[i] + carry;
        r.w[i] = static_cast<uint64_t>(t);
        carry = static_cast<uint64_t>(t >> 64);
    }
    return r;
}

U256 sub(const U256& a, const U256& b) {  // requires a >= b
    U256 r;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; ++i) {
        uint64_t bi = b.w[i] + borrow;
        uint64_t next = (bi < borrow) || (a.w[i] < bi) ? 1 : 0;
        r.w[i] = a.w[i] - bi;
        borrow = next;
    }
    return r;
}

void shl1(U256& a) {
    for (int i = 3; i > 0; --i) a.w[i] = (a.w[i] << 1) | (a.w[i - 1] >> 63);
    a.w[0] <<= 1;
}

int bit_length(const U256& a) {
    for (int i = 3; i >= 0; --i) {
        if (a.w[i] != 0) return i * 64 + (64 - __builtin_clzll(a.w[i]));
    }
    return 0;
}

// Shift-subtract long division; d != 0.
void divmod(const U256& n, const U256& d, U256& q, U256& r) {
    q = U256{};
    r = U256{};
    for (int i = bit_length(n) - 1; i >= 0; --i) {
        shl1(r);
        r.w[0] |= (n.w[i / 64] >> (i % 64)) & 1U;
        if (cmp(r, d) >= 0) {
            r = sub(r, d);
            q.w[i / 64] |= uint64_t{1} << (i % 64);
        }
    }
}

// Builds a Decimal from an exact sign/magnitude/scale, shedding trailing
// zeros while the scale is too large or the magnitude does not fit.
Decimal finish_wide(bool negative, U256 mag, int scale, const char* operation) {
    while ((scale > Decimal::kMaxScale || !fits_i128(mag)) && scale > 0) {
        U256 q = mag;
        if (divmod_u64(q, 10) != 0) break;
        mag = q;
        --scale;
    }
    if (scale > Decimal::kMaxScale || !fits_i128(mag)) overflow(operation);
    i128 m = static_cast<i128>(low_u128(mag));
    return DecimalAccess::make(negative ? -m : m, scale);
}

// ---- rounding --------------------------------------------------------------

// Whether a truncated quotient magnitude must be bumped away from zero.
// half_cmp is the sign of (2*remainder - divisor); inexact: remainder != 0.
bool round_away(RoundingMode mode, bool negative, bool inexact, int half_cmp, bool q_odd) {
    if (!inexact) return false;
    switch (mode) {
        case RoundingMode::Ceil: return !negative;
        case RoundingMode::Floor: return negative;
        case RoundingMode::Up: return true;
        case RoundingMode::Down: return false;
        case RoundingMode::HalfUp: return half_cmp >= 0;
        case RoundingMode::HalfDown: return half_cmp > 0;
        case RoundingMode::HalfEven: return half_cmp > 0 || (half_cmp == 0 && q_odd);
    }
    return false;
}

// sign of (2r - d) for 0 <= r < d, without overflow.
inline int half_cmp_u128(u128 r, u128 d) {
    u128 rest = d - r;
    return r < rest ? -1 : (r > rest ? 1 : 0);
}

int half_cmp_u256(const U256& r, const U256& d) { return cmp(r, sub(d, r)); }

// Magnitude q (from n / d with remainder r) rounded, as a signed Decimal.
Decimal rounded_quotient(u128 q, u128 r, u128 d, bool negative, int scale, RoundingMode mode,
                         const char* operation) {
    if (round_away(mode, negative, r != 0, r != 0 ? half_cmp_u128(r, d) : -1, (q & 1U) != 0)) ++q;
    if (q > static_cast<u128>(kI128Max)) return finish_wide(negative, u256(q), scale, operation);
    i128 m = static_cast<i128>(q);
    return DecimalAccess::make(negative ? -m : m, scale);
}

u128 gcd(u128 a, u128 b) {
    while (b != 0) {
        u128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// Appends the digits of `mag` with a point before the last `scale` digits
// (scale may exceed the number of digits: leading "0.00..").
void append_digits(std::string& out, bool negative, u128 mag, int scale) {
    char buf[40];
    int n = 0;
    do {
        buf[n++] = static_cast<char>('0' + static_cast<int>(mag % 10));
        mag /= 10;
    } while (mag != 0);
    if (negative) out.push_back('-');
    if (n <= scale) {
        out.push_back('0');
        out.push_back('.');
        out.append(static_cast<std::size_t>(scale - n), '0');
        while (n > 0) out.push_back(buf[--n]);
        return;
    }
    while (n > scale) out.push_back(buf[--n]);
    if (scale > 0) {
        out.push_back('.');
        while (n > 0) out.push_back(buf[--n]);
    }
}

}  // namespace

// ---- rounding mode names ----------------------------------------------------

std::string_view to_string(RoundingMode mode) {
    switch (mode) {
        case RoundingMode::Ceil: return "ceil";
        case RoundingMode::Floor: return "floor";
        case RoundingMode::HalfUp: return "half-up";
        case RoundingMode::HalfEven: return "half-even";
        case RoundingMode::HalfDown: return "half-down";
        case RoundingMode::Up: return "up";
        case RoundingMode::Down: return "down";
    }
    return "?";
}

std::optional<RoundingMode> rounding_mode_from_string(std::string_view name) {
    if (name == "ceil") return RoundingMode::Ceil;
    if (name == "floor") return RoundingMode::Floor;
    if (name == "half-up") return RoundingMode::HalfUp;
    if (name == "half-even") return RoundingMode::HalfEven;
    if (name == "half-down") return RoundingMode::HalfDown;
    if (name == "up") return RoundingMode::Up;
    if (name == "down") return RoundingMode::Down;
    return std::nullopt;
}

// ---- construction -------------------------------------------------------------

Decimal Decimal::from_int(int64_t value) { return Decimal(value, 0); }

Decimal Decimal::from_parts(i128 mantissa, int scale) {
    if (scale < 0) throw std::invalid_argument("decimal scale must not be negative");
    if (scale > kMaxScale) overflow("from_parts (scale too large)");
    if (mantissa == kI128Min) overflow("from_parts (mantissa too large)");
    return Decimal(mantissa, scale);
}

std::optional<Decimal> Decimal::parse(std::string_view text, bool allow_sign) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    bool negative = false;
    if (i < n && text[i] == '-') {
        if (!allow_sign) return std::nullopt;
        negative = true;
        ++i;
    }
    auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    const std::size_t int_begin = i;
    while (i < n && is_digit(text[i])) ++i;
    const std::size_t int_end = i;
    if (int_end == int_begin) return std::nullopt;
    std::size_t frac_begin = i, frac_end = i;
    if (i < n && text[i] == '.') {
        ++i;
        frac_begin = i;
        while (i < n && is_digit(text[i])) ++i;
        frac_end = i;
        if (frac_end == frac_begin) return std::nullopt;
    }
    if (i != n) return std::nullopt;

    const std::size_t scale = frac_end - frac_begin;
    if (scale > static_cast<std::size_t>(kMaxScale)) overflow("parse (too many decimals)");
    u128 acc = 0;
    int significant = 0;
    auto take = [&](char c) {
        const unsigned d = static_cast<unsigned>(c - '0');
        if (significant == 0 && d == 0) return;
        if (++significant > kMaxDigits) overflow("parse (too many digits)");
        acc = acc * 10 + d;
    };
    for (std::size_t k = int_begin; k < int_end; ++k) take(text[k]);
    for (std::size_t k = frac_begin; k < frac_end; ++k) take(text[k]);
    i128 m = static_cast<i128>(acc);  // < 10^38 < 2^127
    return Decimal(negative ? -m : m, static_cast<int>(scale));
}

// ---- queries -------------------------------------------------------------------

bool Decimal::is_integer() const {
    return scale_ == 0 || mantissa_ % kPow10[static_cast<std::size_t>(scale_)] == 0;
}

std::optional<int64_t> Decimal::to_int64() const {
    // Fast path (the evaluator's hot path reads integers at scale 0): no
    // 128-bit division.
    if (scale_ == 0) {
        if (mantissa_ < std::numeric_limits<int64_t>::min() || mantissa_ > std::numeric_limits<int64_t>::max())
            return std::nullopt;
        return static_cast<int64_t>(mantissa_);
    }
    if (!is_integer()) return std::nullopt;
    i128 v = mantissa_ / kPow10[static_cast<std::size_t>(scale_)];
    if (v < std::numeric_limits<int64_t>::min() || v > std::numeric_limits<int64_t>::max()) return std::nullopt;
    return static_cast<int64_t>(v);
}

Decimal Decimal::normalized() const {
    if (mantissa_ == 0) return Decimal();
    i128 m = mantissa_;
    int s = scale_;
    while (s > 0 && m % 10 == 0) {
        m /= 10;
        --s;
    }
    return Decimal(m, s);
}

// ---- arithmetic -------------------------------------------------------------------

namespace {

Decimal add_impl(const Decimal& a, const Decimal& b, const char* operation) {
    const i128 ma = a.mantissa(), mb = b.mantissa();
    const int sa = a.scale(), sb = b.scale();
    i128 r;
    if (sa == sb) {
        if (!__builtin_add_overflow(ma, mb, &r) && r != kI128Min) return DecimalAccess::make(r, sa);
    } else {
        i128 aligned;
        const bool a_low = sa < sb;
        const i128 lo = a_low ? ma : mb, hi = a_low ? mb : ma;
        const int k = a_low ? sb - sa : sa - sb;
        if (!__builtin_mul_overflow(lo, kPow10[static_cast<std::size_t>(k)], &aligned) &&
            !__builtin_add_overflow(aligned, hi, &r) && r != kI128Min)
            return DecimalAccess::make(r, a_low ? sb : sa);
    }
    // Exact in 256 bits: both aligned magnitudes are < 2^127 * 10^30 < 2^227.
    const int scale = sa > sb ? sa : sb;
    U256 wa = mul_u128(magnitude(ma), static_cast<u128>(kPow10[static_cast<std::size_t>(scale - sa)]));
    U256 wb = mul_u128(magnitude(mb), static_cast<u128>(kPow10[static_cast<std::size_t>(scale - sb)]));
    const bool na = ma < 0, nb = mb < 0;
    if (na == nb) return finish_wide(na, add(wa, wb), scale, operation);
    const int c = cmp(wa, wb);
    if (c == 0) return Decimal();
    return c > 0 ? finish_wide(na, sub(wa, wb), scale, operation)
                 : finish_wide(nb, sub(wb, wa), scale, operation);
}

}  // namespace

Decimal operator+(const Decimal& a, const Decimal& b) { return add_impl(a, b, "addition"); }

Decimal operator-(const Decimal& a, const Decimal& b) { return add_impl(a, -b, "subtraction"); }

Decimal operator*(const Decimal& a, const Decimal& b) {
    const int scale = a.scale_ + b.scale_;
    i128 p;
    if (!__builtin_mul_overflow(a.mantissa_, b.mantissa_, &p) && p != kI128Min && scale <= Decimal::kMaxScale)
        return Decimal(p, scale);
    if (a.mantissa_ == 0 || b.mantissa_ == 0) return Decimal();
    const bool negative = (a.mantissa_ < 0) != (b.mantissa_ < 0);
    return finish_wide(negative, mul_u128(magnitude(a.mantissa_), magnitude(b.mantissa_)), scale,
                       "multiplication");
}

Decimal Decimal::operator-() const { return Decimal(-mantissa_, scale_); }

Decimal& Decimal::operator-=(const Decimal& other) { return *this = *this - other; }
Decimal& Decimal::operator*=(const Decimal& other) { return *this = *this * other; }

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
    if (a.scale_ == b.scale_) return a.mantissa_ <=> b.mantissa_;
    const int sa = a.sign(), sb = b.sign();
    if (sa != sb) return sa <=> sb;
    if (sa == 0) return std::strong_ordering::equal;
    // Same nonzero sign: align the smaller scale; if that overflows, its
    // magnitude exceeds every i128, so it is the larger in magnitude.
    if (a.scale_ < b.scale_) {
        i128 aligned;
        if (__builtin_mul_overflow(a.mantissa_, kPow10[static_cast<std::size_t>(b.scale_ - a.scale_)], &aligned))
            return sa > 0 ? std::strong_ordering::greater : std::strong_ordering::less;
        return aligned <=> b.mantissa_;
    }
    i128 aligned;
    if (__builtin_mul_overflow(b.mantissa_, kPow10[static_cast<std::size_t>(a.scale_ - b.scale_)], &aligned))
        return sa > 0 ? std::strong_ordering::less : std::strong_ordering::greater;
    return a.mantissa_ <=> aligned;
}


// ---- rounding and division --------------------------------------------------------

Decimal Decimal::rounded(int places, RoundingMode mode) const {
    if (places < 0) throw std::invalid_argument("decimal rounding places must not be negative");
    if (places >= scale_) return *this;
    const u128 d = static_cast<u128>(kPow10[static_cast<std::size_t>(scale_ - places)]);
    const u128 mag = magnitude(mantissa_);
    return rounded_quotient(mag / d, mag % d, d, mantissa_ < 0, places, mode, "rounding");
}

Decimal Decimal::rounded_to_step(const Decimal& step, RoundingMode mode) const {
    if (step.sign() <= 0) throw std::invalid_argument("decimal rounding step must be positive");
    return divide(*this, step, 0, mode) * step;
}

Decimal Decimal::divide(const Decimal& a, const Decimal& b, int places, RoundingMode mode) {
    if (b.mantissa_ == 0) throw std::domain_error("decimal division by zero");
    if (places < 0 || places > kMaxScale)
        throw std::invalid_argument("decimal division places must be in 0..30");
    if (a.mantissa_ == 0) return Decimal(0, places);
    const bool negative = (a.mantissa_ < 0) != (b.mantissa_ < 0);
    // q = round(|ma| * 10^e / |mb|), e = places + sb - sa.
    const int e = places + b.scale_ - a.scale_;
    const u128 ma = magnitude(a.mantissa_), mb = magnitude(b.mantissa_);
    u128 num = ma, den = mb;
    bool fast = true;
    if (e > 0) fast = e <= 38 && !__builtin_mul_overflow(ma, static_cast<u128>(kPow10[static_cast<std::size_t>(e)]), &num);
    else if (e < 0) fast = !__builtin_mul_overflow(mb, static_cast<u128>(kPow10[static_cast<std::size_t>(-e)]), &den);
    if (fast) return rounded_quotient(num / den, num % den, den, negative, places, mode, "division");

    // Exact in 256 bits. |e| <= 60; if the numerator exceeds 2^256 the
    // quotient exceeds 2^256 / 2^127, which cannot fit anyway.
    U256 wn = u256(ma), wd = u256(mb);
    if (e > 0 && !mul_pow10(wn, e)) overflow("division");
    if (e < 0 && !mul_pow10(wd, -e)) overflow("division");
    U256 q, r;
    divmod(wn, wd, q, r);
    const bool inexact = !is_zero_u256(r);
    if (round_away(mode, negative, inexact, inexact ? half_cmp_u256(r, wd) : -1, (q.w[0] & 1U) != 0))
        q = add(q, u256(1));
    return finish_wide(negative, q, places, "division");
}

std::optional<Decimal> Decimal::divide_exact(const Decimal& a, const Decimal& b) {
    if (b.mantissa_ == 0) throw std::domain_error("decimal division by zero");
    if (a.mantissa_ == 0) return Decimal();
    // a/b = (n/d) * 10^(sb - sa) with n/d in lowest terms. It terminates iff
    // d = 2^x * 5^y; then n/d = n * 2^(m-x) * 5^(m-y) / 10^m, m = max(x, y),
    // and that mantissa has no trailing zero when m > 0 (n is coprime to d).
    const bool negative = (a.mantissa_ < 0) != (b.mantissa_ < 0);
    const u128 ma = magnitude(a.mantissa_), mb = magnitude(b.mantissa_);
    const u128 g = gcd(ma, mb);
    u128 n = ma / g, d = mb / g;
    int x = 0, y = 0;
    while (d % 2 == 0) d /= 2, ++x;
    while (d % 5 == 0) d /= 5, ++y;
    if (d != 1) return std::nullopt;
    const int m = x > y ? x : y;
    int scale = a.scale_ - b.scale_ + m;
    if (scale > kMaxScale) return std::nullopt;
    // The exact mantissa; any overflow here means the quotient cannot fit.
    for (int i = 0; i < m - x; ++i)
        if (__builtin_mul_overflow(n, u128{2}, &n)) overflow("division");
    for (int i = 0; i < m - y; ++i)
        if (__builtin_mul_overflow(n, u128{5}, &n)) overflow("division");
    if (scale < 0) {
        if (-scale > 38 ||
            __builtin_mul_overflow(n, static_cast<u128>(kPow10[static_cast<std::size_t>(-scale)]), &n))
            overflow("division");
        scale = 0;
    }
    if (n > static_cast<u128>(kI128Max)) overflow("division");
    const i128 v = static_cast<i128>(n);
    return Decimal(negative ? -v : v, scale).normalized();
}

// ---- text ---------------------------------------------------------------------------

void Decimal::append_to(std::string& out) const {
    if (mantissa_ == 0) {
        out.push_back('0');
        return;
    }
    const Decimal n = normalized();
    append_digits(out, n.mantissa_ < 0, magnitude(n.mantissa_), n.scale_);
}

void Decimal::append_fixed_to(std::string& out, int places) const {
    if (places < 0) throw std::logic_error("to_fixed: negative number of places");
    const Decimal n = normalized();
    if (n.scale_ > places)
        throw std::logic_error("to_fixed: value " + to_string() + " has more than " + std::to_string(places) +
                               " decimals");
    if (n.mantissa_ == 0) {
        out.push_back('0');
    } else {
        append_digits(out, n.mantissa_ < 0, magnitude(n.mantissa_), n.scale_);
    }
    if (places > 0) {
        if (n.scale_ == 0) out.push_back('.');
        out.append(static_cast<std::size_t>(places - n.scale_), '0');
    }
}

std::string Decimal::to_string() const {
    std::string out;
    append_to(out);
    return out;
}

std::string Decimal::to_fixed(int places) const {
    std::string out;
    append_fixed_to(out, places);
    return out;
}

}  // namespace tarifc
