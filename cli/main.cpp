// tarifc's command line: a thin layer over src/commands/. Each command is
// one file cli/NAME.cpp (its flags) and one row of kCommands below.
#include <csignal>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "commands/command.hpp"
#include "syntax/diagnostic.hpp"

namespace {

struct Command {
    const char* name;
    const char* help;
    tarifc::cli::Runner (*add)(CLI::App&);
};

// Every command, in the order of `tarifc --help`.
constexpr Command kCommands[] = {
    {"check", "Check tariff files (or folders of them) and report problems", tarifc::cli::add_check},
    {"eval", "Rate usage through tariffs into invoices", tarifc::cli::add_eval},
    {"diff", "Rate the same usage under two price books and report the impact", tarifc::cli::add_diff},
    {"fmt", "Rewrite tariff files in the canonical layout (--check, --diff: only report)", tarifc::cli::add_fmt},
    {"test", "Run tests of tariffs (*.tariff-test files) and report rule coverage", tarifc::cli::add_test},
    {"compare", "Rate usage under every plan of a price book: the cheapest plan per account, break-even points, charts",
     tarifc::cli::add_compare},
};

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

    std::vector<std::pair<CLI::App*, tarifc::cli::Runner>> commands;
    for (const auto& command : kCommands) {
        CLI::App* sub = app.add_subcommand(command.name, command.help);
        commands.emplace_back(sub, command.add(*sub));
    }

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
        for (auto& [command, runner] : commands)
            if (command->parsed()) return runner();
        return trouble("E0901", "no command given", "run 'tarifc --help' for the commands");
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
