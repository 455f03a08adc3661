// The grammar of the tariff language: every production of docs/language.md,
// one struct per production. The parser (src/syntax/parse.cpp) runs this grammar
// through PEGTL's parse-tree builder one statement at a time and turns the
// tree into the typed AST of src/syntax/ast.hpp.
//
// Conventions
// - Every token is followed by `sep` (blanks and comments), so a production
//   never has to think about white space.
// - After a distinctive keyword a statement commits: `if_must<kw, ...>`. A
//   failure after that point is a syntax error whose message comes from the
//   one table in tariff_errors.hpp, never a silent backtrack.
// - Recursion happens only through `paren_expr`, `convert`, `fn_call` and
//   `not_prefix`; all are depth-limited by the parser's action (see
//   src/syntax/parse_glue.hpp), so 10,000 nested parentheses or calls are a
//   diagnostic, not a stack overflow.
// - Chains of binary operators are loops here (star<>), but each operator
//   is one more level of the AST the checker and the evaluator walk
//   recursively: the operators (mul_op, div_op, add_op, cmp_tail, and_op, or_op, and
//   the commas between a function's arguments, arg_comma) of one statement
//   are counted by the same action and limited too.
#pragma once

#include <tao/pegtl.hpp>

namespace tarifc::grammar {

namespace pegtl = tao::pegtl;
using namespace pegtl;

// ---------------------------------------------------------------- lexical

// Why '#': the comment marker pricing people know from shell and YAML files.
struct comment : seq<one<'#'>, until<eolf>> {};
struct sep : star<sor<plus<one<' ', '\t', '\r', '\n'>>, comment>> {};

template <typename Rule>
struct tok : seq<Rule, sep> {};

// Names may contain interior hyphens ("third-party", "400-inbound") because
// enum values and pack types in price books are written that way; a binary
// minus therefore needs spaces around it. A name is never a plain number.
struct name_char : sor<alnum, one<'_'>> {};
struct name_segment : plus<name_char> {};
struct plain_number_ahead
    : seq<plus<digit>, not_at<sor<name_char, seq<one<'-'>, name_char>>>> {};
struct raw_name : seq<not_at<plain_number_ahead>, name_segment,
                      star<one<'-'>, name_segment>> {};

template <typename Str>
struct kw_str : seq<Str, not_at<name_char>, not_at<one<'-'>, name_char>> {};

#define TARIFC_KW(id, text) \
    struct kw_##id : tok<kw_str<TAO_PEGTL_STRING(text)>> {}
TARIFC_KW(tariff, "tariff");
TARIFC_KW(shared, "shared");
TARIFC_KW(version, "version");
TARIFC_KW(import, "import");
TARIFC_KW(currency, "currency");
TARIFC_KW(rounding, "rounding");
TARIFC_KW(money, "money");
TARIFC_KW(to, "to");
TARIFC_KW(per, "per");
TARIFC_KW(line, "line");
TARIFC_KW(unit, "unit");
TARIFC_KW(account, "account");
TARIFC_KW(usage, "usage");
TARIFC_KW(text, "text");
TARIFC_KW(integer, "integer");
TARIFC_KW(decimal, "decimal");
TARIFC_KW(bool, "bool");
TARIFC_KW(date, "date");
TARIFC_KW(timestamp, "timestamp");
TARIFC_KW(zone, "zone");
TARIFC_KW(one, "one");
TARIFC_KW(of, "of");
TARIFC_KW(plan, "plan");
TARIFC_KW(pack, "pack");
TARIFC_KW(list, "list");
TARIFC_KW(keyed, "keyed");
TARIFC_KW(by, "by");
TARIFC_KW(ref, "ref");
TARIFC_KW(key, "key");
TARIFC_KW(default, "default");
TARIFC_KW(optional, "optional");
TARIFC_KW(unique, "unique");
TARIFC_KW(as, "as");
TARIFC_KW(size, "size");
TARIFC_KW(purchase, "purchase");
TARIFC_KW(balance, "balance");
TARIFC_KW(let, "let");
TARIFC_KW(reject, "reject");
TARIFC_KW(when, "when");
TARIFC_KW(because, "because");
TARIFC_KW(covers, "covers");
TARIFC_KW(where, "where");
TARIFC_KW(valid, "valid");
TARIFC_KW(sizes, "sizes");
TARIFC_KW(at, "at");
TARIFC_KW(deduct, "deduct");
TARIFC_KW(packs, "packs");
TARIFC_KW(meter, "meter");
TARIFC_KW(sum, "sum");
TARIFC_KW(count, "count");
TARIFC_KW(after, "after");
TARIFC_KW(charge, "charge");
TARIFC_KW(monthly, "monthly");
TARIFC_KW(yearly, "yearly");
TARIFC_KW(from, "from");
TARIFC_KW(for, "for");
TARIFC_KW(each, "each");
TARIFC_KW(in, "in");
TARIFC_KW(on, "on");
TARIFC_KW(with, "with");
TARIFC_KW(free, "free");
TARIFC_KW(costs, "costs");
TARIFC_KW(graduated, "graduated");
TARIFC_KW(volume, "volume");
TARIFC_KW(over, "over");
TARIFC_KW(up, "up");
TARIFC_KW(and, "and");
TARIFC_KW(above, "above");
TARIFC_KW(or, "or");
TARIFC_KW(not, "not");
TARIFC_KW(true, "true");
TARIFC_KW(false, "false");
TARIFC_KW(ceil, "ceil");
TARIFC_KW(floor, "floor");
TARIFC_KW(round, "round");
TARIFC_KW(minimum, "minimum");
TARIFC_KW(spend, "spend");
TARIFC_KW(against, "against");
TARIFC_KW(charges, "charges");
TARIFC_KW(discount, "discount");
TARIFC_KW(take, "take");
TARIFC_KW(percent, "percent");
TARIFC_KW(off, "off");
TARIFC_KW(subtotal, "subtotal");
TARIFC_KW(threshold, "threshold");
TARIFC_KW(true_up, "true-up");  // not reserved: only after `yearly`
TARIFC_KW(block, "block");  // not reserved: users' files may name things `block`
TARIFC_KW(rounded, "rounded");  // not reserved either: only a meter's last clause reads it
#undef TARIFC_KW

// Words that end a quantity or start a clause: never a unit name nor the
// first word of a path, so "over 0 up to 50" cannot read `up` as a unit.
struct reserved
    : sor<kw_and, kw_or, kw_not, kw_in, kw_true, kw_false, kw_up, kw_to, kw_at,
          kw_free, kw_over, kw_above, kw_where, kw_after, kw_by, kw_of, kw_when,
          kw_spend, kw_against, kw_costs, kw_for, kw_on, kw_with, kw_per,
          kw_monthly, kw_yearly, kw_from, kw_because, kw_off, kw_percent,
          kw_graduated, kw_volume, kw_rounding, kw_threshold, kw_take,
          kw_ceil, kw_floor, kw_round, kw_covers, kw_valid, kw_sizes,
          kw_subtotal, kw_charges, kw_as, kw_optional, kw_default, kw_key,
          kw_unique> {};

// Statement keywords: a unit name never swallows the first word of the next
// statement ("let x = 5" followed by "reject ..." on the next line).
struct statement_word
    : sor<kw_tariff, kw_shared, kw_import, kw_currency, kw_unit, kw_account, kw_usage,
          kw_let, kw_reject, kw_pack, kw_deduct, kw_meter, kw_charge, kw_minimum,
          kw_discount> {};

struct name : raw_name {};                       // a declared name: tariff, field, charge...
struct name_tok : tok<name> {};
struct word : seq<not_at<reserved>, raw_name> {}; // a name where a keyword could also stand
struct word_tok : tok<word> {};

// Why no escapes beyond \" and \\: descriptions are prose for invoices.
struct string_char : sor<seq<one<'\\'>, one<'"', '\\'>>, not_one<'"', '\\', '\n', '\r'>> {};
struct string_body : star<string_char> {};
struct string_lit : seq<one<'"'>, string_body, one<'"'>> {};
struct string_tok : tok<string_lit> {};

// Numbers are read as exact decimals by src/base/decimal.cpp; an optional
// leading minus so that the checker, not the parser, reports negative prices.
struct number : seq<opt<one<'-'>>, plus<digit>, opt<one<'.'>, plus<digit>>,
                    not_at<name_char>> {};
struct number_tok : tok<number> {};

// A unit after a number: "minute", "CNY", "CNY/minute".
struct unit_name : seq<not_at<reserved>, not_at<statement_word>, raw_name> {};
struct unit_denominator : seq<one<'/'>, unit_name> {};
struct unit_ref : seq<unit_name, opt<unit_denominator>> {};
struct unit_ref_tok : tok<unit_ref> {};

// A number with an optional unit: 35 CNY, 0.0499 CNY/minute, 50 GB, 3.
// Why the unit must stand on the number's line: otherwise "default 0" would
// read the next line's field name as its unit.
struct blanks : star<one<' ', '\t'>> {};
struct quantity_number : number {};
struct quantity : seq<quantity_number, opt<blanks, unit_ref>, sep> {};

// A version or effective date: 2019-07-01, 2.1, v3.
struct version_text : plus<not_one<' ', '\t', '\r', '\n', '#'>> {};

// ---------------------------------------------------------------- expressions

struct expr;
struct paren_open : tok<one<'('>> {};
struct paren_close : tok<one<')'>> {};
struct paren_expr : if_must<paren_open, expr, paren_close> {};

struct rounding_mode
    : sor<TAO_PEGTL_STRING("half-up"), TAO_PEGTL_STRING("half-even"),
          TAO_PEGTL_STRING("half-down"), TAO_PEGTL_STRING("ceil"),
          TAO_PEGTL_STRING("floor"), TAO_PEGTL_STRING("up"),
          TAO_PEGTL_STRING("down")> {};
struct rounding_mode_tok : tok<seq<rounding_mode, not_at<name_char>>> {};

// Unit conversion always says how it rounds: ceil(x to minute),
// floor(x to hour), round(x to minute half-up). Its target may name a step
// before the unit or alone: round(x to 0.01 USD half-up), round(x to 0.001
// half-up). The only division, `/`, is read as a `mul_expr` operator; the
// checker allows it only as the whole argument of a conversion, so that
// every quotient is rounded once, as the conversion says.
struct convert_fn : sor<kw_ceil, kw_floor, kw_round> {};
struct convert_unit : unit_ref_tok {};
// A unit after a step is never a rounding mode: in `to 0.01 half-up` the
// `half-up` is the mode.
struct convert_step_unit
    : seq<not_at<rounding_mode, not_at<sor<name_char, one<'-'>>>>, unit_ref_tok> {};
struct convert_step : seq<number, not_at<one<'/'>>, blanks, opt<convert_step_unit>, sep> {};
struct convert_target : sor<convert_step, convert_unit> {};
struct convert
    : if_must<convert_fn, paren_open, expr, kw_to, convert_target,
              opt<rounding_mode_tok>, paren_close> {};

// A function call: max(a, b), min(a, b, c). The name is any word written
// right before '(' (blanks allowed, on the same line); which names are
// functions is the checker's business (the table in src/check/functions.cpp),
// so an unknown one is a positioned error listing the functions, and adding
// a function changes no grammar. ceil, floor and round are keywords read by
// `convert` above. Why it commits at '(': after a value a '(' was never valid.
struct call_name : word {};
struct call_head : seq<call_name, blanks, at<one<'('>>> {};
struct arg_comma : tok<one<','>> {};
struct call_args : list_must<expr, arg_comma> {};
struct call_close : tok<one<')'>> {};
struct fn_call : if_must<call_head, paren_open, call_args, call_close> {};

struct path_head : word {};
struct path_tail : seq<one<'.'>, name> {};
struct path : tok<seq<path_head, star<path_tail>>> {};

struct set_item : sor<string_tok, name_tok> {};
struct set_open : tok<one<'{'>> {};
struct set_close : tok<one<'}'>> {};
struct comma : tok<one<','>> {};
struct set_items : list<set_item, comma> {};
struct set_lit : if_must<set_open, set_items, set_close> {};

struct bool_lit : sor<kw_true, kw_false> {};
struct primary : sor<paren_expr, convert, fn_call, quantity, string_tok, bool_lit, path> {};

struct mul_op : tok<one<'*'>> {};
struct div_op : tok<one<'/'>> {};  // only inside a conversion (the checker says so)
struct mul_expr : seq<primary, star<sor<mul_op, div_op>, must<primary>>> {};
struct add_op : tok<seq<one<'+', '-'>, at<one<' ', '\t', '\r', '\n'>>>> {};
struct add_expr : seq<mul_expr, star<add_op, must<mul_expr>>> {};

struct cmp_op : tok<sor<TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING(">="),
                        TAO_PEGTL_STRING("!="), one<'<', '>', '='>>> {};
struct in_set : if_must<kw_in, set_lit> {};
struct cmp_tail : sor<seq<cmp_op, must<add_expr>>, in_set> {};
struct cmp_expr : seq<add_expr, opt<cmp_tail>> {};

struct not_expr;
struct not_prefix : seq<kw_not, must<not_expr>> {};
struct not_expr : sor<not_prefix, cmp_expr> {};
struct and_op : kw_and {};  // its own rule: the operator count (parse_glue.hpp) sees it
struct or_op : kw_or {};
struct and_expr : seq<not_expr, star<and_op, must<not_expr>>> {};
struct or_expr : seq<and_expr, star<or_op, must<and_expr>>> {};
// Why seq<>: a struct derived from a selected rule would match under its
// own name and the parse tree would lose the or_expr node (and `a or b`
// would read as `a`).
struct expr : seq<or_expr> {};

// ---------------------------------------------------------------- header, imports, policy

struct header_kind : sor<kw_tariff, kw_shared> {};
struct version_tok : tok<version_text> {};
struct header : if_must<header_kind, name_tok, string_tok, kw_version, version_tok> {};
struct import_decl : if_must<kw_import, string_tok> {};
struct currency_decl : if_must<kw_currency, name_tok> {};
struct per_line : seq<kw_per, kw_line> {};
struct rounding_decl
    : if_must<kw_rounding, kw_money, kw_to, number_tok, rounding_mode_tok, opt<per_line>> {};
struct unit_factor : if_must<tok<one<'='>>, number_tok, unit_ref_tok> {};
struct unit_decl : if_must<kw_unit, name_tok, opt<unit_factor>> {};

// ---------------------------------------------------------------- inputs

struct field_decl;
struct block_open : tok<one<'{'>> {};
struct block_close : tok<one<'}'>> {};
struct field_block : if_must<block_open, star<field_decl>, block_close> {};

struct type_text : kw_text {};
struct type_integer : seq<kw_integer, opt<unit_ref_tok>> {};
struct type_decimal : seq<kw_decimal, opt<unit_ref_tok>> {};
struct type_money : kw_money {};
struct type_bool : kw_bool {};
struct type_date : kw_date {};
struct utc_offset : seq<one<'+', '-'>, digit, digit, one<':'>, digit, digit> {};
struct utc_offset_tok : tok<utc_offset> {};
struct type_timestamp : seq<kw_timestamp, opt<kw_zone, must<utc_offset_tok>>> {};
struct enum_value : name_tok {};
struct enum_values : list_must<enum_value, comma> {};
struct type_enum : if_must<kw_one, kw_of, enum_values> {};
struct type_plan : kw_plan {};
struct type_pack : kw_pack {};
struct type_account : kw_account {};
struct type_ref : if_must<kw_ref, name_tok> {};
struct list_entity : name_tok {};
struct list_key : name_tok {};
struct type_list
    : if_must<kw_list, kw_of, list_entity, kw_keyed, kw_by, list_key, field_block> {};
struct field_type
    : sor<type_text, type_integer, type_decimal, type_money, type_bool, type_date,
          type_timestamp, type_enum, type_plan, type_pack, type_account, type_ref,
          type_list> {};

struct opt_key : kw_key {};
struct opt_optional : kw_optional {};
struct opt_default : if_must<kw_default, primary> {};
struct opt_unique : if_must<kw_unique, kw_per, name_tok> {};
struct role_pack_size : seq<kw_pack, kw_size> {};
struct role_pack_purchase : seq<kw_pack, kw_purchase> {};
struct role_pack_balance : seq<kw_pack, kw_balance> {};
struct pack_role : sor<role_pack_size, role_pack_purchase, role_pack_balance> {};
struct opt_role : if_must<kw_as, pack_role> {};
struct field_option : sor<opt_key, opt_optional, opt_default, opt_unique, opt_role> {};
struct field_colon : tok<one<':'>> {};
struct field_decl : seq<name_tok, must<field_colon>, must<field_type>, star<field_option>> {};

struct account_decl : if_must<kw_account, field_block> {};
struct usage_decl : if_must<kw_usage, name_tok, field_block> {};

// ---------------------------------------------------------------- per-record rules

struct equals : tok<one<'='>> {};
struct let_decl : if_must<kw_let, name_tok, equals, expr> {};
struct reject_decl : if_must<kw_reject, name_tok, kw_when, expr, kw_because, string_tok> {};

// ---------------------------------------------------------------- packs

struct where_clause : if_must<kw_where, expr> {};
struct validity_unit : name_tok {};
struct pack_size_row : seq<quantity, must<kw_at>, must<quantity>> {};
struct pack_sizes : if_must<kw_sizes, block_open, star<pack_size_row>, block_close> {};
struct pack_decl
    : if_must<kw_pack, name_tok, string_tok, kw_covers, name_tok, kw_of, name_tok,
              opt<where_clause>, kw_valid, number_tok, validity_unit, pack_sizes> {};
struct deduct_key : name_tok {};
struct deduct_keys : list_must<deduct_key, comma> {};
struct deduct_decl
    : if_must<kw_deduct, kw_packs, kw_by, deduct_keys> {};

// ---------------------------------------------------------------- meters

struct sum_agg : if_must<kw_sum, paren_open, expr, paren_close> {};
struct count_agg : seq<kw_count, not_at<one<'('>>> {};
// The other aggregates: one or two words right before '(' -- max(x),
// time-weighted average(x), distinct count(x). Which words name an
// aggregate is the checker's table (src/check/aggregates.cpp), as for
// functions, so an unknown one is a positioned error listing them.
struct agg_word : raw_name {};
struct agg_name : seq<agg_word, opt<plus<one<' ', '\t'>>, agg_word, at<blanks, one<'('>>>> {};
struct agg_head : seq<agg_name, blanks, at<one<'('>>> {};
struct named_agg : if_must<agg_head, paren_open, expr, paren_close> {};
struct aggregate : sor<sum_agg, count_agg, named_agg> {};
// `rounded to mGB half-even`: how an average rounds (its one division).
struct meter_rounding : if_must<kw_rounded, kw_to, convert_unit, rounding_mode_tok> {};
struct group_clause : if_must<kw_by, expr> {};
// What comes off the meter's total, in the order written: `after packs`,
// `after 1000 minute free, packs` (the monthly allowance first),
// `after packs, 1000 minute free`, `after 100 free`.
struct after_packs : kw_packs {};
struct after_free : if_must<quantity, kw_free> {};
struct after_step : sor<after_packs, after_free> {};
struct after_steps : list_must<after_step, comma> {};
struct after_clause : if_must<kw_after, after_steps> {};
struct title : string_tok {};
struct meter_decl
    : if_must<kw_meter, name_tok, opt<title>, equals, aggregate, kw_of, name_tok,
              opt<where_clause>, opt<group_clause>, opt<after_clause>, opt<meter_rounding>> {};

// ---------------------------------------------------------------- charges, minimums, discounts

struct cadence_monthly : kw_monthly {};
// `yearly true-up from DATE`: a yearly minimum that says it is settled by
// a true-up over its whole year (the meaning of every yearly minimum since
// issue 8; the word acknowledges W0604).
struct cadence_true_up : kw_true_up {};
struct cadence_yearly : if_must<kw_yearly, opt<cadence_true_up>, kw_from, expr> {};
struct cadence : sor<cadence_monthly, cadence_yearly> {};

struct for_each : if_must<kw_for, kw_each, name_tok, kw_in, path, opt<where_clause>> {};
struct when_clause : if_must<kw_when, expr> {};
struct on_clause : if_must<kw_on, expr> {};
// An allowance is any per-account-and-month expression: a literal
// ("with 100 GB free"), an account or entry field, arithmetic.
struct allowance : if_must<kw_with, expr, kw_free> {};
struct rate_clause : if_must<kw_at, quantity> {};
struct costs_clause : if_must<kw_costs, expr> {};
// "per 10000 call block at 5 USD", "per 10 block at 1 USD": a price per
// started block. Why it commits only after `per NUMBER`: `per` alone may be
// the next statement's business; the unit is any name but `block`.
struct block_unit : seq<not_at<kw_block>, unit_ref> {};
struct block_size : seq<quantity_number, opt<blanks, block_unit>, sep> {};
struct block_clause : seq<kw_per, block_size, must<kw_block>, must<kw_at>, must<quantity>> {};

// A band states both of its bounds: "over A up to B" is the interval (A, B];
// "over A and above" is the explicit open top. A band with neither is parsed
// so that the checker can say what is missing.
struct band_upper : seq<kw_up, must<kw_to>, must<quantity>> {};
struct band_open_top : seq<kw_and, must<kw_above>> {};
struct band_free : kw_free {};
struct band_price : sor<band_free, rate_clause> {};
struct band : if_must<kw_over, quantity, opt<sor<band_upper, band_open_top>>, band_price> {};
struct tier_mode : sor<kw_graduated, kw_volume> {};
// "volume by outbound_all { ... }": the band is chosen by another quantity
// (the selector) and its rate prices the charge's own `on` quantity. Parsed
// after `graduated` too, so that the checker can say why it is not allowed.
struct tier_by : if_must<kw_by, expr> {};
struct tier_open : seq<block_open> {};  // its own rule: its own message
struct tier_table : if_must<tier_mode, opt<tier_by>, tier_open, star<band>, block_close> {};
struct charge_rounding : if_must<kw_rounding, kw_money, kw_to, number_tok, rounding_mode_tok> {};
struct charge_clause
    : sor<for_each, when_clause, on_clause, allowance, rate_clause, tier_table,
          costs_clause, block_clause, charge_rounding> {};
struct charge_decl
    : if_must<kw_charge, name_tok, string_tok, cadence, star<charge_clause>> {};

struct spend_clause : if_must<kw_spend, expr> {};
struct charge_names : list_must<name_tok, comma> {};
struct against_charges : if_must<kw_charges, charge_names> {};
struct against_usage : seq<expr, must<rate_clause>> {};
struct against_what : sor<against_charges, against_usage> {};
struct against_clause : if_must<kw_against, against_what> {};
struct minimum_clause : sor<for_each, when_clause, spend_clause, against_clause> {};
struct minimum_decl
    : if_must<kw_minimum, name_tok, string_tok, cadence, star<minimum_clause>> {};

struct discount_percent : seq<number_tok, kw_percent> {};
struct discount_amount : seq<quantity> {};  // seq<>: see expr
struct discount_size : sor<discount_percent, discount_amount> {};
struct discount_base_subtotal : kw_subtotal {};
struct discount_base_charges : if_must<kw_charges, charge_names> {};
struct discount_base : sor<discount_base_subtotal, discount_base_charges> {};
// `above BOUND`: a progressive discount, taken from the part of the base
// above the bound only (language.md "Progressive discounts").
struct discount_above : if_must<kw_above, expr> {};
struct take_clause
    : if_must<kw_take, discount_size, kw_off, discount_base, opt<discount_above>> {};
struct threshold_clause : if_must<kw_threshold, expr> {};
struct discount_clause : sor<take_clause, threshold_clause, when_clause> {};
struct discount_decl
    : if_must<kw_discount, name_tok, string_tok, cadence, star<discount_clause>> {};

// ---------------------------------------------------------------- statements

struct statement
    : sor<header, import_decl, currency_decl, rounding_decl, unit_decl, account_decl,
          usage_decl, let_decl, reject_decl, pack_decl, deduct_decl, meter_decl,
          charge_decl, minimum_decl, discount_decl> {};

// One statement and the blanks after it; parse.cpp calls this in a loop so
// that a syntax error in one statement does not hide the next one's.
// Leading blanks and comments belong to the statement that follows them.
struct statement_unit : seq<sep, sor<eof, seq<must<statement>, sep>>> {};
// The whole file, used only by the grammar's analyze() test.
struct file : seq<sep, star<statement>, eof> {};

}  // namespace tarifc::grammar
