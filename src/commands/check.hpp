// `tarifc check`: loads and checks tariff files and reports every problem.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "commands/command.hpp"

namespace tarifc {

enum class CheckFormat { Human, Json };

struct CheckOptions {
    std::vector<std::string> paths;
    CheckFormat format = CheckFormat::Human;
    bool deny_warnings = false;
};

// Diagnostics to `err` (human) or a JSON document to `out`.
int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tarifc
