#include "commands/diff.hpp"

#include <algorithm>
#include <optional>
#include <ostream>

#include <fmt/format.h>

#include "commands/rating.hpp"
#include "diff/report.hpp"
#include "io/format.hpp"

namespace tarifc {

namespace {

// A guard's PCT: a decimal number, 0 or more ("5", "2.5").
bool parse_percent(const std::string& flag, const std::string& text, std::optional<Decimal>& out, std::ostream& err) {
    if (text.empty()) return true;
    std::optional<Decimal> d;
    try {
        d = Decimal::parse(text, false);
    } catch (const OverflowError&) {
    }
    if (!d) {
        trouble(err, "E0901", {}, fmt::format("{} is a percentage written as a number of 0 or more, e.g. 5 or 2.5; not '{}'", flag, text));
        return false;
    }
    out = d;
    return true;
}

// One price book, its inputs and its run.
struct Side {
    const char* label;  // "OLD", "NEW"
    const std::string& path;
    Workspace ws;
    std::vector<plan::Tariff> tariffs;
    AccountsFile accounts;
    UsageReader usage;
    diff::Totals totals;
};

bool load(Side& s, const DiffOptions& o, std::ostream& err) {
    if (!load_checked_tariffs(s.path, s.ws, s.tariffs, err)) return false;
    if (!open_rating_inputs(o.accounts_path, o.usage_path, s.tariffs, s.accounts, s.usage, err)) {
        err << fmt::format("tarifc: while reading the inputs for {} ({})\n", s.label, s.path);
        return false;
    }
    return true;
}

bool rate(Side& s, YearMonth from, YearMonth to, int threads, std::ostream& err) {
    EvalRequest rq;
    rq.tariffs = &s.tariffs;
    rq.accounts = &s.accounts;
    rq.usage = &s.usage;
    rq.from = from;
    rq.to = to;
    rq.threads = threads;
    // A sum too large to represent stops the sums (reported below, E0804);
    // the rating itself runs to its end.
    std::string overflow;
    rq.on_invoice = [&s, &overflow](const Invoice& inv) {
        if (!overflow.empty()) return;
        try {
            diff::add_invoice(s.totals, inv);
        } catch (const OverflowError& e) {
            overflow = fmt::format("account {}: the sum of its invoices grew too large to represent ({})",
                                   visible(inv.account), e.what());
        }
    };
    EvalResult result;
    Diagnostic problem;
    const bool rated = evaluate(rq, result, problem);
    if (!rated || !overflow.empty()) {
        if (rated)
            trouble(err, "E0804", {}, overflow);
        else
            trouble(err, problem);
        err << fmt::format("tarifc: while rating under {} ({})\n", s.label, s.path);
        return false;
    }
    s.totals.summary = result.summary;
    return true;
}

}  // namespace

int run_diff(const DiffOptions& o, std::ostream& out, std::ostream& err) {
    YearMonth from{}, to{};
    if (!parse_period(o.from, o.to, from, to, err)) return kExitTrouble;
    if (o.threads < 0 || o.threads > 256)
        return trouble(err, "E0901", {}, "--threads is a number of workers from 1 to 256");
    if (o.top < 0) return trouble(err, "E0901", {}, "--top is a number of accounts, 0 or more");
    std::optional<Decimal> any_increase, revenue_change;
    if (!parse_percent("--fail-if-any-increase", o.fail_if_any_increase, any_increase, err) ||
        !parse_percent("--fail-if-revenue-change", o.fail_if_revenue_change, revenue_change, err))
        return kExitTrouble;

    // Both books and their inputs are read before anything is rated.
    Side before{"OLD", o.before_path, {}, {}, {}, {}, {}};
    Side after{"NEW", o.after_path, {}, {}, {}, {}, {}};
    if (!load(before, o, err) || !load(after, o, err)) return kExitTrouble;
    const int threads = rating_threads(o.threads);
    if (!rate(before, from, to, threads, err) || !rate(after, from, to, threads, err)) return kExitTrouble;

    diff::Report report;
    report.before_path = o.before_path;
    report.after_path = o.after_path;
    report.from = o.from;
    report.to = o.to;
    const int places = std::max(format_options_for(before.tariffs, false).money_places,
                                format_options_for(after.tariffs, false).money_places);
    try {
        report.impact = diff::build_impact(before.totals, after.totals, static_cast<std::size_t>(o.top), places);
    } catch (const OverflowError& e) {
        return trouble(err, "E0804", {}, fmt::format("the totals grew too large to represent ({})", e.what()));
    }
    report.changes = diff::plan_changes(before.tariffs, after.tariffs);
    out << (o.format == DiffFormat::Json       ? diff::format_json(report)
            : o.format == DiffFormat::Markdown ? diff::format_markdown(report)
                                               : diff::format_human(report));

    // The guards, on standard error.
    int status = kExitClean;
    const int p = report.impact.money_places;
    if (any_increase) {
        const auto over = diff::increases_over(report.impact, *any_increase);
        for (const auto& c : over)
            err << fmt::format("tarifc: account {} ({}): {} -> {} ({}) rises more than {}%\n", visible(c.id), c.plan,
                               diff::amount_text(c.before, p), diff::amount_text(c.after, p), diff::percent_text(c.percent, c.change),
                               any_increase->to_string());
        if (!over.empty()) {
            err << fmt::format("tarifc: --fail-if-any-increase {}: {} account{} tripped it\n", o.fail_if_any_increase,
                               over.size(), over.size() == 1 ? "" : "s");
            status = kExitFindings;
        }
    }
    if (revenue_change) {
        for (const auto* ci : diff::revenue_change_over(report.impact, *revenue_change)) {
            err << fmt::format("tarifc: --fail-if-revenue-change {}: revenue in {} changes by {} ({}), more than {}%\n",
                               o.fail_if_revenue_change, ci->currency, diff::change_text(ci->change, p),
                               diff::percent_text(ci->percent, ci->change), revenue_change->to_string());
            status = kExitFindings;
        }
    }
    return flush_output(out, err, status);
}

}  // namespace tarifc
