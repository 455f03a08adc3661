// "Did you mean ...?": the edit distance between two names, and the one
// candidate clearly closest to a misspelt name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarifc {

// Insertions, deletions, substitutions and swaps of two neighbours, each 1
// (optimal string alignment). Bytes, not characters: names are ASCII-ish
// and a multi-byte letter only costs more.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate within a small distance of `word` (1 for names of up to 4
// bytes, 2 up to 8, 3 beyond) and strictly closer than every other one;
// nullopt when none is, or when two are equally close (no guessing).
std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& candidates);

// The note to attach: "did you mean 'minute'?", or empty.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tarifc
