// Edit distance and the closest name (see spelling.hpp).
#include "base/spelling.hpp"

#include <algorithm>

namespace tarifc {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the table: names are short, this runs only on errors.
    std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& candidates) {
    const std::size_t limit = word.size() <= 4 ? 1 : word.size() <= 8 ? 2 : 3;
    std::optional<std::string> best;
    std::size_t best_d = limit + 1;
    bool tie = false;
    for (const auto& c : candidates) {
        if (c == word) continue;
        // Cheap bound first: the length difference is a lower bound.
        std::size_t diff = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
        if (diff > limit) continue;
        std::size_t d = edit_distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
            tie = false;
        } else if (d == best_d && best && *best != c) {
            tie = true;
        }
    }
    if (tie || best_d > limit) return std::nullopt;
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    auto c = closest_name(word, candidates);
    return c ? "did you mean '" + *c + "'?" : std::string();
}

}  // namespace tarifc
