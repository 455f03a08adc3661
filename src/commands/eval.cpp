#include "commands/eval.hpp"

#include <ostream>

#include <fmt/format.h>

#include "base/spelling.hpp"
#include "commands/rating.hpp"
#include "io/format.hpp"

namespace tarifc {

int run_eval(const EvalOptions& options, std::ostream& out, std::ostream& err) {
    YearMonth from{}, to{};
    if (!parse_period(options.from, options.to, from, to, err)) return kExitTrouble;
    if (options.threads < 0 || options.threads > 256)
        return trouble(err, "E0901", {}, "--threads is a number of workers from 1 to 256");
    Workspace ws;
    std::vector<plan::Tariff> tariffs;
    if (!load_checked_tariffs(options.tariff_path, ws, tariffs, err)) return kExitTrouble;
    AccountsFile accounts;
    UsageReader usage;
    if (!open_rating_inputs(options.accounts_path, options.usage_path, tariffs, accounts, usage, err))
        return kExitTrouble;
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

    // Rate.
    EvalRequest rq;
    rq.tariffs = &tariffs;
    rq.accounts = &accounts;
    rq.usage = &usage;
    rq.from = from;
    rq.to = to;
    rq.explain = options.explain;
    rq.selected = std::move(selected);
    rq.threads = rating_threads(options.threads);
    rq.row_classes = options.row_classes;
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
    Diagnostic problem;
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
