// The meters' aggregates (see aggregate.hpp): one row of kOps per
// plan::Aggregate, in the enum's order.
#include "eval/aggregate.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "base/civil_time.hpp"
#include "charges/kinds.hpp"
#include "eval/expr.hpp"
#include "eval/state.hpp"
#include "eval/tally.hpp"

namespace tarifc::rating {

using charges::qty_text;
using plan::Aggregate;

namespace {

// What one row brings to a meter.
struct Row {
    int64_t& value;
    int64_t* aux;
    std::vector<Decimal>& big;
    const Decimal& v;
    std::string_view text;
    bool is_text;  // a distinct count of a text field
    int64_t time;
    uint32_t account, month;
    int32_t slot, aux_at;
    AggregateScratch& w;
};

int64_t time_of(const int64_t* aux, const std::vector<Decimal>& big) {
    return tally_value(aux[1], big).to_int64().value_or(0);
}

// The row replaces the meter's value when `better` says so (its first row always does).
template <typename Better>
void keep_if(Row& r, Better better) {
    const bool first = tally_value(r.aux[0], r.big).is_zero();
    tally_add(r.aux[0], r.big, kOne);
    if (first || better(r.v, tally_value(r.value, r.big), r.time, time_of(r.aux, r.big))) {
        tally_store(r.value, r.big, r.v);
        tally_store(r.aux[1], r.big, Decimal::from_int(r.time));
    }
}

// The greatest value, at the earliest time it was met.
void add_max(Row& r) {
    keep_if(r, [](const Decimal& v, const Decimal& cur, int64_t t, int64_t at) { return v > cur || (v == cur && t < at); });
}
void add_min(Row& r) {
    keep_if(r, [](const Decimal& v, const Decimal& cur, int64_t t, int64_t at) { return v < cur || (v == cur && t < at); });
}
// The value at the latest time; rows at the same time: the greatest value.
void add_last(Row& r) {
    keep_if(r, [](const Decimal& v, const Decimal& cur, int64_t t, int64_t at) { return t > at || (t == at && v > cur); });
}
void add_average(Row& r) {
    tally_add(r.aux[0], r.big, kOne);
    tally_add(r.aux[1], r.big, r.v);
}
void add_time_weighted(Row& r) {
    tally_add(r.aux[0], r.big, kOne);
    r.w.points.push_back({r.account, r.month, r.slot, r.aux_at, r.time, r.v});
}
// The key is the account, month and slot, then the value's bytes: a text
// field's as read, a number's mantissa and scale once normalized (2.50 and
// 2.5 are one value). The table keeps each distinct key once.
void add_distinct(Row& r) {
    tally_add(r.aux[0], r.big, kOne);
    if (r.is_text && r.text.empty()) return;  // an empty cell of an optional text column: no value
    std::string& k = r.w.key;
    k.assign(reinterpret_cast<const char*>(&r.account), sizeof r.account);
    k.append(reinterpret_cast<const char*>(&r.month), sizeof r.month);
    k.append(reinterpret_cast<const char*>(&r.slot), sizeof r.slot);
    if (r.is_text) {
        k.push_back('t');
        k.append(r.text);
    } else {
        const Decimal n = r.v.normalized();
        const i128 m = n.mantissa();
        const int scale = n.scale();
        k.push_back('n');
        k.append(reinterpret_cast<const char*>(&m), sizeof m);
        k.append(reinterpret_cast<const char*>(&scale), sizeof scale);
    }
    if (r.w.distinct.insert(k, 1) < 0) tally_add(r.value, r.big, kOne);
}

// What --explain says of a meter: its title, the rows it took, its value.
struct Shown {
    const plan::Meter& mt;
    const Decimal& value;
    const Decimal& aux1;
    const std::string& u;     // " GB", or empty
    const std::string& rows;  // "3 rows"
};

std::string at_time(const Decimal& t) { return format_local_timestamp(t.to_int64().value_or(0)); }
std::string rounding(const plan::Meter& mt) { return fmt::format("rounded {} to 1 {}", to_string(mt.round_mode), mt.round_unit); }

std::string show_max(const Shown& s) {
    return fmt::format("{}: the greatest of {}, {}{}, first on {}", s.mt.title, s.rows, qty_text(s.value), s.u, at_time(s.aux1));
}
std::string show_min(const Shown& s) {
    return fmt::format("{}: the smallest of {}, {}{}, first on {}", s.mt.title, s.rows, qty_text(s.value), s.u, at_time(s.aux1));
}
std::string show_last(const Shown& s) {
    return fmt::format("{}: the last of {}, {}{} on {}", s.mt.title, s.rows, qty_text(s.value), s.u, at_time(s.aux1));
}
std::string show_average(const Shown& s) {
    return fmt::format("{}: the average of {}, {}{} / {} {} = {}{}", s.mt.title, s.rows, qty_text(s.aux1), s.u,
                       s.rows.substr(0, s.rows.find(' ')), rounding(s.mt), qty_text(s.value), s.u);
}
// The value-time in unit-days when it is a whole number of seconds' worth of days, else unit-seconds.
std::string show_time_weighted(const Shown& s) {
    auto days = Decimal::divide_exact(s.aux1, Decimal::from_int(86400));
    std::string held = days ? fmt::format("{}{}-days", qty_text(*days), s.u) : fmt::format("{}{}-seconds", qty_text(s.aux1), s.u);
    return fmt::format("{}: the time-weighted average of {}, {} over the month, {} = {}{}", s.mt.title, s.rows, held,
                       rounding(s.mt), qty_text(s.value), s.u);
}
std::string show_distinct(const Shown& s) {
    return fmt::format("{}: {} distinct value{} among {}", s.mt.title, qty_text(s.value), s.value == kOne ? "" : "s", s.rows);
}

using Add = void (*)(Row&);
using Show = std::string (*)(const Shown&);
struct Ops {
    Add add;
    Show show;
};
// In plan::Aggregate's order; sum and count are rated in rate.cpp.
constexpr Ops kOps[] = {
    {nullptr, nullptr},                     // sum
    {nullptr, nullptr},                     // count
    {add_max, show_max},
    {add_min, show_min},
    {add_last, show_last},
    {add_average, show_average},
    {add_time_weighted, show_time_weighted},
    {add_distinct, show_distinct},
};
static_assert(sizeof kOps / sizeof kOps[0] == static_cast<std::size_t>(Aggregate::DistinctCount) + 1);

const Ops& ops(Aggregate a) { return kOps[static_cast<std::size_t>(a)]; }

// An average's one rounding: q / d to a multiple of the meter's step.
Decimal rounded_quotient(const plan::Meter& mt, const Decimal& q, const Decimal& d) {
    if (d.is_zero()) return Decimal();
    return Decimal::divide(q, d * mt.round_step, 0, mt.round_mode) * mt.round_step;
}

int64_t month_start(int first_month, uint32_t month) {
    const YearMonth ym = YearMonth::from_index(first_month + static_cast<int>(month));
    return start_of_day({ym.year, ym.month, 1});
}

}  // namespace

void aggregate_row(const plan::Meter& mt, int64_t& value, int64_t* aux, std::vector<Decimal>& big, const Decimal& v,
                   std::string_view text, int64_t time, uint32_t account, uint32_t month, int32_t slot, int32_t aux_at,
                   AggregateScratch& w) {
    Row r{value, aux, big, v, text, mt.distinct_field >= 0, time, account, month, slot, aux_at, w};
    ops(mt.aggregate).add(r);
}

void finish_aggregates(const EvalRequest& rq, RatingState& st, std::vector<AggregateScratch*> scratch) {
    const auto& accounts = rq.accounts->accounts;
    // Averages: the sum over the rows, rounded once.
    for (std::size_t a = 0; a < accounts.size(); ++a) {
        const plan::Tariff& t = (*rq.tariffs)[accounts[a].tariff];
        const AccountSlots& s = st.slots[a];
        for (std::size_t m = 0; m < t.meters.size(); ++m) {
            const plan::Meter& mt = t.meters[m];
            if (mt.aggregate != Aggregate::Average) continue;
            const int groups = (m + 1 < t.meters.size() ? s.meter_offsets[m + 1] : s.width) - s.meter_offsets[m];
            for (int month = 0; month < st.months; ++month) {
                if (!st.find_block(a, month)) continue;
                int64_t* block = st.block(a, month);
                auto& big = st.tallies[a].big;
                for (int g = 0; g < groups; ++g) {
                    int64_t* aux = block + s.aux_base() + s.aux_offsets[m] + 2 * g;
                    tally_store(block[s.meter_offsets[m] + g], big,
                                rounded_quotient(mt, tally_value(aux[1], big), tally_value(aux[0], big)));
                }
            }
        }
    }
    // Time-weighted averages: each value holds from its row's time until
    // the next row's (rows at one time: the greatest value), the last until
    // the month's end; nothing is held before the month's first row.
    std::vector<TimePoint> points;
    for (AggregateScratch* w : scratch) {
        points.insert(points.end(), std::make_move_iterator(w->points.begin()), std::make_move_iterator(w->points.end()));
        std::vector<TimePoint>().swap(w->points);
    }
    std::sort(points.begin(), points.end(), [](const TimePoint& x, const TimePoint& y) {
        if (x.account != y.account) return x.account < y.account;
        if (x.month != y.month) return x.month < y.month;
        if (x.slot != y.slot) return x.slot < y.slot;
        if (x.time != y.time) return x.time < y.time;
        return y.value < x.value;
    });
    for (std::size_t i = 0; i < points.size();) {
        std::size_t end = i;
        while (end < points.size() && points[end].account == points[i].account && points[end].month == points[i].month &&
               points[end].slot == points[i].slot)
            ++end;
        const TimePoint& p = points[i];
        const AccountData& ad = accounts[p.account];
        const plan::Tariff& t = (*rq.tariffs)[ad.tariff];
        const AccountSlots& s = st.slots[p.account];
        std::size_t m = 0;
        while (m + 1 < t.meters.size() && s.meter_offsets[m + 1] <= p.slot) ++m;
        const int64_t start = month_start(st.first_month, p.month);
        const int64_t stop = month_start(st.first_month, p.month + 1);
        Decimal held;  // value × seconds
        for (std::size_t j = i; j < end; ++j) {
            if (j > i && points[j].time == points[j - 1].time) continue;  // the greatest of a tie came first
            std::size_t next = j + 1;
            while (next < end && points[next].time == points[j].time) ++next;
            const int64_t until = next < end ? points[next].time : stop;
            held += points[j].value * Decimal::from_int(until - std::max(points[j].time, start));
        }
        int64_t* block = st.block(p.account, static_cast<int>(p.month));
        auto& big = st.tallies[p.account].big;
        tally_store(block[s.aux_base() + p.aux + 1], big, held);
        tally_store(block[p.slot], big, rounded_quotient(t.meters[m], held, Decimal::from_int(stop - start)));
        i = end;
    }
}

std::string aggregate_explain(const plan::Meter& mt, const Decimal& value, const Decimal& rows, const Decimal& aux1,
                              const std::string& unit) {
    const std::string u = unit.empty() ? "" : " " + unit;
    if (rows.is_zero()) return fmt::format("{}: no rows this month, 0{}", mt.title, u);
    const std::string n = rows == kOne ? "1 row" : fmt::format("{} rows", qty_text(rows));
    const Show show = ops(mt.aggregate).show;
    return show ? show({mt, value, aux1, u, n}) : std::string();
}

}  // namespace tarifc::rating
