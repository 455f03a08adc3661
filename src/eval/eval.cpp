// Evaluation: the usage header, the rating state, the rating pipeline, then
// one invoice per account and month. Each step is one file of src/eval/
// (header, state, pipeline, invoice); they hand each other the state.
#include "eval/eval.hpp"

#include <fmt/format.h>

#include "eval/blame.hpp"
#include "eval/header.hpp"
#include "eval/invoice.hpp"
#include "eval/pipeline.hpp"
#include "eval/rate.hpp"
#include "eval/state.hpp"

namespace tarifc {

namespace {

// Builds every invoice in output order (account, then period) into one
// reused Invoice and calls `each` with it. Throws InvoiceOverflow.
template <typename Each>
void each_invoice(const EvalRequest& rq, const rating::RatingState& st, Each&& each) {
    Invoice inv;
    rating::MinimumYears years;
    const std::size_t accounts = rq.accounts->accounts.size();
    for (std::size_t a = 0; a < accounts; ++a) {
        if (!rq.selected.empty() && !rq.selected[a]) continue;
        for (int m = 0; m < st.months; ++m) {
            inv.lines.clear();
            inv.packs.clear();
            inv.total = Decimal();
            rating::build_invoice(rq, st, a, m, years, inv);
            each(inv);
        }
    }
}

}  // namespace

bool evaluate(const EvalRequest& request, EvalResult& result, Diagnostic& error) {
    const plan::Tariff* usage_plan = nullptr;
    std::vector<int> column_of_field;
    if (!rating::read_usage_header(request, usage_plan, column_of_field, error)) return false;
    rating::RatingState state = rating::build_state(request, *usage_plan, std::move(column_of_field));
    result.summary.selection = !request.selected.empty();
    if (!rating::rate_usage(request, state, result, error)) return false;
    // Invoices are not kept (memory would grow with accounts × months), yet
    // a run stopped by an amount too large must hand over nothing: a first
    // pass builds each invoice and drops it, the second hands each over.
    try {
        each_invoice(request, state, [](const Invoice&) {});
    } catch (const rating::InvoiceOverflow& e) {
        error = rating::blame_invoice_overflow(request, e);
        return false;
    }
    each_invoice(request, state, [&](const Invoice& inv) { request.on_invoice(inv); });
    return true;
}

}  // namespace tarifc
