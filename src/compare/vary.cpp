// tarifc compare --vary: one account's month re-priced under every plan
// while one input takes the values FROM, FROM + STEP, ..., TO; the steps at
// which the cheapest plan changes, found exactly.
//
// The quantity is an account field (`seats`, `account.seats`) set to the
// value, or a usage field (`call.duration_s`) set to the value in each of
// the account's rows. Every value is rated by evaluate(), as `tarifc eval`
// would rate the changed inputs: nothing about tiers is assumed.
//
// The search (exact at the step): the range is sampled at 65 evenly spaced
// steps; between two samples whose cheapest plans differ, bisection over the
// steps finds the last step of the one and the first of the other. Between
// two samples with the same cheapest plan, the interval is split again
// unless, for every other plan, the gap to the cheapest before rounding (the
// invoices' lines summed before their rounding) is a straight line through
// both ends and the middle, and wider at both ends than the rounding of the
// lines could close; so a band bound, a volume bracket or a minimum in
// between is followed down to the step, and a plan that dips below the
// cheapest and comes back is not missed. At most kMaxPoints values are
// rated; a search cut short says so in a note.
#include <algorithm>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "base/spelling.hpp"
#include "compare/compare.hpp"
#include "compare/shared.hpp"
#include "io/format.hpp"

namespace tarifc::compare {

namespace {

constexpr std::size_t kMaxPoints = 4000;
constexpr int64_t kMaxSteps = 1'000'000'000'000'000;  // 10^15: step indices stay far inside int64

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

Diagnostic usage_error(std::string message) { return Diagnostic::error_at("E0901", {}, std::move(message)); }

struct Quantity {
    bool usage = false;                // a usage field (else an account field)
    int usage_column = -1;             // in the usage file's header
    std::vector<int> account_field;    // per plan: the field's index, -1 when the plan has none
    bool integer = false;
    Decimal factor = Decimal::from_int(1);  // one display unit in the field's unit
};

// The account's rows of the usage file, as fields.
struct Rows {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    uint64_t malformed = 0;
};

bool read_rows(const std::string& path, const plan::Inputs& inputs, const std::string& account, Rows& out,
               Diagnostic& problem) {
    UsageReader reader;
    if (!reader.open(path, problem)) return false;
    std::string reason;
    int account_column = -1;
    const std::string& account_name = inputs.usage_fields.at(static_cast<std::size_t>(inputs.usage_account_field)).name;
    for (bool first = true;; ) {
        const auto status = reader.next(reason);
        if (status == UsageReader::Status::End) break;
        if (status == UsageReader::Status::IoError) {
            problem = Diagnostic::error_at("E0902", {path}, "cannot read the usage file: " + reason);
            return false;
        }
        if (status == UsageReader::Status::Malformed) {
            if (first) break;  // evaluate() reports the header
            ++out.malformed;
            continue;
        }
        const auto& f = reader.fields();
        if (first) {
            first = false;
            for (std::size_t i = 0; i < f.size(); ++i) {
                out.header.emplace_back(f[i]);
                if (f[i] == account_name) account_column = static_cast<int>(i);
            }
            if (account_column < 0) return true;  // evaluate() reports the header
            continue;
        }
        if (static_cast<int>(f.size()) > account_column && f[static_cast<std::size_t>(account_column)] == account)
            out.rows.emplace_back(f.begin(), f.end());
    }
    return true;
}

// The rows as CSV, `column` set to `value` in the rows whose `where_column`
// is `where_text` (every row for -1).
std::string csv_text(const Rows& r, int column, const std::string& value, int where_column = -1,
                     const std::string& where_text = {}) {
    std::string out;
    auto line = [&out](const std::vector<std::string>& fields, int col, const std::string& v) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) out += ',';
            csv_field(out, static_cast<int>(i) == col ? std::string_view(v) : std::string_view(fields[i]));
        }
        out += '\n';
    };
    line(r.header, -1, value);
    for (const auto& row : r.rows) {
        const bool chosen = where_column < 0 || (static_cast<std::size_t>(where_column) < row.size() &&
                                                 row[static_cast<std::size_t>(where_column)] == where_text);
        line(row, chosen ? column : -1, value);
    }
    return out;
}

const plan::Field* find_field(const std::vector<plan::Field>& fields, std::string_view name, int* index = nullptr) {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name) {
            if (index) *index = static_cast<int>(i);
            return &fields[i];
        }
    return nullptr;
}

std::string unit_name(const plan::Tariff& t, const plan::UnitPair& u) {
    if (u.num < 0) return {};
    std::string s = t.units.at(static_cast<std::size_t>(u.num)).name;
    if (u.den >= 0) s += "/" + t.units.at(static_cast<std::size_t>(u.den)).name;
    return s;
}

// A decimal of the range (0 or more), or an E0901.
bool parse_amount(const std::string& what, const std::string& text, Decimal& out, Diagnostic& problem) {
    std::optional<Decimal> d;
    try {
        d = Decimal::parse(text, false);
    } catch (const OverflowError&) {
    }
    if (!d) {
        problem = usage_error(fmt::format("--vary: {} is a number of 0 or more, e.g. 1 or 2.5; not '{}'", what, visible(text)));
        return false;
    }
    out = *d;
    return true;
}

}  // namespace

bool run_vary(const Inputs& in, const VaryRequest& vr, VaryReport& r, Diagnostic& problem) {
    const auto& tariffs = *in.tariffs;
    auto fail = [&problem](std::string message) {
        problem = usage_error(std::move(message));
        return false;
    };
    if (in.from != in.to)
        return fail(fmt::format("--vary re-prices one month: give --from and --to the same month (not {} to {})",
                format_year_month(in.from), format_year_month(in.to)));

    // ---- the account
    AccountsFile own;
    if (!load_accounts(in.accounts_path, plan_pointers(tariffs), own, problem)) return false;
    std::string id = vr.account;
    if (id.empty()) {
        if (own.accounts.size() != 1)
            return fail(fmt::format("--vary needs --account ID: {} holds {} accounts", in.accounts_path,
                    own.accounts.size()));
        id = own.accounts[0].id;
    }
    const int32_t own_index = own.by_id.find(id);
    if (own_index < 0) {
        std::vector<std::string> ids;
        for (const auto& a : own.accounts) ids.push_back(a.id);
        problem = usage_error(fmt::format("--account {}: no such account in {}", visible(id), in.accounts_path));
        if (auto hint = did_you_mean(id, ids); !hint.empty()) problem.notes.push_back({{}, hint});
        return false;
    }
    const AccountData& account = own.accounts[static_cast<std::size_t>(own_index)];
    const plan::Tariff& home = tariffs.at(static_cast<std::size_t>(account.tariff));

    // ---- QUANTITY=FROM..TO
    const auto eq = vr.spec.find('=');
    const auto dots = vr.spec.find("..", eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || eq == 0 || dots == std::string::npos)
        return fail(fmt::format("--vary is QUANTITY=FROM..TO, e.g. seats=1..400 or call.duration_s=0..600000; not '{}'",
                visible(vr.spec)));
    const std::string name = vr.spec.substr(0, eq);
    Decimal from, to, step;
    if (!parse_amount("FROM", vr.spec.substr(eq + 1, dots - eq - 1), from, problem) ||
        !parse_amount("TO", vr.spec.substr(dots + 2), to, problem))
        return false;
    if (to < from)
        return fail(fmt::format("--vary {}: TO is less than FROM", visible(vr.spec)));

    // The field: `account.F` or `F` (an account field first), `RECORD.F`.
    Quantity q;
    const plan::Field* field = nullptr;
    std::string field_name = name;
    const auto dot = name.find('.');
    std::string prefix = dot == std::string::npos ? std::string() : name.substr(0, dot);
    if (dot != std::string::npos) field_name = name.substr(dot + 1);
    if (prefix.empty() || prefix == "account") field = find_field(home.inputs.account_fields, field_name);
    if (!field && (prefix.empty() || prefix == home.inputs.record_name)) {
        field = find_field(home.inputs.usage_fields, field_name);
        q.usage = field != nullptr;
    }
    if (!field || (!prefix.empty() && prefix != "account" && prefix != home.inputs.record_name)) {
        std::vector<std::string> names;
        for (const auto& f : home.inputs.account_fields)
            if (f.kind == plan::ValueKind::Number) names.push_back(f.name);
        for (const auto& f : home.inputs.usage_fields)
            if (f.kind == plan::ValueKind::Number) names.push_back(home.inputs.record_name + "." + f.name);
        problem = usage_error(fmt::format("--vary {}: no account field or {} field of that name in {} (numeric fields: {})",
                                          visible(name), home.inputs.record_name, home.name, join_names(names)));
        if (auto hint = did_you_mean(name, names); !hint.empty()) problem.notes.push_back({{}, hint});
        return false;
    }
    if (field->kind != plan::ValueKind::Number || field->unit.den >= 0)
        return fail(fmt::format("--vary {}: not a number field (only integer, decimal and money fields vary)",
                visible(name)));
    q.integer = field->integer;
    const std::string field_unit = unit_name(home, field->unit);
    // Every plan must read the field alike (an account field a plan does not
    // declare does not change its total).
    for (const auto& t : tariffs) {
        const auto& fields = q.usage ? t.inputs.usage_fields : t.inputs.account_fields;
        int index = -1;
        const plan::Field* f = find_field(fields, field_name, &index);
        if (f && (f->kind != plan::ValueKind::Number || unit_name(t, f->unit) != field_unit || f->integer != field->integer))
            return fail(fmt::format("--vary {}: {} declares it differently from {} (a {} in {})", visible(name),
                    t.name, home.name, f->integer ? "integer" : "decimal",
                    unit_name(t, f->unit).empty() ? "no unit" : unit_name(t, f->unit)));
        q.account_field.push_back(q.usage ? -1 : index);
    }

    // The unit the range is written in (--in), and the step.
    r.unit = field_unit;
    if (!vr.unit.empty()) {
        if (field->unit.num < 0)
            return fail(fmt::format("--in {}: {} is a plain number, without a unit", visible(vr.unit), visible(name)));
        const plan::Unit& fu = home.units.at(static_cast<std::size_t>(field->unit.num));
        const plan::Unit* u = nullptr;
        for (const auto& x : home.units)
            if (x.name == vr.unit) u = &x;
        if (!u || u->base != fu.base) {
            std::vector<std::string> same;
            for (const auto& x : home.units)
                if (x.base == fu.base) same.push_back(x.name);
            return fail(fmt::format("--in {}: not a unit {} can be written in; {} can: {}", visible(vr.unit),
                    visible(name), home.name, join_names(same)));
        }
        q.factor = *Decimal::divide_exact(u->factor, fu.factor);
        r.unit = u->name;
    }
    if (!vr.step.empty()) {
        if (!parse_amount("--step", vr.step, step, problem)) return false;
        if (step.is_zero()) return fail("--step must be more than 0");
    } else {
        const int places = std::max(from.scale(), to.scale());
        step = Decimal::from_parts(1, places);
    }
    const auto steps = Decimal::divide_exact(to - from, step);
    if (!steps || !steps->is_integer() || !steps->to_int64() || *steps->to_int64() > kMaxSteps)
        return fail(fmt::format("--vary {}: TO - FROM must be a whole number of steps of {} (at most 10^15 steps)",
                visible(vr.spec), step.to_string()));
    const int64_t count = *steps->to_int64();
    if (q.integer && (!(from * q.factor).is_integer() || !(step * q.factor).is_integer()))
        return fail(fmt::format("--vary {}: {} takes whole numbers ({}); FROM and the step ({} {}) must be whole too",
                visible(vr.spec), field_name, field_unit.empty() ? "units" : field_unit,
                step.to_string(), r.unit));

    // ---- the inputs of one rating: the account alone (as each plan), its rows
    Rows rows;
    if (!read_rows(in.usage_path, home.inputs, id, rows, problem)) return false;
    if (q.usage) {
        for (std::size_t i = 0; i < rows.header.size(); ++i)
            if (rows.header[i] == field_name) q.usage_column = static_cast<int>(i);
        if (q.usage_column < 0)
            return fail(fmt::format("--vary {}: the usage file {} has no column {}", visible(name), in.usage_path,
                    visible(field_name)));
    }
    int where_column = -1;
    std::string where_text;
    if (!vr.where.empty()) {
        const auto at = vr.where.find('=');
        if (!q.usage) return fail(fmt::format("--where goes with a usage QUANTITY ({}.FIELD), not the account field {}",
                home.inputs.record_name, visible(name)));
        if (at == std::string::npos || at == 0)
            return fail(fmt::format("--where is COLUMN=TEXT, e.g. kind=egress; not '{}'", visible(vr.where)));
        where_text = vr.where.substr(at + 1);
        for (std::size_t i = 0; i < rows.header.size(); ++i)
            if (rows.header[i] == vr.where.substr(0, at)) where_column = static_cast<int>(i);
        if (where_column < 0)
            return fail(fmt::format("--where {}: the usage file {} has no column {}", visible(vr.where), in.usage_path,
                    visible(vr.where.substr(0, at))));
    }
    std::vector<std::optional<AccountsFile>> alone(tariffs.size());
    std::vector<std::string> notes;
    for (std::size_t p = 0; p < tariffs.size(); ++p) {
        AccountsFile as;
        std::vector<Unpriceable> skipped;
        if (!load_as_plan(in, static_cast<int>(p), as, skipped, problem)) return false;
        for (const auto& s : skipped)
            if (s.account == id) notes.push_back(fmt::format("{} cannot price the account: {}", tariffs[p].name, s.reason));
        const int32_t a = as.by_id.find(id);
        if (a < 0) continue;
        auto& one = alone[p].emplace();
        one.path = as.path;
        one.accounts.push_back(std::move(as.accounts[static_cast<std::size_t>(a)]));
        one.by_id.insert(id, 0);
    }
    const std::string fixed_usage = q.usage ? std::string() : csv_text(rows, -1, {});

    r.pricebook = in.pricebook;
    r.accounts_path = in.accounts_path;
    r.usage_path = in.usage_path;
    r.account = id;
    r.month = format_year_month(in.from);
    r.on_plan = account.plan;
    r.quantity = name;
    r.quantity_title = !q.usage ? fmt::format("the account's {}", field_name)
                       : where_column < 0
                           ? fmt::format("{} of each of the account's {} in the month", name, home.inputs.record_plural)
                           : fmt::format("{} of each of the account's {} in the month whose {} is {}", name,
                                         home.inputs.record_plural, rows.header[static_cast<std::size_t>(where_column)],
                                         where_text);
    r.from = from;
    r.to = to;
    r.step = step;
    r.currency = home.currency;
    r.plans = plan_infos(tariffs);
    r.money_places = format_options_for(tariffs, false).money_places;

    // ---- rating one value
    // Per step rated: the point, and per plan the invoice's lines summed
    // before their rounding (LineItem::exact) and how many lines it has: the
    // search's straightness test reads these, so that a cent of rounding is
    // not taken for a bend. Nodes of a map stay put: pointers to them last.
    struct Exact {
        Decimal total;
        int lines = 0;
    };
    struct Rated {
        Point point;
        std::vector<Exact> exact;
    };
    std::map<int64_t, Rated> points;
    // The largest step any line is rounded to (the tariff's money rounding,
    // a charge's own).
    Decimal max_quantum;
    for (const auto& t : tariffs) {
        max_quantum = std::max(max_quantum, t.money_rounding.quantum);
        for (const auto& c : t.charges) max_quantum = std::max(max_quantum, c.rounding.quantum);
        for (const auto& m : t.minimums) max_quantum = std::max(max_quantum, m.rounding.quantum);
        for (const auto& d : t.discounts) max_quantum = std::max(max_quantum, d.rounding.quantum);
    }
    bool rejected_told = false;
    auto rate = [&](int64_t i) -> const Rated* {
        if (auto it = points.find(i); it != points.end()) return &it->second;
        Point pt;
        pt.x = from + step * Decimal::from_int(i);
        Decimal v = pt.x * q.factor;
        if (q.integer) v = v.rounded(0, RoundingMode::HalfEven);  // exact: checked whole above
        const std::string usage_text =
            q.usage ? csv_text(rows, q.usage_column, v.to_string(), where_column, where_text) : fixed_usage;
        pt.totals.assign(tariffs.size(), std::nullopt);
        std::vector<Exact> ex(tariffs.size());
        for (std::size_t p = 0; p < tariffs.size(); ++p) {
            if (!alone[p]) continue;
            AccountData& acc = alone[p]->accounts[0];
            if (!q.usage && q.account_field[p] >= 0) {
                acc.values[static_cast<std::size_t>(q.account_field[p])] = v;
                acc.present.set(static_cast<std::size_t>(q.account_field[p]));
            }
            UsageReader usage;
            usage.open_text(usage_text);
            EvalRequest rq;
            rq.tariffs = &tariffs;
            rq.accounts = &*alone[p];
            rq.usage = &usage;
            rq.from = in.from;
            rq.to = in.to;
            rq.threads = 1;
            rq.on_invoice = [&pt, &ex, p](const Invoice& inv) {
                pt.totals[p] = inv.total;
                ex[p].lines = static_cast<int>(inv.lines.size());
                for (const auto& line : inv.lines) ex[p].total += line.exact;
            };
            EvalResult result;
            if (!evaluate(rq, result, problem)) {
                problem.notes.push_back({{}, fmt::format("while rating {} = {} {} under {}", name, pt.x.to_string(), r.unit,
                                                         tariffs[p].name)});
                return nullptr;
            }
            if (!result.rejected.empty() && !rejected_told) {
                rejected_told = true;
                notes.push_back(fmt::format("at {} {} under {}, {} of the account's rows {} rejected (the first: {}); "
                                            "run tarifc eval to see every reason",
                                            pt.x.to_string(), r.unit, tariffs[p].name, result.rejected.size(),
                                            result.rejected.size() == 1 ? "was" : "were", visible(result.rejected[0].reason)));
            }
        }
        // The cheapest: the lowest total among the plans of the account's currency.
        for (std::size_t p = 0; p < tariffs.size(); ++p) {
            if (!pt.totals[p] || tariffs[p].currency != r.currency) continue;
            if (pt.cheapest.empty() || *pt.totals[p] < *pt.totals[static_cast<std::size_t>(pt.cheapest[0])])
                pt.cheapest.assign(1, static_cast<int>(p));
            else if (*pt.totals[p] == *pt.totals[static_cast<std::size_t>(pt.cheapest[0])])
                pt.cheapest.push_back(static_cast<int>(p));
        }
        return &points.emplace(i, Rated{std::move(pt), std::move(ex)}).first->second;
    };

    // ---- the search
    bool failed = false, cut_short = false;
    // Between lo and hi, no plan can become cheaper than c (the cheapest at
    // both ends) when, for every other plan p, the gap p - c before rounding
    // is a straight line through lo, mid and hi, and at both ends it is
    // wider than the rounding of both invoices' lines could close.
    auto safe = [&](const Rated& rl, const Rated& rm, const Rated& rh, int64_t l, int64_t m, int64_t h) {
        const Point &lo = rl.point, &mid = rm.point, &hi = rh.point;
        if (lo.cheapest.empty()) return true;
        const auto c = static_cast<std::size_t>(lo.cheapest[0]);
        const auto &el = rl.exact, &em = rm.exact, &eh = rh.exact;
        try {
            for (std::size_t p = 0; p < tariffs.size(); ++p) {
                if (p == c || !lo.totals[p] || !mid.totals[p] || !hi.totals[p] || !mid.totals[c] || !hi.totals[c]) continue;
                if (tariffs[p].currency != r.currency) continue;
                const Decimal a = el[p].total - el[c].total, b = em[p].total - em[c].total, d = eh[p].total - eh[c].total;
                if (b * Decimal::from_int(h - l) != a * Decimal::from_int(h - m) + d * Decimal::from_int(m - l)) return false;
                const Decimal margin = max_quantum * Decimal::from_int(std::max(el[p].lines + el[c].lines, eh[p].lines + eh[c].lines));
                if (a <= margin || d <= margin) return false;
            }
        } catch (const OverflowError&) {
            return false;
        }
        return true;
    };
    std::function<void(int64_t, int64_t)> refine = [&](int64_t lo, int64_t hi) {
        if (failed) return;
        const Rated* a = rate(lo);
        const Rated* b = a ? rate(hi) : nullptr;
        if (!a || !b) {
            failed = true;
            return;
        }
        const bool same = a->point.cheapest == b->point.cheapest;
        if (hi - lo <= 1) {
            if (!same) r.breaks.push_back({a->point, b->point});
            return;
        }
        if (same && points.size() >= kMaxPoints) {
            cut_short = true;
            return;
        }
        const int64_t mid = lo + (hi - lo) / 2;
        const Rated* m = rate(mid);
        if (!m) {
            failed = true;
            return;
        }
        if (same && m->point.cheapest == a->point.cheapest && safe(*a, *m, *b, lo, mid, hi)) return;
        refine(lo, mid);
        refine(mid, hi);
    };
    const int64_t samples = std::min<int64_t>(count, 64);
    std::vector<int64_t> grid;
    for (int64_t k = 0; k <= samples; ++k) grid.push_back(samples ? count / samples * k + count % samples * k / samples : 0);
    for (int64_t i : grid)
        if (!rate(i)) return false;
    for (std::size_t k = 1; k < grid.size(); ++k) refine(grid[k - 1], grid[k]);
    if (failed) return false;
    if (cut_short)
        notes.push_back(fmt::format("the search stopped refining after {} values: between samples where one plan stays "
                                    "cheapest, a plan dipping below it and back is not ruled out (a narrower range or a larger "
                                    "--step searches closer)",
                                    kMaxPoints));

    // The table: every step of a range of at most 20, else the ends and nine
    // evenly spaced steps; and both sides of each break-even.
    std::vector<int64_t> shown{0, count};
    for (int64_t k = 1; k < count && k <= 20; ++k) shown.push_back(count <= 20 ? k : count / 10 * k + count % 10 * k / 10);
    if (count > 20) shown.resize(std::min<std::size_t>(shown.size(), 11));
    for (int64_t i : shown)
        if (!rate(i)) return false;
    std::sort(r.breaks.begin(), r.breaks.end(), [](const BreakEven& x, const BreakEven& y) { return x.at.x < y.at.x; });
    std::vector<Decimal> table_x;
    for (int64_t i : shown) table_x.push_back(points.at(i).point.x);
    for (const auto& b : r.breaks) {
        table_x.push_back(b.before.x);
        table_x.push_back(b.at.x);
    }
    for (const auto& [i, rated] : points) {
        const Point& pt = rated.point;
        r.curve.push_back(pt);
        if (std::find(table_x.begin(), table_x.end(), pt.x) != table_x.end()) r.table.push_back(pt);
    }

    // Segments and the plans never cheapest.
    Segment seg{from, from, points.begin()->second.point.cheapest};
    for (const auto& b : r.breaks) {
        seg.to = b.before.x;
        r.segments.push_back(seg);
        seg = Segment{b.at.x, b.at.x, b.at.cheapest};
    }
    seg.to = to;
    r.segments.push_back(seg);
    std::vector<char> ever(tariffs.size(), 0);
    for (const auto& s : r.segments)
        for (int p : s.cheapest) ever[static_cast<std::size_t>(p)] = 1;
    for (std::size_t p = 0; p < tariffs.size(); ++p)
        if (!ever[p]) r.never_cheapest.push_back(static_cast<int>(p));
    r.notes = std::move(notes);
    if (rows.malformed)
        r.notes.push_back(fmt::format("{} malformed line{} of the usage file could not be read (run tarifc eval to see them)",
                                      rows.malformed, rows.malformed == 1 ? "" : "s"));
    return true;
}

}  // namespace tarifc::compare
