#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang++, -DTARIFC_FUZZ=ON:
# libFuzzer + ASan + UBSan) and runs each one for FUZZ_SECONDS (default 60)
# with its dictionary, on a temporary copy of its corpus so that the
# repository is not modified. Any finding (crash, sanitizer report, leak,
# an input over 1 s, over 2 GB) fails: its log is printed and the input
# kept under build-fuzz/findings/. docs/reliability.md, "Fuzzing".
#
#   bash scripts/fuzz.sh                    # every target, 60 s each
#   FUZZ_SECONDS=10 bash scripts/fuzz.sh eval accounts
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
((${#targets[@]})) || targets=(tariff tariff_folder accounts eval tariff_eval fmt spec)
jobs=$(nproc)

cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARIFC_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target "${targets[@]/#/fuzz_}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p build-fuzz/findings
status=0
for t in "${targets[@]}"; do
  cp -r "tests/fuzz/corpus/$t" "$work/$t"
  mkdir -p "$work/artifacts-$t"
  if build-fuzz/"fuzz_$t" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -entropic=0 \
       -dict="tests/fuzz/$t.dict" -artifact_prefix="$work/artifacts-$t/" -print_final_stats=1 \
       "$work/$t" >"$work/$t.log" 2>&1; then
    echo "fuzz: $t: $(grep -E '^#[0-9]+.*DONE' "$work/$t.log" | tail -1)"
  else
    echo "fuzz: $t: FINDING" >&2
    tail -n 80 "$work/$t.log" >&2
    cp "$work/artifacts-$t"/* build-fuzz/findings/ 2>/dev/null || true
    echo "fuzz: the input is kept in build-fuzz/findings/" >&2
    status=1
  fi
done
exit "$status"
