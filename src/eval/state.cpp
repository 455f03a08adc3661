// Builds the rating state (see state.hpp).
#include "eval/state.hpp"

#include <algorithm>
#include <stdexcept>

namespace tarifc::rating {

RatingState build_state(const EvalRequest& rq, const plan::Tariff& usage_plan, std::vector<int> column_of_field) {
    RatingState st;
    st.usage_plan = &usage_plan;
    st.first_month = rq.from.index();
    st.months = rq.to.index() - rq.from.index() + 1;
    // The driver allows 1,200 months; month_block's 16 bits allow more.
    if (st.months > RatingState::kMaxMonths) throw std::length_error("too many months in one run");
    st.column_of_field = std::move(column_of_field);
    st.columns = static_cast<std::size_t>(std::count_if(st.column_of_field.begin(), st.column_of_field.end(), [](int c) { return c >= 0; }));
    int refs = 0;
    for (const auto& f : usage_plan.inputs.usage_fields) st.ref_slot.push_back(f.kind == plan::ValueKind::Ref ? refs++ : -1);

    const auto& accounts = rq.accounts->accounts;
    st.slots.resize(accounts.size());
    st.packs.reserve(accounts.size());
    for (std::size_t a = 0; a < accounts.size(); ++a) {
        const AccountData& ad = accounts[a];
        const plan::Tariff& t = (*rq.tariffs)[ad.tariff];
        AccountSlots& s = st.slots[a];
        for (const auto& m : t.meters) {
            const int groups = m.group_list >= 0 ? std::max<int>(1, static_cast<int>(ad.lists[m.group_list].size())) : 1;
            s.meter_offsets.push_back(s.width);
            s.width += groups;
            s.covered_offsets.push_back(m.after_packs ? s.covered_width : -1);
            if (m.after_packs) s.covered_width += groups;
            s.allowance_offsets.push_back(m.allowance ? s.allowance_width : -1);
            if (m.allowance) s.allowance_width += groups;
            const bool named = m.aggregate != plan::Aggregate::Sum && m.aggregate != plan::Aggregate::Count;
            s.aux_offsets.push_back(named ? s.aux_width : -1);
            if (named) s.aux_width += 2 * groups;
        }
        st.packs.push_back(setup_packs(t, ad, st.first_month, st.months));
    }
    st.month_block.assign(accounts.size() * static_cast<std::size_t>(st.months), 0);
    st.tallies.resize(accounts.size());
    for (const auto& t : *rq.tariffs) st.class_plans.push_back(plan_row_classes(t, usage_plan.inputs));
    st.class_counts.reserve(accounts.size());
    for (const auto& ad : accounts)
        st.class_counts.push_back(static_cast<uint32_t>(class_count(st.class_plans[static_cast<std::size_t>(ad.tariff)], ad)));
    st.classes.resize(accounts.size());
    return st;
}

}  // namespace tarifc::rating
