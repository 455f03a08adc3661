// The one diagnostic type for every input problem: the tariff (parser,
// loader, checker), the accounts file, the usage file, the command line and
// I/O. Codes are stable: docs/diagnostics.md documents every one of them.
// One renderer (below) prints them for people and as JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "syntax/source.hpp"

namespace tarifc {

class JsonWriter;

enum class Severity { Error, Warning };

// A place in a data file that is not a tariff (the accounts JSON, the usage
// CSV, a path named on the command line): no text to quote, only the path
// and, where known, a 1-based line and column (0 = unknown).
struct DataPlace {
    std::string path;
    uint32_t line = 0;
    uint32_t column = 0;
};

struct Note {
    SourceRange range;  // may have a null file: a note without a place
    std::string message;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;  // e.g. "E0101"; see docs/diagnostics.md
    SourceRange range;  // a place in a tariff (quoted when shown), or no file
    DataPlace data;     // else a place in another file (data.path empty: no place at all)
    std::string message;
    std::vector<Note> notes;

    // A problem outside any tariff: a data file's place, or none (empty path).
    static Diagnostic error_at(std::string code, DataPlace place, std::string message);
};

// Why a warning is accepted: an allow comment's reason, and the comment.
struct Allowance {
    std::string reason;
    SourceRange comment;
};

// A warning an allow comment accepted.
struct AllowedWarning {
    Diagnostic warning;
    std::string reason;
    SourceRange comment;
};

// Collects diagnostics in the order found; the driver sorts them by place
// before printing so that output is deterministic.
class Diagnostics {
public:
    Diagnostic& error(std::string code, SourceRange range, std::string message);
    Diagnostic& warning(std::string code, SourceRange range, std::string message);
    Diagnostic& add(Diagnostic d);

    const std::vector<Diagnostic>& all() const { return all_; }
    std::size_t error_count() const;
    std::size_t warning_count() const;
    bool has_errors() const { return error_count() != 0; }

    // Sort by file path, then position, then code; drop exact duplicates
    // (a shared file checked through two tariffs reports its findings once).
    void sort_and_dedupe();

    // Lets a later pass reword what an earlier one reported (the examples
    // of syntax messages, once the imports are known: syntax/examples.hpp).
    template <class F>
    void rewrite(F&& f) {
        for (auto& d : all_) f(d);
    }

    // Takes out the warnings an allow comment accepts (check/allows.hpp):
    // `accepted(d)` returns the allowance (reason and comment) or nullopt.
    // They are kept apart, in allowed(): counted, not shown, except by SARIF
    // (a result suppressed in source).
    template <class F>
    void allow_if(F&& accepted) {
        std::vector<Diagnostic> kept;
        for (Diagnostic& d : all_) {
            std::optional<Allowance> a;
            if (d.severity == Severity::Warning) a = accepted(std::as_const(d));
            if (a) allowed_.push_back({std::move(d), std::move(a->reason), a->comment});
            else kept.push_back(std::move(d));
        }
        all_ = std::move(kept);
    }
    const std::vector<AllowedWarning>& allowed() const { return allowed_; }
    std::size_t allowed_count() const { return allowed_.size(); }

private:
    std::vector<Diagnostic> all_;
    std::vector<AllowedWarning> allowed_;
};

// Human rendering: "file:line:col: error[CODE]: message" (the parts of the
// place that are unknown left out: "file: error[...]", "error[...]"); for a
// place in a tariff the source line and a caret line under the range; then
// "  = note: ..." lines.
std::string render_human(const Diagnostic& d);

// JSON rendering (one object, as in `tarifc check --format json`):
// {"severity", "code", "message", "file"?, "range"?: {"start": {"line",
// "column"?}, "end": {...}}, "notes": [{"message", "file"?, "start"?}]}.
void render_json(JsonWriter& w, const Diagnostic& d);

}  // namespace tarifc
