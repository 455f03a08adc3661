#include "syntax/source.hpp"

#include <algorithm>

#include "base/utf8.hpp"

namespace tarifc {

SourceFile::SourceFile(std::string p, std::string t) : path(std::move(p)), text(std::move(t)) {
    line_starts.push_back(0);
    for (uint32_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') line_starts.push_back(i + 1);
}

SourceFile::LineCol SourceFile::line_col(uint32_t byte) const {
    auto it = std::upper_bound(line_starts.begin(), line_starts.end(), byte);
    uint32_t line = static_cast<uint32_t>(it - line_starts.begin());  // 1-based
    return {line, byte - line_starts[line - 1] + 1};
}

uint32_t SourceFile::utf16_column(uint32_t byte) const {
    byte = std::min<uint32_t>(byte, static_cast<uint32_t>(text.size()));
    const uint32_t start = line_starts[line_col(byte).line - 1];
    return static_cast<uint32_t>(utf8::utf16_length(std::string_view(text).substr(start, byte - start))) + 1;
}

std::string_view SourceFile::line_text(uint32_t line) const {
    if (line == 0 || line > line_starts.size()) return {};
    uint32_t b = line_starts[line - 1];
    uint32_t e = line < line_starts.size() ? line_starts[line] : static_cast<uint32_t>(text.size());
    while (e > b && (text[e - 1] == '\n' || text[e - 1] == '\r')) --e;
    return std::string_view(text).substr(b, e - b);
}

const SourceFile& SourceSet::add(std::string path, std::string text) {
    files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
    return *files_.back();
}

}  // namespace tarifc
