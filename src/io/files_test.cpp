#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "io/files.hpp"
#include "syntax/parse.hpp"

static_assert(tarifc::kMaxStreamBytes == tarifc::kMaxTariffBytes + 1, "a cut stream must be over the tariff limit");

using namespace tarifc;

namespace {

struct TempDir {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("tarifc-files-test-" + std::to_string(::getpid()));
    TempDir() { std::filesystem::create_directories(dir); }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::string write(const char* name, const std::string& text) const {
        const std::string path = (dir / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
};

}  // namespace

TEST_CASE("files: read_bounded_file reads, refuses folders, stops at a NUL and at the limit") {
    TempDir t;
    std::string out;
    const std::string ok = t.write("ok.json", "{\n  \"a\": 1\n}\n");
    BoundedRead r = read_bounded_file(ok, out, 1000, true);
    CHECK(r.status == BoundedRead::Status::Ok);
    CHECK(out == "{\n  \"a\": 1\n}\n");

    r = read_bounded_file(t.dir.string(), out, 1000, true);
    CHECK(r.status == BoundedRead::Status::Unreadable);
    CHECK(r.reason == "is a folder, not a file");
    CHECK(out.empty());

    r = read_bounded_file((t.dir / "missing").string(), out, 1000, true);
    CHECK(r.status == BoundedRead::Status::Unreadable);
    CHECK(r.reason == "no such file or folder");

    // The NUL's line and column (1-based, bytes).
    const std::string nul = t.write("nul.json", std::string("{\n  \"a\": \0\n}", 12));
    r = read_bounded_file(nul, out, 1000, true);
    CHECK(r.status == BoundedRead::Status::Nul);
    CHECK(r.offset == 9);
    CHECK(r.line == 2);
    CHECK(r.column == 8);
    CHECK(out.empty());
    // Without stop_at_nul the NUL is text.
    r = read_bounded_file(nul, out, 1000, false);
    CHECK(r.status == BoundedRead::Status::Ok);
    CHECK(out.size() == 12);

    // Over the limit: the place of the first byte past it.
    const std::string big = t.write("big.json", "ab\ncdef\nghij");
    r = read_bounded_file(big, out, 6, true);
    CHECK(r.status == BoundedRead::Status::TooLarge);
    CHECK(r.offset == 6);
    CHECK(r.line == 2);
    CHECK(r.column == 4);
    CHECK(out.empty());
    r = read_bounded_file(big, out, 12, true);  // exactly the limit is fine
    CHECK(r.status == BoundedRead::Status::Ok);
    CHECK(out == "ab\ncdef\nghij");

    // A FIFO is read as a stream (a writer on another process).
    const std::string fifo = (t.dir / "fifo").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        { std::ofstream(fifo, std::ios::binary) << "[1, 2]"; }
        ::_exit(0);
    }
    r = read_bounded_file(fifo, out, 1000, true);
    CHECK(r.status == BoundedRead::Status::Ok);
    CHECK(out == "[1, 2]");
}

TEST_CASE("files: read_whole_file and unreadable_reason") {
    TempDir t;
    std::string out, reason;
    CHECK(read_whole_file(t.write("a.tariff", "text"), out, reason));
    CHECK(out == "text");
    CHECK_FALSE(read_whole_file(t.dir.string(), out, reason));
    CHECK(reason == "is a folder, not a file");
    CHECK(unreadable_reason((t.dir / "nope").string(), ENOENT) == "no such file or folder");
    CHECK(unreadable_reason(t.write("b", "x"), EIO) == "input/output error");
}

TEST_CASE("files: read_whole_file cuts a stream one byte past the tariff limit") {
    std::string out, reason;
    REQUIRE(read_whole_file("/dev/zero", out, reason));
    CHECK(out.size() == kMaxStreamBytes);
}
