#include <iostream>

#include "cli/commands.hpp"
#include "commands/eval.hpp"

namespace tarifc::cli {

Runner add_eval(CLI::App& e) {
    auto options = std::make_shared<EvalOptions>();
    auto format = std::make_shared<std::string>("table");
    e.add_option("TARIFF_PATH", options->tariff_path, "a tariff file or a folder of them")->required();
    add_rating_inputs(e, *options);
    e.add_option("--format", *format, "output: table (default), json or csv")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    e.add_flag("--explain", options->explain, "show how every line was derived");
    // One id per --account (repeat it for more), so that a path after it is not taken for an id.
    e.add_option("--account", options->account_ids, "rate only this account (repeatable)")
        ->allow_extra_args(false);
    add_threads(e, options->threads);
    return [options, format] {
        options->format = *format == "json"  ? EvalFormat::Json
                        : *format == "csv" ? EvalFormat::Csv
                                           : EvalFormat::Table;
        return run_eval(*options, std::cout, std::cerr);
    };
}

}  // namespace tarifc::cli
