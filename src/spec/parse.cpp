// Test files (*.tariff-test) -> SpecFile: the grammar of
// grammar/spec_grammar.hpp run with actions that fill the AST of
// spec/spec.hpp. A syntax error (E1101) stops the file; the other problems
// (E1102-E1105, E1109, E1110) are all reported.
#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "base/utf8.hpp"
#include "grammar/spec_errors.hpp"
#include "grammar/spec_grammar.hpp"
#include "spec/spec.hpp"

namespace tarifc::spec {

namespace {

namespace pegtl = tao::pegtl;
namespace g = tarifc::grammar::spec;

constexpr std::size_t kMaxSpecBytes = 64u << 20;

struct State {
    State(const SourceFile& f, SpecFile& o, Diagnostics& d) : file(f), out(o), diags(d) {}
    const SourceFile& file;
    SpecFile& out;
    Diagnostics& diags;
    bool ok = true;
    int test = -1;                // index into out.tests, -1 at file level
    std::string text;             // the last text in double quotes, unquoted
    SourceRange text_range;
    YearMonth month{};
    SourceRange month_range;
    YearMonth from_month{};
    uint64_t count = 0;
    Check pending;
    Expectation exp;

    Settings& settings() { return test < 0 ? out.settings : out.tests[static_cast<std::size_t>(test)].settings; }
    template <typename In>
    SourceRange range(const In& in) const {
        auto begin = static_cast<uint32_t>(in.begin() - file.text.data());
        auto end = static_cast<uint32_t>(in.end() - file.text.data());
        // Up to the last character that is not a blank or part of a
        // trailing comment, and on the first line only: the caret's line.
        std::string_view s(file.text.data() + begin, end - begin);
        if (auto nl = s.find('\n'); nl != std::string_view::npos) s = s.substr(0, nl);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
        return {&file, begin, begin + static_cast<uint32_t>(std::max<std::size_t>(s.size(), 1))};
    }
    void error(const char* code, SourceRange r, std::string message) {
        diags.error(code, r, std::move(message));
        ok = false;
    }
};

std::string unquote(std::string_view s) {
    std::string out;
    auto a = s.find('"');
    auto b = s.rfind('"');
    if (a == std::string_view::npos || b <= a) return out;
    for (std::size_t i = a + 1; i < b; ++i) {
        if (s[i] == '\\' && i + 1 < b) ++i;
        out += s[i];
    }
    return out;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && std::string_view(" \t\r\n").find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    if (auto hash = s.find('#'); hash != std::string_view::npos && s.front() != '"') s = s.substr(0, hash);
    while (!s.empty() && std::string_view(" \t\r\n").find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    return s;
}

// A setting given twice in the same place (E1102).
void set_input(State& st, Input Settings::*which, const char* what, Input in) {
    Input& slot = st.settings().*which;
    if (slot.given) {
        auto first = st.file.line_col(slot.range.begin);
        st.error("E1102", in.range,
                 fmt::format("{} is given twice {}; the first is at line {}", what,
                             st.test < 0 ? "at the top of the file" : "in this test", first.line));
        return;
    }
    in.given = true;
    slot = std::move(in);
}

// The fields each kind of expectation compares (E1103 for any other).
struct Fields {
    ExpectKind kind;
    std::vector<std::string_view> names;
};
const Fields kFields[] = {
    {ExpectKind::Line, {"amount", "quantity", "exact"}},
    {ExpectKind::Pack, {"remaining", "used"}},
    {ExpectKind::Rows, {"read", "rated", "rejected", "out of period"}},
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::text> {
    template <typename In>
    static void apply(const In& in, State& st) {
        st.text = unquote(in.string_view());
        st.text_range = st.range(in);
    }
};

template <>
struct action<g::month> {
    template <typename In>
    static void apply(const In& in, State& st) {
        st.month_range = st.range(in);
        auto m = parse_year_month(in.string_view());
        if (!m) {
            st.error("E1104", st.month_range, fmt::format("{} is not a month: YYYY-MM with a month from 01 to 12", in.string_view()));
            m = YearMonth{2000, 1};
        }
        st.month = *m;
    }
};

template <>
struct action<g::count> {
    template <typename In>
    static void apply(const In& in, State& st) {
        auto s = in.string_view();
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), st.count);
        if (ec != std::errc() || p != s.data() + s.size()) {
            st.error("E1109", st.range(in), fmt::format("{} is too large a count", s));
            st.count = 0;
        }
    }
};

template <>
struct action<g::tariff_setting> {
    template <typename In>
    static void apply(const In& in, State& st) {
        Input x;
        x.path = st.text;
        x.range = st.range(in);
        set_input(st, &Settings::tariff, "the tariff", std::move(x));
    }
};

template <>
struct action<g::from_month> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.from_month = st.month;
    }
};

template <>
struct action<g::period_setting> {
    template <typename In>
    static void apply(const In& in, State& st) {
        Period& p = st.settings().period;
        const SourceRange r = st.range(in);
        if (p.given) {
            st.error("E1102", r, fmt::format("the period is given twice {}; the first is at line {}",
                                             st.test < 0 ? "at the top of the file" : "in this test",
                                             st.file.line_col(p.range.begin).line));
            return;
        }
        if (st.month < st.from_month) {
            st.error("E1104", r, "the period's last month is before its first");
            return;
        }
        if (st.month.index() - st.from_month.index() >= 1200) {
            st.error("E1104", r, "at most 100 years (1200 months) in one test");
            return;
        }
        p = {true, st.from_month, st.month, r};
    }
};

template <typename In>
Input inline_input(const In& in, State& st, std::string text) {
    Input x;
    x.is_inline = true;
    x.text = std::move(text);
    auto lc = st.file.line_col(static_cast<uint32_t>(in.begin() - st.file.text.data()));
    x.line = lc.line;
    x.column = lc.column;
    x.range = st.range(in);
    return x;
}

// A file named in double quotes (the last text read), relative to the test file.
template <typename In>
Input file_input(const In& in, const State& st) {
    Input x;
    x.path = st.text;
    x.range = st.range(in);
    return x;
}

template <>
struct action<g::accounts_file> {
    template <typename In>
    static void apply(const In& in, State& st) {
        set_input(st, &Settings::accounts, "the accounts", file_input(in, st));
    }
};

template <>
struct action<g::json_object> {
    template <typename In>
    static void apply(const In& in, State& st) {
        set_input(st, &Settings::accounts, "the accounts", inline_input(in, st, in.string()));
    }
};

template <>
struct action<g::usage_file> {
    template <typename In>
    static void apply(const In& in, State& st) {
        set_input(st, &Settings::usage, "the usage", file_input(in, st));
    }
};

template <>
struct action<g::csv_body> {
    template <typename In>
    static void apply(const In& in, State& st) {
        // Each line without its leading blanks.
        std::string text;
        std::string_view s = in.string_view();
        while (!s.empty()) {
            auto nl = s.find('\n');
            std::string_view line = s.substr(0, nl);
            s = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
            while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
            text.append(line);
            text += '\n';
        }
        set_input(st, &Settings::usage, "the usage", inline_input(in, st, std::move(text)));
    }
};

template <>
struct action<g::kw_test> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.out.tests.emplace_back();
        st.test = static_cast<int>(st.out.tests.size()) - 1;
    }
};

template <>
struct action<g::test_name> {
    template <typename In>
    static void apply(const In&, State& st) {
        Test& t = st.out.tests.back();
        t.name = st.text;
        t.range = st.text_range;
        if (t.name.empty()) st.error("E1110", t.range, "a test needs a name");
        for (std::size_t i = 0; i + 1 < st.out.tests.size(); ++i)
            if (st.out.tests[i].name == t.name) {
                st.error("E1110", t.range,
                         fmt::format("a test named \"{}\" is already at line {}; names are unique in a file", t.name,
                                     st.file.line_col(st.out.tests[i].range.begin).line));
                break;
            }
    }
};

template <>
struct action<g::test_decl> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.test = -1;
    }
};

template <>
struct action<g::kw_expect> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.exp = {};
    }
};

#define TARIFC_KIND_ACTION(rule, k)                      \
    template <>                                          \
    struct action<rule> {                                \
        template <typename In>                           \
        static void apply(const In&, State& st) {        \
            st.exp.kind = k;                             \
        }                                                \
    }
TARIFC_KIND_ACTION(g::kw_total, ExpectKind::Total);
TARIFC_KIND_ACTION(g::kw_pack, ExpectKind::Pack);
TARIFC_KIND_ACTION(g::kw_rejected, ExpectKind::Rejected);
TARIFC_KIND_ACTION(g::kw_rows, ExpectKind::Rows);
#undef TARIFC_KIND_ACTION

// `line` starts a line expectation, but is also the word of `rejected line N`.
template <>
struct action<g::kw_line> {
    template <typename In>
    static void apply(const In&, State& st) {
        if (st.exp.kind != ExpectKind::Rejected) st.exp.kind = ExpectKind::Line;
    }
};

template <>
struct action<g::account_id> {
    template <typename In>
    static void apply(const In& in, State& st) {
        auto s = in.string_view();
        st.exp.account = !s.empty() && s.front() == '"' ? unquote(s) : std::string(trimmed(s));
    }
};

template <>
struct action<g::account_ref> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.exp.month = st.month;
    }
};

template <>
struct action<g::item_name> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.exp.item = st.text;
    }
};

template <>
struct action<g::field_name> {
    template <typename In>
    static void apply(const In& in, State& st) {
        st.pending = {};
        st.pending.field = in.string();
        st.pending.range = st.range(in);
    }
};

template <>
struct action<g::out_of_period> {
    template <typename In>
    static void apply(const In& in, State& st) {
        st.pending = {};
        st.pending.field = "out of period";
        st.pending.range = st.range(in);
    }
};

template <>
struct action<g::value_number> {
    template <typename In>
    static void apply(const In& in, State& st) {
        st.pending.text = in.string();
        st.pending.unit.clear();
        std::optional<Decimal> d;
        try {
            d = Decimal::parse(in.string_view());
        } catch (const OverflowError&) {
            d.reset();
        }
        if (!d) {
            st.error("E1109", st.range(in),
                     fmt::format("{} has too many digits: at most {} significant digits and {} after the point",
                                 in.string_view(), Decimal::kMaxDigits, Decimal::kMaxScale));
            d = Decimal();
        }
        st.pending.value = *d;
    }
};

template <>
struct action<g::value_unit> {
    template <typename In>
    static void apply(const In& in, State& st) {
        st.pending.unit = in.string();
        st.pending.text += " " + st.pending.unit;
    }
};

void push_check(State& st) {
    for (const auto& f : kFields) {
        if (f.kind != st.exp.kind) continue;
        if (std::find(f.names.begin(), f.names.end(), st.pending.field) == f.names.end()) {
            std::string list;
            for (std::size_t i = 0; i < f.names.size(); ++i)
                list += fmt::format("{}{}", i == 0 ? "" : i + 1 == f.names.size() ? " or " : ", ", f.names[i]);
            st.error("E1103", st.pending.range, fmt::format("'{}' is not compared here: expected {}", st.pending.field, list));
            return;
        }
    }
    st.exp.checks.push_back(st.pending);
}

template <>
struct action<g::check> {
    template <typename In>
    static void apply(const In&, State& st) {
        push_check(st);
    }
};

template <>
struct action<g::rows_check> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.pending.value = Decimal::from_int(static_cast<int64_t>(std::min<uint64_t>(st.count, INT64_MAX)));
        st.pending.text = std::to_string(st.count);
        push_check(st);
    }
};

template <>
struct action<g::expect_total> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.pending.field = "total";
        st.exp.checks.push_back(st.pending);
    }
};

template <>
struct action<g::expect_rejected> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.exp.line = st.count;
    }
};

template <>
struct action<g::reason_contains> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.exp.contains = true;
    }
};

template <>
struct action<g::reason_text> {
    template <typename In>
    static void apply(const In&, State& st) {
        st.exp.has_reason = true;
        st.exp.reason = st.text;
    }
};

template <>
struct action<g::expectation> {
    template <typename In>
    static void apply(const In& in, State& st) {
        st.exp.range = st.range(in);
        if (st.exp.kind == ExpectKind::Total && !st.exp.checks.empty()) st.exp.checks.front().range = st.exp.range;
        if (st.test >= 0) st.out.tests[static_cast<std::size_t>(st.test)].expects.push_back(std::move(st.exp));
    }
};

template <typename Rule>
struct control : pegtl::must_if<g::error_table>::control<Rule> {};

// What a test takes from the file when it does not say it itself; a test
// that ends without one of the four is E1105.
void complete_test(State& st, Test& t) {
    const Settings& f = st.out.settings;
    Settings& s = t.settings;
    if (!s.tariff.given) s.tariff = f.tariff;
    if (!s.accounts.given) s.accounts = f.accounts;
    if (!s.usage.given) s.usage = f.usage;
    if (!s.period.given) s.period = f.period;
    std::vector<std::string> missing;
    if (!s.tariff.given) missing.push_back("no tariff");
    if (!s.period.given) missing.push_back("no period");
    if (!s.accounts.given) missing.push_back("no accounts");
    if (!s.usage.given) missing.push_back("no usage");
    if (!missing.empty()) {
        std::string list;
        for (std::size_t i = 0; i < missing.size(); ++i)
            list += fmt::format("{}{}", i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ", missing[i]);
        st.error("E1105", t.range,
                 fmt::format("test \"{}\" has {}: write it in the test or at the top of the file", t.name, list));
    }
    if (t.expects.empty() && missing.empty())
        st.error("E1105", t.range, fmt::format("test \"{}\" expects nothing: add an 'expect' line", t.name));
}

}  // namespace

bool parse_spec(const SourceFile& file, SpecFile& out, Diagnostics& diags) {
    out = {};
    out.file = &file;
    const std::string& text = file.text;
    if (text.size() > kMaxSpecBytes) {
        diags.error("E1101", {&file, 0, 0},
                    fmt::format("test file is {} bytes; the limit is {} bytes", text.size(), kMaxSpecBytes));
        return false;
    }
    if (auto bad = std::min(text.find('\0'), utf8::first_invalid(text)); bad != std::string_view::npos) {
        diags.error("E1101", {&file, static_cast<uint32_t>(bad), static_cast<uint32_t>(bad + 1)},
                    "not a text file: a test file must be UTF-8 text without NUL bytes");
        return false;
    }
    State st(file, out, diags);
    pegtl::memory_input in(text.data(), text.data() + text.size(), file.path);
    try {
        pegtl::parse<g::file, action, control>(in, st);
    } catch (const pegtl::parse_error& e) {
        const auto at = static_cast<uint32_t>(e.positions().front().byte);
        const uint32_t end = at < text.size() && text[at] != '\n' ? at + 1 : at;
        diags.error("E1101", {&file, at, end}, std::string(e.message()));
        return false;
    }
    for (auto& t : out.tests) complete_test(st, t);
    return st.ok;
}

}  // namespace tarifc::spec
