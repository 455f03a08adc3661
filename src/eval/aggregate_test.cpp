// The meters' aggregates against a reference computed here, on random rows
// with many ties in time and value, rated in several row orders and
// thread counts: the invoices must be the reference's and byte-identical.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/civil_time.hpp"
#include "base/decimal.hpp"
#include "commands/check.hpp"
#include "commands/eval.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tarifc::Decimal;
using tarifc::RoundingMode;

const char* kTariff = R"(tariff agg "Aggregates" version 2024-01-01
currency USD
rounding money to 0.01 half-up per line
unit GB
unit mGB = 0.001 GB

account {
    id: text key
    plan: plan
}
usage row {
    account: account
    at: timestamp
    gb: decimal GB
    user: text
}

meter peak = max(row.gb) of rows
meter low = min(row.gb) of rows
meter final = last(row.gb) of rows
meter avg = average(row.gb) of rows rounded to mGB half-even
meter twa = time-weighted average(row.gb) of rows rounded to mGB half-up
meter users = distinct count(row.user) of rows

charge c_peak "peak" monthly on peak at 1 USD/GB
charge c_low "low" monthly on low at 1 USD/GB
charge c_final "final" monthly on final at 1 USD/GB
charge c_avg "avg" monthly on avg at 1 USD/GB
charge c_twa "twa" monthly on twa at 1 USD/GB
charge c_users "users" monthly on users at 1 USD
)";

struct Row {
    int account;
    int64_t time;  // seconds in March 2024
    Decimal gb;
    std::string user;
};

// Reference values of one account's rows in March 2024 (31 days).
std::map<std::string, std::string> reference(std::vector<Row> rows) {
    std::map<std::string, std::string> out;
    if (rows.empty()) return out;
    std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
        return x.time != y.time ? x.time < y.time : y.gb < x.gb;  // a tie in time: the greatest first
    });
    Decimal peak = rows[0].gb, low = rows[0].gb, sum;
    std::set<std::string> users;
    for (const auto& r : rows) {
        peak = std::max(peak, r.gb);
        low = std::min(low, r.gb);
        sum += r.gb;
        users.insert(r.user);
    }
    // last: the latest time, the greatest value among its rows.
    int64_t latest = rows.back().time;
    Decimal last = rows.back().gb;
    for (const auto& r : rows)
        if (r.time == latest) last = std::max(last, r.gb);
    const Decimal step = *Decimal::parse("0.001");
    const Decimal n = Decimal::from_int(static_cast<int64_t>(rows.size()));
    Decimal avg = Decimal::divide(sum, n * step, 0, RoundingMode::HalfEven) * step;
    Decimal held;
    const int64_t month = 31 * 86400;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i > 0 && rows[i].time == rows[i - 1].time) continue;
        std::size_t next = i + 1;
        while (next < rows.size() && rows[next].time == rows[i].time) ++next;
        int64_t until = next < rows.size() ? rows[next].time : month;
        held += rows[i].gb * Decimal::from_int(until - rows[i].time);
    }
    Decimal twa = Decimal::divide(held, Decimal::from_int(month) * step, 0, RoundingMode::HalfUp) * step;
    out["c_peak"] = peak.to_string();
    out["c_low"] = low.to_string();
    out["c_final"] = last.to_string();
    out["c_avg"] = avg.to_string();
    out["c_twa"] = twa.to_string();
    out["c_users"] = std::to_string(users.size());
    return out;
}

std::string timestamp(int64_t t) {
    return fmt::format("2024-03-{:02}T{:02}:{:02}:{:02}", 1 + t / 86400, t / 3600 % 24, t / 60 % 60, t % 60);
}

}  // namespace

TEST_CASE("aggregates: the reference's values, in any row order and any thread count") {
    const fs::path dir = fs::temp_directory_path() / fmt::format("tarifc-aggregate-test-{}", ::getpid());
    fs::create_directories(dir);
    std::ofstream(dir / "agg.tariff") << kTariff;
    constexpr int kAccounts = 12;
    std::string accounts = R"({"accounts": [)";
    for (int a = 0; a < kAccounts; ++a) accounts += fmt::format(R"({}{{"id": "a{}", "plan": "agg"}})", a ? "," : "", a);
    std::ofstream(dir / "accounts.json") << accounts << "]}";

    std::mt19937 rng(20240301);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    std::vector<Row> rows;
    for (int a = 0; a < kAccounts - 1; ++a) {  // the last account has no rows: an empty month
        const int n = a == 0 ? 1 : 1 + pick(40);
        for (int i = 0; i < n; ++i) {
            // Few distinct times and values: ties in both are common.
            const int64_t t = static_cast<int64_t>(pick(8)) * 4 * 86400 + pick(3) * 3600;
            const Decimal gb = Decimal::from_parts(pick(5) * 1000 + pick(3), 3);
            rows.push_back({a, t, gb, fmt::format("u{}", pick(6))});
        }
    }
    std::string first_output;
    for (int round = 0; round < 4; ++round) {
        std::shuffle(rows.begin(), rows.end(), rng);
        std::string csv = "account,at,gb,user\n";
        for (const auto& r : rows) csv += fmt::format("a{},{},{},{}\n", r.account, timestamp(r.time), r.gb.to_string(), r.user);
        std::ofstream(dir / "usage.csv") << csv;
        for (int threads : {1, 3}) {
            tarifc::EvalOptions o;
            o.tariff_path = (dir / "agg.tariff").string();
            o.accounts_path = (dir / "accounts.json").string();
            o.usage_path = (dir / "usage.csv").string();
            o.from = "2024-03";
            o.to = "2024-03";
            o.format = tarifc::EvalFormat::Json;
            o.explain = true;
            o.threads = threads;
            std::ostringstream out, err;
            REQUIRE(tarifc::run_eval(o, out, err) == 0);
            if (first_output.empty()) first_output = out.str();
            CHECK(out.str() == first_output);
            if (round > 0 || threads != 1) continue;
            const json doc = json::parse(out.str());
            for (const auto& inv : doc["invoices"]) {
                const int a = std::stoi(inv["account"].get<std::string>().substr(1));
                std::vector<Row> mine;
                for (const auto& r : rows)
                    if (r.account == a) mine.push_back(r);
                auto want = reference(mine);
                std::map<std::string, std::string> got;
                for (const auto& l : inv["lines"]) got[l["charge"].get<std::string>()] = l["quantity"].get<std::string>();
                // Not a structured binding: clang 14 cannot capture one in CHECK_MESSAGE's lambda.
                for (const auto& entry : want) {
                    const std::string charge = entry.first, v = entry.second;
                    // A quantity of 0 leaves its line out.
                    if (*Decimal::parse(v) == Decimal()) continue;
                    CHECK_MESSAGE(got[charge] == Decimal::parse(v)->normalized().to_string(),
                                  fmt::format("account a{} {}", a, charge));
                }
                if (mine.empty()) CHECK(inv["lines"].empty());
            }
        }
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
}
