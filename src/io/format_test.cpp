// The table pads columns by display width (base/utf8): a wide character
// takes two cells, a narrow non-ASCII one (€, é) one.
#include "io/format.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "base/utf8.hpp"
#include "io/json_writer.hpp"

using namespace tarifc;

TEST_CASE("format_table: columns line up whatever the characters' widths") {
    Invoice inv;
    inv.account = "acme";
    inv.period = YearMonth{2024, 1};
    inv.plan = "basic";
    inv.currency = "EUR";
    auto line = [](const char* charge, const char* description, int amount) {
        LineItem li;
        li.charge = charge;
        li.description = description;
        li.quantity = Decimal::from_int(1);
        li.unit = "month";
        li.amount = Decimal::from_int(amount);
        return li;
    };
    inv.lines.push_back(line("base", "\xE5\x9F\xBA\xE6\x9C\xAC\xE8\xB4\xB9", 10));  // 基本费: 6 cells
    inv.lines.push_back(line("fee", "Frais \xE2\x82\xAC" "5", 5));                      // Frais €5: 8 cells
    inv.lines.push_back(line("x", "abcdefgh", 1));                                     // 8 cells
    inv.total = Decimal::from_int(16);
    std::string table;
    const FormatOptions options;
    InvoiceStream stream(InvoiceFormat::Table, options, table);
    stream.add(inv);
    stream.finish({}, Summary{});
    // The amount column ends at the same cell on every row of the invoice.
    std::istringstream in(table);
    std::string row;
    std::getline(in, row);  // "Invoice ..."
    std::size_t width = 0;
    int rows = 0;
    while (std::getline(in, row) && !row.empty()) {
        const std::size_t w = utf8::display_width(row);
        if (rows == 0) width = w;
        CHECK(w == width);
        ++rows;
    }
    CHECK(rows == 5);  // header, three lines, total
    CHECK(table.find("  base    \xE5\x9F\xBA\xE6\x9C\xAC\xE8\xB4\xB9     ") != std::string::npos);
}

TEST_CASE("visible: input text is safe to show on a terminal") {
    CHECK(visible("acme-01") == "acme-01");
    CHECK(visible("Zürich 北京 €") == "Zürich 北京 €");  // printable non-ASCII is kept
    CHECK(visible("a\x1b[31mb") == "a\\x1b[31mb");
    CHECK(visible("t\tn\nr\r") == "t\\tn\\nr\\r");
    CHECK(visible("back\\slash") == "back\\\\slash");
    CHECK(visible(std::string("nul\0del\x7f", 8)) == "nul\\x00del\\x7f");
    CHECK(visible("bad\xff\xc3") == "bad\\xff\\xc3");     // not UTF-8, a truncated sequence
    CHECK(visible("c1\xc2\x9b" "x") == "c1\\u009bx");        // C1 CSI
    CHECK(visible("rtl\xe2\x80\xae" "x") == "rtl\\u202ex");  // RIGHT-TO-LEFT OVERRIDE
    CHECK(visible("iso\xe2\x81\xa6" "x") == "iso\\u2066x");  // LEFT-TO-RIGHT ISOLATE
}

TEST_CASE("JsonWriter::escape: control characters escaped, bytes that are not UTF-8 replaced") {
    std::string out;
    JsonWriter::escape(out, "a\x1b\"b\\\xff\xe2\x82\xac");
    CHECK(out == "\"a\\u001b\\\"b\\\\\\ufffd\xe2\x82\xac\"");
}
