#include "commands/check.hpp"

#include <ostream>

#include <fmt/format.h>

#include "check/check.hpp"
#include "io/check_formats.hpp"
#include "io/json_writer.hpp"
#include "syntax/load.hpp"

namespace tarifc {

namespace {

// What a format renders: the workspace checked (`loaded` false when a path
// could not be read: nothing was checked) and its sorted diagnostics.
struct CheckReport {
    const Workspace& ws;
    const Diagnostics& diags;
    bool loaded;
    bool valid;
};

void render_human_report(const CheckReport& r, std::ostream&, std::ostream& err) {
    if (!r.loaded) {
        for (const auto& d : r.diags.all()) err << render_human(d);
        return;
    }
    for (const auto& d : r.diags.all()) err << render_human(d) << "\n";
    err << fmt::format("checked {} file{}: {} error{}, {} warning{}{}\n", r.ws.modules.size(),
                       r.ws.modules.size() == 1 ? "" : "s", r.diags.error_count(),
                       r.diags.error_count() == 1 ? "" : "s", r.diags.warning_count(),
                       r.diags.warning_count() == 1 ? "" : "s",
                       r.diags.allowed_count() == 0
                           ? std::string()
                           : fmt::format(" ({} allowed by comments)", r.diags.allowed_count()));
}

void render_json_report(const CheckReport& r, std::ostream& out, std::ostream&) {
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    w.key("version").number(1);
    w.key("valid").boolean(r.valid);
    w.key("files").number(static_cast<long long>(r.ws.modules.size()));
    w.key("errors").number(static_cast<long long>(r.diags.error_count()));
    w.key("warnings").number(static_cast<long long>(r.diags.warning_count()));
    w.key("allowed").number(static_cast<long long>(r.diags.allowed_count()));
    w.key("diagnostics").begin_array();
    for (const auto& d : r.diags.all()) render_json(w, d);
    w.end_array();
    w.end_object();
    out << text;
}

void render_sarif_report(const CheckReport& r, std::ostream& out, std::ostream&) {
    out << check_sarif(r.diags, r.loaded);
}

void render_github_report(const CheckReport& r, std::ostream& out, std::ostream&) {
    out << check_github(r.diags);
}

struct FormatRow {
    const char* name;
    CheckFormat format;
    void (*render)(const CheckReport&, std::ostream& out, std::ostream& err);
    bool to_stdout;  // a document on standard output (trouble is then also told on stderr)
};

// Every format of `check` (docs/cli.md); each machine format is one file of src/io/.
constexpr FormatRow kFormats[] = {
    {"human", CheckFormat::Human, render_human_report, false},
    {"json", CheckFormat::Json, render_json_report, true},
    {"sarif", CheckFormat::Sarif, render_sarif_report, true},
    {"github", CheckFormat::Github, render_github_report, true},
};

const FormatRow& row_of(CheckFormat f) {
    for (const auto& row : kFormats)
        if (row.format == f) return row;
    return kFormats[0];
}

}  // namespace

std::vector<std::string> check_format_names() {
    std::vector<std::string> names;
    for (const auto& row : kFormats) names.emplace_back(row.name);
    return names;
}

std::optional<CheckFormat> check_format_named(std::string_view name) {
    for (const auto& row : kFormats)
        if (name == row.name) return row.format;
    return std::nullopt;
}

int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
    Workspace ws;
    Diagnostics diags;
    // A path that cannot be read at all is trouble (exit 2); it is still
    // reported like every other problem, in the chosen format.
    const bool loaded = load_workspace(options.paths, ws, diags);
    if (loaded) check_workspace(ws, diags);
    diags.sort_and_dedupe();
    const bool findings = !loaded || diags.has_errors() || (options.deny_warnings && diags.warning_count() > 0);
    const FormatRow& format = row_of(options.format);
    format.render({ws, diags, loaded, !findings}, out, err);
    // Trouble is also told on stderr, as in every format (docs/cli.md).
    if (format.to_stdout && !loaded)
        for (const auto& d : diags.all()) err << render_human(d);
    return flush_output(out, err, !loaded ? kExitTrouble : findings ? kExitFindings : kExitClean);
}

}  // namespace tarifc
