#!/usr/bin/env bash
# Builds tarifc and runs the whole test suite: unit tests, golden files and
# robustness cases in a Release build, then again in an ASan+UBSan build,
# then the golden files and the thread-count test under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure)

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTARIFC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure)

# The evaluator's worker threads under ThreadSanitizer: every golden case
# (they include multi-month evaluations) with four workers, whatever the
# machine's cores, and the thread-count test (1, 2, 3 and 8 workers on a
# generated corpus) must run without a report.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARIFC_TSAN=ON >/dev/null
cmake --build build-tsan -j"$jobs" --target tarifc
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
EVAL_THREADS=4 bash tests/run_golden.sh build-tsan/tarifc
TARIFC_SANITIZED=1 bash tests/threads.sh build-tsan/tarifc
