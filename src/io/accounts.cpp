// Validating the accounts file against the account fields the tariffs declare
// (the JSON itself is read, with positions, by accounts_json.cpp). One piece
// at about 730 lines: every rule walks the same document with the same
// account/field/entry labels, which a split would have to pass around;
// reading every account as one plan (AccountsOptions::as_plan, tarifc
// compare) is a few lines inside those rules, not a second validator.
#include "io/accounts.hpp"

#include "io/accounts_json.hpp"
#include "io/json_writer.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>

#include "base/civil_time.hpp"
#include "io/files.hpp"

namespace tarifc {

namespace {

using jdoc::JDoc;
using jdoc::JNode;
using jdoc::JType;
using jdoc::TooLarge;
using jdoc::kNone;
using jdoc::Members;
using jdoc::type_name;
using plan::EntityList;
using plan::Field;
using plan::ValueKind;

// ---------------------------------------------------------------- messages

// Text quoted for a one-line message: quotes, backslashes and control
// characters escaped as in JSON.
std::string quote_text(std::string_view s) {
    std::string out;
    JsonWriter::escape(out, s);
    return out;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

// The accounts file's error codes (docs/diagnostics.md, E07xx).
namespace code {
constexpr const char* kInvalidJson = "E0701";  // not JSON text
constexpr const char* kShape = "E0702";        // not {"accounts": [ {...}, ... ]}
constexpr const char* kUnknown = "E0703";      // a key the tariff does not declare, or a key given twice
constexpr const char* kMissing = "E0704";      // a required field is absent
constexpr const char* kType = "E0705";         // a value of the wrong JSON type
constexpr const char* kValue = "E0706";        // a value of the right type that is not allowed
constexpr const char* kDuplicate = "E0707";    // an account id or a list entry's key given twice
constexpr const char* kPack = "E0708";         // a pack purchase that the tariff does not sell
constexpr const char* kLimit = "E0709";        // over a limit of accounts_json.hpp (size, depth, ...)
}  // namespace code

// Unwinds the validation to parse_accounts at the first problem, which
// returns it as its Diagnostic: it never leaves this file.
struct Stop {
    const char* code;
    uint32_t node;  // where the problem is (kNone: the file as a whole)
    std::string message;
};

// Where a problem is, spelled out only when there is one:
// `account "acme": numbers[2] ("0106"): field "kind": `; `node` is the JSON
// value the place points at (for the line and column).
struct Where {
    const std::string* prefix = nullptr;  // `account "acme": `
    std::string_view list;                // empty at the account level
    std::size_t index = 0;
    std::optional<std::string_view> key;
    std::optional<std::string_view> field;
    uint32_t node = kNone;

    Where(const std::string* p, uint32_t n) : prefix(p), node(n) {}
    Where(const std::string* p, std::string_view l, std::size_t i, uint32_t n) : prefix(p), list(l), index(i), node(n) {}
    Where with_field(std::string_view f) const {
        Where w = *this;
        w.field = f;
        return w;
    }
    std::string str() const {
        std::string s = *prefix;
        if (!list.empty()) {
            s += list;
            s += '[';
            s += std::to_string(index);
            s += ']';
            if (key) {
                s += " (";
                s += quote_text(*key);
                s += ')';
            }
            s += ": ";
        }
        if (field) {
            s += "field ";
            s += quote_text(*field);
            s += ": ";
        }
        return s;
    }
    friend std::string operator+(const Where& w, std::string_view text) {
        std::string s = w.str();
        s += text;
        return s;
    }
};

// The 1-based line and column (in bytes) of an offset in the file, from
// where its newlines are (4 bytes a line), as jdoc::place_in finds them in
// the text: the text itself need not be kept while accounts are validated.
class Lines {
public:
    explicit Lines(std::string_view text) : size_(text.size()) {
        for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
            newlines_.push_back(static_cast<uint32_t>(i));  // the file is under 4 GiB (jdoc::kMaxFileBytes)
    }
    void place(std::size_t offset, uint32_t& line, uint32_t& column) const {
        const std::size_t to = std::min(offset, size_);
        const auto before = static_cast<std::size_t>(
            std::lower_bound(newlines_.begin(), newlines_.end(), to) - newlines_.begin());
        const std::size_t start = before == 0 ? 0 : std::size_t{newlines_[before - 1]} + 1;
        line = static_cast<uint32_t>(1 + before);
        column = static_cast<uint32_t>(to - start + 1);
    }
    DataPlace place(std::string_view name, std::size_t offset) const {
        DataPlace p{std::string(name)};
        place(offset, p.line, p.column);
        return p;
    }

private:
    std::size_t size_;
    std::vector<uint32_t> newlines_;
};

bool looks_like_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

// ---------------------------------------------------------------- validation

class Validator {
public:
    Validator(const JDoc& doc, const Lines& lines, const std::vector<const plan::Tariff*>& tariffs,
              const AccountsOptions& options, AccountsFile& out)
        : doc_(doc), lines_(lines), tariffs_(tariffs), options_(options), out_(out) {}

    // With AccountsOptions::as_plan: the accounts that plan cannot price
    // (their id, the problem), skipped instead of stopping the run.
    std::vector<std::pair<std::string, Stop>> skipped;

    void run() {
        const JNode& root = doc_.nodes.at(0);
        if (root.type != JType::Object)
            fail(code::kShape, 0, std::string("expected a JSON object with the key \"accounts\" at the top level, not ") +
                 type_name(root.type));
        const std::string top_prefix;
        Members top = members(root, Where{&top_prefix, 0}, "top-level key ");
        for (const auto& [k, v] : top.items)
            if (k != "accounts")
                fail(code::kShape, v, "unknown top-level key " + quote_text(k) + "; expected \"accounts\"");
        const uint32_t list = top.find("accounts");
        if (list == kNone) fail(code::kShape, 0, "missing top-level key \"accounts\"");
        const JNode& arr = doc_.nodes[list];
        if (arr.type != JType::Array)
            fail(code::kShape, list, std::string("\"accounts\" must be a JSON array, not ") + type_name(arr.type));

        collect_field_names();
        out_.accounts.reserve(arr.count);
        StringIndex seen;
        seen.reserve(arr.count);
        std::size_t pos = 0;
        for (uint32_t i = arr.first; i != kNone; i = doc_.nodes[i].next) {
            ++pos;
            if (options_.as_plan < 0) {
                account(i, pos, seen);
                continue;
            }
            // As one plan (tarifc compare): an account that plan cannot
            // price is skipped and told, the others go on.
            current_id_.clear();
            try {
                account(i, pos, seen);
            } catch (const Stop& stop) {
                if (current_id_.empty()) throw;  // not even an id: the file itself is wrong
                skipped.emplace_back(current_id_, stop);
            }
        }

        // Sorted by id (byte order; ids are unique), in place: a sorted copy
        // would hold a second array of accounts at the load's peak.
        std::sort(out_.accounts.begin(), out_.accounts.end(),
                  [](const AccountData& a, const AccountData& b) { return a.id < b.id; });
        out_.by_id.reserve(out_.accounts.size());
        for (std::size_t i = 0; i < out_.accounts.size(); ++i)
            out_.by_id.insert(out_.accounts[i].id, static_cast<int32_t>(i));
    }

private:
    [[noreturn]] static void fail(const char* code, uint32_t node, std::string message) {
        throw Stop{code, node, std::move(message)};
    }
    [[noreturn]] static void fail(const char* code, const Where& where, std::string_view message) {
        throw Stop{code, where.node, where + message};
    }
    uint32_t index_of(const JNode& n) const { return static_cast<uint32_t>(&n - doc_.nodes.data()); }

    // The object's members; a key given twice is an error.
    Members members(const JNode& obj, const Where& where, const char* noun = "field ") const {
        Members m = members_unchecked(obj);
        check_unique(m, where, noun);
        return m;
    }
    Members members_unchecked(const JNode& obj) const {
        Members m;
        m.items.reserve(obj.count);
        for (uint32_t i = obj.first; i != kNone; i = doc_.nodes[i].next)
            m.items.emplace_back(doc_.key(doc_.nodes[i]), i);
        return m;
    }
    static void check_unique(const Members& m, const Where& where, const char* noun = "field ") {
        if (m.items.size() > 1) {
            std::vector<std::string_view> keys;
            keys.reserve(m.items.size());
            for (const auto& it : m.items) keys.push_back(it.first);
            std::sort(keys.begin(), keys.end());
            auto dup = std::adjacent_find(keys.begin(), keys.end());
            if (dup != keys.end()) {
                // At the second time the key is given.
                uint32_t second = where.node;
                int seen = 0;
                for (const auto& [k, v] : m.items)
                    if (k == *dup && ++seen == 2) second = v;
                fail(code::kUnknown, second, where + noun + quote_text(*dup) + ": given twice");
            }
        }
    }

    // The names the tariffs give the account's id and plan fields (normally
    // one each).
    void collect_field_names() {
        auto add = [](std::vector<std::string>& v, const std::string& s) {
            if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
        };
        for (const plan::Tariff* t : tariffs_) {
            const auto& in = t->inputs;
            if (in.account_id_field >= 0) add(id_names_, in.account_fields[in.account_id_field].name);
            if (in.account_plan_field >= 0) add(plan_names_, in.account_fields[in.account_plan_field].name);
        }
    }

    bool declared_by_some_plan(std::string_view name) const {
        for (const plan::Tariff* t : tariffs_)
            for (const Field& f : t->inputs.account_fields)
                if (f.name == name) return true;
        return false;
    }

    std::string known_plans() const {
        std::vector<std::string> names;
        for (const plan::Tariff* t : tariffs_) names.push_back(t->name);
        return names.empty() ? std::string("no plan is loaded") : "known plans: " + join(names);
    }

    void account(uint32_t at, std::size_t pos, StringIndex& seen) {
        const JNode& node = doc_.nodes[at];
        const std::string anon = "account #" + std::to_string(pos) + ": ";
        if (node.type != JType::Object) fail(code::kShape, at, anon + "expected a JSON object, not " + type_name(node.type));
        std::string prefix = anon;
        Members m = members_unchecked(node);  // checked once the id names the account

        // The id, which names the account in every later message.
        std::string id;
        uint32_t id_node = kNone;
        std::string id_field = id_names_.empty() ? std::string("id") : id_names_.front();
        for (const auto& n : id_names_) {
            id_node = m.find(n);
            if (id_node != kNone) {
                id_field = n;
                break;
            }
        }
        if (id_node == kNone || doc_.nodes[id_node].type == JType::Null)
            fail(code::kMissing, at, prefix + "field " + quote_text(id_field) + ": missing field");
        if (doc_.nodes[id_node].type != JType::String)
            fail(code::kType, id_node, prefix + "field " + quote_text(id_field) + ": expected a JSON string, not " +
                 type_name(doc_.nodes[id_node].type));
        id = std::string(doc_.text(doc_.nodes[id_node]));
        if (id.empty()) fail(code::kValue, id_node, prefix + "field " + quote_text(id_field) + ": must not be empty");
        current_id_ = id;
        prefix = "account " + quote_text(id) + ": ";
        check_unique(m, Where{&prefix, at});
        const int32_t first = seen.insert(id, static_cast<int32_t>(pos));
        if (first >= 0)
            fail(code::kDuplicate, id_node, prefix + "field " + quote_text(id_field) + ": duplicate account id (first at account #" +
                 std::to_string(first) + ")");

        // The plan, which says which fields the account has.
        std::string plan_field = plan_names_.empty() ? std::string("plan") : plan_names_.front();
        uint32_t plan_node = kNone;
        for (const auto& n : plan_names_) {
            plan_node = m.find(n);
            if (plan_node != kNone) {
                plan_field = n;
                break;
            }
        }
        if (plan_node == kNone || doc_.nodes[plan_node].type == JType::Null)
            fail(code::kMissing, at, prefix + "field " + quote_text(plan_field) + ": missing field");
        if (doc_.nodes[plan_node].type != JType::String)
            fail(code::kType, plan_node, prefix + "field " + quote_text(plan_field) + ": expected a JSON string naming a plan, not " +
                 type_name(doc_.nodes[plan_node].type));
        std::string_view plan_name = doc_.text(doc_.nodes[plan_node]);
        int tariff = find_tariff(plan_name);
        if (tariff < 0)
            fail(code::kValue, plan_node, prefix + "field " + quote_text(plan_field) + ": unknown plan " + quote_text(plan_name) + "; " +
                 known_plans());
        if (options_.as_plan >= 0) {
            tariff = options_.as_plan;
            plan_name = tariffs_.at(static_cast<std::size_t>(tariff))->name;
        }
        const plan::Tariff& T = *tariffs_[tariff];
        const plan::Inputs& in = T.inputs;

        AccountData a;
        a.id = id;
        lines_.place(node.offset, a.line, a.column);
        a.plan = std::string(plan_name);
        a.tariff = tariff;
        const std::size_t nf = in.account_fields.size();
        a.values.assign(nf, Decimal{});
        a.present.assign(nf);
        a.lists.resize(in.lists.size());
        a.list_keys.resize(in.lists.size());

        for (const auto& [k, v] : m.items) {
            const std::string_view key = k;  // clang 14 cannot capture a structured binding
            const bool known = std::any_of(in.account_fields.begin(), in.account_fields.end(),
                                           [&](const Field& f) { return f.name == key; });
            // As another plan: the fields of the account's own plan that
            // this one does not declare are not read.
            if (!known && options_.as_plan >= 0 && declared_by_some_plan(key)) continue;
            if (!known) fail(code::kUnknown, v, prefix + "field " + quote_text(k) + ": unknown field");
        }
        for (std::size_t fi = 0; fi < nf; ++fi) {
            const Field& f = in.account_fields[fi];
            const uint32_t v = m.find(f.name);
            const JNode* value = v == kNone || doc_.nodes[v].type == JType::Null ? nullptr : &doc_.nodes[v];
            Where where{&prefix, at};
            where.field = f.name;
            if (f.kind == ValueKind::List) {
                if (!value) {
                    if (!f.optional) fail(code::kMissing, where, "missing field");
                    continue;
                }
                list(T, f, *value, a, prefix, where);
                a.present.set(fi);
                continue;
            }
            field(T, f, value, where, a.values[fi], a.texts, a.present, fi);
        }
        a.texts.shrink_to_fit();
        out_.accounts.push_back(std::move(a));
    }

    int find_tariff(std::string_view name) const {
        for (std::size_t i = 0; i < tariffs_.size(); ++i)
            if (tariffs_[i]->name == name) return static_cast<int>(i);
        return -1;
    }

    void list(const plan::Tariff& T, const Field& f, const JNode& value, AccountData& a, const std::string& prefix,
              const Where& where) {
        if (f.list < 0 || f.list >= static_cast<int>(T.inputs.lists.size()))
            throw std::logic_error("accounts: an account field names a list the tariff does not declare");
        const EntityList& L = T.inputs.lists[f.list];
        if (value.type != JType::Array)
            fail(code::kType, index_of(value), where + "expected a JSON array, not " + type_name(value.type));
        auto& entries = a.lists[f.list];
        auto& keys = a.list_keys[f.list];
        entries.reserve(value.count);
        keys.reserve(value.count);
        std::size_t index = 0;
        for (uint32_t i = value.first; i != kNone; i = doc_.nodes[i].next, ++index) {
            const JNode& e = doc_.nodes[i];
            Where label{&prefix, f.name, index, i};
            if (e.type != JType::Object) fail(code::kType, label, std::string("expected a JSON object, not ") + type_name(e.type));
            Members m = members_unchecked(e);
            if (L.key_field >= 0) {
                const uint32_t k = m.find(L.fields[L.key_field].name);
                if (k != kNone && doc_.nodes[k].type == JType::String) label.key = doc_.text(doc_.nodes[k]);
            }
            check_unique(m, label);
            for (const auto& [k, v] : m.items) {
                const std::string_view key = k;  // clang 14 cannot capture a structured binding
                const bool known = std::any_of(L.fields.begin(), L.fields.end(),
                                               [&](const Field& x) { return x.name == key; });
                if (!known) fail(code::kUnknown, v, label.with_field(k) + "unknown field");
            }
            EntityData d;
            const std::size_t nf = L.fields.size();
            d.values.assign(nf, Decimal{});
            d.present.assign(nf);
            for (std::size_t fi = 0; fi < nf; ++fi) {
                const Field& sf = L.fields[fi];
                const uint32_t v = m.find(sf.name);
                const JNode* fv = v == kNone || doc_.nodes[v].type == JType::Null ? nullptr : &doc_.nodes[v];
                if (sf.kind == ValueKind::List) throw std::logic_error("accounts: the checker let a list nest in a list");
                field(T, sf, fv, label.with_field(sf.name), d.values[fi], d.texts, d.present, fi);
            }
            d.texts.shrink_to_fit();
            if (L.is_pack_list) pack_checks(T, L, d, label, m);
            if (L.key_field >= 0) {
                const Field& kf = L.fields[L.key_field];
                std::string other;
                if (kf.kind != ValueKind::Text) other = d.values[L.key_field].to_string();
                const std::string_view key = kf.kind == ValueKind::Text ? std::string_view(d.texts[L.key_field])
                                                                        : std::string_view(other);
                const uint32_t key_node = m.find(kf.name);
                if (d.present[L.key_field] && key.empty())
                    fail(code::kValue, key_node != kNone ? key_node : i, label.with_field(kf.name) + "must not be empty");
                const int32_t first = keys.insert(key, static_cast<int32_t>(entries.size()));
                if (first >= 0)
                    fail(code::kDuplicate, key_node != kNone ? key_node : i, label + "duplicate " + L.entity_name + " " + quote_text(key) + " (first at " + f.name + "[" +
                         std::to_string(first) + "])");
            }
            entries.push_back(std::move(d));
        }
    }

    // A value in base units when both units are known and of one dimension.
    static std::strong_ordering compare_in_units(const plan::Tariff& T, const Decimal& a, plan::UnitPair ua,
                                                 const Decimal& b, plan::UnitPair ub) {
        const auto n = static_cast<int>(T.units.size());
        auto ok = [&](int u) { return u >= 0 && u < n; };
        if (ok(ua.num) && ok(ub.num) && T.units[ua.num].base == T.units[ub.num].base &&
            (ua.den < 0) == (ub.den < 0) && (ua.den < 0 || (ok(ua.den) && ok(ub.den)))) {
            Decimal x = a * T.units[ua.num].factor;
            Decimal y = b * T.units[ub.num].factor;
            if (ua.den >= 0) {
                x = x * T.units[ub.den].factor;
                y = y * T.units[ua.den].factor;
            }
            return x <=> y;
        }
        return a <=> b;
    }

    static std::string with_unit(const plan::Tariff& T, const Decimal& v, plan::UnitPair u, bool show) {
        std::string out = v.to_string();
        const auto n = static_cast<int>(T.units.size());
        if (show && u.num >= 0 && u.num < n) {
            out += " " + T.units[u.num].name;
            if (u.den >= 0 && u.den < n) out += "/" + T.units[u.den].name;
        }
        return out;
    }

    void pack_checks(const plan::Tariff& T, const EntityList& L, const EntityData& d, const Where& label,
                     const Members& m) {
        // At the value the problem is about.
        auto at = [&](const Field& f) {
            Where w = label.with_field(f.name);
            if (const uint32_t v = m.find(f.name); v != kNone) w.node = v;
            return w;
        };
        if (L.type_field < 0 || L.size_field < 0 || !d.present[L.type_field] || !d.present[L.size_field]) return;
        const auto type = d.values[L.type_field].to_int64();
        if (!type || *type < 0 || *type >= static_cast<int64_t>(T.packs.size())) return;
        const plan::PackType& pt = T.packs[static_cast<std::size_t>(*type)];
        const Field& sf = L.fields[L.size_field];
        const Decimal& size = d.values[L.size_field];
        const auto sold = std::find_if(pt.sizes.begin(), pt.sizes.end(), [&](const plan::PackSize& s) {
            return compare_in_units(T, size, sf.unit, s.size, pt.size_unit) == 0;
        });
        if (sold == pt.sizes.end()) {
            // Units are named only when the field's differs from the pack's.
            const bool units = !(sf.unit == pt.size_unit);
            std::vector<std::string> sizes;
            for (const auto& s : pt.sizes) sizes.push_back(with_unit(T, s.size, pt.size_unit, units));
            fail(code::kPack, at(sf), "pack size " + with_unit(T, size, sf.unit, units) +
                 " is not sold for type " + pt.name + "; sizes sold: " + join(sizes));
        }
        if (L.balance_field >= 0 && d.present[L.balance_field]) {
            const Field& bf = L.fields[L.balance_field];
            const Decimal& balance = d.values[L.balance_field];
            if (balance.is_negative() || compare_in_units(T, balance, bf.unit, size, sf.unit) > 0)
                fail(code::kPack, at(bf), balance.to_string() +
                     " is not between 0 and the pack size " + size.to_string());
        }
    }

    // A number's literal as an exact decimal, or a failure.
    static Decimal parse_number(std::string_view text, const Where& where, bool from_string) {
        std::optional<Decimal> d;
        try {
            d = Decimal::parse(text, true);
        } catch (const OverflowError&) {
            fail(code::kValue, where, "number " + std::string(text) + " is out of range (at most " +
                 std::to_string(Decimal::kMaxDigits) + " significant digits and " +
                 std::to_string(Decimal::kMaxScale) + " decimals)");
        }
        if (!d) {
            if (from_string) fail(code::kValue, where, "expected a decimal number, got " + quote_text(text));
            fail(code::kValue, where, "expected a decimal number without exponent, got " + std::string(text));
        }
        if (d->is_negative()) fail(code::kValue, where, "must not be negative, got " + std::string(text));
        return *d;
    }

    // A scalar field `fi` into the value, text and flag of its account or entry.
    void field(const plan::Tariff& T, const Field& f, const JNode* v, const Where& where, Decimal& value,
               FieldTexts& texts, FieldFlags& present, std::size_t fi) {
        std::string text;
        bool given = false;
        scalar(T, f, v, where, value, text, given);
        if (given) present.set(fi);
        texts.set(fi, std::move(text));
    }

    void scalar(const plan::Tariff& T, const Field& f, const JNode* v, const Where& field_place, Decimal& value,
                std::string& text, bool& present) {
        if (!v) {
            if (f.default_value) {
                value = *f.default_value;
                present = true;
                return;
            }
            if (f.optional) return;
            fail(code::kMissing, field_place, "missing field");
        }
        const JNode& n = *v;
        Where where = field_place;  // at the value itself
        where.node = index_of(n);
        auto expect = [&](JType t, const char* what) {
            if (n.type != t) fail(code::kType, where, std::string("expected ") + what + ", not " + type_name(n.type));
        };
        switch (f.kind) {
            case ValueKind::Text:
                expect(JType::String, "a JSON string");
                text = std::string(doc_.text(n));
                break;
            case ValueKind::Plan: {
                expect(JType::String, "a JSON string naming a plan");
                const std::string_view name = doc_.text(n);
                const int t = find_tariff(name);
                if (t < 0) fail(code::kValue, where, "unknown plan " + quote_text(name) + "; " + known_plans());
                value = Decimal::from_int(t);
                text = std::string(name);
                break;
            }
            case ValueKind::Bool:
                if (n.type != JType::Bool) fail(code::kType, where, std::string("expected true or false, not ") + type_name(n.type));
                value = Decimal::from_int(n.boolean ? 1 : 0);
                break;
            case ValueKind::Date: {
                expect(JType::String, "a date as a JSON string \"YYYY-MM-DD\"");
                const std::string_view s = doc_.text(n);
                const auto date = parse_date(s);
                if (!date) {
                    if (looks_like_date(s)) fail(code::kValue, where, "date " + std::string(s) + " does not exist");
                    fail(code::kValue, where, "expected a date YYYY-MM-DD, got " + quote_text(s));
                }
                value = Decimal::from_int(days_from_civil(date->year, date->month, date->day));
                break;
            }
            case ValueKind::Enum: {
                expect(JType::String, "a JSON string");
                const std::string_view s = doc_.text(n);
                const auto it = std::find(f.enum_values.begin(), f.enum_values.end(), s);
                if (it == f.enum_values.end())
                    fail(code::kValue, where, "unknown value " + quote_text(s) + "; expected one of " + join(f.enum_values));
                value = Decimal::from_int(it - f.enum_values.begin());
                break;
            }
            case ValueKind::Pack: {
                expect(JType::String, "a JSON string naming a pack type");
                const std::string_view s = doc_.text(n);
                const auto it = std::find_if(T.packs.begin(), T.packs.end(),
                                             [&](const plan::PackType& p) { return p.name == s; });
                if (it == T.packs.end()) {
                    std::vector<std::string> names;
                    for (const auto& p : T.packs) names.push_back(p.name);
                    fail(code::kValue, where, "unknown pack type " + quote_text(s) + "; expected one of " + join(names));
                }
                value = Decimal::from_int(it - T.packs.begin());
                break;
            }
            case ValueKind::Number:
                if (f.integer) {
                    if (n.type != JType::Number || !n.plain_integer) {
                        if (n.type == JType::Number)
                            fail(code::kType, where, "expected a JSON integer, got " + std::string(doc_.text(n)));
                        fail(code::kType, where, std::string("expected a JSON integer, not ") + type_name(n.type));
                    }
                    value = parse_number(doc_.text(n), where, false);
                    if (!value.to_int64()) fail(code::kValue, where, "number " + std::string(doc_.text(n)) + " is out of range");
                } else if (n.type == JType::Number) {
                    value = parse_number(doc_.text(n), where, false);
                } else if (n.type == JType::String) {
                    value = parse_number(doc_.text(n), where, true);
                } else {
                    fail(code::kType, where, std::string("expected a decimal number (a JSON number or a string such as \"62.5\"), not ") +
                         type_name(n.type));
                }
                break;
            case ValueKind::Timestamp:
            case ValueKind::Account:
            case ValueKind::Ref:
            case ValueKind::List:
                throw std::logic_error("accounts: the checker let a timestamp, account, ref or list field into an account");
        }
        present = true;
    }

    const JDoc& doc_;
    const Lines& lines_;
    const std::vector<const plan::Tariff*>& tariffs_;
    const AccountsOptions& options_;
    AccountsFile& out_;
    std::vector<std::string> id_names_, plan_names_;
    std::string current_id_;  // of the account being read, once known
};

}  // namespace

namespace {

// parse_accounts, which frees `owned` (the text's storage, when given) once
// the document is read: the text is not needed for validation (where
// values are is in Lines), and would be held at the load's peak.
bool parse(std::string_view text, std::string* owned, std::string_view name,
           const std::vector<const plan::Tariff*>& tariffs, const AccountsOptions& options, AccountsFile& out,
           Diagnostic& error) {
    out = AccountsFile{};
    JDoc doc;
    std::optional<Lines> lines;
    try {
        DataPlace place{std::string(name)};
        std::string message;
        bool over_limit = false;
        if (!jdoc::read(text, doc, place, message, over_limit)) {
            error = Diagnostic::error_at(over_limit ? code::kLimit : code::kInvalidJson, std::move(place),
                                         std::move(message));
            out = AccountsFile{};
            return false;
        }
        lines.emplace(text);
        if (owned) std::string().swap(*owned);
        Validator validator(doc, *lines, tariffs, options, out);
        validator.run();
        if (options.skipped)
            for (const auto& [id, stop] : validator.skipped)
                options.skipped->push_back(
                    {id, Diagnostic::error_at(stop.code,
                                              stop.node < doc.nodes.size() ? lines->place(name, doc.nodes[stop.node].offset)
                                                                           : DataPlace{std::string(name)},
                                              stop.message)});
        out.path = std::string(name);
        return true;
    } catch (const Stop& stop) {
        DataPlace place = stop.node < doc.nodes.size() && lines ? lines->place(name, doc.nodes[stop.node].offset)
                                                                : DataPlace{std::string(name)};
        error = Diagnostic::error_at(stop.code, std::move(place), stop.message);
    } catch (const OverflowError& e) {
        error = Diagnostic::error_at(code::kValue, {std::string(name)}, std::string("number out of range (") + e.what() + ")");
    } catch (const TooLarge&) {
        error = Diagnostic::error_at(code::kShape, {std::string(name)},
                                     "the accounts file is too large (at most 4 GiB of text and 4 billion values)");
    }
    out = AccountsFile{};
    return false;
}

}  // namespace

bool parse_accounts(std::string_view text, std::string_view name, const std::vector<const plan::Tariff*>& tariffs,
                    AccountsFile& out, Diagnostic& error) {
    return parse(text, nullptr, name, tariffs, AccountsOptions{}, out, error);
}

bool parse_accounts(std::string_view text, std::string_view name, const std::vector<const plan::Tariff*>& tariffs,
                    const AccountsOptions& options, AccountsFile& out, Diagnostic& error) {
    return parse(text, nullptr, name, tariffs, options, out, error);
}

bool load_accounts(const std::string& path, const std::vector<const plan::Tariff*>& tariffs, AccountsFile& out,
                   Diagnostic& error) {
    return load_accounts(path, tariffs, AccountsOptions{}, out, error);
}

bool load_accounts(const std::string& path, const std::vector<const plan::Tariff*>& tariffs,
                   const AccountsOptions& options, AccountsFile& out, Diagnostic& error) {
    out = AccountsFile{};
    std::string text;
    const BoundedRead r = read_bounded_file(path, text, jdoc::kMaxFileBytes, true);
    switch (r.status) {
        case BoundedRead::Status::Ok: break;
        case BoundedRead::Status::Unreadable:
            error = Diagnostic::error_at("E0902", {path}, "cannot read the accounts file: " + r.reason);
            return false;
        case BoundedRead::Status::TooLarge:
            error = Diagnostic::error_at(code::kLimit, {path, r.line, r.column},
                                         "the accounts file is larger than 1 GiB (" +
                                             std::to_string(jdoc::kMaxFileBytes) + " bytes)");
            return false;
        case BoundedRead::Status::Nul:  // never in JSON text, not even in a string
            error = Diagnostic::error_at(code::kInvalidJson, {path, r.line, r.column},
                                         "invalid JSON: a NUL byte (binary data)");
            return false;
    }
    return parse(text, &text, path, tariffs, options, out, error);
}

}  // namespace tarifc
