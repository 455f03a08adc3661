// The grammar of test files (*.tariff-test, docs/testing.md): one struct
// per production. It shares the lexical rules of the tariff language
// (tariff_grammar.hpp: blanks and '#' comments, names, texts in double
// quotes, exact numbers). src/spec/parse.cpp runs it with actions that build
// the test file's AST (src/spec/spec.hpp); every commit point (if_must<>,
// must<>) has its message in spec_errors.hpp.
//
//   file        = { setting | test }
//   setting     = tariff TEXT | period MONTH to MONTH
//               | accounts (TEXT | JSON-OBJECT) | usage (TEXT | CSV-BLOCK)
//   test        = test TEXT { { setting | expect } }
//   expect      = expect ( total account ID MONTH = VALUE
//                        | line account ID MONTH TEXT FIELD = VALUE {, FIELD = VALUE}
//                        | pack account ID MONTH TEXT FIELD = VALUE {, FIELD = VALUE}
//                        | rejected line N [reason [contains] TEXT]
//                        | rows FIELD = N {, FIELD = N} )
//   VALUE       = NUMBER [UNIT]
#pragma once

#include <tao/pegtl.hpp>

#include "tariff_grammar.hpp"

namespace tarifc::grammar::spec {

using grammar::kw_str;
using grammar::name_char;
using grammar::number;
using grammar::raw_name;
using grammar::sep;
using grammar::string_lit;
using grammar::tok;

#define TARIFC_SPEC_KW(id, text) \
    struct kw_##id : tok<kw_str<TAO_PEGTL_STRING(text)>> {}
TARIFC_SPEC_KW(tariff, "tariff");
TARIFC_SPEC_KW(period, "period");
TARIFC_SPEC_KW(to, "to");
TARIFC_SPEC_KW(accounts, "accounts");
TARIFC_SPEC_KW(usage, "usage");
TARIFC_SPEC_KW(test, "test");
TARIFC_SPEC_KW(expect, "expect");
TARIFC_SPEC_KW(total, "total");
TARIFC_SPEC_KW(account, "account");
TARIFC_SPEC_KW(line, "line");
TARIFC_SPEC_KW(pack, "pack");
TARIFC_SPEC_KW(rejected, "rejected");
TARIFC_SPEC_KW(reason, "reason");
TARIFC_SPEC_KW(contains, "contains");
TARIFC_SPEC_KW(rows, "rows");
TARIFC_SPEC_KW(out, "out");
TARIFC_SPEC_KW(of, "of");
#undef TARIFC_SPEC_KW

// Words that start a setting, a test or an expectation: never a unit.
struct statement_word
    : sor<kw_tariff, kw_period, kw_accounts, kw_usage, kw_test, kw_expect> {};

struct text : string_lit {};
struct text_tok : tok<text> {};
struct month : seq<rep<4, digit>, one<'-'>, rep<2, digit>, not_at<name_char>> {};
struct month_tok : tok<month> {};
struct from_month : month_tok {};
struct to_month : month_tok {};
struct equals : tok<one<'='>> {};
struct comma : tok<one<','>> {};
struct block_open : tok<one<'{'>> {};
struct block_close : tok<one<'}'>> {};

// A value: an exact number and, optionally, its currency or unit.
struct value_number : number {};
struct value_unit : seq<not_at<statement_word>, raw_name> {};
struct value : seq<value_number, sep, opt<value_unit, sep>> {};
struct count : seq<plus<digit>, not_at<name_char>> {};
struct count_tok : tok<count> {};

// A JSON object taken as it is (the accounts file's text): from '{' to the
// matching '}', braces inside JSON strings ignored. Not recursive, so depth
// costs no stack.
struct json_object {
    using rule_t = json_object;
    using subs_t = tao::pegtl::empty_list;
    template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class, typename Input,
              typename... States>
    static bool match(Input& in, States&&...) {
        if (in.empty() || in.peek_char() != '{') return false;
        std::size_t depth = 0;
        bool in_string = false;
        for (std::size_t i = 0; i < in.size(i + 1); ++i) {
            const char c = in.peek_char(i);
            if (in_string) {
                if (c == '\\') ++i;
                else if (c == '"') in_string = false;
                continue;
            }
            if (c == '"') in_string = true;
            else if (c == '{') ++depth;
            else if (c == '}' && --depth == 0) {
                in.bump(i + 1);
                return true;
            }
        }
        return false;
    }
};
struct json_block : seq<json_object, sep> {};

// CSV lines between '{' (alone at the end of its line) and a line holding
// only '}'. Each line's leading blanks are ignored.
struct csv_body {
    using rule_t = csv_body;
    using subs_t = tao::pegtl::empty_list;
    template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class, typename Input,
              typename... States>
    static bool match(Input& in, States&&...) {
        std::size_t i = 0;
        while (i < in.size(i + 1)) {
            std::size_t start = i;
            while (i < in.size(i + 1) && (in.peek_char(i) == ' ' || in.peek_char(i) == '\t')) ++i;
            if (i < in.size(i + 1) && in.peek_char(i) == '}') {
                std::size_t j = i + 1;
                while (j < in.size(j + 1) && (in.peek_char(j) == ' ' || in.peek_char(j) == '\t' || in.peek_char(j) == '\r')) ++j;
                if (j >= in.size(j + 1) || in.peek_char(j) == '\n' || in.peek_char(j) == '#') {
                    in.bump(start);  // the body ends before the closing line
                    return true;
                }
            }
            while (i < in.size(i + 1) && in.peek_char(i) != '\n') ++i;
            if (i < in.size(i + 1)) ++i;  // the newline
        }
        return false;
    }
};
struct csv_open : seq<one<'{'>, star<one<' ', '\t', '\r'>>, one<'\n'>> {};
struct csv_close : tok<seq<star<one<' ', '\t'>>, one<'}'>>> {};
struct csv_block : seq<csv_open, must<csv_body>, must<csv_close>> {};

struct tariff_setting : if_must<kw_tariff, text_tok> {};
struct period_setting : if_must<kw_period, from_month, kw_to, to_month> {};
struct accounts_file : text_tok {};
struct usage_file : text_tok {};
struct accounts_value : sor<accounts_file, json_block> {};
struct usage_value : sor<usage_file, csv_block> {};
struct accounts_setting : if_must<kw_accounts, accounts_value> {};
struct usage_setting : if_must<kw_usage, usage_value> {};
struct setting : sor<tariff_setting, period_setting, accounts_setting, usage_setting> {};

// An account id: a text in double quotes or a bare word (letters, digits,
// '_', '-', '.', '@', ':').
struct account_word : plus<sor<name_char, one<'-', '.', '@', ':'>>> {};
struct account_id : sor<text_tok, tok<account_word>> {};
struct account_ref : if_must<kw_account, account_id, month_tok> {};

struct field_name : raw_name {};
struct field_tok : tok<field_name> {};
struct check : if_must<field_tok, equals, value> {};
struct checks : seq<check, star<comma, must<check>>> {};
struct item_name : text_tok {};

struct expect_total : if_must<kw_total, account_ref, equals, value> {};
struct expect_line : if_must<kw_line, account_ref, item_name, checks> {};
struct expect_pack : if_must<kw_pack, account_ref, item_name, checks> {};
struct reason_contains : kw_contains {};
struct reason_text : text_tok {};
struct expect_rejected
    : if_must<kw_rejected, kw_line, count_tok, opt<if_must<kw_reason, opt<reason_contains>, reason_text>>> {};
struct out_of_period : seq<kw_out, must<kw_of>, must<kw_period>> {};
struct rows_field : sor<out_of_period, field_tok> {};
struct rows_check : if_must<rows_field, equals, count_tok> {};
struct expect_rows : if_must<kw_rows, rows_check, star<comma, must<rows_check>>> {};
struct expect_what : sor<expect_total, expect_line, expect_pack, expect_rejected, expect_rows> {};
struct expectation : if_must<kw_expect, expect_what> {};

struct test_name : text_tok {};
struct test_item : sor<setting, expectation> {};
struct test_decl : if_must<kw_test, test_name, block_open, star<test_item>, block_close> {};

struct file_item : sor<setting, test_decl> {};
struct file_end : eof {};
struct file : seq<sep, star<file_item>, must<file_end>> {};

}  // namespace tarifc::grammar::spec
