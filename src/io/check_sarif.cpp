// `tarifc check --format sarif`: SARIF 2.1.0 (OASIS), validated in CI by
// Microsoft's SARIF validator (scripts/sarif-validate.sh).
#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "io/check_formats.hpp"
#include "io/json_writer.hpp"
#include "syntax/codes.hpp"

#ifndef TARIFC_VERSION
#error "TARIFC_VERSION is defined by CMakeLists.txt"
#endif

namespace tarifc {

namespace {

const char* level(Severity s) { return s == Severity::Error ? "error" : "warning"; }

void artifact(JsonWriter& w, std::string_view path) {
    w.key("artifactLocation").begin_object().key("uri").string(path_uri(path)).end_object();
}

// A place in a tariff: the range, end exclusive, columns in UTF-16 code units.
void tariff_location(JsonWriter& w, const SourceRange& r, bool whole_range) {
    const SourceFile& f = *r.file;
    w.key("physicalLocation").begin_object();
    artifact(w, f.path);
    w.key("region").begin_object();
    w.key("startLine").number(f.line_col(r.begin).line);
    w.key("startColumn").number(f.utf16_column(r.begin));
    if (whole_range) {
        const uint32_t end = std::max(r.end, r.begin);
        w.key("endLine").number(f.line_col(end).line);
        w.key("endColumn").number(f.utf16_column(end));
    }
    w.end_object();
    w.end_object();
}

// The paragraphs given, those not empty, separated by a blank line.
std::string paragraphs(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += "\n\n";
        out += p;
    }
    return out;
}

// Each rule's help is its section of docs/diagnostics.md (syntax/codes.hpp's
// code_help): the explanation, the fix, and where the section is.
void rules(JsonWriter& w) {
    w.key("rules").begin_array();
    const auto codes = diagnostic_codes();
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const CodeInfo& c = codes[i];
        const CodeHelp& h = code_help(i);
        const std::string path = code_help_path(c);
        w.begin_object();
        w.key("id").string(c.code);
        w.key("name").string(code_name(c));
        w.key("shortDescription").begin_object().key("text").string(c.title).end_object();
        w.key("fullDescription").begin_object();
        w.key("text").string(h.description_text);
        w.key("markdown").string(h.description_markdown);
        w.end_object();
        w.key("help").begin_object();
        w.key("text").string(paragraphs({h.description_text, h.fix_text, "See " + path + " in the tarifc sources."}));
        w.key("markdown").string(paragraphs({h.description_markdown, h.fix_markdown,
                                             "See [" + std::string(c.code) + "](" + path + ") in the tarifc sources."}));
        w.end_object();
        w.key("defaultConfiguration").begin_object().key("level").string(c.code[0] == 'W' ? "warning" : "error");
        w.end_object();
        w.end_object();
    }
    w.end_array();
}

// `allowed`: the allow comment that accepted the warning, a suppression in source.
void result(JsonWriter& w, const Diagnostic& d, const AllowedWarning* allowed = nullptr) {
    w.begin_object();
    w.key("ruleId").string(d.code);
    if (auto i = code_index(d.code)) w.key("ruleIndex").number(static_cast<long long>(*i));
    w.key("level").string(level(d.severity));
    // The notes are part of the message (a viewer may show nothing else);
    // those with a place are also related locations.
    w.key("message").begin_object().key("text").string(message_with_notes(d)).end_object();
    if (d.range.file) {
        w.key("locations").begin_array().begin_object();
        tariff_location(w, d.range, true);
        w.end_object().end_array();
    } else if (!d.data.path.empty()) {
        w.key("locations").begin_array().begin_object();
        w.key("physicalLocation").begin_object();
        artifact(w, d.data.path);
        if (d.data.line != 0) {
            w.key("region").begin_object().key("startLine").number(d.data.line);
            if (d.data.column != 0) w.key("startColumn").number(d.data.column);
            w.end_object();
        }
        w.end_object();
        w.end_object().end_array();
    }
    if (std::any_of(d.notes.begin(), d.notes.end(), [](const Note& n) { return n.range.file != nullptr; })) {
        w.key("relatedLocations").begin_array();
        long long id = 0;
        for (const Note& n : d.notes) {
            if (!n.range.file) continue;
            w.begin_object();
            w.key("id").number(id++);
            tariff_location(w, n.range, false);
            w.key("message").begin_object().key("text").string(n.message).end_object();
            w.end_object();
        }
        w.end_array();
    }
    if (allowed) {
        w.key("suppressions").begin_array().begin_object();
        w.key("kind").string("inSource");
        w.key("justification").string(allowed->reason);
        w.key("location").begin_object();
        tariff_location(w, allowed->comment, true);
        w.end_object();
        w.end_object().end_array();
    }
    w.end_object();
}

}  // namespace

std::string check_sarif(const Diagnostics& diags, bool loaded) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.key("$schema").string("https://json.schemastore.org/sarif-2.1.0.json");
    w.key("version").string("2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.key("name").string("tarifc");
    w.key("version").string(TARIFC_VERSION);
    rules(w);
    w.end_object().end_object();
    w.key("invocations").begin_array().begin_object();
    w.key("executionSuccessful").boolean(loaded);
    w.end_object().end_array();
    w.key("columnKind").string("utf16CodeUnits");
    w.key("results").begin_array();
    for (const Diagnostic& d : diags.all()) result(w, d);
    for (const AllowedWarning& a : diags.allowed()) result(w, a.warning, &a);
    w.end_array();
    w.end_object().end_array();
    w.end_object();
    return out;
}

}  // namespace tarifc
