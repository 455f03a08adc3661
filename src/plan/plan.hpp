// The compiled tariff: what the checker produces from a sound AST and the
// evaluator runs. Everything here is resolved to indices — no names are
// looked up while rows flow. Expressions are flat arrays of nodes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/decimal.hpp"
#include "syntax/source.hpp"

namespace tarifc::plan {

// ---------------------------------------------------------------- units

// Every unit belongs to a dimension named by its base unit; `factor` is how
// many base units one of it is (minute: 60 second). A currency is a unit of
// its own dimension.
struct Unit {
    std::string name;
    int base = 0;     // index of the base unit (itself for a base unit)
    Decimal factor;   // in base units
    bool is_currency = false;
};

// The unit of a value: numerator / denominator, each a unit index or -1.
// money: {CNY, -1}; rate: {CNY, minute}; quantity: {minute, -1}; number: {-1, -1}
struct UnitPair {
    int num = -1;
    int den = -1;
    friend bool operator==(const UnitPair&, const UnitPair&) = default;
};

// ---------------------------------------------------------------- inputs

enum class ValueKind : uint8_t {
    Number,     // integer or decimal, with a unit
    Bool,
    Text,
    Enum,       // value is the index into enum_values
    Date,       // value is days since 1970-01-01
    Timestamp,  // value is local seconds since 1970-01-01 in the tariff's zone
    Plan,       // text naming a tariff
    Pack,       // value is the pack type index
    Account,    // usage: the account id (text)
    Ref,        // usage: an entry of one of the account's lists, value = entry index
    List,       // account: a list of entities
};

enum class PackRole : uint8_t { None, Size, Purchase, Balance };

struct Field {
    std::string name;
    ValueKind kind = ValueKind::Number;
    bool integer = false;             // Number: digits only
    UnitPair unit;                    // Number (money: {currency, -1})
    std::vector<std::string> enum_values;
    bool optional = false;            // may be omitted, with no default
    std::optional<Decimal> default_value;  // Number/Bool/Enum/Date as a value
    bool is_key = false;
    bool unique_per_account = false;
    int ref_list = -1;                // Ref: index into Inputs::lists
    int zone_offset_minutes = 0;      // Timestamp: the zone of text without an offset
    PackRole role = PackRole::None;
    int list = -1;                    // List: index into Inputs::lists
};

struct EntityList {
    std::string field_name;   // "numbers"
    std::string entity_name;  // "number"
    int key_field = -1;       // index into fields
    std::vector<Field> fields;
    // A list whose entries are pack purchases (it has a field of type pack).
    bool is_pack_list = false;
    int type_field = -1, size_field = -1, purchase_field = -1, balance_field = -1;
};

// A usage record refers to at most this many account lists (rows held for
// pack deduction keep these entry indices inline).
inline constexpr int kMaxRefFields = 4;
// Rows held for pack deduction keep the meters and pack types they touch as
// 64-bit masks.
inline constexpr int kMaxMeters = 64;
inline constexpr int kMaxPackTypes = 64;

struct Inputs {
    std::vector<Field> account_fields;  // scalar and list fields, in declaration order
    int account_id_field = -1;
    int account_plan_field = -1;
    std::vector<EntityList> lists;

    std::string record_name;            // "call"
    std::string record_plural;          // "calls"
    std::vector<Field> usage_fields;    // CSV columns, in declaration order
    int usage_account_field = -1;
    int usage_time_field = -1;
    int usage_unique_field = -1;        // -1: no duplicate check
};

// ---------------------------------------------------------------- expressions

// A new operator also takes a row in src/eval/row_class.cpp (kShapes, in this order).
enum class Op : uint8_t {
    Const,        // value k
    RecordField,  // a = usage field index
    Let,          // a = let slot
    RefField,     // a = usage field (a Ref), b = list, c = entity field
    AccountField, // a = account field index
    VarField,     // the for-each entry: b = list, c = entity field
    Meter,        // a = meter index; grouped meters read the for-each entry's group
    Not, And, Or,
    Eq, Ne, Lt, Le, Gt, Ge,
    InSet,        // a = operand node, mask = set of enum indices
    Add, Sub, Mul,
    Max, Min,     // the greater (smaller) of a and b: the functions max and min (check/functions.cpp)
    ChoiceMap,    // a = a choice's value index; c = choice_maps entry: the index of the same value in another choice, or -1
    Convert,      // a = operand node (b = its unit); value × k / k2 rounded to a whole unit by mode
    // A conversion with a division or a step, round(A / B to STEP UNIT MODE):
    // a = A, b = B (kNoExpr: 1), c = the step's Const node; the value is
    // A × k / (B × k2) rounded by mode to a whole number, times the step (k2
    // holds the step). B = 0 throws rating::DivisionByZero.
    Quotient,
    Period,       // the invoice's month: a = 0 its number of days, 1 its first day, 2 its last day (dates)
    Days,         // days(a, b): the days from date a to date b, both counted; 0 when b is before a
};

struct Node {
    Op op = Op::Const;
    RoundingMode mode = RoundingMode::Ceil;
    int32_t a = -1, b = -1, c = -1;
    uint64_t mask = 0;
    Decimal k;
    Decimal k2;
};

// An expression is a root index into a shared node pool; operands of
// binary nodes are in a and b.
using ExprId = int32_t;
inline constexpr ExprId kNoExpr = -1;

// ---------------------------------------------------------------- rating rules

struct Let {
    std::string name;
    ExprId value = kNoExpr;
};

struct Reject {
    ExprId condition = kNoExpr;
    std::string reason;
    SourceRange range{};          // the rule, for `tarifc test --coverage`
};

struct PackSize {
    Decimal size;
    Decimal price;
};

struct PackType {
    std::string name;
    std::string title;
    int covered_let = -1;         // the let whose value the pack absorbs
    ExprId where = kNoExpr;       // which records it covers
    int validity = 0;
    bool validity_in_months = true;
    std::vector<PackSize> sizes;  // in declaration order
    UnitPair size_unit;
    SourceRange range{};          // the declaration's name, for `tarifc test --coverage`
};

enum class DeductKey : uint8_t { Expiry, Purchase, Listed, Size };

// What a meter makes of its rows (docs/language.md "Aggregates"; the table
// of names is src/check/aggregates.cpp, the arithmetic src/eval/aggregate.cpp).
enum class Aggregate : uint8_t {
    Sum, Count,
    Max, Min,       // the extreme value, and the earliest time it was reached
    Last,           // the value at the latest time; ties: the greatest value
    Average,        // the sum over the rows' count, rounded to `round_step`
    TimeWeighted,   // each value held until the next row's time, over the month, rounded
    DistinctCount,  // the number of distinct values
};

struct Meter {
    std::string name;
    std::string title;
    bool is_count = false;
    Aggregate aggregate = Aggregate::Sum;
    // An average's single rounding: to a multiple of `round_step` (in the
    // meter's unit) by `round_mode`; `round_unit` names it for --explain.
    Decimal round_step;
    RoundingMode round_mode = RoundingMode::HalfEven;
    std::string round_unit;
    // distinct count of a text field: the field whose bytes are compared
    // (-1: the expression's value is compared).
    int distinct_field = -1;
    ExprId value = kNoExpr;       // per-record quantity (sum)
    ExprId where = kNoExpr;
    int group_field = -1;         // usage Ref field the meter groups by
    int group_list = -1;
    bool after_packs = false;
    int covered_let = -1;         // after packs: the let the packs absorb
    UnitPair unit;
    // `after N free`: a monthly allowance in the meter's unit (per entry for
    // a `by` meter); `allowance_first` when it comes before the packs (drawn
    // row by row with them, packs.cpp), else it comes off the month's total
    // after the packs.
    std::optional<Decimal> allowance;
    bool allowance_first = false;
};

struct Rounding {
    Decimal quantum;  // 0.01
    RoundingMode mode = RoundingMode::HalfUp;
};

struct Band {
    Decimal lower;                // exclusive
    std::optional<Decimal> upper; // inclusive; none: the open top
    Decimal rate;                 // per quantity unit, already converted
    SourceRange range{};          // the band as written, for `tarifc test --coverage`
};

struct ForEach {
    int list = -1;
    ExprId where = kNoExpr;
};

// How a charge is priced: one alternative per charge kind. Each kind's
// check, amount and explain text live in one file of src/charges/ (the
// table of kinds: src/charges/kinds.cpp).
struct PerUnit {                  // at RATE
    Decimal rate;                 // per quantity unit
};
struct Graduated {                // each band prices the part of the quantity in it
    std::vector<Band> bands;
};
struct Volume {                   // the band the whole quantity falls in prices all of it
    std::vector<Band> bands;
};
struct Flat {                     // costs AMOUNT (per entry of a for-each)
    ExprId amount = kNoExpr;
};
struct Package {                  // per N UNIT block at PRICE: each started block
    Decimal block;                // block size in the quantity's unit, > 0
    Decimal price;                // money per block
};
// volume by SELECTOR: the band the selector (a quantity per account, month
// and entry) falls in prices all of the charge's quantity; a selector of
// zero or less chooses the first band (docs/language.md, "Tier tables").
struct VolumeBy {
    std::vector<Band> bands;      // bounds in the selector's unit, rates per the quantity's unit
    ExprId selector = kNoExpr;
    std::string selector_text;    // as written, for explain: "outbound_all"
    std::string selector_unit;    // its unit name ("" for a plain count)
};
using Pricing = std::variant<PerUnit, Graduated, Volume, Flat, Package, VolumeBy>;

struct Charge {
    std::string name;
    std::string title;
    bool yearly = false;
    ExprId anniversary = kNoExpr; // yearly: a Date expression
    std::optional<ForEach> for_each;
    ExprId when = kNoExpr;
    ExprId quantity = kNoExpr;    // the 'on' quantity; a flat charge counts 1
    UnitPair quantity_unit;
    std::string quantity_unit_name;
    // 'with ... free': an expression per account, month and entry (a
    // literal is a constant); kNoExpr: none. Its value × allowance_to_q is
    // in the quantity's unit; × allowance_to_base in base units. A value
    // below zero counts as zero.
    ExprId allowance = kNoExpr;
    Decimal allowance_to_q = Decimal::from_int(1);
    Decimal allowance_to_base = Decimal::from_int(1);
    bool allowance_literal = true;   // explain: a literal 0 is not shown
    // 'on round(X to U)': the allowance comes off X before the rounding
    // (docs/language.md, "Allowances"): billable = round(max(X·from −
    // free·to_base, 0) / to). Unset when 'on' is not a conversion.
    struct RoundedOn {
        ExprId operand = kNoExpr;  // X
        Decimal from;              // factor of X's unit (base units)
        Decimal to;                // factor of U
        RoundingMode mode = RoundingMode::Ceil;
        std::string operand_unit;  // X's unit name, for explain
        std::string base_unit;     // the dimension's base unit name
    };
    std::optional<RoundedOn> rounded_on;
    Pricing pricing;
    Rounding rounding;
    SourceRange range{};          // the declaration's name, for `tarifc test --coverage`
};

struct Minimum {
    std::string name;
    std::string title;
    bool yearly = false;
    ExprId anniversary = kNoExpr;
    std::optional<ForEach> for_each;
    ExprId when = kNoExpr;
    ExprId spend = kNoExpr;       // money
    ExprId basis_quantity = kNoExpr;
    Decimal basis_rate;           // per basis quantity unit
    std::string basis_unit_name;
    std::vector<int> basis_charges;  // or: the amounts of these charges
    Rounding rounding;
    SourceRange range{};          // the declaration's name, for `tarifc test --coverage`
};

struct Discount {
    std::string name;
    std::string title;
    bool percent = true;
    Decimal value;                // percent (5) or money amount
    bool base_is_subtotal = true;
    std::vector<int> base_charges;
    ExprId above = kNoExpr;       // progressive: only the part of the base above it (money, per account and month)
    ExprId threshold = kNoExpr;   // money, per account and month
    bool threshold_literal = true;  // explain shows a threshold read from the account
    ExprId when = kNoExpr;
    Rounding rounding;
    SourceRange range{};          // the declaration's name, for `tarifc test --coverage`
};

// One priceable plan: the whole compiled tariff.
struct Tariff {
    std::string name;
    std::string title;
    std::string version;
    std::string currency;
    Rounding money_rounding;
    std::vector<Unit> units;
    Inputs inputs;
    std::vector<Node> nodes;      // the expression pool
    std::vector<std::vector<int>> choice_maps;  // Op::ChoiceMap: value index -> index in the other choice, or -1
    std::vector<Let> lets;        // in evaluation order
    std::vector<Reject> rejects;
    std::vector<PackType> packs;
    std::vector<DeductKey> deduct_order;
    std::vector<Meter> meters;
    int allowance_first_meter = -1;  // the meter whose allowance comes before packs (at most one)
    std::vector<Charge> charges;
    std::vector<Minimum> minimums;
    std::vector<Discount> discounts;
    SourceRange range;            // the tariff header, for messages
};

}  // namespace tarifc::plan
