// What every command shares: the exit statuses (docs/cli.md), and the two
// ways a command ends early. Each command a user can name is one file here
// (src/commands/NAME.cpp with its options in NAME.hpp) and one in cli/
// (its flags); cli/main.cpp lists them in one table.
#pragma once

#include <iosfwd>
#include <string>

#include "syntax/diagnostic.hpp"

namespace tarifc {

// Exit statuses shared by every command (docs/cli.md). Every problem is a
// Diagnostic (syntax/diagnostic.hpp) printed by its one renderer.
inline constexpr int kExitClean = 0;     // no findings
inline constexpr int kExitFindings = 1;  // check errors (or warnings with --deny-warnings), failed
                                         // tests, unformatted files, tripped guards
inline constexpr int kExitTrouble = 2;   // bad usage, unreadable or invalid input (E07xx-E09xx),
                                         // out of memory, internal error

// A problem that stops the run: shown on `err`; returns kExitTrouble.
int trouble(std::ostream& err, const Diagnostic& d);
int trouble(std::ostream& err, const char* code, DataPlace place, std::string message);

// Flushes `out`; a failed write is trouble (E0903), otherwise `status`.
int flush_output(std::ostream& out, std::ostream& err, int status);

}  // namespace tarifc
