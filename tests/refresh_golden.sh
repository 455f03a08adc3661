#!/usr/bin/env bash
# Rewrites every golden expected file from the current build. Review the
# diff (ONLY=substring refreshes just the matching cases) (git diff tests/ examples/) before committing: a golden file is a
# claim about behaviour, not a snapshot to wave through.
set -euo pipefail
cd "$(dirname "$0")/.."
REFRESH=1 bash tests/run_golden.sh "${1:-build/tarifc}"
