#include "check/allows.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tarifc {

namespace {

struct Allow {
    const SourceFile* file = nullptr;
    uint32_t comment_line = 0;  // where the directive is
    uint32_t target_line = 0;   // the line whose warnings it accepts
    SourceRange range;          // the directive, for W0010/W0011
    std::vector<std::string> codes;
    std::string reason;  // after the codes' colon, trimmed
    bool used = false;
};

constexpr std::string_view kMarker = "tarifc:";

// The byte offset of the line's comment ('#' outside a "string"), if any.
std::optional<std::size_t> comment_start(std::string_view line) {
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"') quoted = !quoted;
        else if (line[i] == '\\' && quoted) ++i;
        else if (line[i] == '#' && !quoted) return i;
    }
    return std::nullopt;
}

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool is_code(std::string_view c) {
    return c.size() == 5 && (c[0] == 'W' || c[0] == 'E') &&
           std::all_of(c.begin() + 1, c.end(), [](char d) { return d >= '0' && d <= '9'; });
}

// "allow W0307, W0404: reason" -> codes and reason; an empty string on success, else what is wrong.
std::string parse_directive(std::string_view body, std::vector<std::string>& codes, std::string& reason) {
    body = trim(body);
    if (body.substr(0, 5) != "allow" || (body.size() > 5 && body[5] != ' ' && body[5] != '\t'))
        return "the only directive is 'allow': write '# tarifc: allow CODE: reason'";
    body.remove_prefix(5);
    const auto colon = body.find(':');
    if (colon == std::string_view::npos)
        return "an allow needs a reason after a colon: '# tarifc: allow CODE: why this warning is accepted'";
    std::string_view list = body.substr(0, colon);
    reason = trim(body.substr(colon + 1));
    if (reason.empty()) return "an allow needs a reason after the colon: say why the warning is accepted";
    while (true) {
        const auto comma = list.find(',');
        std::string_view code = trim(list.substr(0, comma));
        if (!is_code(code))
            return code.empty() ? "an allow names the warning codes it accepts, e.g. 'allow W0307: reason'"
                                : fmt::format("'{}' is not a diagnostic code (a letter and four digits, e.g. W0307)", code);
        if (code[0] == 'E') return fmt::format("{} is an error: errors cannot be allowed, only warnings", code);
        codes.emplace_back(code);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return {};
}

std::vector<Allow> find_allows(const SourceFile& file, Diagnostics& diags) {
    std::vector<Allow> out;
    const auto lines = static_cast<uint32_t>(file.line_starts.size());
    for (uint32_t n = 1; n <= lines; ++n) {
        const std::string_view text = file.line_text(n);
        const auto hash = comment_start(text);
        if (!hash) continue;
        std::string_view comment = trim(text.substr(*hash + 1));
        if (comment.substr(0, kMarker.size()) != kMarker) continue;
        const uint32_t begin = file.line_starts[n - 1] + static_cast<uint32_t>(*hash);
        const SourceRange range{&file, begin, begin + static_cast<uint32_t>(trim(text.substr(*hash)).size())};
        Allow a;
        if (std::string why = parse_directive(comment.substr(kMarker.size()), a.codes, a.reason); !why.empty()) {
            diags.warning("W0010", range, std::move(why));
            continue;
        }
        a.file = &file;
        a.comment_line = n;
        a.range = range;
        a.target_line = n;
        if (blank(text.substr(0, *hash))) {
            // On its own line: the next line with code (other comments and blank lines between are skipped).
            a.target_line = 0;
            for (uint32_t m = n + 1; m <= lines && a.target_line == 0; ++m) {
                const std::string_view next = file.line_text(m);
                const auto h = comment_start(next);
                if (!blank(next.substr(0, h.value_or(next.size())))) a.target_line = m;
            }
        }
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace

void apply_allows(const Workspace& ws, Diagnostics& diags) {
    std::vector<Allow> allows;
    for (const auto& file : ws.sources.files()) {
        auto found = find_allows(*file, diags);
        allows.insert(allows.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    if (allows.empty()) return;
    diags.allow_if([&](const Diagnostic& d) -> std::optional<Allowance> {
        if (!d.range.file) return std::nullopt;
        const uint32_t line = d.range.file->line_col(d.range.begin).line;
        for (auto& a : allows)
            if (a.file == d.range.file && a.target_line == line &&
                std::find(a.codes.begin(), a.codes.end(), d.code) != a.codes.end()) {
                a.used = true;
                return Allowance{a.reason, a.range};
            }
        return std::nullopt;
    });
    // With errors, the checker may not have reached a warning an allow is
    // written for: an unused allow is told only about a sound workspace.
    if (diags.has_errors()) return;
    for (const auto& a : allows)
        if (!a.used)
            diags.warning("W0011", a.range,
                          a.target_line == 0
                              ? std::string("this allow comment is followed by no code: it accepts nothing")
                              : fmt::format("this allow accepts no warning: no {} is reported on {}",
                                            fmt::join(a.codes, " or "),
                                            a.target_line == a.comment_line ? "its line"
                                                                            : "the next line with code"));
}

}  // namespace tarifc
