// bench/reference.cpp — the hand-written comparison program of bench/run.sh.
//
//   bench_reference ACCOUNTS.json CALLS.csv FROM TO      (FROM, TO: YYYY-MM)
//
// What it does: the work of rating the CCC workload (../shared/ccc-billing.md
// §2) that no program can skip, written directly in C++ for this one
// workload, single-threaded, the way one would write a small fast program:
//   - reads accounts.json (nlohmann-json): each account's id, plan and
//     numbers (number, kind);
//   - maps the usage CSV and splits it as RFC 4180 (any field may be quoted,
//     "" inside quotes, CRLF or LF, blank lines skipped, a malformed record is
//     rejected and reading resumes on the next line, rows over 65536 bytes
//     rejected: the same rules as tarifc's reader);
//   - validates every field as §2.2 says: 6 fields; account, call_id and
//     number not empty; start YYYY-MM-DDTHH:MM:SS with an optional Z or
//     ±HH:MM (a real offset), a date that exists, no fractions; direction
//     inbound or outbound; duration_s digits only (at most 18 significant);
//   - converts start to UTC+08:00 for its month;
//   - looks up the account (open-addressing hash table keyed by the id's
//     bytes) and the number within the account (one table keyed by
//     (account, number)); rejects an unknown account or number and an
//     outbound call on an aliyun-400 number;
//   - detects duplicate call ids per account exactly: a table of
//     (account, id) whose keys point into the mapped file (ids with "" are
//     copied); only rows not rejected enter it. Rows that passed the other
//     checks wait in a batch of 16 so that each one's table slot is
//     prefetched while the next rows are split (tarifc does the same);
//   - counts rows outside FROM..TO as out of period, in tarifc's order: the
//     checks above, then the duplicate check, then the period (so an
//     out-of-period row's id is remembered, as in src/eval/rate.cpp);
//   - sums per account and month, in int64 (overflow is an error, exit 2):
//     the rounded minutes ceil(duration_s / 60) of each of the 8 categories
//     (number kind × direction) and the unrounded seconds;
//   - prints the row counts and checksums of the sums, so nothing can be
//     optimized away.
//
// What it does not do: the DSL (no tariff file, no plans or charges), packs
// (no rows held, nothing drawn down), money (no decimal arithmetic, no
// invoices), the rest of the accounts file (packs, SIP lines, storage: not
// read or validated), rejection messages and line numbers (only counted),
// threads. The header must be exactly account,call_id,start,direction,
// number,duration_s (tarifc also takes the columns in any order).
//
// Why it is the fair floor: every step above is needed by any correct
// rating of this workload — each row must be split, each field validated,
// each account and number found, each id remembered exactly, each meter
// summed — and nothing more is done. So the time of this program is what
// the inputs cost on this machine; what tarifc takes beyond it is the
// price of reading its rules from a file, of packs and of money.
// Its peak RSS includes the mapped file's pages (file-backed) and the id
// table (16-byte slots at most half full).
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

[[noreturn]] void die(const std::string& msg) {
    std::fprintf(stderr, "bench_reference: %s\n", msg.c_str());
    std::exit(2);
}

// ---------------------------------------------------------------- hashing
inline uint64_t mix(uint64_t h) {
    h ^= h >> 31;
    h *= 0x7fb5d329728ea185ULL;
    h ^= h >> 27;
    h *= 0x81dadef4bc2dd44dULL;
    h ^= h >> 33;
    return h;
}

inline uint64_t hash_bytes(const char* p, std::size_t n, uint64_t seed) {
    uint64_t h = seed * 0x9E3779B97F4A7C15ULL + n;
    while (n >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * 0x94d049bb133111ebULL;
    }
    return mix(h);
}

// Keys (owner, bytes) -> int32 value; for accounts (owner 0) and numbers
// (owner = account index). Linear probing, at most half full.
class KeyTable {
public:
    void reserve(std::size_t n) {
        std::size_t cap = 16;
        while (cap < 2 * n) cap *= 2;
        slots_.assign(cap, Slot{});
        mask_ = cap - 1;
    }
    // The value, or -1.
    int32_t find(uint32_t owner, std::string_view key) const {
        const uint64_t h = hash_bytes(key.data(), key.size(), owner);
        const uint32_t tag = static_cast<uint32_t>(h >> 32);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (!s.p) return -1;
            if (s.tag == tag && s.owner == owner && s.len == key.size() && std::memcmp(s.p, key.data(), key.size()) == 0)
                return s.value;
        }
    }
    // False if the key is already there. Keys must outlive the table.
    bool insert(uint32_t owner, std::string_view key, int32_t value) {
        if (2 * (count_ + 1) > slots_.size()) grow();
        const uint64_t h = hash_bytes(key.data(), key.size(), owner);
        const uint32_t tag = static_cast<uint32_t>(h >> 32);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (!s.p) {
                s = Slot{key.data(), static_cast<uint32_t>(key.size()), owner, tag, value};
                ++count_;
                return true;
            }
            if (s.tag == tag && s.owner == owner && s.len == key.size() && std::memcmp(s.p, key.data(), key.size()) == 0)
                return false;
        }
    }

private:
    struct Slot {
        const char* p = nullptr;
        uint32_t len = 0;
        uint32_t owner = 0;
        uint32_t tag = 0;
        int32_t value = 0;
    };
    void grow() {
        std::vector<Slot> old;
        old.swap(slots_);
        reserve(old.empty() ? 8 : old.size());
        count_ = 0;
        for (const Slot& s : old)
            if (s.p) insert(s.owner, std::string_view(s.p, s.len), s.value);
    }
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
};

// The set of (account, call id) seen: 16-byte slots, at most half full.
// An id is at most 65536 bytes (the row limit), so its length fits 16 bits
// after subtracting 1 (ids are never empty).
class IdSet {
public:
    explicit IdSet(std::size_t expected) { reserve(expected); }
    static uint64_t hash(uint32_t account, std::string_view id) { return hash_bytes(id.data(), id.size(), account); }
    void prefetch(uint64_t h) const { __builtin_prefetch(&slots_[h & mask_]); }
    // False if (account, id) was already there; h is hash(account, id).
    bool insert_hashed(uint32_t account, std::string_view id, uint64_t h) {
        if (2 * (count_ + 1) > slots_.size()) grow();
        return put(account, id, h);
    }
    std::size_t size() const { return count_; }

private:
    struct Slot {
        const char* p = nullptr;
        uint32_t account = 0;
        uint16_t len_1 = 0;  // length - 1
        uint16_t tag = 0;
    };
    void reserve(std::size_t n) {
        std::size_t cap = 16;
        while (cap < 2 * n) cap *= 2;
        slots_.assign(cap, Slot{});
        mask_ = cap - 1;
    }
    bool put(uint32_t account, std::string_view id, uint64_t h) {
        const uint16_t tag = static_cast<uint16_t>(h >> 48);
        const uint16_t len_1 = static_cast<uint16_t>(id.size() - 1);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (!s.p) {
                s = Slot{id.data(), account, len_1, tag};
                ++count_;
                return true;
            }
            if (s.tag == tag && s.account == account && s.len_1 == len_1 && std::memcmp(s.p, id.data(), id.size()) == 0)
                return false;
        }
    }
    void grow() {
        std::vector<Slot> old;
        old.swap(slots_);
        reserve(old.size());
        count_ = 0;
        for (const Slot& s : old)
            if (s.p) {
                const std::string_view id(s.p, std::size_t{s.len_1} + 1);
                put(s.account, id, hash(s.account, id));
            }
    }
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
};

// ---------------------------------------------------------------- dates
int64_t days_from_civil(int y, int m, int d) {  // H. Hinnant's algorithm
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * static_cast<unsigned>(m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// Year * 12 + month - 1 of a day number.
int month_index_of_days(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
    return static_cast<int>(y * 12 + m - 1);
}

inline bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

inline int days_in_month(int y, int m) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

inline int d2(const char* p) {
    const unsigned a = static_cast<unsigned char>(p[0]) - '0', b = static_cast<unsigned char>(p[1]) - '0';
    return a <= 9 && b <= 9 ? static_cast<int>(a * 10 + b) : -1;
}

// The month index (year * 12 + month - 1) in UTC+08:00 of a start, or -1.
int start_month(std::string_view t) {
    const std::size_t n = t.size();
    if (n != 19 && n != 20 && n != 25) return -1;
    const char* p = t.data();
    if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':') return -1;
    const int yh = d2(p), yl = d2(p + 2), mo = d2(p + 5), d = d2(p + 8), hh = d2(p + 11), mi = d2(p + 14),
              ss = d2(p + 17);
    if ((yh | yl | mo | d | hh | mi | ss) < 0) return -1;
    if (hh > 23 || mi > 59 || ss > 59) return -1;
    const int y = yh * 100 + yl;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return -1;
    int offset = 480;  // minutes east of UTC; none given: China Standard Time
    if (n == 20) {
        if (p[19] != 'Z') return -1;
        offset = 0;
    } else if (n == 25) {
        if ((p[19] != '+' && p[19] != '-') || p[22] != ':') return -1;
        const int oh = d2(p + 20), om = d2(p + 23);
        if (oh < 0 || om < 0 || oh > 23 || om > 59) return -1;
        offset = (p[19] == '-' ? -1 : 1) * (oh * 60 + om);
    }
    if (offset == 480) return y * 12 + mo - 1;
    const int64_t secs = days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss + int64_t{480 - offset} * 60;
    const int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    return month_index_of_days(days);
}

int parse_month_arg(const char* s) {
    const std::string_view v(s);
    if (v.size() != 7 || v[4] != '-') die(std::string("expected YYYY-MM, got ") + s);
    const int yh = d2(s), yl = d2(s + 2), m = d2(s + 5);
    if (yh < 0 || yl < 0 || m < 1 || m > 12) die(std::string("expected YYYY-MM, got ") + s);
    return (yh * 100 + yl) * 12 + m - 1;
}

// ---------------------------------------------------------------- CSV
// Splits one record at p (not at a blank line). On success the fields are in
// `fields` (views into the file, or into `scratch` for quoted fields with
// ""), p is after the record's line end. On a malformed record, false, and p
// is after the first LF from the record's start (as tarifc resumes).
constexpr std::size_t kMaxRecord = 65536;
constexpr std::size_t kMaxFields = 8;

struct Record {
    std::string_view f[kMaxFields];
    std::size_t count = 0;  // may exceed kMaxFields: only counted then
};

inline bool plain(char c) { return c != ',' && c != '\n' && c != '\r' && c != '"' && c != '\0'; }

bool split_record(const char*& p, const char* end, Record& rec, std::string& scratch) {
    const char* const start = p;
    rec.count = 0;
    scratch.clear();
    const char* q = p;
    auto fail = [&]() {
        const void* nl = std::memchr(start, '\n', static_cast<std::size_t>(end - start));
        p = nl ? static_cast<const char*>(nl) + 1 : end;
        return false;
    };
    auto push = [&](std::string_view v) {
        if (rec.count < kMaxFields) rec.f[rec.count] = v;
        ++rec.count;
    };
    // After a field: true and q past the comma if another field follows;
    // false with `done` set (and p past the line end) if the record ended.
    for (;;) {
        if (q < end && *q == '"') {
            ++q;
            const char* text = q;
            bool escaped = false;
            for (;;) {
                const void* qq = std::memchr(q, '"', static_cast<std::size_t>(end - q));
                if (!qq) return fail();  // unterminated
                const char* at = static_cast<const char*>(qq);
                if (std::memchr(q, '\0', static_cast<std::size_t>(at - q))) return fail();
                q = at;
                if (q + 1 < end && q[1] == '"') {
                    escaped = true;
                    q += 2;
                    continue;
                }
                break;
            }
            std::string_view v(text, static_cast<std::size_t>(q - text));
            ++q;  // the closing quote
            if (escaped) {  // undouble into the scratch (reserved: views stay valid)
                const std::size_t at = scratch.size();
                for (std::size_t i = 0; i < v.size(); ++i) {
                    scratch.push_back(v[i]);
                    if (v[i] == '"') ++i;
                }
                v = std::string_view(scratch.data() + at, scratch.size() - at);
            }
            push(v);
        } else {
            const char* text = q;
            for (;;) {
                while (q < end && plain(*q)) ++q;
                if (q < end && *q == '\r' && !(q + 1 == end || q[1] == '\n')) {
                    ++q;  // a lone CR is text
                    continue;
                }
                break;
            }
            if (q < end && (*q == '"' || *q == '\0')) return fail();
            push(std::string_view(text, static_cast<std::size_t>(q - text)));
        }
        // A separator, a line end or the end of input.
        if (q == end) {
            p = end;
            break;
        }
        if (*q == ',') {
            ++q;
            continue;
        }
        if (*q == '\n') {
            p = q + 1;
            break;
        }
        if (*q == '\r' && (q + 1 == end || q[1] == '\n')) {
            p = q + 1 == end ? end : q + 2;
            break;
        }
        return fail();  // text after a closing quote
    }
    if (static_cast<std::size_t>(q - start) > kMaxRecord) return fail();
    return true;
}

// Blank lines (nothing, or a CR, before the LF; a lone CR at the end).
inline void skip_blank(const char*& p, const char* end) {
    for (;;) {
        if (p < end && *p == '\n') ++p;
        else if (p < end && *p == '\r' && (p + 1 == end || p[1] == '\n')) p += p + 1 == end ? 1 : 2;
        else return;
    }
}

// ---------------------------------------------------------------- accounts
enum Kind : int32_t { kFixed, k400, kThirdParty, kOwnSip };

struct Accounts {
    std::deque<std::string> text;  // ids and numbers; deque: stable addresses
    std::vector<int> plan;         // 0 ccc-seat, 1 ccc-payg
    KeyTable by_id;
    KeyTable numbers;  // (account, number) -> kind
};

void read_accounts(const char* path, Accounts& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(std::string("cannot read ") + path);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
        die(std::string(path) + ": " + e.what());
    }
    const auto& list = doc.at("accounts");
    out.by_id.reserve(list.size());
    out.numbers.reserve(list.size() * 4);
    for (const auto& a : list) {
        const uint32_t index = static_cast<uint32_t>(out.plan.size());
        const std::string& plan = a.at("plan").get_ref<const std::string&>();
        if (plan != "ccc-seat" && plan != "ccc-payg") die("unknown plan " + plan);
        out.plan.push_back(plan == "ccc-payg");
        out.text.push_back(a.at("id").get<std::string>());
        if (!out.by_id.insert(0, out.text.back(), static_cast<int32_t>(index))) die("duplicate account " + out.text.back());
        for (const auto& n : a.at("numbers")) {
            const std::string& kind = n.at("kind").get_ref<const std::string&>();
            Kind k;
            if (kind == "aliyun-fixed") k = kFixed;
            else if (kind == "aliyun-400") k = k400;
            else if (kind == "third-party") k = kThirdParty;
            else if (kind == "own-sip") k = kOwnSip;
            else die("unknown number kind " + kind);
            out.text.push_back(n.at("number").get<std::string>());
            if (!out.numbers.insert(index, out.text.back(), k)) die("duplicate number " + out.text.back());
        }
    }
}

// ---------------------------------------------------------------- rating
constexpr int kSlots = 9;  // minutes of kind × direction (8), then seconds

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: bench_reference ACCOUNTS.json CALLS.csv FROM TO   (FROM, TO: YYYY-MM)\n");
        return 2;
    }
    const int from = parse_month_arg(argv[3]), to = parse_month_arg(argv[4]);
    if (to < from) die("TO is before FROM");
    const int months = to - from + 1;

    Accounts acc;
    read_accounts(argv[1], acc);
    const std::size_t naccounts = acc.plan.size();

    const int fd = ::open(argv[2], O_RDONLY);
    if (fd < 0) die(std::string("cannot read ") + argv[2] + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) die(std::string("cannot stat ") + argv[2]);
    const std::size_t size = static_cast<std::size_t>(st.st_size);
    const char* data = "";
    if (size > 0) {
        void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) die(std::string("cannot map ") + argv[2] + ": " + std::strerror(errno));
        ::madvise(m, size, MADV_SEQUENTIAL);
        data = static_cast<const char*>(m);
    }
    const char* p = data;
    const char* const end = data + size;

    std::string scratch;
    scratch.reserve(kMaxRecord + 16);  // never reallocates: views into it stay valid
    Record rec;
    // The header: a UTF-8 BOM may come first.
    if (size >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    skip_blank(p, end);
    static constexpr std::string_view kHeader[6] = {"account", "call_id", "start", "direction", "number", "duration_s"};
    if (p == end) die("usage file is empty");
    if (!split_record(p, end, rec, scratch) || rec.count != 6) die("bad usage header");
    for (int i = 0; i < 6; ++i)
        if (rec.f[i] != kHeader[i]) die("usage header must be account,call_id,start,direction,number,duration_s");

    IdSet ids(size / 64 + 16);
    std::deque<std::string> id_copies;  // ids with "" (the scratch is reused)
    std::vector<int64_t> sums(naccounts * static_cast<std::size_t>(months) * kSlots, 0);
    uint64_t rows = 0, rated = 0, rejected = 0, out_of_period = 0;

    // Rows that passed every check but the duplicate one wait in a small
    // batch, so that each one's id slot is fetched (prefetch) while the next
    // rows are split and checked; then, in file order, the duplicate check,
    // the period and the sums.
    struct Pending {
        std::string_view id;
        uint64_t hash;
        int64_t secs;
        uint32_t account;
        int month;
        int32_t kind;
        int outbound;
    };
    constexpr std::size_t kBatch = 16;
    Pending batch[kBatch];
    std::size_t pending = 0;
    auto finish_batch = [&]() {
        for (std::size_t i = 0; i < pending; ++i) {
            const Pending& r = batch[i];
            if (!ids.insert_hashed(r.account, r.id, r.hash)) {  // a duplicate
                ++rejected;
                continue;
            }
            if (r.month < from || r.month > to) {
                ++out_of_period;
                continue;
            }
            ++rated;
            int64_t* s = &sums[(std::size_t{r.account} * static_cast<std::size_t>(months) +
                                static_cast<std::size_t>(r.month - from)) * kSlots];
            const int64_t minutes = r.secs / 60 + (r.secs % 60 != 0);
            int64_t& m = s[r.kind * 2 + r.outbound];
            if (__builtin_add_overflow(m, minutes, &m) || __builtin_add_overflow(s[8], r.secs, &s[8]))
                die("a sum grew beyond 64 bits");
        }
        pending = 0;
    };
    for (;;) {
        skip_blank(p, end);
        if (p == end) break;
        ++rows;
        if (!split_record(p, end, rec, scratch) || rec.count != 6) {
            ++rejected;
            continue;
        }
        const std::string_view account = rec.f[0], id = rec.f[1], start = rec.f[2], direction = rec.f[3],
                               number = rec.f[4], duration = rec.f[5];
        // Fields.
        if (account.empty() || id.empty() || number.empty()) {
            ++rejected;
            continue;
        }
        const int month = start_month(start);
        if (month < 0) {
            ++rejected;
            continue;
        }
        int outbound;
        if (direction == "inbound") outbound = 0;
        else if (direction == "outbound") outbound = 1;
        else {
            ++rejected;
            continue;
        }
        std::string_view digits = duration;
        while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
        if (digits.empty() || digits.size() > 18) {
            ++rejected;
            continue;
        }
        int64_t secs = 0;
        bool ok = true;
        for (char c : digits) {
            const unsigned v = static_cast<unsigned char>(c) - '0';
            if (v > 9) {
                ok = false;
                break;
            }
            secs = secs * 10 + v;
        }
        if (!ok) {
            ++rejected;
            continue;
        }
        // Account, number, the 400 rule.
        const int32_t a = acc.by_id.find(0, account);
        if (a < 0) {
            ++rejected;
            continue;
        }
        const int32_t kind = acc.numbers.find(static_cast<uint32_t>(a), number);
        if (kind < 0 || (kind == k400 && outbound)) {
            ++rejected;
            continue;
        }
        // An id that had "" lives in the scratch, which the next row reuses.
        std::string_view key = id;
        if (!scratch.empty() && id.data() >= scratch.data() && id.data() < scratch.data() + scratch.size()) {
            id_copies.emplace_back(id);
            key = id_copies.back();
        }
        Pending& r = batch[pending++];
        r = Pending{key, ids.hash(static_cast<uint32_t>(a), key), secs, static_cast<uint32_t>(a), month, kind, outbound};
        ids.prefetch(r.hash);
        if (pending == kBatch) finish_batch();
    }
    finish_batch();

    // Checksums: every sum counts.
    uint64_t total_minutes = 0, total_seconds = 0, mixed = 0;
    for (std::size_t i = 0; i < sums.size(); ++i) {
        const uint64_t v = static_cast<uint64_t>(sums[i]);
        if (i % kSlots == 8) total_seconds += v;
        else total_minutes += v;
        mixed = mix(mixed ^ (v + i));
    }
    std::printf("rows %" PRIu64 " rated %" PRIu64 " rejected %" PRIu64 " out_of_period %" PRIu64 "\n", rows, rated,
                rejected, out_of_period);
    std::printf("minutes %" PRIu64 " seconds %" PRIu64 " ids %zu checksum %016" PRIx64 "\n", total_minutes,
                total_seconds, ids.size(), mixed);
    return 0;
}
