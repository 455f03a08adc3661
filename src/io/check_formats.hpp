// `tarifc check`'s formats for CI systems, one file each: SARIF 2.1.0
// (check_sarif.cpp, for code-scanning dashboards) and GitHub Actions
// workflow commands (check_github.cpp, annotations on a pull request).
// The human and JSON formats are rendered by syntax/diagnostic.hpp's one
// renderer (src/commands/check.cpp). Both formats here count columns in
// UTF-16 code units (SourceFile::utf16_column), as SARIF does by default.
#pragma once

#include <string>
#include <string_view>

#include "syntax/diagnostic.hpp"

namespace tarifc {

// The whole SARIF log: one run of the tool "tarifc" whose rules are every
// diagnostic code (syntax/codes.hpp) with its help from docs/diagnostics.md,
// and one result per diagnostic in the order given, then one per warning an
// allow comment accepted (Diagnostics::allowed), suppressed in source with
// the comment's reason as justification. `loaded`: false when a path could not be read (the run's
// invocation then did not complete).
std::string check_sarif(const Diagnostics& diags, bool loaded);

// One workflow command per diagnostic shown (not the allowed warnings) ("::error file=F,line=L,...::text").
std::string check_github(const Diagnostics& diags);

// What the two formats share:
// The message, then each note on a line of its own: "note: TEXT", or
// "note: PATH:LINE:COLUMN: TEXT" for a note with a place (UTF-16 column).
std::string message_with_notes(const Diagnostic& d);

// A path as a URI reference: '\' as '/', bytes other than unreserved
// characters and '/' percent-encoded; an absolute path as a file:// URI.
std::string path_uri(std::string_view path);

}  // namespace tarifc
