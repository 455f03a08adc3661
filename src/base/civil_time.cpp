// Civil dates and fixed-offset timestamps. parse_timestamp is on the hot
// path (one call per usage row): fixed-position digit parsing, no allocation.
// Day arithmetic is <chrono>'s calendar (year_month_day <-> sys_days);
// measured against the hand-written Hinnant algorithms it replaced, it
// gives the same days for 0001..9999 and is faster with g++ 12 and clang 14
// (15M civil_from_days: 280 -> 210 ms with g++, 280 -> 80 ms with clang).
#include "base/civil_time.hpp"

#include <chrono>

namespace tarifc {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Two digits at text[pos]; -1 if not both digits. Caller checks bounds.
inline int two_digits(std::string_view text, std::size_t pos) {
    const char a = text[pos], b = text[pos + 1];
    if (!is_digit(a) || !is_digit(b)) return -1;
    return (a - '0') * 10 + (b - '0');
}

inline int four_digits(std::string_view text, std::size_t pos) {
    const int hi = two_digits(text, pos);
    const int lo = two_digits(text, pos + 2);
    if (hi < 0 || lo < 0) return -1;
    return hi * 100 + lo;
}

inline int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

void put2(std::string& out, int v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

// Zero padded to 4 digits for 0..9999; other years as plain integers.
void put_year(std::string& out, int year) {
    if (year >= 0 && year <= 9999) {
        put2(out, year / 100);
        put2(out, year % 100);
    } else {
        out += std::to_string(year);
    }
}

// Month and day of a valid Date are 1..31, so put2 is enough; guard anyway.
void put_2_or_more(std::string& out, int v) {
    if (v >= 0 && v <= 99) put2(out, v);
    else out += std::to_string(v);
}

}  // namespace

YearMonth YearMonth::from_index(int index) {
    const int year = static_cast<int>(floor_div(index, 12));
    return YearMonth{year, index - year * 12 + 1};
}

namespace chr = std::chrono;

bool is_leap(int year) { return chr::year{year}.is_leap(); }

int days_in_month(int year, int month) {
    if (month < 1 || month > 12) return 0;
    return static_cast<int>(
        static_cast<unsigned>((chr::year{year} / chr::month{static_cast<unsigned>(month)} / chr::last).day()));
}

int64_t days_from_civil(int y, int m, int d) {
    const chr::year_month_day ymd{chr::year{y}, chr::month{static_cast<unsigned>(m)}, chr::day{static_cast<unsigned>(d)}};
    return chr::sys_days{ymd}.time_since_epoch().count();
}

Date civil_from_days(int64_t z) {
    const chr::year_month_day ymd{chr::sys_days{chr::days{z}}};
    return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const int y = four_digits(text, 0), m = two_digits(text, 5), d = two_digits(text, 8);
    if (y < 1 || m < 1 || d < 1) return std::nullopt;
    if (d > days_in_month(y, m)) return std::nullopt;  // also rejects month > 12 (0 days)
    return Date{y, m, d};
}

std::optional<YearMonth> parse_year_month(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    const int y = four_digits(text, 0), m = two_digits(text, 5);
    if (y < 1 || m < 1 || m > 12) return std::nullopt;
    return YearMonth{y, m};
}

Date add_months_clamped(Date date, int months) {
    const YearMonth ym = YearMonth::from_index(YearMonth{date.year, date.month}.index() + months);
    const int last = days_in_month(ym.year, ym.month);
    return Date{ym.year, ym.month, date.day < last ? date.day : last};
}

std::string format_year_month(YearMonth year_month) {
    std::string out;
    out.reserve(7);
    put_year(out, year_month.year);
    out.push_back('-');
    put_2_or_more(out, year_month.month);
    return out;
}

std::string format_date(Date date) {
    std::string out = format_year_month(YearMonth{date.year, date.month});
    out.push_back('-');
    put_2_or_more(out, date.day);
    return out;
}

TimestampResult parse_timestamp(std::string_view text, int default_offset_minutes,
                                int target_offset_minutes) {
    TimestampResult result;  // Malformed until proven otherwise
    const std::size_t n = text.size();
    if (n != 19 && n != 20 && n != 25) return result;
    if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        return result;
    const int year = four_digits(text, 0);
    const int month = two_digits(text, 5);
    const int day = two_digits(text, 8);
    const int hour = two_digits(text, 11);
    const int minute = two_digits(text, 14);
    const int second = two_digits(text, 17);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return result;
    if (hour > 23 || minute > 59 || second > 59) return result;

    int offset_minutes = default_offset_minutes;
    bool bad_offset = false;
    if (n == 20) {
        if (text[19] != 'Z') return result;
        offset_minutes = 0;
    } else if (n == 25) {
        const char sign = text[19];
        if ((sign != '+' && sign != '-') || text[22] != ':') return result;
        const int oh = two_digits(text, 20), om = two_digits(text, 23);
        if (oh < 0 || om < 0) return result;
        bad_offset = oh > 23 || om > 59;
        offset_minutes = (sign == '-' ? -1 : 1) * (oh * 60 + om);
    }

    if (year < 1 || month < 1 || day < 1 || day > days_in_month(year, month)) {
        result.error = TimestampError::ImpossibleDate;
        return result;
    }
    if (bad_offset) {
        result.error = TimestampError::BadOffset;
        return result;
    }
    const int64_t wall = days_from_civil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 + second;
    result.local_seconds = wall + static_cast<int64_t>(target_offset_minutes - offset_minutes) * 60;
    result.ok = true;
    return result;
}

Date date_of(int64_t local_seconds) { return civil_from_days(floor_div(local_seconds, kSecondsPerDay)); }

YearMonth month_of(int64_t local_seconds) {
    const Date d = date_of(local_seconds);
    return YearMonth{d.year, d.month};
}

int64_t start_of_day(Date date) { return days_from_civil(date.year, date.month, date.day) * kSecondsPerDay; }

std::string format_local_timestamp(int64_t local_seconds) {
    const int64_t days = floor_div(local_seconds, kSecondsPerDay);
    const int64_t sod = local_seconds - days * kSecondsPerDay;
    std::string out = format_date(civil_from_days(days));
    out.push_back('T');
    put2(out, static_cast<int>(sod / 3600));
    out.push_back(':');
    put2(out, static_cast<int>(sod / 60 % 60));
    out.push_back(':');
    put2(out, static_cast<int>(sod % 60));
    return out;
}

}  // namespace tarifc
