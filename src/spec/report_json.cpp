// `tarifc test --format json`: every test with its failures (each failure's
// diagnostic as `check --format json` writes one), the counts, the coverage.
#include "io/json_writer.hpp"
#include "spec/spec.hpp"

namespace tarifc::spec {

void report_json(const Run& run, std::string& out) {
    JsonWriter w(out);
    std::size_t passed = 0;
    w.begin_object();
    w.key("tests").begin_array();
    for (const auto& r : run.results) {
        passed += r.passed() ? 1 : 0;
        w.begin_object();
        w.key("file").string(r.file);
        w.key("line").number(r.line);
        w.key("name").string(r.name);
        w.key("status").string(r.passed() ? "passed" : "failed");
        w.key("failures").begin_array();
        for (const auto& f : r.failures) {
            w.begin_object();
            w.key("diagnostic");
            render_json(w, f.where);
            w.key("expected").string(f.expected);
            w.key("actual").string(f.actual);
            w.key("explain").begin_array();
            for (const auto& e : f.explain) w.string(e);
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("passed").number(static_cast<long long>(passed));
    w.key("failed").number(static_cast<long long>(run.results.size() - passed));
    if (run.covered) {
        const Coverage& c = run.coverage;
        w.key("coverage").begin_object();
        w.key("rules").number(static_cast<long long>(c.rules.size()));
        w.key("exercised").number(static_cast<long long>(c.exercised()));
        w.key("percent").raw(c.percent());
        w.key("not_exercised").begin_array();
        for (const auto& [key, rule] : c.rules) {
            if (rule.exercised) continue;
            w.set_compact(true);
            w.begin_object();
            w.key("file").string(rule.file);
            w.key("line").number(rule.line);
            w.key("kind").string(rule_kind_name(rule.kind));
            w.key("rule").string(rule.text);
            w.end_object();
            w.set_compact(false);
        }
        w.end_array();
        w.end_object();
    }
    w.end_object();
    out += "\n";
}

}  // namespace tarifc::spec
