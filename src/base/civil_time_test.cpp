// Unit tests for civil dates and fixed-offset timestamps (src/base/civil_time.hpp).
#include <doctest/doctest.h>

#include <string>

#include "base/civil_time.hpp"

using namespace tarifc;

namespace {

constexpr int kPlus8 = 480;

Date date(const char* text) {
    auto d = parse_date(text);
    REQUIRE_MESSAGE(d.has_value(), "test date did not parse: ", text);
    return *d;
}

TimestampResult ts(const char* text, int default_offset = kPlus8, int target_offset = kPlus8) {
    return parse_timestamp(text, default_offset, target_offset);
}

// The local wall clock of a successful parse, as text.
std::string local(const char* text, int default_offset = kPlus8, int target_offset = kPlus8) {
    const TimestampResult r = ts(text, default_offset, target_offset);
    if (!r.ok) return "error";
    return format_local_timestamp(r.local_seconds);
}

bool fails_with(const char* text, TimestampError error) {
    const TimestampResult r = ts(text);
    return !r.ok && r.error == error;
}

}  // namespace

TEST_CASE("leap years and month lengths") {
    CHECK_FALSE(is_leap(1900));
    CHECK(is_leap(2000));
    CHECK(is_leap(2020));
    CHECK_FALSE(is_leap(2019));
    CHECK_FALSE(is_leap(2100));
    CHECK(is_leap(2400));
    CHECK(is_leap(4));
    CHECK(days_in_month(2019, 2) == 28);
    CHECK(days_in_month(2020, 2) == 29);
    CHECK(days_in_month(1900, 2) == 28);
    CHECK(days_in_month(2000, 2) == 29);
    CHECK(days_in_month(2019, 1) == 31);
    CHECK(days_in_month(2019, 4) == 30);
    CHECK(days_in_month(2019, 12) == 31);
    CHECK(days_in_month(2019, 13) == 0);
    CHECK(days_in_month(2019, 0) == 0);
}

TEST_CASE("days_from_civil and civil_from_days") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(1970, 1, 2) == 1);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_from_civil(2000, 3, 1) == 11017);
    CHECK(days_from_civil(2019, 7, 1) == 18078);
    CHECK(days_from_civil(1, 1, 1) == -719162);
    CHECK(civil_from_days(0) == Date{1970, 1, 1});
    CHECK(civil_from_days(-1) == Date{1969, 12, 31});
    CHECK(civil_from_days(18078) == Date{2019, 7, 1});
    CHECK(civil_from_days(11016) == Date{2000, 2, 29});
    // Every day from 0001-01-01 to 9999-12-31 round trips and follows its predecessor.
    Date prev = civil_from_days(days_from_civil(1, 1, 1) - 1);
    CHECK(prev == Date{0, 12, 31});
    const int64_t first = days_from_civil(1, 1, 1), last = days_from_civil(9999, 12, 31);
    int mismatches = 0;
    for (int64_t z = first; z <= last; ++z) {
        const Date d = civil_from_days(z);
        const bool next_day = d.day == prev.day + 1 && d.month == prev.month && d.year == prev.year;
        const bool next_month = d.day == 1 && prev.day == days_in_month(prev.year, prev.month) &&
                                ((d.month == prev.month + 1 && d.year == prev.year) ||
                                 (d.month == 1 && prev.month == 12 && d.year == prev.year + 1));
        if (!(next_day || next_month) || days_from_civil(d.year, d.month, d.day) != z) ++mismatches;
        prev = d;
    }
    CHECK(mismatches == 0);
    CHECK(prev == Date{9999, 12, 31});
}

TEST_CASE("YearMonth index") {
    CHECK(YearMonth{2019, 7}.index() == 2019 * 12 + 6);
    CHECK(YearMonth::from_index(YearMonth{2019, 7}.index()) == YearMonth{2019, 7});
    CHECK(YearMonth::from_index(YearMonth{2019, 12}.index() + 1) == YearMonth{2020, 1});
    CHECK(YearMonth::from_index(-1) == YearMonth{-1, 12});
    CHECK(YearMonth::from_index(0) == YearMonth{0, 1});
    CHECK(YearMonth{2019, 12} < YearMonth{2020, 1});
    CHECK(Date{2019, 12, 31} < Date{2020, 1, 1});
    CHECK(Date{2019, 2, 1} > Date{2019, 1, 31});
}

TEST_CASE("parse_date is strict") {
    CHECK(date("2019-07-03") == Date{2019, 7, 3});
    CHECK(date("2020-02-29") == Date{2020, 2, 29});
    CHECK(date("2000-02-29") == Date{2000, 2, 29});
    CHECK(date("0001-01-01") == Date{1, 1, 1});
    CHECK(date("9999-12-31") == Date{9999, 12, 31});
    for (const char* bad : {"2019-02-29", "1900-02-29", "2019-13-01", "2019-00-10", "2019-01-00", "2019-04-31",
                            "2019-01-32", "2019-1-01", "2019-01-1", "19-01-01", "2019-01-01 ", " 2019-01-01",
                            "2019/01/01", "20190101", "0000-01-01", "+019-01-01", "-019-01-01", "2019-01-01T00:00:00",
                            "", "2019-0a-01", "2019--1-01"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_date(bad).has_value());
    }
}

TEST_CASE("parse_year_month is strict") {
    CHECK(parse_year_month("2019-07") == YearMonth{2019, 7});
    CHECK(parse_year_month("2019-12") == YearMonth{2019, 12});
    for (const char* bad : {"2019-7", "2019-13", "2019-00", "0000-01", "2019-07-01", "2019-07 ", "201907", "",
                            "2019/07"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_year_month(bad).has_value());
    }
}

TEST_CASE("format_date and format_year_month are zero padded") {
    CHECK(format_date(Date{2019, 7, 3}) == "2019-07-03");
    CHECK(format_date(Date{5, 1, 2}) == "0005-01-02");
    CHECK(format_date(Date{9999, 12, 31}) == "9999-12-31");
    CHECK(format_year_month(YearMonth{2019, 7}) == "2019-07");
    CHECK(format_year_month(YearMonth{33, 11}) == "0033-11");
    CHECK(format_date(date("2020-02-29")) == "2020-02-29");
}

TEST_CASE("add_months_clamped") {
    CHECK(add_months_clamped(date("2019-11-30"), 3) == date("2020-02-29"));
    CHECK(add_months_clamped(date("2019-01-31"), 1) == date("2019-02-28"));
    CHECK(add_months_clamped(date("2020-01-31"), 1) == date("2020-02-29"));
    CHECK(add_months_clamped(date("2020-02-29"), 12) == date("2021-02-28"));
    CHECK(add_months_clamped(date("2020-02-29"), 48) == date("2024-02-29"));
    CHECK(add_months_clamped(date("2019-03-31"), -1) == date("2019-02-28"));
    CHECK(add_months_clamped(date("2019-12-15"), 1) == date("2020-01-15"));
    CHECK(add_months_clamped(date("2020-01-15"), -1) == date("2019-12-15"));
    CHECK(add_months_clamped(date("2019-05-31"), 1) == date("2019-06-30"));
    CHECK(add_months_clamped(date("2019-07-03"), 0) == date("2019-07-03"));
    CHECK(add_months_clamped(date("2019-07-03"), -12) == date("2018-07-03"));
    CHECK(add_months_clamped(date("2019-07-03"), 120) == date("2029-07-03"));
}

TEST_CASE("parse_timestamp: offsets") {
    // No offset: in the default zone; same target zone: the wall clock itself.
    const TimestampResult a = ts("2019-07-03T10:15:00");
    REQUIRE(a.ok);
    CHECK(a.local_seconds == days_from_civil(2019, 7, 3) * 86400 + 10 * 3600 + 15 * 60);
    CHECK(local("2019-07-03T10:15:00") == "2019-07-03T10:15:00");
    CHECK(local("2019-07-03T10:15:00", kPlus8, 0) == "2019-07-03T02:15:00");
    CHECK(local("2019-07-03T10:15:00", 0, kPlus8) == "2019-07-03T18:15:00");
    CHECK(ts("1970-01-01T00:00:00", 0, 0).local_seconds == 0);
    CHECK(ts("1970-01-01T08:00:00", kPlus8, 0).local_seconds == 0);
    // Z: UTC, shown in the target zone.
    const TimestampResult z = ts("2019-06-30T16:00:00Z");
    REQUIRE(z.ok);
    CHECK(z.local_seconds == start_of_day(Date{2019, 7, 1}));
    CHECK(date_of(z.local_seconds) == Date{2019, 7, 1});
    CHECK(month_of(z.local_seconds) == YearMonth{2019, 7});
    // An explicit offset overrides the default.
    CHECK(local("2019-07-01T00:00:00+09:00") == "2019-06-30T23:00:00");
    CHECK(month_of(ts("2019-07-01T00:00:00+09:00").local_seconds) == YearMonth{2019, 6});
    CHECK(local("2019-07-01T00:00:00+09:00", 0) == "2019-06-30T23:00:00");
    CHECK(local("2019-07-01T00:00:00-05:30") == "2019-07-01T13:30:00");
    CHECK(local("2019-07-01T00:00:00+00:00") == "2019-07-01T08:00:00");
    CHECK(local("2019-07-01T00:00:00-00:00") == "2019-07-01T08:00:00");
    CHECK(local("2019-07-01T00:00:00+08:00") == "2019-07-01T00:00:00");
    CHECK(local("2019-07-01T00:00:00+23:59") == "2019-06-30T08:01:00");
    CHECK(local("2019-07-01T12:00:00-23:59", kPlus8, 0) == "2019-07-02T11:59:00");
    // Negative default offset and far dates.
    CHECK(local("2019-01-01T00:30:00", -300, 0) == "2019-01-01T05:30:00");
    CHECK(local("0001-01-01T00:00:00", 0, 0) == "0001-01-01T00:00:00");
    CHECK(local("9999-12-31T23:59:59", 0, 0) == "9999-12-31T23:59:59");
    CHECK(local("2020-02-29T23:59:59") == "2020-02-29T23:59:59");
}

TEST_CASE("parse_timestamp: malformed text") {
    for (const char* bad : {"2019-07-01 10:00:00", "2019-07-01T10:00", "2019-07-01T10:00:00.5", "2019-07-01T10:00:00.000",
                            "2019-07-01T24:00:00", "2019-07-01T10:60:00", "2019-07-01T10:00:60",
                            "2019-07-01t10:00:00", "2019-07-01T10:00:00z", "2019-07-01T10:00:00Zx",
                            "2019-07-01T10:00:00+0800", "2019-07-01T10:00:00+08", "2019-07-01T10:00:00+8:00",
                            "2019-07-01T10:00:00 ", " 2019-07-01T10:00:00", "", "2019-7-01T10:00:00",
                            "2019-07-01T10:00:00+08:00Z", "2019-07-01T1a:00:00", "2019-07-01T10:00:00*08:00",
                            "2019-07-01T10:00:00+08-00", "2019-07-01T10:00:00+08:0a", "-019-07-01T10:00:00",
                            "2019-07-01", "2019-07-01T", "2019-07-01T10:00:00 +08:00", "2019-07-01T10-00-00",
                            "2019:07:01T10:00:00", "2019-07-01T10:00:0", "2019-07-01T99:00:00"}) {
        CAPTURE(bad);
        CHECK(fails_with(bad, TimestampError::Malformed));
    }
}

TEST_CASE("parse_timestamp: bad offsets and impossible dates") {
    CHECK(fails_with("2019-07-01T10:00:00+24:00", TimestampError::BadOffset));
    CHECK(fails_with("2019-07-01T10:00:00-24:00", TimestampError::BadOffset));
    CHECK(fails_with("2019-07-01T10:00:00+05:60", TimestampError::BadOffset));
    CHECK(fails_with("2019-07-01T10:00:00+99:99", TimestampError::BadOffset));
    CHECK(fails_with("2019-02-29T00:00:00", TimestampError::ImpossibleDate));
    CHECK(fails_with("2019-02-29T00:00:00Z", TimestampError::ImpossibleDate));
    CHECK(fails_with("2019-04-31T12:00:00", TimestampError::ImpossibleDate));
    CHECK(fails_with("2019-13-01T00:00:00", TimestampError::ImpossibleDate));
    CHECK(fails_with("2019-00-01T00:00:00", TimestampError::ImpossibleDate));
    CHECK(fails_with("2019-01-00T00:00:00", TimestampError::ImpossibleDate));
    CHECK(fails_with("0000-01-01T00:00:00", TimestampError::ImpossibleDate));
    CHECK(fails_with("1900-02-29T00:00:00", TimestampError::ImpossibleDate));
    CHECK(ts("2000-02-29T00:00:00").ok);
    // Documented precedence: Malformed, then ImpossibleDate, then BadOffset.
    CHECK(fails_with("2019-02-29T00:00:00+24:00", TimestampError::ImpossibleDate));
    CHECK(fails_with("2019-02-29T24:00:00", TimestampError::Malformed));
    CHECK(fails_with("2019-07-01T24:00:00+24:00", TimestampError::Malformed));
}

TEST_CASE("date_of, month_of, start_of_day across boundaries") {
    const int64_t last = ts("2019-07-31T23:59:59").local_seconds;
    CHECK(month_of(last) == YearMonth{2019, 7});
    CHECK(month_of(last + 1) == YearMonth{2019, 8});
    CHECK(date_of(last) == Date{2019, 7, 31});
    CHECK(date_of(last + 1) == Date{2019, 8, 1});
    CHECK(start_of_day(Date{2019, 8, 1}) == last + 1);
    // The same instant in UTC is still July there, August at +08:00.
    CHECK(month_of(ts("2019-07-31T16:00:00Z").local_seconds) == YearMonth{2019, 8});
    CHECK(month_of(ts("2019-07-31T16:00:00Z", kPlus8, 0).local_seconds) == YearMonth{2019, 7});
    CHECK(month_of(ts("2019-12-31T23:59:59").local_seconds) == YearMonth{2019, 12});
    CHECK(month_of(ts("2019-12-31T16:00:00Z").local_seconds) == YearMonth{2020, 1});
    // Before 1970: floor, not truncation.
    CHECK(date_of(-1) == Date{1969, 12, 31});
    CHECK(date_of(-86400) == Date{1969, 12, 31});
    CHECK(date_of(-86401) == Date{1969, 12, 30});
    CHECK(month_of(-1) == YearMonth{1969, 12});
    CHECK(start_of_day(Date{1970, 1, 2}) == 86400);
    CHECK(start_of_day(Date{1969, 12, 31}) == -86400);
    CHECK(format_local_timestamp(-1) == "1969-12-31T23:59:59");
    for (int64_t s : {int64_t{-90000}, int64_t{-1}, int64_t{0}, int64_t{1561939200}, int64_t{1561939199}}) {
        CAPTURE(s);
        const int64_t sod = start_of_day(date_of(s));
        CHECK(sod <= s);
        CHECK(s < sod + 86400);
    }
}
