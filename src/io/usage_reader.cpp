#include "io/usage_reader.hpp"

#include <array>
#include <cerrno>
#include <cstring>

#include <sys/stat.h>

#include "io/files.hpp"

namespace tarifc {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;  // bytes per read

// Bytes that end a run of plain text in an unquoted / a quoted field.
constexpr std::array<bool, 256> make_table(bool quoted) {
    std::array<bool, 256> t{};
    t[static_cast<unsigned char>('"')] = true;
    t[static_cast<unsigned char>('\n')] = true;
    t[0] = true;
    if (!quoted) {
        t[static_cast<unsigned char>(',')] = true;
        t[static_cast<unsigned char>('\r')] = true;
    }
    return t;
}
constexpr std::array<bool, 256> kUnquotedStop = make_table(false);
constexpr std::array<bool, 256> kQuotedStop = make_table(true);

inline const char* scan(const char* p, const char* end, const std::array<bool, 256>& stop) {
    while (p < end && !stop[static_cast<unsigned char>(*p)]) ++p;
    return p;
}

constexpr const char* kUnterminated = "unterminated quoted field";
constexpr const char* kQuoteInUnquoted = "quote in an unquoted field";
constexpr const char* kTextAfterQuote = "text after a closing quote";
constexpr const char* kNul = "binary data (NUL byte)";
constexpr const char* kTooLong = "row longer than 65536 bytes";
static_assert(UsageReader::kMaxRecordBytes == 65536, "kTooLong names the limit");

}  // namespace

UsageReader::~UsageReader() {
    if (file_) std::fclose(file_);
}

void UsageReader::reset() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
    eof_ = false;
    buf_.clear();
    pos_ = 0;
    scratch_.clear();
    scratch_.reserve(kMaxRecordBytes + 16);  // a record's text never exceeds this
    fields_.clear();
    spans_.clear();
    line_ = 1;
    record_line_ = 0;
    size_hint_ = 0;
    bom_checked_ = false;
    skip_pending_ = false;
    io_error_ = false;
    io_message_.clear();
}

bool UsageReader::open(const std::string& path, Diagnostic& error) {
    reset();
    path_ = path;
    // A folder opens (and then fails to read): its status says what it is.
    // Pipes and devices are read as they come (no size, no seeking).
    errno = 0;
    file_ = std::fopen(path.c_str(), "rb");
    int err = errno;
    struct stat st {};
    if (file_ && ::fstat(fileno(file_), &st) == 0 && S_ISDIR(st.st_mode)) {
        std::fclose(file_);
        file_ = nullptr;
        err = EISDIR;
    }
    if (!file_) {
        error = Diagnostic::error_at("E0902", {path}, "cannot read the usage file: " + unreadable_reason(path, err));
        return false;
    }
    buf_.reserve(kChunk + kMaxRecordBytes + 16);
    if (S_ISREG(st.st_mode) && st.st_size > 0) size_hint_ = static_cast<uint64_t>(st.st_size);
    return true;
}

void UsageReader::open_text(std::string text) {
    reset();
    path_.clear();
    buf_ = std::move(text);
    eof_ = true;
}

bool UsageReader::fill() {
    if (eof_) return false;
    if (!file_) {
        eof_ = true;
        return false;
    }
    if (pos_ > 0) {  // drop what has been consumed; the current record moves to the front
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    const std::size_t old = buf_.size();
    buf_.resize(old + kChunk);
    errno = 0;
    const std::size_t n = std::fread(buf_.data() + old, 1, kChunk, file_);
    const int err = errno;
    buf_.resize(old + n);
    if (n < kChunk) {
        if (std::ferror(file_)) {
            io_error_ = true;
            io_message_ = unreadable_reason(path_, err);  // never empty: "read error" when errno says nothing
        }
        eof_ = true;
    }
    return n > 0;
}

namespace {
enum class FieldEnd { Comma, Record, Not };
}  // namespace

UsageReader::Parse UsageReader::parse_record(std::size_t& consumed, uint64_t& newlines,
                                             const char*& reason) {
    scratch_.clear();
    spans_.clear();
    newlines = 0;
    const char* const start = buf_.data() + pos_;
    const std::size_t avail = buf_.size() - pos_;
    // Look at no more than one byte past the limit plus a CR: enough to decide,
    // and the verdict does not depend on where the reads split the file.
    const std::size_t window = avail < kMaxRecordBytes + 2 ? avail : kMaxRecordBytes + 2;
    const char* const limit = start + window;
    const bool more = !eof_ || avail > window;  // bytes may follow `limit`

    // Running into `limit` while more bytes may follow.
    auto out_of_window = [&]() {
        if (window >= kMaxRecordBytes + 2) {
            reason = kTooLong;
            return Parse::Error;
        }
        return Parse::NeedMore;
    };
    auto finish = [&](const char* content_end, const char* after) {
        if (static_cast<std::size_t>(content_end - start) > kMaxRecordBytes) {
            reason = kTooLong;
            return Parse::Error;
        }
        consumed = static_cast<std::size_t>(after - start);
        return Parse::Done;
    };

    const char* p = start;
    Parse result = Parse::Done;
    for (;;) {  // one field per iteration
        const std::size_t field_start = scratch_.size();
        // An unquoted field is a view of the read buffer from `direct` (no
        // copy: most fields of most files); a quoted one is unescaped into
        // scratch_. A span's offset is into scratch_, or with kInBuffer set
        // into buf_.
        const char* direct = nullptr;
        auto end_field = [&](const char* at) {
            if (direct)
                spans_.emplace_back(static_cast<std::size_t>(direct - buf_.data()) | kInBuffer,
                                    static_cast<std::size_t>(at - direct));
            else
                spans_.emplace_back(field_start, scratch_.size() - field_start);
        };
        // Whether a field (quoted or not) ends at `at`: a comma starts the next
        // field; the end of input, LF or CRLF ends the record (its outcome in
        // `out`); anything else does not end it.
        auto field_end = [&](const char* at, Parse& out) {
            if (at == limit) {
                if (more) {
                    out = out_of_window();
                    return FieldEnd::Record;
                }
                end_field(at);
                out = finish(at, at);
                return FieldEnd::Record;
            }
            if (*at == ',') {
                end_field(at);
                return FieldEnd::Comma;
            }
            if (*at == '\n') {
                end_field(at);
                ++newlines;
                out = finish(at, at + 1);
                return FieldEnd::Record;
            }
            if (*at == '\r') {
                if (at + 1 == limit) {
                    if (more) {
                        out = out_of_window();
                        return FieldEnd::Record;
                    }
                    end_field(at);  // a final CR at the end of input ends the record
                    out = finish(at, at + 1);
                    return FieldEnd::Record;
                }
                if (at[1] == '\n') {
                    end_field(at);
                    ++newlines;
                    out = finish(at, at + 2);
                    return FieldEnd::Record;
                }
            }
            return FieldEnd::Not;
        };

        if (p < limit && *p == '"') {
            ++p;
            for (;;) {  // the quoted text
                const char* q = scan(p, limit, kQuotedStop);
                scratch_.append(p, static_cast<std::size_t>(q - p));
                p = q;
                if (p == limit) {
                    if (more) return out_of_window();
                    reason = kUnterminated;
                    return Parse::Error;
                }
                if (*p == '\n') {
                    ++newlines;
                    scratch_.push_back('\n');
                    ++p;
                    continue;
                }
                if (*p == '\0') {
                    reason = kNul;
                    return Parse::Error;
                }
                // A quote: doubled (a literal quote) or the closing one.
                if (p + 1 == limit && more) return out_of_window();
                if (p + 1 < limit && p[1] == '"') {
                    scratch_.push_back('"');
                    p += 2;
                    continue;
                }
                ++p;
                break;
            }
            // After the closing quote: a separator, a line end or the end of input.
            const FieldEnd e = field_end(p, result);
            if (e == FieldEnd::Comma) {
                ++p;
                continue;
            }
            if (e == FieldEnd::Record) return result;
            reason = *p == '\0' ? kNul : kTextAfterQuote;
            return Parse::Error;
        }

        direct = p;
        for (;;) {  // unquoted text
            p = scan(p, limit, kUnquotedStop);
            const FieldEnd e = field_end(p, result);
            if (e == FieldEnd::Comma) {
                ++p;
                break;
            }
            if (e == FieldEnd::Record) return result;
            if (*p == '\r') {  // a lone CR is text
                ++p;
                continue;
            }
            reason = *p == '"' ? kQuoteInUnquoted : kNul;
            return Parse::Error;
        }
    }
}

void UsageReader::skip_line() {
    for (;;) {
        const char* b = buf_.data() + pos_;
        const void* nl = std::memchr(b, '\n', buf_.size() - pos_);
        if (nl) {
            pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
            break;
        }
        pos_ = buf_.size();
        if (!fill()) break;
    }
    line_ = record_line_ + 1;
}

UsageReader::Status UsageReader::next(std::string& reason) {
    fields_.clear();
    if (skip_pending_) {  // the rest of the line of the record before, which was malformed
        skip_pending_ = false;
        skip_line();
    }
    if (io_error_) {
        reason = io_message_;
        return Status::IoError;
    }
    if (!bom_checked_) {
        while (buf_.size() - pos_ < 3 && fill()) {
        }
        if (buf_.size() - pos_ >= 3 && buf_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) pos_ += 3;
        bom_checked_ = true;
    }
    for (;;) {
        // Skip blank lines (nothing, or only a CR, before the LF).
        if (pos_ >= buf_.size()) {
            if (!fill()) {
                if (io_error_) {
                    reason = io_message_;
                    return Status::IoError;
                }
                return Status::End;
            }
            continue;
        }
        const char c = buf_[pos_];
        if (c == '\n') {
            ++pos_;
            ++line_;
            continue;
        }
        if (c == '\r') {
            if (pos_ + 1 >= buf_.size() && fill()) continue;
            if (pos_ + 1 >= buf_.size()) {  // a lone CR at the end of input
                ++pos_;
                continue;
            }
            if (buf_[pos_ + 1] == '\n') {
                pos_ += 2;
                ++line_;
                continue;
            }
        }
        break;
    }

    record_line_ = line_;
    for (;;) {
        std::size_t consumed = 0;
        uint64_t newlines = 0;
        const char* why = nullptr;
        const Parse r = parse_record(consumed, newlines, why);
        if (r == Parse::NeedMore) {
            fill();
            if (io_error_) {
                reason = io_message_;
                return Status::IoError;
            }
            continue;
        }
        if (r == Parse::Error) {
            // The rest of the line is skipped on the next call: a caller that
            // stops here (at a bad header) must not wait for a line end that
            // may never come (/dev/zero).
            reason = why;
            skip_pending_ = true;
            return Status::Malformed;
        }
        pos_ += consumed;
        line_ += newlines;
        for (const auto& [off, len] : spans_)
            fields_.emplace_back((off & kInBuffer ? buf_.data() + (off & ~kInBuffer) : scratch_.data() + off), len);
        return Status::Record;
    }
}

}  // namespace tarifc
