#!/usr/bin/env bash
# Benchmark of `tarifc eval` on a synthetic CCC workload (bench/generate.py).
#
#   bench/run.sh                      # 1,000,000 calls, 2,000 accounts, 3 months
#   CALLS=100000 ACCOUNTS=200 bench/run.sh
#
# Environment overrides:
#   CALLS (1000000), ACCOUNTS (2000), MONTHS (3), FROM (2019-07), SEED (1),
#   RUNS (3), BUILD_DIR (build), DATA_ROOT (${TMPDIR:-/tmp}), TARIFC (a binary
#   to time instead of building BUILD_DIR/tarifc).
# The generated files are cached in DATA_ROOT/tarifc-bench-<parameters>-<hash
# of generate.py> and reused by later runs with the same parameters.
set -euo pipefail
cd "$(dirname "$0")/.."

CALLS=${CALLS:-1000000}
ACCOUNTS=${ACCOUNTS:-2000}
MONTHS=${MONTHS:-3}
FROM=${FROM:-2019-07}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
BUILD_DIR=${BUILD_DIR:-build}
DATA_ROOT=${DATA_ROOT:-${TMPDIR:-/tmp}}

# --to: the last of MONTHS months starting at FROM.
TO=$(python3 -c "import sys
y, m = map(int, sys.argv[1].split('-')); n = y * 12 + m - 1 + int(sys.argv[2]) - 1
print(f'{n // 12:04d}-{n % 12 + 1:02d}')" "$FROM" "$MONTHS")

# ---------------------------------------------------------------- tools
if [ ! -x /usr/bin/time ]; then
  echo "run.sh: /usr/bin/time missing; installing the 'time' package" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
  else
    sudo apt-get install -y time >/dev/null
  fi
fi

# ---------------------------------------------------------------- data (cached)
gen_hash=$(sha256sum bench/generate.py | cut -c1-12)
DATA="$DATA_ROOT/tarifc-bench-a${ACCOUNTS}-c${CALLS}-m${MONTHS}-f${FROM}-s${SEED}-${gen_hash}"
if [ ! -f "$DATA/.complete" ]; then
  echo "run.sh: generating $CALLS calls over $ACCOUNTS accounts, $FROM..$TO into $DATA" >&2
  rm -rf "$DATA"
  python3 bench/generate.py --accounts "$ACCOUNTS" --calls "$CALLS" --from "$FROM" \
      --months "$MONTHS" --seed "$SEED" --out "$DATA"
  touch "$DATA/.complete"
else
  echo "run.sh: reusing $DATA" >&2
fi

# ---------------------------------------------------------------- binary
if [ -n "${TARIFC:-}" ]; then
  bin=$TARIFC
else
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")
  if [ "$build_type" != Release ]; then
    echo "run.sh: $BUILD_DIR is a '$build_type' build; timing needs Release (set BUILD_DIR)" >&2
    exit 2
  fi
  cmake --build "$BUILD_DIR" --target tarifc -j"$(nproc)" >/dev/null
  bin=$BUILD_DIR/tarifc
fi

# ---------------------------------------------------------------- timing
accounts_mib=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1])/2**20:.2f}')" "$DATA/accounts.json")
usage_bytes=$(stat -c %s "$DATA/calls.csv")
usage_mib=$(python3 -c "print(f'{$usage_bytes/2**20:.1f}')")
rows=$(( $(wc -l < "$DATA/calls.csv") - 1 ))
cmd=("$bin" eval tariffs/aliyun-ccc --accounts "$DATA/accounts.json" --usage "$DATA/calls.csv"
     --from "$FROM" --to "$TO" --format json)
echo "command: ${cmd[*]} >/dev/null"
echo "input:   $rows usage rows, calls.csv $usage_mib MiB ($usage_bytes bytes), accounts.json $accounts_mib MiB"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
walls=()
for i in $(seq 1 "$RUNS"); do
  rc=0
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$log" "${cmd[@]}" >/dev/null || rc=$?
  t1=$(date +%s%N)
  if [ "$rc" != 0 ]; then
    echo "run $i: tarifc exited with status $rc" >&2
    cat "$log" >&2
    exit 1
  fi
  # Wall time from date(1) in ns (time -v prints only centiseconds).
  read -r wall rss_mib user sys < <(python3 - "$log" "$((t1 - t0))" <<'EOF'
import sys
wall = int(sys.argv[2]) / 1e9
rss = user = sys_ = None
for line in open(sys.argv[1]):
    key, _, value = line.strip().rpartition(": ")
    if key == "Maximum resident set size (kbytes)":
        rss = int(value) / 1024
    elif key == "User time (seconds)":
        user = float(value)
    elif key == "System time (seconds)":
        sys_ = float(value)
print(f"{wall:.3f} {rss:.1f} {user:.2f} {sys_:.2f}")
EOF
)
  rate=$(python3 -c "print(f'{$rows / max($wall, 0.01):,.0f}')")
  echo "run $i: wall ${wall} s, max RSS ${rss_mib} MiB, user ${user} s, sys ${sys} s, ${rate} rows/s"
  walls+=("$wall")
done
python3 - "$rows" "$usage_bytes" "${walls[@]}" <<'EOF'
import statistics, sys
rows, size, walls = int(sys.argv[1]), int(sys.argv[2]), [float(w) for w in sys.argv[3:]]
best, med = min(walls), statistics.median(walls)
print(f"summary: best {best:.3f} s, median {med:.3f} s over {len(walls)} runs; "
      f"{rows / max(med, 0.01):,.0f} rows/s, {size / 2**20 / max(med, 0.01):.1f} MiB/s (median)")
EOF
