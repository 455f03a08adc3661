#!/usr/bin/env bash
# Golden tests: runs every case under tests/golden (and examples/) and
# compares the output, byte for byte, with the expected file.
# Usage: run_golden.sh path/to/tarifc
# With REFRESH=1 the expected files are rewritten instead (see
# tests/refresh_golden.sh); review the diff before committing.
# ONLY=substring limits a run (and a refresh) to the cases whose path has it.
# With EVAL_THREADS=N every eval run gets `--threads N` (the ThreadSanitizer
# stage of scripts/test.sh uses 4, so that workers really run side by side).
#
# An expected file holds `exit STATUS`, then the captured stream(s). Streams
# are captured to files and written exactly, with three markers so that no
# difference can hide (the rules keep the files written before them valid):
#   - an empty stream is one empty line;
#   - a stream that is a single newline is the line `\ one empty line`;
#   - a stream that does not end with a newline is followed by a newline and
#     the line `\ no newline at end`.
set -uo pipefail
tarifc=$(realpath "$1")
cd "$(dirname "$0")/.."
export LC_ALL=C TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

encode() {  # file: writes the stream's encoding (above) to stdout
  local f=$1
  if [ ! -s "$f" ]; then
    printf '\n'
  elif [ "$(tail -c1 "$f" | od -An -tx1 | tr -d ' \n')" != 0a ]; then
    cat "$f"; printf '\n\\ no newline at end\n'
  elif [ "$(wc -c < "$f")" -eq 1 ]; then
    printf '\\ one empty line\n'
  else
    cat "$f"
  fi
}
selected() { case "$1" in *"${ONLY:-}"*) return 0;; esac; return 1; }
failed() {  # name, message
  fail=$((fail+1)); echo "FAIL: $1${2:+: $2}"
}
compare() {  # name, expected-file, actual-file
  local name=$1 expected=$2 actual=$3
  if [ "${REFRESH:-0}" = 1 ]; then
    cp "$actual" "$expected"; pass=$((pass+1)); return
  fi
  if [ ! -f "$expected" ]; then
    failed "$name" "no expected file $expected"; return
  fi
  if cmp -s "$expected" "$actual"; then
    pass=$((pass+1))
  else
    failed "$name"
    # diff hides nothing here: markers show a missing final newline.
    diff "$expected" "$actual" | head -20
  fi
}

# 1. Checker cases: tests/golden/check/NAME.tariff (or a folder NAME/) ->
#    NAME.expected: the exit status, then stderr of `tarifc check`; with
#    NAME.json.expected also the exit status and stdout of --format json.
for t in tests/golden/check/*.tariff tests/golden/check/*/; do
  [ -e "$t" ] || continue
  t=${t%/}; base=${t%.tariff}
  selected "$t" || continue
  "$tarifc" check "$t" >/dev/null 2>"$tmp/err"; rc=$?
  { printf 'exit %s\n' "$rc"; encode "$tmp/err"; } > "$tmp/actual"
  compare "$t" "$base.expected" "$tmp/actual"
  if [ -f "$base.json.expected" ]; then
    "$tarifc" check --format json "$t" >"$tmp/out" 2>/dev/null; rc=$?
    { printf 'exit %s\n' "$rc"; encode "$tmp/out"; } > "$tmp/actual"
    compare "$t (json)" "$base.json.expected" "$tmp/actual"
  fi
done
# Every expected file belongs to a case that still exists.
for e in tests/golden/check/*.expected; do
  [ -e "$e" ] || continue
  selected "$e" || continue
  base=${e%.expected}; base=${base%.json}
  [ -e "$base.tariff" ] || [ -d "$base" ] || failed "$e" "no case $base.tariff or $base/ for it"
done

# 2. Evaluation cases: a folder with a `case` file holding the arguments
#    after `tarifc eval`; each expected-FORMAT file holds the exit status,
#    stdout and stderr of that run with --format FORMAT (`explain`: --explain
#    --format json; `explain-table`: --explain; `explain-csv`: --explain
#    --format csv). A case needs at least one.
for d in tests/golden/eval/*/; do
  d=${d%/}
  selected "$d" || continue
  [ -f "$d/case" ] || failed "$d" "a folder under tests/golden/eval without a case file"
done
for c in $(find tests/golden/eval examples -name case -type f | sort); do
  dir=$(dirname "$c")
  selected "$dir" || continue
  read -r -a args < "$c"
  found=0
  for exp in "$dir"/expected-*; do
    [ -e "$exp" ] || continue
    found=1
    fmt=${exp##*/expected-}
    case $fmt in
      explain) extra=(--explain --format json);;
      explain-table) extra=(--explain);;
      explain-csv) extra=(--explain --format csv);;
      json|csv|table) extra=(--format "$fmt");;
      *) failed "$exp" "unknown format '$fmt' (json, csv, table, explain, explain-table, explain-csv)"; continue;;
    esac
    [ -n "${EVAL_THREADS:-}" ] && extra+=(--threads "$EVAL_THREADS")
    (cd "$dir" && "$tarifc" eval "${args[@]}" "${extra[@]}") >"$tmp/out" 2>"$tmp/err"; rc=$?
    { printf 'exit %s\n' "$rc"; encode "$tmp/out"; printf -- '--- stderr\n'; encode "$tmp/err"; } > "$tmp/actual"
    compare "$dir ($fmt)" "$exp" "$tmp/actual"
  done
  [ "$found" = 1 ] || failed "$dir" "a case without any expected-FORMAT file (create an empty one and refresh)"
done
# 3. Command cases (fmt, test, diff, check's CI formats, ...): a folder
#    tests/golden/cmd/NAME with an `args` file holding the whole command line
#    after `tarifc` (one line, words split on blanks, run inside the folder;
#    `stdin`, when present, is the standard input) and `expected`: the exit
#    status, stdout and stderr of that run. A case may have more runs:
#    args-X and expected-X pairs (e.g. args-json / expected-json).
for d in tests/golden/cmd/*/; do
  d=${d%/}
  selected "$d" || continue
  found=0
  for a in "$d"/args "$d"/args-*; do
    [ -e "$a" ] || continue
    found=1
    suffix=${a##*/args}
    read -r -a args < "$a"
    input=/dev/null
    [ -f "$d/stdin" ] && input=$d/stdin
    (cd "$d" && "$tarifc" "${args[@]}") <"$input" >"$tmp/out" 2>"$tmp/err"; rc=$?
    { printf 'exit %s\n' "$rc"; encode "$tmp/out"; printf -- '--- stderr\n'; encode "$tmp/err"; } > "$tmp/actual"
    compare "$d${suffix:+ ($suffix)}" "$d/expected$suffix" "$tmp/actual"
  done
  [ "$found" = 1 ] || failed "$d" "a folder under tests/golden/cmd without an args file"
  for e in "$d"/expected*; do
    [ -e "$e" ] || continue
    [ -f "$d/args${e##*/expected}" ] || failed "$e" "no args${e##*/expected} for it"
  done
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
