#include "fmt/fmt.hpp"

#include "fmt/layout.hpp"
#include "fmt/scan.hpp"
#include "syntax/parse.hpp"

namespace tarifc {

namespace {

// What a layout may not change: the text outside the gaps (an aggregate's
// name read with one blank), the comments, and the parse: its node kinds
// and token texts, which also tell where one token ends and the next begins.
struct Meaning {
    std::string tokens;
    std::vector<std::string> comments;
    std::vector<std::string> signature;
    bool operator==(const Meaning&) const = default;
};

Meaning meaning(std::string_view text, const fmt_pass::Marks& m) {
    Meaning out;
    uint32_t p = 0;
    for (const auto& g : m.gaps) {
        out.tokens += fmt_pass::squeeze_agg(text, p, g.begin, m);
        for (uint32_t i = g.begin; i < g.end; ++i) {
            if (text[i] != '#') continue;
            uint32_t j = i;
            while (j < g.end && text[j] != '\n') ++j;
            std::string_view c = text.substr(i, j - i);
            while (!c.empty() && (c.back() == ' ' || c.back() == '\t' || c.back() == '\r')) c.remove_suffix(1);
            out.comments.emplace_back(c);
            i = j;
        }
        p = g.end;
    }
    out.tokens += fmt_pass::squeeze_agg(text, p, static_cast<uint32_t>(text.size()), m);
    out.signature = m.signature;
    return out;
}

}  // namespace

std::optional<std::string> format_tariff(const SourceFile& file, Diagnostics& diags) {
    Diagnostics parsed;
    bool complete = true;
    parse_module(file, parsed, complete);
    if (!complete || parsed.has_errors()) {
        for (const auto& d : parsed.all()) diags.add(d);
        return std::nullopt;
    }
    auto internal = [&](const char* what) -> std::optional<std::string> {
        Diagnostic& d = diags.error("E0907", {&file, 0, 0}, std::string("internal error: fmt ") + what);
        d.notes.push_back({{}, "the file is left as it is; this is a bug in tarifc, please report it with the file"});
        return std::nullopt;
    };
    auto before = fmt_pass::scan(file.text);
    if (!before) return internal("cannot read the parse of a file that parses");
    std::string out = fmt_pass::layout(file.text, *before);
    auto after = fmt_pass::scan(out);
    if (!after) return internal("would write a file that does not parse");
    if (!(meaning(file.text, *before) == meaning(out, *after))) return internal("would change the meaning of the file");
    return out;
}

}  // namespace tarifc
