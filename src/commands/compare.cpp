#include "commands/compare.hpp"

#include <fstream>
#include <ostream>

#include <fmt/format.h>

#include "commands/rating.hpp"
#include "compare/compare.hpp"
#include "io/format.hpp"

namespace tarifc {

namespace {

// The formats of each mode, in CompareFormat's order.
using CorpusFormatter = std::string (*)(const compare::CorpusReport&);
using VaryFormatter = std::string (*)(const compare::VaryReport&);
constexpr CorpusFormatter kCorpusFormats[] = {compare::format_corpus_table, compare::format_corpus_json,
                                              compare::format_corpus_csv, compare::format_corpus_markdown,
                                              compare::format_corpus_html};
constexpr VaryFormatter kVaryFormats[] = {compare::format_vary_table, compare::format_vary_json, compare::format_vary_csv,
                                          compare::format_vary_markdown, compare::format_vary_html};

// The chart to its file (or standard output for "-"). False: told on `err`.
bool write_chart(const std::string& path, const std::string& svg, std::ostream& out, std::ostream& err) {
    if (path == "-") {
        out << svg;
        return true;
    }
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (f) f << svg;
    if (f) f.close();
    if (!f) {
        trouble(err, "E0903", {path}, "cannot write the chart");
        return false;
    }
    return true;
}

}  // namespace

int run_compare(const CompareOptions& o, std::ostream& out, std::ostream& err) {
    YearMonth from{}, to{};
    if (!parse_period(o.from, o.to, from, to, err)) return kExitTrouble;
    if (o.threads < 0 || o.threads > 256)
        return trouble(err, "E0901", {}, "--threads is a number of workers from 1 to 256");
    if (o.vary.empty())
        for (const auto& [flag, value] : {std::pair{"--account", &o.account}, {"--step", &o.step}, {"--in", &o.unit}, {"--where", &o.where}})
            if (!value->empty()) return trouble(err, "E0901", {}, fmt::format("{} goes with --vary", flag));
    Workspace ws;
    std::vector<plan::Tariff> tariffs;
    if (!load_checked_tariffs(o.pricebook, ws, tariffs, err)) return kExitTrouble;
    compare::Inputs in;
    in.pricebook = o.pricebook;
    in.tariffs = &tariffs;
    in.accounts_path = o.accounts_path;
    in.usage_path = o.usage_path;
    in.from = from;
    in.to = to;
    in.threads = rating_threads(o.threads);
    Diagnostic problem;
    const auto format = static_cast<std::size_t>(o.format);
    std::string text, svg;
    if (o.vary.empty()) {
        compare::CorpusReport report;
        if (!compare::run_corpus(in, report, problem)) return trouble(err, problem);
        text = kCorpusFormats[format](report);
        if (!o.chart.empty()) svg = compare::chart_savings_svg(report);
        if (o.format == CompareFormat::Csv)
            for (std::size_t p = 0; p < report.plans.size(); ++p)
                err << fmt::format("tarifc: under {}: {}\n", report.plans[p].name, format_summary(report.runs[p]));
    } else {
        compare::VaryRequest rq{o.account, o.vary, o.step, o.unit, o.where};
        compare::VaryReport report;
        if (!compare::run_vary(in, rq, report, problem)) return trouble(err, problem);
        text = kVaryFormats[format](report);
        if (!o.chart.empty()) svg = compare::chart_vary_svg(report);
    }
    if (!o.chart.empty() && !write_chart(o.chart, svg, out, err)) return kExitTrouble;
    if (o.chart != "-") out << text;
    return flush_output(out, err, kExitClean);
}

}  // namespace tarifc
