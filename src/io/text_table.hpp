// Aligned text tables for the terminal formats (tarifc diff, tarifc compare).
#pragma once

#include <string>
#include <vector>

namespace tarifc {

// Characters as a terminal counts them for alignment: UTF-8 code points.
std::size_t text_width(const std::string& s);

// Rows of cells appended to `out`, each line indented by two spaces, the
// first column left-aligned, the others right-aligned, two spaces apart;
// no trailing blanks.
void text_table(std::string& out, const std::vector<std::vector<std::string>>& rows);

}  // namespace tarifc
