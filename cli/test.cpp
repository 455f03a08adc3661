#include <iostream>

#include "cli/commands.hpp"
#include "commands/test.hpp"

namespace tarifc::cli {

Runner add_test(CLI::App& t) {
    auto options = std::make_shared<TestOptions>();
    auto format = std::make_shared<std::string>("human");
    t.add_option("PATH", options->paths, "test files (*.tariff-test) or folders of them (default: .)");
    t.add_option("--format", *format, "output: human (default), json or junit")
        ->check(CLI::IsMember({"human", "json", "junit"}));
    t.add_option("--run", options->run, "run only the tests whose name contains this text");
    t.add_flag("--coverage", options->coverage, "report the rules no test exercised");
    t.add_option("--min-coverage", options->min_coverage,
                 "fail (exit 1) when less than this percentage of the rules is exercised; implies --coverage");
    return [options, format] {
        options->format = *format == "json"    ? TestFormat::Json
                          : *format == "junit" ? TestFormat::Junit
                                               : TestFormat::Human;
        return run_test(*options, std::cout, std::cerr);
    };
}

}  // namespace tarifc::cli
