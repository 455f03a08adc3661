#include "io/format.hpp"


#include <algorithm>

#include <fmt/format.h>

#include "base/money_text.hpp"
#include "base/utf8.hpp"
#include "io/json_writer.hpp"

namespace tarifc {

namespace {

// Whether the text needs visible(): a byte that is a control character, a
// backslash, or not ASCII (then decoded to tell).
bool plain(std::string_view s) {
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x7F || c == '\\') return false;
    }
    return true;
}

std::string money(const Decimal& d, int places) { return money_fixed(d, places); }
std::string qty(const Decimal& d) { return d.normalized().to_string(); }

// Display width of UTF-8 text in terminal cells (CJK counts as two).
std::size_t width(std::string_view s) { return utf8::display_width(s); }

std::string pad_right(std::string_view s, std::size_t n) {
    std::string out(s);
    for (std::size_t w = width(s); w < n; ++w) out.push_back(' ');
    return out;
}

std::string pad_left(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t w = width(s); w < n; ++w) out.push_back(' ');
    return out + std::string(s);
}

}  // namespace

void csv_field(std::string& out, std::string_view s) {
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
        out += s;
        return;
    }
    out.push_back('"');
    for (char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string markdown_text(std::string_view s) {
    std::string out;
    for (char c : visible(s)) {
        if (std::string_view("\\`*_[]<>|#!~&").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string visible(std::string_view s) {
    if (plain(s)) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
                case '\\': out += "\\\\"; break;
                case '\t': out += "\\t"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                default:
                    if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
                    else out.push_back(static_cast<char>(c));
            }
            ++i;
            continue;
        }
        const utf8::Decoded d = utf8::decode(s, i);
        if (d.code_point == utf8::kInvalid) {
            out += fmt::format("\\x{:02x}", c);
        } else if ((d.code_point >= 0x80 && d.code_point <= 0x9F) || (d.code_point >= 0x202A && d.code_point <= 0x202E) ||
                   (d.code_point >= 0x2066 && d.code_point <= 0x2069)) {
            out += fmt::format("\\u{:04x}", static_cast<uint32_t>(d.code_point));
        } else {
            out.append(s.substr(i, d.length));
        }
        i += d.length;
    }
    return out;
}

std::string format_summary(const Summary& s) {
    std::string text = fmt::format("{} rows = {} rated + {} rejected + {} out of period", s.rows, s.rated,
                                   s.rejected, s.out_of_period);
    if (s.selection) text += fmt::format(" + {} for other accounts", s.other_accounts);
    return text;
}

namespace {

void json_invoice(JsonWriter& w, const Invoice& inv, const FormatOptions& o) {
    w.begin_object();
    w.key("account").string(inv.account);
    w.key("period").string(format_year_month(inv.period));
    w.key("plan").string(inv.plan);
    w.key("currency").string(inv.currency);
    w.key("lines").begin_array();
    for (const auto& li : inv.lines) {
        w.set_compact(!o.explain);
        w.begin_object();
        w.set_compact(false);
        w.key("charge").string(li.charge);
        w.key("description").string(li.description);
        w.key("quantity").string(qty(li.quantity));
        w.key("unit").string(li.unit);
        w.key("amount").string(money(li.amount, o.money_places));
        if (!li.note.empty()) w.key("note").string(li.note);
        if (o.explain) {
            w.key("exact").string(li.exact.normalized().to_string());
            w.key("explain").begin_array();
            for (const auto& e : li.explain) w.string(e);
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
    w.key("packs").begin_array();
    for (const auto& p : inv.packs) {
        w.set_compact(true);
        w.begin_object();
        w.set_compact(false);
        w.key("id").string(p.id);
        w.key("type").string(p.type);
        w.key("used").string(qty(p.used));
        w.key("remaining").string(qty(p.remaining));
        // --explain marks a pack whose validity ended (the invoice itself, as
        // before: "remaining" is what was left unused).
        if (o.explain && p.expired) w.key("expired").boolean(true);
        w.end_object();
    }
    w.end_array();
    w.key("total").string(money(inv.total, o.money_places));
    w.end_object();
}

void json_finish(JsonWriter& w, const std::vector<Rejection>& rejected, const Summary& summary,
                 const FormatOptions& o) {
    w.end_array();
    w.key("rejected").begin_array();
    for (const auto& rj : rejected) {
        w.set_compact(true);
        w.begin_object();
        w.set_compact(false);
        w.key("line").number(static_cast<long long>(rj.line));
        w.key("account").string(rj.account);
        w.key(o.record_id_name.empty() ? "id" : o.record_id_name).string(rj.record_id);
        w.key("reason").string(rj.reason);
        w.end_object();
    }
    w.end_array();
    w.key("summary").set_compact(true);
    w.begin_object();
    w.key("rows").number(static_cast<long long>(summary.rows));
    w.key("rated").number(static_cast<long long>(summary.rated));
    w.key("rejected").number(static_cast<long long>(summary.rejected));
    w.key("out_of_period").number(static_cast<long long>(summary.out_of_period));
    if (summary.selection) w.key("other_accounts").number(static_cast<long long>(summary.other_accounts));
    w.end_object();
    w.set_compact(false);
    w.end_object();
}

// The table is for a terminal: every text that comes from the input files
// goes through visible() (account ids, list keys in descriptions and pack
// ids, rejected rows' ids and reasons, --explain lines).
void table_invoice(std::string& out, const Invoice& inv, const FormatOptions& o) {
    out += fmt::format("Invoice {} {}  plan {}  ({})\n", visible(inv.account), format_year_month(inv.period),
                       inv.plan, inv.currency);
    std::size_t wc = width("Charge"), wd = width("Description"), wq = width("Quantity"), wu = width("Total"),
                wa = width("Amount");
    for (const auto& li : inv.lines) {
        wc = std::max(wc, width(li.charge));
        wd = std::max(wd, width(visible(li.description)));
        wq = std::max(wq, width(qty(li.quantity)));
        wu = std::max(wu, width(li.unit));
        wa = std::max(wa, width(money(li.amount, o.money_places)));
    }
    wa = std::max(wa, width(money(inv.total, o.money_places)));
    auto row = [&](std::string_view c, std::string_view d, std::string_view q, std::string_view u,
                   std::string_view a) {
        std::string line = "  " + pad_right(c, wc) + "  " + pad_right(d, wd) + "  " + pad_left(q, wq) + "  " +
                           pad_right(u, wu) + "  " + pad_left(a, wa);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    };
    row("Charge", "Description", "Quantity", "Unit", "Amount");
    for (const auto& li : inv.lines) {
        row(li.charge, visible(li.description), qty(li.quantity), li.unit, money(li.amount, o.money_places));
        if (!li.note.empty()) out += "      note: " + visible(li.note) + "\n";
        if (o.explain)
            for (const auto& e : li.explain) out += "      · " + visible(e) + "\n";
    }
    row("", "", "", "Total", money(inv.total, o.money_places));
    for (const auto& p : inv.packs)
        out += o.explain && p.expired ? fmt::format("  pack {} ({}): used {}, expired with {} unused\n", visible(p.id), p.type,
                                       qty(p.used), qty(p.remaining))
                         : fmt::format("  pack {} ({}): used {}, remaining {}\n", visible(p.id), p.type, qty(p.used),
                                       qty(p.remaining));
    out += "\n";
}

void table_finish(std::string& out, const std::vector<Rejection>& rejected, const Summary& summary) {
    if (!rejected.empty()) {
        out += "Rejected rows\n";
        for (const auto& rj : rejected)
            out += fmt::format("  line {}: {} {}: {}\n", rj.line, rj.account.empty() ? "-" : visible(rj.account),
                               rj.record_id.empty() ? "-" : visible(rj.record_id), visible(rj.reason));
        out += "\n";
    }
    out += "Summary: " + format_summary(summary) + "\n";
}

void csv_invoice(std::string& out, const Invoice& inv, const FormatOptions& o) {
    for (const auto& li : inv.lines) {
        csv_field(out, inv.account);
        out += ",";
        out += format_year_month(inv.period);
        out += ",";
        csv_field(out, inv.plan);
        out += ",";
        csv_field(out, inv.currency);
        out += ",";
        csv_field(out, li.charge);
        out += ",";
        // The columns are fixed: a line's note follows its description.
        csv_field(out, li.note.empty() ? li.description : li.description + " (note: " + li.note + ")");
        out += ",";
        out += qty(li.quantity);
        out += ",";
        csv_field(out, li.unit);
        out += ",";
        out += money(li.amount, o.money_places);
        if (o.explain) {
            // --explain: the amount before rounding and the steps, one per
            // line of the (quoted) field, as JSON's "exact" and "explain".
            out += ",";
            out += li.exact.normalized().to_string();
            out += ",";
            std::string steps;
            for (const auto& e : li.explain) steps += (steps.empty() ? "" : "\n") + e;
            csv_field(out, steps);
        }
        out += "\n";
    }
}

}  // namespace

InvoiceStream::InvoiceStream(InvoiceFormat format, const FormatOptions& o, std::string& out)
    : format_(format), o_(o), out_(out), json_(out) {
    switch (format_) {
        case InvoiceFormat::Json:
            json_.begin_object();
            json_.key("invoices").begin_array();
            break;
        case InvoiceFormat::Table: break;
        case InvoiceFormat::Csv:
            out_ += "account,period,plan,currency,charge,description,quantity,unit,amount";
            out_ += o_.explain ? ",exact,explain\n" : "\n";
            break;
    }
}

void InvoiceStream::add(const Invoice& inv) {
    switch (format_) {
        case InvoiceFormat::Json: json_invoice(json_, inv, o_); break;
        case InvoiceFormat::Table: table_invoice(out_, inv, o_); break;
        case InvoiceFormat::Csv: csv_invoice(out_, inv, o_); break;
    }
}

void InvoiceStream::finish(const std::vector<Rejection>& rejected, const Summary& summary) {
    switch (format_) {
        case InvoiceFormat::Json: json_finish(json_, rejected, summary, o_); break;
        case InvoiceFormat::Table: table_finish(out_, rejected, summary); break;
        case InvoiceFormat::Csv: break;
    }
}

FormatOptions format_options_for(const std::vector<plan::Tariff>& tariffs, bool explain) {
    FormatOptions fo;
    fo.explain = explain;
    for (const auto& t : tariffs) {
        fo.money_places = std::max(fo.money_places, money_places(t.money_rounding.quantum));
        for (const auto& c : t.charges) fo.money_places = std::max(fo.money_places, money_places(c.rounding.quantum));
    }
    if (!tariffs.empty()) {
        const auto& in = tariffs.front().inputs;
        fo.record_id_name = in.usage_unique_field >= 0 ? in.usage_fields[in.usage_unique_field].name : "id";
    }
    return fo;
}

}  // namespace tarifc
