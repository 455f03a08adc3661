#include "syntax/diagnostic.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "base/utf8.hpp"
#include "io/json_writer.hpp"

namespace tarifc {

Diagnostic Diagnostic::error_at(std::string code, DataPlace place, std::string message) {
    return {Severity::Error, std::move(code), {}, std::move(place), std::move(message), {}};
}

Diagnostic& Diagnostics::error(std::string code, SourceRange range, std::string message) {
    all_.push_back({Severity::Error, std::move(code), range, {}, std::move(message), {}});
    return all_.back();
}

Diagnostic& Diagnostics::warning(std::string code, SourceRange range, std::string message) {
    all_.push_back({Severity::Warning, std::move(code), range, {}, std::move(message), {}});
    return all_.back();
}

Diagnostic& Diagnostics::add(Diagnostic d) {
    all_.push_back(std::move(d));
    return all_.back();
}

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(std::count_if(
        all_.begin(), all_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

std::size_t Diagnostics::warning_count() const { return all_.size() - error_count(); }

namespace {
auto sort_key(const Diagnostic& d) {
    std::string_view path = d.range.file ? std::string_view(d.range.file->path) : std::string_view(d.data.path);
    return std::make_tuple(path, d.range.begin, d.range.end, d.data.line, d.data.column, std::string_view(d.code),
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
        const utf8::Decoded d = utf8::decode(s, i);
        if (d.code_point == utf8::kInvalid || (d.code_point < 0x20 && d.code_point != '\t') || d.code_point == 0x7f)
            out.push_back('?');
        else
            out.append(s.substr(i, d.length));
        i += d.length;
    }
    return out;
}

// A line longer than this is shown as a window around the place, with "…"
// where it was cut: a tariff of one 64 MiB line (a long operator chain) must
// not print 64 MiB twice per diagnostic.
constexpr std::size_t kLongLine = 1000;
constexpr std::size_t kWindowBefore = 60, kWindowAfter = 100;

void render_place(std::string& out, const SourceRange& r) {
    auto lc = r.file->line_col(r.begin);
    std::string_view line = r.file->line_text(lc.line);
    const uint32_t line_begin_byte = r.file->line_starts[lc.line - 1];
    const uint32_t line_end_byte = line_begin_byte + static_cast<uint32_t>(line.size());
    std::size_t col0 = std::min<std::size_t>(lc.column - 1, line.size());  // byte offset in the line
    std::string cut_before, cut_after;
    if (line.size() > kLongLine) {
        auto boundary = [&](std::size_t i) {  // back to the start of a UTF-8 character
            while (i > 0 && i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) --i;
            return i;
        };
        std::size_t from = boundary(col0 > kWindowBefore ? col0 - kWindowBefore : 0);
        std::size_t to = boundary(std::min(line.size(), col0 + kWindowAfter));
        if (from > 0) cut_before = "…";
        if (to < line.size()) cut_after = "…";
        line = line.substr(from, to - from);
        col0 -= from;
    }
    std::string gutter = fmt::format("{}", lc.line);
    out += fmt::format("{:>{}} |\n", "", gutter.size());
    out += fmt::format("{} | {}{}{}\n", gutter, cut_before, printable(line), cut_after);
    // Caret: spaces (tabs kept) up to the column, then ^ for the range on
    // this line (at least one).
    // Columns count bytes; the caret is padded by display width instead
    // (a tab stays a tab, a wide CJK character takes two cells).
    std::string pad(cut_before.empty() ? 0 : 1, ' ');
    for (std::size_t i = 0; i < col0 && i < line.size();) {
        const utf8::Decoded d = utf8::decode(line, i);
        if (line[i] == '\t') pad.push_back('\t');
        else pad.append(static_cast<std::size_t>(utf8::width(d.code_point)), ' ');
        i += d.length;
    }
    // The caret ends with the range, the line or the window shown.
    const uint32_t shown_end =
        cut_after.empty() ? line_end_byte : static_cast<uint32_t>(line.data() + line.size() - r.file->text.data());
    uint32_t end = std::min(r.end, shown_end);
    // Count cells, not bytes, so that a caret under UTF-8 text lines up.
    std::size_t width = r.begin < end ? utf8::display_width(std::string_view(r.file->text).substr(r.begin, end - r.begin)) : 0;
    if (width == 0) width = 1;
    out += fmt::format("{:>{}} | {}{}\n", "", gutter.size(), pad, std::string(width, '^'));
}

}  // namespace

namespace {

// "path:line:col: " with the unknown parts left out ("" without a path).
std::string data_place(const DataPlace& p) {
    if (p.path.empty()) return {};
    if (p.line == 0) return fmt::format("{}: ", p.path);
    if (p.column == 0) return fmt::format("{}:{}: ", p.path, p.line);
    return fmt::format("{}:{}:{}: ", p.path, p.line, p.column);
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
        out += fmt::format("{}{}[{}]: {}\n", data_place(d.data), sev, d.code, d.message);
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

namespace {

void write_position(JsonWriter& w, uint32_t line, uint32_t column) {
    w.begin_object().key("line").number(line);
    if (column != 0) w.key("column").number(column);
    w.end_object();
}

void write_position(JsonWriter& w, const SourceFile& f, uint32_t byte) {
    auto lc = f.line_col(byte);
    write_position(w, lc.line, lc.column);
}

}  // namespace

void render_json(JsonWriter& w, const Diagnostic& d) {
    w.begin_object();
    w.key("severity").string(d.severity == Severity::Error ? "error" : "warning");
    w.key("code").string(d.code);
    w.key("message").string(d.message);
    if (d.range.file) {
        w.key("file").string(d.range.file->path);
        w.key("range").begin_object();
        w.key("start");
        write_position(w, *d.range.file, d.range.begin);
        w.key("end");
        write_position(w, *d.range.file, std::max(d.range.end, d.range.begin));
        w.end_object();
    } else if (!d.data.path.empty()) {
        w.key("file").string(d.data.path);
        if (d.data.line != 0) {
            w.key("range").begin_object();
            w.key("start");
            write_position(w, d.data.line, d.data.column);
            w.key("end");
            write_position(w, d.data.line, d.data.column);
            w.end_object();
        }
    }
    w.key("notes").begin_array();
    for (const auto& n : d.notes) {
        w.begin_object();
        w.key("message").string(n.message);
        if (n.range.file) {
            w.key("file").string(n.range.file->path);
            w.key("start");
            write_position(w, *n.range.file, n.range.begin);
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

}  // namespace tarifc
