// The usage file's header, read before any row: one usage record shared by
// every tariff, and the CSV column of each of its fields.
//
//   read_usage_header(request, usage_plan, column_of_field, error)
#pragma once

#include <string>
#include <vector>

#include "eval/eval.hpp"

namespace tarifc::rating {

// Sets `usage_plan` (the tariff whose usage declaration parses rows) and
// `column_of_field` (usage field -> CSV column). False, with `error`, when
// the tariffs declare different records (E0905), the file is empty (E0801),
// its header is not CSV (E0802) or does not match (E0803), or a read fails
// (E0902).
bool read_usage_header(const EvalRequest& rq, const plan::Tariff*& usage_plan, std::vector<int>& column_of_field,
                       Diagnostic& error);

}  // namespace tarifc::rating
