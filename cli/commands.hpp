// The commands of the command line. Each is one file cli/NAME.cpp whose
// add_NAME declares its flags on a CLI11 subcommand and returns what runs
// it once the command line is parsed; cli/main.cpp lists them in a table.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace tarifc::cli {

using Runner = std::function<int()>;

Runner add_check(CLI::App& command);
Runner add_eval(CLI::App& command);
Runner add_diff(CLI::App& command);
Runner add_fmt(CLI::App& command);
Runner add_test(CLI::App& command);

}  // namespace tarifc::cli
