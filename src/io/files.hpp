// Reading input files, with the reason when that fails: every "cannot
// read" diagnostic (E0005, E0902) says why, in the same words. Regular
// files, pipes (`--usage <(zcat calls.csv.gz)`, FIFOs) and character
// devices are read; a folder is refused by its file status, race-free,
// after it is opened.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tarifc {

// Why `path` cannot be opened as a file, after an open or read failed with
// errno `err`: "no such file or folder", "is a folder, not a file",
// "permission denied", or the system's text for `err`.
std::string unreadable_reason(const std::string& path, int err);

// Reads the whole file into `out`; false (and `reason`) when it cannot. A
// pipe or a device (`tarifc check /dev/zero`) is cut after kMaxStreamBytes:
// one byte more than a tariff may hold (E0003, syntax/parse.hpp's
// kMaxTariffBytes), so that the parser reports it as too large instead of
// the read never ending. A regular file is read whole (its size is known).
inline constexpr std::size_t kMaxStreamBytes = (std::size_t{64} << 20) + 1;
bool read_whole_file(const std::string& path, std::string& out, std::string& reason);

// What read_bounded_file found.
struct BoundedRead {
    enum class Status { Ok, Unreadable, TooLarge, Nul };
    Status status = Status::Ok;
    std::string reason;       // Unreadable: why (unreadable_reason's words)
    // TooLarge: the first byte past the limit; Nul: the NUL byte. 1-based,
    // the column counted in bytes, as every data-file place is.
    uint64_t offset = 0;
    uint32_t line = 0, column = 0;
};

// Reads `path` into `out` while it holds at most `max_bytes` bytes, and
// (with `stop_at_nul`) no NUL byte: the read stops as soon as either is
// seen, so that /dev/zero or an endless pipe ends at once (NUL) or after
// `max_bytes` (a longer regular file is refused from its size, without
// keeping its text). `out` is cleared unless the status is Ok.
BoundedRead read_bounded_file(const std::string& path, std::string& out, std::size_t max_bytes, bool stop_at_nul);

}  // namespace tarifc
