// The rating state of one run: where each account's meters live, their
// values, what packs covered, and the packs themselves. Built once, before
// any row is read, by build_state; rating adds to it, draw_packs moves
// covered quantities in it, invoices read it.
//
// Workers write into `acc` and `packs` concurrently, but each only for the
// accounts routed to it (pipeline.cpp), so no element is shared.
#pragma once

#include <cstddef>
#include <vector>

#include "base/decimal.hpp"
#include "eval/eval.hpp"
#include "eval/packs.hpp"
#include "plan/plan.hpp"

namespace tarifc::rating {

// Per account: where each meter's accumulator starts in the month slice.
struct AccountSlots {
    std::vector<int> meter_offsets;
    int width = 0;        // slots per month
    std::size_t base = 0; // into the accumulator arrays
};

struct RatingState {
    const plan::Tariff* usage_plan = nullptr;  // whose usage declaration parses rows
    int first_month = 0;                       // YearMonth::index() of --from
    int months = 0;
    std::vector<int> column_of_field;          // usage field -> CSV column
    std::vector<int> ref_slot;                 // per usage field: its place in HeldRow::refs, or -1
    std::vector<AccountSlots> slots;           // per account
    std::vector<AccountPacks> packs;           // per account
    std::vector<Decimal> acc;                  // meter values: per account, per month, per slot
    std::vector<Decimal> covered;              // pack-covered amounts, same layout

    // Where an account's month starts in `acc` and `covered`.
    std::size_t month_base(std::size_t account, int month) const {
        const AccountSlots& s = slots[account];
        return s.base + static_cast<std::size_t>(month) * static_cast<std::size_t>(s.width);
    }
};

// The state for rating `rq`'s usage with `usage_plan`'s record, whose
// fields are in the CSV columns `column_of_field`.
RatingState build_state(const EvalRequest& rq, const plan::Tariff& usage_plan, std::vector<int> column_of_field);

}  // namespace tarifc::rating
