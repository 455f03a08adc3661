// Rating one usage row (see rate.hpp). This is the per-row hot path: no
// allocation beyond the worker's reused scratch and its result lists, no
// lookup by name.
#include "eval/rate.hpp"

#include <fmt/format.h>

#include "base/civil_time.hpp"
#include "eval/expr.hpp"
#include "eval/fields.hpp"
#include "eval/row_class.hpp"

namespace tarifc::rating {

using plan::ValueKind;

void rate_row(const EvalRequest& rq, RatingState& st, WorkerState& w, uint64_t line, int account,
              const std::vector<std::string_view>& cols, uint64_t id_hash_hint, uint64_t ref_hash_hint) {
    const auto& tariffs = *rq.tariffs;
    const plan::Inputs& in = st.usage_plan->inputs;
    const std::size_t nfields = in.usage_fields.size();
    const auto& accounts = rq.accounts->accounts;
    const auto& column_of_field = st.column_of_field;
    auto& record = w.record;
    auto& lets = w.lets;
    record.resize(nfields);
    auto reject = [&w](uint64_t l, std::string_view account, std::string_view id, std::string why) {
        w.rejected.push_back({l, std::string(account), std::string(id), std::move(why)});
        ++w.summary.rejected;
    };
    auto text_of = [&](int field) -> std::string_view {
        int c = column_of_field[field];
        return c >= 0 && static_cast<std::size_t>(c) < cols.size() ? cols[c] : std::string_view();
    };
    std::string_view account_text = text_of(in.usage_account_field);
    std::string_view id_text = in.usage_unique_field >= 0 ? text_of(in.usage_unique_field) : std::string_view();
    if (cols.size() != st.columns) {
        reject(line, cols.size() > static_cast<std::size_t>(column_of_field[in.usage_account_field]) ? account_text : "",
               id_text, fmt::format("expected {} fields, found {}", st.columns, cols.size()));
        return;
    }
    // Fields, in declaration order. An empty cell of an optional column, or
    // an optional column the file does not have, takes the field's default.
    for (std::size_t f = 0; f < nfields; ++f) {
        const plan::Field& fd = in.usage_fields[f];
        const std::string_view text = text_of(static_cast<int>(f));
        if (text.empty() && (fd.default_value || fd.optional)) {
            record[f] = fd.default_value ? *fd.default_value : Decimal();
            continue;
        }
        const char* why = parse_field(fd, text, record[f]);
        if (*why) {
            reject(line, account_text, id_text, fmt::format("{} {}", fd.name, why));
            return;
        }
    }
    // The account (looked up by the reader, which routes rows by account).
    const int a = account;
    if (a < 0) {
        reject(line, account_text, id_text, fmt::format("unknown account \"{}\"", account_text));
        return;
    }
    const AccountData& ad = accounts[a];
    const plan::Tariff& t = tariffs[ad.tariff];
    // The duplicate check's key; its slot is fetched while the row is rated.
    uint64_t id_key_hash = 0;
    if (in.usage_unique_field >= 0) id_key_hash = id_key(a, id_text, w.id_key, id_hash_hint);
    // Entries of the account's lists.
    for (std::size_t f = 0; f < nfields; ++f) {
        const plan::Field& fd = in.usage_fields[f];
        if (fd.kind != ValueKind::Ref) continue;
        int e;
        if (static_cast<int>(f) == st.ref_field) {  // one table of every account's entries, hash known
            w.ref_key.assign(reinterpret_cast<const char*>(&a), sizeof a);
            w.ref_key.append(text_of(static_cast<int>(f)));
            e = st.ref_keys.find_hashed(w.ref_key, ref_hash_hint ? ref_hash_hint : StringIndex::hash(w.ref_key));
        } else {
            e = ad.list_keys[fd.ref_list].find(text_of(static_cast<int>(f)));
        }
        if (e < 0) {
            reject(line, account_text, id_text,
                   fmt::format("{} \"{}\" is not one of the account's {}", fd.name, text_of(static_cast<int>(f)),
                               t.inputs.lists[fd.ref_list].field_name));
            return;
        }
        record[f] = Decimal::from_int(e);
    }
    Context cx;
    cx.t = &t;
    cx.account = &ad;
    cx.record = record.data();
    lets.resize(t.lets.size());
    cx.lets = lets.data();
    // The row's class (row_class.hpp): its static rules' outcome, worked out
    // by the class's first row. `cached` false: every rule is evaluated.
    const RowClassPlan& rc = st.class_plans[static_cast<std::size_t>(ad.tariff)];
    uint64_t bits = 0;
    const uint32_t* shape = &st.class_shapes[static_cast<std::size_t>(a) * st.class_stride];
    if (const uint32_t n = shape[0]) {
        std::vector<uint64_t>& classes = st.classes[static_cast<std::size_t>(a)];
        if (classes.empty()) classes.assign(n, 0);
        uint64_t& c = classes[class_of(rc, shape + 1, record.data())];
        if (c == 0) c = classify(rc, cx);
        bits = c;
    }
    const bool cached = bits != 0 && !(bits & kSlow);
    // A rule's condition: its class bit when cached, else evaluated.
    auto holds = [&](int8_t bit, plan::ExprId e) {
        return cached && bit >= 0 ? ((bits >> bit) & 1) != 0 : truthy(cx, e);
    };
    try {
        for (std::size_t l = 0; l < t.lets.size(); ++l)
            if (!cached || rc.let_per_row[l]) lets[l] = eval(cx, t.lets[l].value);
        for (std::size_t r = 0; r < t.rejects.size(); ++r)
            if (holds(rc.reject_bit[r], t.rejects[r].condition)) {
                reject(line, account_text, id_text, t.rejects[r].reason);
                return;
            }
    } catch (const OverflowError&) {
        reject(line, account_text, id_text, "a value of this row is too large to rate");
        return;
    } catch (const DivisionByZero&) {
        reject(line, account_text, id_text, "a value of this row divides by zero (the divisor of a round(A / B ...) is 0)");
        return;
    }
    // Duplicates: an id seen on an earlier row of this account that was
    // not rejected.
    if (in.usage_unique_field >= 0 && !w.seen_ids.insert_hashed(w.id_key, id_key_hash)) {
        reject(line, account_text, id_text,
               fmt::format("duplicate {} \"{}\" (already seen for this account)", in.usage_fields[in.usage_unique_field].name, id_text));
        return;
    }
    int64_t time = record[in.usage_time_field].to_int64().value_or(0);
    int month = month_of(time).index() - st.first_month;
    if (month < 0 || month >= st.months) {
        ++w.summary.out_of_period;
        return;
    }
    ++w.summary.rated;
    // Meters, and the packs that may absorb this row.
    try {
        // Each pack type the account holds is tested once, in declaration order.
        uint64_t pack_types = 0;
        int covered_let = -1;
        for (uint64_t owned = st.packs[a].owned_types; owned; owned &= owned - 1) {
            const int type = __builtin_ctzll(owned);
            const plan::PackType& pt = t.packs[static_cast<std::size_t>(type)];
            if (pt.where == plan::kNoExpr || holds(rc.pack_bit[static_cast<std::size_t>(type)], pt.where)) {
                if (covered_let < 0) covered_let = pt.covered_let;
                pack_types |= uint64_t{1} << type;
            }
        }
        const AccountSlots& s = st.slots[a];
        int64_t* block = st.block(static_cast<std::size_t>(a), month);
        std::vector<Decimal>& big = st.tallies[static_cast<std::size_t>(a)].big;
        HeldRow h{0, time, line, pack_types, 0, static_cast<uint32_t>(a), static_cast<uint32_t>(month), {}};
        for (std::size_t f = 0; f < nfields; ++f)
            if (st.ref_slot[f] >= 0) h.refs[st.ref_slot[f]] = static_cast<int32_t>(index_of(record[f]));
        uint64_t added = 0;  // the meters the row was added to
        for (std::size_t m = 0; m < t.meters.size(); ++m) {
            const plan::Meter& mt = t.meters[m];
            int group = mt.group_list >= 0 ? static_cast<int>(index_of(record[mt.group_field])) : 0;
            if (mt.where != plan::kNoExpr && !holds(rc.meter_bit[m], mt.where)) continue;
            if (s.aux_offsets[m] >= 0) {  // max, average, distinct count...: aggregate.cpp
                const int32_t aux_at = s.aux_offsets[m] + 2 * group;
                aggregate_row(mt, block[s.meter_offsets[m] + group], block + s.aux_base() + aux_at, big,
                              mt.value != plan::kNoExpr ? eval(cx, mt.value) : kZero,
                              mt.distinct_field >= 0 ? text_of(mt.distinct_field) : std::string_view(), time,
                              static_cast<uint32_t>(a), static_cast<uint32_t>(month), s.meter_offsets[m] + group, aux_at,
                              w.aggregates);
                continue;
            }
            Decimal v = mt.is_count ? kOne : eval(cx, mt.value);
            tally_add(block[s.meter_offsets[m] + group], big, v);
            added |= uint64_t{1} << m;
            if (mt.after_packs && mt.covered_let == covered_let && pack_types) h.meters |= uint64_t{1} << m;
        }
        // A row of the meter whose allowance comes before packs is held even
        // without a pack (the allowance is drawn in time order with them),
        // for that meter's quantity and the packs that cover it.
        const int first = t.allowance_first_meter;
        bool held_anyway = false;
        if (first >= 0 && ((added >> first) & 1)) {
            // The row as it is held without that allowance, when its packs
            // cover another let: held as well, for that let's packs and
            // meters (the two held rows share no pack and no meter).
            const int first_let = t.meters[static_cast<std::size_t>(first)].covered_let;
            if (covered_let >= 0 && covered_let != first_let && pack_types && h.meters && lets[covered_let].sign() > 0) {
                HeldRow other = h;
                other.pack_types = 0;
                for (uint64_t p = pack_types; p; p &= p - 1)
                    if (t.packs[static_cast<std::size_t>(__builtin_ctzll(p))].covered_let == covered_let)
                        other.pack_types |= p & (~p + 1);
                tally_store(other.quantity, w.held_big, lets[covered_let]);
                w.held.push_back(other);
            }
            covered_let = first_let;
            uint64_t types = 0;
            for (uint64_t p = pack_types; p; p &= p - 1)
                if (t.packs[static_cast<std::size_t>(__builtin_ctzll(p))].covered_let == covered_let)
                    types |= p & (~p + 1);
            h.pack_types = types;
            h.meters = 0;
            for (uint64_t m = added; m; m &= m - 1) {
                const plan::Meter& mt = t.meters[static_cast<std::size_t>(__builtin_ctzll(m))];
                if (mt.after_packs && mt.covered_let == covered_let) h.meters |= m & (~m + 1);
            }
            held_anyway = true;
        }
        if ((pack_types || held_anyway) && h.meters && covered_let >= 0 && lets[covered_let].sign() > 0) {
            tally_store(h.quantity, w.held_big, lets[covered_let]);
            w.held.push_back(h);
        }
    } catch (const OverflowError&) {
        w.error = Diagnostic::error_at(kTooLarge, {rq.usage->path(), static_cast<uint32_t>(std::min<uint64_t>(line, UINT32_MAX))},
                                       "a total grew too large to represent");
        w.error_rank = line;
    } catch (const DivisionByZero&) {
        w.error = Diagnostic::error_at(kDivisionByZero,
                                       {rq.usage->path(), static_cast<uint32_t>(std::min<uint64_t>(line, UINT32_MAX))},
                                       "a meter's value of this row divides by zero (the divisor of a round(A / B ...) is 0)");
        w.error_rank = line;
    }
}

}  // namespace tarifc::rating
