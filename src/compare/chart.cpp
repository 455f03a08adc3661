// The advisor's two SVG charts: each plan's monthly total against the varied
// quantity (vary mode, chart_vary_svg) and each account's saving on its
// cheapest plan (corpus mode, chart_savings_svg). Every coordinate is an
// exact Decimal rounded to 2 decimals (no binary floating point); layout
// widths are whole pixels estimated from the texts' terminal cells.
#include <algorithm>
#include <map>
#include <stdexcept>

#include "compare/markup.hpp"
#include "compare/report.hpp"

namespace tarifc::compare {

namespace {

constexpr int kWidth = 900;
constexpr int kCell = 7;  // px per terminal cell at 12 px (a CJK character: 2 cells)

std::string num(int v) { return std::to_string(v); }
std::string num(const Decimal& v) { return v.to_string(); }

Decimal pow10(int e) {
    if (e < 0) return Decimal::from_parts(1, std::min(-e, Decimal::kMaxScale));
    i128 m = 1;
    for (int i = 0; i < e; ++i) {
        if (m > static_cast<i128>(1) << 120) throw OverflowError("decimal overflow in chart scale");
        m *= 10;
    }
    return Decimal::from_parts(m, 0);
}

int digit_count(i128 m) {
    int n = 1;
    for (m = m < 0 ? -m : m; m >= 10; m /= 10) ++n;
    return n;
}

// The smallest 1, 2 or 5 x 10^k with step * target >= range (range > 0):
// compared exactly, no division.
Decimal nice_step(const Decimal& range, int target) {
    int e = std::max(digit_count(range.mantissa()) - range.scale() - 2, -Decimal::kMaxScale);
    const Decimal t = Decimal::from_int(target);
    for (;; ++e)
        for (int m : {1, 2, 5})
            if (Decimal s = Decimal::from_int(m) * pow10(e); s * t >= range) return s;
}

struct Axis {
    Decimal lo, hi, step;
    std::vector<Decimal> ticks;
};

// An axis from min to max widened to whole steps; a range of one value
// (all totals equal, from == to, one point) is widened around it.
Axis nice_axis(Decimal min, Decimal max, int target) {
    if (max < min) std::swap(min, max);
    Axis a;
    if (min == max) {
        if (min.is_zero()) {
            a.step = nice_step(Decimal::from_int(1), target);
            a.lo = Decimal();
            a.hi = Decimal::from_int(1);
        } else {
            a.step = nice_step(min.is_negative() ? -min : min, target);
            a.lo = min.rounded_to_step(a.step, RoundingMode::Floor) - a.step;
            a.hi = a.lo + a.step + a.step;
        }
    } else {
        a.step = nice_step(max - min, target);
        a.lo = min.rounded_to_step(a.step, RoundingMode::Floor);
        a.hi = max.rounded_to_step(a.step, RoundingMode::Ceil);
    }
    for (Decimal t = a.lo; t <= a.hi; t += a.step) a.ticks.push_back(t);
    return a;
}

// v on an axis mapped to pixels: start + (v - lo) * length / (hi - lo), or
// from the other end when reversed (y grows downwards).
struct Scale {
    Axis axis;
    int start = 0, length = 0;
    bool reversed = false;
    Decimal operator()(const Decimal& v) const {
        const Decimal offset = reversed ? axis.hi - v : v - axis.lo;
        return Decimal::from_int(start) +
               Decimal::divide(offset * Decimal::from_int(length), axis.hi - axis.lo, 2, RoundingMode::HalfEven);
    }
};

int whole(const Decimal& px) { return static_cast<int>(px.rounded(0, RoundingMode::HalfEven).to_int64().value_or(0)); }

void open_svg(std::string& o, int height, const std::string& title) {
    // The title is cut to 78 cells: about 10.5 px each in bold 16 px, inside 900.
    o += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(kWidth) + "\" height=\"" +
         num(height) + "\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
         "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    o += "<title>" + escape_markup(title) + "</title>\n";
    o += "<rect x=\"0\" y=\"0\" width=\"" + num(kWidth) + "\" height=\"" + num(height) + "\" fill=\"#ffffff\"/>\n";
    o += "<text x=\"" + num(kWidth / 2) + "\" y=\"30\" font-size=\"16\" font-weight=\"bold\" text-anchor=\"middle\">" +
         escape_markup(fit_cells(title, 78)) + "</text>\n";
}

void text(std::string& o, const std::string& x, const std::string& y, const std::string& content,
          const std::string& attrs = "") {
    o += "<text x=\"" + x + "\" y=\"" + y + "\"" + (attrs.empty() ? "" : " " + attrs) + ">" + escape_markup(content) +
         "</text>\n";
}

void line(std::string& o, const std::string& x1, const std::string& y1, const std::string& x2, const std::string& y2,
          const std::string& attrs) {
    o += "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" " + attrs + "/>\n";
}

// A chart that only says something (nothing to draw, or values it cannot scale).
std::string message_svg(const std::string& title, const std::string& message) {
    std::string o;
    open_svg(o, 110, title);
    text(o, num(kWidth / 2), "72", fit_cells(message, 120), "font-size=\"14\" text-anchor=\"middle\"");
    return o + "</svg>\n";
}

std::optional<Decimal> total_of(const Point& p, int plan) {
    if (plan < 0 || static_cast<std::size_t>(plan) >= p.totals.size()) return std::nullopt;
    return p.totals[static_cast<std::size_t>(plan)];
}

std::string plan_name(const std::vector<PlanInfo>& plans, int i) {
    return i >= 0 && static_cast<std::size_t>(i) < plans.size() ? plans[static_cast<std::size_t>(i)].name : "?";
}

std::string names_of(const VaryReport& r, const std::vector<int>& plans) {
    if (plans.empty()) return "no plan priced";
    std::string s;
    for (int p : plans) s += (s.empty() ? "" : " = ") + plan_name(r.plans, p);
    return s + " cheapest";
}

std::string vary_chart(const VaryReport& r, const std::string& title) {
    const int n = static_cast<int>(r.plans.size());
    std::vector<const Point*> curve;
    for (const Point& p : r.curve) curve.push_back(&p);
    std::stable_sort(curve.begin(), curve.end(), [](const Point* a, const Point* b) { return a->x < b->x; });
    std::optional<Decimal> ymin, ymax;
    auto see_y = [&](const Point& p) {
        for (int i = 0; i < n; ++i)
            if (auto t = total_of(p, i)) {
                if (!ymin || *t < *ymin) ymin = *t;
                if (!ymax || *t > *ymax) ymax = *t;
            }
    };
    Decimal xmin = std::min(r.from, r.to), xmax = std::max(r.from, r.to);
    for (const Point* p : curve) xmin = std::min(xmin, p->x), xmax = std::max(xmax, p->x), see_y(*p);
    for (const BreakEven& b : r.breaks) xmin = std::min(xmin, b.at.x), xmax = std::max(xmax, b.at.x), see_y(b.at);
    if (n == 0) return message_svg(title, "No plan to compare.");
    if (!ymin) return message_svg(title, "No plan could be priced over the range.");

    Scale ys{nice_axis(*ymin, *ymax, 6), 64, 320, true};
    int label_cells = 0;
    for (const Decimal& t : ys.axis.ticks) label_cells = std::max(label_cells, text_cells(t.to_string()));
    const int left = std::clamp(46 + kCell * label_cells, 80, 400), right = kWidth - 30;
    Scale xs{nice_axis(xmin, xmax, 8), left, right - left, false};
    const int top = ys.start, bottom = ys.start + ys.length;
    // Room under the legend for the note on unlabelled break-evens (at most
    // kRows labels fit, plus those far enough apart to share rows).
    const int height = bottom + 70 + 18 * n + 8 + (r.breaks.size() > 8 ? 18 : 0);

    std::string o;
    open_svg(o, height, title);
    // Grid and ticks first, so that the lines are drawn over them.
    for (const Decimal& t : ys.axis.ticks) {
        const std::string y = num(ys(t));
        line(o, num(left), y, num(right), y, "stroke=\"#dddddd\"");
        text(o, num(left - 6), num(ys(t) + Decimal::from_int(4)), t.to_string(), "text-anchor=\"end\"");
    }
    for (const Decimal& t : xs.axis.ticks) {
        const std::string x = num(xs(t));
        line(o, x, num(top), x, num(bottom), "stroke=\"#dddddd\"");
        text(o, x, num(bottom + 18), t.to_string(), "text-anchor=\"middle\"");
    }
    if (ys.axis.lo.is_negative() && ys.axis.hi.sign() > 0) {
        const std::string y0 = num(ys(Decimal()));
        line(o, num(left), y0, num(right), y0, "stroke=\"#888888\"");
    }
    line(o, num(left), num(bottom), num(right), num(bottom), "stroke=\"#333333\"");
    line(o, num(left), num(top), num(left), num(bottom), "stroke=\"#333333\"");
    text(o, num((left + right) / 2), num(bottom + 42), r.quantity + (r.unit.empty() ? "" : " (" + r.unit + ")"),
         "text-anchor=\"middle\" font-size=\"13\"");
    o += "<text transform=\"translate(18," + num(top + ys.length / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">" +
         escape_markup("monthly total" + (r.currency.empty() ? "" : " (" + r.currency + ")")) + "</text>\n";

    // The break-evens' lines under the plans' lines.
    for (const BreakEven& b : r.breaks) {
        const std::string x = num(xs(b.at.x));
        line(o, x, num(top), x, num(bottom), "stroke=\"#666666\" stroke-dasharray=\"4 3\"");
    }

    // One polyline per run of priced points; a point the plan cannot price
    // breaks the line. Points collinear with their neighbours are left out
    // (exactly: the cross product in Decimal), the line is the same.
    for (int i = 0; i < n; ++i) {
        const std::string style = "stroke=\"" + colour_of(i) + "\"" +
                                  (dash_of(i).empty() ? "" : " stroke-dasharray=\"" + dash_of(i) + "\"");
        std::vector<std::pair<Decimal, Decimal>> run;
        auto flush = [&] {
            if (run.size() == 1) {
                o += "<circle class=\"series\" cx=\"" + num(xs(run[0].first)) + "\" cy=\"" + num(ys(run[0].second)) +
                     "\" r=\"4\" fill=\"" + colour_of(i) + "\"/>\n";
            } else if (run.size() > 1) {
                o += "<polyline class=\"series\" fill=\"none\" stroke-width=\"2.5\" stroke-linejoin=\"round\" " + style +
                     " points=\"";
                // Consecutive points on the same pixel are written once.
                std::string last;
                for (std::size_t k = 0; k < run.size(); ++k) {
                    std::string xy = num(xs(run[k].first)) + "," + num(ys(run[k].second));
                    if (xy == last) continue;
                    o += (last.empty() ? "" : " ") + xy;
                    last = std::move(xy);
                }
                o += "\"/>\n";
            }
            run.clear();
        };
        for (const Point* p : curve) {
            auto t = total_of(*p, i);
            if (!t) {
                flush();
                continue;
            }
            while (run.size() >= 2) {
                const auto& [x0, y0] = run[run.size() - 2];
                const auto& [x1, y1] = run.back();
                if ((x1 - x0) * (*t - y0) != (y1 - y0) * (p->x - x0) || x1 == x0) break;
                run.pop_back();
            }
            run.emplace_back(p->x, *t);
        }
        flush();
    }

    // The break-evens' dots and labels. A label goes right of its line (left
    // when it would leave the plot), on the highest row where it overlaps no
    // earlier label; when every row is taken it is left out, and counted
    // under the legend (the page's table lists every break-even).
    constexpr int kRows = 8;
    std::vector<int> row_end(kRows, -1000000);
    int omitted = 0;
    for (const BreakEven& b : r.breaks) {
        const Decimal x = xs(b.at.x);
        if (!b.at.cheapest.empty())
            if (auto t = total_of(b.at, b.at.cheapest.front()))
                o += "<circle cx=\"" + num(x) + "\" cy=\"" + num(ys(*t)) + "\" r=\"4.5\" fill=\"" +
                     colour_of(b.at.cheapest.front()) + "\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n";
        const std::string label =
            fit_cells(b.at.x.to_string() + (r.unit.empty() ? "" : " " + r.unit) + ": " + names_of(r, b.at.cheapest), 60);
        const int w = kCell * text_cells(label) + 8, px = whole(x);
        const bool on_right = px + 6 + w <= right;
        const int start = on_right ? px + 4 : px - 4 - w;
        int row = 0;
        while (row < kRows && row_end[static_cast<std::size_t>(row)] > start - 4) ++row;
        if (row == kRows) {
            ++omitted;
            continue;
        }
        row_end[static_cast<std::size_t>(row)] = start + w;
        const int y = top + 16 + 17 * row;
        o += "<rect x=\"" + num(start) + "\" y=\"" + num(y - 12) + "\" width=\"" + num(w) +
             "\" height=\"16\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#999999\" stroke-width=\"0.5\"/>\n";
        text(o, num(start + 4), num(y), label);
    }
    if (omitted)
        text(o, num(left), num(bottom + 68 + 18 * n),
             std::to_string(omitted) + " more break-even" + (omitted > 1 ? "s" : "") + " not labelled (too close together).",
             "fill=\"#333333\"");

    // The legend: each plan's line, title and name.
    for (int i = 0; i < n; ++i) {
        const PlanInfo& p = r.plans[static_cast<std::size_t>(i)];
        const int y = bottom + 68 + 18 * i;
        line(o, num(left), num(y - 4), num(left + 36), num(y - 4),
             "stroke=\"" + colour_of(i) + "\" stroke-width=\"3\"" +
                 (dash_of(i).empty() ? "" : " stroke-dasharray=\"" + dash_of(i) + "\""));
        const bool never = std::find(r.never_cheapest.begin(), r.never_cheapest.end(), i) != r.never_cheapest.end();
        std::string entry = p.title.empty() ? p.name : p.title + " (" + p.name + ")";
        text(o, num(left + 44), num(y), fit_cells(entry, 90) + (never ? " (never cheapest)" : ""));
    }
    return o + "</svg>\n";
}

// ------------------------------------------------------------- savings chart

constexpr int kMaxBars = 30;

void savings_section(std::string& o, int& y, const CorpusReport& r, const std::string& currency) {
    std::vector<const Comparison*> bars;
    uint64_t compared = 0, nothing = 0, incomparable = 0;
    Decimal sum;
    for (const Comparison& c : r.accounts) {
        if (c.currency != currency) continue;
        ++compared;
        if (c.cheapest < 0) ++incomparable;
        else if (c.saving.sign() > 0) bars.push_back(&c), sum += c.saving;
        else ++nothing;
    }
    std::stable_sort(bars.begin(), bars.end(), [](const Comparison* a, const Comparison* b) {
        return a->saving != b->saving ? a->saving > b->saving : a->account < b->account;
    });
    const std::string cur = currency.empty() ? "" : " " + currency;
    text(o, "20", num(y), (currency.empty() ? "(no currency)" : currency) + ": " + std::to_string(bars.size()) +
                             " of " + std::to_string(compared) + " accounts would save, " +
                             money_text(sum, r.money_places) + cur + " in total",
         "font-size=\"14\" font-weight=\"bold\"");
    y += 12;
    if (bars.empty()) {
        y += 20;
        text(o, "20", num(y), "No account would save by changing plan.", "font-size=\"13\"");
        y += 32;
        return;
    }
    const std::size_t shown = std::min<std::size_t>(bars.size(), kMaxBars);
    constexpr int kLeft = 20, kBarWidth = 400, kRow = 20;
    Scale xs{nice_axis(Decimal(), bars.front()->saving, 5), kLeft, kBarWidth, false};
    const int rows_top = y, rows_bottom = y + kRow * static_cast<int>(shown);
    for (const Decimal& t : xs.axis.ticks) {
        const std::string x = num(xs(t));
        line(o, x, num(rows_top), x, num(rows_bottom), "stroke=\"#dddddd\"");
        text(o, x, num(rows_bottom + 14), t.to_string(), "text-anchor=\"middle\" font-size=\"11\"");
    }
    line(o, num(kLeft), num(rows_top), num(kLeft), num(rows_bottom), "stroke=\"#333333\"");
    for (std::size_t i = 0; i < shown; ++i) {
        const Comparison& c = *bars[i];
        const int top = rows_top + kRow * static_cast<int>(i);
        // At least 3 px: a saving too small for the scale still shows.
        const Decimal end = std::max(xs(c.saving), Decimal::from_int(kLeft + 3));
        o += "<rect class=\"series\" x=\"" + num(kLeft) + "\" y=\"" + num(top + 3) + "\" width=\"" +
             num(end - Decimal::from_int(kLeft)) + "\" height=\"14\" fill=\"" + colour_of(c.cheapest) + "\"/>\n";
        // The account id gives way first: the amount and the plan stay readable.
        const std::string suffix = ": " + money_text(c.saving, r.money_places) + cur + " on " + plan_name(r.plans, c.cheapest);
        const int start = whole(end) + 6, cells = (kWidth - 16 - start) / kCell;
        const std::string label = fit_cells(fit_cells(c.account, std::max(8, cells - text_cells(suffix))) + suffix, cells);
        text(o, num(start), num(top + 14), label);
    }
    // The axis title right of the last tick's label, whatever its length.
    text(o, num(kLeft + kBarWidth + 10 + kCell * text_cells(xs.axis.ticks.back().to_string()) / 2),
         num(rows_bottom + 14), "saving" + (currency.empty() ? "" : " (" + currency + ")"),
         "font-size=\"11\"");
    y = rows_bottom + 34;
    std::string caption = std::to_string(shown) + " of " + std::to_string(bars.size()) + " saving accounts drawn";
    if (bars.size() > shown) caption += " (" + std::to_string(bars.size() - shown) + " more not drawn)";
    caption += "; " + std::to_string(nothing) + " accounts save nothing";
    if (incomparable) caption += "; " + std::to_string(incomparable) + " cannot be compared";
    text(o, "20", num(y), caption + ".", "font-size=\"12\" fill=\"#333333\"");
    y += 36;
}

std::string savings_chart(const CorpusReport& r, const std::string& title) {
    std::vector<std::string> currencies;
    for (const CurrencySummary& s : r.summary) currencies.push_back(s.currency);
    std::vector<std::string> extra;
    for (const Comparison& c : r.accounts)
        if (std::find(currencies.begin(), currencies.end(), c.currency) == currencies.end()) extra.push_back(c.currency);
    std::sort(extra.begin(), extra.end());
    extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
    currencies.insert(currencies.end(), extra.begin(), extra.end());
    if (currencies.empty()) return message_svg(title, "No account was compared.");
    // Drawn once to learn the height, then the frame around it.
    std::string body;
    int y = 62;
    for (const std::string& c : currencies) savings_section(body, y, r, c);
    std::string o;
    open_svg(o, y, title);
    return o + body + "</svg>\n";
}

}  // namespace

std::string chart_vary_svg(const VaryReport& r) {
    const std::string title = r.account + ", " + r.month + ": monthly total by " + r.quantity;
    try {
        return vary_chart(r, title);
    } catch (const std::exception& e) {  // amounts too large to scale exactly
        return message_svg(title, std::string("The chart cannot be drawn: ") + e.what() + ".");
    }
}

std::string chart_savings_svg(const CorpusReport& r) {
    const std::string title = "Saving on the cheapest plan, " + (r.from == r.to ? r.from : r.from + " to " + r.to);
    try {
        return savings_chart(r, title);
    } catch (const std::exception& e) {
        return message_svg(title, std::string("The chart cannot be drawn: ") + e.what() + ".");
    }
}

}  // namespace tarifc::compare
