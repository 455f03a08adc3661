// What changed in a price book: two sets of compiled plans compared
// (tariffs matched by name; their charges, minimums, discounts, packs,
// meters, lets, reject rules, units and fields matched by name), each
// difference one entry with the old and new value as text. Source positions,
// comments and layout are not compared: an empty list means the two books
// price everything the same way (usable as plan equality).
//
//   plan_changes(before, after) -> [PlanChange]
#pragma once

#include <string>
#include <vector>

#include "plan/plan.hpp"

namespace tarifc::diff {

struct PlanChange {
    enum class Kind { Changed, Added, Removed };
    Kind kind = Kind::Changed;
    std::string tariff;    // the tariff's name
    std::string subject;   // "charge seats", "pack 400-inbound", "tariff" (the header)
    std::string property;  // "band 2", "rate", "size 10000 minute"; "" for a whole subject added or removed
    std::string before;    // "" when added
    std::string after;     // "" when removed
};

// In the order: tariffs by name; within a tariff, subjects in the order of
// the old plan (then the new ones), properties in their order.
std::vector<PlanChange> plan_changes(const std::vector<plan::Tariff>& before, const std::vector<plan::Tariff>& after);

// One line: "ccc-seat: charge seats: band 2: over 99 up to 299 seat at 179 CNY/seat -> ... 169 CNY/seat";
// "...: added (NEW VALUE)", "...: removed (OLD VALUE)".
std::string change_line(const PlanChange& c, const char* arrow = "->");

// "changed", "added", "removed".
const char* kind_name(PlanChange::Kind k);

}  // namespace tarifc::diff
