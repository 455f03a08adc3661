// `tarifc compare`, the plan advisor: the same accounts and usage rated under
// every plan of one price book (corpus mode), or one account's month
// re-priced while one input varies, with the exact break-even points (vary
// mode). The passes, one file each:
//
//   corpus.cpp   run_corpus   -> CorpusReport   (every account under every plan)
//   vary.cpp     run_vary     -> VaryReport     (one account, one month, one quantity)
//   text.cpp     format_*_table / _markdown / _csv / _json (the text formats)
//   chart.cpp    chart_vary_svg, chart_savings_svg (SVG, exact coordinates)
//   html.cpp     format_corpus_html, format_vary_html (one self-contained page)
//
// Amounts are exact Decimals from the invoices; every text shows them with
// `money_places` decimals (money_fixed). No binary floating point anywhere,
// chart coordinates included.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/decimal.hpp"
#include "eval/eval.hpp"

namespace tarifc::compare {

struct PlanInfo {
    std::string name;      // ccc-seat
    std::string title;     // Cloud Contact Center, monthly seats (坐席包月)
    std::string currency;  // CNY
};

// ---------------------------------------------------------------- corpus mode

// One account's month, or its whole period (the row of AccountRow).
struct Comparison {
    std::string account;
    std::string on_plan;   // the plan the accounts file gives it
    int on = -1;           // its index in plans
    // Per plan: the total, or nullopt when the account cannot be priced
    // under that plan (a field the plan needs is missing: see unpriceable).
    std::vector<std::optional<Decimal>> totals;
    int cheapest = -1;     // index into plans; -1 when nothing is comparable
    Decimal saving;        // totals[on] - totals[cheapest], 0 or more
    std::string currency;  // of the compared totals
};

struct MonthRow : Comparison {
    YearMonth period{};
};

struct Unpriceable {
    std::string account;
    int plan = -1;
    std::string reason;    // the accounts file's diagnostic, rendered on one line
};

struct CurrencySummary {
    std::string currency;
    uint64_t accounts = 0;              // compared over the period
    uint64_t would_save = 0;            // accounts whose period total is lower on another plan
    Decimal saving;                     // the sum of their savings
    std::vector<uint64_t> cheapest;     // per plan: accounts for which it is the cheapest
    std::vector<Decimal> totals;        // per plan: what every compared account would pay on it
    Decimal current;                    // what they pay on their own plans
};

struct CorpusReport {
    std::string pricebook, accounts_path, usage_path;
    std::string from, to;               // YYYY-MM
    std::vector<PlanInfo> plans;        // the price book's plans, in the order they load
    std::vector<MonthRow> months;       // by account id, then month
    std::vector<Comparison> accounts;   // by account id: the period's totals
    std::vector<Unpriceable> unpriceable;  // by account id, then plan
    std::vector<Summary> runs;          // per plan: the rows of its run
    std::vector<CurrencySummary> summary;  // by currency code
    int money_places = 2;
};

// ---------------------------------------------------------------- vary mode

struct Point {
    Decimal x;                                 // the quantity, in the report's unit
    std::vector<std::optional<Decimal>> totals;  // per plan (nullopt: cannot be priced)
    std::vector<int> cheapest;                 // the plans with the lowest total (more than one: a tie), in plan order
};

// Where the cheapest plan changes: `before` is the last step with the old
// cheapest set, `at` the first with the new one (their x differ by one step).
struct BreakEven {
    Point before, at;
};

// A run of steps with the same cheapest set, both ends included.
struct Segment {
    Decimal from, to;
    std::vector<int> cheapest;
};

struct VaryReport {
    std::string pricebook, accounts_path, usage_path;
    std::string account, month;         // the account's id; YYYY-MM
    std::string on_plan;                // the plan the accounts file gives it
    std::string quantity;               // as named on the command line: seats, call.duration_s
    std::string quantity_title;         // "account field seats", "call.duration_s of each of the account's calls"
    std::string unit;                   // the unit x is shown in ("seat", "minute"); "" for a plain number
    Decimal from, to, step;             // in `unit`
    std::string currency;
    std::vector<PlanInfo> plans;
    std::vector<Point> table;           // the rows shown: the range's ends, evenly spaced samples, both sides of each break-even; by x
    std::vector<Point> curve;           // every point evaluated, by x (for the chart: exact corners included)
    std::vector<BreakEven> breaks;      // by x
    std::vector<Segment> segments;      // by x, covering from..to
    std::vector<int> never_cheapest;    // plans cheapest at no step of the range
    std::vector<std::string> notes;     // what the reader should know: a plan that cannot price the account, rejected rows, a search cut short
    int money_places = 2;
};

// ---------------------------------------------------------------- formats

std::string format_corpus_table(const CorpusReport& r);
std::string format_corpus_markdown(const CorpusReport& r);
std::string format_corpus_csv(const CorpusReport& r);
std::string format_corpus_json(const CorpusReport& r);
std::string format_corpus_html(const CorpusReport& r);  // with chart_savings_svg inline

std::string format_vary_table(const VaryReport& r);
std::string format_vary_markdown(const VaryReport& r);
std::string format_vary_csv(const VaryReport& r);
std::string format_vary_json(const VaryReport& r);
std::string format_vary_html(const VaryReport& r);      // with chart_vary_svg inline

// Each plan's total (y) against the quantity (x), one polyline per plan
// through `curve`; the break-evens marked and labelled; axes with the unit
// and the currency; a legend with the plans' titles.
std::string chart_vary_svg(const VaryReport& r);
// Per account, the period's saving on its cheapest plan (accounts saving
// nothing are counted in the caption, not drawn); one chart per currency.
std::string chart_savings_svg(const CorpusReport& r);

}  // namespace tarifc::compare
