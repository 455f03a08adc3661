// `tarifc fmt` never changes what a tariff means (ctest fmt_roundtrip).
//
// Copies every folder of the repository that holds tariffs (tariffs/,
// examples/, docs/examples/, tests/golden/) to a scratch folder and formats
// every .tariff of the copy, as `tarifc fmt` does. Then, for every .tariff:
// - formatting the formatted text again changes nothing;
// - `check` of the original and of the copy give the same diagnostics
//   (severity, code, message and notes, line:column left out) and the same
//   compiled plans (plan_differences: none);
// and for every eval case (tests/golden/eval/*/case, examples/*/case), in
// every format it has an expected file for, `eval` of the original and of
// the copy print the same bytes with the same exit status.
// Usage: fmt_roundtrip REPOSITORY_ROOT
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "check/check.hpp"
#include "commands/eval.hpp"
#include "fmt/fmt.hpp"
#include "plan/compare.hpp"
#include "syntax/load.hpp"

namespace fs = std::filesystem;
using namespace tarifc;

namespace {

const char* const kFolders[] = {"tariffs", "examples", "docs/examples", "tests/golden"};
int passed = 0, failed = 0;

void fail(const std::string& what) {
    ++failed;
    std::cout << "FAIL: " << what << "\n";
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> tariffs_below(const fs::path& root) {
    std::vector<std::string> out;
    for (const char* f : kFolders)
        for (const auto& e : fs::recursive_directory_iterator(root / f))
            if (e.is_regular_file() && e.path().extension() == ".tariff")
                out.push_back(fs::relative(e.path(), root).string());
    std::sort(out.begin(), out.end());
    return out;
}

// A diagnostic without its places: line:column may move, nothing else.
std::string unplaced(const Diagnostic& d) {
    static const std::regex place(R"(:\d+:\d+)");
    std::string s = std::string(d.severity == Severity::Error ? "error" : "warning") + "[" + d.code + "] " + d.message;
    for (const auto& n : d.notes) s += "\n  note: " + n.message;
    return std::regex_replace(s, place, ":L:C");
}

struct Checked {
    std::vector<std::string> diagnostics;
    std::vector<plan::Tariff> plans;
};

Checked check_in(const fs::path& root, const std::string& rel) {
    fs::current_path(root);
    Workspace ws;
    Diagnostics diags;
    Checked c;
    if (load_workspace({rel}, ws, diags)) c.plans = check_workspace(ws, diags);
    diags.sort_and_dedupe();
    for (const auto& d : diags.all()) c.diagnostics.push_back(unplaced(d));
    return c;
}

std::string eval_in(const fs::path& dir, const EvalOptions& o, int& status) {
    fs::current_path(dir);
    std::ostringstream out, err;
    status = run_eval(o, out, err);
    return out.str() + "--- stderr\n" + std::regex_replace(err.str(), std::regex(R"(:\d+:\d+)"), ":L:C");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fmt_roundtrip REPOSITORY_ROOT\n";
        return 2;
    }
    const fs::path repo = fs::absolute(argv[1]);
    char tmpl[] = "/tmp/tarifc-fmt-roundtrip-XXXXXX";
    const char* made = ::mkdtemp(tmpl);
    if (!made) {
        std::cerr << "cannot make a scratch folder\n";
        return 2;
    }
    const fs::path copy = made;
    for (const char* f : kFolders) {
        fs::create_directories((copy / f).parent_path());
        fs::copy(repo / f, copy / f, fs::copy_options::recursive);
    }

    // Format the copy; formatting twice changes nothing.
    const auto files = tariffs_below(copy);
    int formatted = 0, changed = 0, refused = 0;
    for (const auto& rel : files) {
        const std::string text = read(copy / rel);
        SourceFile file(rel, text);
        Diagnostics diags;
        auto out = format_tariff(file, diags);
        if (!out) {
            ++refused;
            for (const auto& d : diags.all())
                if (d.code == "E0907") fail(rel + ": " + render_human(d));
            continue;
        }
        ++formatted;
        if (*out != text) ++changed;
        std::ofstream(copy / rel, std::ios::binary | std::ios::trunc) << *out;
        SourceFile again(rel, *out);
        Diagnostics diags2;
        auto twice = format_tariff(again, diags2);
        if (!twice || *twice != *out) fail(rel + ": formatting twice changes the text");
        else ++passed;
    }

    // The same diagnostics and plans.
    for (const auto& rel : files) {
        const Checked a = check_in(repo, rel), b = check_in(copy, rel);
        bool ok = true;
        if (a.diagnostics != b.diagnostics) {
            ok = false;
            std::string shown;
            for (std::size_t i = 0; i < std::max(a.diagnostics.size(), b.diagnostics.size()); ++i) {
                const std::string x = i < a.diagnostics.size() ? a.diagnostics[i] : "(none)";
                const std::string y = i < b.diagnostics.size() ? b.diagnostics[i] : "(none)";
                if (x != y) shown += "\n  original:  " + x + "\n  formatted: " + y;
            }
            fail(rel + ": check reports otherwise" + shown);
        }
        if (a.plans.size() != b.plans.size()) {
            ok = false;
            fail(rel + ": a different number of plans");
        } else {
            for (std::size_t i = 0; i < a.plans.size(); ++i) {
                auto diffs = plan::plan_differences(a.plans[i], b.plans[i]);
                if (diffs.empty()) continue;
                ok = false;
                std::string shown;
                for (const auto& d : diffs) shown += "\n  " + d;
                fail(rel + ": plan " + a.plans[i].name + " differs:" + shown);
            }
        }
        if (ok) ++passed;
    }

    // The same invoices.
    std::vector<fs::path> cases;
    for (const char* f : {"tests/golden/eval", "examples"})
        for (const auto& e : fs::recursive_directory_iterator(repo / f))
            if (e.is_regular_file() && e.path().filename() == "case") cases.push_back(fs::relative(e.path().parent_path(), repo));
    std::sort(cases.begin(), cases.end());
    int runs = 0;
    for (const auto& dir : cases) {
        std::istringstream words(read(repo / dir / "case"));
        std::vector<std::string> args{std::istream_iterator<std::string>(words), std::istream_iterator<std::string>()};
        EvalOptions o;
        o.threads = 1;
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            const std::string next = i + 1 < args.size() ? args[i + 1] : "";
            if (a == "--accounts") o.accounts_path = next, ++i;
            else if (a == "--usage") o.usage_path = next, ++i;
            else if (a == "--from") o.from = next, ++i;
            else if (a == "--to") o.to = next, ++i;
            else if (a.starts_with("--")) fail(dir.string() + ": case option " + a + " is not known to this test");
            else o.tariff_path = a;
        }
        for (const auto& e : fs::directory_iterator(repo / dir)) {
            const std::string name = e.path().filename().string();
            if (!name.starts_with("expected-")) continue;
            const std::string format = name.substr(9);
            EvalOptions v = o;
            v.explain = format.starts_with("explain");
            v.format = format == "csv" ? EvalFormat::Csv : format == "table" || format == "explain-table" ? EvalFormat::Table : EvalFormat::Json;
            int sa = 0, sb = 0;
            const std::string a = eval_in(repo / dir, v, sa), b = eval_in(copy / dir, v, sb);
            ++runs;
            if (a != b || sa != sb) fail(dir.string() + " (" + format + "): eval prints otherwise after fmt");
            else ++passed;
        }
    }
    fs::current_path(repo);
    fs::remove_all(copy);
    std::cout << "fmt_roundtrip: " << files.size() << " tariffs, " << formatted << " formatted (" << changed
              << " changed), " << refused << " refused (they do not parse); " << runs << " eval runs compared\n";
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
