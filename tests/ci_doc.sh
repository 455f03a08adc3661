#!/usr/bin/env bash
# docs/ci.md cannot drift from what runs: every `tarifc` command of its YAML
# jobs must be, word for word (output redirections aside), one of the
# commands scripts/tariff-ci.sh runs over this repository's tariffs in CI;
# and every command of the script must appear in both jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import re, sys

def norm(cmd):
    cmd = cmd.split(" || ")[0]
    cmd = re.split(r"\s+>\s+", cmd)[0]
    return cmd.replace('"$work/base/', "../base/").replace('"', "").strip()

script = [norm(l) for l in open("scripts/tariff-ci.sh", encoding="utf-8") if l.startswith("tarifc ")]
if len(script) < 5:
    sys.exit(f"ci_doc: scripts/tariff-ci.sh runs {len(script)} tarifc commands; expected at least 5")
doc = open("docs/ci.md", encoding="utf-8").read()
jobs = re.findall(r"```yaml\n(.*?)```", doc, re.S)
if len(jobs) != 2:
    sys.exit(f"ci_doc: docs/ci.md has {len(jobs)} yaml blocks; expected 2 (GitHub Actions, GitLab CI)")
failed = 0
for n, job in enumerate(jobs, 1):
    found = []
    for line in job.split("\n"):
        m = re.match(r"\s*(?:run:\s*|-\s+)?(tarifc\s.*)$", line)
        if m:
            found.append(norm(m.group(1)))
    for c in found:
        if c not in script:
            print(f"ci_doc: docs/ci.md job {n} runs a command tariff-ci.sh does not: {c}")
            failed += 1
    # GitLab's job leaves out the annotations (GitHub only).
    for c in script:
        if c not in found and not (n == 2 and "--format github" in c):
            print(f"ci_doc: docs/ci.md job {n} lacks: {c}")
            failed += 1
if failed:
    sys.exit(1)
print(f"ci_doc: {len(script)} commands, both jobs agree with scripts/tariff-ci.sh")
PY
