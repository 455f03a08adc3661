// Charge kinds: how a charge turns its quantity into money.
//
// Each kind is one file of this folder (per_unit.cpp, graduated.cpp,
// volume.cpp, volume_by.cpp, flat.cpp, package.cpp) offering three things:
//   - its check: the AST pricing clause -> its plan::Pricing alternative,
//     with the checker's unit helpers (check/context.hpp);
//   - its amount: exact Decimal arithmetic on the billable quantity;
//   - its --explain text.
// kinds.cpp holds the table of kinds (the E0601 messages that list the ways
// to price a charge are built from it) and the two dispatches (std::visit)
// the checker and the evaluator call. docs/contributing.md, "Adding a charge
// kind", walks through adding one.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "check/context.hpp"
#include "plan/plan.hpp"

namespace tarifc::charges {

// ---------------------------------------------------------------- the table

struct Kind {
    const char* name;     // "per-unit", for documentation and tests
    const char* clause;   // the clause as written: "'at RATE'"
    const char* keyword;  // the clause in short: "'at'"
};
// One entry per plan::Pricing alternative, in its order.
extern const std::array<Kind, std::variant_size_v<plan::Pricing>> kinds;

// "charge 'x' says no price: add 'at RATE', a tier table or ..."
std::string no_price_message(const std::string& charge);
// "charge 'x' is priced more than one way; keep one of 'at', ..."
std::string priced_twice_message(const std::string& charge);

// ---------------------------------------------------------------- checking

// False for a clause that prices without an 'on' quantity (costs AMOUNT).
bool takes_quantity(const ast::PricingClause& clause);
// Of several clauses (an error reported elsewhere) the one that is checked.
const ast::PricingClause& checked_clause(const std::vector<ast::PricingClause>& clauses);
// A clause that takes a quantity, for a quantity of type `qty` (`env` and
// `scope`: where an expression of the clause, `volume by X`, is read).
plan::Pricing check(check::Context& cx, const check::Env& env, const check::Scope& scope,
                    const ast::PricingClause& clause, const check::Type& qty);

// Per kind (each in its own file).
plan::PerUnit check_per_unit(check::Context& cx, const ast::RateClause& clause, const check::Type& qty);
plan::Graduated check_graduated(check::Context& cx, const ast::TierTable& table, const check::Type& qty);
plan::Volume check_volume(check::Context& cx, const ast::TierTable& table, const check::Type& qty);
// `volume by X` (volume_by.cpp); also the error for `graduated by X` (E0309).
plan::VolumeBy check_volume_by(check::Context& cx, const check::Env& env, const check::Scope& scope,
                               const ast::TierTable& table, const check::Type& qty);
plan::Flat check_flat(check::Context& cx, const check::Env& env, const check::Scope& scope,
                      const ast::CostsClause& clause);
plan::Package check_package(check::Context& cx, const ast::BlockClause& clause, const check::Type& qty);

// A charge's `with ... free` (allowance.cpp), for the quantity `q` of its
// `on` (already compiled into c.quantity): sets c.allowance and how it
// converts, and c.rounded_on when `on` is a rounding conversion; E0202,
// E0203, E0401, W0403.
void check_allowance(check::Context& cx, const check::Env& env, const check::Scope& scope, const ast::Expr& e,
                     const check::Typed& q, plan::Charge& c);

// Shared by graduated, volume and volume by (tiers.cpp): the bands, their
// bounds in the unit of `qty` and their rates per the unit of `priced` (of
// `qty` when null), checked (E0301-E0308); false if any band was reported.
bool check_bands(check::Context& cx, const ast::TierTable& table, const check::Type& qty,
                 std::vector<plan::Band>& bands, const check::Type* priced = nullptr);

// ---------------------------------------------------------------- pricing

// Where explain text goes (null: not asked for) and the words it uses.
struct Explain {
    std::vector<std::string>* lines = nullptr;
    const std::string& unit;      // the quantity's unit name ("" for a plain count)
    const std::string& currency;
    void add(std::string line) const {
        if (lines) lines->push_back(std::move(line));
    }
    explicit operator bool() const { return lines != nullptr; }
};

// Evaluates one of the plan's expressions for the current account, month
// and for-each entry (the evaluator's).
using Evaluate = std::function<Decimal(plan::ExprId)>;

// The exact amount of one charge line: `quantity` is the value of the
// charge's quantity (after packs); the allowance is deducted first.
Decimal amount(const plan::Charge& c, const Decimal& quantity, const Evaluate& eval, const Explain& ex);

// The quantity the kind prices (allowance.cpp): the allowance taken off
// (before the rounding when `on` is round(X to U)), never below zero.
Decimal billable(const plan::Charge& c, const Decimal& quantity, const Evaluate& eval, const Explain& ex);

// Per kind, on the billable quantity (after the allowance).
Decimal amount(const plan::PerUnit& k, const Decimal& billable, const Explain& ex);
Decimal amount(const plan::Graduated& k, const Decimal& billable, const Explain& ex);
Decimal amount(const plan::Volume& k, const Decimal& billable, const Explain& ex);
Decimal amount(const plan::VolumeBy& k, const Decimal& billable, const Evaluate& eval, const Explain& ex);
Decimal amount(const plan::Flat& k, const Evaluate& eval, const Explain& ex);
Decimal amount(const plan::Package& k, const Decimal& billable, const Explain& ex);
Decimal blocks(const plan::Package& k, const Decimal& billable);  // started blocks

// A quantity as explain text shows it: 1.50 -> "1.5".
std::string qty_text(const Decimal& d);

}  // namespace tarifc::charges
