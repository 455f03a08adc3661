// Assembling one invoice (an account and a month) from the rating state:
// charges, pack purchases, minimums, discounts, the total and the packs'
// balances.
//
//   build_invoice(request, state, account, month, invoice)
#pragma once

#include <cstddef>

#include "eval/eval.hpp"
#include "eval/state.hpp"

namespace tarifc::rating {

// Fills `inv` for account index `account` and month `month` of the run.
// Throws OverflowError if an amount grows too large.
void build_invoice(const EvalRequest& rq, const RatingState& st, std::size_t account, int month, Invoice& inv);

}  // namespace tarifc::rating
