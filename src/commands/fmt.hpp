// `tarifc fmt`: rewrites tariff files in the canonical layout (src/fmt/).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "commands/command.hpp"

namespace tarifc {

enum class FmtMode {
    Write,  // rewrite each file that changes (name it on `out`); `-`: the text to `out`
    Check,  // name each file that would change on `out`; write nothing
    Diff,   // a unified diff of each file that would change on `out`; write nothing
};

struct FmtOptions {
    std::vector<std::string> paths;  // files, folders (their *.tariff, recursively), `-` for standard input
    FmtMode mode = FmtMode::Write;
    std::istream* input = nullptr;   // what `-` reads
};

// 0: every file is formatted (Write: now; Check, Diff: already); 1: some
// file would change (Check, Diff) or does not parse (its syntax errors on
// `err`); 2: trouble (a path that cannot be read or written). Each file is
// formatted on its own; the status is the worst.
int run_fmt(const FmtOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tarifc
