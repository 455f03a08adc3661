#!/usr/bin/env bash
# Golden tests: runs every case under tests/golden and compares the full
# output text with the expected file. Usage: run_golden.sh path/to/tarifc
# With REFRESH=1 the expected files are rewritten instead (see
# tests/refresh_golden.sh); review the diff before committing.
# With EVAL_THREADS=N every eval run gets `--threads N` (the ThreadSanitizer
# stage of scripts/test.sh uses 4, so that workers really run side by side).
set -uo pipefail
tarifc=$(realpath "$1")
cd "$(dirname "$0")/.."
export LC_ALL=C TZ=UTC
pass=0 fail=0
check_case() {  # name, expected-file, actual-text
  local name=$1 expected=$2 actual=$3
  # ONLY=substring limits a run (and a refresh) to the cases whose path has it.
  case "$name" in *"${ONLY:-}"*) ;; *) return;; esac
  if [ "${REFRESH:-0}" = 1 ]; then
    printf '%s' "$actual" > "$expected"; pass=$((pass+1)); return
  fi
  if [ -f "$expected" ] && [ "$(cat "$expected"; printf x)" = "${actual}x" ]; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); echo "FAIL: $name"
    diff <(cat "$expected" 2>/dev/null) <(printf '%s' "$actual") | head -20
  fi
}
# 1. Checker cases: tests/golden/check/NAME.tariff (or a folder NAME/) ->
#    NAME.expected: the exit status, then stderr of `tarifc check`.
for t in tests/golden/check/*.tariff tests/golden/check/*/; do
  [ -e "$t" ] || continue
  t=${t%/}; base=${t%.tariff}
  out=$("$tarifc" check "$t" 2>&1 >/dev/null); rc=$?
  check_case "$t" "$base.expected" "exit $rc
$out
"
  if [ -f "$base.json.expected" ] || [ "${REFRESH:-0}" = 1 -a -f "$base.json.expected" ]; then
    out=$("$tarifc" check --format json "$t" 2>/dev/null); rc=$?
    check_case "$t (json)" "$base.json.expected" "exit $rc
$out
"
  fi
done
# 2. Evaluation cases: a folder with a `case` file holding the arguments
#    after `tarifc eval`; each expected-FORMAT file holds exit status,
#    stdout and stderr of that run with --format FORMAT.
for c in $(find tests/golden/eval examples -name case -type f | sort); do
  dir=$(dirname "$c")
  read -r -a args < "$c"
  for exp in "$dir"/expected-*; do
    [ -e "$exp" ] || continue
    fmt=${exp##*/expected-}; extra=()
    case $fmt in explain) extra=(--explain --format json);; explain-table) extra=(--explain);; *) extra=(--format "$fmt");; esac
    [ -n "${EVAL_THREADS:-}" ] && extra+=(--threads "$EVAL_THREADS")
    actual=$(cd "$dir" && "$tarifc" eval "${args[@]}" "${extra[@]}" 2>/tmp/golden-stderr.$$); rc=$?
    err=$(cat /tmp/golden-stderr.$$)
    check_case "$dir ($fmt)" "$exp" "exit $rc
$actual
--- stderr
$err
"
  done
done
rm -f /tmp/golden-stderr.$$
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
