// tarifc compare, corpus mode: the accounts file read as each plan of the
// price book in turn, the same usage rated under each, and per account and
// month every plan's total next to the plan the account is on.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "compare/compare.hpp"
#include "compare/shared.hpp"
#include "io/format.hpp"

namespace tarifc::compare {

std::vector<PlanInfo> plan_infos(const std::vector<plan::Tariff>& tariffs) {
    std::vector<PlanInfo> out;
    for (const auto& t : tariffs) out.push_back({t.name, t.title, t.currency});
    return out;
}

std::vector<const plan::Tariff*> plan_pointers(const std::vector<plan::Tariff>& tariffs) {
    std::vector<const plan::Tariff*> out;
    for (const auto& t : tariffs) out.push_back(&t);
    return out;
}

bool load_as_plan(const Inputs& in, int p, AccountsFile& out, std::vector<Unpriceable>& skipped,
                  Diagnostic& problem) {
    std::vector<std::pair<std::string, Diagnostic>> left_out;
    AccountsOptions options;
    options.as_plan = p;
    options.skipped = &left_out;
    if (!load_accounts(in.accounts_path, plan_pointers(*in.tariffs), options, out, problem)) return false;
    for (auto& [id, d] : left_out) {
        std::string where = d.data.path;
        if (d.data.line) where += fmt::format(":{}:{}", d.data.line, d.data.column);
        skipped.push_back({id, p, fmt::format("{}: {}[{}]: {}", where, "error", d.code, d.message)});
    }
    return true;
}

void choose(Comparison& c, const std::vector<PlanInfo>& plans) {
    c.cheapest = -1;
    c.saving = Decimal{};
    if (c.on < 0 || !c.totals[c.on]) return;
    c.currency = plans[c.on].currency;
    // The account's own plan wins a tie; among the others, the first loaded.
    int best = c.on;
    for (int p = 0; p < static_cast<int>(plans.size()); ++p)
        if (c.totals[p] && plans[p].currency == c.currency && *c.totals[p] < *c.totals[best]) best = p;
    c.cheapest = best;
    c.saving = *c.totals[c.on] - *c.totals[best];
}

bool run_corpus(const Inputs& in, CorpusReport& r, Diagnostic& problem) {
    const auto& tariffs = *in.tariffs;
    // The file as it is: each account's own plan (and the file found valid).
    AccountsFile own;
    if (!load_accounts(in.accounts_path, plan_pointers(tariffs), own, problem)) return false;
    r.pricebook = in.pricebook;
    r.accounts_path = in.accounts_path;
    r.usage_path = in.usage_path;
    r.from = format_year_month(in.from);
    r.to = format_year_month(in.to);
    r.plans = plan_infos(tariffs);
    r.money_places = format_options_for(tariffs, false).money_places;

    const std::size_t plans = tariffs.size();
    const std::size_t months = static_cast<std::size_t>(in.to.index() - in.from.index() + 1);
    const std::size_t n = own.accounts.size();
    // Per plan, per (account, month): the invoice's total.
    std::vector<std::vector<std::optional<Decimal>>> totals(plans, std::vector<std::optional<Decimal>>(n * months));
    for (std::size_t p = 0; p < plans; ++p) {
        AccountsFile as;
        if (!load_as_plan(in, static_cast<int>(p), as, r.unpriceable, problem)) return false;
        UsageReader usage;
        if (!usage.open(in.usage_path, problem)) return false;
        EvalRequest rq;
        rq.tariffs = &tariffs;
        rq.accounts = &as;
        rq.usage = &usage;
        rq.from = in.from;
        rq.to = in.to;
        rq.threads = in.threads;
        auto& mine = totals[p];
        rq.on_invoice = [&](const Invoice& inv) {
            const int32_t a = own.by_id.find(inv.account);
            const int m = inv.period.index() - in.from.index();
            if (a < 0 || m < 0 || static_cast<std::size_t>(m) >= months) return;
            mine[static_cast<std::size_t>(a) * months + static_cast<std::size_t>(m)] = inv.total;
        };
        EvalResult result;
        if (!evaluate(rq, result, problem)) return false;
        r.runs.push_back(result.summary);
    }
    std::stable_sort(r.unpriceable.begin(), r.unpriceable.end(),
                     [](const Unpriceable& a, const Unpriceable& b) { return a.account < b.account; });

    std::map<std::string, CurrencySummary> by_currency;
    try {
        for (std::size_t a = 0; a < n; ++a) {
            const AccountData& acc = own.accounts[a];
            Comparison period;
            period.account = acc.id;
            period.on_plan = acc.plan;
            period.on = acc.tariff;
            period.totals.assign(plans, std::nullopt);
            for (std::size_t p = 0; p < plans; ++p) {
                bool all = true;
                Decimal sum;
                for (std::size_t m = 0; m < months; ++m) {
                    const auto& t = totals[p][a * months + m];
                    if (t)
                        sum += *t;
                    else
                        all = false;
                }
                if (all) period.totals[p] = sum;
            }
            for (std::size_t m = 0; m < months; ++m) {
                MonthRow row;
                static_cast<Comparison&>(row) = period;
                row.period = YearMonth::from_index(in.from.index() + static_cast<int>(m));
                for (std::size_t p = 0; p < plans; ++p) row.totals[p] = totals[p][a * months + m];
                choose(row, r.plans);
                r.months.push_back(std::move(row));
            }
            choose(period, r.plans);
            if (period.cheapest >= 0) {
                CurrencySummary& s = by_currency[period.currency];
                s.currency = period.currency;
                s.cheapest.resize(plans, 0);
                s.totals.resize(plans);
                ++s.accounts;
                ++s.cheapest[static_cast<std::size_t>(period.cheapest)];
                if (period.saving > Decimal{}) {
                    ++s.would_save;
                    s.saving += period.saving;
                }
                s.current += *period.totals[static_cast<std::size_t>(period.on)];
                for (std::size_t p = 0; p < plans; ++p)
                    if (period.totals[p] && r.plans[p].currency == period.currency) s.totals[p] += *period.totals[p];
            }
            r.accounts.push_back(std::move(period));
        }
    } catch (const OverflowError& e) {
        problem = Diagnostic::error_at("E0804", {}, fmt::format("the totals grew too large to represent ({})", e.what()));
        return false;
    }
    for (auto& [c, s] : by_currency) r.summary.push_back(std::move(s));
    return true;
}

}  // namespace tarifc::compare
