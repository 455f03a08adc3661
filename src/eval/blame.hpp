// Whose fault an amount too large to represent (E0804) is, when it grows
// while an invoice is assembled: the account field that fed the line (in
// the accounts file, at the account's line and column), else the usage
// file whose rows fed the account's meters.
//
//   blame_invoice_overflow(request, overflow)
#pragma once

#include "eval/eval.hpp"
#include "eval/invoice.hpp"

namespace tarifc::rating {

Diagnostic blame_invoice_overflow(const EvalRequest& rq, const InvoiceOverflow& e);

}  // namespace tarifc::rating
