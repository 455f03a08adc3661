// Plan expressions as text, for people and for comparing two plans: the
// text names every field, let and meter (never an index), so two
// expressions compiled from different files read the same exactly when they
// compute the same thing the same way (src/diff/plan_changes.cpp).
//
//   expr_text(tariff, id)   e.g. "ceil(call.duration_s × 1/60)", "account.seats"
#pragma once

#include <string>

#include "plan/plan.hpp"

namespace tarifc::plan {

// "" for kNoExpr.
std::string expr_text(const Tariff& t, ExprId id);

// A unit pair as written in a tariff: "CNY/minute", "seat", "" (a number).
std::string unit_pair_text(const Tariff& t, UnitPair u);

}  // namespace tarifc::plan
