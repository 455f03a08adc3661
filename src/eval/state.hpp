// The rating state of one run: where each account's meters live, their
// values (compact, tally.hpp, only for months with usage), what packs
// covered, and the packs themselves. Built once, before
// any row is read, by build_state; rating adds to it, draw_packs moves
// covered quantities in it, invoices read it.
//
// Workers write into `month_block`, `tallies` and `packs` concurrently, but
// each only the elements of the accounts routed to it (pipeline.cpp), so no
// element is shared.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/string_index.hpp"
#include "eval/eval.hpp"
#include "eval/packs.hpp"
#include "eval/row_class.hpp"
#include "eval/tally.hpp"
#include "plan/plan.hpp"

namespace tarifc::rating {

// Per account: where each meter's accumulator starts in a month's block,
// and for the 'after packs' meters where what packs covered starts (after
// the `width` meter slots; -1 for the other meters).
// Then, for the meters with an allowance (`after N free`), what the
// allowance took (after the covered slots; -1 for the other meters).
struct AccountSlots {
    std::vector<int> meter_offsets;
    std::vector<int> covered_offsets;
    std::vector<int> allowance_offsets;
    // Then, for the meters of an aggregate other than sum and count, two
    // slots per group (aggregate.hpp), after the allowance slots.
    std::vector<int> aux_offsets;
    int width = 0;          // meter slots per month
    int covered_width = 0;  // covered slots per month
    int allowance_width = 0;  // allowance slots per month
    int aux_width = 0;      // aggregate slots per month
    std::size_t block_size() const {
        return static_cast<std::size_t>(width + covered_width + allowance_width + aux_width);
    }
    // Where the allowance slots start in a block.
    int allowance_base() const { return width + covered_width; }
    // Where the aggregates' slots start in a block.
    int aux_base() const { return width + covered_width + allowance_width; }
};

// Every account's AccountSlots: accounts of one tariff whose grouped meters
// (`per` a list) have as many groups share one layout, so 100k accounts of
// a few plans take a few layouts and 4 bytes each, not four vectors each.
class AccountSlotsTable {
public:
    const AccountSlots& operator[](std::size_t account) const { return layouts_[layout_of_[account]]; }
    std::size_t size() const { return layout_of_.size(); }
    std::size_t layouts() const { return layouts_.size(); }
    // Appends the next account, whose layout is `layout` (index of a layout
    // added by add_layout).
    void push_account(uint32_t layout) { layout_of_.push_back(layout); }
    uint32_t add_layout(AccountSlots s) {
        layouts_.push_back(std::move(s));
        return static_cast<uint32_t>(layouts_.size() - 1);
    }
    void reserve_accounts(std::size_t n) { layout_of_.reserve(n); }

private:
    std::vector<uint32_t> layout_of_;    // per account
    std::vector<AccountSlots> layouts_;
};

// One account's meter values (tally.hpp): per month with usage, a block of
// block_size() slots (the meters, what packs covered, what allowances took), in the order the
// months were first met. Months without usage take no block.
struct AccountTallies {
    std::vector<int64_t> slots;
    std::vector<Decimal> big;   // values a slot cannot hold
    uint16_t blocks = 0;
};

struct RatingState {
    const plan::Tariff* usage_plan = nullptr;  // whose usage declaration parses rows
    int first_month = 0;                       // YearMonth::index() of --from
    int months = 0;
    std::vector<int> column_of_field;          // usage field -> CSV column, -1 for an absent optional one
    std::size_t columns = 0;                   // columns of the header: every row has as many
    std::vector<int> ref_slot;                 // per usage field: its place in HeldRow::refs, or -1
    AccountSlotsTable slots;                   // per account (shared layouts)
    std::vector<AccountPacks> packs;           // per account
    // Per account and month of the run: 0 if the month has no block yet,
    // else 1 + its block's number in the account's tallies (2 bytes per
    // account-month; kMaxMonths keeps it in 16 bits).
    std::vector<uint16_t> month_block;
    std::vector<AccountTallies> tallies;       // per account
    // The usage record's first reference field (an entry of an account's
    // list, looked up for every row), or -1, and one table of every
    // account's entries keyed by (account index, entry key text) -> entry
    // index: its slots can be prefetched rows ahead from the key's hash
    // alone (ref_hash), unlike a table per account. Built only for a list
    // keyed by a text field; otherwise rows use AccountData::list_keys.
    int ref_field = -1;
    StringIndex ref_keys;
    // Row classes (row_class.hpp): per tariff its plan; per account
    // `class_stride` numbers: its number of classes (0: rows not cached),
    // then each dimension's number of values; and, once it has a row, each
    // class's bits (0 until the class's first row).
    std::vector<RowClassPlan> class_plans;
    std::size_t class_stride = 1;
    std::vector<uint32_t> class_shapes;
    std::vector<std::vector<uint64_t>> classes;

    static constexpr int kMaxMonths = 65535;

    // The account's block for `month` (meters, then covered), made (all
    // zero) if the month had none. Valid until the account's next new block.
    int64_t* block(std::size_t account, int month) {
        uint16_t& b = month_block[account * static_cast<std::size_t>(months) + static_cast<std::size_t>(month)];
        AccountTallies& t = tallies[account];
        const std::size_t size = slots[account].block_size();
        if (b == 0) {
            // Room doubles, but never past one block per month of the run.
            if (t.slots.size() + size > t.slots.capacity())
                t.slots.reserve(std::min(std::max<std::size_t>(2 * t.slots.capacity(), size),
                                         size * static_cast<std::size_t>(months)));
            t.slots.resize(t.slots.size() + size, 0);
            b = ++t.blocks;
        }
        return t.slots.data() + (b - 1u) * size;
    }
    // The block for `month`, or nullptr if the month had no usage.
    const int64_t* find_block(std::size_t account, int month) const {
        const uint16_t b = month_block[account * static_cast<std::size_t>(months) + static_cast<std::size_t>(month)];
        if (b == 0) return nullptr;
        return tallies[account].slots.data() + (b - 1u) * slots[account].block_size();
    }
};

// The key of (account, entry key text) in RatingState::ref_keys, in `key`, hashed.
inline uint64_t ref_hash(int32_t account, std::string_view text, std::string& key) {
    key.assign(reinterpret_cast<const char*>(&account), sizeof account);
    key.append(text);
    return StringIndex::hash(key);
}

// The state for rating `rq`'s usage with `usage_plan`'s record, whose
// fields are in the CSV columns `column_of_field`.
RatingState build_state(const EvalRequest& rq, const plan::Tariff& usage_plan, std::vector<int> column_of_field);

}  // namespace tarifc::rating
