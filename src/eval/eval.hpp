// Evaluation: stream usage rows through compiled tariffs and produce one
// invoice per account and month (after checking, before formatting).
//
//   evaluate(request, result, error)
//
// Every row ends as exactly one of: rated, rejected (line and reason), out
// of period. Rows stream through the plan; only rows that packs may absorb
// are held (compactly) until the end, because packs are drawn in
// chronological order and the file need not be sorted. The steps live in
// src/eval/: header.cpp, state.cpp, pipeline.cpp (threads) with rate.cpp
// (one row) and packs.cpp, invoice.cpp (with the charge kinds
// of src/charges/).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/accounts.hpp"
#include "base/civil_time.hpp"
#include "base/decimal.hpp"
#include "plan/plan.hpp"
#include "io/usage_reader.hpp"
#include "syntax/diagnostic.hpp"

namespace tarifc {

struct LineItem {
    std::string charge;        // the charge, minimum or discount name; "pack" for a pack purchase
    std::string description;
    Decimal quantity;
    std::string unit;
    Decimal exact;             // before rounding
    Decimal amount;            // rounded as the tariff says
    std::vector<std::string> explain;  // filled with --explain
    // What every format shows with the line, --explain or not: why a yearly
    // minimum's true-up is not billed (its year is not all evaluated).
    std::string note;
};

struct PackStatus {
    std::string id;
    std::string type;
    Decimal used;       // in this month
    Decimal remaining;  // at the end of this month
    bool expired = false;  // its validity ended by the end of this month: `remaining` is lost
};

struct Invoice {
    std::string account;
    YearMonth period{};
    std::string plan;
    std::string currency;
    std::vector<LineItem> lines;
    std::vector<PackStatus> packs;
    Decimal total;
};

struct Rejection {
    uint64_t line = 0;
    std::string account;
    std::string record_id;   // the unique field's text (call_id), may be empty
    std::string reason;
};

struct Summary {
    uint64_t rows = 0;
    uint64_t rated = 0;
    uint64_t rejected = 0;
    uint64_t out_of_period = 0;
    // With --account: the rows of the other accounts (known or not), neither
    // rated nor checked; rows = rated + rejected + out_of_period + this.
    bool selection = false;
    uint64_t other_accounts = 0;
};

// What a run keeps. The invoices are not kept: they go to
// EvalRequest::on_invoice one at a time.
struct EvalResult {
    std::vector<Rejection> rejected;   // by line
    Summary summary;
};

struct EvalRequest {
    const std::vector<plan::Tariff>* tariffs = nullptr;  // the plans accounts may name
    const AccountsFile* accounts = nullptr;
    UsageReader* usage = nullptr;
    YearMonth from{};
    YearMonth to{};
    bool explain = false;
    int threads = 1;   // rating workers (1..256); the output does not depend on it
    bool row_classes = true;  // off: every row evaluates every rule (tests; the output is the same)
    // Per account (index into accounts->accounts): rate it and hand over its
    // invoices. Empty: every account. The rows of the others are only
    // counted (Summary::other_accounts).
    std::vector<char> selected;
    // Receives every invoice, by account id, then period; each
    // is dropped once the call returns. Called only once every invoice is
    // known to fit, so a run that stops on an amount too large hands over
    // nothing.
    std::function<void(const Invoice&)> on_invoice;
};

// False on trouble that stops the run; `error` is its diagnostic: a usage
// file that is empty or whose header does not fit (E0801-E0803), a read
// error (E0902), an amount too large (E0804), tariffs that declare
// different usage records (E0905). Out of memory and bugs are thrown.
bool evaluate(const EvalRequest& request, EvalResult& result, Diagnostic& error);

}  // namespace tarifc
