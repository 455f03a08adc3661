// Builds the rating state (see state.hpp).
#include "eval/state.hpp"

#include <algorithm>
#include <map>
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
    st.slots.reserve_accounts(accounts.size());
    st.packs.reserve(accounts.size());
    // A layout depends only on the tariff and each grouped meter's number
    // of groups: one layout per distinct (tariff, group counts).
    std::map<std::vector<int>, uint32_t> layout_of;
    std::vector<int> shape;
    for (std::size_t a = 0; a < accounts.size(); ++a) {
        const AccountData& ad = accounts[a];
        const plan::Tariff& t = (*rq.tariffs)[ad.tariff];
        auto groups_of = [&](const plan::Meter& m) {
            return m.group_list >= 0 ? std::max<int>(1, static_cast<int>(ad.lists[m.group_list].size())) : 1;
        };
        shape.assign(1, ad.tariff);
        for (const auto& m : t.meters)
            if (m.group_list >= 0) shape.push_back(groups_of(m));
        st.packs.push_back(setup_packs(t, ad, st.first_month, st.months));
        if (const auto it = layout_of.find(shape); it != layout_of.end()) {
            st.slots.push_account(it->second);
            continue;
        }
        AccountSlots s;
        for (const auto& m : t.meters) {
            const int groups = groups_of(m);
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
        const uint32_t layout = st.slots.add_layout(std::move(s));
        layout_of.emplace(shape, layout);
        st.slots.push_account(layout);
    }
    st.month_block.assign(accounts.size() * static_cast<std::size_t>(st.months), 0);
    st.tallies.resize(accounts.size());
    const plan::Inputs& in = usage_plan.inputs;
    for (std::size_t f = 0; f < in.usage_fields.size() && st.ref_field < 0; ++f) {
        const plan::Field& fd = in.usage_fields[f];
        if (fd.kind != plan::ValueKind::Ref) continue;
        const plan::EntityList& L = in.lists[static_cast<std::size_t>(fd.ref_list)];
        if (L.key_field < 0 || L.fields[static_cast<std::size_t>(L.key_field)].kind != plan::ValueKind::Text) break;
        st.ref_field = static_cast<int>(f);
        std::size_t entries = 0;
        for (const auto& ad : accounts) entries += ad.lists[static_cast<std::size_t>(fd.ref_list)].size();
        st.ref_keys.reserve(entries);
        std::string key;
        for (std::size_t a = 0; a < accounts.size(); ++a) {
            const auto& list = accounts[a].lists[static_cast<std::size_t>(fd.ref_list)];
            for (std::size_t e = 0; e < list.size(); ++e) {
                ref_hash(static_cast<int32_t>(a), list[e].texts[static_cast<std::size_t>(L.key_field)], key);
                st.ref_keys.insert(key, static_cast<int32_t>(e));
            }
        }
    }
    for (const auto& t : *rq.tariffs) {
        st.class_plans.push_back(plan_row_classes(t, usage_plan.inputs));
        if (!rq.row_classes) st.class_plans.back().enabled = false;
    }
    // Every plan has the same dimensions: the usage record's.
    st.class_stride = 1 + (st.class_plans.empty() ? 0 : st.class_plans.front().dims.size());
    st.class_shapes.assign(accounts.size() * st.class_stride, 0);
    for (std::size_t a = 0; a < accounts.size(); ++a) {
        uint32_t* shape = &st.class_shapes[a * st.class_stride];
        shape[0] = static_cast<uint32_t>(
            class_shape(st.class_plans[static_cast<std::size_t>(accounts[a].tariff)], accounts[a], shape + 1));
    }
    st.classes.resize(accounts.size());
    return st;
}

}  // namespace tarifc::rating
