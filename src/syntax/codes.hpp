// The table of every diagnostic code: its title, as the heading of its
// section in docs/diagnostics.md ("### E0101: unknown name"), from which
// the section's anchor follows. Machine formats that list rules (check
// --format sarif) read it; codes_test.cpp keeps it and the page in step.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tarifc {

struct CodeInfo {
    const char* code;   // "E0101"
    const char* title;  // "unknown name" (Markdown, as in the heading)
};

// Every code, in the order of docs/diagnostics.md.
std::span<const CodeInfo> diagnostic_codes();

// The code's position in diagnostic_codes(), or nullopt for an unknown code.
std::optional<std::size_t> code_index(std::string_view code);

// The anchor of a heading as GitHub makes it: lower case, punctuation other
// than '-' and '_' dropped, spaces turned into '-' ("E0007: import outside
// the tariff's folder" -> "e0007-import-outside-the-tariffs-folder").
std::string heading_anchor(std::string_view heading);

// The title as one Pascal-case word, SARIF's "friendly name" of a rule:
// letters and digits kept, each word's first letter in upper case
// ("unknown name" -> "UnknownName", "not UTF-8 text" -> "NotUTF8Text").
std::string code_name(const CodeInfo& info);

// "docs/diagnostics.md#e0101-unknown-name".
std::string code_help_path(const CodeInfo& info);

// A code's explanation, as its section of docs/diagnostics.md gives it
// (generated from the page at build time by scripts/gen_code_help.py): the
// prose before the section's first example, and its **Fix:** paragraph
// ("" where there is none). Markdown with links as paths from the sources'
// root ("docs/tutorial.md#..."), and plain text with links reduced to text.
struct CodeHelp {
    const char* code;
    const char* description_markdown;
    const char* description_text;
    const char* fix_markdown;
    const char* fix_text;
};

// The help of every code, in the order of the page (one per heading).
std::span<const CodeHelp> code_helps();

// The help of diagnostic_codes()[index].
const CodeHelp& code_help(std::size_t index);

}  // namespace tarifc
