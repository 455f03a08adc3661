#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF validator (the `validate` verb
# of the npm package @microsoft/sarif-multitool, pinned below); fails unless
# every file has zero errors. Warnings and notes of the validator's own
# rules (SARIF1xxx/SARIF2xxx) are printed but do not fail the run.
# Usage: scripts/sarif-validate.sh FILE.sarif...
#
# The package is installed once into .tools/ (ignored by git) and reused:
# the run is idempotent and offline after the first one. npm may skip the
# package's install script (npm 11 asks for scripts to be approved), which
# leaves the bundled binary without its run bit: it is set here.
set -euo pipefail
(($#)) || { echo "usage: $0 FILE.sarif..." >&2; exit 2; }
# The validator silently skips a file whose name does not end in .sarif (and
# one that does not exist) and then reports no error for it.
for f in "$@"; do
  case $f in *.sarif) ;; *) echo "sarif-validate: $f: the name must end in .sarif" >&2; exit 2;; esac
  [ -f "$f" ] || { echo "sarif-validate: $f: no such file" >&2; exit 2; }
done
version=5.7.0
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${SARIF_TOOLS_DIR:-$root/.tools}/sarif-multitool-$version
case $(uname -s) in
  Linux) platform=linux;; Darwin) platform=darwin;; *) platform=win32;;
esac
tool=$prefix/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool
if [ ! -f "$tool" ]; then
  command -v npm >/dev/null || { echo "sarif-validate: npm is missing (scripts/setup.sh installs it)" >&2; exit 2; }
  echo "sarif-validate: installing @microsoft/sarif-multitool@$version into $prefix" >&2
  mkdir -p "$prefix"
  # Both packages pinned: the platform binary is only an optional dependency
  # with a version range.
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$version" "@microsoft/sarif-multitool-$platform@$version" >&2
fi
chmod u+x "$tool"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The validator's exit status is 0 even when a file is invalid: its own SARIF
# log (-o) is what tells.
# Invariant globalization: the .NET binary then needs no libicu.
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 "$tool" validate --log ForceOverwrite -o "$log" "$@" >&2
python3 - "$log" "$@" <<'PY'
import json, sys
log = json.load(open(sys.argv[1], encoding="utf-8"))
counts = {"error": 0, "warning": 0, "note": 0}
for run in log.get("runs", []):
    for inv in run.get("invocations", []):
        if not inv.get("executionSuccessful", False):
            print("sarif-validate: the validator did not run to completion", file=sys.stderr)
            counts["error"] += 1
        for n in inv.get("toolExecutionNotifications", []) + inv.get("toolConfigurationNotifications", []):
            if n.get("level", "warning") == "error":
                print("sarif-validate: " + n.get("message", {}).get("text", ""), file=sys.stderr)
                counts["error"] += 1
    for r in run.get("results", []):
        level = r.get("level", "warning")
        counts[level] = counts.get(level, 0) + 1
print(f"sarif-validate: {len(sys.argv) - 2} file(s): {counts['error']} error(s), {counts['warning']} warning(s), "
      f"{counts['note']} note(s)", file=sys.stderr)
sys.exit(1 if counts["error"] else 0)
PY
