// Streams the usage file (RFC 4180 CSV) a record at a time without per-row
// allocation: fields are views into a reused buffer. Hand-written rather
// than a CSV library because it is the hot path of `tarifc eval`.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/diagnostic.hpp"

namespace tarifc {

class UsageReader {
public:
    UsageReader() = default;
    ~UsageReader();
    UsageReader(const UsageReader&) = delete;
    UsageReader& operator=(const UsageReader&) = delete;

    // Opens the file; false (with `error`, E0902) when it cannot be read.
    bool open(const std::string& path, Diagnostic& error);
    // Reads from memory instead (tests).
    void open_text(std::string text);

    enum class Status { Record, Malformed, End, IoError };
    // Reads the next record. On Record, fields() holds the unquoted fields
    // (views valid until the next call) and line() the 1-based line the
    // record starts on. On Malformed (an
    // unterminated or misplaced quote, a record over kMaxRecordBytes, a NUL
    // byte), line() is set and `reason` says what is wrong; the next call
    // first skips to the next line. On IoError `reason` is the system's reason
    // (the caller reports it as E0902). Blank lines are skipped, but a line
    // holding only blanks is a record with one field. A final newline is
    // optional.
    Status next(std::string& reason);

    const std::vector<std::string_view>& fields() const { return fields_; }
    // The file's size in bytes when known (0 otherwise): lets the evaluator
    // size its tables once instead of growing them row by row.
    uint64_t size_hint() const { return size_hint_; }
    uint64_t line() const { return record_line_; }
    // The path given to open() ("" after open_text), for diagnostics.
    const std::string& path() const { return path_; }

    static constexpr std::size_t kMaxRecordBytes = 1 << 16;

private:
    bool fill();  // read more bytes; false at end of input
    enum class Parse { Done, NeedMore, Error };
    // Parses one record starting at pos_ into scratch_/spans_; on Done sets
    // `consumed` (bytes, terminator included) and `newlines`.
    Parse parse_record(std::size_t& consumed, uint64_t& newlines, const char*& reason);
    // Skips to just after the first newline at or after pos_ (the record start).
    void skip_line();
    void reset();
    bool bom_checked_ = false;
    bool skip_pending_ = false;  // skip_line() at the next next()
    bool io_error_ = false;
    std::string io_message_;
    std::FILE* file_ = nullptr;
    bool eof_ = false;
    std::string buf_;        // raw bytes read
    std::size_t pos_ = 0;    // parse position in buf_
    std::string scratch_;    // quoted fields' unescaped text
    std::vector<std::string_view> fields_;
    std::vector<std::pair<std::size_t, std::size_t>> spans_;  // into scratch_, or buf_ with kInBuffer
    static constexpr std::size_t kInBuffer = std::size_t{1} << (8 * sizeof(std::size_t) - 1);
    uint64_t line_ = 1;
    uint64_t record_line_ = 0;
    uint64_t size_hint_ = 0;
    std::string path_;
};

}  // namespace tarifc
