// `tarifc test`: runs the tests of tariffs written in test files
// (*.tariff-test, docs/testing.md) and reports them, with rule coverage.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "commands/command.hpp"

namespace tarifc {

enum class TestFormat { Human, Json, Junit };

struct TestOptions {
    std::vector<std::string> paths;   // test files or folders (searched for *.tariff-test); default "."
    TestFormat format = TestFormat::Human;
    std::string run;                  // only the tests whose name contains it
    bool coverage = false;
    std::string min_coverage;         // a percentage, e.g. "80" or "87.5"; implies coverage
};

// The report to `out`; problems to `err`. 0: every test passed (and the
// coverage reached --min-coverage); 1: a test failed or the coverage is
// below it; 2: trouble.
int run_test(const TestOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tarifc
