// Shared code of the libFuzzer targets (tests/fuzz/fuzz_*.cpp).
//
// Every target calls the library functions the command line calls, in
// process. Bad input is fine whatever it is: a Diagnostic (exit 1 or 2 in
// the CLI). A finding is anything else: a crash or sanitizer report, an
// exception escaping (the CLI would print E0907 "internal error" or E0906
// "out of memory"), or a diagnostic with code E0907. A finding calls
// abort(), so libFuzzer and the corpus replay (replay_main.cpp) both stop
// on it. libFuzzer's -timeout=1 enforces the one second per input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.hpp"
#include "syntax/diagnostic.hpp"

namespace tarifc::fuzz {

// Prints what was found and aborts.
[[noreturn]] void finding(std::string_view what, std::string_view detail);

// A finding when any diagnostic is E0907 (internal error); also renders
// each one (human and JSON), as `tarifc check` would.
void require_no_internal_error(const Diagnostics& diags);
void require_no_internal_error(const Diagnostic& d);

// The repository's root (where tariffs/ and examples/ are), from the build.
std::string source_path(std::string_view relative);

// The tariffs of a folder or file of the repository, loaded and checked as
// `tarifc eval` does; a set-up failure (they do not load or check clean)
// aborts.
std::vector<plan::Tariff> checked_tariffs(std::string_view relative);

// A folder of this process under $TMPDIR (or /dev/shm when it exists),
// removed at exit.
const std::string& scratch_dir();
// Writes `text` to `path` (whole file); aborts on an I/O failure (that is
// the harness's trouble, not a finding about tarifc).
void write_file(const std::string& path, std::string_view text);

// Runs `body`; an exception escaping it is a finding.
template <typename F>
void guarded(F&& body) {
    try {
        body();
    } catch (const std::exception& e) {
        finding("exception escaped (the CLI would say E0906/E0907)", e.what());
    } catch (...) {
        finding("exception escaped", "not a std::exception");
    }
}

}  // namespace tarifc::fuzz
