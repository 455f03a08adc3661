// `tarifc test` for people: a line per test, each failure with its place,
// expected and actual, and the --explain trace; the summary; the coverage.
#include <fmt/format.h>

#include "spec/spec.hpp"

namespace tarifc::spec {

void report_human(const Run& run, std::string& out) {
    std::size_t passed = 0;
    for (const auto& r : run.results) {
        out += fmt::format("{}  {}:{}: {}\n", r.passed() ? "PASS" : "FAIL", r.file, r.line, r.name);
        if (r.passed()) {
            ++passed;
            continue;
        }
        for (const auto& f : r.failures) {
            out += render_human(f.where);
            if (f.explain.empty()) continue;
            out += "  explain:\n";
            for (const auto& e : f.explain) out += "    " + e + "\n";
        }
    }
    out += fmt::format("\n{} passed, {} failed\n", passed, run.results.size() - passed);
    if (!run.covered) return;
    const Coverage& c = run.coverage;
    out += fmt::format("coverage: {} of {} rules exercised ({}%)\n", c.exercised(), c.rules.size(), c.percent());
    for (const auto& [key, rule] : c.rules)
        if (!rule.exercised) out += fmt::format("  not exercised: {}:{}: {}\n", rule.file, rule.line, rule.text);
}

}  // namespace tarifc::spec
