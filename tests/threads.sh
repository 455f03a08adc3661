#!/usr/bin/env bash
# Results do not depend on the number of rating workers: rates a random
# held-out-style corpus (bench/generate.py: accounts of both plans, packs,
# ~0.5% bad rows, rows in random order) with --threads 1, 2, 3 and 8 in every
# output format and requires byte-identical stdout and stderr, and exit 0.
# Also: the time zone and locale do not matter; --threads outside 1..256 is bad usage (exit 2, a message).
#
#   bash tests/threads.sh path/to/tarifc
#
# CALLS (100000; 10000 with TARIFC_SANITIZED=1) sets the corpus size.
set -uo pipefail
tarifc=$(realpath "$1")
cd "$(dirname "$0")/.." || exit 2
export LC_ALL=C TZ=UTC
if [ "${TARIFC_SANITIZED:-0}" = 1 ]; then calls=${CALLS:-10000}; else calls=${CALLS:-100000}; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/generate.py --calls "$calls" --accounts 300 --months 3 --seed 7 --out "$work/data" >/dev/null || exit 2
fail=0
args=(tariffs/aliyun-ccc --accounts "$work/data/accounts.json" --usage "$work/data/calls.csv" --from 2019-07 --to 2019-09)
for fmt in json table csv explain; do
  case $fmt in explain) extra=(--explain --format json);; *) extra=(--format "$fmt");; esac
  for n in 1 2 3 8; do
    "$tarifc" eval "${args[@]}" "${extra[@]}" --threads "$n" >"$work/out.$n" 2>"$work/err.$n"
    rc=$?
    if [ "$rc" != 0 ]; then echo "FAIL: $fmt --threads $n: exit $rc"; head -5 "$work/err.$n"; fail=1; continue; fi
    if [ "$n" != 1 ]; then
      cmp -s "$work/out.1" "$work/out.$n" || { echo "FAIL: $fmt stdout differs between --threads 1 and $n"; diff "$work/out.1" "$work/out.$n" | head -10; fail=1; }
      cmp -s "$work/err.1" "$work/err.$n" || { echo "FAIL: $fmt stderr differs between --threads 1 and $n"; diff "$work/err.1" "$work/err.$n" | head -10; fail=1; }
    fi
  done
  # The comparison means something only if the run rated and rejected rows.
  if [ "$fmt" = json ]; then
    python3 - "$work/out.1" "$calls" <<'PY' || { echo "FAIL: json output does not cover the corpus"; fail=1; }
import json, sys
doc = json.load(open(sys.argv[1]))
s = doc["summary"]
assert s["rows"] == int(sys.argv[2]), s
assert s["rated"] > 0 and s["rejected"] > 0, s
assert len(doc["invoices"]) == 900, len(doc["invoices"])
PY
  fi
  echo "$fmt: identical for --threads 1, 2, 3, 8 ($(wc -c < "$work/out.1") bytes)"
done
# A meter allowance drawn before packs (row by row, with them): the CCC
# tariffs with 30 fixed outbound minutes included before the packs, and 10
# fixed inbound minutes after them, give the same bytes for any --threads.
mkdir -p "$work/ccc-allowance"
cp tariffs/aliyun-ccc/*.tariff "$work/ccc-allowance/"
sed -i -e 's/where is_fixed_outbound after packs$/where is_fixed_outbound after 30 minute free, packs/' \
       -e 's/where is_fixed_inbound after packs$/where is_fixed_inbound after packs, 10 minute free/' "$work/ccc-allowance/common.tariff"
grep -q 'after 30 minute free, packs' "$work/ccc-allowance/common.tariff" || { echo "FAIL: the allowance variant was not made"; fail=1; }
aargs=("$work/ccc-allowance" "${args[@]:1}")
"$tarifc" eval "${aargs[@]}" --explain --format json --threads 1 >"$work/allow.1" 2>"$work/allow.err.1" || { echo "FAIL: allowance variant: exit $?"; fail=1; }
grep -q 'covered by the allowance' "$work/allow.1" || { echo "FAIL: allowance variant: no allowance line in --explain"; fail=1; }
cmp -s "$work/allow.1" "$work/out.1" && { echo "FAIL: the allowance variant bills as the CCC tariffs do"; fail=1; }
for n in 2 3 8; do
  "$tarifc" eval "${aargs[@]}" --explain --format json --threads "$n" >"$work/allow.$n" 2>"$work/allow.err.$n"
  if ! cmp -s "$work/allow.1" "$work/allow.$n" || ! cmp -s "$work/allow.err.1" "$work/allow.err.$n"; then
    echo "FAIL: allowance variant differs between --threads 1 and $n"; fail=1
  fi
done
echo "meter allowances: identical for --threads 1, 2, 3, 8 ($(wc -c < "$work/allow.1") bytes)"
# tarifc diff sums two runs' invoices: the same bytes for every thread count.
dargs=(tariffs/aliyun-ccc "$work/ccc-allowance" "${args[@]:1}" --format json --top 20)
for n in 1 2 3 8; do
  "$tarifc" diff "${dargs[@]}" --threads "$n" >"$work/diff.$n" 2>"$work/diff.err.$n" || { echo "FAIL: diff --threads $n: exit $?"; fail=1; }
  if [ "$n" != 1 ] && { ! cmp -s "$work/diff.1" "$work/diff.$n" || ! cmp -s "$work/diff.err.1" "$work/diff.err.$n"; }; then
    echo "FAIL: diff differs between --threads 1 and $n"; fail=1
  fi
done
grep -q '"subject": "meter fixed_outbound_billable"' "$work/diff.1" || { echo "FAIL: diff: the allowance variant's meter change is not listed"; fail=1; }
echo "diff: identical for --threads 1, 2, 3, 8 ($(wc -c < "$work/diff.1") bytes)"
# tarifc compare rates every account under every plan: the same bytes for
# every thread count; and each account's total on its own plan is what eval
# bills it, the other plan's what eval bills with every plan field switched.
for n in 1 2 8; do
  "$tarifc" compare "${args[@]}" --format json --threads "$n" >"$work/cmp.$n" 2>"$work/cmp.err.$n" || { echo "FAIL: compare --threads $n: exit $?"; fail=1; }
  if [ "$n" != 1 ] && { ! cmp -s "$work/cmp.1" "$work/cmp.$n" || ! cmp -s "$work/cmp.err.1" "$work/cmp.err.$n"; }; then
    echo "FAIL: compare differs between --threads 1 and $n"; fail=1
  fi
done
"$tarifc" eval "${args[@]}" --format json --threads 2 >"$work/eval.json" 2>/dev/null
python3 - "$work/data/accounts.json" "$work/switched.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for a in doc["accounts"]:
    a["plan"] = "ccc-seat" if a["plan"] == "ccc-payg" else "ccc-payg"
json.dump(doc, open(sys.argv[2], "w"))
PY
"$tarifc" eval tariffs/aliyun-ccc --accounts "$work/switched.json" "${args[@]:3}" --format json --threads 2 >"$work/eval-switched.json" 2>/dev/null
python3 - "$work/cmp.1" "$work/eval.json" "$work/eval-switched.json" <<'PY' || { echo "FAIL: compare's totals are not eval's"; fail=1; }
import json, sys
from decimal import Decimal
cmp = json.load(open(sys.argv[1]))
def totals(path):
    t = {}
    for inv in json.load(open(path))["invoices"]:
        t[inv["account"]] = t.get(inv["account"], Decimal(0)) + Decimal(inv["total"])
    return t
own, other = totals(sys.argv[2]), totals(sys.argv[3])
assert len(cmp["accounts"]) == 300 == len(own), (len(cmp["accounts"]), len(own))
saving = Decimal(0)
for a in cmp["accounts"]:
    t = {k: Decimal(v) for k, v in a["totals"].items()}
    mine = a["on_plan"]; theirs = "ccc-seat" if mine == "ccc-payg" else "ccc-payg"
    assert t[mine] == own[a["account"]], (a, own[a["account"]])
    assert t[theirs] == other[a["account"]], (a, other[a["account"]])
    best = min(t.values())
    assert Decimal(a["saving"]) == t[mine] - best, a
    saving += Decimal(a["saving"])
assert Decimal(cmp["summary"][0]["saving"]) == saving, (cmp["summary"], saving)
PY
echo "compare: identical for --threads 1, 2, 8; every total equals eval's ($(wc -c < "$work/cmp.1") bytes)"
# Nor on the time zone or locale of the machine: the same run under far-off
# POSIX zones (no tzdata needed) and a UTF-8 locale gives the same bytes.
"$tarifc" eval "${args[@]}" --format table --threads 1 >"$work/tz.ref" 2>"$work/tz.ref.err"
for zone in "XST-14" "NST3:30NDT" "UTC0"; do
  TZ=$zone LC_ALL=C.UTF-8 "$tarifc" eval "${args[@]}" --format table --threads 2 >"$work/tz.out" 2>"$work/tz.err"
  if ! cmp -s "$work/tz.ref" "$work/tz.out" || ! cmp -s "$work/tz.ref.err" "$work/tz.err"; then
    echo "FAIL: output differs under TZ=$zone LC_ALL=C.UTF-8"; fail=1
  fi
done
echo "time zone and locale: identical under TZ=XST-14, NST3:30NDT, UTC0 with LC_ALL=C.UTF-8"
for bad in 0 257 -1 two; do
  "$tarifc" eval "${args[@]}" --threads "$bad" >"$work/out" 2>"$work/err"
  rc=$?
  if [ "$rc" != 2 ] || [ ! -s "$work/err" ] || [ -s "$work/out" ]; then
    echo "FAIL: --threads $bad: exit $rc (want 2, a message, no output)"; fail=1
  fi
done
[ "$fail" = 0 ] && echo "threads: passed" || echo "threads: FAILED"
[ "$fail" = 0 ]
