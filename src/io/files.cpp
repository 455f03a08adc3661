#include "io/files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace tarifc {

namespace fs = std::filesystem;

std::string unreadable_reason(const std::string& path, int err) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return err == EACCES ? "permission denied" : "no such file or folder";
    if (fs::is_directory(status)) return "is a folder, not a file";
    if (err == EACCES) return "permission denied";
    if (err == 0) return "read error";
    return std::strerror(err);
}

bool read_whole_file(const std::string& path, std::string& out, std::string& reason) {
    out.clear();
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        reason = "is a folder, not a file";
        return false;
    }
    errno = 0;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        reason = unreadable_reason(path, errno);
        return false;
    }
    // Regular files are read in one go; pipes and devices a chunk at a time.
    if (std::fseek(f, 0, SEEK_END) == 0) {
        const long size = std::ftell(f);
        if (size > 0) out.reserve(static_cast<std::size_t>(size));
        std::rewind(f);
    }
    char chunk[1 << 16];
    for (;;) {
        const std::size_t n = std::fread(chunk, 1, sizeof chunk, f);
        out.append(chunk, n);
        if (n < sizeof chunk) break;
    }
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (failed) {
        reason = unreadable_reason(path, err);
        out.clear();
        return false;
    }
    return true;
}

}  // namespace tarifc
