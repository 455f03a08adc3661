#!/usr/bin/env bash
# `tarifc test --format junit` must be well-formed JUnit XML, read by a real
# XML parser (python3's xml.etree), for passing tests, failing tests (with
# their explain traces) and names full of characters XML escapes.
# Usage: test_junit.sh path/to/tarifc
set -uo pipefail
tarifc=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

check() {  # check NAME EXPECTED-STATUS TESTS FAILURES ARGS...
    local name=$1 status=$2 tests=$3 failures=$4
    shift 4
    "$tarifc" test --format junit "$@" >"$work/out.xml" 2>"$work/err"
    local got=$?
    if [ "$got" != "$status" ]; then
        echo "FAIL $name: exit $got, expected $status"; cat "$work/err"; fail=1; return
    fi
    if ! python3 - "$work/out.xml" "$tests" "$failures" <<'PY'; then
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
cases = root.findall("./testsuite/testcase")
failures = root.findall("./testsuite/testcase/failure")
assert len(cases) == int(sys.argv[2]), (len(cases), sys.argv[2])
assert len(failures) == int(sys.argv[3]), (len(failures), sys.argv[3])
assert root.get("tests") == sys.argv[2] and root.get("failures") == str(len({id(c) for c in cases if c.find("failure") is not None}))
for f in failures:
    assert f.get("message") and f.text and "E1120" in f.text
PY
        echo "FAIL $name: not the JUnit XML expected"; cat "$work/out.xml"; fail=1; return
    fi
    echo "ok   $name"
}

check shipped 0 46 0 "$root/tariffs" --coverage
# Failing expectations, with names and texts that XML must escape.
mkdir -p "$work/t"
cat >"$work/t/escape.tariff-test" <<TEST
tariff "$root/tariffs/aliyun-ccc"
period 2019-07 to 2019-07
accounts {"accounts": [{"id": "a<&>'\"", "plan": "ccc-seat", "seats": 3, "numbers": []}]}
usage {
  account,call_id,start,direction,number,duration_s
}
test "<seats> & \"quotes\" 'apostrophes' ]]> \\\\" {
  expect line account "a<&>'\\"" 2019-07 "seats" amount = 597.01 CNY, quantity = 4 seat
  expect total account "a<&>'\\"" 2019-07 = 1 CNY
}
test "passes" {
  expect total account "a<&>'\\"" 2019-07 = 597 CNY
}
TEST
check escaping 1 2 3 "$work/t"
exit $fail
