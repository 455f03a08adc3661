// `tarifc check --format github`: GitHub Actions workflow commands, one
// line per diagnostic, which the runner turns into annotations:
//   ::error file=F,line=L,col=C,endColumn=E,title=CODE::message
// Escaping as GitHub's runner (actions/toolkit) undoes it: '%', CR and LF in
// the message; also ':' and ',' in a property's value.
#include <algorithm>

#include "io/check_formats.hpp"

namespace tarifc {

namespace {

std::string escape(std::string_view s, bool property) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '%': out += "%25"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            case ':': out += property ? "%3A" : ":"; break;
            case ',': out += property ? "%2C" : ","; break;
            default: out.push_back(c);
        }
    }
    return out;
}

// The place as properties. GitHub takes columns only on one line: a range
// over several lines is given by its lines. endColumn is the column of the
// range's last character (col when the range is empty).
std::string place(const Diagnostic& d) {
    std::string out;
    auto add = [&](const char* name, const std::string& value) {
        out += out.empty() ? "" : ",";
        out += name;
        out += '=';
        out += escape(value, true);
    };
    if (d.range.file) {
        const SourceFile& f = *d.range.file;
        const uint32_t end = std::max(d.range.end, d.range.begin);
        // The range's last byte: its line is the last line of the range.
        const uint32_t last = end > d.range.begin ? end - 1 : end;
        const uint32_t line = f.line_col(d.range.begin).line, end_line = f.line_col(last).line;
        add("file", f.path);
        add("line", std::to_string(line));
        if (end_line == line) {
            const uint32_t col = f.utf16_column(d.range.begin);
            // A range that ends with its line's newline ends at the newline.
            const uint32_t end_col = f.line_col(end).line == line ? f.utf16_column(end) - 1 : f.utf16_column(last);
            add("col", std::to_string(col));
            add("endColumn", std::to_string(std::max(col, end_col)));
        } else {
            add("endLine", std::to_string(end_line));
        }
    } else if (!d.data.path.empty()) {
        add("file", d.data.path);
        if (d.data.line != 0) add("line", std::to_string(d.data.line));
        if (d.data.line != 0 && d.data.column != 0) add("col", std::to_string(d.data.column));
    }
    add("title", d.code);
    return out;
}

}  // namespace

std::string check_github(const Diagnostics& diags) {
    std::string out;
    for (const Diagnostic& d : diags.all()) {
        out += d.severity == Severity::Error ? "::error " : "::warning ";
        out += place(d);
        out += "::";
        out += escape(message_with_notes(d), false);
        out += '\n';
    }
    return out;
}

}  // namespace tarifc
