#include "fmt/unified_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

namespace tarifc {

namespace {

constexpr std::size_t kContext = 3;
constexpr std::size_t kMaxPairs = std::size_t{4} << 20;

struct Lines {
    std::vector<std::string_view> lines;
    bool last_has_newline = true;
};

Lines split(std::string_view s) {
    Lines out;
    std::size_t p = 0;
    while (p < s.size()) {
        std::size_t e = s.find('\n', p);
        if (e == std::string_view::npos) {
            out.lines.push_back(s.substr(p));
            out.last_has_newline = false;
            break;
        }
        out.lines.push_back(s.substr(p, e - p));
        p = e + 1;
    }
    return out;
}

enum class Op : uint8_t { Same, Del, Add };
struct Edit {
    Op op;
    std::size_t a, b;  // line indices in old and new (the next line of each for the side not used)
};

std::vector<Edit> edits(const Lines& x, const Lines& y) {
    const auto& a = x.lines;
    const auto& b = y.lines;
    // A last line without a line break differs from the same line with one.
    auto eq = [&](std::size_t i, std::size_t j) {
        const bool ai = i + 1 == a.size() && !x.last_has_newline;
        const bool bj = j + 1 == b.size() && !y.last_has_newline;
        return a[i] == b[j] && ai == bj;
    };
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && eq(head, head)) ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && eq(a.size() - 1 - tail, b.size() - 1 - tail)) ++tail;
    const std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
    std::vector<Edit> out;
    for (std::size_t i = 0; i < head; ++i) out.push_back({Op::Same, i, i});
    if (n * m <= kMaxPairs && n > 0 && m > 0) {
        // lcs[i][j]: the longest common subsequence of a[head+i..] and b[head+j..].
        std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
        auto L = [&](std::size_t i, std::size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
        for (std::size_t i = n; i-- > 0;)
            for (std::size_t j = m; j-- > 0;)
                L(i, j) = eq(head + i, head + j) ? L(i + 1, j + 1) + 1 : std::max(L(i + 1, j), L(i, j + 1));
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && eq(head + i, head + j)) {
                out.push_back({Op::Same, head + i, head + j});
                ++i, ++j;
            } else if (j < m && (i == n || L(i, j + 1) > L(i + 1, j))) {
                out.push_back({Op::Add, head + i, head + j});
                ++j;
            } else {
                out.push_back({Op::Del, head + i, head + j});
                ++i;
            }
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) out.push_back({Op::Del, head + i, head});
        for (std::size_t j = 0; j < m; ++j) out.push_back({Op::Add, head + n, head + j});
    }
    for (std::size_t i = 0; i < tail; ++i) out.push_back({Op::Same, head + n + i, head + m + i});
    return out;
}

// diff -u's range: "l" for one line, "l,n" otherwise; an empty range names
// the line before it.
std::string range(std::size_t first, std::size_t count) {
    if (count == 1) return fmt::format("{}", first + 1);
    return fmt::format("{},{}", count == 0 ? first : first + 1, count);
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view path) {
    if (old_text == new_text) return {};
    const Lines x = split(old_text), y = split(new_text);
    const std::vector<Edit> e = edits(x, y);
    std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
    auto line = [&](char mark, const Lines& l, std::size_t i) {
        out += mark;
        out += l.lines[i];
        out += '\n';
        if (i + 1 == l.lines.size() && !l.last_has_newline) out += "\\ No newline at end of file\n";
    };
    std::size_t k = 0;
    while (k < e.size()) {
        while (k < e.size() && e[k].op == Op::Same) ++k;
        if (k == e.size()) break;
        // A hunk: from kContext lines before the change to kContext lines
        // after the last change that is at most 2*kContext lines from the next.
        std::size_t start = k >= kContext ? k - kContext : 0;
        std::size_t end = k;
        for (;;) {
            while (end < e.size() && e[end].op != Op::Same) ++end;
            std::size_t same = end;
            while (same < e.size() && e[same].op == Op::Same) ++same;
            if (same < e.size() && same - end <= 2 * kContext) {
                end = same;
                continue;
            }
            end = std::min(e.size(), end + kContext);
            break;
        }
        std::size_t a0 = e[start].a, b0 = e[start].b, na = 0, nb = 0;
        for (std::size_t i = start; i < end; ++i) {
            if (e[i].op != Op::Add) ++na;
            if (e[i].op != Op::Del) ++nb;
        }
        out += fmt::format("@@ -{} +{} @@\n", range(a0, na), range(b0, nb));
        for (std::size_t i = start; i < end; ++i) {
            if (e[i].op == Op::Same) line(' ', x, e[i].a);
            else if (e[i].op == Op::Del) line('-', x, e[i].a);
            else line('+', y, e[i].b);
        }
        k = end;
    }
    return out;
}

}  // namespace tarifc
