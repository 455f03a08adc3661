// The year of a yearly minimum (a commitment settled by a true-up): which
// months it spans, the month its shortfall is billed in, and what a run that
// does not cover it all says (docs/language.md, "Minimums").
//
//   commitment_year(anniversary, month)   the year a month falls in, if any
//   add_to_year(running, year, basis)     the running basis of one minimum entry
//   months_evaluated(year, first)         how much of it a run saw
//   year_coverage(year, first)            --explain's account of that
//   unbilled_note(year, first)            the note of a true-up not billed
//
// A year starts in the anniversary month (the month of the `from` date, in
// its year and every later one) and spans 12 months; its shortfall is billed
// in its last month, the month before the next anniversary.
#pragma once

#include <climits>
#include <optional>
#include <string>

#include "base/civil_time.hpp"
#include "base/decimal.hpp"

namespace tarifc::rating {

inline constexpr int kMonthsInYear = 12;

struct CommitmentYear {
    int first = 0;   // YearMonth::index() of the anniversary month that opens it
    int offset = 0;  // the month's place in it: 0 .. 11
    int last() const { return first + kMonthsInYear - 1; }
    bool is_true_up() const { return offset == kMonthsInYear - 1; }
};

// The year that `month` (a YearMonth::index()) falls in, for a minimum
// `yearly from anniversary`; none before the anniversary's own month.
std::optional<CommitmentYear> commitment_year(Date anniversary, int month);

// The running basis of one yearly minimum (for one `for each` entry) over the
// year so far: exact, unrounded. A new year starts it again.
struct RunningYear {
    int first = INT_MIN;  // the year it sums (CommitmentYear::first)
    Decimal sum;          // money, or the quantity of `against QUANTITY at RATE`
};
void add_to_year(RunningYear& r, const CommitmentYear& year, const Decimal& basis);

// How many months of `year` a run whose first month is `run_first` (an index)
// evaluated, when it evaluated the year's last month: 1 .. 12.
int months_evaluated(const CommitmentYear& year, int run_first);

// "year 2024-03..2025-02: months 2024-03..2024-08 not evaluated; basis covers 6 of 12 months"
// (a year the run covers whole: "year 2024-03..2025-02: all 12 months evaluated").
std::string year_coverage(const CommitmentYear& year, int run_first);

// The note of a true-up not billed because the run starts inside the year:
// "true-up not billed: its year 2024-03..2025-02 is evaluated from 2024-09 only (6 of 12 months); evaluate from 2024-03"
std::string unbilled_note(const CommitmentYear& year, int run_first);

}  // namespace tarifc::rating
