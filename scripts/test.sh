#!/usr/bin/env bash
# Builds tarifc and runs the whole test suite: unit tests, golden files,
# robustness cases and the fuzz corpus replay in a Release build, and the
# SARIF of check's golden cases through Microsoft's validator, the compare
# charts and pages rendered and checked as images, and the
# pricing team's CI of docs/ci.md over tariffs/ (scripts/tariff-ci.sh), then again
# in an ASan+UBSan build, then the golden files and the thread-count test
# under ThreadSanitizer, then all of it again built with clang++ (-Werror),
# then each fuzz target for 60 s (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure)

# check --format sarif on every golden SARIF case (clean, warnings, errors,
# non-ASCII columns, a folder, an unreadable path) must pass Microsoft's
# SARIF validator with zero errors (scripts/sarif-validate.sh installs it
# once into .tools/).
sarif_dir=$(mktemp -d) root=$PWD
for a in tests/golden/cmd/check-sarif-*/args*; do
  d=$(dirname "$a"); name=$(basename "$d")${a##*/args}
  read -r -a words < "$a"
  (cd "$d" && "$root/build/tarifc" "${words[@]}") > "$sarif_dir/$name.sarif" 2>/dev/null || true
done
bash scripts/sarif-validate.sh "$sarif_dir"/*.sarif
rm -rf "$sarif_dir"

# tarifc compare's charts and pages are checked as images, not only as text:
# every golden chart and HTML page, the chart docs/choosing-a-plan.md shows,
# and the unit tests' sample charts (degenerate ranges, hostile text, eight
# plans) rendered (rsvg-convert for SVG, headless Chromium for HTML) and the
# image checked by scripts/render-check.py.
render_dir=$(mktemp -d)
for a in tests/golden/cmd/compare-*/args*; do
  case $a in *chart*) ext=svg;; *html*) ext=html;; *) continue;; esac
  d=$(dirname "$a"); name=$(basename "$d")${a##*/args}
  read -r -a words < "$a"
  (cd "$d" && "$root/build/tarifc" "${words[@]}") > "$render_dir/$name.$ext"
done
cp docs/examples/choosing-a-plan/*.svg "$render_dir/"
mkdir "$render_dir/unit"
TARIFC_CHART_DUMP="$render_dir/unit" build/unit_tests --test-case='compare chart*,compare html*' >/dev/null
python3 scripts/render-check.py "$render_dir"/*.svg "$render_dir"/*.html "$render_dir"/unit/*
rm -rf "$render_dir"

# The pricing team's CI of docs/ci.md over this repository's own tariffs:
# fmt --check, check --deny-warnings --format sarif (validated), test --format
# junit --min-coverage 100 (parsed as XML), diff against the previous commit.
bash scripts/tariff-ci.sh build/tarifc

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

# clang++ (Debian 12's clang 14) must build everything with -Werror, and
# what it builds must pass the same tests.
cmake -S . -B build-clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-clang -j"$jobs"
(cd build-clang && ctest --output-on-failure)

# libFuzzer: each target for 60 s; any finding fails.
bash scripts/fuzz.sh
