// Reading input files, with the reason when that fails: every "cannot
// read" diagnostic (E0005, E0902) says why, in the same words.
#pragma once

#include <string>

namespace tarifc {

// Why `path` cannot be opened as a file, after an open or read failed with
// errno `err`: "no such file or folder", "is a folder, not a file",
// "permission denied", or the system's text for `err`.
std::string unreadable_reason(const std::string& path, int err);

// Reads the whole file into `out`; false (and `reason`) when it cannot.
bool read_whole_file(const std::string& path, std::string& out, std::string& reason);

}  // namespace tarifc
