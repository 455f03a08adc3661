// What differs between two compiled tariffs, field by field.
//
//   plan_differences(a, b) -> one line per difference, "" none
//
// Every field of plan::Tariff (plan.hpp) is compared, except the source
// position of the header (`range`): the same tariff laid out otherwise
// compiles to no difference at all. Numbers compare by value (1.50 = 1.5).
// Each line names the field by its path and shows both values:
//   charges[2].pricing.bands[1].rate: 179 -> 169
//   charges: 5 entries -> 6 entries
// Expressions are compared as the node pool they are compiled to
// (nodes[i].k ...), lists entry by entry (with the count first when it
// differs); a different pricing kind is one line. `tarifc fmt`'s test
// requires no difference between a tariff and its formatted copy.
#pragma once

#include <string>
#include <vector>

#include "plan/plan.hpp"

namespace tarifc::plan {

std::vector<std::string> plan_differences(const Tariff& a, const Tariff& b);

}  // namespace tarifc::plan
