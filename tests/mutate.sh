#!/usr/bin/env bash
# Mutation testing, on demand (not in CI): applies each source mutation of
# the list below, one at a time, to a scratch copy of the tree, builds it
# (Release, incremental, every target ctest needs: tarifc, unit_tests and the
# fuzz replays), runs the whole suite
# (ctest) and prints KILLED (some test failed), SURVIVED (every test passed:
# a gap in the tests) or NOT APPLIED, then the kill rate.
#
#   bash tests/mutate.sh                 # every mutation (about 1–2 min each)
#   MUTATIONS=pack,cliff bash tests/mutate.sh  # only those whose name has
#                                        # "pack" or "cliff"
#   MUTATE_DIR=../m bash tests/mutate.sh  # keep the scratch copy there (reused,
#                                        # so a second run builds less; with ccache,
#                                        # a folder under CCACHE_BASEDIR, by default
#                                        # the tree's parent, reuses normal builds)
#   bash tests/mutate.sh --list          # names, and where each applies now
#
# The copy is the working tree as it is (tracked and untracked files, not
# ignored ones), never the tree itself; the tree is not touched.
#
# A mutation names its site by a code fragment, not a file and line, so that
# it survives refactoring: the fragment must occur exactly once in src/
# (tests excluded); otherwise the mutation is NOT APPLIED (not found, or
# ambiguous) and is not counted. When code moves, update the fragment.
# A mutation that does not compile is BUILD FAILED and not counted either.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# NAME | FRAGMENT | REPLACEMENT   (one per line; fields split on " | "; \n in a
# fragment or replacement is a line break, the next line's indentation follows)
read -r -d '' MUTATIONS_LIST <<'EOF'
eval/pack-order-size-reversed | return x.size < y.size; | return x.size > y.size;
eval/pack-order-purchase-reversed | return x.purchase_day < y.purchase_day; | return x.purchase_day > y.purchase_day;
eval/pack-order-expiry-reversed | return x.end < y.end; | return x.end > y.end;
eval/pack-order-listed-reversed | return x.entry < y.entry; | return x.entry > y.entry;
eval/pack-draw-uncapped | Decimal take = p.balance < left ? p.balance : left; | Decimal take = left;
eval/pack-valid-at-expiry | r.time >= p.end | r.time > p.end
eval/pack-invalid-at-start | r.time < p.start | r.time <= p.start
eval/rows-not-chronological | if (x.account != y.account) return x.account < y.account;\n        if (x.time != y.time) return x.time < y.time; | if (x.account != y.account) return x.account < y.account;\n        if (x.time != y.time) return x.time > y.time;
eval/rejections-not-in-file-order | [](const Rejection& x, const Rejection& y) { return x.line < y.line; } | [](const Rejection& x, const Rejection& y) { return x.line > y.line; }
eval/pack-bought-first-month-counts-as-before | bool before_run = bought_month < first_month; | bool before_run = bought_month <= first_month;
eval/pack-purchase-line-first-month-lost | if (bought_month >= first_month && bought_month - first_month < months) | if (bought_month > first_month && bought_month - first_month < months)
eval/allowance-not-clamped-at-zero | if (billable.is_negative()) billable = Decimal(); | if (billable.is_zero()) billable = Decimal();
eval/allowance-dropped | Decimal billable = quantity - free_q; | Decimal billable = quantity;
eval/allowance-after-rounding | if (c.rounded_on && c.allowance != plan::kNoExpr) { | if (false) {
eval/negative-allowance-not-clamped | free = Decimal(); | (void)0;
eval/graduated-band-uncapped | Decimal top = b.upper && *b.upper < billable ? *b.upper : billable; | Decimal top = billable;
eval/graduated-lower-bound-inclusive | if (!(billable > b.lower)) break; | if (!(billable >= b.lower)) break;
eval/volume-upper-bound-exclusive | billable <= *b.upper | billable < *b.upper
eval/volume-lower-bound-inclusive | if (billable > b.lower && ( | if (billable >= b.lower && (
eval/volume-by-upper-bound-exclusive | selector <= *b.upper | selector < *b.upper
eval/volume-by-zero-selector-top-band | const plan::Band* chosen = &k.bands.front(); | const plan::Band* chosen = &k.bands.back();
eval/volume-by-prices-the-selector | const Decimal exact = billable * chosen->rate; | const Decimal exact = selector * chosen->rate;
eval/charge-rounding-dropped | li.amount = round(li.exact, c.rounding); | li.amount = li.exact;
eval/minimum-rounding-dropped | li.amount = round(li.exact, mn.rounding); | li.amount = li.exact; (void)mn;
eval/discount-rounding-dropped | li.amount = -round(off, d.rounding); | li.amount = -off;
eval/discount-amount-uncapped | (d.value < part ? d.value : part) | d.value
eval/discount-threshold-exclusive | base < (threshold = eval(cx, d.threshold)) | base <= (threshold = eval(cx, d.threshold))
eval/discount-on-zero-base | if (base.sign() <= 0) continue; | if (base.sign() < 0) continue;
eval/discount-percent-scale | part * d.value * Decimal::from_parts(1, 2) | part * d.value * Decimal::from_parts(1, 1)
eval/discount-subtotal-unrounded | for (const auto& li : inv.lines) base += li.amount; | for (const auto& li : inv.lines) base += li.exact;
eval/discount-above-whole-base | part = base - bound; | part = base;
eval/discount-above-line-at-bound | if (part.sign() <= 0) continue; | if (part.sign() < 0) continue;
eval/discount-above-negative-bound | if (bound.is_negative()) bound = Decimal(); | (void)0;
eval/minimum-per-entry-basis-off | if (!per_entry || c.entry == cx.var_entry) sum += | if (!per_entry || c.entry == cx.var_entry || true) sum +=
eval/minimum-line-at-equal-spend | if (!(basis < spend)) return; | if (!(basis <= spend)) return;
eval/covered-line-left-out | if (li.amount.is_zero() && li.quantity.is_zero() && covered_qty.is_zero()) return; | if (li.amount.is_zero() && li.quantity.is_zero()) return;
eval/total-of-unrounded-lines | for (const auto& li : inv.lines) inv.total += li.amount; | for (const auto& li : inv.lines) inv.total += li.exact;
eval/yearly-minimum-true-up-in-anniversary-month | bool is_true_up() const { return offset == kMonthsInYear - 1; } | bool is_true_up() const { return offset == 0; }
eval/yearly-minimum-basis-one-month | r.sum += basis; | r.sum = basis;
eval/yearly-minimum-year-starts-late | if (month < start) return std::nullopt; | if (month <= start) return std::nullopt;
eval/yearly-minimum-part-of-year-billed | const bool whole = months_evaluated(*year, st.first_month) >= kMonthsInYear; | const bool whole = true;
eval/anniversary-not-in-first-year | return d.month == ym.month && d.year <= ym.year; | return d.month == ym.month && d.year < ym.year;
eval/ceil-off-by-one | n.mode == RoundingMode::Ceil && r ? q + 1 : q | n.mode == RoundingMode::Ceil && r > 1 ? q + 1 : q
eval/less-than-inclusive | case Op::Lt: return eval(cx, n.a) < eval(cx, n.b); | case Op::Lt: return eval(cx, n.a) <= eval(cx, n.b);
eval/at-least-exclusive | case Op::Ge: return eval(cx, n.a) >= eval(cx, n.b); | case Op::Ge: return eval(cx, n.a) > eval(cx, n.b);
eval/and-is-or | case Op::And: return truthy(cx, n.a) && truthy(cx, n.b); | case Op::And: return truthy(cx, n.a) || truthy(cx, n.b);
eval/package-blocks-rounded-down | Decimal::divide(billable, k.block, 0, RoundingMode::Ceil) | Decimal::divide(billable, k.block, 0, RoundingMode::Floor)
eval/last-month-out-of-period | if (month < 0 || month >= st.months) { | if (month < 0 || month > st.months) {
check/cliff-at-equal-cost | if (!(after < before)) continue; | if (!(after <= before)) continue;
check/cliff-without-next-unit | next_q = qty.integer ? b + Decimal::from_int(1) : b; | next_q = b;
check/bands-equal-start-in-order | if (lower && before && *lower < *before) { | if (lower && before && *lower <= *before) {
check/empty-band-allowed | if (upper && *upper <= *lower) { | if (upper && *upper < *lower) {
check/touching-bands-overlap | if (*lower < *prev_upper) { | if (*lower <= *prev_upper) {
check/gap-check-removed | } else if (*lower > *prev_upper) { | } else if (false) {
check/band-below-zero-allowed | if (lower->is_negative()) { | if (lower->sign() < -1) {
check/negative-price-allowed | if (q.value.is_negative()) | if (q.value.sign() < -1)
check/money-precision-negated | if (r != q.value) | if (r == q.value)
check/deduct-without-listed | if (!seen.count("listed")) | if (seen.count("listed"))
check/discount-of-100-refused | if (x.percent->value > Decimal::from_int(100)) | if (x.percent->value >= Decimal::from_int(100))
check/negative-discount-allowed | if (x.percent->value.is_negative()) | if (x.percent->value.sign() < -1)
check/discount-cliff-at-one-step | if (!(step < off)) return; | if (!(step <= off)) return;
check/discount-cliff-fixed-uncapped | : (d.value < threshold ? d.value : threshold); | : d.value;
check/negative-allowance-allowed | if (a->is_negative()) cx.error("E0401", e.range | if (a->sign() < -1) cx.error("E0401", e.range
check/negative-meter-allowance-allowed | if (a->is_negative()) cx.error("E0401", free->free->range | if (a->sign() < -1) cx.error("E0401", free->free->range
check/negative-default-allowed | if (d.quantity->value.is_negative()) | if (d.quantity->value.sign() < -1)
check/choice-limit-off-by-one | if (out.enum_values.size() > 64) | if (out.enum_values.size() >= 64)
check/ref-limit-off-by-one | if (++ref_fields > plan::kMaxRefFields) | if (++ref_fields >= plan::kMaxRefFields)
check/let-before-defined-allowed | if (d.index >= scope.lets_visible) { | if (d.index > scope.lets_visible) {
check/unused-let-negated | if (!used.count(&l)) diags.warning("W0103" | if (used.count(&l)) diags.warning("W0103"
check/zero-block-size-allowed | if (size->sign() <= 0)\n            cx.error("E0201", clause.size.range, | if (size->sign() < 0)\n            cx.error("E0201", clause.size.range,
check/zero-pack-size-allowed | if (size->sign() <= 0) cx.error("E0201", s.size.range | if (size->sign() < 0) cx.error("E0201", s.size.range
check/duplicate-pack-size-allowed | if (dup != seen.end()) { | if (false && dup != seen.end()) {
syntax/nesting-limit-off-by-one | if (in.private_depth >= kMaxNesting && | if (in.private_depth > kMaxNesting &&
eval/days-exclusive | return Decimal::from_int(to < from ? 0 : to - from + 1); | return Decimal::from_int(to < from ? 0 : to - from);
eval/days-negative | return Decimal::from_int(to < from ? 0 : to - from + 1); | return Decimal::from_int(to - from + 1);
eval/period-days-off-by-one | n.a == 0 ? cx.period_last - cx.period_first + 1 | n.a == 0 ? cx.period_last - cx.period_first
eval/quotient-divisor-zero-unchecked | if (den.is_zero()) throw DivisionByZero("division by zero"); | (void)den.is_zero();
check/bare-division-accepted | if (!a.type.error && !b.type.error)\n        cx.error("E0203", e.range, "a division must say | if (false)\n        cx.error("E0203", e.range, "a division must say
EOF

# Applies (or, with "where", only locates) one mutation in tree $1.
# Prints the file it changed, or "NOT FOUND" / "AMBIGUOUS: N sites".
site() {  # tree, fragment, replacement, apply|where
  python3 - "$@" <<'PY'
import os, sys
tree, find, repl, mode = sys.argv[1:5]
find, repl = find.replace("\\n", "\n"), repl.replace("\\n", "\n")
hits = []
for dirpath, _, files in os.walk(os.path.join(tree, "src")):
    for f in sorted(files):
        if f.endswith((".cpp", ".hpp")) and not f.endswith("_test.cpp"):
            p = os.path.join(dirpath, f)
            n = open(p, encoding="utf-8").read().count(find)
            hits += [p] * n
if not hits:
    print("NOT FOUND"); sys.exit(1)
if len(hits) > 1:
    print(f"AMBIGUOUS: {len(hits)} sites"); sys.exit(1)
p = hits[0]
if mode == "apply":
    text = open(p, encoding="utf-8").read()
    open(p, "w", encoding="utf-8").write(text.replace(find, repl, 1))
print(os.path.relpath(p, tree))
PY
}

mutations=()
while IFS= read -r line; do
  [ -n "$line" ] || continue
  name=${line%% | *}
  IFS=, read -r -a wanted <<< "${MUTATIONS:-}"
  [ ${#wanted[@]} -gt 0 ] || wanted=("")
  for w in "${wanted[@]}"; do
    case "$name" in *"$w"*) mutations+=("$line"); break;; esac
  done
done <<< "$MUTATIONS_LIST"

if [ "${1:-}" = --list ]; then
  for m in "${mutations[@]}"; do
    name=${m%% | *}; rest=${m#* | }; find=${rest%% | *}; repl=${rest#* | }
    printf '%-50s %s\n' "$name" "$(site "$root" "$find" "$repl" where)"
  done
  exit 0
fi

export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$root")} LC_ALL=C TZ=UTC
scratch=${MUTATE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/tarifc-mutate.XXXXXX")}
[ -n "${MUTATE_DIR:-}" ] || trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tree"
# A reused copy keeps its build/ only: files deleted from the tree must go.
find "$scratch/tree" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +
# The working tree as it is: tracked and untracked files, not ignored ones.
(cd "$root" && git ls-files -z -co --exclude-standard | tar --null -T - -cf -) | (cd "$scratch/tree" && tar -xf -)
# The build folder sits in the copy as build/ does in the tree, so that
# ccache (with CCACHE_BASEDIR above both) reuses the objects of a normal build.
tree=$scratch/tree build=$scratch/tree/build log=$scratch/log
jobs=${JOBS:-2}

build() {
  cmake -S "$tree" -B "$build" -DCMAKE_BUILD_TYPE=Release >"$log" 2>&1 &&
    cmake --build "$build" -j"$jobs" >>"$log" 2>&1
}
suite() { (cd "$build" && ctest --stop-on-failure --timeout 600 >>"$log" 2>&1); }

echo "mutate: scratch copy in $scratch; building the unmutated tree"
if ! build || ! suite; then
  echo "mutate: the unmutated tree does not build or does not pass its tests; see $log" >&2
  exit 2
fi

killed=0 survived=0 skipped=0 survivors=()
for m in "${mutations[@]}"; do
  name=${m%% | *}; rest=${m#* | }; find=${rest%% | *}; repl=${rest#* | }
  where=$(site "$tree" "$find" "$repl" where)
  if [ $? != 0 ]; then
    printf '%-50s NOT APPLIED (%s)\n' "$name" "$where"; skipped=$((skipped+1)); continue
  fi
  cp -p "$tree/$where" "$scratch/original"
  site "$tree" "$find" "$repl" apply >/dev/null
  if ! build; then
    result="BUILD FAILED"; skipped=$((skipped+1))
  elif suite; then
    result=SURVIVED; survived=$((survived+1)); survivors+=("$name")
  else
    result=KILLED; killed=$((killed+1))
  fi
  cp -p "$scratch/original" "$tree/$where"
  touch "$tree/$where"   # rebuilt next time, from the original text
  printf '%-50s %-12s %s\n' "$name" "$result" "$where"
done
# The last mutated file is rebuilt, so a reused MUTATE_DIR starts clean.
build || true

counted=$((killed + survived))
if [ "$counted" -gt 0 ]; then
  rate=$(( (1000 * killed / counted + 5) / 10 ))
  echo "mutate: $killed killed, $survived survived, $skipped not applied or not built; kill rate $killed/$counted = ${rate}%"
else
  echo "mutate: no mutation was applied ($skipped not applied or not built)"
fi
[ ${#survivors[@]} = 0 ] || printf 'survived: %s\n' "${survivors[@]}"
