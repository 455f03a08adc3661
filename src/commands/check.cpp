#include "commands/check.hpp"

#include <ostream>

#include <fmt/format.h>

#include "check/check.hpp"
#include "io/json_writer.hpp"
#include "syntax/load.hpp"

namespace tarifc {

namespace {

std::string check_json(const Workspace& ws, const Diagnostics& diags, bool valid) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.key("version").number(1);
    w.key("valid").boolean(valid);
    w.key("files").number(static_cast<long long>(ws.modules.size()));
    w.key("errors").number(static_cast<long long>(diags.error_count()));
    w.key("warnings").number(static_cast<long long>(diags.warning_count()));
    w.key("allowed").number(static_cast<long long>(diags.allowed_count()));
    w.key("diagnostics").begin_array();
    for (const auto& d : diags.all()) render_json(w, d);
    w.end_array();
    w.end_object();
    return out;
}

}  // namespace

int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
    Workspace ws;
    Diagnostics diags;
    // A path that cannot be read at all is trouble (exit 2); it is still
    // reported like every other problem, in the chosen format.
    const bool loaded = load_workspace(options.paths, ws, diags);
    if (loaded) check_workspace(ws, diags);
    diags.sort_and_dedupe();
    const bool findings = !loaded || diags.has_errors() || (options.deny_warnings && diags.warning_count() > 0);
    if (options.format == CheckFormat::Json) {
        out << check_json(ws, diags, !findings);
        // Trouble is also told on stderr, as in every format (docs/cli.md).
        if (!loaded)
            for (const auto& d : diags.all()) err << render_human(d);
    } else if (!loaded) {
        for (const auto& d : diags.all()) err << render_human(d);
    } else {
        for (const auto& d : diags.all()) err << render_human(d) << "\n";
        err << fmt::format("checked {} file{}: {} error{}, {} warning{}{}\n", ws.modules.size(),
                           ws.modules.size() == 1 ? "" : "s", diags.error_count(),
                           diags.error_count() == 1 ? "" : "s", diags.warning_count(),
                           diags.warning_count() == 1 ? "" : "s",
                           diags.allowed_count() == 0
                               ? std::string()
                               : fmt::format(" ({} allowed by comments)", diags.allowed_count()));
    }
    return flush_output(out, err, !loaded ? kExitTrouble : findings ? kExitFindings : kExitClean);
}

}  // namespace tarifc
