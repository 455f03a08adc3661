#include "diff/impact.hpp"

#include <algorithm>

#include "base/money_text.hpp"

namespace tarifc::diff {

namespace {

const Decimal kHundred = Decimal::from_int(100);

Decimal abs(const Decimal& d) { return d.is_negative() ? -d : d; }

// True when `after` exceeds `before` by more than pct percent of |before|
// (exactly: no rounding); from 0 (or less) to more is always true.
bool rises_over(const Decimal& before, const Decimal& after, const Decimal& pct) {
    const Decimal change = after - before;
    if (change.sign() <= 0) return false;
    if (before.sign() <= 0) return true;
    return change * kHundred > pct * before;
}

AccountChange account_change(const std::string& id, const std::string& plan, const Decimal& before,
                             const Decimal& after) {
    return {id, plan, before, after, after - before, percent_change(before, after)};
}

}  // namespace

void add_invoice(Totals& totals, const Invoice& inv) {
    if (totals.accounts.empty() || totals.accounts.back().id != inv.account)
        totals.accounts.push_back({inv.account, inv.plan, inv.currency, Decimal{}});
    totals.accounts.back().total += inv.total;
    for (const auto& li : inv.lines) totals.charges[{inv.currency, li.charge}] += li.amount;
}

std::optional<Decimal> percent_change(const Decimal& before, const Decimal& after) {
    const Decimal change = after - before;
    if (change.is_zero()) return Decimal::from_int(0).rounded(2, RoundingMode::HalfEven);
    if (before.is_zero()) return std::nullopt;
    return Decimal::divide(change * kHundred, abs(before), 2, RoundingMode::HalfEven);
}

Impact build_impact(const Totals& before, const Totals& after, std::size_t top, int money_places) {
    Impact impact;
    impact.before_rows = before.summary;
    impact.after_rows = after.summary;
    impact.money_places = money_places;
    std::map<std::string, CurrencyImpact> by_currency;
    const auto currency = [&](const std::string& c) -> CurrencyImpact& {
        auto& ci = by_currency[c];
        ci.currency = c;
        return ci;
    };

    // Accounts: both lists are sorted by id; an account only on one side
    // (no invoice on the other) counts as 0 there.
    std::vector<AccountChange> changes;
    std::vector<std::string> change_currency;
    std::size_t i = 0, j = 0;
    while (i < before.accounts.size() || j < after.accounts.size()) {
        const AccountTotal* b = i < before.accounts.size() ? &before.accounts[i] : nullptr;
        const AccountTotal* a = j < after.accounts.size() ? &after.accounts[j] : nullptr;
        if (b && a && b->id != a->id) {  // the smaller id is on one side only
            if (b->id < a->id)
                a = nullptr;
            else
                b = nullptr;
        }
        if (b) currency(b->currency).before += b->total;
        if (a) currency(a->currency).after += a->total;
        if (b && a && b->currency != a->currency) {
            impact.switched.push_back({b->id, b->currency, a->currency, b->total, a->total});
        } else {
            const AccountTotal& any = b ? *b : *a;
            changes.push_back(account_change(any.id, a ? a->plan : b->plan, b ? b->total : Decimal{},
                                             a ? a->total : Decimal{}));
            change_currency.push_back(any.currency);
        }
        if (b) ++i;
        if (a) ++j;
    }

    for (std::size_t k = 0; k < changes.size(); ++k) {
        auto& ci = currency(change_currency[k]);
        const auto& c = changes[k];
        ++ci.accounts;
        const int s = c.change.sign();
        ++(s > 0 ? ci.more : s < 0 ? ci.less : ci.same);
        if (s > 0) ci.increases.push_back(c);
        if (s < 0) ci.decreases.push_back(c);
    }
    const auto keep_top = [top](std::vector<AccountChange>& v, bool up) {
        std::sort(v.begin(), v.end(), [up](const AccountChange& x, const AccountChange& y) {
            if (x.change != y.change) return up ? x.change > y.change : x.change < y.change;
            return x.id < y.id;
        });
        if (v.size() > top) v.resize(top);
    };

    // Charges: the union of both sides' (currency, charge) keys.
    std::map<std::pair<std::string, std::string>, std::pair<const Decimal*, const Decimal*>> keys;
    for (const auto& [k, v] : before.charges) keys[k].first = &v;
    for (const auto& [k, v] : after.charges) keys[k].second = &v;
    for (const auto& [k, v] : keys) {
        const Decimal b = v.first ? *v.first : Decimal{};
        const Decimal a = v.second ? *v.second : Decimal{};
        currency(k.first).charges.push_back(
            {k.second, b, a, a - b, percent_change(b, a), v.second == nullptr, v.first == nullptr});
    }

    for (auto& [code, ci] : by_currency) {
        ci.change = ci.after - ci.before;
        ci.percent = percent_change(ci.before, ci.after);
        keep_top(ci.increases, true);
        keep_top(ci.decreases, false);
        impact.currencies.push_back(std::move(ci));
    }
    impact.all = std::move(changes);
    return impact;
}

std::vector<AccountChange> increases_over(const Impact& impact, const Decimal& pct) {
    std::vector<AccountChange> out;
    for (const auto& c : impact.all)
        if (rises_over(c.before, c.after, pct)) out.push_back(c);
    return out;
}

std::vector<const CurrencyImpact*> revenue_change_over(const Impact& impact, const Decimal& pct) {
    std::vector<const CurrencyImpact*> out;
    for (const auto& ci : impact.currencies) {
        const Decimal change = abs(ci.change);
        if (change.is_zero()) continue;
        if (ci.before.is_zero() || change * kHundred > pct * abs(ci.before)) out.push_back(&ci);
    }
    return out;
}

std::string percent_text(const std::optional<Decimal>& pct, const Decimal& change) {
    if (!pct) return "new";
    const std::string s = pct->to_fixed(2);
    if (pct->is_zero()) return change.sign() > 0 ? "+0.00%" : change.sign() < 0 ? "-0.00%" : "0.00%";
    return (pct->sign() > 0 ? "+" : "") + s + "%";
}

std::string charge_percent_text(const ChargeChange& c) {
    return c.only_before ? "removed" : c.only_after ? "new" : percent_text(c.percent, c.change);
}

std::string amount_text(const Decimal& d, int places) { return money_fixed(d, places); }

std::string change_text(const Decimal& d, int places) {
    return (d.sign() > 0 ? "+" : "") + money_fixed(d, places);
}

}  // namespace tarifc::diff
