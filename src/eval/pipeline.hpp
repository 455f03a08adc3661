// The rating pipeline: the calling thread reads the usage file and routes
// each record, by its account's index, to one of `request.threads` workers;
// each worker rates its rows and then draws its accounts' packs.
//
//   rate_usage(request, state, result, error)
//
// No two threads touch one account, so the hot path takes no lock, and the
// result does not depend on the number of workers: rejections are sorted by
// line, held rows by account, time and line.
#pragma once

#include <string>

#include "eval/eval.hpp"
#include "eval/state.hpp"

namespace tarifc::rating {

// Rates every row after the header into `st` (meters, packs) and `result`
// (summary, rejections in line order). False, with `error`, on trouble that
// stops the run (a read error E0902, a total too large E0804).
bool rate_usage(const EvalRequest& rq, RatingState& st, EvalResult& result, Diagnostic& error);

}  // namespace tarifc::rating
