// Calendar dates and timestamps on the proleptic Gregorian calendar, with
// fixed UTC offsets only: no time zone database, no locale, no <chrono> tz
// (the day arithmetic uses <chrono>'s calendar types).
// A "local second" is a count of seconds since 1970-01-01T00:00:00 in the
// zone of interest (UTC seconds + that zone's offset).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarifc {

struct Date {
    int year;
    int month;  // 1..12
    int day;    // 1..31
    friend auto operator<=>(const Date&, const Date&) = default;
};

struct YearMonth {
    int year;
    int month;  // 1..12
    friend auto operator<=>(const YearMonth&, const YearMonth&) = default;
    int index() const { return year * 12 + (month - 1); }
    static YearMonth from_index(int index);  // inverse of index() (floor division)
};

bool is_leap(int year);
int days_in_month(int year, int month);  // 0 if month is not 1..12

// Days since 1970-01-01 (std::chrono::sys_days); negative before. Years
// 0..9999 (std::chrono::year's range is wider, but no input goes beyond).
int64_t days_from_civil(int y, int m, int d);
Date civil_from_days(int64_t days);

// Strict "YYYY-MM-DD": 4-digit year 0001..9999, 2-digit month and day, and
// the date must exist. Nothing before or after.
std::optional<Date> parse_date(std::string_view text);
// Strict "YYYY-MM": year 0001..9999, month 01..12.
std::optional<YearMonth> parse_year_month(std::string_view text);

// Adds (or, if negative, subtracts) whole months; the day is clamped to the
// target month's length: 2019-11-30 + 3 = 2020-02-29, 2019-01-31 + 1 = 2019-02-28.
Date add_months_clamped(Date date, int months);

std::string format_date(Date date);                  // "2019-07-03"
std::string format_year_month(YearMonth year_month); // "2019-07"

enum class TimestampError : uint8_t { Malformed, BadOffset, ImpossibleDate };

struct TimestampResult {
    int64_t local_seconds = 0;  // valid only when ok
    bool ok = false;
    TimestampError error = TimestampError::Malformed;  // meaningful only when !ok
};

// Accepts exactly "YYYY-MM-DDTHH:MM:SS", optionally followed by "Z" or
// "+HH:MM" / "-HH:MM". Errors, checked in this order:
//  - Malformed: any other shape (space for T, missing seconds, fractions,
//    lowercase t/z, trailing text), hour > 23, minute or second > 59;
//  - ImpossibleDate: the date does not exist (2019-02-29, month 13, day 00,
//    year 0000);
//  - BadOffset: offset hours > 23 or offset minutes > 59.
// Without an offset the text is in `default_offset_minutes` (+480 for
// UTC+08:00). The result is in `target_offset_minutes`. No allocation.
TimestampResult parse_timestamp(std::string_view text, int default_offset_minutes,
                                int target_offset_minutes);

// Helpers on local seconds.
Date date_of(int64_t local_seconds);
YearMonth month_of(int64_t local_seconds);
int64_t start_of_day(Date date);  // local seconds of 00:00 of that date
// "YYYY-MM-DDTHH:MM:SS" of a local second (no offset suffix).
std::string format_local_timestamp(int64_t local_seconds);

}  // namespace tarifc
