// One invoice (see invoice.hpp). What a charge's pricing kind computes is
// in src/charges/ (one file per kind); this file only sequences the lines.
#include "eval/invoice.hpp"

#include <fmt/format.h>

#include "base/civil_time.hpp"
#include "charges/kinds.hpp"
#include "eval/aggregate.hpp"
#include "eval/expr.hpp"
#include "eval/text.hpp"

namespace tarifc::rating {

using charges::qty_text;

namespace {

using Step = InvoiceOverflow::Step;

// `--explain`'s line for a meter reduced by packs or an allowance: what was
// used, what each step took in the meter's order, what is billed.
std::string meter_steps_text(const plan::Meter& m, const Decimal& billed, const Decimal& packs, const Decimal& free,
                             const std::string& unit) {
    std::string out = fmt::format("{}: {}{}{} used", m.title, qty_text(billed + packs + free), unit.empty() ? "" : " ", unit);
    const std::string packs_text = fmt::format(", {} covered by packs", qty_text(packs));
    std::string free_text;
    if (m.allowance)
        free_text = fmt::format(", {} covered by the allowance of {} {}", qty_text(free), qty_text(*m.allowance),
                                unit.empty() ? "a month" : unit + " a month");
    if (m.allowance_first) out += free_text + packs_text;
    else if (m.after_packs) out += packs_text + free_text;
    else out += free_text;
    return out + fmt::format(", {} billed", qty_text(billed));
}

// The meter node a charge's `on` reads, directly or through unit
// conversions (`ceil(outbound_minutes to hour)`), or kNoExpr; `unit` is the
// meter's unit name when a conversion says it.
plan::ExprId meter_under(const plan::Tariff& t, plan::ExprId id, std::string& unit) {
    for (int depth = 0; id != plan::kNoExpr && depth < 64; ++depth) {
        const plan::Node& n = t.nodes[static_cast<std::size_t>(id)];
        if (n.op == plan::Op::Meter) return id;
        if (n.op != plan::Op::Convert) return plan::kNoExpr;
        unit = n.b >= 0 ? t.units[static_cast<std::size_t>(n.b)].name : std::string();
        id = n.a;
    }
    return plan::kNoExpr;
}

// build_invoice's work; `at` follows what is being computed.
void build_lines(const EvalRequest& rq, const RatingState& st, std::size_t a, int month, MinimumYears& years,
                 Invoice& inv, InvoiceOverflow& at) {
    const AccountData& ad = rq.accounts->accounts[a];
    const plan::Tariff& t = (*rq.tariffs)[ad.tariff];
    const AccountSlots& s = st.slots[a];
    const AccountPacks& packs = st.packs[a];
    YearMonth ym = YearMonth::from_index(st.first_month + month);
    inv.account = ad.id;
    inv.period = ym;
    inv.plan = t.name;
    inv.currency = t.currency;
    Context cx;
    cx.t = &t;
    cx.account = &ad;
    cx.period_first = days_from_civil(ym.year, ym.month, 1);
    cx.period_last = cx.period_first + days_in_month(ym.year, ym.month) - 1;
    // The month's meters, then what packs covered (zero without usage).
    std::vector<Decimal> values(s.block_size());
    if (const int64_t* block = st.find_block(a, month))
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = tally_value(block[i], st.tallies[a].big);
    take_later_allowances(t, s, values);  // the meters' `after ... N free` that come after packs
    cx.meters = values.data();
    cx.meter_offsets = &s.meter_offsets;
    const Decimal* covered = values.data() + s.width;
    const bool explain = rq.explain;
    // Per charge: its lines' exact and rounded amounts per for-each entry (-1
    // without one), the basis of the minimums (a monthly one reads the exact
    // amounts, a yearly one what was invoiced).
    struct ChargeAmount {
        int entry;
        Decimal exact, amount;
    };
    std::vector<std::vector<ChargeAmount>> charge_by_entry(t.charges.size());

    auto round = [](const Decimal& v, const plan::Rounding& r) { return v.rounded_to_step(r.quantum, r.mode); };
    auto anniversary_due = [&](plan::ExprId anniversary) {
        auto days = eval(cx, anniversary).to_int64().value_or(0);
        Date d = civil_from_days(days);
        return d.month == ym.month && d.year <= ym.year;
    };
    // Calls `body` for the account itself or for each selected entry.
    auto each = [&](const std::optional<plan::ForEach>& fe, auto&& body) {
        if (!fe) {
            cx.var_entry = -1;
            body(std::string());
            return;
        }
        for (std::size_t e = 0; e < ad.lists[fe->list].size(); ++e) {
            cx.var_entry = static_cast<int>(e);
            if (fe->where != plan::kNoExpr && !truthy(cx, fe->where)) continue;
            body(entry_key(t, ad, fe->list, static_cast<int>(e)));
        }
        cx.var_entry = -1;
    };
    auto describe = [](const std::string& title, const std::string& key) {
        return key.empty() ? title : title + " " + key;
    };
    auto explain_rounding = [&](LineItem& li, const plan::Rounding& r) {
        li.explain.push_back(fmt::format("exact {} rounded {} to {} = {}", li.exact.to_string(), to_string(r.mode),
                                         r.quantum.to_string(), money_text(li.amount, r, t.currency)));
    };

    for (std::size_t ci = 0; ci < t.charges.size(); ++ci) {
        const plan::Charge& c = t.charges[ci];
        at = {a, month, Step::Charge, static_cast<int>(ci), -1, {}};
        each(c.for_each, [&](const std::string& key) {
            at.entry = cx.var_entry;
            if (c.yearly && !anniversary_due(c.anniversary)) return;
            if (c.when != plan::kNoExpr && !truthy(cx, c.when)) return;
            LineItem li;
            li.charge = c.name;
            li.description = describe(c.title, key);
            li.unit = c.quantity_unit_name;
            Decimal covered_qty;
            Decimal q = eval(cx, c.quantity);
            li.quantity = q;
            // A meter reduced by packs or an allowance, read as it is or
            // through conversions: --explain shows its steps and the packs.
            std::string meter_unit = li.unit;
            const plan::ExprId mid = meter_under(t, c.quantity, meter_unit);
            const plan::Node* qn = mid != plan::kNoExpr ? &t.nodes[static_cast<std::size_t>(mid)] : nullptr;
            if (qn && (t.meters[qn->a].after_packs || t.meters[qn->a].allowance)) {
                const plan::Meter& m = t.meters[qn->a];
                const int group = m.group_list >= 0 ? cx.var_entry : 0;
                if (m.after_packs) covered_qty = covered[s.covered_offsets[qn->a] + group];
                Decimal free_qty;
                if (m.allowance) free_qty = values[static_cast<std::size_t>(s.allowance_base() + s.allowance_offsets[qn->a] + group)];
                if (explain) {
                    const bool wrapped = mid != c.quantity;
                    const Decimal mq = wrapped ? eval(cx, mid) : q;
                    li.explain.push_back(meter_steps_text(m, mq, covered_qty, free_qty, meter_unit));
                    // The conversion of `on` (a charge's own allowance on a
                    // rounded `on` explains its rounding itself).
                    const plan::Node& root = t.nodes[static_cast<std::size_t>(c.quantity)];
                    if (wrapped && root.op == plan::Op::Convert && root.a == mid && c.allowance == plan::kNoExpr)
                        li.explain.push_back(fmt::format("{} {} rounded {} to {}: {} {}", qty_text(mq), meter_unit,
                                                         to_string(root.mode), li.unit, qty_text(q), li.unit));
                }
                covered_qty += free_qty;  // a line whose use the allowance took stays, too
                if (explain && m.after_packs) {
                    for (int i : packs.draw_order) {
                        const PackState& p = packs.list[static_cast<std::size_t>(i)];
                        const PackMonth* d = drawn_in(p, month);
                        if (!d || !((d->meters_fed >> qn->a) & 1) || d->used.sign() <= 0) continue;
                        const std::string left = qty_text(balance_at_end(p, month));
                        if (month_of(p.end - 1).index() <= ym.index())
                            li.explain.push_back(fmt::format("pack {} drew {} {}, expired {} with {} unused",
                                                             pack_key(t, ad, p.entry), qty_text(d->used), meter_unit,
                                                             format_date(date_of(p.end)), left));
                        else
                            li.explain.push_back(fmt::format("pack {} drew {} {}, {} left at the end of the month",
                                                             pack_key(t, ad, p.entry), qty_text(d->used), meter_unit,
                                                             left));
                    }
                }
            }
            // A max, average, distinct count...: what it made of its rows.
            if (explain && qn && s.aux_offsets[qn->a] >= 0) {
                const plan::Meter& m = t.meters[qn->a];
                const int group = m.group_list >= 0 ? cx.var_entry : 0;
                const Decimal* aux = values.data() + s.aux_base() + s.aux_offsets[qn->a] + 2 * group;
                li.explain.push_back(
                    aggregate_explain(m, mid != c.quantity ? eval(cx, mid) : q, aux[0], aux[1], meter_unit));
            }
            // The kind's arithmetic and explain text (src/charges/).
            li.exact = charges::amount(c, q, [&](plan::ExprId e) { return eval(cx, e); },
                                       {explain ? &li.explain : nullptr, li.unit, t.currency});
            li.amount = round(li.exact, c.rounding);
            if (explain) explain_rounding(li, c.rounding);
            charge_by_entry[ci].push_back({cx.var_entry, li.exact, li.amount});
            // A line with nothing used is left out; one whose use packs
            // covered stays, so the invoice shows where the minutes went.
            if (li.amount.is_zero() && li.quantity.is_zero() && covered_qty.is_zero()) return;
            inv.lines.push_back(std::move(li));
        });
    }

    // Pack purchases in this month, in the account's list order.
    for (const PackState& p : packs.list) {
        if (p.purchase_month != month) continue;
        at = {a, month, Step::PackPurchase, static_cast<int>(&p - packs.list.data()), -1, {}};
        const plan::PackType& pt = t.packs[p.type];
        LineItem li;
        li.charge = "pack";
        li.description = fmt::format("{} {} ({} {})", pt.title, pack_key(t, ad, p.entry), qty_text(p.size),
                                     pt.size_unit.num >= 0 ? t.units[pt.size_unit.num].name : "");
        li.quantity = kOne;
        li.unit = "pack";
        li.exact = p.price;
        li.amount = round(p.price, t.money_rounding);
        if (explain)
            li.explain.push_back(fmt::format("bought {}; valid until {}", format_date(civil_from_days(p.purchase_day)),
                                             format_date(date_of(p.end))));
        inv.lines.push_back(std::move(li));
    }

    // Minimums. A monthly one compares the month's basis with its spend; a
    // yearly one adds the month's basis to its year's and compares in the
    // year's last month, the true-up (commitment.hpp, language.md "Minimums").
    if (years.account != a || month == 0) {
        years.account = a;
        years.by_minimum.assign(t.minimums.size(), {});
        for (std::size_t mi = 0; mi < t.minimums.size(); ++mi) {
            const plan::Minimum& mn = t.minimums[mi];
            if (mn.yearly) years.by_minimum[mi].assign(mn.for_each ? ad.lists[mn.for_each->list].size() : 1, {});
        }
    }
    // The month's basis for the current entry: the quantity of `against
    // QUANTITY at RATE` (before the rate), or the amount of the charges
    // named, per entry when the charge is billed per entry of the same list
    // as the minimum (otherwise the charge's whole amount). A monthly
    // minimum reads the lines' exact amounts (as it always has); a yearly
    // one the rounded amounts invoiced, so that twelve roundings up cannot
    // make a true-up of a commitment already paid.
    auto month_basis = [&](const plan::Minimum& mn) {
        if (mn.basis_quantity != plan::kNoExpr) return eval(cx, mn.basis_quantity);
        Decimal sum;
        for (int ci : mn.basis_charges) {
            const auto& cfe = t.charges[ci].for_each;
            bool per_entry = mn.for_each && cfe && cfe->list == mn.for_each->list;
            for (const ChargeAmount& c : charge_by_entry[ci])
                if (!per_entry || c.entry == cx.var_entry) sum += mn.yearly ? c.amount : c.exact;
        }
        return sum;
    };
    auto at_rate = [](const plan::Minimum& mn, const Decimal& raw) {
        return mn.basis_quantity != plan::kNoExpr ? raw * mn.basis_rate : raw;
    };
    auto basis_text = [&](const plan::Minimum& mn, const Decimal& raw, const Decimal& basis) {
        return mn.basis_quantity != plan::kNoExpr
                   ? fmt::format("basis {} {} × {} = {}", qty_text(raw), mn.basis_unit_name, qty_text(mn.basis_rate),
                                 basis.to_string())
                   : fmt::format("basis charges = {}", basis.to_string());
    };
    auto bill_shortfall = [&](LineItem& li, const plan::Minimum& mn, const Decimal& spend, const Decimal& basis) {
        li.exact = spend - basis;
        li.amount = round(li.exact, mn.rounding);
    };
    auto minimum_line = [&](const plan::Minimum& mn, const std::string& key) {
        LineItem li;
        li.charge = mn.name;
        li.description = describe(mn.title, key);
        li.quantity = kOne;
        li.unit = mn.for_each ? t.inputs.lists[mn.for_each->list].entity_name : "";
        return li;
    };
    for (std::size_t mi = 0; mi < t.minimums.size(); ++mi) {
        const plan::Minimum& mn = t.minimums[mi];
        at = {a, month, Step::Minimum, static_cast<int>(mi), -1, {}};
        if (!mn.yearly) {
            each(mn.for_each, [&](const std::string& key) {
                at.entry = cx.var_entry;
                if (mn.when != plan::kNoExpr && !truthy(cx, mn.when)) return;
                Decimal spend = eval(cx, mn.spend);
                if (spend.sign() <= 0) return;
                const Decimal raw = month_basis(mn);
                const Decimal basis = at_rate(mn, raw);
                if (!(basis < spend)) return;
                LineItem li = minimum_line(mn, key);
                bill_shortfall(li, mn, spend, basis);
                if (explain) {
                    li.explain.push_back(basis_text(mn, raw, basis));
                    li.explain.push_back(fmt::format("minimum {} − basis {} = shortfall {}", spend.to_string(),
                                                     basis.to_string(), li.exact.to_string()));
                    explain_rounding(li, mn.rounding);
                }
                inv.lines.push_back(std::move(li));
            });
            continue;
        }
        // Yearly: every entry's basis counts toward its year, whether or not
        // its `where`, the `when` and the spend bill it; those are read in
        // the true-up month.
        std::vector<RunningYear>& running = years.by_minimum[mi];
        for (std::size_t e = 0; e < running.size(); ++e) {
            cx.var_entry = mn.for_each ? static_cast<int>(e) : -1;
            at.entry = cx.var_entry;
            const auto days = eval(cx, mn.anniversary).to_int64().value_or(0);
            const std::optional<CommitmentYear> year = commitment_year(civil_from_days(days), ym.index());
            if (!year) continue;
            add_to_year(running[e], *year, month_basis(mn));
            if (!year->is_true_up()) continue;
            if (mn.for_each && mn.for_each->where != plan::kNoExpr && !truthy(cx, mn.for_each->where)) continue;
            if (mn.when != plan::kNoExpr && !truthy(cx, mn.when)) continue;
            Decimal spend = eval(cx, mn.spend);
            if (spend.sign() <= 0) continue;
            const Decimal& raw = running[e].sum;
            const Decimal basis = at_rate(mn, raw);
            // A year the run saw only in part is not settled, met or not so
            // far: the months not evaluated are not guessed (a basis may be
            // a quantity, and quantities may be negative).
            const bool whole = months_evaluated(*year, st.first_month) >= kMonthsInYear;
            if (whole && !(basis < spend)) continue;
            LineItem li = minimum_line(mn, mn.for_each ? entry_key(t, ad, mn.for_each->list, cx.var_entry) : "");
            if (whole) {
                bill_shortfall(li, mn, spend, basis);
            } else {
                // Not billed: the months not evaluated may hold the rest.
                li.quantity = Decimal();
                li.note = unbilled_note(*year, st.first_month);
            }
            if (explain) {
                li.explain.push_back(year_coverage(*year, st.first_month));
                li.explain.push_back(basis_text(mn, raw, basis));
                if (whole) {
                    li.explain.push_back(fmt::format("minimum {} − basis {} = shortfall {}", spend.to_string(),
                                                     basis.to_string(), li.exact.to_string()));
                    explain_rounding(li, mn.rounding);
                } else if (basis < spend) {
                    li.explain.push_back(fmt::format("minimum {} − basis so far {} = {}: not billed without the "
                                                     "whole year",
                                                     spend.to_string(), basis.to_string(), (spend - basis).to_string()));
                } else {
                    li.explain.push_back(fmt::format("basis so far {} ≥ minimum {}: not settled without the whole year",
                                                     basis.to_string(), spend.to_string()));
                }
            }
            inv.lines.push_back(std::move(li));
        }
        cx.var_entry = -1;
    }

    // Discounts apply to the account as a whole (no for-each entry).
    cx.var_entry = -1;
    for (const auto& d : t.discounts) {
        at = {a, month, Step::Discount, static_cast<int>(&d - t.discounts.data()), -1, {}};
        Decimal base;
        if (d.base_is_subtotal) {
            for (const auto& li : inv.lines) base += li.amount;
        } else {
            for (int ci : d.base_charges)
                for (const auto& li : inv.lines)
                    if (li.charge == t.charges[ci].name) base += li.amount;
        }
        Decimal threshold;
        if (d.threshold != plan::kNoExpr && base < (threshold = eval(cx, d.threshold))) continue;
        if (d.when != plan::kNoExpr && !truthy(cx, d.when)) continue;
        if (base.sign() <= 0) continue;
        // Progressive: only the part of the base above the bound (a bound
        // below zero counts as zero); none above it, no line.
        Decimal part = base;
        Decimal bound;
        if (d.above != plan::kNoExpr) {
            bound = eval(cx, d.above);
            if (bound.is_negative()) bound = Decimal();
            part = base - bound;
            if (part.sign() <= 0) continue;
        }
        LineItem li;
        li.charge = d.name;
        li.description = d.title;
        li.quantity = kOne;
        Decimal off = d.percent ? part * d.value * Decimal::from_parts(1, 2) : (d.value < part ? d.value : part);
        li.exact = -off;
        // The amount taken off is rounded, once, then taken off: the line is its negative.
        li.amount = -round(off, d.rounding);
        if (explain) {
            if (d.threshold != plan::kNoExpr && !d.threshold_literal)
                li.explain.push_back(fmt::format("base {} reaches the threshold {}", base.to_string(), threshold.to_string()));
            if (d.above != plan::kNoExpr)
                li.explain.push_back(fmt::format("base {} − bound {} = part above {}", base.to_string(), bound.to_string(),
                                                 part.to_string()));
            const char* of = d.above != plan::kNoExpr ? "the part " : "";
            li.explain.push_back(d.percent ? fmt::format("{} percent of {}{} = {}", qty_text(d.value), of, part.to_string(), off.to_string())
                                           : fmt::format("{} off {}{}", off.to_string(), of, part.to_string()));
            li.explain.push_back(fmt::format("exact {} rounded {} to {} = {} off", off.to_string(), to_string(d.rounding.mode),
                                             d.rounding.quantum.to_string(), money_text(-li.amount, d.rounding, t.currency)));
        }
        inv.lines.push_back(std::move(li));
    }

    at = {a, month, Step::Total, -1, -1, {}};
    for (const auto& li : inv.lines) inv.total += li.amount;

    // Every pack of the account, in the account's list order: what it gave
    // this month and its balance at the end of the month (a pack bought
    // later shows its full size; an expired one what was left unused, marked
    // expired: its validity ended by the end of this month).
    for (const PackState& p : packs.list)
        inv.packs.push_back({pack_key(t, ad, p.entry), t.packs[p.type].name, used_in(p, month),
                             balance_at_end(p, month), month_of(p.end - 1).index() <= ym.index()});
}

}  // namespace

void build_invoice(const EvalRequest& rq, const RatingState& st, std::size_t a, int month, MinimumYears& years,
                   Invoice& inv) {
    InvoiceOverflow at;
    try {
        build_lines(rq, st, a, month, years, inv, at);
    } catch (const OverflowError& e) {
        at.what = e.what();
        throw at;
    } catch (const DivisionByZero& e) {
        at.what = e.what();
        at.division_by_zero = true;
        throw at;
    }
}

}  // namespace tarifc::rating
