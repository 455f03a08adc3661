// The year of a yearly minimum: its months, its true-up month, the running
// basis and what a run that misses part of it says.
#include "eval/commitment.hpp"

#include <doctest/doctest.h>

using namespace tarifc;
using namespace tarifc::rating;

namespace {
int idx(int y, int m) { return YearMonth{y, m}.index(); }
Decimal dec(const char* text) { return *Decimal::parse(text); }
}  // namespace

TEST_CASE("commitment year: starts in the anniversary month, twelve months, true-up in the last") {
    const Date since{2024, 3, 15};
    CHECK_FALSE(commitment_year(since, idx(2024, 2)));
    CHECK_FALSE(commitment_year(since, idx(2023, 3)));
    auto y = commitment_year(since, idx(2024, 3));
    REQUIRE(y);
    CHECK(y->first == idx(2024, 3));
    CHECK(y->offset == 0);
    CHECK(y->last() == idx(2025, 2));
    CHECK_FALSE(y->is_true_up());
    y = commitment_year(since, idx(2025, 2));
    REQUIRE(y);
    CHECK(y->first == idx(2024, 3));
    CHECK(y->offset == 11);
    CHECK(y->is_true_up());
    y = commitment_year(since, idx(2025, 3));  // the next year
    REQUIRE(y);
    CHECK(y->first == idx(2025, 3));
    CHECK(y->offset == 0);
    y = commitment_year(Date{2020, 1, 31}, idx(2024, 12));  // several years on; January: the calendar year
    REQUIRE(y);
    CHECK(y->first == idx(2024, 1));
    CHECK(y->is_true_up());
}

TEST_CASE("commitment year: the running basis sums one year, exactly, and starts again with the next") {
    const Date since{2024, 3, 1};
    RunningYear r;
    for (int m = 0; m < 12; ++m) add_to_year(r, *commitment_year(since, idx(2024, 3) + m), dec("900.005"));
    CHECK(r.sum.to_string() == "10800.06");  // not 12 × 900.01
    add_to_year(r, *commitment_year(since, idx(2025, 3)), dec("1"));
    CHECK(r.sum.to_string() == "1");
    CHECK(r.first == idx(2025, 3));
}

TEST_CASE("commitment year: a run that starts inside the year says which months it missed") {
    const CommitmentYear y = *commitment_year(Date{2024, 3, 15}, idx(2025, 2));
    CHECK(months_evaluated(y, idx(2024, 3)) == 12);
    CHECK(months_evaluated(y, idx(2023, 1)) == 12);
    CHECK(months_evaluated(y, idx(2024, 9)) == 6);
    CHECK(months_evaluated(y, idx(2025, 2)) == 1);
    CHECK(year_coverage(y, idx(2024, 1)) == "year 2024-03..2025-02: all 12 months evaluated");
    CHECK(year_coverage(y, idx(2024, 9)) ==
          "year 2024-03..2025-02: months 2024-03..2024-08 not evaluated; basis covers 6 of 12 months");
    CHECK(year_coverage(y, idx(2024, 4)) ==
          "year 2024-03..2025-02: month 2024-03 not evaluated; basis covers 11 of 12 months");
}

TEST_CASE("commitment year: the note of a true-up not billed names the year, what was seen and where to start") {
    const CommitmentYear y = *commitment_year(Date{2024, 3, 15}, idx(2025, 2));
    CHECK(unbilled_note(y, idx(2025, 1)) ==
          "true-up not billed: its year 2024-03..2025-02 is evaluated from 2025-01 only (2 of 12 months); "
          "evaluate from 2024-03");
}
