#include "eval/commitment.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tarifc::rating {

namespace {
std::string ym(int index) { return format_year_month(YearMonth::from_index(index)); }
}  // namespace

std::optional<CommitmentYear> commitment_year(Date anniversary, int month) {
    const int start = YearMonth{anniversary.year, anniversary.month}.index();
    if (month < start) return std::nullopt;
    const int offset = (month - start) % kMonthsInYear;
    return CommitmentYear{month - offset, offset};
}

void add_to_year(RunningYear& r, const CommitmentYear& year, const Decimal& basis) {
    if (r.first != year.first) {
        r.first = year.first;
        r.sum = Decimal();
    }
    r.sum += basis;
}

int months_evaluated(const CommitmentYear& year, int run_first) {
    return year.last() - std::max(year.first, run_first) + 1;
}

std::string year_coverage(const CommitmentYear& year, int run_first) {
    const int covered = months_evaluated(year, run_first);
    if (covered >= kMonthsInYear) return fmt::format("year {}..{}: all {} months evaluated", ym(year.first), ym(year.last()), kMonthsInYear);
    const int missing_last = year.last() - covered;
    const std::string missing = missing_last == year.first ? fmt::format("month {}", ym(year.first))
                                                           : fmt::format("months {}..{}", ym(year.first), ym(missing_last));
    return fmt::format("year {}..{}: {} not evaluated; basis covers {} of {} months", ym(year.first), ym(year.last()),
                       missing, covered, kMonthsInYear);
}

std::string unbilled_note(const CommitmentYear& year, int run_first) {
    return fmt::format("true-up not billed: its year {}..{} is evaluated from {} only ({} of {} months); evaluate from {}",
                       ym(year.first), ym(year.last()), ym(std::max(year.first, run_first)),
                       months_evaluated(year, run_first), kMonthsInYear, ym(year.first));
}

}  // namespace tarifc::rating
