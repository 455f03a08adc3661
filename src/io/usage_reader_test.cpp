#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "io/usage_reader.hpp"

using tarifc::UsageReader;
using Status = UsageReader::Status;

namespace {

// One result of next(): a record's fields, or a malformed row's reason.
struct Item {
    Status status;
    uint64_t line;
    std::vector<std::string> fields;
    std::string reason;
};

std::vector<Item> read_all(UsageReader& r) {
    std::vector<Item> out;
    for (;;) {
        std::string reason;
        const Status s = r.next(reason);
        if (s == Status::End || s == Status::IoError) break;
        Item it{s, r.line(), {}, {}};
        if (s == Status::Record)
            for (auto f : r.fields()) it.fields.emplace_back(f);
        else
            it.reason = reason;
        out.push_back(std::move(it));
        REQUIRE(out.size() < 1000000);
    }
    return out;
}

std::vector<Item> read_text(std::string text) {
    UsageReader r;
    r.open_text(std::move(text));
    return read_all(r);
}

using F = std::vector<std::string>;

// A temporary directory removed at the end of the test.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("tarifc-usage-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

}  // namespace

TEST_CASE("UsageReader: plain records, last field empty, no final newline") {
    auto v = read_text("account,call_id,start\nacme,c-1,2019-07-03T10:15:00\nacme,,\nx");
    REQUIRE(v.size() == 4);
    CHECK(v[0].fields == F{"account", "call_id", "start"});
    CHECK(v[0].line == 1);
    CHECK(v[1].fields == F{"acme", "c-1", "2019-07-03T10:15:00"});
    CHECK(v[2].fields == F{"acme", "", ""});
    CHECK(v[3].fields == F{"x"});
    CHECK(v[3].line == 4);
}

TEST_CASE("UsageReader: quoting") {
    auto v = read_text("\"a\",\"b,c\",\"say \"\"hi\"\"\",\"\",d\n\"\"\"\"\n");
    REQUIRE(v.size() == 2);
    CHECK(v[0].status == Status::Record);
    CHECK(v[0].fields == F{"a", "b,c", "say \"hi\"", "", "d"});
    CHECK(v[1].fields == F{"\""});
}

TEST_CASE("UsageReader: CRLF line ends") {
    auto v = read_text("a,b\r\n\"c\",d\r\n\r\ne,\"f\"\r\n");
    REQUIRE(v.size() == 3);
    CHECK(v[0].fields == F{"a", "b"});
    CHECK(v[1].fields == F{"c", "d"});
    CHECK(v[1].line == 2);
    CHECK(v[2].fields == F{"e", "f"});
    CHECK(v[2].line == 4);
    // A lone CR inside a field is text.
    auto w = read_text("a\rb,c\n");
    REQUIRE(w.size() == 1);
    CHECK(w[0].fields == F{"a\rb", "c"});
}

TEST_CASE("UsageReader: embedded newlines keep line numbers right") {
    auto v = read_text("h1,h2\n1,\"two\nlines\"\n2,\"three\r\nli\nnes\"\n3,x\n");
    REQUIRE(v.size() == 4);
    CHECK(v[1].line == 2);
    CHECK(v[1].fields == F{"1", "two\nlines"});
    CHECK(v[2].line == 4);
    CHECK(v[2].fields == F{"2", "three\r\nli\nnes"});
    CHECK(v[3].line == 7);
    CHECK(v[3].fields == F{"3", "x"});
}

TEST_CASE("UsageReader: blank lines are skipped, a line of blanks is a record") {
    auto v = read_text("\n\na\n\n  \nb\n\n");
    REQUIRE(v.size() == 3);
    CHECK(v[0].line == 3);
    CHECK(v[0].fields == F{"a"});
    CHECK(v[1].line == 5);
    CHECK(v[1].fields == F{"  "});
    CHECK(v[2].line == 6);
    CHECK(read_text("").empty());
    CHECK(read_text("\n\r\n\n").empty());
}

TEST_CASE("UsageReader: a byte order mark is stripped at the start only") {
    auto v = read_text("\xEF\xBB\xBF" "account,x\n\xEF\xBB\xBFy\n");
    REQUIRE(v.size() == 2);
    CHECK(v[0].fields == F{"account", "x"});
    CHECK(v[1].fields == F{"\xEF\xBB\xBFy"});
    auto w = read_text("\xEF\xBB\xBF");
    CHECK(w.empty());
}

TEST_CASE("UsageReader: malformed rows and recovery") {
    SUBCASE("quote in an unquoted field") {
        auto v = read_text("h\nab\"c,d\ngood,1\n");
        REQUIRE(v.size() == 3);
        CHECK(v[1].status == Status::Malformed);
        CHECK(v[1].line == 2);
        CHECK(v[1].reason == "quote in an unquoted field");
        CHECK(v[2].status == Status::Record);
        CHECK(v[2].line == 3);
        CHECK(v[2].fields == F{"good", "1"});
    }
    SUBCASE("text after a closing quote") {
        auto v = read_text("\"ab\"c,d\r\ngood,1");
        REQUIRE(v.size() == 2);
        CHECK(v[0].status == Status::Malformed);
        CHECK(v[0].line == 1);
        CHECK(v[0].reason == "text after a closing quote");
        CHECK(v[1].line == 2);
        CHECK(v[1].fields == F{"good", "1"});
    }
    SUBCASE("unterminated quote at end of input: each further line parsed afresh") {
        auto v = read_text("h\na,\"open\nb,2\nc,3\n");
        REQUIRE(v.size() == 4);
        CHECK(v[1].status == Status::Malformed);
        CHECK(v[1].line == 2);
        CHECK(v[1].reason == "unterminated quoted field");
        CHECK(v[2].status == Status::Record);
        CHECK(v[2].line == 3);
        CHECK(v[2].fields == F{"b", "2"});
        CHECK(v[3].line == 4);
        CHECK(v[3].fields == F{"c", "3"});
    }
    SUBCASE("unterminated quote on the last line without a newline") {
        auto v = read_text("a,1\n\"x");
        REQUIRE(v.size() == 2);
        CHECK(v[1].status == Status::Malformed);
        CHECK(v[1].line == 2);
        CHECK(v[1].reason == "unterminated quoted field");
    }
    SUBCASE("NUL byte") {
        auto v = read_text(std::string("a,1\nb,\0x\nc,\"\0\"\nd,4\n", 18));
        REQUIRE(v.size() == 4);
        CHECK(v[1].status == Status::Malformed);
        CHECK(v[1].reason == "binary data (NUL byte)");
        CHECK(v[1].line == 2);
        CHECK(v[2].status == Status::Malformed);
        CHECK(v[2].line == 3);
        CHECK(v[3].fields == F{"d", "4"});
        CHECK(v[3].line == 4);
    }
    SUBCASE("an error after a quoted newline resumes after the record's first line") {
        auto v = read_text("a,\"x\ny\"z\nok\n");
        REQUIRE(v.size() == 3);
        CHECK(v[0].status == Status::Malformed);
        CHECK(v[0].line == 1);
        CHECK(v[1].status == Status::Malformed);  // y"z parsed afresh
        CHECK(v[1].line == 2);
        CHECK(v[2].fields == F{"ok"});
        CHECK(v[2].line == 3);
    }
}

TEST_CASE("UsageReader: record length limit") {
    const std::size_t max = UsageReader::kMaxRecordBytes;
    SUBCASE("exactly the limit is accepted, with LF or CRLF") {
        std::string big(max, 'x');
        auto v = read_text(big + "\n" + big + "\r\n" + big);
        REQUIRE(v.size() == 3);
        for (auto& it : v) {
            CHECK(it.status == Status::Record);
            CHECK(it.fields[0].size() == max);
        }
    }
    SUBCASE("one byte over is rejected and the next line is read") {
        std::string big(max + 1, 'x');
        auto v = read_text("a\n" + big + "\r\nb\n" + big);
        REQUIRE(v.size() == 4);
        CHECK(v[1].status == Status::Malformed);
        CHECK(v[1].reason == "row longer than 65536 bytes");
        CHECK(v[1].line == 2);
        CHECK(v[2].fields == F{"b"});
        CHECK(v[2].line == 3);
        CHECK(v[3].status == Status::Malformed);
        CHECK(v[3].line == 4);
    }
    SUBCASE("a runaway quote stops at the limit and only skips its first line") {
        std::string text = "a,\"runaway\n";
        for (int i = 0; i < 20000; ++i) text += "row," + std::to_string(i) + "\n";
        auto v = read_text(text);
        REQUIRE(v.size() == 20001);
        CHECK(v[0].status == Status::Malformed);
        CHECK(v[0].reason == "row longer than 65536 bytes");
        CHECK(v[1].fields == F{"row", "0"});
        CHECK(v[1].line == 2);
        CHECK(v[20000].line == 20001);
    }
}

TEST_CASE("UsageReader: files") {
    TempDir dir;
    SUBCASE("200k records across read chunks") {
        const auto path = (dir.path / "usage.csv").string();
        {
            std::ofstream f(path, std::ios::binary);
            f << "\xEF\xBB\xBF" "account,call_id,start,direction,number,duration_s\r\n";
            for (int i = 0; i < 200000; ++i) {
                f << "acme,c-" << i << ",2019-07-03T10:15:00,";
                if (i % 7 == 0)
                    f << "\"out,bound\",\"0106\n6668888\",";
                else
                    f << "outbound,01066668888,";
                f << i % 1000 << "\r\n";
            }
        }
        UsageReader r;
        tarifc::Diagnostic err;
        REQUIRE(r.open(path, err));
        std::string reason;
        REQUIRE(r.next(reason) == Status::Record);
        CHECK(r.fields()[0] == "account");
        uint64_t expect_line = 2;
        int n = 0;
        Status s;
        while ((s = r.next(reason)) == Status::Record) {
            REQUIRE(r.fields().size() == 6);
            REQUIRE(r.line() == expect_line);
            REQUIRE(r.fields()[1] == "c-" + std::to_string(n));
            REQUIRE(r.fields()[5] == std::to_string(n % 1000));
            if (n % 7 == 0) {
                REQUIRE(r.fields()[3] == "out,bound");
                REQUIRE(r.fields()[4] == "0106\n6668888");
                expect_line += 2;
            } else {
                REQUIRE(r.fields()[4] == "01066668888");
                expect_line += 1;
            }
            ++n;
        }
        CHECK(s == Status::End);
        CHECK(n == 200000);
    }
    SUBCASE("a huge line in a file is skipped") {
        const auto path = (dir.path / "huge.csv").string();
        {
            std::ofstream f(path, std::ios::binary);
            f << "a,1\n";
            f << std::string(5 << 20, 'y') << "\n";
            f << "b,2\n";
            f << std::string(3 << 20, 'z');  // no final newline
        }
        UsageReader r;
        tarifc::Diagnostic err;
        REQUIRE(r.open(path, err));
        auto v = read_all(r);
        REQUIRE(v.size() == 4);
        CHECK(v[0].fields == F{"a", "1"});
        CHECK(v[1].status == Status::Malformed);
        CHECK(v[1].reason == "row longer than 65536 bytes");
        CHECK(v[1].line == 2);
        CHECK(v[2].fields == F{"b", "2"});
        CHECK(v[2].line == 3);
        CHECK(v[3].status == Status::Malformed);
        CHECK(v[3].line == 4);
        std::string reason;
        CHECK(r.next(reason) == Status::End);
    }
    SUBCASE("a missing file cannot be opened") {
        UsageReader r;
        tarifc::Diagnostic err;
        CHECK_FALSE(r.open((dir.path / "nope.csv").string(), err));
        CHECK(err.code == "E0902");
        CHECK(err.data.path == (dir.path / "nope.csv").string());
        CHECK(err.message == "cannot read the usage file: no such file or folder");
    }
    SUBCASE("a directory cannot be opened, and the message says it is a folder") {
        UsageReader r;
        tarifc::Diagnostic err;
        CHECK_FALSE(r.open(dir.path.string(), err));
        CHECK(err.code == "E0902");
        CHECK(err.message == "cannot read the usage file: is a folder, not a file");
    }
}
