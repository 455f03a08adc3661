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

bool evaluate(const EvalRequest& request, EvalResult& result, Diagnostic& error) {
    const plan::Tariff* usage_plan = nullptr;
    std::vector<int> column_of_field;
    if (!rating::read_usage_header(request, usage_plan, column_of_field, error)) return false;
    rating::RatingState state = rating::build_state(request, *usage_plan, std::move(column_of_field));
    if (!rating::rate_usage(request, state, result, error)) return false;
    try {
        const std::size_t accounts = request.accounts->accounts.size();
        result.invoices.reserve(accounts * static_cast<std::size_t>(state.months));
        for (std::size_t a = 0; a < accounts; ++a)
            for (int m = 0; m < state.months; ++m) {
                result.invoices.emplace_back();
                rating::build_invoice(request, state, a, m, result.invoices.back());
            }
    } catch (const rating::InvoiceOverflow& e) {
        error = rating::blame_invoice_overflow(request, e);
        return false;
    }
    return true;
}

}  // namespace tarifc
