// The rating pipeline (see pipeline.hpp): Batch, Channel, the workers' loop
// and the merge of their results.
#include "eval/pipeline.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "eval/rate.hpp"

namespace tarifc::rating {

namespace {

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

// One worker: rates the batches of its channel, then draws its accounts'
// packs. An exception other than an amount too large (a bug, memory) is
// kept in `failure` and rethrown on the calling thread.
void work(const EvalRequest& rq, RatingState& st, WorkerState& w, Channel& ch, std::exception_ptr& failure) {
    Batch b;
    std::vector<std::string_view> cols;
    const plan::Inputs& in = st.usage_plan->inputs;
    const int id_column = in.usage_unique_field >= 0 ? st.column_of_field[in.usage_unique_field] : -1;
    const int ref_column = st.ref_field >= 0 ? st.column_of_field[static_cast<std::size_t>(st.ref_field)] : -1;
    const auto& accounts = rq.accounts->accounts;
    // The keys a row looks up in large tables (its duplicate check's, its
    // reference's) are hashed for the whole batch first, so that each row
    // can prefetch what rows a few places ahead will read: the tables'
    // slots and the per-account state are a cache miss each otherwise.
    // Two steps: kAhead rows ahead the slots and the account's records,
    // kNear rows ahead what those point to (a key's text, the account's
    // class bits, its meter block).
    constexpr std::size_t kAhead = 8, kNear = 3;
    std::vector<uint64_t> hashes, ref_hashes;
    std::string scratch;
    try {
        while (ch.pop(b)) {
            const std::size_t n = b.rows.size();
            hashes.assign(n, 0);
            ref_hashes.assign(n, 0);
            if (id_column >= 0 || ref_column >= 0) {
                std::size_t first = 0;
                for (std::size_t r = 0; r < n; ++r) {
                    const auto& row = b.rows[r];
                    auto text = [&](int column) {
                        const std::size_t f = first + static_cast<std::size_t>(column);
                        return std::string_view(b.text.data() + b.starts[f], b.starts[f + 1] - b.starts[f]);
                    };
                    if (row.account >= 0 && id_column >= 0 && static_cast<uint32_t>(id_column) < row.fields)
                        hashes[r] = id_hash(row.account, text(id_column), w.id_key);
                    if (row.account >= 0 && ref_column >= 0 && static_cast<uint32_t>(ref_column) < row.fields)
                        ref_hashes[r] = ref_hash(row.account, text(ref_column), scratch);
                    first += row.fields + 1;
                }
            }
            std::size_t field = 0;
            for (std::size_t r = 0; r < n; ++r) {
                const auto& row = b.rows[r];
                if (r + kAhead < n) {
                    const auto& ahead = b.rows[r + kAhead];
                    w.seen_ids.prefetch(hashes[r + kAhead]);
                    st.ref_keys.prefetch(ref_hashes[r + kAhead]);
                    if (ahead.account >= 0) {
                        const auto a = static_cast<std::size_t>(ahead.account);
                        __builtin_prefetch(&accounts[a].tariff);
                        __builtin_prefetch(&accounts[a].lists);
                        __builtin_prefetch(&st.classes[a]);
                        __builtin_prefetch(&st.class_shapes[a * st.class_stride]);
                        __builtin_prefetch(&st.tallies[a]);
                        __builtin_prefetch(&st.packs[a].owned_types);
                        __builtin_prefetch(&st.month_block[a * static_cast<std::size_t>(st.months)]);
                    }
                }
                if (r + kNear < n) {
                    const auto& near = b.rows[r + kNear];
                    st.ref_keys.prefetch_key(ref_hashes[r + kNear]);
                    if (near.account >= 0) {
                        const auto a = static_cast<std::size_t>(near.account);
                        // The first lines of the class bits and of the meter
                        // blocks (a few months of a few meters: a few lines).
                        const auto& classes = st.classes[a];
                        for (std::size_t i = 0; i < std::min<std::size_t>(classes.size(), 16); i += 8)
                            __builtin_prefetch(classes.data() + i);
                        const auto& slots = st.tallies[a].slots;
                        for (std::size_t i = 0; i < std::min<std::size_t>(slots.size(), 64); i += 8)
                            __builtin_prefetch(slots.data() + i);
                    }
                }
                cols.clear();
                for (uint32_t f = 0; f < row.fields; ++f, ++field)
                    cols.emplace_back(b.text.data() + b.starts[field], b.starts[field + 1] - b.starts[field]);
                ++field;
                if (!w.error) rate_row(rq, st, w, row.line, row.account, cols, hashes[r], ref_hashes[r]);
            }
            ch.recycle(b);
        }
        // The worker's accounts are its own, so it draws their packs too.
        uint32_t account = 0;
        try {
            if (!w.error) draw_packs(w.held, w.held_big, rq, st, account);
        } catch (const OverflowError& e) {
            w.error = Diagnostic::error_at(kTooLarge, {rq.usage->path()},
                                           fmt::format("an amount grew too large to represent ({})", e.what()));
            w.error_rank = WorkerState::kDrawRank + account;
        }
    } catch (...) {
        failure = std::current_exception();
        // Keep taking batches so that the reader never waits on a full channel.
        while (ch.pop(b)) ch.recycle(b);
    }
    std::vector<HeldRow>().swap(w.held);
    std::vector<Decimal>().swap(w.held_big);
}

// The reader: this thread. A record goes to the worker of its account's
// index (an unknown account's by a hash of its id), so every account
// belongs to exactly one worker. Malformed records are rejected here, and
// with --account the rows of the other accounts are counted and dropped.
// False on a read error, with the system's `reason`.
bool route_rows(const EvalRequest& rq, const RatingState& st, std::vector<Channel>& channels, EvalResult& result,
                std::string& reason) {
    const std::size_t nworkers = channels.size();
    std::vector<Batch> filling(nworkers);
    const int account_column = st.column_of_field[st.usage_plan->inputs.usage_account_field];
    for (;;) {
        auto status = rq.usage->next(reason);
        if (status == UsageReader::Status::End) break;
        if (status == UsageReader::Status::IoError) return false;
        ++result.summary.rows;
        const uint64_t line = rq.usage->line();
        if (status == UsageReader::Status::Malformed) {
            result.rejected.push_back({line, "", "", "malformed CSV: " + reason});
            ++result.summary.rejected;
            continue;
        }
        const auto& cols = rq.usage->fields();
        std::string_view account_text =
            static_cast<std::size_t>(account_column) < cols.size() ? cols[account_column] : std::string_view();
        const uint64_t h = StringIndex::hash(account_text);
        const int32_t account = rq.accounts->by_id.find_hashed(account_text, h);
        // --account: another account's row (or an unknown account's) is
        // only counted.
        if (!rq.selected.empty() && (account < 0 || !rq.selected[static_cast<std::size_t>(account)])) {
            ++result.summary.other_accounts;
            continue;
        }
        std::size_t w = account >= 0 ? static_cast<std::size_t>(account) % nworkers : h % nworkers;
        filling[w].add(line, account, cols);
        if (filling[w].rows.size() >= Batch::kRows) channels[w].push(filling[w]);
    }
    for (std::size_t w = 0; w < nworkers; ++w)
        if (!filling[w].rows.empty()) channels[w].push(filling[w]);
    return true;
}

}  // namespace

bool rate_usage(const EvalRequest& rq, RatingState& st, EvalResult& result, Diagnostic& error) {
    const std::size_t nworkers = static_cast<std::size_t>(std::max(1, rq.threads));
    std::vector<WorkerState> workers(nworkers);
    std::vector<Channel> channels(nworkers);
    std::vector<std::exception_ptr> failures(nworkers);
    std::vector<std::thread> threads;
    threads.reserve(nworkers);
    // The workers are stopped and joined before anything leaves this
    // function, an exception (no memory, no thread) included.
    auto stop_workers = [&] {
        for (auto& ch : channels) ch.close();
        for (auto& t : threads) t.join();
    };
    bool read_ok = false;
    std::string read_error;
    try {
        for (std::size_t w = 0; w < nworkers; ++w) {
            // Rows guessed at 64 bytes (a CCC call is 45 to 70); capped so
            // that a huge file cannot ask for more memory up front than its
            // rows will need anyway. The set takes 8 bytes a slot, at most
            // 0.8 keys a slot, sized to the reserve (not a power of two). A
            // worker's share of the rows follows the split of the accounts
            // (bench: 42% and 58% on two workers), so each reserves a
            // quarter more than an even share; a guess too low costs a
            // rehash to 1.5 times the slots.
            std::size_t expected = static_cast<std::size_t>(rq.usage->size_hint() / 64 / nworkers);
            expected += expected / 4;
            workers[w].seen_ids.reserve(std::clamp<std::size_t>(expected, 1 << 12, 1 << 24));
            threads.emplace_back([&rq, &st, &worker = workers[w], &ch = channels[w], &failure = failures[w]] {
                work(rq, st, worker, ch, failure);
            });
        }
        read_ok = route_rows(rq, st, channels, result, read_error);
    } catch (...) {
        stop_workers();
        throw;
    }
    stop_workers();
    for (auto& f : failures)
        if (f) std::rethrow_exception(f);
    if (!read_ok) {
        error = Diagnostic::error_at("E0902", {rq.usage->path()}, "cannot read the usage file: " + read_error);
        return false;
    }
    // The merge: the problem a single worker would have met first, else
    // counts added up and rejections in line order.
    const WorkerState* stopped = nullptr;
    for (const auto& w : workers)
        if (w.error && (!stopped || w.error_rank < stopped->error_rank)) stopped = &w;
    if (stopped) {
        error = *stopped->error;
        return false;
    }
    for (auto& w : workers) {
        result.summary.rated += w.summary.rated;
        result.summary.rejected += w.summary.rejected;
        result.summary.out_of_period += w.summary.out_of_period;
        result.rejected.insert(result.rejected.end(), std::make_move_iterator(w.rejected.begin()),
                               std::make_move_iterator(w.rejected.end()));
    }
    std::sort(result.rejected.begin(), result.rejected.end(),
              [](const Rejection& x, const Rejection& y) { return x.line < y.line; });
    // Averages and time-weighted averages need every row of their month.
    std::vector<AggregateScratch*> scratch;
    for (auto& w : workers) scratch.push_back(&w.aggregates);
    try {
        finish_aggregates(rq, st, scratch);
    } catch (const OverflowError& e) {
        error = Diagnostic::error_at(kTooLarge, {rq.usage->path()},
                                     fmt::format("an amount grew too large to represent ({})", e.what()));
        return false;
    }
    return true;
}

}  // namespace tarifc::rating
