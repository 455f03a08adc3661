// Tests of tariffs written by pricing analysts (`tarifc test`,
// docs/testing.md): a test file (*.tariff-test) names a tariff, a period,
// accounts and usage (inline or as files) and states what the invoices must
// say. One file per pass:
//
//   parse_spec (parse.cpp): text -> SpecFile (syntax errors: E1101)
//   run_spec (run.cpp): SpecFile -> results, rating in-process with
//       explain traces; what the runs exercised feeds the coverage
//   coverage.cpp: the rules of the tariffs the tests named, and which of
//       them some test exercised
//   report_human.cpp, report_json.cpp, report_junit.cpp: one format each
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/civil_time.hpp"
#include "base/decimal.hpp"
#include "eval/eval.hpp"
#include "syntax/diagnostic.hpp"
#include "syntax/load.hpp"

namespace tarifc::spec {

// ---------------------------------------------------------------- the file

// A tariff, accounts or usage named in a test file: a path (relative to
// the test file's folder) or the text written inline.
struct Input {
    bool given = false;
    bool is_inline = false;
    std::string path;       // the path as written (is_inline: empty)
    std::string text;       // inline text: JSON as written, CSV lines without their indentation
    uint32_t line = 0;      // inline: where the text starts in the test file (1-based)
    uint32_t column = 0;
    SourceRange range;      // the setting, for messages
};

struct Period {
    bool given = false;
    YearMonth from{}, to{};
    SourceRange range;
};

struct Settings {
    Input tariff, accounts, usage;
    Period period;
};

// One `FIELD = VALUE` of an expectation.
struct Check {
    std::string field;       // amount, quantity, exact; remaining, used; read, rated, rejected, out of period
    Decimal value;
    std::string unit;        // currency or unit as written ("" when not given)
    std::string text;        // the value as written, for messages
    SourceRange range;
};

enum class ExpectKind { Total, Line, Pack, Rejected, Rows };

struct Expectation {
    ExpectKind kind = ExpectKind::Total;
    std::string account;
    YearMonth month{};
    std::string item;             // Line: charge name or description; Pack: pack id
    std::vector<Check> checks;    // Total: one check, field "total"
    uint64_t line = 0;            // Rejected
    bool has_reason = false;
    bool contains = false;        // reason contains TEXT (else: the whole reason)
    std::string reason;
    SourceRange range;            // the whole expectation
};

struct Test {
    std::string name;
    SourceRange range;            // the name
    Settings settings;            // its own; unset ones come from the file
    std::vector<Expectation> expects;
};

struct SpecFile {
    const SourceFile* file = nullptr;
    Settings settings;            // file level: shared by every test
    std::vector<Test> tests;
};

// Parses one test file's text. False (with the diagnostic in `diags`, E1101
// for a syntax error, E1102 for settings that do not fit) when it cannot be
// used.
bool parse_spec(const SourceFile& file, SpecFile& out, Diagnostics& diags);

// ---------------------------------------------------------------- results

struct Failure {
    Diagnostic where;                   // E1120 at the expectation, message says expected vs actual
    std::string expected, actual;
    std::vector<std::string> explain;   // the --explain trace of the line (or invoice) concerned
};

struct TestResult {
    std::string file;                   // the test file's path
    std::string name;
    uint32_t line = 0;
    std::vector<Failure> failures;
    bool passed() const { return failures.empty(); }
};

// ---------------------------------------------------------------- coverage

enum class RuleKind { Charge, Band, Pack, Minimum, Discount, Reject };

struct Rule {
    RuleKind kind = RuleKind::Charge;
    std::string file;
    uint32_t line = 0;
    std::string text;    // "charge seats", "band 2 of platform (over 200000 up to 500000)"
    bool exercised = false;
};

// The rules of every tariff a test named, keyed by where they are written
// (a rule of a shared file counts once, whichever plan exercised it).
struct Coverage {
    std::map<std::pair<std::string, uint32_t>, Rule> rules;  // (file, byte offset) -> rule
    std::size_t exercised() const;
    // Percent of rules exercised, with one decimal, rounded down: "86.1"
    // ("100.0" when there are no rules).
    std::string percent() const;
    // exercised / total >= pct / 100, exactly.
    bool reaches(const Decimal& pct) const;
};

// Adds a plan's rules (not yet exercised) to `cov`.
void add_rules(const plan::Tariff& t, Coverage& cov);
// Marks what one invoice of plan `t` exercised (the lines' explain traces
// must be there: the run asks for them).
void mark_invoice(const plan::Tariff& t, const Invoice& inv, Coverage& cov);
// Marks the reject rules of `t` that rejected a row.
void mark_rejection(const plan::Tariff& t, const Rejection& r, Coverage& cov);

// ---------------------------------------------------------------- running

struct RunOptions {
    std::string run_filter;   // --run: only tests whose name contains it
    bool coverage = false;
};

struct Run {
    std::vector<TestResult> results;
    Coverage coverage;
    bool covered = false;     // coverage computed
};

// Runs every test of `file` (parsed from the path `path`). False on trouble
// (a tariff, accounts or usage file that is missing or invalid, a test
// without its settings): the problem is told on `err`.
class Runner {
public:
    explicit Runner(RunOptions options);
    ~Runner();
    bool run_file(const SpecFile& file, Run& run, std::ostream& err);

private:
    struct Cache;
    RunOptions options_;
    std::unique_ptr<Cache> cache_;
};

// ---------------------------------------------------------------- reports

void report_human(const Run& run, std::string& out);
void report_json(const Run& run, std::string& out);
void report_junit(const Run& run, std::string& out);

// "a.tariff:12" for coverage lists; "kind text" of a rule.
std::string rule_kind_name(RuleKind k);

}  // namespace tarifc::spec
