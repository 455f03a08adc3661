// The one UTF-8 decoder: the parser validates tariffs with it, diagnostics
// quote source lines and place carets with it, and the table format pads
// columns with it. Strict (RFC 3629): overlong forms, UTF-16 surrogates,
// code points above U+10FFFF and truncated sequences are invalid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tarifc::utf8 {

inline constexpr char32_t kInvalid = 0xFFFFFFFF;

struct Decoded {
    char32_t code_point;  // kInvalid when the bytes at the position are not a valid sequence
    std::size_t length;   // bytes consumed: the sequence's length, or 1 for an invalid byte
};

// The character starting at byte i of s (i < s.size()).
Decoded decode(std::string_view s, std::size_t i);

// The first byte that does not start a valid sequence, or npos.
std::size_t first_invalid(std::string_view s);

// Terminal cells a character takes: 2 for East Asian wide and fullwidth
// characters (CJK, Hangul, fullwidth forms, emoji), 0 for combining marks
// and zero-width characters, else 1. An invalid byte counts as 1 (it is
// shown as one replacement character).
int width(char32_t code_point);

// Terminal cells of a whole text.
std::size_t display_width(std::string_view s);

// UTF-16 code units of a text (SARIF's default column unit): 2 for a
// character above U+FFFF, else 1; an invalid byte counts as 1 (it would be
// decoded as one U+FFFD).
std::size_t utf16_length(std::string_view s);

}  // namespace tarifc::utf8
