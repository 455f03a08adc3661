#include "io/json_writer.hpp"

#include <fmt/format.h>

#include "base/utf8.hpp"

namespace tarifc {

void JsonWriter::escape(std::string& out, std::string_view s) {
    out.push_back('"');
    // Append runs of plain bytes at once; only quotes, backslashes and
    // control characters need escaping. JSON text is UTF-8: a byte that is
    // not (an id from a usage file in another encoding) becomes U+FFFD.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const utf8::Decoded d = utf8::decode(s, i);
            if (d.code_point != utf8::kInvalid) {
                i += d.length - 1;
                continue;
            }
            out.append(s.data() + run, i - run);
            run = i + 1;
            out += "\\ufffd";
            continue;
        }
        if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: out += fmt::format("\\u{:04x}", c);
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

void JsonWriter::newline() {
    bool compact = !stack_.empty() && stack_.back().compact;
    if (compact) return;
    out_.push_back('\n');
    out_.append(stack_.size() * 2, ' ');
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (stack_.empty()) return;
    Level& l = stack_.back();
    if (!l.empty) out_ += l.compact ? ", " : ",";
    l.empty = false;
    newline();
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    out_.push_back('{');
    bool parent_compact = !stack_.empty() && stack_.back().compact;
    stack_.push_back({false, true, compact_ || parent_compact});
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    Level l = stack_.back();
    stack_.pop_back();
    if (!l.empty && !l.compact) newline();
    out_.push_back('}');
    if (stack_.empty()) out_.push_back('\n');
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    out_.push_back('[');
    bool parent_compact = !stack_.empty() && stack_.back().compact;
    stack_.push_back({true, true, parent_compact});
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    Level l = stack_.back();
    stack_.pop_back();
    if (!l.empty && !l.compact) newline();
    out_.push_back(']');
    if (stack_.empty()) out_.push_back('\n');
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
    before_value();
    escape(out_, k);
    out_ += ": ";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view s) {
    before_value();
    escape(out_, s);
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view literal) {
    before_value();
    out_ += literal;
    return *this;
}

JsonWriter& JsonWriter::number(long long v) { return raw(fmt::format("{}", v)); }

}  // namespace tarifc
