#!/usr/bin/env bash
# The pricing team's CI of docs/ci.md, run over this repository's own
# tariffs: the same four commands as the GitHub Actions and GitLab jobs
# there (tests/ci_doc.sh checks that every `tarifc` command of those jobs is
# one of the commands below, word for word).
# Usage: scripts/tariff-ci.sh path/to/tarifc [BASE]
#   BASE: the git revision whose tariffs/ is the price book before (the
#   "base branch"); default HEAD~1, or HEAD itself in a clone without history.
set -euo pipefail
tarifc_bin=$(realpath "$1")
base=${2:-HEAD~1}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$tarifc_bin" "$work/bin/tarifc"
export PATH="$work/bin:$PATH"
step() { printf '\n== tariff-ci: %s\n' "$*" >&2; }

# The base branch's price book, beside this one (a pull request job checks
# out the target branch the same way).
git rev-parse -q --verify "$base^{commit}" >/dev/null 2>&1 || base=HEAD
mkdir -p "$work/base"
git archive "$base" tariffs | tar -x -C "$work/base"

step "1. the layout is canonical"
tarifc fmt --check tariffs

step "2. the price book is sound, with no warning nobody accepted (SARIF for code scanning)"
tarifc check --deny-warnings --format sarif tariffs > "$work/tarifc.sarif"
bash scripts/sarif-validate.sh "$work/tarifc.sarif"
# The same findings as workflow commands (GitHub shows each on its line).
tarifc check --format github tariffs

step "3. the analysts' tests pass and exercise every rule (JUnit for the test report)"
tarifc test tariffs --format junit --min-coverage 100 > "$work/tarifc-tests.xml"
python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$work/tarifc-tests.xml"

step "4. what the change does to the customers' bills (markdown for the pull request)"
tarifc diff "$work/base/tariffs/aliyun-ccc" tariffs/aliyun-ccc --accounts examples/ccc-multi-month/accounts.json --usage examples/ccc-multi-month/calls.csv --from 2019-07 --to 2019-09 --format markdown --fail-if-any-increase 10 > "$work/impact.md"
cat "$work/impact.md" >&2
step "passed"
