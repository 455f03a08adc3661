#include "driver.hpp"

#include <algorithm>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "io/accounts.hpp"
#include "check/check.hpp"
#include "base/civil_time.hpp"
#include "eval/eval.hpp"
#include "io/format.hpp"
#include "io/json_writer.hpp"
#include "syntax/load.hpp"

namespace tarifc {

namespace {

void write_position(JsonWriter& w, const SourceFile& f, uint32_t byte) {
    auto lc = f.line_col(byte);
    w.begin_object().key("line").number(lc.line).key("column").number(lc.column).end_object();
}

std::string check_json(const Workspace& ws, const Diagnostics& diags, bool valid) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.key("version").number(1);
    w.key("valid").boolean(valid);
    w.key("files").number(static_cast<long long>(ws.modules.size()));
    w.key("errors").number(static_cast<long long>(diags.error_count()));
    w.key("warnings").number(static_cast<long long>(diags.warning_count()));
    w.key("diagnostics").begin_array();
    for (const auto& d : diags.all()) {
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
    w.end_array();
    w.end_object();
    return out;
}

}  // namespace

int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
    Workspace ws;
    Diagnostics diags;
    std::string problem;
    if (!load_workspace(options.paths, ws, diags, problem)) {
        err << "tarifc: " << problem << "\n";
        return kExitTrouble;
    }
    check_workspace(ws, diags);
    diags.sort_and_dedupe();
    bool findings = diags.has_errors() || (options.deny_warnings && diags.warning_count() > 0);
    if (options.format == OutputFormat::Json) {
        out << check_json(ws, diags, !findings);
    } else {
        for (const auto& d : diags.all()) err << render_human(d) << "\n";
        err << fmt::format("checked {} file{}: {} error{}, {} warning{}\n", ws.modules.size(),
                           ws.modules.size() == 1 ? "" : "s", diags.error_count(),
                           diags.error_count() == 1 ? "" : "s", diags.warning_count(),
                           diags.warning_count() == 1 ? "" : "s");
    }
    out.flush();
    if (!out) {
        err << "tarifc: cannot write output\n";
        return kExitTrouble;
    }
    return findings ? kExitFindings : kExitClean;
}

int run_eval(const EvalOptions& options, std::ostream& out, std::ostream& err) {
    auto from = parse_year_month(options.from);
    auto to = parse_year_month(options.to);
    if (!from || !to) {
        err << "tarifc: --from and --to are months written YYYY-MM, e.g. 2019-07\n";
        return kExitTrouble;
    }
    if (*to < *from) {
        err << "tarifc: --to " << options.to << " is before --from " << options.from << "\n";
        return kExitTrouble;
    }
    if (to->index() - from->index() >= 1200) {
        err << "tarifc: at most 100 years (1200 months) in one run\n";
        return kExitTrouble;
    }
    if (options.threads < 0 || options.threads > 256) {
        err << "tarifc: --threads is a number of workers from 1 to 256\n";
        return kExitTrouble;
    }

    // Stage 1 and 2: the tariffs must be sound before any data is read.
    Workspace ws;
    Diagnostics diags;
    std::string problem;
    if (!load_workspace({options.tariff_path}, ws, diags, problem)) {
        err << "tarifc: " << problem << "\n";
        return kExitTrouble;
    }
    std::vector<plan::Tariff> tariffs = check_workspace(ws, diags);
    diags.sort_and_dedupe();
    if (diags.has_errors()) {
        for (const auto& d : diags.all())
            if (d.severity == Severity::Error) err << render_human(d) << "\n";
        err << fmt::format("tarifc: {} has {} error{}; nothing was rated\n", options.tariff_path,
                           diags.error_count(), diags.error_count() == 1 ? "" : "s");
        return kExitTrouble;
    }
    if (tariffs.empty()) {
        err << "tarifc: " << options.tariff_path << " holds no tariff (only shared files)\n";
        return kExitTrouble;
    }

    std::vector<const plan::Tariff*> plans;
    for (const auto& t : tariffs) plans.push_back(&t);
    AccountsFile accounts;
    if (!load_accounts(options.accounts_path, plans, accounts, problem)) {
        err << "tarifc: " << problem << "\n";
        return kExitTrouble;
    }
    UsageReader usage;
    if (!usage.open(options.usage_path, problem)) {
        err << "tarifc: " << problem << "\n";
        return kExitTrouble;
    }

    // Stage 3.
    EvalRequest rq;
    rq.tariffs = &tariffs;
    rq.accounts = &accounts;
    rq.usage = &usage;
    rq.from = *from;
    rq.to = *to;
    rq.explain = options.explain;
    rq.threads = options.threads > 0 ? options.threads
                                     : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 256u));
    EvalResult result;
    if (!evaluate(rq, result, problem)) {
        err << "tarifc: " << options.usage_path << ": " << problem << "\n";
        return kExitTrouble;
    }

    // Stage 4: format.
    FormatOptions fo;
    fo.explain = options.explain;
    // Money prints with as many decimals as the finest rounding any line
    // may use (at least two).
    for (const auto& t : tariffs) {
        fo.money_places = std::max(fo.money_places, t.money_rounding.quantum.normalized().scale());
        for (const auto& c : t.charges) fo.money_places = std::max(fo.money_places, c.rounding.quantum.normalized().scale());
    }
    const auto& in = tariffs.front().inputs;
    fo.record_id_name = in.usage_unique_field >= 0 ? in.usage_fields[in.usage_unique_field].name : "id";
    switch (options.format) {
        case OutputFormat::Json: out << format_json(result, fo); break;
        case OutputFormat::Csv:
            out << format_csv(result, fo);
            for (const auto& rj : result.rejected)
                err << fmt::format("tarifc: {}:{}: rejected: {}\n", options.usage_path, rj.line, rj.reason);
            err << "tarifc: " << format_summary(result.summary) << "\n";
            break;
        case OutputFormat::Human: out << format_table(result, fo); break;
    }
    out.flush();
    if (!out) {
        err << "tarifc: cannot write output\n";
        return kExitTrouble;
    }
    return kExitClean;
}

}  // namespace tarifc
