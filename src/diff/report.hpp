// `tarifc diff`'s report: the impact of a price change (diff/impact.hpp) and
// what changed in the price book (diff/plan_changes.hpp), and its three
// formats, one file each: human.cpp (a table for the terminal),
// markdown.cpp (a pull-request comment, GitHub-flavoured), json.cpp.
#pragma once

#include <string>
#include <vector>

#include "diff/impact.hpp"
#include "diff/plan_changes.hpp"

namespace tarifc::diff {

struct Report {
    std::string before_path, after_path;  // as given
    std::string from, to;                 // YYYY-MM
    Impact impact;
    std::vector<PlanChange> changes;
};

std::string format_human(const Report& r);
std::string format_markdown(const Report& r);
std::string format_json(const Report& r);

}  // namespace tarifc::diff
