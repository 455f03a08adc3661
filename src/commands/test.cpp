#include "commands/test.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "io/files.hpp"
#include "spec/spec.hpp"

namespace tarifc {

namespace {

namespace fs = std::filesystem;

// The test files named by `paths`: a file as it is, a folder's
// *.tariff-test files (recursively); sorted, each once. False: trouble told.
bool find_test_files(const std::vector<std::string>& paths, std::vector<std::string>& files, std::ostream& err) {
    for (const auto& given : paths) {
        std::error_code ec;
        const auto status = fs::status(given, ec);
        if (ec || !fs::exists(status)) {
            trouble(err, "E1107", {given}, "no such test file or folder");
            return false;
        }
        if (!fs::is_directory(status)) {
            files.push_back(given);
            continue;
        }
        std::vector<fs::path> found;
        Diagnostics diags;
        if (!walk_folder(given, found, diags, ".tariff-test")) {
            for (const auto& d : diags.all()) err << render_human(d);
            return false;
        }
        if (found.empty()) {
            trouble(err, "E1107", {given}, "no .tariff-test files in this folder");
            return false;
        }
        for (const auto& p : found) files.push_back(p.generic_string());
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return true;
}

}  // namespace

int run_test(const TestOptions& options, std::ostream& out, std::ostream& err) {
    Decimal min_coverage;
    const bool has_min = !options.min_coverage.empty();
    if (has_min) {
        auto d = Decimal::parse(options.min_coverage, false);
        if (!d || Decimal::from_int(100) < *d)
            return trouble(err, "E0901", {}, "--min-coverage is a percentage from 0 to 100, e.g. 80 or 87.5");
        min_coverage = *d;
    }
    std::vector<std::string> files;
    if (!find_test_files(options.paths.empty() ? std::vector<std::string>{"."} : options.paths, files, err))
        return kExitTrouble;

    // Parse every file first: a test file that does not parse is trouble
    // before anything is rated.
    SourceSet sources;
    std::vector<spec::SpecFile> specs(files.size());
    Diagnostics diags;
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::string text, reason;
        if (!read_whole_file(files[i], text, reason))
            return trouble(err, "E1107", {files[i]}, "cannot read: " + reason);
        spec::parse_spec(sources.add(files[i], std::move(text)), specs[i], diags);
    }
    if (diags.has_errors()) {
        diags.sort_and_dedupe();
        for (const auto& d : diags.all()) err << render_human(d);
        err << fmt::format("tarifc: {} error{} in the test files; nothing was run\n", diags.error_count(),
                           diags.error_count() == 1 ? "" : "s");
        return kExitTrouble;
    }

    spec::Runner runner({options.run, options.coverage || has_min});
    spec::Run run;
    for (const auto& s : specs)
        if (!runner.run_file(s, run, err)) return kExitTrouble;
    if (run.results.empty()) {
        if (!options.run.empty())
            return trouble(err, "E1108", {}, fmt::format("--run \"{}\": no test's name contains it", options.run));
        return trouble(err, "E1108", {}, "the test files hold no test");
    }

    std::string text;
    switch (options.format) {
        case TestFormat::Human: spec::report_human(run, text); break;
        case TestFormat::Json: spec::report_json(run, text); break;
        case TestFormat::Junit: spec::report_junit(run, text); break;
    }
    out << text;
    const bool failed = std::any_of(run.results.begin(), run.results.end(), [](const auto& r) { return !r.passed(); });
    int status = failed ? kExitFindings : kExitClean;
    if (has_min && !run.coverage.reaches(min_coverage)) {
        err << render_human(Diagnostic::error_at(
            "E1121", {}, fmt::format("coverage {}% is below --min-coverage {}%", run.coverage.percent(),
                                     options.min_coverage)));
        status = kExitFindings;
    }
    return flush_output(out, err, status);
}

}  // namespace tarifc
