// tarifc's command line: a thin layer over src/driver.hpp.
#include <csignal>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "driver.hpp"
#include "syntax/diagnostic.hpp"

namespace {

int trouble(const char* code, std::string message, std::string note = {}) {
    auto d = tarifc::Diagnostic::error_at(code, {}, std::move(message));
    if (!note.empty()) d.notes.push_back({{}, std::move(note)});
    std::cerr << tarifc::render_human(d);
    return tarifc::kExitTrouble;
}

// The one exit of every command: both streams are flushed and checked, so
// that output lost to a full disk or a closed pipe is trouble (exit 2) on
// either stream: standard error carries check's findings, the help text,
// and in CSV mode eval's rejected rows and summary (docs/cli.md).
int finish(int status) {
    std::cout.flush();
    std::cerr.flush();
    const bool out_failed = !std::cout;
    const bool err_failed = !std::cerr;
    if (!out_failed && !err_failed) return status;
    // Already reported as trouble by the driver (E0903 for standard output).
    if (status == tarifc::kExitTrouble && !err_failed) return status;
    if (!err_failed)
        trouble("E0903", "cannot write the output");
    // Standard error itself failed: nothing can be said, the status says it.
    return tarifc::kExitTrouble;
}

int run(int argc, char** argv) {
    CLI::App app{"tarifc — check tariffs and rate usage into invoices"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "tarifc 0.1.0");

    tarifc::CheckOptions check;
    std::string check_format = "human";
    auto* c = app.add_subcommand("check", "Check tariff files (or folders of them) and report problems");
    c->add_option("PATH", check.paths, "tariff files or folders")->required();
    c->add_option("--format", check_format, "output: human (default) or json")
        ->check(CLI::IsMember({"human", "json"}));
    c->add_flag("--deny-warnings", check.deny_warnings, "treat warnings as errors (exit 1)");

    tarifc::EvalOptions eval;
    std::string eval_format = "table";
    auto* e = app.add_subcommand("eval", "Rate usage through tariffs into invoices");
    e->add_option("TARIFF_PATH", eval.tariff_path, "a tariff file or a folder of them")->required();
    e->add_option("--accounts", eval.accounts_path, "accounts file (JSON)")->required();
    e->add_option("--usage", eval.usage_path, "usage file (CSV)")->required();
    e->add_option("--from", eval.from, "first month, YYYY-MM")->required();
    e->add_option("--to", eval.to, "last month, YYYY-MM")->required();
    e->add_option("--format", eval_format, "output: table (default), json or csv")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    e->add_flag("--explain", eval.explain, "show how every line was derived");
    e->add_option("--threads", eval.threads, "rating workers, 1 to 256 (default: one per core)")
        ->check(CLI::Range(1, 256));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        // --help and --version are not errors; everything else is bad usage.
        if (err.get_exit_code() == 0) return app.exit(err, std::cout, std::cerr);
        return trouble("E0901", err.what(), "run 'tarifc --help' or 'tarifc SUBCOMMAND --help' for the options");
    }
    // The stages report every input problem as a diagnostic with its exit
    // status. What can still reach here: running out of memory, and bugs
    // (an exception nothing expected); both end as trouble, not a crash.
    try {
        if (c->parsed()) {
            check.format = check_format == "json" ? tarifc::OutputFormat::Json : tarifc::OutputFormat::Human;
            return tarifc::run_check(check, std::cout, std::cerr);
        }
        eval.format = eval_format == "json"  ? tarifc::OutputFormat::Json
                    : eval_format == "csv" ? tarifc::OutputFormat::Csv
                                           : tarifc::OutputFormat::Human;
        return tarifc::run_eval(eval, std::cout, std::cerr);
    } catch (const std::bad_alloc&) {
        return trouble("E0906", "out of memory");
    } catch (const std::exception& e) {
        return trouble("E0907", std::string("internal error: ") + e.what(),
                       "this is a bug in tarifc; please report it with the command line and the input files");
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    // A reader that closes the pipe early (`| head`) makes the next write
    // fail with EPIPE, which finish() reports (exit 2), instead of killing
    // the process with SIGPIPE (exit 141, which looks like a crash).
    std::signal(SIGPIPE, SIG_IGN);
    return finish(run(argc, argv));
}
