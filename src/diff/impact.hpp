// `tarifc diff`, the impact of a price change: the invoices of the same
// usage rated under two price books, summed into compact per-account and
// per-charge totals (one pass over each run's invoices as evaluate() hands
// them over; nothing per row), then compared.
//
//   Totals old, neu;  add_invoice(old, invoice) ...   (EvalRequest::on_invoice)
//   build_impact(old, neu, top)  -> Impact           (per currency: revenue, movers, charges)
//   increases_over(impact, pct), revenue_change_over(impact, pct)   (the CI guards)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/decimal.hpp"
#include "eval/eval.hpp"

namespace tarifc::diff {

// One side's invoices, summed: per account (every month of the run), per
// (currency, charge name) line totals.
struct AccountTotal {
    std::string id;
    std::string plan;
    std::string currency;
    Decimal total;
};
struct Totals {
    std::vector<AccountTotal> accounts;  // by id (the order invoices come in)
    std::map<std::pair<std::string, std::string>, Decimal> charges;  // (currency, charge) -> amount
    Summary summary;                     // the run's rows: rated, rejected, out of period
};

// Adds one invoice (invoices come by account id, then period).
void add_invoice(Totals& totals, const Invoice& inv);

// A change from `before` to `after` in percent of |before|, rounded half-even
// to 2 places; nullopt when before is 0 and after is not (an infinite change).
std::optional<Decimal> percent_change(const Decimal& before, const Decimal& after);

struct AccountChange {
    std::string id;
    std::string plan;
    Decimal before, after, change;
    std::optional<Decimal> percent;  // nullopt: from 0 to something
};

struct ChargeChange {
    std::string charge;  // the line's charge, minimum or discount name; "pack" for pack purchases
    Decimal before, after, change;
    std::optional<Decimal> percent;
    bool only_before = false, only_after = false;  // the charge billed nothing on the other side
};

// Everything of one currency (amounts of different currencies are never added).
struct CurrencyImpact {
    std::string currency;
    Decimal before, after, change;
    std::optional<Decimal> percent;
    uint64_t accounts = 0, more = 0, less = 0, same = 0;
    std::vector<AccountChange> increases;  // the biggest first, ties by account id; at most `top`
    std::vector<AccountChange> decreases;  // the biggest first, ties by account id; at most `top`
    std::vector<ChargeChange> charges;     // by charge name
};

// An account billed in one currency before and another after: not compared.
struct CurrencySwitch {
    std::string id;
    std::string before_currency, after_currency;
    Decimal before, after;
};

struct Impact {
    std::vector<CurrencyImpact> currencies;   // by currency code
    std::vector<CurrencySwitch> switched;     // by account id
    Summary before_rows, after_rows;
    int money_places = 2;                     // decimals amounts are shown with
    // Every account's change (by id), for the guards.
    std::vector<AccountChange> all;
};

Impact build_impact(const Totals& before, const Totals& after, std::size_t top, int money_places);

// --fail-if-any-increase PCT: the accounts whose bill rises more than pct
// percent (an account going from 0 to more counts as an infinite rise), by id.
std::vector<AccountChange> increases_over(const Impact& impact, const Decimal& pct);

// --fail-if-revenue-change PCT: the currencies whose revenue changes by more
// than pct percent either way (from 0 to anything else: an infinite change).
std::vector<const CurrencyImpact*> revenue_change_over(const Impact& impact, const Decimal& pct);

// Text shared by the formats: "+12.34%", "-5.00%", "0.00%", "new" (from 0);
// a change too small to show keeps its sign ("+0.00%", `change` says which).
std::string percent_text(const std::optional<Decimal>& pct, const Decimal& change);
// An amount with the impact's decimals; a change is signed ("+1.00", "-2.50", "0.00").
std::string amount_text(const Decimal& d, int places);
std::string change_text(const Decimal& d, int places);
// A charge's percent column: percent_text, or "removed" for a charge with
// lines only before, "new" for one with lines only after.
std::string charge_percent_text(const ChargeChange& c);

}  // namespace tarifc::diff
