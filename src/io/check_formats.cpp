// What check's CI formats (check_sarif.cpp, check_github.cpp) share.
#include "io/check_formats.hpp"

namespace tarifc {

std::string message_with_notes(const Diagnostic& d) {
    std::string text = d.message;
    for (const Note& n : d.notes) {
        text += "\nnote: ";
        if (n.range.file) {
            const SourceFile& f = *n.range.file;
            text += f.path + ":" + std::to_string(f.line_col(n.range.begin).line) + ":" +
                    std::to_string(f.utf16_column(n.range.begin)) + ": ";
        }
        text += n.message;
    }
    return text;
}

std::string path_uri(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    auto unreserved = [](unsigned char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '.' || c == '_' || c == '~' || c == '/';
    };
    std::string out;
    if (!path.empty() && (path[0] == '/' || path[0] == '\\')) out = "file://";
    for (char ch : path) {
        const auto c = static_cast<unsigned char>(ch == '\\' ? '/' : ch);
        if (unreserved(c)) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

}  // namespace tarifc
