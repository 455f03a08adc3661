// fmt, pass 2: the canonical layout of a tariff's text, from the marks of
// pass 1 (scan.hpp).
//
//   layout(text, marks) -> text
//
// Only the white space between tokens changes; every token and every
// comment is kept, in order. The rules (docs/language.md, "Layout"):
// - each statement starts in column 1; each clause of a charge, minimum,
//   discount and pack starts its own line, indented 4; the items of a
//   `{ }` block (fields, bands, pack sizes) one per line, 4 deeper than the
//   line that opens the block, and the `}` under that line's start; any
//   other line break the author made is kept, as a continuation line
//   indented 4 deeper than its statement or item;
// - one blank between tokens on a line, none after `(` and a set's `{`,
//   none before `)`, `,`, `:`, a set's `}` and the `(` of a call;
// - the bounds and prices of a band table (two blanks between columns),
//   and the sizes and prices of a pack (one blank), in aligned columns;
// - blank lines: at most one in a row, none at the start of the file,
//   after a `{` or before a `}`; exactly one around a statement that takes
//   more than one line; between one-line statements as the author wrote;
// - comments stay where they were: a comment on its own line is indented
//   as the line after it; trailing comments of consecutive lines are
//   aligned, two blanks after the longest line;
// - no blanks at the end of a line, one line break at the end of the file.
#pragma once

#include <string>
#include <string_view>

#include "fmt/scan.hpp"

namespace tarifc::fmt_pass {

std::string layout(std::string_view text, const Marks& marks);

}  // namespace tarifc::fmt_pass
