#include <iostream>

#include "cli/commands.hpp"
#include "commands/fmt.hpp"

namespace tarifc::cli {

Runner add_fmt(CLI::App& c) {
    auto options = std::make_shared<FmtOptions>();
    auto check = std::make_shared<bool>(false);
    auto diff = std::make_shared<bool>(false);
    c.add_option("PATH", options->paths, "tariff files or folders; - reads standard input")->required();
    auto* check_flag = c.add_flag("--check", *check, "list the files that would change (exit 1 if any); write nothing");
    c.add_flag("--diff", *diff, "print a unified diff of the changes (exit 1 if any); write nothing")
        ->excludes(check_flag);
    return [options, check, diff] {
        options->mode = *check ? FmtMode::Check : *diff ? FmtMode::Diff : FmtMode::Write;
        options->input = &std::cin;
        return run_fmt(*options, std::cout, std::cerr);
    };
}

}  // namespace tarifc::cli
