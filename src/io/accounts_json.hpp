// The accounts file read as JSON with positions: a flat tree of the
// document whose values remember the byte where they start (for the line
// and column of a message) and whose numbers keep their literal text. The
// checks against the tariff's fields are in accounts.cpp.
#pragma once

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

// More values or text than a JDoc's 32-bit indexes can hold.
struct TooLarge {};

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
// and column nlohmann names, when it names one. Throws TooLarge.
bool read(std::string_view text, JDoc& doc, DataPlace& place, std::string& message);

// 1-based line and column (in bytes) of `offset` in `text`.
DataPlace place_in(std::string_view text, std::string_view name, std::size_t offset);

}  // namespace tarifc::jdoc
