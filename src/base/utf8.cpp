#include "base/utf8.hpp"

#include <algorithm>
#include <array>

namespace tarifc::utf8 {

namespace {

// For each lead byte: the sequence length and the allowed range of the
// second byte (RFC 3629's table: the range excludes overlong forms,
// surrogates and code points above U+10FFFF). Length 0: not a lead byte.
struct Lead {
    uint8_t length;
    uint8_t second_lo, second_hi;
};

constexpr Lead lead(unsigned char c) {
    if (c < 0x80) return {1, 0, 0};
    if (c < 0xC2) return {0, 0, 0};  // continuation byte, or an overlong 2-byte lead
    if (c < 0xE0) return {2, 0x80, 0xBF};
    if (c == 0xE0) return {3, 0xA0, 0xBF};  // no overlong 3-byte form
    if (c == 0xED) return {3, 0x80, 0x9F};  // no surrogates
    if (c < 0xF0) return {3, 0x80, 0xBF};
    if (c == 0xF0) return {4, 0x90, 0xBF};  // no overlong 4-byte form
    if (c < 0xF4) return {4, 0x80, 0xBF};
    if (c == 0xF4) return {4, 0x80, 0x8F};  // nothing above U+10FFFF
    return {0, 0, 0};
}

constexpr std::array<Lead, 256> make_leads() {
    std::array<Lead, 256> t{};
    for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = lead(static_cast<unsigned char>(c));
    return t;
}
constexpr std::array<Lead, 256> kLeads = make_leads();

struct Range {
    char32_t first, last;
};

// Wide (2 cells): East Asian Wide and Fullwidth blocks (after Markus Kuhn's
// wcwidth) and the emoji blocks. Sorted, for binary search.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},  {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},  {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},  {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},  {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},  {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},  {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},  {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},  {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},  {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
    {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

// Zero width: combining marks, zero-width space/joiners, variation selectors.
constexpr Range kZero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

template <std::size_t N>
bool in(const Range (&table)[N], char32_t cp) {
    const Range* end = table + N;
    const Range* r = std::upper_bound(table, end, cp, [](char32_t c, const Range& x) { return c < x.first; });
    return r != table && cp <= (r - 1)->last;
}

}  // namespace

Decoded decode(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const Lead& l = kLeads[c];
    if (l.length == 1) return {c, 1};
    if (l.length == 0 || i + l.length > s.size()) return {kInvalid, 1};
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < l.second_lo || b1 > l.second_hi) return {kInvalid, 1};
    char32_t cp = c & (0x7F >> l.length);
    cp = (cp << 6) | (b1 & 0x3F);
    for (std::size_t k = 2; k < l.length; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return {kInvalid, 1};
        cp = (cp << 6) | (b & 0x3F);
    }
    return {cp, l.length};
}

std::size_t first_invalid(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII: the common case
            ++i;
            continue;
        }
        const Decoded d = decode(s, i);
        if (d.code_point == kInvalid) return i;
        i += d.length;
    }
    return std::string_view::npos;
}

int width(char32_t cp) {
    if (cp < 0x300) return 1;
    if (cp == kInvalid) return 1;
    if (in(kZero, cp)) return 0;
    return in(kWide, cp) ? 2 : 1;
}

std::size_t display_width(std::string_view s) {
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size();) {
        const Decoded d = decode(s, i);
        w += static_cast<std::size_t>(width(d.code_point));
        i += d.length;
    }
    return w;
}

std::size_t utf16_length(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const Decoded d = decode(s, i);
        n += d.code_point != kInvalid && d.code_point >= 0x10000 ? 2 : 1;
        i += d.length;
    }
    return n;
}

}  // namespace tarifc::utf8
