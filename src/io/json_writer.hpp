// A minimal streaming JSON writer with deterministic output (keys in the
// order written, two-space indentation). Hand-written rather than building
// an nlohmann::json tree because invoices and rejections can be large and
// every number we print is already exact text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tarifc {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& string(std::string_view s);
    JsonWriter& raw(std::string_view literal);  // a number or true/false/null as text
    JsonWriter& number(long long v);
    JsonWriter& boolean(bool b) { return raw(b ? "true" : "false"); }
    // A compact object on one line, for array items such as lines.
    void set_compact(bool c) { compact_ = c; }

    static void escape(std::string& out, std::string_view s);

private:
    void before_value();
    void newline();
    std::string& out_;
    struct Level {
        bool array;
        bool empty;
        bool compact;
    };
    std::vector<Level> stack_;
    bool after_key_ = false;
    bool compact_ = false;
};

}  // namespace tarifc
