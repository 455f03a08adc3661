// The advisor's charts and pages (chart.cpp, html.cpp, markup.cpp) on
// hand-made reports: exact coordinates, labels, escaping, degenerate ranges.
// With TARIFC_CHART_DUMP=DIR the sample charts and pages are also written to
// DIR for scripts/render-check.py.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "compare/markup.hpp"
#include "compare/report.hpp"

using namespace tarifc;
using namespace tarifc::compare;

namespace {

Decimal d(const char* s) { return *Decimal::parse(s); }

void dump(const std::string& name, const std::string& text) {
    if (const char* dir = std::getenv("TARIFC_CHART_DUMP")) std::ofstream(std::string(dir) + "/" + name) << text;
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + 1)) ++n;
    return n;
}

// No float formatting slipped in, and nothing of the input left raw.
void check_sane(const std::string& s) {
    CHECK(s.find("nan") == std::string::npos);
    CHECK(s.find("inf") == std::string::npos);
    CHECK(s.find("e+") == std::string::npos);
    CHECK(count(s, "<svg") == count(s, "</svg>"));
}

Point point(const Decimal& x, std::vector<std::optional<Decimal>> totals) {
    Point p{x, std::move(totals), {}};
    std::optional<Decimal> best;
    for (const auto& t : p.totals)
        if (t && (!best || *t < *best)) best = t;
    for (std::size_t i = 0; i < p.totals.size(); ++i)
        if (best && p.totals[i] == best) p.cheapest.push_back(static_cast<int>(i));
    return p;
}

// Seats 1..200: per seat 200 each; pay as you go 9550 + 100 a seat (cheapest
// from 96 seats); flat 30000, not priced below 10 seats, never cheapest.
VaryReport seats_report() {
    VaryReport r;
    r.pricebook = "tariffs/ccc";
    r.accounts_path = "accounts.csv";
    r.usage_path = "usage.csv";
    r.account = "acme";
    r.month = "2026-03";
    r.on_plan = "ccc-seat";
    r.quantity = "seats";
    r.quantity_title = "account field seats";
    r.unit = "seat";
    r.from = d("1");
    r.to = d("200");
    r.step = d("1");
    r.currency = "CNY";
    r.plans = {{"ccc-seat", "Cloud Contact Center, monthly seats (坐席包月)", "CNY"},
               {"ccc-payg", "Cloud Contact Center, pay as you go", "CNY"},
               {"ccc-flat", "Flat rate", "CNY"}};
    for (int s = 1; s <= 200; ++s) {
        const Decimal x = Decimal::from_int(s);
        std::optional<Decimal> flat;
        if (s >= 10) flat = d("30000");
        r.curve.push_back(point(x, {x * d("200"), d("9550") + x * d("100"), flat}));
    }
    r.table = {r.curve[0], r.curve[94], r.curve[95], r.curve[199]};
    r.breaks = {{r.curve[94], r.curve[95]}};
    r.segments = {{d("1"), d("95"), {0}}, {d("96"), d("200"), {1}}};
    r.never_cheapest = {2};
    return r;
}

}  // namespace

TEST_CASE("compare markup: escaping keeps UTF-8 and replaces what XML cannot hold") {
    CHECK(escape_markup("<a&\"b'>") == "&lt;a&amp;&quot;b&#39;&gt;");
    CHECK(escape_markup("坐席") == "坐席");
    CHECK(escape_markup("a\tb\nc") == "a b c");
    CHECK(escape_markup(std::string("x\x01y\x7f") + "\xC2\x85" + "\xFF") ==
          "x\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(escape_markup(std::string("a\0b", 3)) == "a\xEF\xBF\xBD" "b");
    CHECK(text_cells("ab坐") == 4);
    CHECK(fit_cells("abcdef", 6) == "abcdef");
    CHECK(fit_cells("abcdefg", 6) == "abcde\xE2\x80\xA6");
    CHECK(money_text(d("1.5"), 2) == "1.50");
    CHECK(money_text(d("1.005"), 2) == "1.00");  // half-even, no throw
    CHECK(colour_of(0) != colour_of(1));
    CHECK(dash_of(0).empty());
    CHECK_FALSE(dash_of(1).empty());
}

TEST_CASE("compare chart: vary has exact coordinates, the break-even, axes and legend") {
    const VaryReport r = seats_report();
    const std::string s = chart_vary_svg(r);
    dump("vary.svg", s);
    check_sane(s);
    CHECK(s.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"900\" height=\"516\" "
                  "viewBox=\"0 0 900 516\" font-family=\"sans-serif\"", 0) == 0);
    CHECK(s.find("<rect x=\"0\" y=\"0\" width=\"900\" height=\"516\" fill=\"#ffffff\"/>") != std::string::npos);
    CHECK(s.find(">acme, 2026-03: monthly total by seats</text>") != std::string::npos);
    CHECK(s.find(">seats (seat)</text>") != std::string::npos);
    CHECK(s.find(">monthly total (CNY)</text>") != std::string::npos);
    // y: 0..40000 by 10000 on 64..384; x: 0..200 by 50 on 81..870.
    for (const char* tick : {">0</text>", ">10000</text>", ">40000</text>", ">50</text>", ">200</text>"})
        CHECK(s.find(tick) != std::string::npos);
    // 96 seats on pay as you go: 19150 CNY at x 81 + 96 * 789 / 200, y 64 + 20850 * 320 / 40000.
    CHECK(s.find("<circle cx=\"459.72\" cy=\"230.8\" r=\"4.5\" fill=\"#d55e00\"") != std::string::npos);
    CHECK(s.find(">96 seat: ccc-payg cheapest</text>") != std::string::npos);
    // Straight lines are two points: seats from (1, 200) to (200, 40000).
    CHECK(s.find("stroke=\"#0072b2\" points=\"84.94,382.4 870,64\"") != std::string::npos);
    // The flat plan starts at 10 seats, dashed.
    CHECK(s.find("stroke=\"#009e73\" stroke-dasharray=\"3 3\" points=\"120.45,144 870,144\"") != std::string::npos);
    CHECK(count(s, "<polyline") == 3);
    CHECK(s.find(">Cloud Contact Center, monthly seats (坐席包月) (ccc-seat)</text>") != std::string::npos);
    CHECK(s.find(">Flat rate (ccc-flat) (never cheapest)</text>") != std::string::npos);
    CHECK(chart_vary_svg(r) == s);  // deterministic
}

TEST_CASE("compare chart: a point a plan cannot price breaks its line; a lone point is a dot") {
    VaryReport r = seats_report();
    for (int s = 50; s < 60; ++s) r.curve[static_cast<std::size_t>(s - 1)].totals[0] = std::nullopt;
    r.curve[198].totals[0] = std::nullopt;  // 199 unpriced: 200 alone
    const std::string s = chart_vary_svg(r);
    check_sane(s);
    // 1..49, 60..198 (straight, so two points each), then a dot at 200.
    CHECK(s.find("stroke=\"#0072b2\" points=\"84.94,382.4 274.3,305.6\"") != std::string::npos);
    CHECK(s.find("stroke=\"#0072b2\" points=\"317.7,288 862.11,67.2\"") != std::string::npos);
    CHECK(s.find("<circle class=\"series\" cx=\"870\" cy=\"64\" r=\"4\" fill=\"#0072b2\"/>") != std::string::npos);
    CHECK(count(s, "<polyline") == 4);
}

TEST_CASE("compare chart: a staircase keeps its corners; points on one pixel are written once") {
    VaryReport r = seats_report();
    r.curve.clear();
    r.breaks.clear();
    r.from = d("0");
    r.to = d("100000");
    // 1000 per started block of 10000, sampled every 1: the corners stay.
    for (int s = 0; s <= 100000; s += 1) {
        const Decimal x = Decimal::from_int(s);
        r.curve.push_back(point(x, {Decimal::from_int(1000 * ((s + 9999) / 10000)), std::nullopt, std::nullopt}));
    }
    const std::string s = chart_vary_svg(r);
    check_sane(s);
    CHECK(s.size() < 20000);
    CHECK(s.find(" points=\"81,384 81.01,352 159.9,352 159.91,320 ") != std::string::npos);
}

TEST_CASE("compare chart: eight plans, ties and a long title stay inside the chart") {
    VaryReport r = seats_report();
    r.account = std::string(200, 'x') + "坐席";
    r.plans.resize(8, {"p", "同一个计划 plan", "CNY"});
    r.breaks.clear();
    for (Point& p : r.curve) {
        p.totals.resize(8);
        for (int i = 3; i < 8; ++i) p.totals[static_cast<std::size_t>(i)] = p.x * Decimal::from_int(60 + 20 * i) + d("3000");
        p = point(p.x, p.totals);
    }
    r.breaks = {{r.curve[20], r.curve[21]}};
    r.breaks[0].at.cheapest = {0, 3};  // a tie
    const std::string s = chart_vary_svg(r);
    check_sane(s);
    CHECK(s.find("height=\"606\" viewBox=\"0 0 900 606\"") != std::string::npos);
    CHECK(s.find(">22 seat: ccc-seat = p cheapest</text>") != std::string::npos);
    CHECK(s.find(std::string(77, 'x') + "\xE2\x80\xA6</text>") != std::string::npos);  // 78 cells, cut
    CHECK(count(s, "<polyline") == 8);
    dump("vary-eight.svg", s);
}

TEST_CASE("compare chart: a hostile account id and plan titles are escaped") {
    VaryReport r = seats_report();
    r.account = "<a&\"b'>\x01";
    r.plans[1].name = "</text><script>";
    r.unit = "";
    const std::string s = chart_vary_svg(r);
    check_sane(s);
    CHECK(s.find("&lt;a&amp;&quot;b&#39;&gt;\xEF\xBF\xBD, 2026-03") != std::string::npos);
    CHECK(s.find("<script") == std::string::npos);
    CHECK(s.find(">96: &lt;/text&gt;&lt;script&gt; cheapest</text>") != std::string::npos);
    CHECK(s.find(">seats</text>") != std::string::npos);
    const std::string h = format_vary_html(r);
    CHECK(h.find("<script") == std::string::npos);
    CHECK(h.find("&lt;a&amp;&quot;b&#39;&gt;") != std::string::npos);
}

TEST_CASE("compare chart: degenerate ranges draw without dividing by zero") {
    VaryReport r = seats_report();
    r.breaks.clear();
    SUBCASE("all totals equal, one point, from == to") {
        r.from = r.to = d("5");
        r.curve = {point(d("5"), {d("100"), d("100"), std::nullopt})};
        const std::string s = chart_vary_svg(r);
        check_sane(s);
        // y 80..120 by 20, x 4..6 by 1 (widened around the one value): one dot per plan.
        CHECK(s.find(">80</text>") != std::string::npos);
        CHECK(s.find(">120</text>") != std::string::npos);
        CHECK(count(s, "<circle class=\"series\"") == 2);
        CHECK(s.find("<circle class=\"series\" cx=\"475\" cy=\"224\" r=\"4\" fill=\"#0072b2\"/>") != std::string::npos);
        CHECK(count(s, "<polyline") == 0);
    }
    SUBCASE("zero totals") {
        for (Point& p : r.curve) p = point(p.x, {d("0"), d("0"), d("0")});
        const std::string s = chart_vary_svg(r);
        check_sane(s);
        CHECK(s.find(">0.2</text>") != std::string::npos);  // 0..1 by 0.2
        CHECK(count(s, "<polyline") == 3);
    }
    SUBCASE("huge and negative totals") {
        for (Point& p : r.curve) p = point(p.x, {d("1000000000000000"), -p.x * d("7.5"), std::nullopt});
        const std::string s = chart_vary_svg(r);
        check_sane(s);
        CHECK(s.find(">1000000000000000</text>") != std::string::npos);
        CHECK(s.find(">-200000000000000</text>") != std::string::npos);
        dump("vary-huge.svg", s);
        CHECK(count(s, "<polyline") == 2);
    }
    SUBCASE("too large to scale exactly: a message, no throw") {
        for (Point& p : r.curve) p = point(p.x, {*Decimal::parse("99999999999999999999999999999999999999"), d("0")});
        const std::string s = chart_vary_svg(r);
        check_sane(s);
        CHECK(s.find("The chart cannot be drawn") != std::string::npos);
    }
    SUBCASE("nothing priced, no plans") {
        for (Point& p : r.curve) p = point(p.x, {std::nullopt, std::nullopt, std::nullopt});
        CHECK(chart_vary_svg(r).find("No plan could be priced") != std::string::npos);
        r.plans.clear();
        CHECK(chart_vary_svg(r).find("No plan to compare") != std::string::npos);
        r.curve.clear();
        check_sane(chart_vary_svg(r));
    }
}

TEST_CASE("compare chart: many break-evens stagger their labels") {
    VaryReport r = seats_report();
    r.breaks.clear();
    for (int i = 100; i < 110; ++i) r.breaks.push_back({r.curve[static_cast<std::size_t>(i - 1)], r.curve[static_cast<std::size_t>(i)]});
    const std::string s = chart_vary_svg(r);
    check_sane(s);
    // Ten labels 4 px apart: eight rows 17 px apart, two left out and counted.
    for (const char* y : {"y=\"80\">101 seat", "y=\"97\">102 seat", "y=\"199\">108 seat"})
        CHECK(s.find(y) != std::string::npos);
    CHECK(s.find(">109 seat") == std::string::npos);
    CHECK(s.find(">2 more break-evens not labelled (too close together).</text>") != std::string::npos);
    CHECK(s.find("height=\"534\"") != std::string::npos);
    dump("vary-many.svg", s);
}

namespace {

CorpusReport corpus_report() {
    CorpusReport r;
    r.pricebook = "tariffs/ccc";
    r.accounts_path = "accounts.csv";
    r.usage_path = "usage.csv";
    r.from = "2026-01";
    r.to = "2026-03";
    r.plans = {{"ccc-seat", "Seats", "CNY"}, {"ccc-payg", "Pay as you go", "CNY"}, {"eu-basic", "Basic", "EUR"}};
    for (int i = 1; i <= 37; ++i) {
        Comparison c;
        c.account = "acct-" + std::string(i < 10 ? "0" : "") + std::to_string(i);
        c.on_plan = "ccc-seat";
        c.on = 0;
        c.currency = "CNY";
        const Decimal own = Decimal::from_int(10000);
        const Decimal other = own - Decimal::from_int(i <= 35 ? 100 * i : 0);
        c.totals = {own, other, std::nullopt};
        c.cheapest = i <= 35 ? 1 : 0;
        c.saving = own - other;
        r.accounts.push_back(c);
        MonthRow m;
        static_cast<Comparison&>(m) = c;
        m.period = {2026, 1};
        r.months.push_back(m);
    }
    Comparison e{"<a&\"b'>", "eu-basic", 2, {std::nullopt, std::nullopt, d("12.5")}, 2, Decimal(), "EUR"};
    r.accounts.push_back(e);
    r.unpriceable = {{"<a&\"b'>", 0, "field seats is missing"}};
    CurrencySummary cny{"CNY", 37, 35, d("63000"), {2, 35, 0}, {d("370000"), d("307000"), d("0")}, d("370000")};
    CurrencySummary eur{"EUR", 1, 0, Decimal(), {0, 0, 1}, {d("0"), d("0"), d("12.5")}, d("12.5")};
    r.summary = {cny, eur};
    return r;
}

}  // namespace

TEST_CASE("compare chart: savings bars by saving, at most 30, one section per currency") {
    const CorpusReport r = corpus_report();
    const std::string s = chart_savings_svg(r);
    dump("savings.svg", s);
    check_sane(s);
    CHECK(count(s, "<rect class=\"series\"") == 30);
    // The largest, 3500 on an axis 0..4000: 350 of 400 px.
    CHECK(s.find("<rect class=\"series\" x=\"20\" y=\"77\" width=\"350\" height=\"14\" fill=\"#d55e00\"/>") !=
          std::string::npos);
    CHECK(s.find(">acct-35: 3500.00 CNY on ccc-payg</text>") != std::string::npos);
    CHECK(s.find("acct-05") == std::string::npos);  // the 31st and after are only counted
    CHECK(s.find(">30 of 35 saving accounts drawn (5 more not drawn); 2 accounts save nothing.</text>") !=
          std::string::npos);
    CHECK(s.find(">CNY: 35 of 37 accounts would save, 63000.00 CNY in total</text>") != std::string::npos);
    CHECK(s.find(">EUR: 0 of 1 accounts would save, 0.00 EUR in total</text>") != std::string::npos);
    CHECK(s.find("No account would save by changing plan.") != std::string::npos);
    CHECK(s.find("Saving on the cheapest plan, 2026-01 to 2026-03") != std::string::npos);

    CorpusReport none;
    none.from = none.to = "2026-01";
    const std::string n = chart_savings_svg(none);
    check_sane(n);
    CHECK(n.find("No account was compared.") != std::string::npos);
}

TEST_CASE("compare html: self-contained pages with every table, escaped") {
    const CorpusReport r = corpus_report();
    const std::string h = format_corpus_html(r);
    dump("corpus.html", h);
    check_sane(h);
    CHECK(h.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", 0) == 0);
    CHECK(h.find("http://") == h.find("http://www.w3.org/2000/svg"));  // nothing fetched
    CHECK(h.find("https://") == std::string::npos);
    CHECK(h.find("<td>&lt;a&amp;&quot;b&#39;&gt;</td><td>eu-basic</td><td class=\"n\">n/a</td>") !=
          std::string::npos);
    CHECK(h.find("<td class=\"n best\">12.50</td>") != std::string::npos);
    CHECK(h.find("<td>field seats is missing</td>") != std::string::npos);
    CHECK(h.find("<td>2026-01</td>") != std::string::npos);
    CHECK(count(h, "<svg") == 1);

    const VaryReport v = seats_report();
    const std::string p = format_vary_html(v);
    dump("vary.html", p);
    check_sane(p);
    CHECK(p.find("<dt>range</dt><dd>1 seat to 200 seat, step 1 seat</dd>") != std::string::npos);
    CHECK(p.find("<td class=\"n\">95 seat</td><td>ccc-seat</td><td class=\"n\">19000.00</td>"
                 "<td class=\"n\">96 seat</td><td>ccc-payg</td><td class=\"n\">19150.00</td>") != std::string::npos);
    CHECK(p.find("<td class=\"n\">96</td><td class=\"n\">19200.00</td><td class=\"n best\">19150.00</td>"
                 "<td class=\"n\">30000.00</td><td>ccc-payg</td>") != std::string::npos);
    CHECK(p.find("<td class=\"n\">1</td><td class=\"n best\">200.00</td><td class=\"n\">9650.00</td>"
                 "<td class=\"n\">n/a</td>") != std::string::npos);
    CHECK(p.find("Never cheapest over the range: ccc-flat.") != std::string::npos);
    CHECK(p.find("<th>seats (seat)</th>") != std::string::npos);
}

namespace {

// A small deterministic generator for the random reports below.
struct Lcg {
    uint64_t s;
    uint64_t next(uint64_t n) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return (s >> 33) % n;
    }
    Decimal decimal() {
        i128 m = 0;
        // Mostly amounts of everyday size, sometimes any Decimal at all.
        const bool wild = next(4) == 0;
        for (uint64_t digits = next(wild ? 38 : 9); digits > 0; --digits) m = m * 10 + static_cast<i128>(next(10));
        if (next(2)) m = -m;
        return Decimal::from_parts(m, static_cast<int>(wild ? next(31) : next(3)));
    }
    std::optional<Decimal> total() { return next(5) ? std::optional<Decimal>(decimal()) : std::nullopt; }
    std::string text() {
        std::string s;
        // Any byte but letters and '+', which would trip check_sane's "nan", "inf" and "e+".
        for (uint64_t n = next(12); n > 0; --n) {
            const char c = static_cast<char>(next(256));
            s.push_back((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' ? '<' : c);
        }
        return s;
    }
};

}  // namespace

TEST_CASE("compare chart: random reports (any scale, sign, size, bytes) never throw and stay sane") {
    Lcg g{42};
    for (int round = 0; round < 300; ++round) {
        VaryReport r;
        r.account = g.text();
        r.unit = g.text();
        r.from = g.decimal();
        r.to = g.decimal();
        const int plans = static_cast<int>(g.next(4));
        for (int i = 0; i < plans; ++i) r.plans.push_back({g.text(), g.text(), "CNY"});
        for (uint64_t n = g.next(12); n > 0; --n) {
            Point p{g.decimal(), {}, {}};
            for (int i = 0; i < plans + static_cast<int>(g.next(2)) - 1; ++i) p.totals.push_back(g.total());
            if (plans) p.cheapest = {static_cast<int>(g.next(static_cast<uint64_t>(plans) + 1)) - 1};
            r.curve.push_back(p);
        }
        for (std::size_t i = 1; i < r.curve.size(); i += 3) r.breaks.push_back({r.curve[i - 1], r.curve[i]});
        r.table = r.curve;
        std::string s, h;
        CHECK_NOTHROW(s = chart_vary_svg(r));
        CHECK_NOTHROW(h = format_vary_html(r));
        check_sane(s);
        if (round < 4) dump("random-vary-" + std::to_string(round) + ".svg", s);

        CorpusReport c;
        c.plans = r.plans;
        c.money_places = static_cast<int>(g.next(4));
        for (uint64_t n = g.next(40); n > 0; --n) {
            Comparison a{g.text(), g.text(), 0, {g.total(), g.total()}, static_cast<int>(g.next(4)) - 1,
                         g.decimal(), g.next(3) ? "CNY" : g.text()};
            c.accounts.push_back(a);
        }
        CHECK_NOTHROW(s = chart_savings_svg(c));
        CHECK_NOTHROW(h = format_corpus_html(c));
        check_sane(s);
        if (round < 4) dump("random-savings-" + std::to_string(round) + ".svg", s);
    }
}
