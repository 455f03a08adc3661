// Usage fields: one CSV field read as its declared type.
//
//   parse_field(field, text, out)
#pragma once

#include <string_view>

#include "base/decimal.hpp"
#include "plan/plan.hpp"

namespace tarifc::rating {

// Parses one CSV field as the declared type into `out`. Returns an empty
// string on success, else the reason the row is rejected ("is empty").
const char* parse_field(const plan::Field& f, std::string_view text, Decimal& out);

}  // namespace tarifc::rating
