#include "fmt/layout.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace tarifc::fmt_pass {

namespace {

struct Line {
    int indent = 0;
    std::vector<std::string> cells{std::string()};  // more than one: a row of a table
    std::string comment;                            // a trailing comment
    bool blank = false;
    bool own_comment = false;  // a comment on its own line
    int row = -1;              // index into Marks::rows when its columns are aligned
};

struct Piece {
    std::string comment;  // without trailing blanks
    int breaks_before = 0;
};

// Line breaks: "\n", and a "\r" not followed by "\n" (the grammar reads
// both as white space, like a blank; a line break is the safe reading).
bool is_break(std::string_view s, std::size_t i) {
    return s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'));
}

std::size_t display_width(std::string_view s) {
    std::size_t w = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
    return w;
}

class Layout {
public:
    Layout(std::string_view text, const Marks& m) : t_(text), m_(m) {}

    std::string run() {
        prepare();
        // The text alternates gaps and tokens; a gap may be empty or absent.
        std::size_t gi = 0;
        uint32_t p = 0;
        std::optional<uint32_t> prev;
        for (;;) {
            if (gi < m_.gaps.size() && m_.gaps[gi].begin == p) {
                gap(m_.gaps[gi], prev, m_.gaps[gi].end);
                p = m_.gaps[gi++].end;
            }
            if (p >= t_.size()) break;
            const uint32_t end = gi < m_.gaps.size() ? m_.gaps[gi].begin : static_cast<uint32_t>(t_.size());
            if (!prev && lines_.empty()) new_line(indent_for(p));
            token(p, end);
            prev = end;
            p = end;
        }
        return render();
    }

private:
    std::string_view t_;
    const Marks& m_;
    std::vector<Line> lines_;
    std::vector<int> frames_;                       // the indent of each open block's line
    std::map<uint32_t, std::pair<int, int>> columns_;  // token offset -> (row, column) of aligned rows
    std::vector<bool> multiline_;                   // per statement
    int statement_ = -1;                            // the statement being written
    std::size_t statement_first_line_ = 0;

    uint8_t at(uint32_t p) const { return p < m_.at.size() ? m_.at[p] : 0; }
    bool has_break_or_comment(const Gap& g) const {
        for (uint32_t i = g.begin; i < g.end; ++i)
            if (is_break(t_, i) || t_[i] == '#') return true;
        return false;
    }

    // The gaps strictly inside [begin, end), in order.
    template <typename F>
    void gaps_inside(uint32_t begin, uint32_t end, F&& f) const {
        auto it = std::upper_bound(m_.gaps.begin(), m_.gaps.end(), begin,
                                   [](uint32_t v, const Gap& g) { return v < g.begin; });
        for (; it != m_.gaps.end() && it->end < end; ++it) f(*it);
    }

    void prepare() {
        for (std::size_t r = 0; r < m_.rows.size(); ++r) {
            const Row& row = m_.rows[r];
            bool aligned = true;
            gaps_inside(row.begin, row.end, [&](const Gap& g) { aligned = aligned && !has_break_or_comment(g); });
            if (!aligned) continue;
            for (const auto& [offset, col] : row.columns) columns_[offset] = {static_cast<int>(r), col};
        }
        const auto& st = m_.statements;
        multiline_.assign(st.size(), false);
        for (std::size_t s = 0; s < st.size(); ++s) {
            const uint32_t limit = s + 1 < st.size() ? st[s + 1] : static_cast<uint32_t>(t_.size());
            gaps_inside(st[s], limit, [&](const Gap& g) {
                if (has_break_or_comment(g) || (at(g.end) & kLineStart) || (at(g.begin) & kBlockOpenEnd))
                    multiline_[s] = true;
            });
        }
    }

    int item_base() const { return frames_.empty() ? 0 : frames_.back() + 4; }
    int indent_for(uint32_t b) const {
        if (at(b) & kBlockClose) return frames_.empty() ? 0 : frames_.back();
        if (at(b) & kItemStart) return item_base();
        return item_base() + 4;
    }
    int comment_indent(uint32_t b) const {
        if (b >= t_.size()) return item_base();
        if (at(b) & kBlockClose) return item_base();
        return indent_for(b);
    }

    void new_line(int indent) {
        Line l;
        l.indent = indent;
        lines_.push_back(std::move(l));
    }
    void blank() {
        if (lines_.empty() || lines_.back().blank) return;
        Line l;
        l.blank = true;
        lines_.push_back(std::move(l));
    }

    void token(uint32_t b, uint32_t e) {
        if (at(b) & kItemStart && frames_.empty()) {
            ++statement_;
            statement_first_line_ = lines_.size() - 1;
        }
        lines_.back().cells.back() += squeeze_agg(t_, b, e, m_);
        if (at(b) & kBlockClose && !frames_.empty()) frames_.pop_back();
        if (at(e) & kBlockOpenEnd) frames_.push_back(lines_.back().indent);
    }

    // The white space (and comments) between the token ending at `prev`
    // (none at the start of the file) and the one starting at `next`.
    void gap(const Gap& g, std::optional<uint32_t> prev, uint32_t next) {
        const bool at_end = next >= t_.size();
        std::vector<Piece> pieces;
        int breaks = 0;
        for (uint32_t i = g.begin; i < g.end; ++i) {
            if (is_break(t_, i)) {
                ++breaks;
            } else if (t_[i] == '#') {
                uint32_t j = i;
                while (j < g.end && t_[j] != '\n') ++j;
                std::string_view c = t_.substr(i, j - i);
                while (!c.empty() && (c.back() == ' ' || c.back() == '\t' || c.back() == '\r')) c.remove_suffix(1);
                pieces.push_back({std::string(c), breaks});
                breaks = 0;
                i = j - 1;
            }
        }
        const bool no_blank = (prev && (at(*prev) & kBlockOpenEnd)) || (!at_end && (at(next) & kBlockClose));
        const bool statement_next = !at_end && (at(next) & kItemStart) && frames_.empty();
        const bool prev_multi = statement_ >= 0 && lines_.size() - 1 > statement_first_line_;
        const bool next_multi = statement_next && statement_ + 1 < static_cast<int>(multiline_.size()) &&
                                multiline_[static_cast<std::size_t>(statement_ + 1)];
        const bool force_blank = statement_next && prev && statement_ >= 0 && (prev_multi || next_multi);
        const bool need_break =
            !at_end && ((at(next) & kLineStart) || (prev && (at(*prev) & kBlockOpenEnd)));

        if (!prev) {  // the start of the file: comments on their own lines
            for (std::size_t k = 0; k < pieces.size(); ++k) {
                if (k > 0 && pieces[k].breaks_before >= 2) blank();
                new_line(comment_indent(next));
                lines_.back().cells.back() = pieces[k].comment;
                lines_.back().own_comment = true;
            }
            if (!at_end && !pieces.empty()) {
                if (breaks >= 2) blank();
                new_line(indent_for(next));
            }
            return;
        }
        bool placed_blank = false;
        for (std::size_t k = 0; k < pieces.size(); ++k) {
            if (k == 0 && pieces[k].breaks_before == 0) {
                lines_.back().comment = pieces[k].comment;
                continue;
            }
            if ((pieces[k].breaks_before >= 2 && !no_blank) || (force_blank && !placed_blank)) {
                blank();
                placed_blank = true;
            }
            new_line(comment_indent(next));
            lines_.back().cells.back() = pieces[k].comment;
            lines_.back().own_comment = true;
        }
        if (at_end) return;
        if (!pieces.empty() || breaks > 0 || need_break) {
            if ((breaks >= 2 && !no_blank) || (force_blank && !placed_blank)) blank();
            new_line(indent_for(next));
            return;
        }
        if (auto c = columns_.find(next); c != columns_.end()) {
            Line& l = lines_.back();
            l.row = c->second.first;
            while (l.cells.size() <= static_cast<std::size_t>(c->second.second)) l.cells.emplace_back();
            return;
        }
        const bool tight = (at(next) & kTightBefore) || (at(*prev) & kTightAfter);
        if (!tight) lines_.back().cells.back() += ' ';
    }

    std::string render() {
        // Columns of each table: the widest cell of each column.
        std::map<int, std::vector<std::size_t>> widths;
        for (const Line& l : lines_) {
            if (l.row < 0) continue;
            auto& w = widths[m_.rows[static_cast<std::size_t>(l.row)].table];
            if (w.size() < l.cells.size()) w.resize(l.cells.size(), 0);
            for (std::size_t k = 0; k + 1 < l.cells.size(); ++k) w[k] = std::max(w[k], display_width(l.cells[k]));
        }
        std::vector<std::string> code(lines_.size());
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            const Line& l = lines_[i];
            if (l.blank) continue;
            std::string s(static_cast<std::size_t>(l.indent), ' ');
            if (l.row < 0) {
                for (const auto& c : l.cells) s += c;
            } else {
                const auto& w = widths[m_.rows[static_cast<std::size_t>(l.row)].table];
                bool wrote = false;
                for (std::size_t k = 0; k < l.cells.size(); ++k) {
                    const bool last = k + 1 == l.cells.size();
                    if (l.cells[k].empty() && (k >= w.size() || w[k] == 0) && !last) continue;
                    if (wrote) s.append(static_cast<std::size_t>(m_.rows[static_cast<std::size_t>(l.row)].gutter), ' ');
                    s += l.cells[k];
                    if (!last && k < w.size()) s.append(w[k] - display_width(l.cells[k]), ' ');
                    wrote = true;
                }
            }
            while (!s.empty() && s.back() == ' ') s.pop_back();
            code[i] = std::move(s);
        }
        // Trailing comments of consecutive lines (up to a blank line or a
        // comment on its own line): one column.
        for (std::size_t i = 0; i < lines_.size();) {
            if (lines_[i].blank || lines_[i].own_comment) {
                ++i;
                continue;
            }
            std::size_t j = i, col = 0;
            for (; j < lines_.size() && !lines_[j].blank && !lines_[j].own_comment; ++j)
                if (!lines_[j].comment.empty()) col = std::max(col, display_width(code[j]));
            for (std::size_t k = i; k < j; ++k) {
                if (lines_[k].comment.empty()) continue;
                code[k].append(col + 2 - display_width(code[k]), ' ');
                code[k] += lines_[k].comment;
            }
            i = j;
        }
        while (!code.empty() && lines_.size() == code.size() && lines_.back().blank) code.pop_back(), lines_.pop_back();
        std::string out;
        for (const auto& c : code) {
            out += c;
            out += '\n';
        }
        return out;
    }
};

}  // namespace

std::string layout(std::string_view text, const Marks& marks) { return Layout(text, marks).run(); }

}  // namespace tarifc::fmt_pass
