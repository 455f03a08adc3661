// Parsing (after loading, before checking): one tariff file's text into its typed AST.
//
//   parse_module(file, diags)
//
// Syntax errors are reported per statement: after an error the parser
// resumes at the next line that starts in column 1 with a letter, so one
// run shows every broken statement. The nesting of parentheses and `not`
// is limited to kMaxNesting levels, and the binary operators of one
// statement to kMaxOperators (each is one level of the expression tree the
// checker and the evaluator walk recursively; see docs/reliability.md).
#pragma once

#include <memory>

#include "syntax/ast.hpp"
#include "syntax/diagnostic.hpp"
#include "syntax/source.hpp"

namespace tarifc {

inline constexpr std::size_t kMaxNesting = 64;
inline constexpr std::size_t kMaxOperators = 1000;
inline constexpr std::size_t kMaxTariffBytes = 64u << 20;  // 64 MiB

// Always returns a module (possibly partial); errors go to `diags`.
// `complete` is false when some of the file was not parsed (a syntax error,
// a file that is too large or not UTF-8 text): the checker then reports the
// file by those errors alone.
std::unique_ptr<ast::Module> parse_module(const SourceFile& file, Diagnostics& diags, bool& complete);
std::unique_ptr<ast::Module> parse_module(const SourceFile& file, Diagnostics& diags);

}  // namespace tarifc
