// Text safety, widths, amounts and plan styles shared by chart.cpp and
// html.cpp (markup.hpp says what each is for).
#include "compare/markup.hpp"

#include <algorithm>
#include <array>

#include "base/money_text.hpp"
#include "base/utf8.hpp"

namespace tarifc::compare {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Calls f(code_point, bytes) for each character of the cleaned text.
template <class F>
void each_clean(std::string_view s, F&& f) {
    for (std::size_t i = 0; i < s.size();) {
        utf8::Decoded d = utf8::decode(s, i);
        std::string_view bytes = s.substr(i, d.length);
        i += d.length;
        char32_t c = d.code_point;
        if (c == '\t' || c == '\n' || c == '\r') {
            f(U' ', std::string_view(" "));
        } else if (c == utf8::kInvalid || c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE ||
                   c == 0xFFFF) {
            f(U'\uFFFD', kReplacement);
        } else {
            f(c, bytes);
        }
    }
}

}  // namespace

std::string clean_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    each_clean(s, [&](char32_t, std::string_view bytes) { out += bytes; });
    return out;
}

std::string escape_markup(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    each_clean(s, [&](char32_t c, std::string_view bytes) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;  // &apos; is not HTML 4; &#39; is both
            default: out += bytes;
        }
    });
    return out;
}

int text_cells(std::string_view s) {
    int cells = 0;
    each_clean(s, [&](char32_t c, std::string_view) { cells += std::max(1, utf8::width(c)); });
    return cells;
}

std::string fit_cells(std::string_view s, int cells) {
    if (text_cells(s) <= cells) return clean_text(s);
    std::string out;
    int used = 0;
    bool full = false;
    each_clean(s, [&](char32_t c, std::string_view bytes) {
        int w = std::max(1, utf8::width(c));
        if (full || used + w > cells - 1) {
            full = true;
            return;
        }
        used += w;
        out += bytes;
    });
    return out + "\xE2\x80\xA6";  // U+2026
}

std::string money_text(const Decimal& amount, int places) {
    places = std::clamp(places, 0, Decimal::kMaxScale);
    return money_fixed(amount.rounded(places, RoundingMode::HalfEven), places);
}

std::string colour_of(int plan) {
    // Okabe & Ito (2008) without yellow, too pale on white.
    static constexpr std::array<std::string_view, 7> kColours = {
        "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"};
    return std::string(kColours[static_cast<std::size_t>(std::max(plan, 0)) % kColours.size()]);
}

std::string dash_of(int plan) {
    // Six patterns against seven colours: no two of the first 42 plans look alike.
    static constexpr std::array<std::string_view, 6> kDashes = {"", "9 4", "3 3", "10 3 3 3", "14 5", "5 5"};
    return std::string(kDashes[static_cast<std::size_t>(std::max(plan, 0)) % kDashes.size()]);
}

}  // namespace tarifc::compare
