// A unified diff of two texts, as `diff -u` prints it (three lines of
// context, `@@ -l,n +l,n @@` hunks, "\ No newline at end of file").
//
//   unified_diff(old_text, new_text, path) -> the diff ("" when equal)
//
// The headers are `--- a/PATH` and `+++ b/PATH`. Lines are matched by a
// longest common subsequence after the common head and tail are taken
// off; when what is left is too large for that (more than 4 million line
// pairs), it is shown as one hunk that replaces it.
#pragma once

#include <string>
#include <string_view>

namespace tarifc {

std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view path);

}  // namespace tarifc
