// Fuzz target "spec": the test-file front end of `tarifc test` on one file:
// parse (grammar/spec_grammar.hpp with its actions, the settings each test
// takes from the file) and render the diagnostics. A test file that parses
// is also reported in every format, with one made-up failure per test.
#include <cstdint>
#include <string>

#include "harness.hpp"
#include "spec/spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace tarifc;
    fuzz::guarded([&] {
        SourceSet sources;
        const SourceFile& file = sources.add("input.tariff-test", std::string(reinterpret_cast<const char*>(data), size));
        spec::SpecFile out;
        Diagnostics diags;
        const bool ok = spec::parse_spec(file, out, diags);
        diags.sort_and_dedupe();
        fuzz::require_no_internal_error(diags);
        if (!ok) return;
        spec::Run run;
        for (const auto& t : out.tests) {
            spec::TestResult r;
            r.file = file.path;
            r.name = t.name;
            for (const auto& x : t.expects) {
                spec::Failure f;
                f.where.code = "E1120";
                f.where.range = x.range;
                f.where.message = x.account + " " + x.item + " " + x.reason;
                f.explain.push_back(x.reason);
                r.failures.push_back(std::move(f));
            }
            run.results.push_back(std::move(r));
        }
        std::string text;
        spec::report_human(run, text);
        spec::report_json(run, text);
        spec::report_junit(run, text);
    });
    return 0;
}
