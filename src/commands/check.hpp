// `tarifc check`: loads and checks tariff files and reports every problem.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"

namespace tarifc {

enum class CheckFormat { Human, Json, Sarif, Github };

struct CheckOptions {
    std::vector<std::string> paths;
    CheckFormat format = CheckFormat::Human;
    bool deny_warnings = false;
};

// The formats' names, in the order of `--help` ("human", "json", ...), and
// the format of a name (nullopt for another word).
std::vector<std::string> check_format_names();
std::optional<CheckFormat> check_format_named(std::string_view name);

// Diagnostics to `err` (human) or a document to `out` (the other formats).
int run_check(const CheckOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tarifc
