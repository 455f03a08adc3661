#include "syntax/codes.hpp"

#include <algorithm>
#include <iterator>

namespace tarifc {

namespace {

constexpr CodeInfo kCodes[] = {
    {"E0001", "syntax error"},
    {"E0002", "not UTF-8 text"},
    {"E0003", "file too large"},
    {"E0004", "nesting too deep"},
    {"E0005", "an import cannot be read"},
    {"E0006", "import cycle"},
    {"E0007", "import outside the tariff's folder"},
    {"E0008", "number with too many digits"},
    {"E0009", "imports nested too deep"},
    {"W0010", "a malformed allow comment"},
    {"W0011", "an allow that accepts nothing"},
    {"E0101", "unknown name"},
    {"E0102", "declared twice"},
    {"W0103", "never used"},
    {"E0104", "file header"},
    {"E0105", "let used before it is defined"},
    {"E0201", "wrong kind of value"},
    {"E0202", "unit mismatch"},
    {"E0203", "rounding left implicit"},
    {"E0204", "unknown unit"},
    {"E0205", "a number too large once converted"},
    {"E0206", "a function called with the wrong number of arguments"},
    {"E0301", "bands out of order, or below zero"},
    {"E0302", "bands overlap"},
    {"E0303", "gap between bands"},
    {"E0304", "empty band"},
    {"E0305", "band without an upper bound"},
    {"E0306", "no open top, or no bands"},
    {"W0307", "volume pricing cliff"},
    {"E0308", "band after the open top"},
    {"E0309", "graduated by another quantity"},
    {"E0401", "negative price"},
    {"W0402", "more decimals than the money rounding keeps"},
    {"W0403", "allowance not a whole number of the rounded unit"},
    {"W0404", "discount cliff"},
    {"E0501", "pack covers nothing"},
    {"E0502", "pack size listed twice"},
    {"E0503", "deduction order missing or undecided"},
    {"E0504", "pack roles do not fit"},
    {"E0505", "`after packs` on a meter packs do not reduce"},
    {"E0506", "a meter's `after` steps do not fit"},
    {"W0507", "a charge's allowance comes after the packs"},
    {"E0601", "a statement's clauses do not fit"},
    {"E0602", "currency, rounding or inputs missing"},
    {"E0603", "input declarations do not fit"},
    {"W0604", "a yearly minimum takes its whole year"},
    {"W0605", "a second allowance is ignored"},
    {"E0701", "not JSON"},
    {"E0702", "not an accounts document"},
    {"E0703", "unknown field, or a field given twice"},
    {"E0704", "missing field"},
    {"E0705", "a value of the wrong JSON type"},
    {"E0706", "a value that is not allowed"},
    {"E0707", "duplicate account or list entry"},
    {"E0708", "a pack purchase the tariff does not sell"},
    {"E0709", "an accounts file over a limit"},
    {"E0801", "empty usage file"},
    {"E0802", "the header is not CSV"},
    {"E0803", "the header does not fit the tariff"},
    {"E0804", "an amount too large to represent"},
    {"E0805", "a division by zero in an invoice line"},
    {"E0901", "bad command line"},
    {"E0902", "a file or folder cannot be read"},
    {"E0903", "the output cannot be written"},
    {"E0904", "nothing to check or rate"},
    {"E0905", "tariffs that cannot share one usage file"},
    {"E0906", "out of memory"},
    {"E0907", "internal error"},
    {"E1001", "`after` steps on an aggregate that is not a total"},
    {"E1002", "an average without its rounding, or a rounding on anything else"},
    {"E1003", "unknown aggregate"},
    {"E1101", "a test file that does not parse"},
    {"E1102", "a setting given twice"},
    {"E1103", "a field an expectation does not compare"},
    {"E1104", "a month or period that is not one"},
    {"E1105", "a test without a setting or without expectations"},
    {"E1106", "a file a test names does not exist"},
    {"E1107", "no test file"},
    {"E1108", "no test to run"},
    {"E1109", "a number too large or too precise"},
    {"E1110", "two tests with one name"},
    {"E1120", "an expectation not met"},
    {"E1121", "coverage below --min-coverage"},
};

constexpr CodeHelp kHelp[] = {
#include "code_help.inc"
};

static_assert(std::size(kHelp) == std::size(kCodes), "docs/diagnostics.md has a section per code");

}  // namespace

std::span<const CodeInfo> diagnostic_codes() { return kCodes; }

std::span<const CodeHelp> code_helps() { return kHelp; }

const CodeHelp& code_help(std::size_t index) { return kHelp[index]; }

std::optional<std::size_t> code_index(std::string_view code) {
    const auto* it = std::find_if(std::begin(kCodes), std::end(kCodes),
                                  [&](const CodeInfo& c) { return code == c.code; });
    if (it == std::end(kCodes)) return std::nullopt;
    return static_cast<std::size_t>(it - std::begin(kCodes));
}

std::string heading_anchor(std::string_view heading) {
    std::string out;
    for (char ch : heading) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c >= 0x80)
            out.push_back(ch);
        else if (c == ' ') out.push_back('-');
    }
    return out;
}

std::string code_name(const CodeInfo& info) {
    std::string out;
    bool word_start = true;
    for (const char* p = info.title; *p; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        // An apostrophe does not start a word ("tariff's" -> "Tariffs").
        if (!alnum) {
            if (c != '\'') word_start = true;
            continue;
        }
        out.push_back(word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : static_cast<char>(c));
        word_start = false;
    }
    return out;
}

std::string code_help_path(const CodeInfo& info) {
    return "docs/diagnostics.md#" + heading_anchor(std::string(info.code) + ": " + info.title);
}

}  // namespace tarifc
