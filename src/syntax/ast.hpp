// The typed syntax tree of a tariff file, as written: what the parser
// produces and the checker reads. Every node carries its source range.
// Names are resolved by the checker, not here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/decimal.hpp"
#include "syntax/source.hpp"

namespace tarifc::ast {

struct Name {
    std::string text;
    SourceRange range;
};

// "minute", "CNY", "CNY/minute" as written after a number or in a type.
struct UnitRef {
    Name numerator;
    std::optional<Name> denominator;
    SourceRange range;
};

// A number as written, with its optional unit: 0.0499 CNY/minute.
struct Quantity {
    Decimal value;
    std::string text;  // the literal as written, for messages
    std::optional<UnitRef> unit;
    SourceRange range;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
    Quantity,  // number with optional unit
    String,
    Bool,
    Path,      // call.number.kind, a let name, an enum value
    Convert,   // ceil(x to minute), floor(...), round(x to minute half-up)
    Call,      // max(a, b), min(a, b, c): a function of the checker's table
    Not,
    And,
    Or,
    Compare,   // = != < <= > >=
    InSet,     // x in {a, b}
    Add,
    Subtract,
    Multiply,
    Divide,    // a / b: only as the whole argument of a conversion (the checker says so)
};

enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge };

struct Expr {
    ExprKind kind;
    SourceRange range;
    std::optional<Quantity> quantity;  // Quantity
    std::string text;                  // String
    bool boolean = false;              // Bool
    std::vector<Name> path;            // Path segments
    CompareOp compare = CompareOp::Eq; // Compare
    RoundingMode mode = RoundingMode::Ceil;  // Convert
    std::optional<UnitRef> to_unit;    // Convert: absent when only a step is written
    std::optional<Quantity> step;      // Convert: round(x to 0.01 USD half-up): 0.01 (its unit is to_unit)
    Name function;                     // Call: the name as written
    std::vector<ExprPtr> operands;     // Not: 1, binary: 2, Convert: 1, InSet: 1, Call: the arguments
    std::vector<Name> set_items;       // InSet
};

// ---------------------------------------------------------------- declarations

struct Header {
    enum class Kind { Tariff, Shared } kind = Kind::Tariff;
    Name name;
    std::string title;
    std::string version;
    SourceRange range;
};

struct Import {
    std::string path;
    SourceRange range;
};

struct CurrencyDecl {
    Name code;
    SourceRange range;
};

struct RoundingPolicy {
    Decimal quantum;       // 0.01
    RoundingMode mode = RoundingMode::HalfUp;
    bool per_line = false;
    SourceRange range;
};

struct UnitDecl {
    Name name;
    std::optional<Quantity> definition;  // "= 60 second": value 60, unit second
    SourceRange range;
};

struct FieldDecl;

enum class FieldKind {
    Text, Integer, Decimal, Money, Bool, Date, Timestamp, Enum, Plan, Pack, Account, Ref, List
};

enum class PackRole { None, Size, Purchase, Balance };

struct FieldType {
    FieldKind kind = FieldKind::Text;
    std::optional<UnitRef> unit;             // Integer, Decimal
    std::optional<Name> zone;                // Timestamp: "+08:00"
    std::vector<Name> enum_values;           // Enum
    std::optional<Name> ref_list;            // Ref: the account list it names
    std::optional<Name> entity;              // List: entity name ("number")
    std::optional<Name> key;                 // List: key field
    std::vector<FieldDecl> fields;           // List: the entity's fields
    SourceRange range;
};

struct FieldDecl {
    Name name;
    FieldType type;
    bool is_key = false;
    bool optional = false;
    ExprPtr default_value;
    std::optional<Name> unique_per;          // "unique per account"
    PackRole role = PackRole::None;
    SourceRange role_range;
    SourceRange range;
};

struct AccountDecl {
    std::vector<FieldDecl> fields;
    SourceRange range;
};

struct UsageDecl {
    Name name;  // the record's name: "call"
    std::vector<FieldDecl> fields;
    SourceRange range;
};

struct LetDecl {
    Name name;
    ExprPtr value;
    SourceRange range;
};

struct RejectDecl {
    Name record;
    ExprPtr condition;
    std::string reason;
    SourceRange reason_range;
    SourceRange range;
};

struct PackSize {
    Quantity size;
    Quantity price;
    SourceRange range;
};

struct PackDecl {
    Name name;
    std::string title;
    Name covered;       // the per-record quantity it absorbs (a let or field)
    Name records;       // "calls"
    ExprPtr where;      // may be null: covers every record
    Quantity validity;  // 3
    Name validity_unit; // months | days
    std::vector<PackSize> sizes;
    SourceRange range;
};

struct DeductDecl {
    std::vector<Name> keys;  // expiry, purchase, listed, size
    SourceRange range;
};

struct MeterDecl {
    Name name;
    std::string title;
    bool is_count = false;
    ExprPtr summed;      // sum(x), max(x), ...: x; null for count
    // The aggregate's name when it is not sum or count: "max",
    // "time-weighted average" (blanks between its words made one space);
    // empty for sum and count. Checked against src/check/aggregates.cpp.
    Name aggregate;
    // `rounded to UNIT MODE`: how an average rounds its quotient.
    struct Rounded {
        UnitRef unit;
        RoundingMode mode = RoundingMode::HalfEven;
        SourceRange range;
    };
    std::optional<Rounded> rounded;
    Name records;        // "calls"
    ExprPtr where;
    ExprPtr group_by;    // by call.number
    bool after_packs = false;
    SourceRange after_packs_range;  // the whole `after ...` clause
    // `after` steps in the order written: packs (no quantity) or an
    // allowance (`1000 minute free`).
    struct Step {
        std::optional<Quantity> free;  // none: packs
        SourceRange range;
    };
    std::vector<Step> after;
    SourceRange range;
};

struct Cadence {
    enum class Kind { Monthly, Yearly } kind = Kind::Monthly;
    ExprPtr anniversary;  // yearly from <date>
    bool true_up = false; // `yearly true-up from`: only on minimums
    SourceRange range;
};

struct ForEach {
    Name var;
    ExprPtr list;   // a path to an account list
    ExprPtr where;
    SourceRange range;
};

// "over A up to B" is (A, B]; "over A and above" the explicit open top.
struct Band {
    Quantity over;
    std::optional<Quantity> up_to;
    bool and_above = false;
    bool free = false;
    std::optional<Quantity> rate;
    SourceRange range;
};

struct TierTable {
    enum class Mode { Graduated, Volume } mode = Mode::Graduated;
    ExprPtr by;            // `volume by X`: the quantity that chooses the band
    std::vector<Band> bands;
    SourceRange range;
};

// How a charge is priced, one alternative per clause as written (a charge
// kind of src/charges/ reads one of them; kinds.cpp lists them). Of a charge
// priced several ways (an error) the checker reads the alternative listed
// first here.
struct RateClause {      // at 0.03 CNY/minute
    Quantity rate;
};
struct CostsClause {     // costs 35 CNY
    ExprPtr amount;
};
struct BlockClause {     // per 10000 call block at 5 USD
    Quantity size;
    Quantity price;
    SourceRange range;
};
using PricingClause = std::variant<CostsClause, RateClause, TierTable, BlockClause>;

struct ChargeDecl {
    Name name;
    std::string title;
    Cadence cadence;
    std::vector<ForEach> for_each;          // at most one (checker)
    std::vector<ExprPtr> when;              // at most one (checker)
    std::vector<ExprPtr> on;                // the quantity: at most one (checker)
    std::vector<ExprPtr> allowance;         // "with 100 GB free", "with account.seats free"
    std::vector<PricingClause> pricing;     // exactly one (checker)
    std::vector<RoundingPolicy> rounding;   // per-charge override
    SourceRange range;
};

struct MinimumDecl {
    Name name;
    std::string title;
    Cadence cadence;
    std::vector<ForEach> for_each;
    std::vector<ExprPtr> when;
    std::vector<ExprPtr> spend;
    // against: either usage at a rate, or the amounts of named charges
    std::vector<ExprPtr> against_usage;
    std::vector<Quantity> against_rate;
    std::vector<Name> against_charges;
    SourceRange range;
};

struct DiscountDecl {
    Name name;
    std::string title;
    Cadence cadence;
    std::optional<Quantity> percent;   // take 5 percent off ...
    std::optional<Quantity> amount;    // take 100 USD off ...
    bool base_is_subtotal = false;
    std::vector<Name> base_charges;
    ExprPtr above;                     // take ... off ... above BOUND: the part above it only (money)
    ExprPtr threshold;                 // applies once the base reaches it (money)
    std::vector<ExprPtr> when;
    SourceRange range;
};

// One parsed file, statements in source order by kind.
struct Module {
    const SourceFile* file = nullptr;
    std::optional<Header> header;
    std::vector<Import> imports;
    std::vector<CurrencyDecl> currencies;
    std::vector<RoundingPolicy> roundings;
    std::vector<UnitDecl> units;
    std::vector<AccountDecl> accounts;
    std::vector<UsageDecl> usages;
    std::vector<LetDecl> lets;
    std::vector<RejectDecl> rejects;
    std::vector<PackDecl> packs;
    std::vector<DeductDecl> deducts;
    std::vector<MeterDecl> meters;
    std::vector<ChargeDecl> charges;
    std::vector<MinimumDecl> minimums;
    std::vector<DiscountDecl> discounts;
};

}  // namespace tarifc::ast
