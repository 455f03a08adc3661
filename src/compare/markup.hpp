// What the chart (chart.cpp) and the page (html.cpp) share: text made safe
// for SVG and HTML, rough text widths for layout, amounts as text, and the
// plans' colours and dash patterns (the same plan looks the same everywhere).
#pragma once

#include <string>
#include <string_view>

#include "base/decimal.hpp"

namespace tarifc::compare {

// Input text made printable: invalid UTF-8 bytes, control characters (C0,
// DEL, C1) and XML's noncharacters become U+FFFD; tab, CR and LF a space.
// Every other character, UTF-8 included, is kept as is.
std::string clean_text(std::string_view s);

// clean_text, then & < > " ' as character references: safe in SVG/XML and
// HTML text and in quoted attribute values.
std::string escape_markup(std::string_view s);

// Terminal cells of clean_text(s) (a CJK character counts 2): the layout's
// estimate of a text's width (about 7 px per cell at 12 px).
int text_cells(std::string_view s);

// clean_text(s) cut to at most `cells` cells, an ellipsis marking the cut.
std::string fit_cells(std::string_view s, int cells);

// `amount` with `places` decimals; an amount with more decimals than that is
// rounded half-even first rather than refused (a chart must not throw).
std::string money_text(const Decimal& amount, int places);

// Okabe-Ito colours (colour-blind safe), cycled; the first plan's line is
// solid, the others dashed (dash_of returns "" for solid).
std::string colour_of(int plan);
std::string dash_of(int plan);

}  // namespace tarifc::compare
