// Running a test file: each test rates its accounts and usage in-process
// (the steps of commands/rating.hpp and eval/eval.hpp, with --explain
// traces) and compares every expectation with the invoices, exactly.
#include <algorithm>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "commands/command.hpp"
#include "base/money_text.hpp"
#include "commands/rating.hpp"
#include "io/format.hpp"
#include "spec/spec.hpp"

namespace tarifc::spec {

namespace {

namespace fs = std::filesystem;

// A path written in a test file, relative to the test file's folder.
std::string resolve(const SourceFile& file, const std::string& path) {
    fs::path p(path);
    if (p.is_relative()) p = fs::path(file.path).parent_path() / p;
    return p.lexically_normal().generic_string();
}

std::string month_text(YearMonth m) { return fmt::format("{:04}-{:02}", m.year, m.month); }

struct Outcome {
    std::vector<Invoice> invoices;  // by account, then month
    EvalResult result;
    const std::vector<plan::Tariff>* tariffs = nullptr;
    int money_places = 2;  // as the invoices show amounts
};

const Invoice* find_invoice(const Outcome& o, const std::string& account, YearMonth month) {
    for (const auto& inv : o.invoices)
        if (inv.account == account && inv.period == month) return &inv;
    return nullptr;
}

const plan::Tariff* tariff_of(const Outcome& o, const std::string& plan) {
    for (const auto& t : *o.tariffs)
        if (t.name == plan) return &t;
    return nullptr;
}

// The trace shown with a failure about a whole invoice: every line with
// its own trace.
std::vector<std::string> invoice_trace(const Invoice& inv, int money_places) {
    std::vector<std::string> out;
    for (const auto& li : inv.lines) {
        out.push_back(fmt::format("{} ({}): {} {}", li.charge, li.description, money_fixed(li.amount, money_places),
                                  inv.currency));
        for (const auto& e : li.explain) out.push_back("  · " + e);
    }
    return out;
}

std::vector<std::string> line_trace(const LineItem& li) {
    std::vector<std::string> out;
    for (const auto& e : li.explain) out.push_back("· " + e);
    return out;
}

class Checker {
public:
    Checker(const Outcome& o, TestResult& r) : o_(o), r_(r) {}

    void expectation(const Expectation& x) {
        switch (x.kind) {
            case ExpectKind::Total: return total(x);
            case ExpectKind::Line: return line(x);
            case ExpectKind::Pack: return pack(x);
            case ExpectKind::Rejected: return rejected(x);
            case ExpectKind::Rows: return rows(x);
        }
    }

private:
    void fail(SourceRange at, std::string what, std::string expected, std::string actual,
              std::vector<std::string> explain = {}) {
        Failure f;
        f.where.code = "E1120";
        f.where.range = at;
        f.where.message = actual.empty() ? what : fmt::format("{}: expected {}, got {}", what, expected, actual);
        f.expected = std::move(expected);
        f.actual = std::move(actual);
        f.explain = std::move(explain);
        r_.failures.push_back(std::move(f));
    }

    // False (and a failure) when the account has no invoice that month.
    const Invoice* invoice(const Expectation& x) {
        const Invoice* inv = find_invoice(o_, x.account, x.month);
        if (!inv)
            fail(x.range, fmt::format("account {} has no invoice for {} (an account missing from the accounts, "
                                      "or a month outside the period)",
                                      x.account, month_text(x.month)),
                 "", "");
        return inv;
    }

    // Compares a number and, when the expectation gives one, its currency
    // or unit; a failure when they differ.
    void compare(const Check& c, const std::string& what, const Decimal& actual, const std::string& unit,
                 const std::vector<std::string>& trace, bool money = false) {
        const bool unit_ok = c.unit.empty() || c.unit == unit;
        if (c.value == actual && unit_ok) return;
        const std::string shown = money ? money_fixed(actual, o_.money_places) : actual.to_string();
        fail(c.range, what, c.text, unit.empty() ? shown : shown + " " + unit, trace);
    }

    void total(const Expectation& x) {
        const Invoice* inv = invoice(x);
        if (!inv) return;
        compare(x.checks.front(), fmt::format("total of account {} {}", x.account, month_text(x.month)), inv->total,
                inv->currency, invoice_trace(*inv, o_.money_places), true);
    }

    void line(const Expectation& x) {
        const Invoice* inv = invoice(x);
        if (!inv) return;
        std::vector<const LineItem*> found;
        for (const auto& li : inv->lines)
            if (li.charge == x.item || li.description == x.item) found.push_back(&li);
        if (found.size() != 1) {
            // The names to choose from: the invoice's charges (each once), or
            // the descriptions of the lines that share the name.
            std::vector<std::string> seen;
            std::string names;
            for (const auto& li : inv->lines) {
                if (!found.empty() && li.charge != x.item) continue;
                const std::string& n = found.empty() ? li.charge : li.description;
                if (std::find(seen.begin(), seen.end(), n) != seen.end()) continue;
                seen.push_back(n);
                names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", n);
            }
            fail(x.range,
                 found.empty()
                     ? fmt::format("the invoice of account {} {} has no line \"{}\"; its lines: {}", x.account,
                                   month_text(x.month), x.item, names.empty() ? "none" : names)
                     : fmt::format("{} lines of account {} {} are \"{}\": name one by its description: {}", found.size(),
                                   x.account, month_text(x.month), x.item, names),
                 "", "", found.empty() ? invoice_trace(*inv, o_.money_places) : std::vector<std::string>{});
            return;
        }
        const LineItem& li = *found.front();
        for (const auto& c : x.checks) {
            const std::string what = fmt::format("{} of line \"{}\", account {} {}", c.field, x.item, x.account,
                                                 month_text(x.month));
            if (c.field == "amount") compare(c, what, li.amount, inv->currency, line_trace(li), true);
            else if (c.field == "exact") compare(c, what, li.exact, inv->currency, line_trace(li));
            else compare(c, what, li.quantity, li.unit, line_trace(li));
        }
    }

    void pack(const Expectation& x) {
        const Invoice* inv = invoice(x);
        if (!inv) return;
        const PackStatus* p = nullptr;
        for (const auto& s : inv->packs)
            if (s.id == x.item) p = &s;
        if (!p) {
            std::string ids;
            for (const auto& s : inv->packs) ids += fmt::format("{}\"{}\"", ids.empty() ? "" : ", ", s.id);
            fail(x.range, fmt::format("the invoice of account {} {} shows no pack \"{}\"; its packs: {}", x.account,
                                      month_text(x.month), x.item, ids.empty() ? "none" : ids),
                 "", "");
            return;
        }
        // The pack's unit: the unit of its type's sizes.
        std::string unit;
        if (const plan::Tariff* t = tariff_of(o_, inv->plan))
            for (const auto& pt : t->packs)
                if (pt.name == p->type && pt.size_unit.num >= 0)
                    unit = t->units[static_cast<std::size_t>(pt.size_unit.num)].name;
        // What drew on it: the lines whose trace names the pack.
        std::vector<std::string> trace;
        const std::string mark = fmt::format("pack {} ", p->id);
        for (const auto& li : inv->lines)
            for (const auto& e : li.explain)
                if (e.rfind(mark, 0) == 0) trace.push_back(fmt::format("{}: {}", li.charge, e));
        for (const auto& c : x.checks)
            compare(c, fmt::format("{} of pack \"{}\", account {} {}", c.field, x.item, x.account, month_text(x.month)),
                    c.field == "used" ? p->used : p->remaining, unit, trace);
    }

    void rejected(const Expectation& x) {
        const Rejection* rj = nullptr;
        for (const auto& r : o_.result.rejected)
            if (r.line == x.line) rj = &r;
        if (!rj) {
            std::string lines;
            for (const auto& r : o_.result.rejected)
                lines += fmt::format("{}{}", lines.empty() ? "" : ", ", r.line);
            fail(x.range, fmt::format("usage line {} was not rejected; rejected lines: {}", x.line,
                                      lines.empty() ? "none" : lines),
                 "", "");
            return;
        }
        if (!x.has_reason) return;
        const bool ok = x.contains ? rj->reason.find(x.reason) != std::string::npos : rj->reason == x.reason;
        if (!ok)
            fail(x.range, fmt::format("reason of rejected line {}", x.line),
                 fmt::format("{}\"{}\"", x.contains ? "a reason containing " : "", x.reason),
                 fmt::format("\"{}\"", rj->reason));
    }

    void rows(const Expectation& x) {
        const Summary& s = o_.result.summary;
        for (const auto& c : x.checks) {
            const uint64_t actual = c.field == "read"       ? s.rows
                                    : c.field == "rated"    ? s.rated
                                    : c.field == "rejected" ? s.rejected
                                                            : s.out_of_period;
            if (c.value == Decimal::from_int(static_cast<int64_t>(actual))) continue;
            fail(c.range, fmt::format("rows {}", c.field), c.text, std::to_string(actual));
        }
    }

    const Outcome& o_;
    TestResult& r_;
};

}  // namespace

struct Runner::Cache {
    struct Loaded {
        Workspace ws;
        std::vector<plan::Tariff> tariffs;
        bool in_coverage = false;
    };
    std::map<std::string, std::unique_ptr<Loaded>> tariffs;  // by resolved path
};

Runner::Runner(RunOptions options) : options_(std::move(options)), cache_(std::make_unique<Cache>()) {}
Runner::~Runner() = default;

namespace {

// A file or folder named in a test file must exist (E1106, at the setting).
bool exists(const SourceFile& file, const Input& in, const std::string& path, const char* what, std::ostream& err) {
    std::error_code ec;
    if (fs::exists(path, ec)) return true;
    Diagnostic d;
    d.code = "E1106";
    d.range = in.range;
    d.message = fmt::format("{} {} does not exist", what, path);
    d.notes.push_back({{}, fmt::format("paths in a test file are relative to its folder ({})",
                                       fs::path(file.path).parent_path().generic_string().empty()
                                           ? std::string(".")
                                           : fs::path(file.path).parent_path().generic_string())});
    trouble(err, d);
    return false;
}

}  // namespace

bool Runner::run_file(const SpecFile& spec, Run& run, std::ostream& err) {
    const SourceFile& file = *spec.file;
    for (const auto& test : spec.tests) {
        if (!options_.run_filter.empty() && test.name.find(options_.run_filter) == std::string::npos) continue;
        const Settings& s = test.settings;

        // The tariffs, loaded and checked once per path.
        const std::string tariff_path = resolve(file, s.tariff.path);
        auto& loaded = cache_->tariffs[tariff_path];
        if (!loaded) {
            if (!exists(file, s.tariff, tariff_path, "tariff file or folder", err)) return false;
            loaded = std::make_unique<Cache::Loaded>();
            if (!load_checked_tariffs(tariff_path, loaded->ws, loaded->tariffs, err)) return false;
        }
        std::vector<const plan::Tariff*> plans;
        for (const auto& t : loaded->tariffs) plans.push_back(&t);

        // Accounts and usage: files, or the text written in the test.
        AccountsFile accounts;
        UsageReader usage;
        Diagnostic problem;
        if (s.accounts.is_inline) {
            // Padded so that the reader's lines and columns are the test file's.
            const std::string text = std::string(s.accounts.line - 1, '\n') + std::string(s.accounts.column - 1, ' ') +
                                     s.accounts.text;
            if (!parse_accounts(text, file.path, plans, accounts, problem)) {
                trouble(err, problem);
                return false;
            }
        } else {
            const std::string path = resolve(file, s.accounts.path);
            if (!exists(file, s.accounts, path, "accounts file", err)) return false;
            if (!load_accounts(path, plans, accounts, problem)) {
                trouble(err, problem);
                return false;
            }
        }
        if (s.usage.is_inline) {
            usage.open_text(s.usage.text);
        } else {
            const std::string path = resolve(file, s.usage.path);
            if (!exists(file, s.usage, path, "usage file", err)) return false;
            if (!usage.open(path, problem)) {
                trouble(err, problem);
                return false;
            }
        }

        // Rate, with the traces the failures and the coverage read.
        Outcome o;
        o.tariffs = &loaded->tariffs;
        o.money_places = format_options_for(loaded->tariffs, true).money_places;
        EvalRequest rq;
        rq.tariffs = &loaded->tariffs;
        rq.accounts = &accounts;
        rq.usage = &usage;
        rq.from = s.period.from;
        rq.to = s.period.to;
        rq.explain = true;
        rq.threads = 1;
        rq.on_invoice = [&](const Invoice& inv) { o.invoices.push_back(inv); };
        if (!evaluate(rq, o.result, problem)) {
            if (problem.data.path.empty() && s.usage.is_inline) {
                // The usage written in the test: the place is the test's usage block.
                problem.range = s.usage.range;
                problem.data = {};
            }
            trouble(err, problem);
            return false;
        }

        TestResult r;
        r.file = file.path;
        r.name = test.name;
        r.line = file.line_col(test.range.begin).line;
        Checker checker(o, r);
        for (const auto& x : test.expects) checker.expectation(x);
        run.results.push_back(std::move(r));

        if (options_.coverage) {
            run.covered = true;
            if (!loaded->in_coverage) {
                for (const auto& t : loaded->tariffs) add_rules(t, run.coverage);
                loaded->in_coverage = true;
            }
            for (const auto& inv : o.invoices)
                if (const plan::Tariff* t = tariff_of(o, inv.plan)) mark_invoice(*t, inv, run.coverage);
            for (const auto& rj : o.result.rejected)
                for (const auto& a : accounts.accounts)
                    if (a.id == rj.account && a.tariff >= 0)
                        mark_rejection(loaded->tariffs[static_cast<std::size_t>(a.tariff)], rj, run.coverage);
        }
    }
    return true;
}

}  // namespace tarifc::spec
