#include <iostream>

#include "cli/commands.hpp"
#include "commands/diff.hpp"

namespace tarifc::cli {

Runner add_diff(CLI::App& d) {
    auto options = std::make_shared<DiffOptions>();
    auto format = std::make_shared<std::string>("human");
    d.add_option("OLD", options->before_path, "the price book before: a tariff file or a folder of them")->required();
    d.add_option("NEW", options->after_path, "the price book after: a tariff file or a folder of them")->required();
    add_rating_inputs(d, *options);
    d.add_option("--format", *format, "output: human (default), markdown or json")
        ->check(CLI::IsMember({"human", "markdown", "json"}));
    d.add_option("--top", options->top, "accounts listed among the biggest increases and decreases (default 10)")
        ->check(CLI::Range(0, 1000000));
    d.add_option("--fail-if-any-increase", options->fail_if_any_increase,
                 "exit 1 when some account's bill rises more than PCT percent")
        ->type_name("PCT");
    d.add_option("--fail-if-revenue-change", options->fail_if_revenue_change,
                 "exit 1 when the revenue changes by more than PCT percent either way")
        ->type_name("PCT");
    add_threads(d, options->threads);
    return [options, format] {
        options->format = *format == "json"       ? DiffFormat::Json
                          : *format == "markdown" ? DiffFormat::Markdown
                                                  : DiffFormat::Human;
        return run_diff(*options, std::cout, std::cerr);
    };
}

}  // namespace tarifc::cli
