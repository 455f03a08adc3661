// The accounts file read as JSON with positions: a flat tree of the
// document whose values remember the byte where they start (for the line
// and column of a message) and whose numbers keep their literal text. The
// checks against the tariff's fields are in accounts.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syntax/diagnostic.hpp"

namespace tarifc::jdoc {

// A flat tree of the document: nodes in document order, children linked.
// Numbers keep their literal text: never read through a binary approximation.
enum class JType : uint8_t { Null, Bool, Number, String, Array, Object };

constexpr uint32_t kNone = UINT32_MAX;

struct JNode {
    JType type = JType::Null;
    bool boolean = false;
    bool plain_integer = false;  // Number: written as -?digits (no fraction, no exponent)
    uint32_t first = kNone;      // Array/Object: first child
    uint32_t next = kNone;       // next sibling
    uint32_t count = 0;          // Array/Object: number of children
    uint32_t text = 0, text_len = 0;  // String: its text; Number: its literal (in the arena)
    uint32_t offset = 0;              // byte where the value starts in the file
    uint32_t key = 0, key_len = 0;    // as an object member: its key
};

struct JDoc {
    std::vector<JNode> nodes;
    std::string arena;
    std::string_view text(const JNode& n) const { return {arena.data() + n.text, n.text_len}; }
    std::string_view key(const JNode& n) const { return {arena.data() + n.key, n.key_len}; }
};

// More values or text than a JDoc's 32-bit indexes can hold (the limits
// below keep a document far under them).
struct TooLarge {};

// The limits of an accounts file, enforced while it is read
// (docs/reliability.md, E0709). The file: 1 GiB, about 1.7 million accounts
// like those of bench/generate.py (100,000 take 62 MB). Values: 2^26, at most
// 2.4 GB of tree at 36 bytes a value (100,000 accounts hold 2.7 million).
// Depth: an accounts document needs 5 levels ({"accounts": [{"numbers":
// [{...}]}]}). A string (a key or a text value) may be as long as a usage
// row, the longest text an account id must match. A number literal: 38
// significant digits and 30 decimals fit in far fewer characters.
inline constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;
struct Limits {
    std::size_t values = std::size_t{1} << 26;
    std::size_t depth = 64;
    std::size_t string_bytes = std::size_t{1} << 16;
    std::size_t number_chars = 100;
};

// "a number", "an object", ... (for "expected X, got Y").
const char* type_name(JType t);

// The members of one object, in document order.
struct Members {
    std::vector<std::pair<std::string_view, uint32_t>> items;
    uint32_t find(std::string_view key) const {
        for (const auto& [k, v] : items)
            if (k == key) return v;
        return kNone;
    }
};

// Reads `text` into `doc`. False when it is not JSON text: then `message`
// is "invalid JSON: ..." and `place` (holding the file's name) gets the line
// and column nlohmann names, when it names one. False too when the text
// goes over one of the limits above: then `over_limit` is set, `message`
// names the limit and `place` is where it was passed. Throws TooLarge.
bool read(std::string_view text, JDoc& doc, DataPlace& place, std::string& message, bool& over_limit,
          const Limits& limits = {});

// 1-based line and column (in bytes) of `offset` in `text`.
DataPlace place_in(std::string_view text, std::string_view name, std::size_t offset);

}  // namespace tarifc::jdoc
