// Checking (after parsing, before evaluation): prove every tariff of a workspace sound and compile
// each `tariff` (not `shared`) file with its imports into a plan::Tariff.
//
//   check_workspace(ws, diags) -> compiled tariffs
//
// Reports every problem found, not only the first (see docs/diagnostics.md
// for the codes). A tariff with errors is not compiled.
#pragma once

#include <vector>

#include "syntax/diagnostic.hpp"
#include "syntax/load.hpp"
#include "plan/plan.hpp"

namespace tarifc {

std::vector<plan::Tariff> check_workspace(const Workspace& ws, Diagnostics& diags);

}  // namespace tarifc
