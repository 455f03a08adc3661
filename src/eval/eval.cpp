// Stage 3: rating. The plan's expressions run over a fixed array of values
// per row; meters accumulate in one flat array per account; rows that packs
// may absorb are held compactly, sorted by time, and drawn down at the end.
#include "eval/eval.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <numeric>
#include <thread>

#include <fmt/format.h>

#include "charges/kinds.hpp"

namespace tarifc {

namespace {

using plan::Op;
using plan::ValueKind;

// ---------------------------------------------------------------- expression evaluation

// What an expression can read: the row (record fields and lets), the
// account, the month's meters and the for-each entry.
struct Context {
    const plan::Tariff* t = nullptr;
    const AccountData* account = nullptr;
    const Decimal* record = nullptr;  // usage field values
    const Decimal* lets = nullptr;
    const Decimal* meters = nullptr;  // this account's month slice
    const std::vector<int>* meter_offsets = nullptr;
    int var_list = -1;
    int var_entry = -1;
};

const Decimal kZero;
const Decimal kOne = Decimal::from_int(1);

Decimal eval(const Context& cx, plan::ExprId id);

// An entry index or enum index held in a value: always a small integer.
inline int64_t index_of(const Decimal& d) { return static_cast<int64_t>(d.mantissa()); }

// Conditions are evaluated without building Decimal results: this is the
// per-row hot path (lets, reject rules, pack and meter filters).
bool truthy(const Context& cx, plan::ExprId id) {
    const plan::Node& n = cx.t->nodes[id];
    switch (n.op) {
        case Op::Not: return !truthy(cx, n.a);
        case Op::And: return truthy(cx, n.a) && truthy(cx, n.b);
        case Op::Or: return truthy(cx, n.a) || truthy(cx, n.b);
        case Op::Eq: return eval(cx, n.a) == eval(cx, n.b);
        case Op::Ne: return eval(cx, n.a) != eval(cx, n.b);
        case Op::Lt: return eval(cx, n.a) < eval(cx, n.b);
        case Op::Le: return eval(cx, n.a) <= eval(cx, n.b);
        case Op::Gt: return eval(cx, n.a) > eval(cx, n.b);
        case Op::Ge: return eval(cx, n.a) >= eval(cx, n.b);
        case Op::InSet: {
            int64_t v = index_of(eval(cx, n.a));
            return v >= 0 && v < 64 && ((n.mask >> v) & 1);
        }
        case Op::Let: return !cx.lets[n.a].is_zero();
        case Op::RecordField: return !cx.record[n.a].is_zero();
        case Op::Const: return !n.k.is_zero();
        default: return !eval(cx, id).is_zero();
    }
}

Decimal eval(const Context& cx, plan::ExprId id) {
    const plan::Node& n = cx.t->nodes[id];
    switch (n.op) {
        case Op::Const: return n.k;
        case Op::RecordField: return cx.record[n.a];
        case Op::Let: return cx.lets[n.a];
        case Op::RefField:
            return cx.account->lists[n.b][static_cast<std::size_t>(index_of(cx.record[n.a]))].values[n.c];
        case Op::AccountField: return cx.account->values[n.a];
        case Op::VarField: return cx.account->lists[n.b][static_cast<std::size_t>(cx.var_entry)].values[n.c];
        case Op::Meter: {
            const plan::Meter& m = cx.t->meters[n.a];
            int slot = (*cx.meter_offsets)[n.a] + (m.group_list >= 0 ? cx.var_entry : 0);
            return cx.meters[slot];
        }
        case Op::Not:
        case Op::And:
        case Op::Or:
        case Op::Eq:
        case Op::Ne:
        case Op::Lt:
        case Op::Le:
        case Op::Gt:
        case Op::Ge:
        case Op::InSet: return truthy(cx, id) ? kOne : kZero;
        case Op::Add: return eval(cx, n.a) + eval(cx, n.b);
        case Op::Sub: return eval(cx, n.a) - eval(cx, n.b);
        case Op::Mul: return eval(cx, n.a) * eval(cx, n.b);
        case Op::Convert: {
            Decimal v = eval(cx, n.a);
            if (n.k == n.k2) return v.rounded(0, n.mode);
            // Fast path: whole numbers of a unit into a larger whole unit
            // (seconds to minutes) in 64-bit arithmetic, same result as
            // Decimal::divide for every mode.
            auto x = v.scale() == 0 ? v.to_int64() : std::nullopt;
            auto num = n.k.to_int64(), den = n.k2.to_int64();
            int64_t prod;
            if (x && num && den && *den > 0 && !__builtin_mul_overflow(*x, *num, &prod) && prod >= 0 &&
                (n.mode == RoundingMode::Ceil || n.mode == RoundingMode::Floor)) {
                int64_t q = prod / *den, r = prod % *den;
                return Decimal::from_int(n.mode == RoundingMode::Ceil && r ? q + 1 : q);
            }
            return Decimal::divide(v * n.k, n.k2, 0, n.mode);
        }
    }
    return kZero;
}

// ---------------------------------------------------------------- usage fields

// Parses one CSV field as the declared type. Returns an empty string on
// success, else the reason the row is rejected.
const char* parse_field(const plan::Field& f, std::string_view text, Decimal& out) {
    switch (f.kind) {
        case ValueKind::Number: {
            if (text.empty()) return "is empty";
            if (f.integer) {
                // Digits only: no sign, spaces, decimals or exponent.
                if (text.size() > 18) return "is too large";
                int64_t v = 0;
                for (char c : text) {
                    if (c < '0' || c > '9') return "must be digits only";
                    v = v * 10 + (c - '0');
                }
                out = Decimal::from_int(v);
                return "";
            }
            try {
                auto d = Decimal::parse(text, false);
                if (!d) return "is not a decimal number";
                out = *d;
            } catch (const OverflowError&) {
                return "is too large";
            }
            return "";
        }
        case ValueKind::Enum:
            for (std::size_t i = 0; i < f.enum_values.size(); ++i)
                if (f.enum_values[i] == text) {
                    out = Decimal::from_int(static_cast<int64_t>(i));
                    return "";
                }
            return "is not one of the allowed values";
        case ValueKind::Bool:
            if (text == "true") out = kOne;
            else if (text == "false") out = kZero;
            else return "must be true or false";
            return "";
        case ValueKind::Date: {
            auto d = parse_date(text);
            if (!d) return "is not a date (YYYY-MM-DD)";
            out = Decimal::from_int(days_from_civil(d->year, d->month, d->day));
            return "";
        }
        case ValueKind::Timestamp: {
            auto r = parse_timestamp(text, f.zone_offset_minutes, f.zone_offset_minutes);
            if (!r.ok) {
                switch (r.error) {
                    case TimestampError::BadOffset: return "has an impossible UTC offset";
                    case TimestampError::ImpossibleDate: return "is a date that does not exist";
                    case TimestampError::Malformed: return "is not YYYY-MM-DDTHH:MM:SS with an optional offset";
                }
            }
            out = Decimal::from_int(r.local_seconds);
            return "";
        }
        case ValueKind::Text:
        case ValueKind::Account:
        case ValueKind::Ref:
            if (text.empty()) return "is empty";
            return "";
        case ValueKind::Plan:
        case ValueKind::Pack:
        case ValueKind::List: return "cannot be read from usage";
    }
    return "";
}

// ---------------------------------------------------------------- packs

struct PackState {
    int entry = -1;      // index in the account's pack list
    int type = -1;
    int64_t start = 0;   // local seconds, inclusive
    int64_t end = 0;     // local seconds, exclusive
    int64_t purchase_day = 0;
    Decimal size;
    Decimal initial;     // balance at the start of the run
    Decimal balance;
    std::vector<Decimal> used;  // per month of the run
    std::vector<uint64_t> meters_fed;  // per month: the 'after packs' meters of rows it covered
    Decimal price;
    int purchase_month = -1;    // month index in the run, -1 if outside
};

// A row that packs may absorb, held until every row is read. The checker
// allows at most kMaxRefFields ref fields in a usage record.
constexpr int kMaxRefFields = plan::kMaxRefFields;
static_assert(plan::kMaxMeters <= 64 && plan::kMaxPackTypes <= 64, "HeldRow keeps them in 64-bit masks");
struct HeldRow {         // fields ordered to avoid padding: 96 bytes
    Decimal quantity;
    int64_t time;
    uint64_t line;          // file order breaks ties
    uint64_t pack_types;    // mask of pack types whose 'where' matched
    uint64_t meters;        // mask of 'after packs' meters the row was added to
    uint32_t account;
    uint32_t month;         // offset in the run
    int32_t covered_let;
    int32_t refs[kMaxRefFields];  // the entry index of each ref field of the row
};
static_assert(sizeof(HeldRow) == 96);

// Per account: where each meter's accumulator starts in the month slice.
struct AccountSlots {
    std::vector<int> meter_offsets;
    int width = 0;        // slots per month
    std::size_t base = 0; // into the big accumulator array
};

// ---------------------------------------------------------------- the run

// Everything one rating thread owns while rows stream.
struct Worker {
    std::vector<Rejection> rejected;
    Summary summary;             // rated, rejected, out of period
    std::vector<HeldRow> held;
    // Ids seen per account, in one table keyed by the account's index and
    // the id text (one table grows far less often than thousands of small ones).
    StringIndex seen_ids;
    std::string id_key;
    std::vector<Decimal> record, lets;
    std::string error;           // a problem that stops the run
};

// Records handed from the reader to a worker: field texts back to back.
struct Batch {
    static constexpr std::size_t kRows = 4096;
    std::string text;
    std::vector<uint32_t> starts;                     // per field: start in text, then the row's end
    struct Row {
        uint64_t line;
        int32_t account;  // index into the accounts, or -1 if unknown
        uint32_t fields;
    };
    std::vector<Row> rows;
    void add(uint64_t line, int32_t account, const std::vector<std::string_view>& cols) {
        for (auto c : cols) {
            starts.push_back(static_cast<uint32_t>(text.size()));
            text.append(c);
        }
        starts.push_back(static_cast<uint32_t>(text.size()));
        rows.push_back({line, account, static_cast<uint32_t>(cols.size())});
    }
    void clear() {
        text.clear();
        starts.clear();
        rows.clear();
    }
};

// A bounded hand-over between the reader and one worker; used batches come
// back for reuse, so steady-state streaming allocates nothing.
class Channel {
public:
    // Hands `b` over and leaves an empty (recycled) batch in its place.
    void push(Batch& b) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return full_.size() < kDepth; });
        full_.push_back(std::move(b));
        if (!spare_.empty()) {
            b = std::move(spare_.back());
            spare_.pop_back();
        } else {
            b = Batch();
        }
        b.clear();
        cv_.notify_all();
    }
    bool pop(Batch& b) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return !full_.empty() || closed_; });
        if (full_.empty()) return false;
        b = std::move(full_.front());
        full_.pop_front();
        cv_.notify_all();
        return true;
    }
    void recycle(Batch& b) {
        std::lock_guard lock(m_);
        b.clear();
        if (spare_.size() < kDepth) spare_.push_back(std::move(b));
    }
    void close() {
        std::lock_guard lock(m_);
        closed_ = true;
        cv_.notify_all();
    }

private:
    static constexpr std::size_t kDepth = 4;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Batch> full_;
    std::vector<Batch> spare_;
    bool closed_ = false;
};


class Run {
public:
    Run(const EvalRequest& rq, EvalResult& res) : rq_(rq), res_(res) {}
    bool go(std::string& error);

private:
    const EvalRequest& rq_;
    EvalResult& res_;
    const plan::Tariff* usage_plan_ = nullptr;  // whose usage declaration parses rows
    int months_ = 0;
    std::vector<AccountSlots> slots_;
    std::vector<Decimal> acc_;      // meter values: per account, per month, per slot
    std::vector<Decimal> covered_;  // pack-covered amounts, same layout
    std::vector<int> ref_slot_;  // per usage field: its place in HeldRow::refs, or -1
    int ref_count_ = 0;
    std::vector<std::vector<PackState>> packs_;  // per account, in the account's list order
    std::vector<std::vector<int>> draw_order_;   // per account: packs_ indices in deduction order
    std::vector<uint64_t> owned_pack_types_;     // per account: mask of the pack types it holds

    std::vector<int> column_of_field_;  // usage field -> CSV column

    bool read_header(std::string& error, std::vector<int>& column_of_field);
    void work(Worker& w, Channel& ch);
    // The duplicate check's key (account index and id text) in `key`, hashed.
    static uint64_t id_hash(int32_t account, std::string_view id, std::string& key) {
        key.assign(reinterpret_cast<const char*>(&account), sizeof account);
        key.append(id);
        return StringIndex::hash(key);
    }
    void rate_row(Worker& w, uint64_t line, int account, const std::vector<std::string_view>& cols);
    void reject(uint64_t line, std::string_view account, std::string_view id, std::string reason) {
        res_.rejected.push_back({line, std::string(account), std::string(id), std::move(reason)});
        ++res_.summary.rejected;
    }
    void setup_accounts();
    void draw_packs(std::vector<HeldRow>& held);
    void invoice(std::size_t a, int month, Invoice& inv);
};

bool same_usage(const plan::Inputs& a, const plan::Inputs& b) {
    if (a.usage_fields.size() != b.usage_fields.size() || a.record_name != b.record_name) return false;
    for (std::size_t i = 0; i < a.usage_fields.size(); ++i) {
        const auto& x = a.usage_fields[i];
        const auto& y = b.usage_fields[i];
        if (x.name != y.name || x.kind != y.kind || x.integer != y.integer || x.enum_values != y.enum_values ||
            x.zone_offset_minutes != y.zone_offset_minutes || x.unique_per_account != y.unique_per_account)
            return false;
    }
    return true;
}

bool Run::read_header(std::string& error, std::vector<int>& column_of_field) {
    std::string reason;
    const auto& fields = usage_plan_->inputs.usage_fields;
    std::string expected;
    for (const auto& f : fields) expected += (expected.empty() ? "" : ",") + f.name;
    auto status = rq_.usage->next(reason);
    if (status == UsageReader::Status::End) {
        error = fmt::format("usage file is empty; expected the header {}", expected);
        return false;
    }
    if (status == UsageReader::Status::IoError) {
        error = "cannot read the usage file";
        return false;
    }
    if (status == UsageReader::Status::Malformed) {
        error = fmt::format("usage file line {}: bad header ({}); expected {}", rq_.usage->line(), reason, expected);
        return false;
    }
    const auto& cols = rq_.usage->fields();
    column_of_field.assign(fields.size(), -1);
    std::string got;
    for (const auto& c : cols) got += (got.empty() ? "" : ",") + std::string(c);
    bool ok = cols.size() == fields.size();
    for (std::size_t c = 0; ok && c < cols.size(); ++c) {
        auto it = std::find_if(fields.begin(), fields.end(), [&](const plan::Field& f) { return f.name == cols[c]; });
        if (it == fields.end() || column_of_field[it - fields.begin()] >= 0) ok = false;
        else column_of_field[it - fields.begin()] = static_cast<int>(c);
    }
    if (!ok) {
        error = fmt::format("usage file header is \"{}\"; the tariff expects the columns {} (in any order)", got, expected);
        return false;
    }
    return true;
}

void Run::setup_accounts() {
    const auto& accounts = rq_.accounts->accounts;
    slots_.resize(accounts.size());
    packs_.resize(accounts.size());
    draw_order_.resize(accounts.size());
    owned_pack_types_.assign(accounts.size(), 0);
    std::size_t base = 0;
    int first_month = rq_.from.index();
    for (std::size_t a = 0; a < accounts.size(); ++a) {
        const AccountData& ad = accounts[a];
        const plan::Tariff& t = (*rq_.tariffs)[ad.tariff];
        AccountSlots& s = slots_[a];
        for (const auto& m : t.meters) {
            s.meter_offsets.push_back(s.width);
            s.width += m.group_list >= 0 ? std::max<int>(1, static_cast<int>(ad.lists[m.group_list].size())) : 1;
        }
        s.base = base;
        base += static_cast<std::size_t>(s.width) * months_;
        // Packs bought by this account.
        for (std::size_t l = 0; l < t.inputs.lists.size(); ++l) {
            const auto& L = t.inputs.lists[l];
            if (!L.is_pack_list) continue;
            for (std::size_t e = 0; e < ad.lists[l].size(); ++e) {
                const EntityData& en = ad.lists[l][e];
                PackState p;
                p.entry = static_cast<int>(e);
                p.type = static_cast<int>(en.values[L.type_field].to_int64().value_or(0));
                const plan::PackType& pt = t.packs[p.type];
                p.purchase_day = en.values[L.purchase_field].to_int64().value_or(0);
                Date bought = civil_from_days(p.purchase_day);
                Date expires = pt.validity_in_months ? add_months_clamped(bought, pt.validity)
                                                     : civil_from_days(p.purchase_day + pt.validity);
                p.start = start_of_day(bought);
                p.end = start_of_day(expires);
                p.size = en.values[L.size_field];
                int bought_month = YearMonth{bought.year, bought.month}.index();
                bool before_run = bought_month < first_month;
                p.initial = before_run && L.balance_field >= 0 && en.present[L.balance_field]
                                ? en.values[L.balance_field]
                                : p.size;
                p.balance = p.initial;
                p.used.assign(static_cast<std::size_t>(months_), Decimal());
                p.meters_fed.assign(static_cast<std::size_t>(months_), 0);
                if (bought_month >= first_month && bought_month - first_month < months_)
                    p.purchase_month = bought_month - first_month;
                for (const auto& sz : pt.sizes)
                    if (sz.size == p.size) p.price = sz.price;
                owned_pack_types_[a] |= uint64_t{1} << p.type;
                packs_[a].push_back(std::move(p));
            }
        }
        // The declared deduction order; `listed` is the account's list order.
        auto& order = draw_order_[a];
        order.resize(packs_[a].size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int i, int j) {
            const PackState& x = packs_[a][static_cast<std::size_t>(i)];
            const PackState& y = packs_[a][static_cast<std::size_t>(j)];
            for (auto k : t.deduct_order) {
                switch (k) {
                    case plan::DeductKey::Expiry:
                        if (x.end != y.end) return x.end < y.end;
                        break;
                    case plan::DeductKey::Purchase:
                        if (x.purchase_day != y.purchase_day) return x.purchase_day < y.purchase_day;
                        break;
                    case plan::DeductKey::Listed:
                        if (x.entry != y.entry) return x.entry < y.entry;
                        break;
                    case plan::DeductKey::Size:
                        if (x.size != y.size) return x.size < y.size;
                        break;
                }
            }
            return false;
        });
    }
    acc_.assign(base, Decimal());
    covered_.assign(base, Decimal());
}

void Run::draw_packs(std::vector<HeldRow>& held) {
    // Chronological order of start; ties in file order.
    std::sort(held.begin(), held.end(), [](const HeldRow& x, const HeldRow& y) {
        if (x.account != y.account) return x.account < y.account;
        if (x.time != y.time) return x.time < y.time;
        return x.line < y.line;
    });
    for (const HeldRow& r : held) {
        auto& packs = packs_[r.account];
        const plan::Tariff& t = (*rq_.tariffs)[rq_.accounts->accounts[r.account].tariff];
        Decimal left = r.quantity;
        for (int i : draw_order_[r.account]) {
            PackState& p = packs[static_cast<std::size_t>(i)];
            if (left.sign() <= 0) break;
            if (!((r.pack_types >> p.type) & 1) || t.packs[p.type].covered_let != r.covered_let) continue;
            if (r.time < p.start || r.time >= p.end || p.balance.sign() <= 0) continue;
            Decimal take = p.balance < left ? p.balance : left;
            p.balance -= take;
            p.used[r.month] += take;
            p.meters_fed[r.month] |= r.meters;
            left -= take;
        }
        Decimal covered = r.quantity - left;
        if (covered.is_zero()) continue;
        const AccountSlots& s = slots_[r.account];
        std::size_t month_base = s.base + static_cast<std::size_t>(r.month) * s.width;
        for (std::size_t m = 0; m < t.meters.size(); ++m) {
            const plan::Meter& mt = t.meters[m];
            if (!((r.meters >> m) & 1)) continue;
            int group = mt.group_list >= 0 ? r.refs[ref_slot_[mt.group_field]] : 0;
            std::size_t slot = month_base + static_cast<std::size_t>(s.meter_offsets[m] + group);
            acc_[slot] -= covered;
            covered_[slot] += covered;
        }
    }
}

std::string entry_key(const plan::Tariff& t, const AccountData& a, int list, int entry) {
    const auto& L = t.inputs.lists[list];
    if (L.key_field < 0) return std::to_string(entry + 1);
    return a.lists[list][entry].texts[L.key_field];
}

std::string qty_text(const Decimal& d) { return d.normalized().to_string(); }

int pack_list(const plan::Tariff& t) {
    for (std::size_t l = 0; l < t.inputs.lists.size(); ++l)
        if (t.inputs.lists[l].is_pack_list) return static_cast<int>(l);
    return -1;
}

std::string pack_key(const plan::Tariff& t, const AccountData& a, int entry) {
    return entry_key(t, a, pack_list(t), entry);
}

Decimal balance_at_end(const PackState& p, int month) {
    Decimal remaining = p.initial;
    for (int m = 0; m <= month; ++m) remaining -= p.used[m];
    return remaining;
}

void Run::invoice(std::size_t a, int month, Invoice& inv) {
    const AccountData& ad = rq_.accounts->accounts[a];
    const plan::Tariff& t = (*rq_.tariffs)[ad.tariff];
    const AccountSlots& s = slots_[a];
    YearMonth ym = YearMonth::from_index(rq_.from.index() + month);
    inv.account = ad.id;
    inv.period = ym;
    inv.plan = t.name;
    inv.currency = t.currency;
    Context cx;
    cx.t = &t;
    cx.account = &ad;
    cx.meters = acc_.data() + s.base + static_cast<std::size_t>(month) * s.width;
    cx.meter_offsets = &s.meter_offsets;
    const Decimal* covered = covered_.data() + s.base + static_cast<std::size_t>(month) * s.width;
    const bool explain = rq_.explain;
    std::vector<std::vector<std::pair<int, Decimal>>> charge_by_entry(t.charges.size());

    auto round = [](const Decimal& v, const plan::Rounding& r) { return v.rounded_to_step(r.quantum, r.mode); };
    auto anniversary_due = [&](plan::ExprId anniversary) {
        auto days = eval(cx, anniversary).to_int64().value_or(0);
        Date d = civil_from_days(days);
        return d.month == ym.month && d.year <= ym.year;
    };
    // Calls `body` for the account itself or for each selected entry.
    auto each = [&](const std::optional<plan::ForEach>& fe, auto&& body) {
        if (!fe) {
            cx.var_list = -1;
            cx.var_entry = -1;
            body(std::string());
            return;
        }
        cx.var_list = fe->list;
        for (std::size_t e = 0; e < ad.lists[fe->list].size(); ++e) {
            cx.var_entry = static_cast<int>(e);
            if (fe->where != plan::kNoExpr && !truthy(cx, fe->where)) continue;
            body(entry_key(t, ad, fe->list, static_cast<int>(e)));
        }
        cx.var_entry = -1;
    };
    // An amount as rounded: as many decimals as its rounding step (at least two).
    auto money = [&](const Decimal& d, const plan::Rounding& r) {
        return d.to_fixed(std::max(2, r.quantum.normalized().scale())) + " " + t.currency;
    };
    auto describe = [](const std::string& title, const std::string& key) {
        return key.empty() ? title : title + " " + key;
    };

    for (std::size_t ci = 0; ci < t.charges.size(); ++ci) {
        const plan::Charge& c = t.charges[ci];
        each(c.for_each, [&](const std::string& key) {
            if (c.yearly && !anniversary_due(c.anniversary)) return;
            if (c.when != plan::kNoExpr && !truthy(cx, c.when)) return;
            LineItem li;
            li.charge = c.name;
            li.description = describe(c.title, key);
            Decimal covered_qty;
            Decimal q = eval(cx, c.quantity);
            li.quantity = q;
            li.unit = c.quantity_unit_name;
            const plan::Node& qn = t.nodes[c.quantity];
            if (qn.op == Op::Meter && t.meters[qn.a].after_packs) {
                const plan::Meter& m = t.meters[qn.a];
                int slot = s.meter_offsets[qn.a] + (m.group_list >= 0 ? cx.var_entry : 0);
                covered_qty = covered[slot];
                if (explain) {
                    li.explain.push_back(fmt::format("{}: {} {} used, {} covered by packs, {} billed", m.title,
                                                     qty_text(q + covered_qty), li.unit, qty_text(covered_qty),
                                                     qty_text(q)));
                    for (int i : draw_order_[a]) {
                        const PackState& p = packs_[a][static_cast<std::size_t>(i)];
                        if (((p.meters_fed[month] >> qn.a) & 1) && p.used[month].sign() > 0)
                            li.explain.push_back(fmt::format("pack {} drew {} {}, {} left at the end of the month",
                                                             pack_key(t, ad, p.entry), qty_text(p.used[month]),
                                                             li.unit, qty_text(balance_at_end(p, month))));
                    }
                }
            }
            li.exact = charges::amount(c, q, [&](plan::ExprId e) { return eval(cx, e); },
                                       {explain ? &li.explain : nullptr, li.unit, t.currency});
            li.amount = round(li.exact, c.rounding);
            if (explain)
                li.explain.push_back(fmt::format("exact {} rounded {} to {} = {}", li.exact.to_string(),
                                                 to_string(c.rounding.mode), c.rounding.quantum.to_string(),
                                                 money(li.amount, c.rounding)));
            charge_by_entry[ci].push_back({cx.var_entry, li.exact});
            // A line with nothing used is left out; one whose use packs
            // covered stays, so the invoice shows where the minutes went.
            if (li.amount.is_zero() && li.quantity.is_zero() && covered_qty.is_zero()) return;
            inv.lines.push_back(std::move(li));
        });
    }

    // Pack purchases in this month, in the account's list order.
    for (const PackState& pack : packs_[a]) {
        const PackState* p = &pack;
        if (p->purchase_month != month) continue;
        const plan::PackType& pt = t.packs[p->type];
        LineItem li;
        li.charge = "pack";
        li.description = fmt::format("{} {} ({} {})", pt.title, pack_key(t, ad, p->entry), qty_text(p->size),
                                     pt.size_unit.num >= 0 ? t.units[pt.size_unit.num].name : "");
        li.quantity = kOne;
        li.unit = "pack";
        li.exact = p->price;
        li.amount = round(p->price, t.money_rounding);
        if (explain)
            li.explain.push_back(fmt::format("bought {}; valid until {}", format_date(civil_from_days(p->purchase_day)),
                                             format_date(date_of(p->end))));
        inv.lines.push_back(std::move(li));
    }

    for (const auto& mn : t.minimums) {
        each(mn.for_each, [&](const std::string& key) {
            if (mn.yearly && !anniversary_due(mn.anniversary)) return;
            if (mn.when != plan::kNoExpr && !truthy(cx, mn.when)) return;
            Decimal spend = eval(cx, mn.spend);
            if (spend.sign() <= 0) return;
            Decimal basis;
            std::string how;
            if (mn.basis_quantity != plan::kNoExpr) {
                Decimal q = eval(cx, mn.basis_quantity);
                basis = q * mn.basis_rate;
                if (explain) how = fmt::format("{} {} × {} = {}", qty_text(q), mn.basis_unit_name, qty_text(mn.basis_rate), basis.to_string());
            } else {
                // Per entry when the charge is billed per entry of the same
                // list as the minimum; otherwise the charge's whole amount.
                for (int ci : mn.basis_charges) {
                    const auto& cfe = t.charges[ci].for_each;
                    bool per_entry = mn.for_each && cfe && cfe->list == mn.for_each->list;
                    for (const auto& [entry, v] : charge_by_entry[ci])
                        if (!per_entry || entry == cx.var_entry) basis += v;
                }
                if (explain) how = fmt::format("charges = {}", basis.to_string());
            }
            if (!(basis < spend)) return;
            LineItem li;
            li.charge = mn.name;
            li.description = describe(mn.title, key);
            li.quantity = kOne;
            li.unit = mn.for_each ? t.inputs.lists[mn.for_each->list].entity_name : "";
            li.exact = spend - basis;
            li.amount = round(li.exact, mn.rounding);
            if (explain) {
                li.explain.push_back(fmt::format("basis {}", how));
                li.explain.push_back(fmt::format("minimum {} − basis {} = shortfall {}", spend.to_string(),
                                                 basis.to_string(), li.exact.to_string()));
                li.explain.push_back(fmt::format("exact {} rounded {} to {} = {}", li.exact.to_string(),
                                                 to_string(mn.rounding.mode), mn.rounding.quantum.to_string(),
                                                 money(li.amount, mn.rounding)));
            }
            inv.lines.push_back(std::move(li));
        });
    }

    cx.var_list = -1;
    cx.var_entry = -1;
    for (const auto& d : t.discounts) {
        Decimal base;
        if (d.base_is_subtotal) {
            for (const auto& li : inv.lines) base += li.amount;
        } else {
            for (int ci : d.base_charges)
                for (const auto& li : inv.lines)
                    if (li.charge == t.charges[ci].name) base += li.amount;
        }
        if (d.threshold && base < *d.threshold) continue;
        if (d.when != plan::kNoExpr && !truthy(cx, d.when)) continue;
        if (base.sign() <= 0) continue;
        LineItem li;
        li.charge = d.name;
        li.description = d.title;
        li.quantity = kOne;
        li.unit = "";
        Decimal off = d.percent ? base * d.value * Decimal::from_parts(1, 2) : (d.value < base ? d.value : base);
        li.exact = -off;
        li.amount = -round(off, d.rounding);
        if (explain)
            li.explain.push_back(d.percent ? fmt::format("{} percent of {} = {}", qty_text(d.value), base.to_string(), off.to_string())
                                           : fmt::format("{} off {}", off.to_string(), base.to_string()));
        inv.lines.push_back(std::move(li));
    }

    for (const auto& li : inv.lines) inv.total += li.amount;

    // Every pack of the account, in the account's list order: what it gave
    // this month and its balance at the end of the month (a pack bought
    // later shows its full size; an expired one what was left unused).
    for (const PackState& pack : packs_[a]) {
        const PackState* p = &pack;
        inv.packs.push_back({pack_key(t, ad, p->entry), t.packs[p->type].name, p->used[month], balance_at_end(*p, month)});
    }
}

void Run::work(Worker& w, Channel& ch) {
    Batch b;
    std::vector<std::string_view> cols;
    const plan::Inputs& in = usage_plan_->inputs;
    const int id_column = in.usage_unique_field >= 0 ? column_of_field_[in.usage_unique_field] : -1;
    // The duplicate check's keys are hashed for the whole batch first, so
    // that each row can prefetch the table slot of a row a few places ahead:
    // the table is large and its slots are a cache miss per row otherwise.
    constexpr std::size_t kAhead = 8;
    std::vector<uint64_t> hashes;
    while (ch.pop(b)) {
        hashes.assign(b.rows.size(), 0);
        if (id_column >= 0) {
            std::size_t first = 0;
            for (std::size_t r = 0; r < b.rows.size(); ++r) {
                const auto& row = b.rows[r];
                if (row.account >= 0 && static_cast<uint32_t>(id_column) < row.fields) {
                    std::size_t f = first + static_cast<std::size_t>(id_column);
                    hashes[r] = id_hash(row.account, std::string_view(b.text.data() + b.starts[f],
                                                                      b.starts[f + 1] - b.starts[f]), w.id_key);
                }
                first += row.fields + 1;
            }
        }
        std::size_t field = 0;
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
            const auto& row = b.rows[r];
            if (r + kAhead < hashes.size()) w.seen_ids.prefetch(hashes[r + kAhead]);
            cols.clear();
            for (uint32_t f = 0; f < row.fields; ++f, ++field)
                cols.emplace_back(b.text.data() + b.starts[field], b.starts[field + 1] - b.starts[field]);
            ++field;
            if (w.error.empty()) rate_row(w, row.line, row.account, cols);
        }
        ch.recycle(b);
    }
    // The worker's accounts are its own, so it draws their packs too.
    try {
        if (w.error.empty()) draw_packs(w.held);
    } catch (const OverflowError& e) {
        w.error = fmt::format("an amount grew too large to represent ({})", e.what());
    }
    std::vector<HeldRow>().swap(w.held);
}

// One usage row: rejected (with the reason), out of period, or rated into
// the account's meters (and held if packs may absorb it).
void Run::rate_row(Worker& w, uint64_t line, int account, const std::vector<std::string_view>& cols) {
    const auto& tariffs = *rq_.tariffs;
    const plan::Inputs& in = usage_plan_->inputs;
    const std::size_t nfields = in.usage_fields.size();
    const int first_month = rq_.from.index();
    const auto& accounts = rq_.accounts->accounts;
    auto& record = w.record;
    auto& lets = w.lets;
    record.resize(nfields);
    auto reject = [&w](uint64_t l, std::string_view account, std::string_view id, std::string why) {
        w.rejected.push_back({l, std::string(account), std::string(id), std::move(why)});
        ++w.summary.rejected;
    };
    auto text_of = [&](int field) -> std::string_view {
        int c = column_of_field_[field];
        return c >= 0 && static_cast<std::size_t>(c) < cols.size() ? cols[c] : std::string_view();
    };
    std::string_view account_text = text_of(in.usage_account_field);
    std::string_view id_text = in.usage_unique_field >= 0 ? text_of(in.usage_unique_field) : std::string_view();
    if (cols.size() != nfields) {
        reject(line, cols.size() > static_cast<std::size_t>(column_of_field_[in.usage_account_field]) ? account_text : "",
               id_text, fmt::format("expected {} fields, found {}", nfields, cols.size()));
        return;
    }
    // Fields, in declaration order.
    bool bad = false;
    for (std::size_t f = 0; f < nfields && !bad; ++f) {
        const char* why = parse_field(in.usage_fields[f], text_of(static_cast<int>(f)), record[f]);
        if (*why) {
            reject(line, account_text, id_text, fmt::format("{} {}", in.usage_fields[f].name, why));
            bad = true;
        }
    }
    if (bad) return;
    // The account (looked up by the reader, which routes rows by account).
    const int a = account;
    if (a < 0) {
        reject(line, account_text, id_text, fmt::format("unknown account \"{}\"", account_text));
        return;
    }
    const AccountData& ad = accounts[a];
    const plan::Tariff& t = tariffs[ad.tariff];
    // The duplicate check's key; its slot is fetched while the row is rated.
    uint64_t id_hash = 0;
    if (in.usage_unique_field >= 0) id_hash = Run::id_hash(a, id_text, w.id_key);
    // Entries of the account's lists.
    for (std::size_t f = 0; f < nfields && !bad; ++f) {
        const plan::Field& fd = in.usage_fields[f];
        if (fd.kind != ValueKind::Ref) continue;
        int e = ad.list_keys[fd.ref_list].find(text_of(static_cast<int>(f)));
        if (e < 0) {
            reject(line, account_text, id_text,
                   fmt::format("{} \"{}\" is not one of the account's {}", fd.name, text_of(static_cast<int>(f)),
                               t.inputs.lists[fd.ref_list].field_name));
            bad = true;
        } else {
            record[f] = Decimal::from_int(e);
        }
    }
    if (bad) return;
    Context cx;
    cx.t = &t;
    cx.account = &ad;
    cx.record = record.data();
    lets.resize(t.lets.size());
    cx.lets = lets.data();
    try {
        for (std::size_t l = 0; l < t.lets.size(); ++l) lets[l] = eval(cx, t.lets[l].value);
        for (const auto& r : t.rejects)
            if (truthy(cx, r.condition)) {
                reject(line, account_text, id_text, r.reason);
                bad = true;
                break;
            }
    } catch (const std::exception&) {
        reject(line, account_text, id_text, "a value of this row is too large to rate");
        bad = true;
    }
    if (bad) return;
    // Duplicates: an id seen on an earlier row of this account that was
    // not rejected.
    if (in.usage_unique_field >= 0 && w.seen_ids.insert_hashed(w.id_key, id_hash, 1) >= 0) {
        reject(line, account_text, id_text,
               fmt::format("duplicate {} \"{}\" (already seen for this account)", in.usage_fields[in.usage_unique_field].name, id_text));
        return;
    }
    int64_t time = record[in.usage_time_field].to_int64().value_or(0);
    int month = month_of(time).index() - first_month;
    if (month < 0 || month >= months_) {
        ++w.summary.out_of_period;
        return;
    }
    ++w.summary.rated;
    // Meters, and the packs that may absorb this row.
    try {
        // Each pack type the account holds is tested once, in declaration order.
        uint64_t pack_types = 0;
        int covered_let = -1;
        for (uint64_t owned = owned_pack_types_[a]; owned; owned &= owned - 1) {
            const int type = __builtin_ctzll(owned);
            const plan::PackType& pt = t.packs[static_cast<std::size_t>(type)];
            if (pt.where == plan::kNoExpr || truthy(cx, pt.where)) {
                if (covered_let < 0) covered_let = pt.covered_let;
                pack_types |= uint64_t{1} << type;
            }
        }
        const AccountSlots& s = slots_[a];
        std::size_t month_base = s.base + static_cast<std::size_t>(month) * s.width;
        HeldRow h{covered_let >= 0 ? lets[covered_let] : Decimal(), time, line, pack_types, 0,
                  static_cast<uint32_t>(a), static_cast<uint32_t>(month), covered_let, {}};
        for (std::size_t f = 0; f < nfields; ++f)
            if (ref_slot_[f] >= 0) h.refs[ref_slot_[f]] = static_cast<int32_t>(index_of(record[f]));
        for (std::size_t m = 0; m < t.meters.size(); ++m) {
            const plan::Meter& mt = t.meters[m];
            int group = mt.group_list >= 0 ? static_cast<int>(index_of(record[mt.group_field])) : 0;
            if (mt.where != plan::kNoExpr && !truthy(cx, mt.where)) continue;
            Decimal v = mt.is_count ? kOne : eval(cx, mt.value);
            acc_[month_base + static_cast<std::size_t>(s.meter_offsets[m] + group)] += v;
            if (mt.after_packs && mt.covered_let == covered_let && pack_types) h.meters |= uint64_t{1} << m;
        }
        if (pack_types && h.meters && h.quantity.sign() > 0) w.held.push_back(h);
    } catch (const std::exception&) {
        w.error = fmt::format("usage line {}: a total grew too large to represent", line);
        return;
    }
}

bool Run::go(std::string& error) {
    const auto& tariffs = *rq_.tariffs;
    if (tariffs.empty()) {
        error = "no tariff to rate with";
        return false;
    }
    usage_plan_ = &tariffs.front();
    for (const auto& t : tariffs) {
        if (!same_usage(t.inputs, usage_plan_->inputs)) {
            error = fmt::format("tariffs {} and {} declare different usage records; one usage file cannot feed both",
                                usage_plan_->name, t.name);
            return false;
        }
    }
    months_ = rq_.to.index() - rq_.from.index() + 1;
    for (const auto& f : usage_plan_->inputs.usage_fields) {
        int slot = -1;
        if (f.kind == ValueKind::Ref) slot = ref_count_++;
        ref_slot_.push_back(slot);
    }
    setup_accounts();

    if (!read_header(error, column_of_field_)) return false;

    // The reader (this thread) splits records into batches by account; each
    // worker rates the accounts that hash to it, so no two threads ever touch
    // the same account's meters. Results do not depend on the number of
    // workers: rejections are sorted by line, held rows by account and time.
    const plan::Inputs& in = usage_plan_->inputs;
    const std::size_t nworkers = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    std::vector<Worker> workers(nworkers);
    std::vector<Channel> channels(nworkers);
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < nworkers; ++w) {
        // About 40 bytes a row; capped so that a huge file cannot ask for
        // more memory up front than its rows will need anyway.
        std::size_t expected = static_cast<std::size_t>(rq_.usage->size_hint() / 40 / nworkers);
        workers[w].seen_ids.reserve(std::clamp<std::size_t>(expected, 1 << 12, 1 << 24));
        threads.emplace_back([this, &worker = workers[w], &ch = channels[w]] { work(worker, ch); });
    }
    std::vector<Batch> filling(nworkers);
    const int account_column = column_of_field_[in.usage_account_field];
    std::string reason;
    bool io_error = false;
    for (;;) {
        auto status = rq_.usage->next(reason);
        if (status == UsageReader::Status::End) break;
        if (status == UsageReader::Status::IoError) {
            io_error = true;
            break;
        }
        ++res_.summary.rows;
        const uint64_t line = rq_.usage->line();
        if (status == UsageReader::Status::Malformed) {
            reject(line, "", "", "malformed CSV: " + reason);
            continue;
        }
        const auto& cols = rq_.usage->fields();
        std::string_view account_text =
            static_cast<std::size_t>(account_column) < cols.size() ? cols[account_column] : std::string_view();
        const uint64_t h = StringIndex::hash(account_text);
        const int32_t account = rq_.accounts->by_id.find_hashed(account_text, h);
        std::size_t w = account >= 0 ? static_cast<std::size_t>(account) % nworkers : h % nworkers;
        filling[w].add(line, account, cols);
        if (filling[w].rows.size() >= Batch::kRows) channels[w].push(filling[w]);
    }
    for (std::size_t w = 0; w < nworkers; ++w) {
        if (!filling[w].rows.empty()) channels[w].push(filling[w]);
        channels[w].close();
    }
    for (auto& t : threads) t.join();
    if (io_error) {
        error = "cannot read the usage file";
        return false;
    }
    for (auto& w : workers) {
        if (!w.error.empty()) {
            error = w.error;
            return false;
        }
        res_.summary.rated += w.summary.rated;
        res_.summary.rejected += w.summary.rejected;
        res_.summary.out_of_period += w.summary.out_of_period;
        res_.rejected.insert(res_.rejected.end(), std::make_move_iterator(w.rejected.begin()),
                             std::make_move_iterator(w.rejected.end()));
    }
    std::sort(res_.rejected.begin(), res_.rejected.end(),
              [](const Rejection& x, const Rejection& y) { return x.line < y.line; });
    const auto& accounts = rq_.accounts->accounts;

    try {
        for (std::size_t a = 0; a < accounts.size(); ++a)
            for (int m = 0; m < months_; ++m) {
                res_.invoices.emplace_back();
                invoice(a, m, res_.invoices.back());
            }
    } catch (const OverflowError& e) {
        error = fmt::format("an amount grew too large to represent ({})", e.what());
        return false;
    }
    return true;
}

}  // namespace

bool evaluate(const EvalRequest& request, EvalResult& result, std::string& error) {
    Run run(request, result);
    return run.go(error);
}

}  // namespace tarifc
