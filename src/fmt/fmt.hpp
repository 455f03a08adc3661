// `tarifc fmt`'s stage: one tariff file's text in the canonical layout.
//
//   format_tariff(file, diags) -> the formatted text, or nullopt
//
// Passes (one file and one entry function each): scan.hpp reads the
// grammar's parse tree into marks; layout.hpp writes the text anew, changing
// only white space. A file that does not parse is refused: its syntax
// errors (parse_module's diagnostics) go to `diags`. Before the text is
// returned it is parsed again and must give the same parse (the same node
// kinds and token texts, the same comments): a layout that would change
// the meaning is an internal error (E0907), never a changed file.
#pragma once

#include <optional>
#include <string>

#include "syntax/diagnostic.hpp"
#include "syntax/source.hpp"

namespace tarifc {

std::optional<std::string> format_tariff(const SourceFile& file, Diagnostics& diags);

}  // namespace tarifc
