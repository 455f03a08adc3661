// `tarifc test --format junit`: JUnit XML as CI systems read it: one
// <testsuite> per test file, one <testcase> per test, a <failure> per
// failed expectation (message: expected vs actual; text: the diagnostic and
// the --explain trace). Coverage, when asked for, as <properties> of every
// suite (coverage.percent, coverage.rules, coverage.exercised: the run's).
#include <fmt/format.h>

#include "spec/spec.hpp"

namespace tarifc::spec {

namespace {

// Text for an XML attribute or element: the five special characters as
// entities; characters XML 1.0 does not allow (controls other than tab,
// newline and carriage return) as '?'.
std::string xml(std::string_view s) {
    std::string out;
    for (char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\n': out += "&#10;"; break;
            case '\t': out += "&#9;"; break;
            case '\r': out += "&#13;"; break;
            default: out += u < 0x20 || u == 0x7f ? '?' : ch;
        }
    }
    return out;
}

// Element text keeps its newlines as they are.
std::string xml_text(std::string_view s) {
    std::string out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto nl = s.find('\n', start);
        if (nl == std::string_view::npos) nl = s.size();
        out += xml(s.substr(start, nl - start));
        if (nl < s.size()) out += '\n';
        start = nl + 1;
    }
    return out;
}

}  // namespace

void report_junit(const Run& run, std::string& out) {
    std::size_t failed = 0;
    for (const auto& r : run.results) failed += r.passed() ? 0 : 1;
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"tarifc test\" tests=\"{}\" failures=\"{}\">\n", run.results.size(), failed);
    for (std::size_t i = 0; i < run.results.size();) {
        const std::string& file = run.results[i].file;
        std::size_t j = i, suite_failed = 0;
        for (; j < run.results.size() && run.results[j].file == file; ++j) suite_failed += run.results[j].passed() ? 0 : 1;
        out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", xml(file), j - i,
                           suite_failed);
        if (run.covered) {
            const Coverage& c = run.coverage;
            out += "    <properties>\n";
            out += fmt::format("      <property name=\"coverage.percent\" value=\"{}\"/>\n", c.percent());
            out += fmt::format("      <property name=\"coverage.rules\" value=\"{}\"/>\n", c.rules.size());
            out += fmt::format("      <property name=\"coverage.exercised\" value=\"{}\"/>\n", c.exercised());
            out += "    </properties>\n";
        }
        for (; i < j; ++i) {
            const TestResult& r = run.results[i];
            out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"", xml(r.name),
                               xml(r.file), xml(r.file), r.line);
            if (r.passed()) {
                out += "/>\n";
                continue;
            }
            out += ">\n";
            for (const auto& f : r.failures) {
                std::string text = render_human(f.where);
                if (!f.explain.empty()) {
                    text += "  explain:\n";
                    for (const auto& e : f.explain) text += "    " + e + "\n";
                }
                out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", xml(f.where.message),
                                   f.where.code, xml_text(text));
            }
            out += "    </testcase>\n";
        }
        out += "  </testsuite>\n";
    }
    out += "</testsuites>\n";
}

}  // namespace tarifc::spec
