#!/usr/bin/env bash
# Robustness suite: hostile or extreme inputs must give the documented exit
# status (0 clean, 1 findings, 2 trouble; src/commands/command.hpp), never a crash
# (exit >= 128 = killed by a signal), never a hang (every run is wrapped in
# `timeout 60`), never an internal error (E0907), and a message on stderr
# whenever the status is 1 or 2.
#
#   bash tests/robustness.sh path/to/tarifc          (from any folder)
#
# With TARIFC_SANITIZED=1 (sanitizer builds) the large inputs are scaled down;
# the 10 MB tariff and the 10,000-charge tariff run at full size otherwise.
# Prints one line per case and ends with `robustness: N passed, M failed`.
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 path/to/tarifc" >&2
  exit 2
fi
tarifc=$(realpath "$1")
cd "$(dirname "$0")/.." || exit 2
export LC_ALL=C
# Sanitizer reports must look like crashes, not like exit status 1.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1
export UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:abort_on_error=1:print_stacktrace=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sanitized=${TARIFC_SANITIZED:-0}
if [ "$sanitized" = 1 ]; then
  big_tariff_bytes=$((1 << 20))   # 1 MiB
  many_charges=2000
  usage_mb=2
else
  big_tariff_bytes=$((10 << 20))  # 10 MiB
  many_charges=10000
  usage_mb=20
fi

pass=0
fail=0
failed_cases=()
out=$work/stdout
err=$work/stderr

# run NAME EXPECTED CMD...   EXPECTED is an exit status or a list like "0|1".
# Runs CMD under `timeout 60`; sets rc and ms; returns 0 when the generic
# assertions hold, else 1 with the reason in $why.
run() {
  local name=$1 expected=$2
  shift 2
  local t0 t1
  t0=$(date +%s%N)
  timeout 60 "$@" >"$out" 2>"$err"
  rc=$?
  t1=$(date +%s%N)
  ms=$(((t1 - t0) / 1000000))
  why=""
  if [ "$rc" = 124 ]; then
    why="hang: no exit within 60 s"
  elif [ "$rc" -ge 128 ]; then
    why="crash: killed by signal $((rc - 128))"
  elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$err"; then
    why="sanitizer report on stderr (exit $rc)"
  elif grep -qE 'E0907|internal error' "$err"; then
    why="internal error (E0907) on stderr (exit $rc): no input may cause one"
  elif ! [[ "|$expected|" == *"|$rc|"* ]]; then
    why="exit status $rc, expected $expected"
  elif { [ "$rc" = 1 ] || [ "$rc" = 2 ]; } && [ ! -s "$err" ]; then
    why="exit status $rc with nothing on stderr"
  fi
  [ -z "$why" ]
}

# report NAME [EXTRA-REASON]: prints the case line and counts it.
report() {
  local name=$1
  [ -z "$why" ] && [ -n "${2:-}" ] && why=$2
  if [ -z "$why" ]; then
    pass=$((pass + 1))
    printf 'PASS  %-58s exit %s, %6d ms\n' "$name" "$rc" "$ms"
  else
    fail=$((fail + 1))
    failed_cases+=("$name")
    printf 'FAIL  %-58s %s (%d ms)\n' "$name" "$why" "$ms"
    sed -n '1,5s/^/      stderr: /p' "$err"
  fi
}

# stderr_has PATTERN: reason text when stderr lacks PATTERN.
stderr_has() { grep -q -- "$1" "$err" || echo "stderr does not mention $1"; }
# trouble CODE [PATTERN]: a failed eval or check reported as one diagnostic:
# stderr has "error[CODE]" (and PATTERN), stdout is empty.
trouble() {
  stdout_empty
  stderr_has "error\[$1\]"
  [ -z "${2:-}" ] || stderr_has "$2"
}
# first_reason TEXT...: the first non-empty line of the reasons given.
first_reason() { printf '%s\n' "$@" | grep -m1 . ; }
# stdout_empty: reason text when a failed eval printed on stdout.
stdout_empty() { [ ! -s "$out" ] || echo "exit 2 but $(wc -c <"$out") bytes on stdout"; }

# summary_ok [PYTHON-CONDITION...]: checks the JSON on stdout: every row is
# rated, rejected or out of period, plus any extra condition on s (summary)
# and d (document). Prints a reason when something does not hold.
summary_ok() {
  python3 - "$out" "$@" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
    s = d["summary"]
except Exception as e:  # noqa: BLE001
    print(f"stdout is not the JSON document: {e}")
    sys.exit(0)
if s["rows"] != s["rated"] + s["rejected"] + s["out_of_period"]:
    print(f"summary rows {s['rows']} != rated + rejected + out_of_period ({s})")
    sys.exit(0)
if s["rejected"] != len(d.get("rejected", [])):
    print(f"summary says {s['rejected']} rejected, the list has {len(d.get('rejected', []))}")
    sys.exit(0)
for cond in sys.argv[2:]:
    if not eval(cond, {"s": s, "d": d}):
        print(f"failed: {cond} (summary {s})")
        sys.exit(0)
EOF
}

py() { python3 -c "$@"; }

# ---------------------------------------------------------------- inputs
# A small valid standalone tariff; the big ones are built from it.
cat >"$work/base.tariff" <<'EOF'
tariff robust "Robustness base" version 1
currency CNY
rounding money to 0.01 half-up per line
unit second
unit minute = 60 second
unit seat
account {
    id: text key
    plan: plan
    seats: integer seat default 0
}
usage call {
    account: account
    call_id: text unique per account
    start: timestamp zone +08:00
    duration_s: integer second
}
let minutes = ceil(call.duration_s to minute)
meter m "Minutes" = sum(minutes) of calls
charge seat_fee "Seat fee" monthly
    on account.seats
    at 1 CNY/seat
EOF

accounts=examples/ccc-pricing-page/accounts.json
usage=examples/ccc-pricing-page/calls.csv
tariff=tariffs/aliyun-ccc
usage_rows=$(($(wc -l <"$usage") - 1))
eval_cmd=("$tarifc" eval "$tariff" --accounts "$accounts")

echo "robustness: $tarifc (sanitized=$sanitized)"

# ================================================================ tarifc check
run "check: the base tariff is clean" 0 "$tarifc" check "$work/base.tariff"
report "check: the base tariff is clean"

: >"$work/empty.tariff"
run "check: empty file" 1 "$tarifc" check "$work/empty.tariff"
report "check: empty file (E0104, no header)" "$(stderr_has E0104)"

py "import random, sys; random.seed(20190701)
sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(100000)))" >"$work/garbage.bin"
cp "$work/garbage.bin" "$work/garbage.tariff"
run "check: binary garbage" 1 "$tarifc" check "$work/garbage.tariff"
report "check: 100 kB of binary garbage"

{ head -3 "$work/base.tariff"; printf '# caf\xc3 \xff\xfe not UTF-8\n'; tail -n +4 "$work/base.tariff"; } \
  >"$work/latin.tariff"
run "check: invalid UTF-8" 1 "$tarifc" check "$work/latin.tariff"
report "check: invalid UTF-8 in a comment (E0002)" "$(stderr_has E0002)"

{ cat "$work/base.tariff"; printf 'let x = 1\0\n'; } >"$work/nul.tariff"
run "check: NUL byte" 1 "$tarifc" check "$work/nul.tariff"
report "check: a NUL byte (E0002)" "$(stderr_has E0002)"

py "import sys
base = open(sys.argv[1]).read()
limit = int(sys.argv[3])
with open(sys.argv[2], 'w') as f:
    f.write(base)
    size, i = len(base), 0
    while size < limit:
        chunk = f'# padding comment {i}: lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do\n'
        if i % 8 == 0:
            chunk += f'charge pad{i} \"Padding charge {i}\" monthly\n    on m\n    at 0.01 CNY/minute\n'
        f.write(chunk)
        size += len(chunk.encode())
        i += 1" "$work/base.tariff" "$work/big.tariff" "$big_tariff_bytes"
big_mib=$(py "import os; print(f'{os.path.getsize(\"$work/big.tariff\") / 2**20:.1f}')")
run "check: big tariff" "0|1" "$tarifc" check "$work/big.tariff"
report "check: a ${big_mib} MiB tariff (comments + charges)"

py "import sys
base = open(sys.argv[1]).read()
with open(sys.argv[2], 'w') as f:
    f.write(base)
    f.write('let deep = ' + '(' * 10000 + 'm' + ')' * 10000 + '\n')" "$work/base.tariff" "$work/nested.tariff"
run "check: nesting" 1 "$tarifc" check "$work/nested.tariff"
report "check: 10,000 nested parentheses (E0004)" "$(stderr_has E0004)"

# Long chains of binary operators (issue 7: 20,000 terms of `+` overflowed
# the checker's stack). Over 1,000 operators in a statement is E0004 at the
# operator that goes over; the message shows a window of the one long line,
# not all of it.
for op in '+' 'and' 'or' '*' '-'; do
  for terms in 20000 100000; do
    py "import sys
base = open(sys.argv[1]).read()
op, terms = sys.argv[3], int(sys.argv[4])
term = {'+': 'minutes', '-': 'minutes', '*': '2', 'and': 'minutes > 0 minute', 'or': 'minutes > 0 minute'}[op]
with open(sys.argv[2], 'w') as f:
    f.write(base)
    f.write('let deep = ' + (' ' + op + ' ').join([term] * terms) + '\n')
    f.write('let after = 1 + + 1\n')" "$work/base.tariff" "$work/chain.tariff" "$op" "$terms"
    run "check: chain" 1 "$tarifc" check "$work/chain.tariff"
    report "check: a chain of $terms terms joined by '$op' (E0004)" \
      "$(first_reason "$(stderr_has 'error\[E0004\]: this statement has more than 1000 operators')" \
                      "$(stderr_has 'chain.tariff:24:17: error\[E0001\]')" \
                      "$([ "$(wc -c <"$err")" -lt 4000 ] || echo "stderr is $(wc -c <"$err") bytes")")"
  done
done

# A chain in one 20 MiB line (10 MiB sanitized): parsing stops at the limit.
py "import sys
base = open(sys.argv[1]).read()
with open(sys.argv[2], 'w') as f:
    f.write(base)
    f.write('let deep = minutes' + ' + minutes' * (int(sys.argv[3]) // 10) + '\n')" \
  "$work/base.tariff" "$work/chain.tariff" "$((big_tariff_bytes * 2))"
run "check: huge chain" 1 "$tarifc" check "$work/chain.tariff"
report "check: a chain of $((big_tariff_bytes / 5)) terms in one line (E0004)" \
  "$(first_reason "$(stderr_has 'E0004')" "$([ "$(wc -c <"$err")" -lt 4000 ] || echo "stderr is $(wc -c <"$err") bytes")")"

# At the limit, a statement checks and rates: 1,000 operators are as deep as
# an expression gets (plus 64 levels of nesting), and check and eval
# (worker threads too) walk them without running out of stack, also in the
# Debug ASan build (scripts/test.sh), whose frames are the largest.
py "import sys
base = open(sys.argv[1]).read()
with open(sys.argv[2], 'w') as f:
    f.write(base)
    f.write('let any = ' + ' or '.join(['call.duration_s > 1000000 second'] * 499) + ' or call.duration_s >= 0 second\n')
    f.write('let many = ' + ' + '.join(['call.duration_s'] * 1001) + '\n')
    f.write('let nested = ' + '(' * 64 + ' + '.join(['call.duration_s'] * 936) + ')' * 64 + '\n')
    f.write('meter n \"Any\" = count of calls where any\n')
    f.write('meter s \"Many\" = sum(many) of calls\n')
    f.write('meter t \"Nested\" = sum(nested) of calls\n')
    f.write('charge any_fee \"Any\" monthly\n    on n\n    at 1 CNY\n')
    f.write('charge many_fee \"Many\" monthly\n    on s\n    at 0.01 CNY/second\n')
    f.write('charge nested_fee \"Nested\" monthly\n    on t\n    at 0.01 CNY/second\n')" \
  "$work/base.tariff" "$work/at-limit.tariff"
run "check: at the operator limit" 0 "$tarifc" check "$work/at-limit.tariff"
report "check: statements of 1,000 operators, one nested 64 deep"
printf '{"accounts": [{"id": "a1", "plan": "robust", "seats": 0}]}\n' >"$work/at-limit.json"
{ echo "account,call_id,start,duration_s"
  for i in 1 2 3; do echo "a1,c$i,2024-01-0${i}T10:00:00,60"; done; } >"$work/at-limit.csv"
run "eval: at the operator limit" 0 "$tarifc" eval "$work/at-limit.tariff" --accounts "$work/at-limit.json" \
  --usage "$work/at-limit.csv" --from 2024-01 --to 2024-01 --format json --threads 4
report "eval: statements of 1,000 operators rate on the worker threads" \
  "$(summary_ok "s['rows'] == 3" "s['rated'] == 3" "[l['quantity'] for l in d['invoices'][0]['lines']] == ['3', '180180', '168480']")"

py "import sys
base = open(sys.argv[1]).read()
with open(sys.argv[2], 'w') as f:
    f.write(base)
    for i in range(int(sys.argv[3])):
        f.write(f'charge c{i} \"Charge {i}\" monthly\n    on m\n    at 0.01 CNY/minute\n')" \
  "$work/base.tariff" "$work/charges.tariff" "$many_charges"
run "check: many charges" 0 "$tarifc" check "$work/charges.tariff"
report "check: a tariff with $many_charges charges"

run "check: missing path" 2 "$tarifc" check "$work/no-such-file.tariff"
report "check: a missing path (E0902)" "$(first_reason "$(trouble E0902 'no-such-file.tariff: error\[E0902\]: no such file or folder')")"

# Imports and symbolic links (issue 7, item 2): a link inside the folder
# that stays inside is followed; one that leads out of it is E0007, and the
# file behind it is never read (its lines must not show in the messages).
mkdir -p "$work/links/t/sub" "$work/links/outside"
printf 'shared secret "S" version 1\ncurrency CNY\n# SECRET-LINE\n' >"$work/links/outside/secret.tariff"
{ echo 'shared base "Base" version 1'; sed -n '2,$p' "$work/base.tariff" | sed '/^let minutes/,$d'; } >"$work/links/t/sub/base.tariff"
printf 'tariff a "A" version 1\nimport "in/base.tariff"\ncharge c "C" monthly\n    costs 1 CNY\n' >"$work/links/t/a.tariff"
ln -s sub "$work/links/t/in"
run "check: link inside" 0 "$tarifc" check "$work/links/t/a.tariff"
report "check: an import through a link that stays in the folder"
ln -s /etc "$work/links/t/etc"
ln -s ../outside "$work/links/t/out"
printf 'tariff b "B" version 1\nimport "etc/passwd"\nimport "out/secret.tariff"\nimport "in/base.tariff"\n' >"$work/links/t/b.tariff"
run "check: link outside" 1 "$tarifc" check "$work/links/t/b.tariff"
report "check: imports through links out of the folder (E0007)" \
  "$(first_reason "$(stderr_has 'b.tariff:2:8: error\[E0007\]: import "etc/passwd" leaves the tariff.s folder .* through a symbolic link')" \
                  "$(stderr_has 'b.tariff:3:8: error\[E0007\]: import "out/secret.tariff" leaves')" \
                  "$(! grep -qE 'root:|SECRET-LINE' "$err" || echo "a file outside the folder was read")")"

# Symbolic link loops and unreadable entries (issue 7, item 3): the path and
# the reason, exit 2, never an internal error.
mkdir -p "$work/loops/t"
cp "$work/base.tariff" "$work/loops/t/base.tariff"
ln -s x "$work/loops/t/x"          # a loop that is not named *.tariff: not a tariff, skipped
ln -s . "$work/loops/t/self"       # a link to a folder: not walked
run "check: folder with link loops" 0 "$tarifc" check "$work/loops/t"
report "check: a folder with a link loop and a link to itself (skipped)" \
  "$(first_reason "$(stderr_has 'checked 1 file: 0 errors')" "$(! grep -q 'internal error' "$err" || echo "internal error")")"
ln -s loop.tariff "$work/loops/t/loop.tariff"
run "check: a .tariff link loop" 2 "$tarifc" check "$work/loops/t"
report "check: a link loop named *.tariff (E0902 with the reason)" \
  "$(first_reason "$(stderr_has 'loop.tariff: error\[E0902\]: cannot read file: too many levels of symbolic links')" \
                  "$(! grep -q 'internal error' "$err" || echo "internal error")")"
run "check: a link loop given" 2 "$tarifc" check "$work/loops/t/loop.tariff"
report "check: a link loop named on the command line (E0902)" \
  "$(first_reason "$(stderr_has 'loop.tariff: error\[E0902\]: too many levels of symbolic links')")"
# chmod 000 denies nothing to root (CI may run as root): only as another user.
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$work/locked/t/private"
  cp "$work/base.tariff" "$work/locked/t/base.tariff"
  chmod 000 "$work/locked/t/private"
  run "check: unreadable subfolder" 2 "$tarifc" check "$work/locked/t"
  report "check: a folder with an unreadable subfolder (E0902, permission denied)" \
    "$(first_reason "$(stderr_has 'private: error\[E0902\]: cannot read folder: permission denied')")"
  chmod 700 "$work/locked/t/private"
else
  echo "SKIP  check: a folder with an unreadable subfolder (running as root: chmod 000 does not deny)"
fi
if [ "$sanitized" != 1 ]; then
  mkdir -p "$work/many/t"
  py "import os, sys
for i in range(100001):
    open(os.path.join(sys.argv[1], f'f{i}.txt'), 'w').close()" "$work/many/t"
  run "check: a folder of 100,001 files" 2 "$tarifc" check "$work/many"
  report "check: a folder with more than 100,000 entries stops (E0902)" \
    "$(first_reason "$(stderr_has 'error\[E0902\]: the folder holds more than 100000 files and folders')")"
  rm -rf "$work/many"
fi

# Imports nested deeper than 64 files (a chain of 2,000 files each importing
# the next once overflowed the stack): E0009 at the import that goes over.
mkdir -p "$work/deep-imports"
py "import os, sys
d, n = sys.argv[1], 2000
open(os.path.join(d, 'main.tariff'), 'w').write('tariff m \"M\" version 1\nimport \"f0.tariff\"\n')
for i in range(n):
    s = f'shared f{i} \"F\" version 1\n' + (f'import \"f{i + 1}.tariff\"\n' if i + 1 < n else '')
    open(os.path.join(d, f'f{i}.tariff'), 'w').write(s)" "$work/deep-imports"
run "check: imports 2,000 deep" 1 "$tarifc" check "$work/deep-imports/main.tariff"
report "check: imports nested 2,000 files deep (E0009)" \
  "$(stderr_has 'f63.tariff:2:8: error\[E0009\]: imports nest deeper than 64 files')"
run "check: a folder of 2,000 chained imports" 1 "$tarifc" check "$work/deep-imports"
report "check: a folder of 2,000 files chained by imports (E0009, no crash)" "$(stderr_has 'E0009')"

# A UTF-8 byte order mark opens a tariff and an imported file (issue 7,
# item 8): skipped, as in the CSV and JSON files; positions count after it.
mkdir -p "$work/bom"
{ printf '\xef\xbb\xbf'; echo 'shared base "Base" version 1'; sed -n '2,$p' "$work/base.tariff" | sed '/^let minutes/,$d'; } >"$work/bom/base.tariff"
printf '\xef\xbb\xbftariff b "B" version 1\nimport "base.tariff"\ncharge c "C" monthly\n    costs 1 CNY\n' >"$work/bom/b.tariff"
run "check: BOM" 0 "$tarifc" check "$work/bom/b.tariff"
report "check: a tariff and its import that start with a UTF-8 BOM" "$(stderr_has 'checked 2 files: 0 errors')"
printf '\xef\xbb\xbftariff b "B" versio 1\n' >"$work/bom/bad.tariff"
run "check: BOM, error on line 1" 1 "$tarifc" check "$work/bom/bad.tariff"
report "check: an error on a BOM file's first line counts columns after the BOM" \
  "$(stderr_has 'bad.tariff:1:14: error\[E0001\]')"

# Leading zeros do not count toward an integer field's 18 digits (issue 7,
# item 8: a 19-digit duration 000...060 was "too large"); 19 real digits are.
{ echo "account,call_id,start,duration_s"
  echo "a1,c1,2024-01-01T10:00:00,0000000000000000060"
  echo "a1,c2,2024-01-01T10:00:00,$(printf '0%.0s' $(seq 60))60"
  echo "a1,c3,2024-01-01T10:00:00,0000000000000000000"
  echo "a1,c4,2024-01-01T10:00:00,1000000000000000000"; } >"$work/zeros.csv"
run "eval: leading zeros" 0 "$tarifc" eval "$work/base.tariff" --accounts "$work/at-limit.json" \
  --usage "$work/zeros.csv" --from 2024-01 --to 2024-01 --format json
report "eval: integer fields with leading zeros (19 and 62 characters)" \
  "$(summary_ok "s['rated'] == 3" "s['rejected'] == 1" "d['rejected'][0]['call_id'] == 'c4'" "d['rejected'][0]['reason'] == 'duration_s is too large'")"

mkdir -p "$work/no-tariffs"
echo "not a tariff" >"$work/no-tariffs/readme.txt"
run "check: folder without tariffs" 2 "$tarifc" check "$work/no-tariffs"
report "check: a folder with no .tariff files (E0904)" "$(first_reason "$(trouble E0904)")"

run "check: missing path, JSON" 2 "$tarifc" check --format json "$work/no-such-file.tariff"
report "check --format json: a missing path is a diagnostic in the document (E0902)" \
  "$(py "import json, sys
d = json.load(open(sys.argv[1]))
g = d['diagnostics']
if d['valid'] or len(g) != 1 or g[0]['code'] != 'E0902' or not g[0]['file'].endswith('no-such-file.tariff'):
    print(f'unexpected document {d}')" "$out")"

# ================================================================ tarifc eval
run "eval: baseline" 0 "${eval_cmd[@]}" --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: the pricing-page example (baseline)" \
  "$(summary_ok "s['rows'] == $usage_rows" "s['rated'] == $usage_rows")"

run "eval: missing accounts" 2 "$tarifc" eval "$tariff" --accounts "$work/no-such.json" \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: a missing accounts file (E0902)" "$(first_reason "$(trouble E0902 'cannot read the accounts file: no such file or folder')")"

run "eval: accounts is a folder" 2 "$tarifc" eval "$tariff" --accounts "$work" \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: an accounts path that is a folder (E0902)" "$(first_reason "$(trouble E0902 'is a folder, not a file')")"

run "eval: usage is a folder" 2 "${eval_cmd[@]}" --usage "$work" --from 2019-07 --to 2019-07 --format json
report "eval: a usage path that is a folder (E0902)" "$(first_reason "$(trouble E0902 'cannot read the usage file: is a folder, not a file')")"

# Pipes and devices are read as streams; a folder is refused by its status.
run "eval: usage and accounts through pipes" 0 bash -c 'a=$1 u=$2; shift 2; "$@" --accounts <(cat "$a") --usage <(cat "$u")' \
  - "$accounts" "$usage" "$tarifc" eval "$tariff" --from 2019-07 --to 2019-07 --format json
report "eval: usage and accounts read from pipes" "$(summary_ok "s['rows'] == $usage_rows" "s['rated'] == $usage_rows")"

run "check: a tariff path that is a device" 2 "$tarifc" check /dev/null/x.tariff
report "check: a tariff path under a device (E0902 with a reason)" "$(first_reason "$(trouble E0902 'x.tariff: error\[E0902\]: ')")"

# A read that fails says why, in words (never the system's "Success").
run "eval: usage read fails" 2 "${eval_cmd[@]}" --usage /proc/self/mem --from 2019-07 --to 2019-07 --format json
report "eval: a usage file whose read fails (E0902 with the reason)" \
  "$(first_reason "$(trouble E0902 '/proc/self/mem: error\[E0902\]: cannot read the usage file: input/output error')")"
run "eval: accounts read fails" 2 "$tarifc" eval "$tariff" --accounts /proc/self/mem \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: an accounts file whose read fails (E0902 with the reason)" \
  "$(first_reason "$(trouble E0902 '/proc/self/mem: error\[E0902\]: cannot read the accounts file: input/output error')")"
run "check: tariff read fails" 2 "$tarifc" check /proc/self/mem
report "check: a tariff file whose read fails (E0902 with the reason)" \
  "$(first_reason "$(trouble E0902 '/proc/self/mem: error\[E0902\]: cannot read file: input/output error')")"

# Unbounded inputs end at once: /dev/zero's first byte is a NUL, which no
# header and no JSON text may hold (docs/reliability.md, Limits).
quick() { [ "$ms" -lt 5000 ] || echo "took $ms ms; expected to stop at the first byte"; }
run "check: tariff is /dev/zero" 1 "$tarifc" check /dev/zero
report "check /dev/zero: a stream is cut one byte past 64 MiB (E0003)" \
  "$(first_reason "$(stderr_has '/dev/zero:1:1: error\[E0003\]: tariff file is 67108865 bytes; the limit is 67108864 bytes')")"
run "eval: usage is /dev/zero" 2 "${eval_cmd[@]}" --usage /dev/zero --from 2019-07 --to 2019-07 --format json
report "eval: --usage /dev/zero stops at byte 0 (E0802)" \
  "$(first_reason "$(trouble E0802 '/dev/zero:1: error\[E0802\]: bad header (binary data (NUL byte))')" "$(quick)")"
run "eval: accounts is /dev/zero" 2 "$tarifc" eval "$tariff" --accounts /dev/zero \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: --accounts /dev/zero stops at byte 0 (E0701 at 1:1)" \
  "$(first_reason "$(trouble E0701 '/dev/zero:1:1: error\[E0701\]: invalid JSON: a NUL byte')" "$(quick)")"
{ printf 'account,call_id,'; head -c 70000 /dev/zero | tr '\0' 'x'; printf '\n'; tail -n +2 "$usage"; } >"$work/long-header.csv"
run "eval: header over 64 KiB" 2 "${eval_cmd[@]}" --usage "$work/long-header.csv" --from 2019-07 --to 2019-07 --format json
report "eval: a header line over 64 KiB (E0802)" \
  "$(first_reason "$(trouble E0802 'long-header.csv:1: error\[E0802\]: bad header (row longer than 65536 bytes)')")"

# The accounts file's limits (E0709), each at the place it is passed.
py "print('{\"accounts\": ' + '[' * 100 + ']' * 100 + '}')" >"$work/deep.json"
run "eval: accounts nest too deep" 2 "$tarifc" eval "$tariff" --accounts "$work/deep.json" \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: accounts JSON nested 100 deep (E0709 at 1:77)" \
  "$(first_reason "$(trouble E0709 'deep.json:1:77: error\[E0709\]: arrays and objects nest deeper than 64 levels')")"
py "print('{\"accounts\": [{\"id\": \"' + 'x' * 70000 + '\"}]}')" >"$work/long-id.json"
run "eval: accounts long string" 2 "$tarifc" eval "$tariff" --accounts "$work/long-id.json" \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: an account id of 70,000 bytes (E0709)" \
  "$(first_reason "$(trouble E0709 'long-id.json:1:22: error\[E0709\]: a string longer than 65536 bytes')")"
py "print('{\"accounts\": [{\"id\": \"a\", \"plan\": \"ccc-payg\", \"seats\": 1' + '0' * 200 + '}]}')" >"$work/long-number.json"
run "eval: accounts long number" 2 "$tarifc" eval "$tariff" --accounts "$work/long-number.json" \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: a number of 201 digits (E0709)" \
  "$(first_reason "$(trouble E0709 'long-number.json:1:[0-9]*: error\[E0709\]: a number longer than 100 characters')")"
if [ "$sanitized" != 1 ]; then
  # 1 GiB and one byte of blanks: refused from its size while it is counted,
  # never held in memory.
  { printf '{"accounts": []}\n'; head -c $(((1 << 30) - 16)) /dev/zero | tr '\0' ' '; } >"$work/huge-accounts.json"
  run "eval: accounts over 1 GiB" 2 "$tarifc" eval "$tariff" --accounts "$work/huge-accounts.json" \
    --usage "$usage" --from 2019-07 --to 2019-07 --format json
  report "eval: an accounts file of 1 GiB + 1 byte (E0709 at the byte past the limit)" \
    "$(first_reason "$(trouble E0709 'huge-accounts.json:2:1073741808: error\[E0709\]: the accounts file is larger than 1 GiB')")"
  rm -f "$work/huge-accounts.json"
fi

run "eval: garbage accounts" 2 "$tarifc" eval "$tariff" --accounts "$work/garbage.bin" \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: an accounts file of binary garbage (E0701)" "$(first_reason "$(trouble E0701 'invalid JSON')")"

head -c 300 "$accounts" >"$work/truncated.json"
run "eval: invalid JSON" 2 "$tarifc" eval "$tariff" --accounts "$work/truncated.json" \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: an accounts file of invalid (truncated) JSON (E0701 with line:col)" \
  "$(first_reason "$(trouble E0701 'truncated.json:[0-9]*:[0-9]*: error\[E0701\]: invalid JSON')")"

# A wrong type deep in the file: the diagnostic points at the value's line and column.
py "import json, sys
d = json.load(open(sys.argv[1]))
d['accounts'][-1]['seats'] = 2.5
json.dump(d, open(sys.argv[2], 'w'), indent=2)" "$accounts" "$work/bad-seats.json"
seats_line=$(grep -n '"seats": 2.5' "$work/bad-seats.json" | cut -d: -f1)
seats_col=$(($(grep '"seats": 2.5' "$work/bad-seats.json" | sed 's/2\.5.*//' | wc -c)))
run "eval: accounts wrong type" 2 "$tarifc" eval "$tariff" --accounts "$work/bad-seats.json" \
  --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "eval: a non-integer seat count (E0705 at its line:col)" \
  "$(first_reason "$(trouble E0705 "bad-seats.json:$seats_line:$seats_col: error\[E0705\]: account .*: field \"seats\": expected a JSON integer, got 2.5")")"

run "eval: garbage usage" 2 "${eval_cmd[@]}" --usage "$work/garbage.bin" --from 2019-07 --to 2019-07 --format json
report "eval: a usage file of binary garbage (bad header: E0802 or E0803)" \
  "$(first_reason "$(stdout_empty)" "$(grep -qE 'error\[E080[23]\]' "$err" || echo 'stderr has no E0802/E0803')")"

: >"$work/empty.csv"
run "eval: empty usage" 2 "${eval_cmd[@]}" --usage "$work/empty.csv" --from 2019-07 --to 2019-07 --format json
report "eval: an empty usage file (E0801)" "$(first_reason "$(trouble E0801 'empty.csv: error\[E0801\]')")"

{ echo "acct,id,when,dir,num,secs"; tail -n +2 "$usage"; } >"$work/wrong-header.csv"
run "eval: wrong header" 2 "${eval_cmd[@]}" --usage "$work/wrong-header.csv" --from 2019-07 --to 2019-07 --format json
report "eval: a usage file with the wrong header (E0803 at line 1)" \
  "$(first_reason "$(trouble E0803 'wrong-header.csv:1: error\[E0803\]')")"

{
  head -n 11 "$usage"
  printf 'case1,huge,2019-07-03T09:15:00,outbound,01066668888,'
  head -c $((1 << 20)) /dev/zero | tr '\0' '7'
  printf '\n'
  tail -n +12 "$usage"
} >"$work/long-line.csv"
run "eval: 1 MB line" 0 "${eval_cmd[@]}" --usage "$work/long-line.csv" --from 2019-07 --to 2019-07 --format json
report "eval: a usage row of 1 MiB (rejected, rest rated)" \
  "$(summary_ok "s['rows'] == $usage_rows + 1" "s['rated'] == $usage_rows" "s['rejected'] == 1" \
       "d['rejected'][0]['line'] == 12")"

py "import sys
rows_wanted = int(sys.argv[2]) << 20
with open(sys.argv[1], 'w') as f:
    f.write('account,call_id,start,direction,number,duration_s\n')
    size, i = 0, 0
    numbers = ['01066668888', '02077779999']
    while size < rows_wanted:
        day, rest = divmod(i, 86400 // 7)
        secs = rest * 7
        row = (f'case{1 + i % 8 if (i % 8) not in (2, 3, 6, 7) else 1},r{i:08d},'
               f'2019-07-{1 + day % 31:02d}T{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d},'
               f'{(\"inbound\", \"outbound\")[i % 2]},{numbers[i % 3 == 0]},{i % 3601}\n')
        f.write(row)
        size += len(row)
        i += 1
print(i)" "$work/big.csv" "$usage_mb" >"$work/big.rows"
big_rows=$(cat "$work/big.rows")
run "eval: big usage" 0 "${eval_cmd[@]}" --usage "$work/big.csv" --from 2019-07 --to 2019-07 --format json
report "eval: $usage_mb MiB of valid rows ($big_rows rows)" \
  "$(summary_ok "s['rows'] == $big_rows" "s['rated'] == $big_rows")"

# An unterminated quote on row 20; the rows after it quote their fields.
{
  head -n 20 "$usage"
  echo 'case1,"c-open,2019-07-03T09:15:00,outbound,01066668888,60'
  tail -n +21 "$usage" | sed 's/^\([^,]*\),\([^,]*\),/"\1","\2",/'
} >"$work/quote.csv"
run "eval: unterminated quote" 0 "${eval_cmd[@]}" --usage "$work/quote.csv" --from 2019-07 --to 2019-07 --format json
report "eval: an unterminated quote mid-file (later rows rated)" \
  "$(summary_ok "s['rows'] == $usage_rows + 1" "s['rated'] == $usage_rows" "s['rejected'] == 1" \
       "d['rejected'][0]['line'] == 21")"

# A quote left open on the last row: the reader must stop at the end of input.
{ cat "$usage"; printf 'case1,"c-eof,2019-07-03T09:15:00,outbound,01066668888,60'; } >"$work/quote-eof.csv"
run "eval: open quote at EOF" 0 "${eval_cmd[@]}" --usage "$work/quote-eof.csv" --from 2019-07 --to 2019-07 --format json
report "eval: a quote still open at the end of the file" \
  "$(summary_ok "s['rows'] == $usage_rows + 1" "s['rated'] == $usage_rows" "s['rejected'] == 1")"

# An amount too large to represent is blamed on the file that fed it: an
# account value in the accounts file (at the account, naming the field and
# the line), not the usage file.
mm=examples/ccc-multi-month
py "import json, sys
d = json.load(open(sys.argv[1]))
d['accounts'][0]['recording_storage_gb'] = '62.1234567890123456789012345678'
json.dump(d, open(sys.argv[2], 'w'), indent=2)
d = json.load(open(sys.argv[1]))
d['accounts'][0]['numbers'][1]['monthly_rent'] = '5' + '0' * 36
json.dump(d, open(sys.argv[3], 'w'), indent=2)" "$mm/accounts.json" "$work/storage-28.json" "$work/rent-37.json"
run "eval: 28-decimal storage" 2 "$tarifc" eval "$tariff" --accounts "$work/storage-28.json" \
  --usage "$mm/calls.csv" --from 2019-07 --to 2019-09
report "eval: a 28-decimal recording_storage_gb is blamed on the accounts file (E0804)" \
  "$(first_reason "$(trouble E0804 'storage-28.json:3:5: error\[E0804\]: account "alpha": field "recording_storage_gb" = 62.1234567890123456789012345678: charge "storage" for 2019-07 grew too large to represent')")"
run "eval: 37-digit rent" 2 "$tarifc" eval "$tariff" --accounts "$work/rent-37.json" \
  --usage "$mm/calls.csv" --from 2019-07 --to 2019-09
report "eval: a 37-digit monthly_rent is blamed on the accounts file (E0804)" \
  "$(first_reason "$(trouble E0804 'rent-37.json:3:5: error\[E0804\]: account "alpha": numbers\[1\] ("01088888888"): field "monthly_rent" = 5000000000000000000000000000000000000: charge "rent" for 2019-07 grew too large')")"

# Tariffs with different usage records: the tariff files are at fault.
mkdir -p "$work/two-usages"
cp "$work/base.tariff" "$work/two-usages/a.tariff"
sed -e 's/tariff robust "Robustness base"/tariff other "Another usage record"/' \
    -e 's/duration_s: integer second/duration_s: decimal second/' "$work/base.tariff" >"$work/two-usages/b.tariff"
echo '{"accounts": [{"id": "case1", "plan": "robust"}]}' >"$work/two-usages.json"
run "eval: two usage records" 2 "$tarifc" eval "$work/two-usages" --accounts "$work/two-usages.json" \
  --usage "$usage" --from 2019-07 --to 2019-07
report "eval: tariffs with different usage records: E0905 at the tariff, not the usage file" \
  "$(first_reason "$(trouble E0905 'a.tariff:1:1: error\[E0905\]: tariffs other and robust declare different usage records (field .duration_s. has another type)')" \
       "$(stderr_has 'note: .*b.tariff:1:1: tariff other is here')" \
       "$(grep -q 'calls.csv' "$err" && echo 'the usage file is named')")"

run "eval: bad --from" 2 "${eval_cmd[@]}" --usage "$usage" --from 2019-13 --to 2019-07 --format json
report "eval: --from 2019-13 (E0901)" "$(first_reason "$(trouble E0901)")"

run "eval: malformed --from" 2 "${eval_cmd[@]}" --usage "$usage" --from July --to 2019-07 --format json
report "eval: --from July (E0901)" "$(first_reason "$(trouble E0901)")"

run "eval: --to before --from" 2 "${eval_cmd[@]}" --usage "$usage" --from 2019-09 --to 2019-07 --format json
report "eval: --to before --from (E0901)" "$(first_reason "$(trouble E0901 'is before --from')")"

run "eval: unknown option" 2 "${eval_cmd[@]}" --usage "$usage" --from 2019-07 --to 2019-07 --frobnicate
report "eval: an unknown option (E0901)" "$(first_reason "$(trouble E0901 'frobnicate')")"

# Out of memory is reported as such (E0906, exit 2), never as a too large
# amount nor a crash: 20 million JSON values under a 300 MB address-space
# limit. Not under the sanitizers, which reserve far more address space.
if [ "$sanitized" != 1 ]; then
  py "import sys
sys.stdout.write('{\"accounts\": [[' + '1,' * (20 << 20) + '1]]}')" >"$work/huge.json"
  run "eval: out of memory" 2 bash -c 'ulimit -v 300000 && exec "$@"' - "$tarifc" eval "$tariff" \
    --accounts "$work/huge.json" --usage "$usage" --from 2019-07 --to 2019-07 --format json
  report "eval: out of memory while reading the accounts (E0906)" "$(first_reason "$(trouble E0906 'out of memory')")"
  rm -f "$work/huge.json"
fi

run "eval: 1,201 months" 2 "${eval_cmd[@]}" --usage "$usage" --from 1950-01 --to 2050-01 --format json
report "eval: 1,201 months (E0901)" "$(first_reason "$(trouble E0901 'at most 100 years')")"

# Memory does not grow with months (docs/performance.md, "Memory"): 200
# accounts over 100 years (240,000 invoices) in a 300 MB address space.
# Before invoices were streamed and meters kept only for months with usage,
# this run needed over 1 GB and stopped with E0906.
if [ "$sanitized" != 1 ]; then
  if python3 bench/generate.py --accounts 200 --calls 20000 --from 1950-01 --months 1200 --seed 3 \
       --out "$work/years" 2>"$work/years.log"; then
    bad=$(sed -n 's/.* \([0-9]*\) bad rows.*/\1/p' "$work/years.log")
    run "eval: 100 years in 300 MB" 0 bash -c 'ulimit -v 300000 && exec "$@"' - "$tarifc" eval "$tariff" \
      --accounts "$work/years/accounts.json" --usage "$work/years/calls.csv" --from 1950-01 --to 2049-12 \
      --format csv
    report "eval: 200 accounts over 100 years (1,200 months) in a 300 MB address space" "$(first_reason \
      "$(grep -qE "^tarifc: 20000 rows = [0-9]+ rated \+ $bad rejected \+ 0 out of period$" "$err" ||
         echo "summary: $(tail -n 1 "$err")")" \
      "$(grep -q '^acct-00199,2049-12,' "$out" || echo "no line for the last account's last month")")"
  else
    rc=- ms=0 why="bench/generate.py failed: $(head -c 200 "$work/years.log")"
    report "eval: 200 accounts over 100 years"
  fi
  rm -rf "$work/years"
fi

# A failed write to either stream is trouble (exit 2): standard error holds
# check's findings, the help, and in CSV mode the rejected rows and summary.
# The generic assertions of `run` need stderr, so these check by hand.
full() {  # full NAME STREAM CMD...: runs CMD with STREAM (1 or 2) on /dev/full
  local name=$1 stream=$2
  shift 2
  if [ "$stream" = 1 ]; then timeout 60 "$@" >/dev/full 2>"$err"; else timeout 60 "$@" 2>/dev/full >"$out"; fi
  rc=$? ms=0 why=""
  [ "$rc" = 2 ] || why="exit status $rc, expected 2"
  report "$name"
}
full "check: findings to a full stderr" 2 "$tarifc" check "$work/empty.tariff"
full "check: a clean tariff, its summary to a full stderr" 2 "$tarifc" check "$work/base.tariff"
full "eval --format csv: rejected rows and summary to a full stderr" 2 "${eval_cmd[@]}" \
  --usage "$work/quote.csv" --from 2019-07 --to 2019-07 --format csv
full "eval: invoices to a full stdout" 1 "${eval_cmd[@]}" --usage "$usage" --from 2019-07 --to 2019-07
grep -q 'error\[E0903\]: cannot write the output' "$err" || { fail=$((fail + 1)); echo "FAIL  eval >/dev/full says E0903"; }
full "--help to a full stdout" 1 "$tarifc" --help
full "eval --help to a full stdout" 1 "$tarifc" eval --help
full "--version to a full stdout" 1 "$tarifc" --version
full "check --format json to a full stdout" 1 "$tarifc" check --format json "$work/base.tariff"
# A reader that stops early (| head): the lost output is trouble, not a signal.
# 20,000 rejected rows make about 2 MB of JSON, far more than a pipe holds,
# so a write comes after head has gone.
{ head -1 "$usage"; for i in $(seq 20000); do echo "nobody,r$i,2019-07-01T00:00:00,outbound,1,1"; done; } >"$work/unknown.csv"
timeout 60 bash -c 'set -o pipefail; "$@" | head -c 100 >/dev/null' - "${eval_cmd[@]}" --usage "$work/unknown.csv" \
  --from 2019-07 --to 2019-07 --format json 2>"$err"
rc=$? ms=0 why=""
[ "$rc" = 2 ] || why="exit status $rc, expected 2 (141 is SIGPIPE)"
[ -n "$why" ] || why=$(stderr_has 'error\[E0903\]: cannot write the output')
report "eval | head: a closed pipe is E0903, exit 2"
full "an error to a full stderr" 2 "$tarifc" eval "$tariff" --accounts "$work/no-such.json" \
  --usage "$usage" --from 2019-07 --to 2019-07
# tarifc diff: the same stages twice; its report and its guards' reasons are output too.
diff_cmd=("$tarifc" diff "$tariff" "$tariff" --accounts "$accounts")
run "diff: baseline" 0 "${diff_cmd[@]}" --usage "$usage" --from 2019-07 --to 2019-07 --format json
report "diff: a book against itself"
full "diff: the report to a full stdout" 1 "${diff_cmd[@]}" --usage "$usage" --from 2019-07 --to 2019-07
grep -q 'error\[E0903\]: cannot write the output' "$err" || { fail=$((fail + 1)); echo "FAIL  diff >/dev/full says E0903"; }
full "diff: OLD's errors to a full stderr" 2 "$tarifc" diff "$work/garbage.tariff" "$tariff" --accounts "$accounts" \
  --usage "$usage" --from 2019-07 --to 2019-07
mkdir -p "$work/ccc-up" && cp "$tariff"/*.tariff "$work/ccc-up/" && sed -i 's|at 0.11 CNY/minute|at 0.12 CNY/minute|' "$work/ccc-up/ccc-seat.tariff"
run "diff: a tripped guard" 1 "$tarifc" diff "$tariff" "$work/ccc-up" --accounts "$accounts" --usage "$usage" \
  --from 2019-07 --to 2019-07 --fail-if-any-increase 0
report "diff: a tripped guard (exit 1, the account on stderr)" "$(stderr_has 'rises more than 0%')"
full "diff: a tripped guard's reasons to a full stderr" 2 "$tarifc" diff "$tariff" "$work/ccc-up" --accounts "$accounts" \
  --usage "$usage" --from 2019-07 --to 2019-07 --fail-if-any-increase 0
run "diff: garbage as NEW" 2 "$tarifc" diff "$tariff" "$work/garbage.tariff" --accounts "$accounts" \
  --usage "$usage" --from 2019-07 --to 2019-07
report "diff: a NEW that does not parse: trouble, nothing rated"
run "diff: usage is /dev/zero" 2 "${diff_cmd[@]}" --usage /dev/zero --from 2019-07 --to 2019-07
report "diff: usage from /dev/zero"

# A generated workload (bench/generate.py): every row is accounted for and
# exactly the deliberately bad rows are rejected.
if python3 bench/generate.py --accounts 40 --calls 5000 --from 2019-07 --months 2 --seed 7 \
     --out "$work/gen" 2>"$work/gen.log"; then
  bad=$(sed -n 's/.* \([0-9]*\) bad rows.*/\1/p' "$work/gen.log")
  run "eval: generated workload" 0 "$tarifc" eval "$tariff" --accounts "$work/gen/accounts.json" \
    --usage "$work/gen/calls.csv" --from 2019-07 --to 2019-08 --format json
  report "eval: generated workload (5,000 rows, $bad bad)" \
    "$(summary_ok "s['rows'] == 5000" "s['rejected'] == $bad" "s['out_of_period'] == 0")"
else
  rc=- ms=0 why="bench/generate.py failed: $(head -c 200 "$work/gen.log")"
  report "eval: generated workload"
fi

# ---------------------------------------------------------------- tarifc test
# Hostile test files (*.tariff-test): a diagnostic and exit 2, never a crash.
mkdir -p "$work/spec"
head_lines="tariff \"$PWD/$tariff\"
period 2019-07 to 2019-07"
: >"$work/spec/empty.tariff-test"
run "test: empty test file" 2 "$tarifc" test "$work/spec/empty.tariff-test"
report "test: empty test file" "$(trouble E1108)"
head -c 20000 /dev/urandom >"$work/spec/garbage.tariff-test"
run "test: binary garbage" 2 "$tarifc" test "$work/spec/garbage.tariff-test"
report "test: binary garbage" "$(trouble E1101)"
{ echo "$head_lines"; printf 'accounts '; head -c 1000000 /dev/zero | tr '\0' '{'; } >"$work/spec/open.tariff-test"
run "test: a million unclosed braces" 2 "$tarifc" test "$work/spec/open.tariff-test"
report "test: a million unclosed braces" "$(trouble E1101)"
{ echo "$head_lines"; printf 'accounts {"accounts": '; head -c 100000 /dev/zero | tr '\0' '[';
  head -c 100000 /dev/zero | tr '\0' ']'; printf '}'; printf '\nusage {\naccount\n}\ntest "t" { expect rows read = 0 }\n'; } \
  >"$work/spec/deep.tariff-test"
run "test: inline accounts nested 100,000 deep" 2 "$tarifc" test "$work/spec/deep.tariff-test"
report "test: inline accounts nested 100,000 deep" "$(trouble E0709)"
{ echo "$head_lines"; echo 'accounts {"accounts": [{"id": "a", "plan": "ccc-seat", "numbers": []}]}'
  printf 'usage {\naccount,call_id,start,direction,number,duration_s\n}\ntest "t" {\n'
  for _ in $(seq 20000); do echo '  expect total account a 2019-07 = 0'; done; echo '}'; } >"$work/spec/many.tariff-test"
run "test: 20,000 expectations" 0 "$tarifc" test "$work/spec/many.tariff-test"
report "test: 20,000 expectations"

# ---------------------------------------------------------------- summary
if [ "$fail" -gt 0 ]; then
  echo "failed cases:"
  printf '  %s\n' "${failed_cases[@]}"
fi
echo "robustness: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
