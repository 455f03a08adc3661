#include "io/accounts_json.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tarifc::jdoc {

namespace {

using json = nlohmann::json;

// Thrown by JsonTreeBuilder::add past Limits::values (its callers return bool
// to nlohmann; add's callers would all have to pass a failure on).
struct OverLimit {};

// Builds a JDoc from nlohmann's SAX events. `offset` is where the lexer
// is in the text (counted by the input iterator); each value records its
// start there, so that messages can give a line and column.
class JsonTreeBuilder {
public:
    JsonTreeBuilder(JDoc& doc, std::string_view text, const std::size_t& offset, const Limits& limits)
        : doc_(doc), text_(text), offset_(offset), limits_(limits) {}

    bool null() {
        add(JType::Null);
        return true;
    }
    bool boolean(bool b) {
        doc_.nodes[add(JType::Bool)].boolean = b;
        return true;
    }
    bool number_integer(json::number_integer_t v) {
        number(std::to_string(v), true);
        return true;
    }
    bool number_unsigned(json::number_unsigned_t v) {
        number(std::to_string(v), true);
        return true;
    }
    // The value nlohmann computed is ignored: only the literal text is used.
    bool number_float(json::number_float_t, const std::string& literal) {
        if (literal.size() > limits_.number_chars)
            return over(JType::Number, fmt::format("a number longer than {} characters", limits_.number_chars));
        const bool plain = literal.find_first_of(".eE") == std::string::npos;
        number(literal, plain);
        return true;
    }
    bool string(std::string& s) {
        if (s.size() > limits_.string_bytes) return over(JType::String, long_string());
        const uint32_t i = add(JType::String);
        set_text(i, s);
        return true;
    }
    bool binary(json::binary_t&) { return true; }  // never produced by JSON text
    bool start_object(std::size_t) {
        if (stack_.size() >= limits_.depth) return over(JType::Object, too_deep());
        stack_.push_back({add(JType::Object), kNone});
        return true;
    }
    bool key(std::string& k) {
        if (k.size() > limits_.string_bytes) return over(JType::String, long_string());
        key_ = store(k);
        key_len_ = static_cast<uint32_t>(k.size());
        return true;
    }
    bool end_object() {
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) {
        if (stack_.size() >= limits_.depth) return over(JType::Array, too_deep());
        stack_.push_back({add(JType::Array), kNone});
        return true;
    }
    bool end_array() {
        stack_.pop_back();
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const json::exception& ex) {
        failed_ = true;
        position_ = position;
        what_ = ex.what();
        return false;
    }

    bool failed() const { return failed_; }
    // Over a limit: the message and the byte where the value starts.
    bool over_limit() const { return !limit_.empty(); }
    const std::string& limit_message() const { return limit_; }
    std::size_t limit_offset() const { return limit_offset_; }
    std::size_t position() const { return position_; }
    // "invalid JSON: syntax error while ...", and the line and column
    // nlohmann names ("parse error at line 3, column 4: ...") in `place`.
    std::string message(DataPlace& place) const {
        std::string detail = what_;
        if (!detail.empty() && detail[0] == '[') {  // "[json.exception.parse_error.101] "
            auto close = detail.find("] ");
            if (close != std::string::npos) detail.erase(0, close + 2);
        }
        static constexpr std::string_view kPrefix = "parse error at ";
        if (detail.rfind(kPrefix, 0) == 0) {
            auto colon = detail.find(": ", kPrefix.size());
            if (colon != std::string::npos) {
                unsigned line = 0, column = 0;
                if (std::sscanf(detail.c_str() + kPrefix.size(), "line %u, column %u", &line, &column) == 2) {
                    place.line = line;
                    place.column = column;
                }
                detail.erase(0, colon + 2);
            }
        }
        return "invalid JSON: " + detail;
    }

private:
    struct Open {
        uint32_t node;
        uint32_t last_child;
    };

    // Stops the parse (a SAX callback returning false) at a value over a limit.
    bool over(JType t, std::string message) {
        limit_ = std::move(message);
        limit_offset_ = start_of(t);
        return false;
    }
    std::string long_string() const {
        return fmt::format("a string longer than {} bytes", limits_.string_bytes);
    }
    std::string too_deep() const {
        return fmt::format("arrays and objects nest deeper than {} levels", limits_.depth);
    }

    uint32_t add(JType t) {
        if (doc_.nodes.size() >= limits_.values) {
            over(t, fmt::format("more than {} values (arrays, objects, strings, numbers...) in one file", limits_.values));
            throw OverLimit{};
        }
        if (doc_.nodes.size() >= kNone) throw TooLarge{};
        const auto idx = static_cast<uint32_t>(doc_.nodes.size());
        JNode& n = doc_.nodes.emplace_back();
        n.type = t;
        n.offset = start_of(t);
        if (!stack_.empty()) {
            Open& o = stack_.back();
            JNode& parent = doc_.nodes[o.node];
            if (parent.type == JType::Object) {
                n.key = key_;
                n.key_len = key_len_;
            }
            if (o.last_child == kNone)
                parent.first = idx;
            else
                doc_.nodes[o.last_child].next = idx;
            o.last_child = idx;
            ++parent.count;
        }
        return idx;
    }
    // Appends to the arena; returns the offset.
    uint32_t store(std::string_view s) {
        if (doc_.arena.size() + s.size() >= UINT32_MAX) throw TooLarge{};
        const auto at = static_cast<uint32_t>(doc_.arena.size());
        doc_.arena += s;
        return at;
    }
    void set_text(uint32_t i, std::string_view s) {
        const uint32_t at = store(s);
        doc_.nodes[i].text = at;
        doc_.nodes[i].text_len = static_cast<uint32_t>(s.size());
    }
    void number(std::string_view literal, bool plain) {
        const uint32_t i = add(JType::Number);
        doc_.nodes[i].plain_integer = plain;
        set_text(i, literal);
    }

    // The value's first byte. When the callback comes the lexer has read the
    // whole token: a string up to its closing quote, a number one byte past
    // its end, '{' and '[' themselves, a literal (true, null) exactly.
    uint32_t start_of(JType t) const {
        std::size_t p = std::min(offset_, text_.size());
        auto number_char = [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; };
        auto literal_char = [](char c) { return c >= 'a' && c <= 'z'; };
        switch (t) {
            case JType::Object:
            case JType::Array:
                if (p > 0) --p;
                break;
            case JType::String:
                if (p > 0) --p;  // the closing quote
                while (p > 0) {
                    --p;
                    if (text_[p] != '"') continue;
                    std::size_t slashes = 0;
                    while (p > slashes && text_[p - 1 - slashes] == '\\') ++slashes;
                    if (slashes % 2 == 0) break;
                }
                break;
            case JType::Number:
                while (p > 0 && !number_char(text_[p - 1])) --p;
                while (p > 0 && number_char(text_[p - 1])) --p;
                break;
            case JType::Null:
            case JType::Bool:
                while (p > 0 && literal_char(text_[p - 1])) --p;
                break;
        }
        return static_cast<uint32_t>(p);
    }

    JDoc& doc_;
    std::string_view text_;
    const std::size_t& offset_;
    const Limits& limits_;
    std::vector<Open> stack_;
    uint32_t key_ = 0, key_len_ = 0;
    bool failed_ = false;
    std::string limit_;
    std::size_t limit_offset_ = 0;
    std::size_t position_ = 0;
    std::string what_;
};

// Counts the bytes nlohmann's lexer has read (JsonTreeBuilder::start_of).
struct CountingIterator {
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;
    const char* p;
    std::size_t* count;
    reference operator*() const { return *p; }
    CountingIterator& operator++() {
        ++p;
        ++*count;
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator old = *this;
        ++*this;
        return old;
    }
    bool operator==(const CountingIterator& o) const { return p == o.p; }
    bool operator!=(const CountingIterator& o) const { return p != o.p; }
};

}  // namespace

const char* type_name(JType t) {
    switch (t) {
        case JType::Null: return "null";
        case JType::Bool: return "a boolean";
        case JType::Number: return "a number";
        case JType::String: return "a string";
        case JType::Array: return "an array";
        case JType::Object: return "an object";
    }
    return "a value";
}

bool read(std::string_view text, JDoc& doc, DataPlace& place, std::string& message, bool& over_limit,
          const Limits& limits) {
    over_limit = false;
    doc = JDoc{};
    std::size_t offset = 0;
    JsonTreeBuilder builder(doc, text, offset, limits);
    CountingIterator begin{text.data(), &offset}, end{text.data() + text.size(), &offset};
    bool ok = false;
    try {
        ok = json::sax_parse(begin, end, &builder);
    } catch (const OverLimit&) {
    }
    if (builder.over_limit()) {
        over_limit = true;
        message = builder.limit_message();
        place = place_in(text, place.path, builder.limit_offset());
        doc = JDoc{};
        return false;
    }
    if (!ok || builder.failed() || doc.nodes.empty()) {
        message = builder.failed() ? builder.message(place) : std::string("invalid JSON");
        return false;
    }
    // The node array grew by doubling: up to half of it is spare room,
    // which would stay held (with the whole tree) while every account is
    // validated into AccountData, the load's peak.
    doc.nodes.shrink_to_fit();
    doc.arena.shrink_to_fit();
    return true;
}

// 1-based line and column (in bytes) of `offset` in `text`.
DataPlace place_in(std::string_view text, std::string_view name, std::size_t offset) {
    DataPlace p{std::string(name)};
    const std::string_view before = text.substr(0, std::min(offset, text.size()));
    const std::size_t nl = before.rfind('\n');
    p.line = static_cast<uint32_t>(1 + std::count(before.begin(), before.end(), '\n'));
    p.column = static_cast<uint32_t>(before.size() - (nl == std::string_view::npos ? 0 : nl + 1) + 1);
    return p;
}

}  // namespace tarifc::jdoc
