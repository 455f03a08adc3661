// The accounts file: reading, validation and its messages, through
// parse_accounts and load_accounts. One file at about 650 lines: every case
// shares the tariff fixture below (fields of every kind, a pack list), and
// the JSON layer's limits are tested here as the user meets them.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "io/accounts.hpp"
#include "io/accounts_json.hpp"
#include "base/civil_time.hpp"

using namespace tarifc;
using plan::Field;
using plan::PackRole;
using plan::ValueKind;

namespace {

Decimal dec(const char* s) { return *Decimal::parse(s); }

Field text_field(const char* name, bool key = false) {
    Field f;
    f.name = name;
    f.kind = ValueKind::Text;
    f.is_key = key;
    return f;
}

Field number_field(const char* name, bool integer, std::optional<Decimal> def = std::nullopt) {
    Field f;
    f.name = name;
    f.kind = ValueKind::Number;
    f.integer = integer;
    f.default_value = def;
    return f;
}

Field list_field(const char* name, int list, bool optional) {
    Field f;
    f.name = name;
    f.kind = ValueKind::List;
    f.list = list;
    f.optional = optional;
    return f;
}

// The inputs of the CCC contract (shared/ccc-billing.md §2.1), built by hand.
plan::Tariff make_tariff(const char* name) {
    plan::Tariff t;
    t.name = name;
    auto& in = t.inputs;

    Field plan_f;
    plan_f.name = "plan";
    plan_f.kind = ValueKind::Plan;
    Field qi;
    qi.name = "quality_inspection";
    qi.kind = ValueKind::Bool;
    qi.default_value = Decimal::from_int(0);
    in.account_fields = {text_field("id", true),
                         plan_f,
                         number_field("seats", true, Decimal::from_int(0)),
                         list_field("numbers", 0, false),
                         list_field("voice_packs", 1, true),
                         list_field("sip_lines", 2, true),
                         number_field("recording_storage_gb", false, Decimal::from_int(0)),
                         qi};
    in.account_id_field = 0;
    in.account_plan_field = 1;

    plan::EntityList numbers;
    numbers.field_name = "numbers";
    numbers.entity_name = "number";
    numbers.key_field = 0;
    Field kind;
    kind.name = "kind";
    kind.kind = ValueKind::Enum;
    kind.enum_values = {"aliyun-fixed", "aliyun-400", "third-party", "own-sip"};
    numbers.fields = {text_field("number"), kind, number_field("monthly_rent", false, Decimal::from_int(35)),
                      number_field("min_monthly_spend", false, Decimal::from_int(0))};

    plan::EntityList packs;
    packs.field_name = "voice_packs";
    packs.entity_name = "voice_pack";
    packs.key_field = 0;
    Field type;
    type.name = "type";
    type.kind = ValueKind::Pack;
    Field minutes = number_field("minutes", true);
    minutes.role = PackRole::Size;
    Field purchased;
    purchased.name = "purchased";
    purchased.kind = ValueKind::Date;
    purchased.role = PackRole::Purchase;
    Field remaining = number_field("remaining", true);
    remaining.optional = true;
    remaining.role = PackRole::Balance;
    packs.fields = {text_field("id"), type, minutes, purchased, remaining};
    packs.is_pack_list = true;
    packs.type_field = 1;
    packs.size_field = 2;
    packs.purchase_field = 3;
    packs.balance_field = 4;

    plan::EntityList sip;
    sip.field_name = "sip_lines";
    sip.entity_name = "sip_line";
    sip.key_field = 0;
    Field since;
    since.name = "since";
    since.kind = ValueKind::Date;
    sip.fields = {text_field("id"), since};

    in.lists = {numbers, packs, sip};

    plan::PackType fi;
    fi.name = "fixed-inbound";
    fi.sizes = {{Decimal::from_int(10000), Decimal::from_int(290)}, {Decimal::from_int(30000), Decimal::from_int(840)}};
    plan::PackType i400;
    i400.name = "400-inbound";
    i400.sizes = {{Decimal::from_int(10000), Decimal::from_int(1900)}};
    t.packs = {fi, i400};
    return t;
}

const plan::Tariff& payg() {
    static const plan::Tariff t = make_tariff("ccc-payg");
    return t;
}
const plan::Tariff& seat() {
    static const plan::Tariff t = make_tariff("ccc-seat");
    return t;
}
std::vector<const plan::Tariff*> tariffs() { return {&payg(), &seat()}; }

const char* kExample = R"({
  "accounts": [
    {
      "id": "acme",
      "plan": "ccc-payg",
      "seats": 0,
      "numbers": [
        {"number": "01066668888", "kind": "aliyun-fixed"},
        {"number": "01088888888", "kind": "aliyun-fixed", "monthly_rent": "500"},
        {"number": "4008001234",  "kind": "aliyun-400", "min_monthly_spend": "300"},
        {"number": "02077779999", "kind": "third-party"},
        {"number": "02155556666", "kind": "own-sip"}
      ],
      "voice_packs": [
        {"id": "vp-1", "type": "fixed-inbound", "minutes": 10000, "purchased": "2019-07-01"},
        {"id": "vp-0", "type": "400-inbound", "minutes": 10000, "purchased": "2019-05-20", "remaining": 2500}
      ],
      "sip_lines": [{"id": "trunk-1", "since": "2019-03-10"}],
      "recording_storage_gb": "62.5",
      "quality_inspection": true
    }
  ]
})";

// Parses; returns "PATH: MESSAGE" of the diagnostic ("" on success).
std::string parse(const std::string& text, AccountsFile& out, tarifc::Diagnostic* diag = nullptr) {
    tarifc::Diagnostic error;
    bool ok = parse_accounts(text, "accounts.json", tariffs(), out, error);
    if (diag) *diag = error;
    if (ok) return "";
    CHECK_FALSE(error.message.empty());
    CHECK(error.message.find('\n') == std::string::npos);
    CHECK(error.code.rfind("E070", 0) == 0);
    CHECK(error.range.file == nullptr);
    return error.data.path + ": " + error.message;
}
std::string parse_error(const std::string& text) {
    AccountsFile out;
    std::string e = parse(text, out);
    CHECK(out.accounts.empty());
    return e;
}

// One account's JSON with `fields` after id and plan.
std::string one(const std::string& fields, const std::string& id = "acme") {
    return R"({"accounts": [{"id": ")" + id + R"(", "plan": "ccc-payg", )" + fields + "}]}";
}

Decimal days(int y, int m, int d) { return Decimal::from_int(days_from_civil(y, m, d)); }

}  // namespace

TEST_CASE("accounts: the contract's example") {
    AccountsFile f;
    REQUIRE(parse(kExample, f) == "");
    REQUIRE(f.accounts.size() == 1);
    const AccountData& a = f.accounts[0];
    CHECK(f.by_id.find("acme") == 0);
    CHECK(a.id == "acme");
    CHECK(a.plan == "ccc-payg");
    CHECK(a.tariff == 0);
    REQUIRE(a.values.size() == 8);
    CHECK(a.texts[0] == "acme");
    CHECK(a.texts[1] == "ccc-payg");
    CHECK(a.values[2] == Decimal::from_int(0));
    CHECK(a.present[2]);
    CHECK(a.values[6] == dec("62.5"));
    CHECK(a.values[7] == Decimal::from_int(1));
    CHECK(a.present[3]);
    CHECK(a.present[4]);
    CHECK(a.present[5]);
    REQUIRE(a.lists.size() == 3);
    REQUIRE(a.list_keys.size() == 3);

    const auto& numbers = a.lists[0];
    REQUIRE(numbers.size() == 5);
    CHECK(numbers[0].texts[0] == "01066668888");
    CHECK(numbers[0].values[1] == Decimal::from_int(0));
    CHECK(numbers[0].values[2] == Decimal::from_int(35));  // default rent
    CHECK(numbers[0].present[2]);
    CHECK(numbers[0].values[3] == Decimal::from_int(0));
    CHECK(numbers[1].values[2] == Decimal::from_int(500));
    CHECK(numbers[2].values[1] == Decimal::from_int(1));
    CHECK(numbers[2].values[3] == Decimal::from_int(300));
    CHECK(numbers[3].values[1] == Decimal::from_int(2));
    CHECK(numbers[4].values[1] == Decimal::from_int(3));
    CHECK(a.list_keys[0].size() == 5);
    CHECK(a.list_keys[0].find("4008001234") == 2);
    CHECK(a.list_keys[0].find("02155556666") == 4);
    CHECK(a.list_keys[0].find("0000") == -1);

    const auto& packs = a.lists[1];
    REQUIRE(packs.size() == 2);
    CHECK(packs[0].texts[0] == "vp-1");
    CHECK(packs[0].values[1] == Decimal::from_int(0));
    CHECK(packs[0].values[2] == Decimal::from_int(10000));
    CHECK(packs[0].values[3] == days(2019, 7, 1));
    CHECK_FALSE(packs[0].present[4]);
    CHECK(packs[0].values[4] == Decimal::from_int(0));
    CHECK(packs[1].values[1] == Decimal::from_int(1));
    CHECK(packs[1].values[3] == days(2019, 5, 20));
    CHECK(packs[1].present[4]);
    CHECK(packs[1].values[4] == Decimal::from_int(2500));
    CHECK(a.list_keys[1].find("vp-0") == 1);

    REQUIRE(a.lists[2].size() == 1);
    CHECK(a.lists[2][0].values[1] == days(2019, 3, 10));
    CHECK(a.list_keys[2].find("trunk-1") == 0);
}

TEST_CASE("accounts: defaults and omitted optional lists") {
    AccountsFile f;
    REQUIRE(parse(one(R"("numbers": [], "seats": null)"), f) == "");
    const AccountData& a = f.accounts.at(0);
    CHECK(a.values[2] == Decimal::from_int(0));
    CHECK(a.present[2]);
    CHECK(a.present[3]);
    CHECK(a.lists[0].empty());
    CHECK_FALSE(a.present[4]);
    CHECK(a.lists[1].empty());
    CHECK_FALSE(a.present[5]);
    CHECK(a.values[6] == Decimal::from_int(0));
    CHECK(a.present[6]);
    CHECK(a.values[7] == Decimal::from_int(0));
    CHECK(a.present[7]);
}

TEST_CASE("accounts: a JSON number and a JSON string read the same decimal") {
    AccountsFile f1, f2, f3;
    REQUIRE(parse(one(R"("numbers": [], "recording_storage_gb": 62.5)"), f1) == "");
    REQUIRE(parse(one(R"("numbers": [], "recording_storage_gb": "62.5")"), f2) == "");
    REQUIRE(parse(one(R"("numbers": [], "recording_storage_gb": 62.50)"), f3) == "");
    CHECK(f1.accounts[0].values[6] == f2.accounts[0].values[6]);
    CHECK(f1.accounts[0].values[6] == f3.accounts[0].values[6]);
    CHECK(f1.accounts[0].values[6] == dec("62.5"));
    // More digits than a binary approximation holds survive exactly.
    AccountsFile f4;
    REQUIRE(parse(one(R"("numbers": [], "recording_storage_gb": 0.1000000000000000000000000001)"), f4) == "");
    CHECK(f4.accounts[0].values[6] == dec("0.1000000000000000000000000001"));
    CHECK(f4.accounts[0].values[6] != dec("0.1"));
    AccountsFile f5;
    REQUIRE(parse(one(R"("numbers": [], "seats": 12345678901234567)"), f5) == "");
    CHECK(f5.accounts[0].values[2].to_string() == "12345678901234567");
}

TEST_CASE("accounts: sorted by id, by_id consistent, plans resolved") {
    AccountsFile f;
    const std::string text = R"({"accounts": [
        {"id": "b", "plan": "ccc-seat", "numbers": []},
        {"id": "a", "plan": "ccc-payg", "numbers": []},
        {"id": "C", "plan": "ccc-seat", "numbers": []},
        {"id": "\u00e9", "plan": "ccc-seat", "numbers": []}
    ]})";
    REQUIRE(parse(text, f) == "");
    REQUIRE(f.accounts.size() == 4);
    CHECK(f.accounts[0].id == "C");
    CHECK(f.accounts[1].id == "a");
    CHECK(f.accounts[2].id == "b");
    CHECK(f.accounts[3].id == "\xC3\xA9");
    for (std::size_t i = 0; i < f.accounts.size(); ++i) CHECK(f.by_id.find(f.accounts[i].id) == static_cast<int>(i));
    CHECK(f.by_id.size() == 4);
    CHECK(f.accounts[1].tariff == 0);
    CHECK(f.accounts[0].tariff == 1);
    CHECK(f.accounts[0].plan == "ccc-seat");
    AccountsFile empty;
    REQUIRE(parse(R"({"accounts": []})", empty) == "");
    CHECK(empty.accounts.empty());
}

TEST_CASE("accounts: error messages") {
    const std::string ex = kExample;
    auto replace = [&](const std::string& from, const std::string& to) {
        std::string s = ex;
        auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        s.replace(at, from.size(), to);
        return s;
    };

    CHECK(parse_error(R"({"accounts": [{"id": "acme", "plan": "ccc-payg", "numbers": []},
                                        {"id": "beta", "plan": "ccc-payg", "numbers": []},
                                        {"id": "acme", "plan": "ccc-seat", "numbers": []}]})") ==
          R"(accounts.json: account "acme": field "id": duplicate account id (first at account #1))");

    CHECK(parse_error(replace(R"("plan": "ccc-payg")", R"("plan": "ccc-gold")")) ==
          R"(accounts.json: account "acme": field "plan": unknown plan "ccc-gold"; known plans: ccc-payg, ccc-seat)");

    CHECK(parse_error(replace(R"("kind": "third-party")", R"("kind": "mobile")")) ==
          R"(accounts.json: account "acme": numbers[3] ("02077779999"): field "kind": unknown value "mobile"; expected one of aliyun-fixed, aliyun-400, third-party, own-sip)");

    CHECK(parse_error(replace("02155556666", "01066668888")) ==
          R"(accounts.json: account "acme": numbers[4] ("01066668888"): duplicate number "01066668888" (first at numbers[0]))");

    CHECK(parse_error(replace(R"("minutes": 10000, "purchased": "2019-07-01")",
                              R"("minutes": 20000, "purchased": "2019-07-01")")) ==
          R"(accounts.json: account "acme": voice_packs[0] ("vp-1"): field "minutes": pack size 20000 is not sold for type fixed-inbound; sizes sold: 10000, 30000)");

    CHECK(parse_error(replace(R"("type": "400-inbound", "minutes": 10000)", R"("type": "400-inbound", "minutes": 30000)")) ==
          R"(accounts.json: account "acme": voice_packs[1] ("vp-0"): field "minutes": pack size 30000 is not sold for type 400-inbound; sizes sold: 10000)");

    CHECK(parse_error(replace("2019-07-01", "2019-02-29")) ==
          R"(accounts.json: account "acme": voice_packs[0] ("vp-1"): field "purchased": date 2019-02-29 does not exist)");

    CHECK(parse_error(replace("2019-03-10", "2019-3-10")) ==
          R"(accounts.json: account "acme": sip_lines[0] ("trunk-1"): field "since": expected a date YYYY-MM-DD, got "2019-3-10")");

    CHECK(parse_error(replace(R"("seats": 0)", R"("seats": "3")")) ==
          R"(accounts.json: account "acme": field "seats": expected a JSON integer, not a string)");

    CHECK(parse_error(replace(R"("seats": 0)", R"("seats": 2.5)")) ==
          R"(accounts.json: account "acme": field "seats": expected a JSON integer, got 2.5)");

    CHECK(parse_error(replace(R"("seats": 0)", R"("seats": 3.0)")) ==
          R"(accounts.json: account "acme": field "seats": expected a JSON integer, got 3.0)");

    CHECK(parse_error(replace(R"("seats": 0)", R"("seats": 1e2)")) ==
          R"(accounts.json: account "acme": field "seats": expected a JSON integer, got 1e2)");

    CHECK(parse_error(replace(R"("seats": 0)", R"("seats": -1)")) ==
          R"(accounts.json: account "acme": field "seats": must not be negative, got -1)");

    CHECK(parse_error(replace(R"("seats": 0)", R"("seats": 123456789012345678901234567890)")) ==
          R"(accounts.json: account "acme": field "seats": number 123456789012345678901234567890 is out of range)");

    CHECK(parse_error(replace(R"("remaining": 2500)", R"("remaining": 12000)")) ==
          R"(accounts.json: account "acme": voice_packs[1] ("vp-0"): field "remaining": 12000 is not between 0 and the pack size 10000)");

    CHECK(parse_error(replace(R"("remaining": 2500)", R"("remaining": "2500")")) ==
          R"(accounts.json: account "acme": voice_packs[1] ("vp-0"): field "remaining": expected a JSON integer, not a string)");

    CHECK(parse_error(replace(R"("seats": 0)", R"("seat": 0)")) ==
          R"(accounts.json: account "acme": field "seat": unknown field)");

    CHECK(parse_error(replace(R"("kind": "own-sip")", R"("kind": "own-sip", "rent": 3)")) ==
          R"(accounts.json: account "acme": numbers[4] ("02155556666"): field "rent": unknown field)");

    CHECK(parse_error(replace(R"("recording_storage_gb": "62.5")", R"("recording_storage_gb": 1e3)")) ==
          R"(accounts.json: account "acme": field "recording_storage_gb": expected a decimal number without exponent, got 1e3)");

    CHECK(parse_error(replace(R"("recording_storage_gb": "62.5")", R"("recording_storage_gb": 2.5E-1)")) ==
          R"(accounts.json: account "acme": field "recording_storage_gb": expected a decimal number without exponent, got 2.5E-1)");

    CHECK(parse_error(replace(R"("recording_storage_gb": "62.5")", R"("recording_storage_gb": "62,5")")) ==
          R"(accounts.json: account "acme": field "recording_storage_gb": expected a decimal number, got "62,5")");

    CHECK(parse_error(replace(R"("recording_storage_gb": "62.5")", R"("recording_storage_gb": true)")) ==
          R"(accounts.json: account "acme": field "recording_storage_gb": expected a decimal number (a JSON number or a string such as "62.5"), not a boolean)");

    CHECK(parse_error(replace(R"("monthly_rent": "500")", R"("monthly_rent": "-500")")) ==
          R"(accounts.json: account "acme": numbers[1] ("01088888888"): field "monthly_rent": must not be negative, got -500)");

    CHECK(parse_error(replace(R"("quality_inspection": true)", R"("quality_inspection": "yes")")) ==
          R"(accounts.json: account "acme": field "quality_inspection": expected true or false, not a string)");

    CHECK(parse_error(replace(R"("type": "fixed-inbound")", R"("type": "fixed")")) ==
          R"(accounts.json: account "acme": voice_packs[0] ("vp-1"): field "type": unknown pack type "fixed"; expected one of fixed-inbound, 400-inbound)");

    CHECK(parse_error(replace(R"("seats": 0,)", R"("seats": 0, "seats": 1,)")) ==
          R"(accounts.json: account "acme": field "seats": given twice)");

    CHECK(parse_error(replace(R"({"number": "01066668888", "kind": "aliyun-fixed"})",
                              R"({"number": "01066668888", "kind": "aliyun-fixed", "kind": "own-sip"})")) ==
          R"(accounts.json: account "acme": numbers[0] ("01066668888"): field "kind": given twice)");

    CHECK(parse_error(R"({"accounts": [], "accounts": []})") == R"(accounts.json: top-level key "accounts": given twice)");

    CHECK(parse_error(replace(R"({"number": "01066668888", "kind": "aliyun-fixed"})", R"({"kind": "aliyun-fixed"})")) ==
          R"(accounts.json: account "acme": numbers[0]: field "number": missing field)");

    CHECK(parse_error(replace(R"("numbers": [)", R"("numbers": [7, )")) ==
          R"(accounts.json: account "acme": numbers[0]: expected a JSON object, not a number)");

    CHECK(parse_error(one(R"("seats": 1)")) == R"(accounts.json: account "acme": field "numbers": missing field)");

    CHECK(parse_error(one(R"("numbers": {})")) ==
          R"(accounts.json: account "acme": field "numbers": expected a JSON array, not an object)");

    CHECK(parse_error(R"({"accounts": [{"id": "a", "plan": "ccc-payg", "numbers": []}, {"plan": "ccc-payg"}]})") ==
          R"(accounts.json: account #2: field "id": missing field)");

    CHECK(parse_error(R"({"accounts": [{"id": 7, "plan": "ccc-payg"}]})") ==
          R"(accounts.json: account #1: field "id": expected a JSON string, not a number)");

    CHECK(parse_error(R"({"accounts": [{"id": "x"}]})") == R"(accounts.json: account "x": field "plan": missing field)");

    CHECK(parse_error(R"({"accounts": [{"id": "x", "plan": null}]})") ==
          R"(accounts.json: account "x": field "plan": missing field)");

    CHECK(parse_error(R"({"accounts": [[]]})") == R"(accounts.json: account #1: expected a JSON object, not an array)");

    CHECK(parse_error(R"({"accounts": [{"id": "a\"b\n", "plan": "x"}]})") ==
          R"(accounts.json: account "a\"b\n": field "plan": unknown plan "x"; known plans: ccc-payg, ccc-seat)");

    CHECK(parse_error(R"([])") ==
          R"(accounts.json: expected a JSON object with the key "accounts" at the top level, not an array)");

    CHECK(parse_error(R"({"accounts": [], "version": 2})") ==
          R"(accounts.json: unknown top-level key "version"; expected "accounts")");

    CHECK(parse_error(R"({})") == R"(accounts.json: missing top-level key "accounts")");

    CHECK(parse_error(R"({"accounts": {}})") == R"(accounts.json: "accounts" must be a JSON array, not an object)");

    AccountsFile out;
    tarifc::Diagnostic d;
    CHECK(parse("{\"accounts\": [\n  {\"id\": \"a\",, }\n]}", out, &d) ==
          "accounts.json: invalid JSON: syntax error while parsing object key - unexpected ','; expected string literal");
    CHECK(d.code == "E0701");
    CHECK(d.data.line == 2);
    CHECK(d.data.column == 14);

    CHECK(parse("", out, &d) ==
          "accounts.json: invalid JSON: syntax error while parsing value - unexpected end of input; expected '[', "
          "'{', or a literal");
    CHECK(d.data.line == 1);
    CHECK(d.data.column == 1);

    CHECK(parse(R"({"accounts": []} [])", out, &d).rfind("accounts.json: invalid JSON: ", 0) == 0);
    CHECK(d.data.line == 1);
    CHECK(d.data.column == 18);
}

TEST_CASE("accounts: a diagnostic's code, line and column point at the value") {
    AccountsFile out;
    tarifc::Diagnostic d;
    auto where = [&](const std::string& text) {
        parse(text, out, &d);
        return d.code + " " + std::to_string(d.data.line) + ":" + std::to_string(d.data.column);
    };
    // A wrong type: at the value.
    CHECK(where("{\"accounts\": [\n  {\"id\": \"a\", \"plan\": \"ccc-payg\", \"numbers\": [],\n   \"seats\": 2.5}]}") ==
          "E0705 3:13");
    // A string value, with an escaped quote inside: at its opening quote.
    CHECK(where("{\"accounts\": [{\"id\": \"a\", \"plan\": \"x\\\"y\"}]}") == "E0706 1:35");
    // A missing field: at the object that lacks it.
    CHECK(where("{\"accounts\": [\n {\"id\": \"a\", \"plan\": \"ccc-payg\"}]}") == "E0704 2:2");
    // An unknown field: at its value.
    CHECK(where(R"({"accounts": [{"id": "a", "plan": "ccc-payg", "numbers": [], "colour": true}]})") == "E0703 1:72");
    // A duplicate account id: at the second id.
    CHECK(where("{\"accounts\": [{\"id\": \"a\", \"plan\": \"ccc-payg\", \"numbers\": []},\n"
                "{\"id\": \"a\", \"plan\": \"ccc-payg\", \"numbers\": []}]}") == "E0707 2:8");
    // The document's shape: at the top.
    CHECK(where("[]") == "E0702 1:1");
    CHECK(where(R"({"accounts": {}})") == "E0702 1:14");
    // A number at the end of an object: at its first digit.
    CHECK(where(R"({"accounts": [{"id": "a", "plan": "ccc-payg", "numbers": [], "seats": -12}]})") == "E0706 1:71");
}

TEST_CASE("accounts: load_accounts reads a file") {
    const auto dir = std::filesystem::temp_directory_path() / ("tarifc-accounts-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "accounts.json").string();
    {
        std::ofstream f(path, std::ios::binary);
        f << kExample;
    }
    AccountsFile out;
    tarifc::Diagnostic error;
    CHECK(load_accounts(path, tariffs(), out, error));
    CHECK(out.accounts.size() == 1);
    {
        std::ofstream f(path, std::ios::binary);
        f << R"({"accounts": [{"id": "z", "plan": "nope"}]})";
    }
    CHECK_FALSE(load_accounts(path, tariffs(), out, error));
    CHECK(error.data.path == path);
    CHECK(error.code == "E0706");
    CHECK(error.message == R"(account "z": field "plan": unknown plan "nope"; known plans: ccc-payg, ccc-seat)");
    CHECK(out.accounts.empty());
    // A problem found after the file's text is freed (validation): its line
    // and column as parse_accounts gives them from the text, and each
    // account's place.
    const std::string later = "{\n \"accounts\": [\n  {\"id\": \"a\", \"plan\": \"ccc-payg\", \"seats\": 0, \"numbers\": []},\n"
                              "  {\"id\": \"b\",\n   \"plan\": \"nope\"}]}\n";
    {
        std::ofstream f(path, std::ios::binary);
        f << later;
    }
    CHECK_FALSE(load_accounts(path, tariffs(), out, error));
    CHECK(error.code == "E0706");
    CHECK(error.data.line == 5);
    CHECK(error.data.column == 12);
    tarifc::Diagnostic from_text;
    CHECK_FALSE(parse_accounts(later, path, tariffs(), out, from_text));
    CHECK(from_text.data.line == error.data.line);
    CHECK(from_text.data.column == error.data.column);
    {
        std::ofstream f(path, std::ios::binary);
        f << "{\"accounts\": [\n  {\"id\": \"b\", \"plan\": \"ccc-payg\", \"seats\": 0, \"numbers\": []},\n\n"
             "    {\"id\": \"a\", \"plan\": \"ccc-payg\", \"seats\": 0, \"numbers\": []}]}";
    }
    REQUIRE(load_accounts(path, tariffs(), out, error));
    REQUIRE(out.accounts.size() == 2);
    CHECK(out.accounts[0].id == "a");
    CHECK(out.accounts[0].line == 4);
    CHECK(out.accounts[0].column == 5);
    CHECK(out.accounts[1].line == 2);
    CHECK(out.accounts[1].column == 3);
    CHECK_FALSE(load_accounts((dir / "missing.json").string(), tariffs(), out, error));
    CHECK(error.code == "E0902");
    CHECK(error.data.path == (dir / "missing.json").string());
    CHECK(error.message == "cannot read the accounts file: no such file or folder");
    CHECK_FALSE(load_accounts(dir.string(), tariffs(), out, error));
    CHECK(error.message == "cannot read the accounts file: is a folder, not a file");
    std::filesystem::remove_all(dir);
}

TEST_CASE("accounts: pack sizes compare in the units of the field and the pack") {
    plan::Tariff t = make_tariff("ccc-payg");
    plan::Unit second{"second", 0, Decimal::from_int(1), false};
    plan::Unit minute{"minute", 0, Decimal::from_int(60), false};
    plan::Unit hour{"hour", 0, Decimal::from_int(3600), false};
    t.units = {second, minute, hour};
    t.packs[0].size_unit = {1, -1};            // sizes in minutes: 10000, 30000
    t.inputs.lists[1].fields[2].unit = {2, -1};  // the account gives hours
    t.inputs.lists[1].fields[4].unit = {1, -1};  // the balance is in minutes
    const std::vector<const plan::Tariff*> ts = {&t};
    AccountsFile out;
    tarifc::Diagnostic error;
    auto text = [](const char* minutes, const char* remaining) {
        return std::string(R"({"accounts": [{"id": "a", "plan": "ccc-payg", "numbers": [], "voice_packs": [)") +
               R"({"id": "p", "type": "fixed-inbound", "minutes": )" + minutes +
               R"(, "purchased": "2019-07-01", "remaining": )" + remaining + "}]}]}";
    };
    CHECK(parse_accounts(text("500", "30000"), "a.json", ts, out, error));  // 500 h = 30000 min
    CHECK(parse_accounts(text("500", "29999"), "a.json", ts, out, error));
    CHECK_FALSE(parse_accounts(text("500", "30001"), "a.json", ts, out, error));
    CHECK(error.code == "E0708");
    CHECK(error.message == R"(account "a": voice_packs[0] ("p"): field "remaining": 30001 is not between 0 and the pack size 500)");
    CHECK_FALSE(parse_accounts(text("10000", "0"), "a.json", ts, out, error));
    CHECK(error.message == R"(account "a": voice_packs[0] ("p"): field "minutes": pack size 10000 hour is not sold for type fixed-inbound; sizes sold: 10000 minute, 30000 minute)");
}

TEST_CASE("accounts: the JSON limits stop the read at the value that passes them (E0709)") {
    AccountsFile out;
    tarifc::Diagnostic error;
    // The limits as shipped: depth, string length, number length.
    const std::string deep = "{\"accounts\": " + std::string(70, '[') + std::string(70, ']') + "}";
    CHECK_FALSE(parse_accounts(deep, "a.json", tariffs(), out, error));
    CHECK(error.code == "E0709");
    CHECK(error.message == "arrays and objects nest deeper than 64 levels");
    CHECK(error.data.line == 1);
    CHECK(error.data.column == 77);  // the 64th '['
    const std::string long_id = R"({"accounts": [{"id": ")" + std::string(70000, 'x') + R"("}]})";
    CHECK_FALSE(parse_accounts(long_id, "a.json", tariffs(), out, error));
    CHECK(error.code == "E0709");
    CHECK(error.message == "a string longer than 65536 bytes");
    CHECK(error.data.column == 22);
    const std::string long_key = R"({"accounts": [{")" + std::string(70000, 'k') + R"(": 1}]})";
    CHECK_FALSE(parse_accounts(long_key, "a.json", tariffs(), out, error));
    CHECK(error.code == "E0709");
    CHECK(error.data.column == 16);
    const std::string long_number = "{\"accounts\": [{\"id\": \"a\",\n \"seats\": 1." + std::string(120, '0') + "}]}";
    CHECK_FALSE(parse_accounts(long_number, "a.json", tariffs(), out, error));
    CHECK(error.code == "E0709");
    CHECK(error.message == "a number longer than 100 characters");
    CHECK(error.data.line == 2);
    CHECK(error.data.column == 11);
    // Just under the limits: read, then judged by the tariff's fields.
    const std::string ok_depth = "{\"accounts\": [" + std::string(62, '[') + std::string(62, ']') + "]}";
    CHECK_FALSE(parse_accounts(ok_depth, "a.json", tariffs(), out, error));
    CHECK(error.code == "E0702");

    // The number of values (a small limit: the shipped one is 2^26).
    jdoc::JDoc doc;
    DataPlace place{"a.json"};
    std::string message;
    bool over = false;
    jdoc::Limits small;
    small.values = 5;
    CHECK(jdoc::read("[1, 2, 3, 4]", doc, place, message, over, small));
    CHECK_FALSE(over);
    CHECK_FALSE(jdoc::read("[1, 2, 3, 4, 5]", doc, place, message, over, small));
    CHECK(over);
    CHECK(message == "more than 5 values (arrays, objects, strings, numbers...) in one file");
    CHECK(place.column == 14);
}

TEST_CASE("accounts: a NUL byte ends the read at once (E0701)") {
    const auto dir = std::filesystem::temp_directory_path() / ("tarifc-accounts-nul-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "accounts.json").string();
    std::ofstream(path, std::ios::binary) << std::string("{\"accounts\": [\n\0]}", 18);
    AccountsFile out;
    tarifc::Diagnostic error;
    CHECK_FALSE(load_accounts(path, tariffs(), out, error));
    CHECK(error.code == "E0701");
    CHECK(error.message == "invalid JSON: a NUL byte (binary data)");
    CHECK(error.data.line == 2);
    CHECK(error.data.column == 1);
    std::filesystem::remove_all(dir);
}

TEST_CASE("accounts: FieldTexts keeps only given texts, FieldFlags past 64 fields") {
    FieldTexts t;
    CHECK(t[0].empty());
    t.set(3, "x");
    t.set(1, "");  // no text: nothing kept
    t.set(70, "far");
    CHECK(t[3] == "x");
    CHECK(t[1].empty());
    CHECK(t[70] == "far");
    t.set(3, "y");
    CHECK(t[3] == "y");
    FieldFlags f;
    f.assign(130);
    f.set(0);
    f.set(63);
    f.set(64);
    f.set(129);
    for (std::size_t i = 0; i < 130; ++i) CHECK(f[i] == (i == 0 || i == 63 || i == 64 || i == 129));
    f.assign(3);
    CHECK_FALSE(f[0]);
}
