#include <iostream>

#include "cli/commands.hpp"
#include "commands/check.hpp"

namespace tarifc::cli {

Runner add_check(CLI::App& c) {
    auto options = std::make_shared<CheckOptions>();
    auto format = std::make_shared<std::string>("human");
    c.add_option("PATH", options->paths, "tariff files or folders")->required();
    c.add_option("--format", *format, "output: human (default), json, sarif (SARIF 2.1.0) or github (Actions annotations)")
        ->check(CLI::IsMember(check_format_names()));
    c.add_flag("--deny-warnings", options->deny_warnings, "treat warnings as errors (exit 1)");
    return [options, format] {
        options->format = check_format_named(*format).value_or(CheckFormat::Human);
        return run_check(*options, std::cout, std::cerr);
    };
}

}  // namespace tarifc::cli
