// Packs (see packs.hpp): their state at the start of the run, the deduction
// order, and the draw-down of held rows.
#include "eval/packs.hpp"

#include <algorithm>
#include <numeric>

#include "base/civil_time.hpp"
#include "eval/state.hpp"

namespace tarifc::rating {

AccountPacks setup_packs(const plan::Tariff& t, const AccountData& ad, int first_month, int months) {
    AccountPacks out;
    std::size_t packs = 0;  // room for exactly the account's packs (one per account of a large file)
    for (std::size_t l = 0; l < t.inputs.lists.size(); ++l)
        if (t.inputs.lists[l].is_pack_list) packs += ad.lists[l].size();
    out.list.reserve(packs);
    for (std::size_t l = 0; l < t.inputs.lists.size(); ++l) {
        const auto& L = t.inputs.lists[l];
        if (!L.is_pack_list) continue;
        for (std::size_t e = 0; e < ad.lists[l].size(); ++e) {
            const EntityData& en = ad.lists[l][e];
            PackState p;
            p.entry = static_cast<int>(e);
            p.type = static_cast<int>(en.values[L.type_field].to_int64().value_or(0));
            const plan::PackType& pt = t.packs[p.type];
            p.purchase_day = en.values[L.purchase_field].to_int64().value_or(0);
            Date bought = civil_from_days(p.purchase_day);
            Date expires = pt.validity_in_months ? add_months_clamped(bought, pt.validity)
                                                 : civil_from_days(p.purchase_day + pt.validity);
            p.start = start_of_day(bought);
            p.end = start_of_day(expires);
            p.size = en.values[L.size_field];
            int bought_month = YearMonth{bought.year, bought.month}.index();
            bool before_run = bought_month < first_month;
            p.initial = before_run && L.balance_field >= 0 && en.present[L.balance_field]
                            ? en.values[L.balance_field]
                            : p.size;
            p.balance = p.initial;
            if (bought_month >= first_month && bought_month - first_month < months)
                p.purchase_month = bought_month - first_month;
            for (const auto& sz : pt.sizes)
                if (sz.size == p.size) p.price = sz.price;
            out.owned_types |= uint64_t{1} << p.type;
            out.list.push_back(std::move(p));
        }
    }
    // The declared deduction order; `listed` is the account's list order.
    auto& order = out.draw_order;
    order.resize(out.list.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) {
        const PackState& x = out.list[static_cast<std::size_t>(i)];
        const PackState& y = out.list[static_cast<std::size_t>(j)];
        for (auto k : t.deduct_order) {
            switch (k) {
                case plan::DeductKey::Expiry:
                    if (x.end != y.end) return x.end < y.end;
                    break;
                case plan::DeductKey::Purchase:
                    if (x.purchase_day != y.purchase_day) return x.purchase_day < y.purchase_day;
                    break;
                case plan::DeductKey::Listed:
                    if (x.entry != y.entry) return x.entry < y.entry;
                    break;
                case plan::DeductKey::Size:
                    if (x.size != y.size) return x.size < y.size;
                    break;
            }
        }
        return false;
    });
    return out;
}

void draw_packs(std::vector<HeldRow>& held, const std::vector<Decimal>& held_big, const EvalRequest& rq,
                RatingState& st, uint32_t& account) {
    // Chronological order of start; ties in file order.
    std::sort(held.begin(), held.end(), [](const HeldRow& x, const HeldRow& y) {
        if (x.account != y.account) return x.account < y.account;
        if (x.time != y.time) return x.time < y.time;
        if (x.line != y.line) return x.line < y.line;
        return x.meters < y.meters;  // one row held twice (two lets): disjoint meters, any fixed order
    });
    for (const HeldRow& r : held) {
        account = r.account;
        AccountPacks& ap = st.packs[r.account];
        const plan::Tariff& t = (*rq.tariffs)[rq.accounts->accounts[r.account].tariff];
        Decimal quantity = tally_value(r.quantity, held_big);
        const AccountSlots& s = st.slots[r.account];
        // The allowance that comes before packs takes first, in time order,
        // what its month (and entry) has left.
        const int first = t.allowance_first_meter;
        if (first >= 0 && ((r.meters >> first) & 1)) {
            const plan::Meter& mt = t.meters[static_cast<std::size_t>(first)];
            const int group = mt.group_list >= 0 ? r.refs[st.ref_slot[mt.group_field]] : 0;
            int64_t* block = st.block(r.account, static_cast<int>(r.month));
            std::vector<Decimal>& big = st.tallies[r.account].big;
            int64_t& taken = block[s.allowance_base() + s.allowance_offsets[first] + group];
            const Decimal rest = *mt.allowance - tally_value(taken, big);
            if (rest.sign() > 0) {
                const Decimal take = rest < quantity ? rest : quantity;
                tally_add(taken, big, take);
                tally_sub(block[s.meter_offsets[first] + group], big, take);
                quantity -= take;
            }
        }
        if (r.pack_types == 0) continue;  // held for the allowance only
        const int covered_let = t.packs[static_cast<std::size_t>(__builtin_ctzll(r.pack_types))].covered_let;
        Decimal left = quantity;
        for (int i : ap.draw_order) {
            PackState& p = ap.list[static_cast<std::size_t>(i)];
            if (left.sign() <= 0) break;
            if (!((r.pack_types >> p.type) & 1) || t.packs[p.type].covered_let != covered_let) continue;
            if (r.time < p.start || r.time >= p.end || p.balance.sign() <= 0) continue;
            Decimal take = p.balance < left ? p.balance : left;
            p.balance -= take;
            // Rows come in time order, so months only grow.
            if (p.drawn.empty() || p.drawn.back().month != static_cast<int>(r.month))
                p.drawn.push_back({static_cast<int>(r.month), 0, Decimal()});
            p.drawn.back().used += take;
            p.drawn.back().meters_fed |= r.meters;
            left -= take;
        }
        Decimal covered = quantity - left;
        if (covered.is_zero()) continue;
        int64_t* block = st.block(r.account, static_cast<int>(r.month));  // made when the row was rated
        std::vector<Decimal>& big = st.tallies[r.account].big;
        for (std::size_t m = 0; m < t.meters.size(); ++m) {
            const plan::Meter& mt = t.meters[m];
            if (!((r.meters >> m) & 1)) continue;
            int group = mt.group_list >= 0 ? r.refs[st.ref_slot[mt.group_field]] : 0;
            tally_sub(block[s.meter_offsets[m] + group], big, covered);
            tally_add(block[s.width + s.covered_offsets[m] + group], big, covered);  // 'after packs' meters only
        }
    }
}

void take_later_allowances(const plan::Tariff& t, const AccountSlots& s, std::vector<Decimal>& values) {
    for (std::size_t m = 0; m < t.meters.size(); ++m) {
        const plan::Meter& mt = t.meters[m];
        if (!mt.allowance || mt.allowance_first) continue;
        const int end = m + 1 < t.meters.size() ? s.meter_offsets[m + 1] : s.width;
        for (int i = s.meter_offsets[m]; i < end; ++i) {
            Decimal& v = values[static_cast<std::size_t>(i)];
            if (v.sign() <= 0) continue;
            const Decimal take = *mt.allowance < v ? *mt.allowance : v;
            v -= take;
            values[static_cast<std::size_t>(s.allowance_base() + s.allowance_offsets[m] + (i - s.meter_offsets[m]))] = take;
        }
    }
}

const PackMonth* drawn_in(const PackState& p, int month) {
    auto it = std::lower_bound(p.drawn.begin(), p.drawn.end(), month,
                               [](const PackMonth& d, int m) { return d.month < m; });
    return it != p.drawn.end() && it->month == month ? &*it : nullptr;
}

Decimal used_in(const PackState& p, int month) {
    const PackMonth* d = drawn_in(p, month);
    return d ? d->used : Decimal();
}

Decimal balance_at_end(const PackState& p, int month) {
    Decimal remaining = p.initial;
    for (const PackMonth& d : p.drawn) {
        if (d.month > month) break;
        remaining -= d.used;
    }
    return remaining;
}

std::string entry_key(const plan::Tariff& t, const AccountData& a, int list, int entry) {
    const auto& L = t.inputs.lists[list];
    if (L.key_field < 0) return std::to_string(entry + 1);
    return a.lists[list][entry].texts[L.key_field];
}

std::string pack_key(const plan::Tariff& t, const AccountData& a, int entry) {
    for (std::size_t l = 0; l < t.inputs.lists.size(); ++l)
        if (t.inputs.lists[l].is_pack_list) return entry_key(t, a, static_cast<int>(l), entry);
    return std::to_string(entry + 1);  // no pack list: the checker does not let this happen
}

}  // namespace tarifc::rating
