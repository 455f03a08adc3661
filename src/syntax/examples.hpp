// Examples in syntax messages in the tariff's own terms. The error_message
// table (grammar/tariff_errors.hpp) writes its examples in CNY and minutes
// ("expected a number with its unit, e.g. 290 CNY"); a USD tariff that
// counts calls should read "e.g. 290 USD" and "after 1000 call free".
//
//   declared_terms(text)        the currency and a unit a tariff's text declares
//   in_terms(message, terms)    the message with its example in those terms
//   use_own_terms(ws, diags)    every syntax message of a workspace rewritten
//                               (a file that declares nothing borrows the
//                               terms of the files it imports)
#pragma once

#include <string>
#include <string_view>

#include "syntax/diagnostic.hpp"

namespace tarifc {

struct Workspace;

struct MessageTerms {
    std::string currency;  // empty: not declared
    std::string unit;      // empty: not declared
};

// Reads the `currency NAME` and `unit NAME` lines (at the start of a line;
// the text need not parse). `unit` is the first declared unit, unless the
// file declares `minute`: then it is minute (the table's examples fit).
MessageTerms declared_terms(std::string_view text);

// Replaces CNY and `minute` in the part of `message` after "e.g." (the
// example), whole words only; the rest of the message is left alone.
std::string in_terms(std::string message, const MessageTerms& terms);

void use_own_terms(const Workspace& ws, Diagnostics& diags);

}  // namespace tarifc
