// The data the checker's passes share and hand each other.
//
// check.cpp runs the passes of one tariff in order (see check_tariff); each
// pass is one file with one entry function. What a pass produces for later
// passes is a value it returns (Symbols, LetTable, MeterTable, PackRanges),
// never a member of a shared object. Context holds only what every pass
// writes to: the plan being built, the diagnostics and the used-set.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "plan/plan.hpp"
#include "syntax/ast.hpp"
#include "syntax/diagnostic.hpp"
#include "syntax/load.hpp"

namespace tarifc::check {

using plan::ExprId;
using plan::kNoExpr;
using plan::Op;
using plan::UnitPair;
using plan::ValueKind;

// ---------------------------------------------------------------- shared per-tariff data

struct Context {
    const Workspace& ws;
    Diagnostics& diags;
    std::set<const void*>& used;       // declarations read somewhere (for W0103), across tariffs
    std::vector<const ast::Module*> mods;  // the tariff and its imports, dependencies first
    plan::Tariff t;                    // the plan being built
    std::unordered_map<std::string, int> units;  // unit name -> index into t.units

    Diagnostic& error(const char* code, SourceRange r, std::string msg) {
        return diags.error(code, r, std::move(msg));
    }
    void use(const void* decl) { used.insert(decl); }
    // Appends an expression node to the plan's pool.
    ExprId node(plan::Node n) {
        t.nodes.push_back(std::move(n));
        return static_cast<ExprId>(t.nodes.size() - 1);
    }
    ExprId constant(const Decimal& v) {
        plan::Node n;
        n.op = Op::Const;
        n.k = v;
        return node(std::move(n));
    }
};

// First occurrences of names in one declaration list. `first` reports a
// repeat ("field 'x' is declared twice", note "first declared here") and
// returns false for it.
class SeenNames {
public:
    SeenNames(const char* noun, const char* verb) : noun_(noun), verb_(verb) {}
    bool first(Context& cx, const ast::Name& n);

private:
    const char* noun_;
    const char* verb_;
    std::map<std::string, SourceRange> seen_;
};

// ---------------------------------------------------------------- types

// The static type of an expression.
struct Type {
    ValueKind kind = ValueKind::Number;
    UnitPair unit;
    bool integer = false;
    const std::vector<std::string>* enum_values = nullptr;  // Enum
    int list = -1;                                          // Ref / for-each entry
    bool error = false;  // already reported: do not cascade
};

struct Typed {
    ExprId id = kNoExpr;
    Type type;
};

// ---------------------------------------------------------------- tables handed between passes

enum class DeclKind { Let, Meter, Charge, Minimum, Discount };
const char* kind_word(DeclKind k);

struct Decl {
    DeclKind kind;
    int index;
    const void* ast;
    SourceRange range;
};

// Names of the tariff: declarations (symbols pass) and input fields (inputs pass).
struct Symbols {
    std::unordered_map<std::string, Decl> names;
    std::unordered_map<std::string, int> account_fields;
    std::unordered_map<std::string, int> usage_fields;
    std::unordered_map<std::string, int> lists_by_field;
};

// The type of each compiled let, by let index (lets pass).
struct LetTable {
    std::vector<Type> types;
};

// What the meters pass knows about each meter's value, by meter index.
struct MeterTable {
    std::vector<bool> integer;
    std::vector<bool> error;  // its sum(...) was reported: uses do not cascade
};

// Everything an expression may read besides its scope.
struct Env {
    const Symbols& sym;
    const LetTable& lets;
    const MeterTable& meters;
};

// Where an expression is written: per usage record (lets before it are
// visible) or per account and month (meters, and the for-each entry).
struct Scope {
    enum class At { Record, Account } at = At::Record;
    int lets_visible = 0;   // Record: lets with a smaller index can be read
    std::string var;        // Account: the for-each entry's name, if any
    int var_list = -1;      //          and its list

    static Scope record(int lets_visible) { return {At::Record, lets_visible, {}, -1}; }
    static Scope account() { return {At::Account, 0, {}, -1}; }
};

// ---------------------------------------------------------------- units.cpp: unit algebra

std::string unit_text(const Context& cx, UnitPair u);
std::string type_text(const Context& cx, const Type& t);
std::string quantity_desc(const Context& cx, UnitPair u);
bool is_money(const Context& cx, UnitPair u);
bool is_quantity(const Context& cx, const Type& t);
int currency_unit(const Context& cx);
bool is_tariff_money(const Context& cx, UnitPair u);
bool is_tariff_money(const Context& cx, const Type& t);
bool same_dimension(const Context& cx, int a, int b);
std::optional<int> unit(Context& cx, const ast::Name& n);
std::optional<UnitPair> unit_pair(Context& cx, const ast::UnitRef& u);
std::optional<UnitPair> quantity_unit(Context& cx, const ast::Quantity& q);
// A literal with its unit as written, for messages: "0.0499 CNY/minute".
std::string shown(const ast::Quantity& q);
void check_money_precision(Context& cx, const ast::Quantity& q);
void check_not_negative(Context& cx, const ast::Quantity& q, const char* what);
// A rate literal applied per `qty_unit`: converted exactly, or reported.
std::optional<Decimal> rate_per(Context& cx, const ast::Quantity& rate, UnitPair qty_unit, const char* what);
// A quantity literal (tier bound, allowance, pack size) expressed in `want`.
std::optional<Decimal> amount_in(Context& cx, const ast::Quantity& q, UnitPair want, const char* what);

// ---------------------------------------------------------------- expr.cpp: typing and lowering

Typed expr(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e);
Typed expect_bool(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e, const char* what);
std::optional<int> enum_value(Context& cx, const Type& t, const ast::Name& n);
// Adds "did you mean 'x'?" to an unknown-name diagnostic when one candidate is clearly close.
void suggest(Diagnostic& d, std::string_view word, const std::vector<std::string>& candidates);
template <typename Map>
std::vector<std::string> keys_of(const Map& m) {
    std::vector<std::string> out;
    for (const auto& [k, v] : m) out.push_back(k);
    return out;
}

// ---------------------------------------------------------------- quotient.cpp: division, steps, the period

// A conversion with a `/` as its argument or a step in its target.
bool is_quotient(const ast::Expr& convert);
Typed quotient(Context& cx, const Env& env, const Scope& scope, const ast::Expr& convert);
// A `/` anywhere else: E0203, naming the fix.
Typed bare_division(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e);
// period.days, period.start, period.end (E0201 per row).
Typed period_value(Context& cx, const Scope& scope, const ast::Expr& e);

// ---------------------------------------------------------------- functions.cpp: the table of functions

// A call max(a, b, ...): resolved in the table, typed and lowered.
Typed call(Context& cx, const Env& env, const Scope& scope, const ast::Expr& e);
// "ceil, floor, round, max, min and days", for messages.
std::string function_names();
std::vector<std::string> function_list();

// ---------------------------------------------------------------- the passes, in order

void collect_units(Context& cx);                         // symbols.cpp
void collect_policy(Context& cx, int root);              // symbols.cpp
void collect_inputs(Context& cx, Symbols& sym);          // inputs.cpp
void collect_names(Context& cx, Symbols& sym);           // symbols.cpp
LetTable compile_lets(Context& cx, const Symbols& sym);  // lets.cpp
void compile_rejects(Context& cx, const Env& env);       // lets.cpp
// The name of each pack type as declared (for messages), by pack index.
using PackRanges = std::vector<SourceRange>;
PackRanges compile_packs(Context& cx, const Env& env);   // packs.cpp
MeterTable compile_meters(Context& cx, const Env& env);  // meters.cpp
// aggregates.cpp: a meter's max(...), average(...), ...: its value typed
// into `mt` (aggregate, unit, rounding), `integer` set; errors reported.
Typed compile_aggregate(Context& cx, const Env& env, const Scope& rec, const ast::MeterDecl& x, plan::Meter& mt,
                        bool& integer);
void check_no_rounding(Context& cx, const ast::MeterDecl& x);  // aggregates.cpp: `rounded to` on sum or count
// W0507: a charge's `with ... free` on an `after packs` meter comes after
// the packs; offers the meter's `after N free, packs`.            meters.cpp
void warn_allowance_after_packs(Context& cx, const ast::ChargeDecl& x, const plan::Charge& c);
void compile_charges(Context& cx, const Env& env);       // charges.cpp
void compile_minimums(Context& cx, const Env& env);      // minimums.cpp
void compile_discounts(Context& cx, const Env& env);     // discounts.cpp
void check_limits(Context& cx, const PackRanges& packs); // packs.cpp

// Helpers shared by charges and minimums (charges.cpp).
// The for-each clause: its plan, and the scope in which the rest of the
// declaration is read (the entry's name visible when it compiled).
// `decl` ("charge", "minimum") names the declaration in the message for a
// second `for each`.
std::optional<plan::ForEach> compile_for_each(Context& cx, const Env& env, const std::vector<ast::ForEach>& fe,
                                              Scope& scope, const char* decl);
bool compile_cadence(Context& cx, const Env& env, const Scope& scope, const ast::Cadence& c, bool& yearly,
                     ExprId& anniversary);
plan::Rounding compile_rounding(Context& cx, const std::vector<ast::RoundingPolicy>& r);
// The head a charge and a minimum share, in this order: the name and title,
// `for each` (which opens `scope`), the cadence, and `when` (`when_what` names it in a type
// error). `second_when`, when not null, is the error for a second `when`;
// `decl` names the declaration ("charge", "minimum").
template <typename Decl, typename Out>
void compile_decl_head(Context& cx, const Env& env, const Decl& x, Scope& scope, Out& out, const char* decl,
                       const char* when_what, const char* second_when) {
    out.name = x.name.text;
    out.title = x.title;
    out.for_each = compile_for_each(cx, env, x.for_each, scope, decl);
    if (x.cadence.true_up && std::string_view(decl) != "minimum")
        cx.error("E0601", x.cadence.range,
                 fmt::format("'true-up' settles a yearly minimum; a {} billed once a year is 'yearly from DATE'", decl));
    compile_cadence(cx, env, scope, x.cadence, out.yearly, out.anniversary);
    if (second_when && x.when.size() > 1) cx.error("E0601", x.when[1]->range, second_when);
    if (!x.when.empty()) out.when = expect_bool(cx, env, scope, *x.when[0], when_what).id;
}
// Charges named by a minimum's or a discount's basis (symbols.cpp).
std::vector<int> charge_indices(Context& cx, const Symbols& sym, const std::vector<ast::Name>& names);

}  // namespace tarifc::check
