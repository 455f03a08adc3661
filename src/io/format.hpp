// Formatting invoices: the JSON document of the contract, a table for
// people and CSV for spreadsheets. The output is streamed: the invoices are
// appended one at a time as evaluation hands them over (account, then
// period), then the rejected rows and the summary, so no run holds all its
// invoices or all its output text. What is written depends only on what is
// handed over, so output is byte-identical for identical inputs.
#pragma once

#include <string>
#include <string_view>

#include "eval/eval.hpp"
#include "io/json_writer.hpp"

namespace tarifc {

struct FormatOptions {
    int money_places = 2;          // decimals printed for money
    std::string record_id_name;    // the JSON key of a rejection's id ("call_id")
    bool explain = false;
};

// The options `tarifc eval` formats with for these tariffs: money printed
// with as many decimals as the finest rounding any line may use (at least
// two), rejections keyed by the usage's unique field ("id" without one).
FormatOptions format_options_for(const std::vector<plan::Tariff>& tariffs, bool explain);

enum class InvoiceFormat { Json, Table, Csv };

// Appends the formatted output to `out`: the head when constructed, each
// invoice with add(), the rest (rejected rows and summary; nothing in CSV,
// whose rejections and summary go to standard error) with finish(). The
// caller may take the text out of `out` (and clear it) between calls.
class InvoiceStream {
public:
    InvoiceStream(InvoiceFormat format, const FormatOptions& o, std::string& out);
    void add(const Invoice& inv);
    void finish(const std::vector<Rejection>& rejected, const Summary& summary);

private:
    InvoiceFormat format_;
    const FormatOptions& o_;
    std::string& out_;
    JsonWriter json_;
};

// One line for standard error: rows = rated + rejected + out of period
// (+ for other accounts, with --account).
std::string format_summary(const Summary& s);

// Text from the input files (ids, keys, reasons quoting a row) made safe to
// show on a terminal (the table, messages on standard error): a backslash
// is doubled; tab, newline and carriage return become \t, \n, \r; other
// control characters (C0, DEL) and bytes that are not UTF-8 become \xHH;
// C1 controls and the bidirectional overrides (U+202A-U+202E,
// U+2066-U+2069) become \uHHHH. Other text is unchanged (docs/cli.md).
std::string visible(std::string_view s);

// Appends `s` as one CSV field (RFC 4180): quoted, with quotes doubled, when
// it holds a comma, a quote or a line break.
void csv_field(std::string& out, std::string_view s);

// Text from the input files made inert in Markdown (a table cell, a list
// item): visible(), then Markdown's active characters backslash-escaped.
std::string markdown_text(std::string_view s);

}  // namespace tarifc
