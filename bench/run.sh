#!/usr/bin/env bash
# Benchmark of `tarifc eval` on a synthetic CCC workload (bench/generate.py),
# side by side with the hand-written program bench/reference.cpp.
#
#   bench/run.sh                      # 1,000,000 calls, 2,000 accounts, 3 months, 5 pairs
#   PAIRS=9 bench/run.sh
#   CALLS=100000 ACCOUNTS=200 bench/run.sh
#   EXPECT=saved.json bench/run.sh    # also: tarifc's output must equal saved.json
#
# Runs tarifc and the reference alternately (one pair = tarifc, then the
# reference), each under /usr/bin/time -v: wall time from date +%s%N, peak
# RSS, user + system CPU. Absolute times on a shared machine swing by 30% or
# more; the ratio within a pair is the figure that counts. Before timing, one
# untimed run of each: tarifc's JSON output is kept (its sha256 printed, and
# compared with EXPECT when given) and its summary counts (rated, rejected,
# out of period) must equal the reference's — the proof that both did the same
# work. Exit 0; 1 if the counts or the EXPECT comparison differ; 2 on trouble.
#
# Environment overrides:
#   CALLS (1000000), ACCOUNTS (2000), MONTHS (3), FROM (2019-07), SEED (1),
#   SPREAD (pareto: skewed traffic; even: call i goes to account i mod ACCOUNTS),
#   PAIRS (5), BUILD_DIR (build), JOBS (2, build parallelism),
#   DATA_ROOT (${TMPDIR:-/tmp}), TARIFC (a binary to time instead of building
#   BUILD_DIR/tarifc), REFERENCE (likewise for BUILD_DIR/bench_reference),
#   EXPECT (a file tarifc's JSON output must equal byte for byte),
#   RESULT_FILE (append one line of key=value results to it; bench/scale.sh uses it).
# The generated files are cached in DATA_ROOT/tarifc-bench-<parameters>-<hash
# of generate.py> and reused by later runs with the same parameters.
set -euo pipefail
cd "$(dirname "$0")/.."

CALLS=${CALLS:-1000000}
ACCOUNTS=${ACCOUNTS:-2000}
MONTHS=${MONTHS:-3}
FROM=${FROM:-2019-07}
SEED=${SEED:-1}
SPREAD=${SPREAD:-pareto}
PAIRS=${PAIRS:-5}
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}
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
spread_key=""
[ "$SPREAD" = pareto ] || spread_key="-$SPREAD"
DATA="$DATA_ROOT/tarifc-bench-a${ACCOUNTS}-c${CALLS}-m${MONTHS}-f${FROM}-s${SEED}${spread_key}-${gen_hash}"
if [ ! -f "$DATA/.complete" ]; then
  echo "run.sh: generating $CALLS calls over $ACCOUNTS accounts ($SPREAD), $FROM..$TO into $DATA" >&2
  rm -rf "$DATA"
  python3 bench/generate.py --accounts "$ACCOUNTS" --calls "$CALLS" --from "$FROM" \
      --months "$MONTHS" --seed "$SEED" --spread "$SPREAD" --out "$DATA"
  touch "$DATA/.complete"
else
  echo "run.sh: reusing $DATA" >&2
fi

# ---------------------------------------------------------------- binaries
if [ -z "${TARIFC:-}" ] || [ -z "${REFERENCE:-}" ]; then
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")
  if [ "$build_type" != Release ]; then
    echo "run.sh: $BUILD_DIR is a '$build_type' build; timing needs Release (set BUILD_DIR)" >&2
    exit 2
  fi
  targets=()
  [ -n "${TARIFC:-}" ] || targets+=(--target tarifc)
  [ -n "${REFERENCE:-}" ] || targets+=(--target bench_reference)
  cmake --build "$BUILD_DIR" "${targets[@]}" -j"$JOBS" >/dev/null
fi
tarifc_bin=${TARIFC:-$BUILD_DIR/tarifc}
reference_bin=${REFERENCE:-$BUILD_DIR/bench_reference}

# ---------------------------------------------------------------- inputs
accounts_mib=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1])/2**20:.2f}')" "$DATA/accounts.json")
usage_bytes=$(stat -c %s "$DATA/calls.csv")
usage_mib=$(python3 -c "print(f'{$usage_bytes/2**20:.1f}')")
rows=$(( $(wc -l < "$DATA/calls.csv") - 1 ))
tcmd=("$tarifc_bin" eval tariffs/aliyun-ccc --accounts "$DATA/accounts.json" --usage "$DATA/calls.csv"
      --from "$FROM" --to "$TO" --format json)
rcmd=("$reference_bin" "$DATA/accounts.json" "$DATA/calls.csv" "$FROM" "$TO")
echo "tarifc:    ${tcmd[*]} >/dev/null"
echo "reference: ${rcmd[*]}"
echo "input:     $rows usage rows, calls.csv $usage_mib MiB ($usage_bytes bytes), accounts.json $accounts_mib MiB"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------- same work?
# One untimed run of each (it also warms the page cache).
status=0
"${tcmd[@]}" >"$work/tarifc.json"
"${rcmd[@]}" >"$work/reference.txt"
echo "tarifc output: sha256 $(sha256sum "$work/tarifc.json" | cut -d' ' -f1), $(stat -c %s "$work/tarifc.json") bytes"
if [ -n "${EXPECT:-}" ]; then
  if cmp -s "$work/tarifc.json" "$EXPECT"; then
    echo "tarifc output: byte-identical to $EXPECT"
  else
    echo "tarifc output: DIFFERS from $EXPECT" >&2
    status=1
  fi
fi
counts=$(python3 - "$work/tarifc.json" "$work/reference.txt" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
words = open(sys.argv[2]).read().split()
r = {words[i]: int(words[i + 1]) for i in range(0, 8, 2)}
keys = ["rows", "rated", "rejected", "out_of_period"]
t = " ".join(f"{k} {s[k]}" for k in keys)
ref = " ".join(f"{k} {r[k]}" for k in keys)
print(f"counts: tarifc {t}; reference {ref}; " + ("equal" if t == ref else "DIFFERENT"))
EOF
)
echo "$counts"
case $counts in *DIFFERENT) status=1 ;; esac

# ---------------------------------------------------------------- timing
# One timed run: "wall_s rss_kib cpu_s" (CPU = user + system).
timed() {
  local log=$work/time.log rc=0 t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$log" "$@" >/dev/null || rc=$?
  t1=$(date +%s%N)
  if [ "$rc" != 0 ]; then
    echo "run.sh: $1 exited with status $rc" >&2
    cat "$log" >&2
    exit 2
  fi
  awk -v ns=$((t1 - t0)) -F': ' '
    /Maximum resident set size/ { rss = $2 }
    /User time \(seconds\)/ { user = $2 }
    /System time \(seconds\)/ { sys = $2 }
    END { printf "%.3f %d %.2f\n", ns / 1e9, rss, user + sys }' "$log"
}

results=()
for i in $(seq 1 "$PAIRS"); do
  t=$(timed "${tcmd[@]}")
  r=$(timed "${rcmd[@]}")
  read -r tw trss tcpu <<<"$t"
  read -r rw rrss rcpu <<<"$r"
  results+=("$tw $trss $tcpu $rw $rrss $rcpu")
  awk -v i="$i" -v tw="$tw" -v rw="$rw" -v tc="$tcpu" -v rc="$rcpu" -v tr="$trss" -v rr="$rrss" 'BEGIN {
    printf "pair %d: tarifc %.3f s, reference %.3f s, ratio %.2f | CPU %.2f / %.2f s, ratio %.2f | peak RSS %.1f / %.1f MiB\n",
      i, tw, rw, tw / rw, tc, rc, tc / rc, tr / 1024, rr / 1024 }'
done

python3 - "$rows" "$PAIRS" "${RESULT_FILE:-}" "${results[@]}" <<'EOF'
import statistics as st, sys
rows, pairs, result_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
runs = [list(map(float, r.split())) for r in sys.argv[4:]]
tw, trss, tc, rw, rrss, rc = (list(col) for col in zip(*runs))
med = st.median
wall_pair = med([a / b for a, b in zip(tw, rw)])
wall_meds = med(tw) / med(rw)
cpu_pair = med([a / b for a, b in zip(tc, rc)])
cpu_meds = med(tc) / med(rc)
tpeak, rpeak = max(trss) / 1024, max(rrss) / 1024
note = "" if pairs >= 5 else f"  (only {pairs} pairs; the reported figure needs at least 5)"
print(f"tarifc/reference wall: median of pair ratios {wall_pair:.2f}, ratio of medians {wall_meds:.2f}{note}")
print(f"tarifc/reference CPU:  median of pair ratios {cpu_pair:.2f}, ratio of medians {cpu_meds:.2f}")
print(f"tarifc    wall median {med(tw):.3f} s (min {min(tw):.3f}, max {max(tw):.3f}), "
      f"CPU median {med(tc):.2f} s, peak RSS {tpeak:.1f} MiB (max of {pairs} runs)")
print(f"reference wall median {med(rw):.3f} s (min {min(rw):.3f}, max {max(rw):.3f}), "
      f"CPU median {med(rc):.2f} s, peak RSS {rpeak:.1f} MiB (max of {pairs} runs)")
print(f"tarifc: {rows / med(tw):,.0f} rows/s (median wall), {max(trss) * 1024 / max(rows, 1):.0f} bytes of peak RSS per row")
if result_file:
    with open(result_file, "a") as f:
        f.write(f"rows={rows} pairs={pairs} t_wall={med(tw):.3f} r_wall={med(rw):.3f} ratio={wall_pair:.2f} "
                f"ratio_meds={wall_meds:.2f} cpu_ratio={cpu_pair:.2f} t_rss_mib={tpeak:.1f} r_rss_mib={rpeak:.1f} "
                f"t_bytes_per_row={max(trss) * 1024 / max(rows, 1):.0f}\n")
EOF
exit "$status"
