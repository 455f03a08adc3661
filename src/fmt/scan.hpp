// fmt, pass 1: what the layout needs to know about a tariff's text, read
// from the grammar's own parse tree (grammar/tariff_grammar.hpp).
//
//   scan(text) -> Marks
//
// The layout (layout.hpp) changes only the white space between tokens, so
// this pass finds where that white space is (every `sep` and `blanks` the
// grammar matched: the gaps) and what stands around it: where a statement,
// a clause or a block's item starts, where a block opens and closes, where
// no blank belongs (`max(a, b)`), and the columns of band tables and pack
// size lists. It also gives a signature of the parse (node kinds and token
// texts, no white space) so that fmt can prove its output parses the same.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tarifc::fmt_pass {

// What is true at one byte offset of the text (bit flags).
enum Mark : uint8_t {
    kLineStart = 1,       // a token that starts its own line: statement, clause, item, '}'
    kItemStart = 2,       // a statement, or an item of a block (field, band, pack size)
    kBlockOpenEnd = 4,    // just after a block's '{': a line break follows
    kBlockClose = 8,      // a block's '}'
    kTightBefore = 16,    // no blank before this token: ')' ',' ':' a call's '(' a set's '}'
    kTightAfter = 32,     // no blank after the token ending here: '(' and a set's '{'
    kBoundary = 64,       // a token boundary where white space may be added (no gap in the text)
};

struct Gap {
    uint32_t begin = 0, end = 0;  // [begin, end): blanks, line breaks, comments; may be empty
};

// One row of a band table or a pack size list, laid out in columns.
struct Row {
    int table = 0;         // rows of the same table are aligned together
    uint32_t begin = 0, end = 0;
    // Where each column after the first starts (a token offset) and its
    // column index (1, 2); a band without an upper bound has no column 1.
    std::vector<std::pair<uint32_t, int>> columns;
    int gutter = 1;        // blanks between columns: 2 in a band table, 1 in a pack size list
};

struct Marks {
    std::vector<uint8_t> at;                  // Mark bits per byte offset, size text.size() + 1
    std::vector<Gap> gaps;                    // sorted, disjoint
    std::vector<uint32_t> statements;         // each statement's first byte, in order
    std::vector<Row> rows;
    std::vector<std::pair<uint32_t, uint32_t>> agg_names;  // `time-weighted average`: one blank inside
    // Node kinds and token texts of the parse, in order, without white space.
    std::vector<std::string> signature;
};

// nullopt when the text does not parse (fmt parses with parse_module first,
// which reports why).
std::optional<Marks> scan(std::string_view text);

// The text of [begin, end) with every run of blanks inside an aggregate's
// name made one blank (as the parser reads it).
std::string squeeze_agg(std::string_view text, uint32_t begin, uint32_t end, const Marks& m);

}  // namespace tarifc::fmt_pass
