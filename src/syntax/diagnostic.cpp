#include "syntax/diagnostic.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace tarifc {

Diagnostic& Diagnostics::error(std::string code, SourceRange range, std::string message) {
    all_.push_back({Severity::Error, std::move(code), range, std::move(message), {}});
    return all_.back();
}

Diagnostic& Diagnostics::warning(std::string code, SourceRange range, std::string message) {
    all_.push_back({Severity::Warning, std::move(code), range, std::move(message), {}});
    return all_.back();
}

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(std::count_if(
        all_.begin(), all_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

std::size_t Diagnostics::warning_count() const { return all_.size() - error_count(); }

namespace {
auto sort_key(const Diagnostic& d) {
    std::string_view path = d.range.file ? std::string_view(d.range.file->path) : std::string_view();
    return std::make_tuple(path, d.range.begin, d.range.end, std::string_view(d.code),
                           std::string_view(d.message));
}
}  // namespace

void Diagnostics::sort_and_dedupe() {
    std::stable_sort(all_.begin(), all_.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return sort_key(a) < sort_key(b); });
    all_.erase(std::unique(all_.begin(), all_.end(),
                           [](const Diagnostic& a, const Diagnostic& b) {
                               return sort_key(a) == sort_key(b) && a.range.file == b.range.file;
                           }),
               all_.end());
}

namespace {

// Bytes that would garble a terminal — control characters and bytes that
// are not valid UTF-8 — are shown as '?'; valid multi-byte characters pass.
std::string printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 && c >= 0xC2 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len != 0 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (!ok) {
            out.push_back('?');
            ++i;
        } else if (len == 1) {
            out.push_back((c < 0x20 && c != '\t') || c == 0x7f ? '?' : static_cast<char>(c));
            ++i;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    return out;
}

// Terminal cells taken by the character starting at s[i]: 0 for a
// continuation byte, 2 for a valid three-byte (CJK range) character, else 1.
int cells(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) return 0;
    if ((c >> 4) == 0xE && i + 2 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80)
        return 2;
    return 1;
}

void render_place(std::string& out, const SourceRange& r) {
    auto lc = r.file->line_col(r.begin);
    std::string_view line = r.file->line_text(lc.line);
    std::string gutter = fmt::format("{}", lc.line);
    out += fmt::format("{:>{}} |\n", "", gutter.size());
    out += fmt::format("{} | {}\n", gutter, printable(line));
    // Caret: spaces (tabs kept) up to the column, then ^ for the range on
    // this line (at least one).
    // Columns count bytes; the caret is padded by display width instead
    // (a tab stays a tab, a wide CJK character takes two cells).
    std::string pad;
    for (uint32_t i = 0; i + 1 < lc.column && i < line.size(); ++i) {
        if (line[i] == '\t') pad.push_back('\t');
        else pad.append(static_cast<std::size_t>(cells(line, i)), ' ');
    }
    uint32_t line_end_byte = r.file->line_starts[lc.line - 1] + static_cast<uint32_t>(line.size());
    uint32_t end = std::min(r.end, line_end_byte);
    // Count characters, not bytes, so that a caret under UTF-8 text lines up.
    std::size_t width = 0;
    for (uint32_t i = r.begin; i < end; ++i) width += static_cast<std::size_t>(cells(r.file->text, i));
    if (width == 0) width = 1;
    out += fmt::format("{:>{}} | {}{}\n", "", gutter.size(), pad, std::string(width, '^'));
}

}  // namespace

std::string render_human(const Diagnostic& d) {
    std::string out;
    const char* sev = d.severity == Severity::Error ? "error" : "warning";
    if (d.range.file) {
        auto lc = d.range.file->line_col(d.range.begin);
        out += fmt::format("{}:{}:{}: {}[{}]: {}\n", d.range.file->path, lc.line, lc.column, sev, d.code,
                           d.message);
        render_place(out, d.range);
    } else {
        out += fmt::format("{}[{}]: {}\n", sev, d.code, d.message);
    }
    for (const Note& n : d.notes) {
        if (n.range.file) {
            auto lc = n.range.file->line_col(n.range.begin);
            out += fmt::format("  = note: {}:{}:{}: {}\n", n.range.file->path, lc.line, lc.column, n.message);
        } else {
            out += fmt::format("  = note: {}\n", n.message);
        }
    }
    return out;
}

}  // namespace tarifc
