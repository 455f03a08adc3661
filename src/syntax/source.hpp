// Source files and ranges: what every diagnostic points into.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tarifc {

// One tariff file's text, kept alive for the whole run so that ranges and
// diagnostics can quote it.
struct SourceFile {
    std::string path;   // as given or as resolved from an import, for messages
    std::string text;
    std::vector<uint32_t> line_starts;  // byte offset of each line's start

    SourceFile(std::string p, std::string t);
    struct LineCol {
        uint32_t line;    // 1-based
        uint32_t column;  // 1-based, in bytes
    };
    LineCol line_col(uint32_t byte) const;
    // The 1-based column of `byte` in UTF-16 code units (SARIF's default;
    // check --format sarif and github), where line_col counts bytes.
    uint32_t utf16_column(uint32_t byte) const;
    std::string_view line_text(uint32_t line) const;  // without the newline
};

// A half-open byte range [begin, end) in one file. A null file means "no
// place in a tariff" (e.g. a command-line problem).
struct SourceRange {
    const SourceFile* file = nullptr;
    uint32_t begin = 0;
    uint32_t end = 0;
};

// Owns every loaded file; addresses are stable.
class SourceSet {
public:
    const SourceFile& add(std::string path, std::string text);
    const std::vector<std::unique_ptr<SourceFile>>& files() const { return files_; }

private:
    std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace tarifc
