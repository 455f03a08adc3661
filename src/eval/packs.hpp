// Packs: prepaid quantities an account bought, drawn down by the usage they
// cover in chronological order.
//
//   setup_packs(tariff, account, first_month, months)  -> AccountPacks
//   draw_packs(held rows, request, state)              (packs.cpp)
//
// Rating holds each row a pack may absorb as a HeldRow; once every row of an
// account is read, draw_packs sorts them by time and moves the covered
// quantity from the row's meters into the state's covered amounts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/decimal.hpp"
#include "eval/eval.hpp"
#include "io/accounts.hpp"
#include "plan/plan.hpp"

namespace tarifc::rating {

// What a pack gave in one month of the run.
struct PackMonth {
    int month = 0;              // offset in the run
    uint64_t meters_fed = 0;    // the 'after packs' meters of the rows it covered
    Decimal used;
};

struct PackState {
    int entry = -1;      // index in the account's pack list
    int type = -1;
    int64_t start = 0;   // local seconds, inclusive
    int64_t end = 0;     // local seconds, exclusive
    int64_t purchase_day = 0;
    Decimal size;
    Decimal initial;     // balance at the start of the run
    Decimal balance;
    std::vector<PackMonth> drawn;  // the months it gave in, in order (none for the others)
    Decimal price;
    int purchase_month = -1;    // month index in the run, -1 if outside
};

// The packs of one account.
struct AccountPacks {
    std::vector<PackState> list;   // in the account's list order
    std::vector<int> draw_order;   // indices into `list` in the declared deduction order
    uint64_t owned_types = 0;      // mask of the pack types the account holds
};

AccountPacks setup_packs(const plan::Tariff& t, const AccountData& ad, int first_month, int months);

// A row that packs may absorb, held until every row is read. The checker
// allows at most kMaxRefFields ref fields in a usage record.
static_assert(plan::kMaxMeters <= 64 && plan::kMaxPackTypes <= 64, "HeldRow keeps them in 64-bit masks");
struct HeldRow {         // 64 bytes: held rows are a large part of a run's memory
    int64_t quantity;       // what packs may cover: a tally (tally.hpp) whose big values are the worker's held_big
    int64_t time;
    uint64_t line;          // file order breaks ties
    uint64_t pack_types;    // mask of pack types whose 'where' matched; the lowest one's
                            // 'covered' let is the quantity's (0: a row held only for the
                            // allowance that comes before packs, plan::Tariff::allowance_first_meter)
    uint64_t meters;        // mask of 'after packs' meters the row was added to
    uint32_t account;
    uint32_t month;         // offset in the run
    int32_t refs[plan::kMaxRefFields];  // the entry index of each ref field of the row
};
static_assert(sizeof(HeldRow) == 64);

struct RatingState;
struct AccountSlots;
// Draws the packs of the accounts of `held` (sorted here by account, time
// and line) and moves what they cover from the meters to the covered amounts.
// Throws OverflowError if an amount grows too large, with `account` set to
// the account whose rows were being drawn.
void draw_packs(std::vector<HeldRow>& held, const std::vector<Decimal>& held_big, const EvalRequest& rq,
                RatingState& st, uint32_t& account);

// The allowances that come after packs (or without them), taken from the
// month's `values` (a block, tally-decoded): each such meter's value
// (per entry) loses min(allowance, value), never below zero, and its
// allowance slot says how much.
void take_later_allowances(const plan::Tariff& t, const AccountSlots& s, std::vector<Decimal>& values);

// What a pack gave in a month of the run (nullptr, zero if nothing), and its
// balance at the end of that month.
const PackMonth* drawn_in(const PackState& p, int month);
Decimal used_in(const PackState& p, int month);
Decimal balance_at_end(const PackState& p, int month);

// The pack's key as the account's pack list shows it.
std::string pack_key(const plan::Tariff& t, const AccountData& a, int entry);

// A list entry's key (its key field, else its 1-based position).
std::string entry_key(const plan::Tariff& t, const AccountData& a, int list, int entry);

}  // namespace tarifc::rating
