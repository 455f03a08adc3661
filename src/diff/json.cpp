// The report as one JSON document (docs/cli.md, "tarifc diff"): amounts as
// strings with the money's decimals, as `tarifc eval --format json` writes
// them; percentages as strings with two decimals, null for a change from 0.
#include "diff/report.hpp"
#include "io/json_writer.hpp"

namespace tarifc::diff {

namespace {

void percent(JsonWriter& w, const std::optional<Decimal>& p) {
    w.key("percent");
    if (p)
        w.string(p->to_fixed(2));
    else
        w.raw("null");
}

void amounts(JsonWriter& w, const Decimal& before, const Decimal& after, const Decimal& change,
             const std::optional<Decimal>& p, int places) {
    w.key("before").string(amount_text(before, places));
    w.key("after").string(amount_text(after, places));
    w.key("change").string(amount_text(change, places));
    percent(w, p);
}

void rows(JsonWriter& w, const char* key, const Summary& s) {
    w.key(key).begin_object();
    w.key("rows").number(static_cast<long long>(s.rows));
    w.key("rated").number(static_cast<long long>(s.rated));
    w.key("rejected").number(static_cast<long long>(s.rejected));
    w.key("out_of_period").number(static_cast<long long>(s.out_of_period));
    w.end_object();
}

void movers(JsonWriter& w, const char* key, const std::vector<AccountChange>& v, int places) {
    w.key(key).begin_array();
    for (const auto& c : v) {
        w.set_compact(true);
        w.begin_object();
        w.set_compact(false);
        w.key("account").string(c.id);
        w.key("plan").string(c.plan);
        amounts(w, c.before, c.after, c.change, c.percent, places);
        w.end_object();
    }
    w.end_array();
}

}  // namespace

std::string format_json(const Report& r) {
    const int places = r.impact.money_places;
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.key("before").string(r.before_path);
    w.key("after").string(r.after_path);
    w.key("from").string(r.from);
    w.key("to").string(r.to);
    w.key("usage").begin_object();
    rows(w, "before", r.impact.before_rows);
    rows(w, "after", r.impact.after_rows);
    w.end_object();
    w.key("currencies").begin_array();
    for (const auto& ci : r.impact.currencies) {
        w.begin_object();
        w.key("currency").string(ci.currency);
        w.key("revenue").begin_object();
        amounts(w, ci.before, ci.after, ci.change, ci.percent, places);
        w.end_object();
        w.key("accounts").begin_object();
        w.key("total").number(static_cast<long long>(ci.accounts));
        w.key("more").number(static_cast<long long>(ci.more));
        w.key("less").number(static_cast<long long>(ci.less));
        w.key("same").number(static_cast<long long>(ci.same));
        w.end_object();
        movers(w, "increases", ci.increases, places);
        movers(w, "decreases", ci.decreases, places);
        w.key("charges").begin_array();
        for (const auto& c : ci.charges) {
            w.set_compact(true);
            w.begin_object();
            w.set_compact(false);
            w.key("charge").string(c.charge);
            amounts(w, c.before, c.after, c.change, c.percent, places);
            w.key("billed").string(c.only_before ? "before" : c.only_after ? "after" : "both");
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("currency_switches").begin_array();
    for (const auto& s : r.impact.switched) {
        w.set_compact(true);
        w.begin_object();
        w.set_compact(false);
        w.key("account").string(s.id);
        w.key("before").string(amount_text(s.before, places));
        w.key("before_currency").string(s.before_currency);
        w.key("after").string(amount_text(s.after, places));
        w.key("after_currency").string(s.after_currency);
        w.end_object();
    }
    w.end_array();
    w.key("plan_changes").begin_array();
    for (const auto& c : r.changes) {
        w.set_compact(true);
        w.begin_object();
        w.set_compact(false);
        w.key("tariff").string(c.tariff);
        w.key("subject").string(c.subject);
        w.key("property").string(c.property);
        w.key("change").string(kind_name(c.kind));
        w.key("before").string(c.before);
        w.key("after").string(c.after);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    out += "\n";
    return out;
}

}  // namespace tarifc::diff
