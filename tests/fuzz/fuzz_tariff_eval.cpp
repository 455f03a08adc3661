// Fuzz target "tariff_eval": a tariff (one file) that checks clean is then
// used to rate, as `tarifc eval TARIFF` would: the accounts of
// examples/ccc-multi-month (every account's plan set to the tariff's name)
// and its usage file calls.csv, over 2019-07..2019-09, with --explain,
// formatted as JSON. Seeded with single-file CCC tariffs, so mutations keep
// the CCC accounts and usage schema and reach the evaluator with odd rates,
// bands, rounding, packs, minimums and discounts (numbers at the edge of
// the decimal range, units, cadences). A tariff with errors, or whose
// schema the fixed files do not fit, ends as the CLI would: a diagnostic.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "base/civil_time.hpp"
#include "check/check.hpp"
#include "eval/eval.hpp"
#include "harness.hpp"
#include "io/accounts.hpp"
#include "io/format.hpp"
#include "syntax/load.hpp"

namespace {

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (!f && !f.eof()) tarifc::fuzz::finding("set-up", "cannot read " + path);
    return text;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

struct Fixed {
    std::string accounts;  // with @PLAN@ for each account's plan
    std::string usage;
};

const Fixed& fixed() {
    static const Fixed f = [] {
        Fixed out;
        out.accounts = slurp(tarifc::fuzz::source_path("examples/ccc-multi-month/accounts.json"));
        replace_all(out.accounts, "\"ccc-payg\"", "\"@PLAN@\"");
        replace_all(out.accounts, "\"ccc-seat\"", "\"@PLAN@\"");
        out.usage = slurp(tarifc::fuzz::source_path("examples/ccc-multi-month/calls.csv"));
        return out;
    }();
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace tarifc;
    const Fixed& f = fixed();
    static const std::string path = fuzz::scratch_dir() + "/rated.tariff";
    fuzz::write_file(path, {reinterpret_cast<const char*>(data), size});
    fuzz::guarded([&] {
        Workspace ws;
        Diagnostics diags;
        if (!load_workspace({path}, ws, diags)) {
            fuzz::require_no_internal_error(diags);
            return;
        }
        std::vector<plan::Tariff> tariffs = check_workspace(ws, diags);
        fuzz::require_no_internal_error(diags);
        if (diags.has_errors() || tariffs.empty()) return;
        std::vector<const plan::Tariff*> plans;
        for (const auto& t : tariffs) plans.push_back(&t);
        // Plan names are letters, digits, '-' and '_': no JSON escaping needed.
        std::string accounts_text = f.accounts;
        replace_all(accounts_text, "@PLAN@", tariffs.front().name);
        AccountsFile accounts;
        Diagnostic problem;
        if (!parse_accounts(accounts_text, "accounts.json", plans, accounts, problem)) {
            fuzz::require_no_internal_error(problem);
            return;
        }
        UsageReader usage;
        usage.open_text(f.usage);
        EvalRequest rq;
        rq.tariffs = &tariffs;
        rq.accounts = &accounts;
        rq.usage = &usage;
        rq.from = *parse_year_month("2019-07");
        rq.to = *parse_year_month("2019-09");
        rq.explain = true;
        rq.threads = 1;
        // As the driver sets them (src/driver.cpp); the invoices are
        // formatted as they come.
        const FormatOptions fo = format_options_for(tariffs, true);
        std::string text;
        InvoiceStream stream(InvoiceFormat::Json, fo, text);
        rq.on_invoice = [&](const Invoice& inv) { stream.add(inv); };
        EvalResult result;
        if (!evaluate(rq, result, problem)) {
            fuzz::require_no_internal_error(problem);
            return;
        }
        stream.finish(result.rejected, result.summary);
    });
    return 0;
}
