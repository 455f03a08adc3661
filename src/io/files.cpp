#include "io/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tarifc {

namespace fs = std::filesystem;

std::string unreadable_reason(const std::string& path, int err) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    // A symbolic link loop (ELOOP) has no status either: it keeps its own words.
    const bool missing = ec || !fs::exists(status);
    if (missing && err != ELOOP) return err == EACCES ? "permission denied" : "no such file or folder";
    if (!missing && (fs::is_directory(status) || err == EISDIR)) return "is a folder, not a file";
    if (err == EACCES) return "permission denied";
    if (err == 0) return "read error";
    std::string text = std::strerror(err);  // "Input/output error" -> "input/output error"
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' && (text.size() < 2 || text[1] < 'A' || text[1] > 'Z'))
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

namespace {

// An open file descriptor, closed on every path out.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

// Counts lines and the column of the next byte, a chunk at a time.
struct Position {
    uint64_t line = 1;
    uint64_t line_start = 0;  // offset of the current line's first byte
    void advance(const char* data, std::size_t n, uint64_t base) {
        for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\n', n - (p - data))));) {
            ++line;
            ++p;
            line_start = base + static_cast<uint64_t>(p - data);
        }
    }
    void set(BoundedRead& r, uint64_t offset) const {
        constexpr uint64_t kMax = std::numeric_limits<uint32_t>::max();
        r.offset = offset;
        r.line = static_cast<uint32_t>(std::min(line, kMax));
        r.column = static_cast<uint32_t>(std::min(offset - line_start + 1, kMax));
    }
};

ssize_t read_some(int fd, char* buf, std::size_t n) {
    for (;;) {
        const ssize_t got = ::read(fd, buf, n);
        if (got >= 0 || errno != EINTR) return got;
    }
}

BoundedRead unreadable(const std::string& path, int err) {
    BoundedRead r;
    r.status = BoundedRead::Status::Unreadable;
    r.reason = unreadable_reason(path, err);
    return r;
}

}  // namespace

namespace {

// read_bounded_file; with `cut_streams`, a regular file has no limit and a
// stream (pipe, device) is cut after `max_bytes` (status Ok).
BoundedRead read_file(const std::string& path, std::string& out, std::size_t max_bytes, bool stop_at_nul,
                      bool cut_streams) {
    out.clear();
    Fd f;
    errno = 0;
    f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f.fd < 0) return unreadable(path, errno);
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) return unreadable(path, errno);
    if (S_ISDIR(st.st_mode)) return unreadable(path, EISDIR);
    const bool regular = S_ISREG(st.st_mode);
    if (cut_streams && regular) max_bytes = std::numeric_limits<std::size_t>::max();
    const auto size = regular && st.st_size > 0 ? static_cast<uint64_t>(st.st_size) : 0;
    // A regular file over the limit is not kept: only counted, for the
    // line and column of the first byte past the limit.
    const bool keep = !regular || size <= max_bytes;
    if (regular && keep) out.reserve(static_cast<std::size_t>(size));

    BoundedRead r;
    Position pos;
    std::string chunk(std::size_t{1} << 16, '\0');
    uint64_t total = 0;
    for (;;) {
        const ssize_t got = read_some(f.fd, chunk.data(), chunk.size());
        if (got < 0) {
            out.clear();
            return unreadable(path, errno);
        }
        if (got == 0) break;
        auto n = static_cast<std::size_t>(got);
        if (stop_at_nul) {
            if (const void* z = std::memchr(chunk.data(), '\0', n)) {
                const auto before = static_cast<std::size_t>(static_cast<const char*>(z) - chunk.data());
                if (total + before <= max_bytes) {
                    pos.advance(chunk.data(), before, total);
                    r.status = BoundedRead::Status::Nul;
                    pos.set(r, total + before);
                    out.clear();
                    return r;
                }
            }
        }
        if (total + n > max_bytes) {
            const auto fits = static_cast<std::size_t>(max_bytes - total);
            if (cut_streams) {
                out.append(chunk.data(), fits);
                return r;
            }
            pos.advance(chunk.data(), fits, total);
            r.status = BoundedRead::Status::TooLarge;
            pos.set(r, max_bytes);
            out.clear();
            return r;
        }
        pos.advance(chunk.data(), n, total);
        if (keep) {
            // A pipe grows the text by doubling, but never past the limit.
            if (out.size() + n > out.capacity())
                out.reserve(std::min(std::max(out.capacity() * 2, out.size() + n), max_bytes));
            out.append(chunk.data(), n);
        }
        total += n;
    }
    return r;
}

}  // namespace

BoundedRead read_bounded_file(const std::string& path, std::string& out, std::size_t max_bytes, bool stop_at_nul) {
    return read_file(path, out, max_bytes, stop_at_nul, false);
}

bool read_whole_file(const std::string& path, std::string& out, std::string& reason) {
    const BoundedRead r = read_file(path, out, kMaxStreamBytes, false, true);
    if (r.status == BoundedRead::Status::Ok) return true;
    reason = r.reason;
    return false;
}

}  // namespace tarifc
