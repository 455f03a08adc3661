// Every syntax message of test files (*.tariff-test), in one table, as
// tariff_errors.hpp is for tariffs. A rule that can fail after a commit
// point and has no entry here is a compile error.
#pragma once

#include "error_table.hpp"
#include "spec_grammar.hpp"

namespace tarifc::grammar::spec {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

#define TARIFC_MSG(rule, text) \
    template <>                \
    inline constexpr const char* error_message<rule> = text

TARIFC_MSG(file_end, "expected a test (test \"NAME\" { ... }) or a setting: tariff, period, accounts or usage");
TARIFC_MSG(text_tok, "expected a text in double quotes");
TARIFC_MSG(test_name, "expected the test's name in double quotes");
TARIFC_MSG(item_name, "expected the charge's name or the line's description in double quotes, e.g. \"seats\"");
TARIFC_MSG(reason_text, "expected the reason in double quotes");
TARIFC_MSG(from_month, "expected the first month, written YYYY-MM, e.g. 2019-07");
TARIFC_MSG(to_month, "expected the last month, written YYYY-MM, e.g. 2019-07");
TARIFC_MSG(month_tok, "expected a month, written YYYY-MM, e.g. 2019-07");
TARIFC_MSG(kw_to, "expected 'to' and the last month");
TARIFC_MSG(kw_of, "expected 'out of period'");
TARIFC_MSG(kw_period, "expected 'out of period'");
TARIFC_MSG(kw_line, "expected 'line' and the usage file's line number");
TARIFC_MSG(kw_account, "expected 'account' and the account's id");
TARIFC_MSG(account_ref, "expected 'account', the account's id and the month, e.g. account acme 2019-07");
TARIFC_MSG(checks, "expected what to compare, e.g. amount = 537.00");
TARIFC_MSG(account_id, "expected the account's id");
TARIFC_MSG(count_tok, "expected a whole number");
TARIFC_MSG(equals, "expected '='");
TARIFC_MSG(value, "expected a number, e.g. 537.00 or 537.00 CNY");
TARIFC_MSG(check, "expected what to compare, e.g. amount = 537.00");
TARIFC_MSG(rows_check, "expected a count: rows = N, rated = N, rejected = N or out of period = N");
TARIFC_MSG(block_open, "expected '{' and the test's settings and expectations");
TARIFC_MSG(block_close, "expected '}', a setting (tariff, period, accounts, usage) or 'expect'");
TARIFC_MSG(csv_body, "expected the usage CSV lines and a line holding only '}'");
TARIFC_MSG(csv_close, "expected '}'");
TARIFC_MSG(expect_what,
           "expected what to expect: total, line, pack, rejected line or rows");
TARIFC_MSG(reason_contains, "expected 'contains' or the reason in double quotes");
TARIFC_MSG(accounts_value,
           "expected the accounts: a file name in double quotes, or the JSON object { \"accounts\": [...] }");
TARIFC_MSG(usage_value,
           "expected the usage: a file name in double quotes, or '{' at the end of the line, the CSV lines "
           "and a line holding only '}'");

#undef TARIFC_MSG

// The table PEGTL's must_if control reads (grammar/error_table.hpp).
template <typename Rule>
struct message_of {
    static constexpr const char* text = error_message<Rule>;
};
using error_table = error_table_of<message_of>;

}  // namespace tarifc::grammar::spec
