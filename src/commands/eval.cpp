#include "commands/eval.hpp"

#include <algorithm>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "base/civil_time.hpp"
#include "base/spelling.hpp"
#include "check/check.hpp"
#include "eval/eval.hpp"
#include "io/accounts.hpp"
#include "io/format.hpp"
#include "syntax/load.hpp"

namespace tarifc {

int run_eval(const EvalOptions& options, std::ostream& out, std::ostream& err) {
    auto from = parse_year_month(options.from);
    auto to = parse_year_month(options.to);
    if (!from || !to) return trouble(err, "E0901", {}, "--from and --to are months written YYYY-MM, e.g. 2019-07");
    if (*to < *from)
        return trouble(err, "E0901", {}, fmt::format("--to {} is before --from {}", options.to, options.from));
    if (to->index() - from->index() >= 1200)
        return trouble(err, "E0901", {}, "at most 100 years (1200 months) in one run");
    if (options.threads < 0 || options.threads > 256)
        return trouble(err, "E0901", {}, "--threads is a number of workers from 1 to 256");

    // The tariffs must be sound before any data is read.
    Workspace ws;
    Diagnostics diags;
    if (!load_workspace({options.tariff_path}, ws, diags)) {
        for (const auto& d : diags.all()) err << render_human(d);
        return kExitTrouble;
    }
    std::vector<plan::Tariff> tariffs = check_workspace(ws, diags);
    diags.sort_and_dedupe();
    if (diags.has_errors()) {
        for (const auto& d : diags.all())
            if (d.severity == Severity::Error) err << render_human(d) << "\n";
        err << fmt::format("tarifc: {} has {} error{}; nothing was rated\n", options.tariff_path,
                           diags.error_count(), diags.error_count() == 1 ? "" : "s");
        return kExitTrouble;
    }
    if (tariffs.empty())
        return trouble(err, "E0904", {options.tariff_path}, "holds no tariff (only shared files)");

    std::vector<const plan::Tariff*> plans;
    for (const auto& t : tariffs) plans.push_back(&t);
    AccountsFile accounts;
    Diagnostic problem;
    if (!load_accounts(options.accounts_path, plans, accounts, problem)) return trouble(err, problem);
    // --account: each id resolved once to its index (the rows are routed by
    // index, no lookup by text per row).
    std::vector<char> selected;
    if (!options.account_ids.empty()) {
        selected.assign(accounts.accounts.size(), 0);
        for (const auto& id : options.account_ids) {
            const int32_t a = accounts.by_id.find(id);
            if (a < 0) {
                std::vector<std::string> ids;
                for (const auto& acc : accounts.accounts) ids.push_back(acc.id);
                auto d = Diagnostic::error_at("E0901", {},
                                              fmt::format("--account {}: no such account in {}", visible(id),
                                                          options.accounts_path));
                if (auto hint = did_you_mean(id, ids); !hint.empty()) d.notes.push_back({{}, hint});
                return trouble(err, d);
            }
            selected[static_cast<std::size_t>(a)] = 1;
        }
    }
    UsageReader usage;
    if (!usage.open(options.usage_path, problem)) return trouble(err, problem);

    // Rate.
    EvalRequest rq;
    rq.tariffs = &tariffs;
    rq.accounts = &accounts;
    rq.usage = &usage;
    rq.from = *from;
    rq.to = *to;
    rq.explain = options.explain;
    rq.selected = std::move(selected);
    rq.threads = options.threads > 0 ? options.threads
                                     : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 256u));
    // Format: invoices are written as they come (see io/format.hpp), in
    // pieces of about a megabyte.
    const FormatOptions fo = format_options_for(tariffs, options.explain);
    const InvoiceFormat format = options.format == EvalFormat::Json  ? InvoiceFormat::Json
                                 : options.format == EvalFormat::Csv ? InvoiceFormat::Csv
                                                                       : InvoiceFormat::Table;
    std::string text;
    InvoiceStream stream(format, fo, text);
    constexpr std::size_t kPiece = std::size_t{1} << 20;
    rq.on_invoice = [&](const Invoice& inv) {
        if (!out) return;  // a failed write is reported at the end (E0903); no need to format the rest
        stream.add(inv);
        if (text.size() >= kPiece) {
            out << text;
            text.clear();
        }
    };
    EvalResult result;
    if (!evaluate(rq, result, problem)) return trouble(err, problem);
    stream.finish(result.rejected, result.summary);
    out << text;
    if (options.format == EvalFormat::Csv) {
        for (const auto& rj : result.rejected)
            err << fmt::format("tarifc: {}:{}: rejected: {}\n", options.usage_path, rj.line, visible(rj.reason));
        err << "tarifc: " << format_summary(result.summary) << "\n";
    }
    return flush_output(out, err, kExitClean);
}

}  // namespace tarifc
