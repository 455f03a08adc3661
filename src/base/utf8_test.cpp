#include "base/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace tarifc;

namespace {
constexpr auto npos = std::string_view::npos;
char32_t cp_at(std::string_view s, std::size_t i = 0) { return utf8::decode(s, i).code_point; }
}  // namespace

TEST_CASE("utf8: ASCII, 2-, 3- and 4-byte characters decode") {
    CHECK(cp_at("a") == U'a');
    CHECK(cp_at("\xC3\xA9") == 0xE9);            // é
    CHECK(utf8::decode("\xC3\xA9", 0).length == 2);
    CHECK(cp_at("\xE2\x82\xAC") == 0x20AC);      // €
    CHECK(cp_at("\xE4\xB8\xAD") == 0x4E2D);      // 中
    CHECK(cp_at("\xF0\x9F\x98\x80") == 0x1F600); // 😀
    CHECK(utf8::decode("\xF0\x9F\x98\x80", 0).length == 4);
    CHECK(cp_at("\xF4\x8F\xBF\xBF") == 0x10FFFF);
    CHECK(utf8::first_invalid("caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80") == npos);
}

TEST_CASE("utf8: overlong forms are invalid") {
    CHECK(cp_at("\xC0\xAF") == utf8::kInvalid);          // '/' in two bytes
    CHECK(cp_at("\xC1\xBF") == utf8::kInvalid);
    CHECK(cp_at("\xE0\x80\xAF") == utf8::kInvalid);      // '/' in three bytes
    CHECK(cp_at("\xE0\x9F\xBF") == utf8::kInvalid);
    CHECK(cp_at("\xF0\x80\x80\xAF") == utf8::kInvalid);  // '/' in four bytes
    CHECK(cp_at("\xF0\x8F\xBF\xBF") == utf8::kInvalid);
    CHECK(cp_at("\xE0\xA0\x80") == 0x800);               // the smallest 3-byte form is fine
    CHECK(utf8::first_invalid("ab\xC0\xAF") == 2);
}

TEST_CASE("utf8: surrogates and code points above U+10FFFF are invalid") {
    CHECK(cp_at("\xED\xA0\x80") == utf8::kInvalid);      // U+D800
    CHECK(cp_at("\xED\xBF\xBF") == utf8::kInvalid);      // U+DFFF
    CHECK(cp_at("\xED\x9F\xBF") == 0xD7FF);
    CHECK(cp_at("\xF4\x90\x80\x80") == utf8::kInvalid);  // U+110000
    CHECK(cp_at("\xF5\x80\x80\x80") == utf8::kInvalid);
    CHECK(cp_at("\xFF") == utf8::kInvalid);
}

TEST_CASE("utf8: truncated sequences and stray continuation bytes are invalid, one byte at a time") {
    CHECK(utf8::decode("\xE4\xB8", 0).code_point == utf8::kInvalid);
    CHECK(utf8::decode("\xE4\xB8", 0).length == 1);
    CHECK(utf8::decode("\xF0\x9F\x98", 0).code_point == utf8::kInvalid);
    CHECK(utf8::decode("\xE4\xB8x", 0).code_point == utf8::kInvalid);  // a non-continuation byte
    CHECK(cp_at("\x80") == utf8::kInvalid);
    CHECK(utf8::first_invalid("ok \xE4\xB8") == 3);
    CHECK(utf8::first_invalid("\xBF") == 0);
}

TEST_CASE("utf8: display width") {
    CHECK(utf8::display_width("") == 0);
    CHECK(utf8::display_width("abc") == 3);
    CHECK(utf8::display_width("caf\xC3\xA9") == 4);
    CHECK(utf8::display_width("\xE2\x82\xAC" "5") == 2);            // € is narrow
    CHECK(utf8::display_width("\xE4\xB8\xAD\xE6\x96\x87") == 4);    // 中文: two wide characters
    CHECK(utf8::display_width("\xED\x95\x9C") == 2);                // 한 (Hangul)
    CHECK(utf8::display_width("\xEF\xBC\xA1") == 2);                // Ａ fullwidth
    CHECK(utf8::display_width("\xF0\x9F\x98\x80") == 2);            // 😀
    CHECK(utf8::display_width("e\xCC\x81") == 1);                   // e + combining acute
    CHECK(utf8::display_width("a\xFF" "b") == 3);                   // an invalid byte shows as one cell
    CHECK(utf8::width(0x4E2D) == 2);
    CHECK(utf8::width(U'a') == 1);
}

TEST_CASE("utf8: UTF-16 code units") {
    CHECK(utf8::utf16_length("") == 0);
    CHECK(utf8::utf16_length("abc") == 3);
    CHECK(utf8::utf16_length("\xC3\xA9") == 1);          // é: 2 bytes, 1 unit
    CHECK(utf8::utf16_length("\xE5\x85\x83") == 1);      // 元: 3 bytes, 1 unit
    CHECK(utf8::utf16_length("\xF0\x9F\x93\x9E") == 2);  // 📞: 4 bytes, a surrogate pair
    CHECK(utf8::utf16_length("a\xFF" "b") == 3);         // an invalid byte: 1
}
