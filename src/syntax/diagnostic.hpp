// The one diagnostic type shared by the parser, the checker and the evaluator.
// Codes are stable: docs/diagnostics.md documents every one of them.
#pragma once

#include <string>
#include <vector>

#include "syntax/source.hpp"

namespace tarifc {

enum class Severity { Error, Warning };

struct Note {
    SourceRange range;  // may have a null file: a note without a place
    std::string message;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;  // e.g. "E0101"; see docs/diagnostics.md
    SourceRange range;
    std::string message;
    std::vector<Note> notes;
};

// Collects diagnostics in the order found; the driver sorts them by place
// before printing so that output is deterministic.
class Diagnostics {
public:
    Diagnostic& error(std::string code, SourceRange range, std::string message);
    Diagnostic& warning(std::string code, SourceRange range, std::string message);

    const std::vector<Diagnostic>& all() const { return all_; }
    std::size_t error_count() const;
    std::size_t warning_count() const;
    bool has_errors() const { return error_count() != 0; }

    // Sort by file path, then position, then code; drop exact duplicates
    // (a shared file checked through two tariffs reports its findings once).
    void sort_and_dedupe();

private:
    std::vector<Diagnostic> all_;
};

// Human rendering: "file:line:col: error[CODE]: message", the source line,
// a caret line under the range, then "  = note: ..." lines.
std::string render_human(const Diagnostic& d);

}  // namespace tarifc
