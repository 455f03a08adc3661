// Fuzz target "eval": the usage reader and the evaluator on a small fixed
// workload, as `tarifc eval` runs it: the CCC tariff (tariffs/aliyun-ccc)
// and the accounts of examples/ccc-multi-month (three accounts: every kind
// of number, packs of each type, SIP lines, 400 minimums), both loaded
// once. The input is the usage CSV, rated over 2019-07..2019-09 and
// formatted as JSON, table or CSV (by the input's length modulo 3; with
// --explain when the length divided by 3 is odd), as the driver does.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/civil_time.hpp"
#include "eval/eval.hpp"
#include "harness.hpp"
#include "io/accounts.hpp"
#include "io/format.hpp"

namespace {

struct Workload {
    std::vector<tarifc::plan::Tariff> tariffs;
    tarifc::AccountsFile accounts;
    tarifc::FormatOptions format;
};

const Workload& workload() {
    static const Workload w = [] {
        using namespace tarifc;
        Workload out;
        out.tariffs = fuzz::checked_tariffs("tariffs/aliyun-ccc");
        std::vector<const plan::Tariff*> plans;
        for (const auto& t : out.tariffs) plans.push_back(&t);
        Diagnostic problem;
        if (!load_accounts(fuzz::source_path("examples/ccc-multi-month/accounts.json"), plans, out.accounts,
                           problem))
            fuzz::finding("set-up", render_human(problem));
        out.format = format_options_for(out.tariffs, false);  // as the driver sets them
        return out;
    }();
    return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace tarifc;
    const Workload& w = workload();
    fuzz::guarded([&] {
        UsageReader usage;
        usage.open_text(std::string(reinterpret_cast<const char*>(data), size));
        EvalRequest rq;
        rq.tariffs = &w.tariffs;
        rq.accounts = &w.accounts;
        rq.usage = &usage;
        rq.from = *parse_year_month("2019-07");
        rq.to = *parse_year_month("2019-09");
        rq.explain = size / 3 % 2 == 1;
        rq.threads = 1;
        // The invoices are formatted as they come, as the driver does.
        FormatOptions fo = w.format;
        fo.explain = rq.explain;
        const InvoiceFormat format = size % 3 == 0   ? InvoiceFormat::Json
                                     : size % 3 == 1 ? InvoiceFormat::Table
                                                     : InvoiceFormat::Csv;
        std::string text;
        InvoiceStream stream(format, fo, text);
        rq.on_invoice = [&](const Invoice& inv) { stream.add(inv); };
        EvalResult result;
        Diagnostic problem;
        if (!evaluate(rq, result, problem)) {
            fuzz::require_no_internal_error(problem);
            return;
        }
        stream.finish(result.rejected, result.summary);
        const Summary& s = result.summary;
        if (std::getenv("TARIFC_FUZZ_VERBOSE")) std::fprintf(stderr, "%s\n", format_summary(s).c_str());
        // Nothing lost: every row rated, rejected or out of period.
        if (s.rows != s.rated + s.rejected + s.out_of_period || s.rejected != result.rejected.size())
            fuzz::finding("summary does not add up", format_summary(s));
    });
    return 0;
}
