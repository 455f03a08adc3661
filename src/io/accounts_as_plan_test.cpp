// The accounts file read as one plan (AccountsOptions::as_plan, for tarifc
// compare): other plans' fields not read, this plan's defaults taken, an
// account this plan cannot price left out and told, the rest unchanged.
#include <doctest/doctest.h>

#include "io/accounts.hpp"

using namespace tarifc;
using plan::Field;
using plan::ValueKind;

namespace {

Field field(const char* name, ValueKind kind, std::optional<Decimal> def = std::nullopt) {
    Field f;
    f.name = name;
    f.kind = kind;
    f.integer = kind == ValueKind::Number;
    f.default_value = def;
    return f;
}

// basic: id, plan, seats (default 1), basic_only (default 7).
// pro: id, plan, seats (default 1), commitment (required).
plan::Tariff make(const char* name, bool pro) {
    plan::Tariff t;
    t.name = name;
    auto& in = t.inputs;
    Field id = field("id", ValueKind::Text);
    id.is_key = true;
    in.account_fields.push_back(id);
    in.account_fields.push_back(field("plan", ValueKind::Plan));
    in.account_fields.push_back(field("seats", ValueKind::Number, Decimal::from_int(1)));
    if (pro)
        in.account_fields.push_back(field("commitment", ValueKind::Number));
    else
        in.account_fields.push_back(field("basic_only", ValueKind::Number, Decimal::from_int(7)));
    in.account_id_field = 0;
    in.account_plan_field = 1;
    return t;
}

const char* kFile = R"({"accounts": [
    {"id": "ana", "plan": "basic", "seats": 2, "basic_only": 3},
    {"id": "bo", "plan": "pro", "seats": 3, "commitment": 20},
    {"id": "cy", "plan": "basic"}
]})";

}  // namespace

TEST_CASE("accounts as one plan: fields of other plans skipped, defaults taken, the unpriceable told") {
    const plan::Tariff basic = make("basic", false), pro = make("pro", true);
    const std::vector<const plan::Tariff*> plans{&basic, &pro};
    Diagnostic error;

    // As the file says: valid, each on its own plan.
    AccountsFile own;
    REQUIRE(parse_accounts(kFile, "accounts.json", plans, own, error));
    REQUIRE(own.accounts.size() == 3);
    CHECK(own.accounts[1].tariff == 1);

    // As pro: ana and cy lack the commitment, bo is read as before.
    std::vector<std::pair<std::string, Diagnostic>> skipped;
    AccountsOptions as_pro;
    as_pro.as_plan = 1;
    as_pro.skipped = &skipped;
    AccountsFile f;
    REQUIRE(parse_accounts(kFile, "accounts.json", plans, as_pro, f, error));
    REQUIRE(f.accounts.size() == 1);
    CHECK(f.accounts[0].id == "bo");
    CHECK(f.accounts[0].tariff == 1);
    CHECK(f.accounts[0].plan == "pro");
    CHECK(f.accounts[0].values[3] == Decimal::from_int(20));
    REQUIRE(skipped.size() == 2);
    CHECK(skipped[0].first == "ana");
    CHECK(skipped[0].second.code == "E0704");
    CHECK(skipped[0].second.data.line == 2);
    CHECK(skipped[0].second.message == "account \"ana\": field \"commitment\": missing field");
    CHECK(skipped[1].first == "cy");

    // As basic: bo's commitment is not read, basic_only takes its default.
    skipped.clear();
    AccountsOptions as_basic;
    as_basic.as_plan = 0;
    as_basic.skipped = &skipped;
    REQUIRE(parse_accounts(kFile, "accounts.json", plans, as_basic, f, error));
    CHECK(skipped.empty());
    REQUIRE(f.accounts.size() == 3);
    for (const auto& a : f.accounts) CHECK(a.tariff == 0);
    CHECK(f.accounts[0].values[3] == Decimal::from_int(3));  // ana's own
    CHECK(f.accounts[1].values[2] == Decimal::from_int(3));  // bo's seats
    CHECK(f.accounts[1].values[3] == Decimal::from_int(7));  // the default
    CHECK(f.accounts[2].values[2] == Decimal::from_int(1));

    // A field no plan declares: the file read as it is stops (tarifc
    // compare reads it so first); read as a plan, the account is left out.
    const char* unknown = R"({"accounts": [{"id": "ana", "plan": "basic", "sets": 2}]})";
    CHECK_FALSE(parse_accounts(unknown, "accounts.json", plans, own, error));
    CHECK(error.message == "account \"ana\": field \"sets\": unknown field");
    skipped.clear();
    REQUIRE(parse_accounts(unknown, "accounts.json", plans, as_pro, f, error));
    CHECK(f.accounts.empty());
    REQUIRE(skipped.size() == 1);
    CHECK(skipped[0].second.message == "account \"ana\": field \"sets\": unknown field");
}
