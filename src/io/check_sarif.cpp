// `tarifc check --format sarif`: SARIF 2.1.0 (OASIS), validated in CI by
// Microsoft's SARIF validator (scripts/sarif-validate.sh).
#include <algorithm>

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

void rules(JsonWriter& w) {
    w.key("rules").begin_array();
    for (const CodeInfo& c : diagnostic_codes()) {
        const std::string help = code_help_path(c);
        w.begin_object();
        w.key("id").string(c.code);
        w.key("name").string(code_name(c));
        w.key("shortDescription").begin_object().key("text").string(c.title).end_object();
        w.key("help").begin_object();
        w.key("text").string("See " + help + " in the tarifc sources.");
        w.key("markdown").string("See [" + std::string(c.code) + "](" + help + ") in the tarifc sources.");
        w.end_object();
        w.key("defaultConfiguration").begin_object().key("level").string(c.code[0] == 'W' ? "warning" : "error");
        w.end_object();
        w.end_object();
    }
    w.end_array();
}

void result(JsonWriter& w, const Diagnostic& d) {
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
    w.end_array();
    w.end_object().end_array();
    w.end_object();
    return out;
}

}  // namespace tarifc
