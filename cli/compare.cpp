#include <iostream>

#include "cli/commands.hpp"
#include "commands/compare.hpp"

namespace tarifc::cli {

Runner add_compare(CLI::App& c) {
    auto options = std::make_shared<CompareOptions>();
    auto format = std::make_shared<std::string>("table");
    c.add_option("PRICEBOOK", options->pricebook, "a price book: a folder of tariffs (or one file); its plans are compared")
        ->required();
    add_rating_inputs(c, *options);
    c.add_option("--format", *format, "output: table (default), json, csv, markdown or html")
        ->check(CLI::IsMember({"table", "json", "csv", "markdown", "html"}));
    c.add_option("--vary", options->vary,
                 "re-price one account's month while QUANTITY (an account field such as seats, or a usage field such as "
                 "call.duration_s, set in each of the account's rows) goes from FROM to TO; report the break-even points")
        ->type_name("QUANTITY=FROM..TO");
    c.add_option("--account", options->account, "with --vary: the account (default: the file's only account)");
    c.add_option("--step", options->step, "with --vary: the step (default: 1, or the finest decimal of FROM and TO)");
    c.add_option("--in", options->unit, "with --vary: the unit FROM, TO and --step are in (default: the field's unit)")
        ->type_name("UNIT");
    c.add_option("--where", options->where,
                 "with --vary and a usage QUANTITY: set it only in the account's rows whose COLUMN is TEXT")
        ->type_name("COLUMN=TEXT");
    c.add_option("--chart", options->chart,
                 "also draw the chart as SVG into FILE (- : the chart on standard output instead of the report)")
        ->type_name("FILE.svg");
    add_threads(c, options->threads);
    return [options, format] {
        options->format = *format == "json"       ? CompareFormat::Json
                          : *format == "csv"      ? CompareFormat::Csv
                          : *format == "markdown" ? CompareFormat::Markdown
                          : *format == "html"     ? CompareFormat::Html
                                                  : CompareFormat::Table;
        return run_compare(*options, std::cout, std::cerr);
    };
}

}  // namespace tarifc::cli
