#!/usr/bin/env bash
# Placeholder until the robustness suite lands: asserts the binary runs.
set -euo pipefail
"$1" --version | grep -q tarifc
echo "robustness: 1 passed, 0 failed"
