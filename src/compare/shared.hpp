// What corpus.cpp and vary.cpp share (defined in corpus.cpp): the plans as
// the report names them, the accounts file read as one plan, and the choice
// of the cheapest plan.
#pragma once

#include <vector>

#include "compare/compare.hpp"
#include "io/accounts.hpp"

namespace tarifc::compare {

std::vector<PlanInfo> plan_infos(const std::vector<plan::Tariff>& tariffs);
std::vector<const plan::Tariff*> plan_pointers(const std::vector<plan::Tariff>& tariffs);

// The accounts file read as plan `p` (AccountsOptions::as_plan); the
// accounts it cannot price are appended to `skipped`.
bool load_as_plan(const Inputs& in, int p, AccountsFile& out, std::vector<Unpriceable>& skipped,
                  Diagnostic& problem);

// Sets c.cheapest and c.saving from c.totals: the lowest total among the
// plans of the account's own plan's currency; the own plan wins a tie, then
// the plan loaded first.
void choose(Comparison& c, const std::vector<PlanInfo>& plans);

}  // namespace tarifc::compare
