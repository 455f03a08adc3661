// Assembling one invoice (an account and a month) from the rating state:
// charges, pack purchases, minimums, discounts, the total and the packs'
// balances.
//
//   build_invoice(request, state, account, month, invoice)
#pragma once

#include <cstddef>
#include <vector>

#include "eval/commitment.hpp"
#include "eval/eval.hpp"
#include "eval/state.hpp"

namespace tarifc::rating {

// What build_invoice was computing when an amount grew too large: thrown
// in place of the OverflowError, so that the message can name the account,
// the line and the account field that fed it (blame.hpp).
struct InvoiceOverflow {
    enum class Step { Charge, PackPurchase, Minimum, Discount, Total };
    std::size_t account = 0;
    int month = 0;
    Step step = Step::Total;
    int index = -1;  // Charge, Minimum, Discount: in the tariff; PackPurchase: in the account's packs
    int entry = -1;  // the for-each entry being billed, -1 for none
    std::string what;  // the OverflowError's text
    bool division_by_zero = false;  // a conversion divided by zero (E0805), not an overflow
};

// What build_invoice carries from one month of an account to the next: the
// running basis of each yearly minimum, per `for each` entry (one for a
// minimum without one; none for a monthly minimum). Only the current
// account's; it starts afresh with the next account.
struct MinimumYears {
    std::size_t account = static_cast<std::size_t>(-1);
    std::vector<std::vector<RunningYear>> by_minimum;  // [minimum][entry]
};

// Fills `inv` for account index `account` and month `month` of the run.
// An account's months must come in order, 0 first, with the same `years`
// (a yearly minimum sums the months before its true-up).
// Throws InvoiceOverflow if an amount grows too large.
void build_invoice(const EvalRequest& rq, const RatingState& st, std::size_t account, int month,
                   MinimumYears& years, Invoice& inv);

}  // namespace tarifc::rating
