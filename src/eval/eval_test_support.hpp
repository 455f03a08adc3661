// The fixture the driver-level rating tests share (eval_test.cpp,
// eval_formats_test.cpp): a scratch directory with accounts and usage, rated
// on the shipped CCC tariffs, and usage generated from a fixed seed.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands/check.hpp"
#include "commands/eval.hpp"

namespace eval_test {

namespace fs = std::filesystem;
using nlohmann::json;

inline fs::path repo_root() {
    fs::path p = fs::current_path();
    while (!p.empty() && !fs::exists(p / "tariffs" / "aliyun-ccc")) {
        if (p == p.parent_path()) break;
        p = p.parent_path();
    }
    return p;
}

struct Run {
    int rc = -1;
    std::string out, err;
    json doc;
};

class Scenario {
public:
    Scenario() {
        static int counter = 0;
        dir_ = fs::temp_directory_path() / fmt::format("tarifc-eval-test-{}-{}", ::getpid(), counter++);
        fs::create_directories(dir_);
    }
    ~Scenario() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void accounts(const std::string& text) { write("accounts.json", text); }
    void usage(const std::string& rows) { write("calls.csv", "account,call_id,start,direction,number,duration_s\n" + rows); }
    void raw_usage(const std::string& text) { write("calls.csv", text); }
    Run eval(const std::string& from, const std::string& to, tarifc::EvalFormat f = tarifc::EvalFormat::Json,
             int threads = 0, std::vector<std::string> account_ids = {}) {
        tarifc::EvalOptions o;
        o.threads = threads;
        o.account_ids = std::move(account_ids);
        o.explain = explain_;
        o.row_classes = row_classes_;
        o.tariff_path = tariff_.empty() ? (repo_root() / "tariffs" / "aliyun-ccc").string() : (dir_ / tariff_).string();
        o.accounts_path = (dir_ / "accounts.json").string();
        o.usage_path = (dir_ / "calls.csv").string();
        o.from = from;
        o.to = to;
        o.format = f;
        std::ostringstream out, err;
        Run r;
        r.rc = tarifc::run_eval(o, out, err);
        r.out = out.str();
        r.err = err.str();
        if (r.rc == 0 && f == tarifc::EvalFormat::Json) r.doc = json::parse(r.out);
        return r;
    }
    fs::path path(const std::string& name) const { return dir_ / name; }
    // The next runs with --explain (or not).
    void explain(bool on) { explain_ = on; }
    // The next runs with row classes (src/eval/row_class.hpp) or without.
    void row_classes(bool on) { row_classes_ = on; }
    // The next runs rate with this tariff text (written as tariff.tariff)
    // instead of the shipped CCC tariffs.
    void tariff(const std::string& text) {
        write("tariff.tariff", text);
        tariff_ = "tariff.tariff";
    }

private:
    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
    }
    fs::path dir_;
    bool explain_ = false;
    bool row_classes_ = true;
    std::string tariff_;
};

inline std::string one_account(const std::string& plan, const std::string& extra = "", int seats = 0) {
    return fmt::format(R"({{"accounts": [{{"id": "a", "plan": "{}", "seats": {},
      "numbers": [{{"number": "F1", "kind": "aliyun-fixed"}}, {{"number": "T1", "kind": "third-party"}},
                  {{"number": "S1", "kind": "own-sip"}}, {{"number": "N4", "kind": "aliyun-400", "min_monthly_spend": "300"}}]
      {}}}]}})",
                       plan, seats, extra);
}

inline const json& line(const json& inv, const std::string& charge) {
    static const json none;
    for (const auto& l : inv["lines"])
        if (l["charge"] == charge) return l;
    return none;
}

inline std::string amount(const json& inv, const std::string& charge) {
    const json& l = line(inv, charge);
    return l.is_null() ? "absent" : l["amount"].get<std::string>();
}

// Calls on number `num` that add up to `minutes` rounded minutes.
inline std::string calls(const std::string& num, const std::string& dir, long minutes, const std::string& day = "2019-07-10",
                  const std::string& id = "c") {
    return fmt::format("a,{}-{}-{},{}T10:00:00,{},{},{}\n", id, num, minutes, day, dir, num, minutes * 60);
}

struct Generated {
    std::string accounts;
    std::vector<std::string> rows;

    // The rows as one usage text (without the header: Scenario::usage adds it).
    std::string joined() const {
        std::string out;
        for (const auto& r : rows) out += r;
        return out;
    }
};

inline Generated generate(unsigned seed, int accounts, int rows_per_account) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    Generated g;
    g.accounts = R"({"accounts": [)";
    const char* types[] = {"fixed-inbound", "fixed-outbound", "400-inbound"};
    for (int a = 0; a < accounts; ++a) {
        std::string packs;
        int npacks = pick(4);
        for (int p = 0; p < npacks; ++p)
            packs += fmt::format(R"({}{{"id": "p{}", "type": "{}", "minutes": 10000, "purchased": "2019-0{}-{:02}", "remaining": {}}})",
                                 p ? "," : "", p, types[pick(3)], 5 + pick(4), 1 + pick(28), pick(300));
        g.accounts += fmt::format(
            R"({}{{"id": "acct{:02}", "plan": "{}", "seats": {}, "numbers": [
              {{"number": "F", "kind": "aliyun-fixed"}}, {{"number": "T", "kind": "third-party"}},
              {{"number": "N", "kind": "aliyun-400", "min_monthly_spend": "{}"}}], "voice_packs": [{}]}})",
            a ? "," : "", a, pick(2) ? "ccc-payg" : "ccc-seat", pick(150), pick(2) * 100, packs);
        for (int r = 0; r < rows_per_account; ++r) {
            const char* numbers[] = {"F", "T", "N"};
            std::string num = numbers[pick(3)];
            std::string dir = num == "N" || pick(2) ? "inbound" : "outbound";
            // Distinct start times: minute r of the run, spread over 3 months.
            int minute = r * 997 + a;
            int day = 1 + (minute / 1440) % 28, month = 7 + (minute / (1440 * 28)) % 3;
            g.rows.push_back(fmt::format("acct{:02},c{},2019-{:02}-{:02}T{:02}:{:02}:00,{},{},{}\n", a, r, month, day,
                                         (minute / 60) % 24, minute % 60, dir, num, pick(10) ? pick(1800) : 0));
        }
    }
    g.accounts += "]}";
    return g;
}

}  // namespace eval_test
