// Allow comments: a pricing team's reviewed acceptance of a warning, kept in
// the tariff beside what it accepts, so that `check --deny-warnings` can
// guard CI while a deliberate pricing cliff stays in the price book.
//
//   # tarifc: allow W0307: the contract prices every seat at the band reached
//
// A comment of this form accepts the listed warnings (a comma-separated list
// of codes, then a colon and the reason, which is required) on its own line
// when it trails code, or on the next line with code when it stands alone.
// An accepted warning is not shown; `check` counts it ("2 allowed"). Errors
// cannot be allowed. A malformed directive is W0010, one that accepts
// nothing is W0011 (told when there are no errors, which may hide what it
// accepts): an allow does not outlive what it was written for.
//
//   apply_allows(ws, diags)  (the last pass of check_workspace)
#pragma once

#include "syntax/diagnostic.hpp"
#include "syntax/load.hpp"

namespace tarifc {

void apply_allows(const Workspace& ws, Diagnostics& diags);

}  // namespace tarifc
