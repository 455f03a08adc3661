// Examples in syntax messages in the tariff's own terms (see examples.hpp).
#include "syntax/examples.hpp"

#include "syntax/load.hpp"

namespace tarifc {

namespace {

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// The name after `keyword ` at the start of `line`, or "".
std::string_view name_after(std::string_view line, std::string_view keyword) {
    if (line.substr(0, keyword.size()) != keyword) return {};
    std::size_t p = keyword.size();
    if (p >= line.size() || (line[p] != ' ' && line[p] != '\t')) return {};
    while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
    std::size_t q = p;
    while (q < line.size() && name_char(line[q])) ++q;
    return line.substr(p, q - p);
}

// Replaces each whole word `from` in s[start..] by `to`.
void replace_words(std::string& s, std::size_t start, std::string_view from, const std::string& to) {
    if (to.empty() || to == from) return;
    for (std::size_t i = s.find(from, start); i != std::string::npos; i = s.find(from, i)) {
        const bool before = i > 0 && name_char(s[i - 1]);
        const bool after = i + from.size() < s.size() && name_char(s[i + from.size()]);
        if (before || after) {
            i += from.size();
            continue;
        }
        s.replace(i, from.size(), to);
        i += to.size();
    }
}

}  // namespace

MessageTerms declared_terms(std::string_view text) {
    MessageTerms t;
    bool minute = false;
    std::string_view first_unit;
    for (std::size_t p = 0; p < text.size();) {
        std::size_t e = text.find('\n', p);
        if (e == std::string_view::npos) e = text.size();
        const std::string_view line = text.substr(p, e - p);
        if (auto c = name_after(line, "currency"); !c.empty() && t.currency.empty()) t.currency = c;
        if (auto u = name_after(line, "unit"); !u.empty()) {
            minute = minute || u == "minute";
            if (first_unit.empty()) first_unit = u;
        }
        p = e + 1;
    }
    t.unit = minute ? std::string("minute") : std::string(first_unit);
    return t;
}

std::string in_terms(std::string message, const MessageTerms& terms) {
    const std::size_t eg = message.find("e.g.");
    if (eg == std::string::npos) return message;
    replace_words(message, eg, "CNY", terms.currency);
    replace_words(message, eg, "minute", terms.unit);
    return message;
}

void use_own_terms(const Workspace& ws, Diagnostics& diags) {
    diags.rewrite([&](Diagnostic& d) {
        if (d.code != "E0001" || !d.range.file) return;
        for (std::size_t m = 0; m < ws.modules.size(); ++m) {
            const auto& mod = ws.modules[m];
            if (!mod.ast || mod.ast->file != d.range.file) continue;
            MessageTerms own = declared_terms(d.range.file->text);
            // What the file does not declare, it may import.
            for (int dep : ws.closure(static_cast<int>(m))) {
                const auto& dm = ws.modules[static_cast<std::size_t>(dep)];
                if (!dm.ast || !dm.ast->file || (!own.currency.empty() && !own.unit.empty())) continue;
                MessageTerms theirs = declared_terms(dm.ast->file->text);
                if (own.currency.empty()) own.currency = theirs.currency;
                if (own.unit.empty()) own.unit = theirs.unit;
            }
            d.message = in_terms(std::move(d.message), own);
            return;
        }
    });
}

}  // namespace tarifc
