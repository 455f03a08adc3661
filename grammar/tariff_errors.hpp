// Every syntax error message of the language, in one table. A message names
// the construct that was expected, in words a pricing analyst uses. The
// parser attaches this table through PEGTL's must_if control; a rule that
// can fail after a commit point and has no entry here is a compile error.
#pragma once

#include "error_table.hpp"
#include "tariff_grammar.hpp"

namespace tarifc::grammar {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

#define TARIFC_MSG(rule, text) \
    template <>                \
    inline constexpr const char* error_message<rule> = text

TARIFC_MSG(statement,
           "expected a declaration: tariff, shared, import, currency, rounding, unit, account, "
           "usage, let, reject, pack, deduct, meter, charge, minimum or discount");
TARIFC_MSG(name_tok, "expected a name (letters, digits, '_' and inner '-')");
TARIFC_MSG(string_tok, "expected a text in double quotes");
TARIFC_MSG(title, "expected a description in double quotes");
TARIFC_MSG(kw_version, "expected 'version' and the tariff's version or effective date");
TARIFC_MSG(version_tok, "expected a version or effective date, e.g. 2019-07-01");
TARIFC_MSG(kw_money, "expected 'money'");
TARIFC_MSG(kw_to, "expected 'to'");
TARIFC_MSG(number_tok, "expected a number");
TARIFC_MSG(rounding_mode_tok,
           "expected a rounding mode: half-up, half-even, half-down, ceil, floor, up or down");
TARIFC_MSG(unit_ref_tok, "expected a unit, e.g. minute or CNY/minute");
TARIFC_MSG(convert_unit, "expected the unit to convert to, e.g. minute");
TARIFC_MSG(convert_target, "expected the unit to convert to, e.g. minute");
TARIFC_MSG(field_block, "expected '{' and a list of fields");
TARIFC_MSG(block_open, "expected '{'");
TARIFC_MSG(block_close, "expected '}' or another entry");
TARIFC_MSG(field_colon, "expected ':' and the field's type");
TARIFC_MSG(field_type,
           "expected a field type: text, integer, decimal, money, bool, date, timestamp, "
           "one of ..., plan, pack, account, ref LIST or list of ...");
TARIFC_MSG(utc_offset_tok, "expected a UTC offset such as +08:00");
TARIFC_MSG(kw_of, "expected 'of'");
TARIFC_MSG(enum_value, "expected a value name");
TARIFC_MSG(list_entity, "expected the name of one entry of the list, e.g. number");
TARIFC_MSG(kw_keyed, "expected 'keyed by' and the key field");
TARIFC_MSG(kw_by, "expected 'by'");
TARIFC_MSG(list_key, "expected the name of the key field");
TARIFC_MSG(primary, "expected a value: a number, a text, true, false or a name");
TARIFC_MSG(kw_per, "expected 'per'");
TARIFC_MSG(pack_role, "expected a pack role: 'pack size', 'pack purchase' or 'pack balance'");
TARIFC_MSG(equals, "expected '='");
TARIFC_MSG(expr, "expected an expression");
TARIFC_MSG(not_expr, "expected a condition");
TARIFC_MSG(and_expr, "expected a condition");
TARIFC_MSG(add_expr, "expected a value to compare with");
TARIFC_MSG(mul_expr, "expected a value");
TARIFC_MSG(kw_when, "expected 'when' and a condition");
TARIFC_MSG(kw_because, "expected 'because' and the reason in double quotes");
TARIFC_MSG(kw_covers, "expected 'covers' and the quantity the pack absorbs");
TARIFC_MSG(kw_valid, "expected 'valid' and the pack's validity, e.g. valid 3 months");
TARIFC_MSG(validity_unit, "expected 'months' or 'days'");
TARIFC_MSG(pack_sizes, "expected 'sizes' and a table of sizes with prices");
TARIFC_MSG(kw_at, "expected 'at' and a price");
TARIFC_MSG(kw_block, "expected 'block' after the block size, e.g. per 10000 call block at 5 USD");
TARIFC_MSG(rate_clause, "expected 'at' and a rate, e.g. at 0.20 CNY/minute");
TARIFC_MSG(quantity, "expected a number with its unit, e.g. 290 CNY");
TARIFC_MSG(kw_packs, "expected 'packs'");
TARIFC_MSG(after_step, "expected 'packs' or an allowance, e.g. after 1000 minute free, packs");
TARIFC_MSG(after_steps, "expected 'packs' or an allowance, e.g. after 1000 minute free, packs");
TARIFC_MSG(deduct_key, "expected a deduction key: expiry, purchase, listed or size");
TARIFC_MSG(aggregate,
           "expected an aggregate: sum(...), count, max(...), min(...), last(...), average(...), "
           "time-weighted average(...) or distinct count(...)");
TARIFC_MSG(paren_open, "expected '('");
TARIFC_MSG(paren_close, "expected ')'");
TARIFC_MSG(call_args, "expected the function's arguments, e.g. max(a, b)");
TARIFC_MSG(call_close, "expected ',' and another argument, or ')'");
TARIFC_MSG(cadence, "expected how often it is billed: 'monthly' or 'yearly from DATE'");
TARIFC_MSG(kw_from, "expected 'from' and the date the yearly charge starts (a yearly minimum: 'yearly [true-up] from DATE')");
TARIFC_MSG(kw_each, "expected 'each'");
TARIFC_MSG(kw_in, "expected 'in' and a list of the account");
TARIFC_MSG(path, "expected a name such as account.numbers");
TARIFC_MSG(kw_free, "expected 'free'");
TARIFC_MSG(band_price, "expected 'at' and a rate, or 'free'");
TARIFC_MSG(kw_above, "expected 'above' (as in 'and above')");
TARIFC_MSG(kw_percent, "expected 'percent'");
TARIFC_MSG(kw_off, "expected 'off'");
TARIFC_MSG(discount_base, "expected 'subtotal' or 'charges' and charge names");
TARIFC_MSG(set_lit, "expected a set of values in braces, e.g. {third-party, own-sip}");
TARIFC_MSG(set_close, "expected '}' or ',' and another value");
TARIFC_MSG(set_item, "expected a value name or text");
TARIFC_MSG(tier_mode, "expected 'graduated' or 'volume'");
TARIFC_MSG(tier_open, "expected '{' and the bands, or 'by' and the quantity that chooses the band");
TARIFC_MSG(charge_names, "expected one or more charge names separated by ','");
TARIFC_MSG(against_what, "expected a quantity and its rate, or 'charges' and charge names");
TARIFC_MSG(discount_size, "expected the discount: a percentage (5 percent) or an amount (100 USD)");
TARIFC_MSG(set_items, "expected a value name or text");
TARIFC_MSG(enum_values, "expected one or more value names separated by ','");
TARIFC_MSG(deduct_keys, "expected deduction keys separated by ',': expiry, purchase, listed, size");
#undef TARIFC_MSG

// The table PEGTL's must_if control reads (grammar/error_table.hpp).
template <typename Rule>
struct message_of {
    static constexpr const char* text = error_message<Rule>;
};
using error_table = error_table_of<message_of>;

}  // namespace tarifc::grammar
