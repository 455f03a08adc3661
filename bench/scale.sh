#!/usr/bin/env bash
# Scale checks: bench/run.sh's pair measurement (tarifc and bench/reference.cpp
# alternately) over workloads of different shapes, then one table.
#
#   bench/scale.sh
#
# Workloads (3 months from 2019-07, generated and cached by run.sh):
#   100k         100,000 calls over 2,000 accounts
#   1M           1,000,000 calls over 2,000 accounts (run.sh's default workload)
#   5M           5,000,000 calls over 2,000 accounts (BIG_PAIRS pairs: it is slow)
#   100k-acc     100,000 accounts with 10 calls each (1,000,000 calls, SPREAD=even)
#   1-account    one account with 1,000,000 calls
# Each workload also gets run.sh's untimed check that tarifc and the reference
# count the same rows rated, rejected and out of period.
#
# Environment: PAIRS (3) pairs per workload, BIG_PAIRS (1) for the 5M one;
# BUILD_DIR, JOBS, DATA_ROOT, TARIFC, REFERENCE as for run.sh.
# Exit 0; 1 if a workload's counts differ; 2 on trouble.
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS=${PAIRS:-3}
BIG_PAIRS=${BIG_PAIRS:-1}
results=$(mktemp)
trap 'rm -f "$results"' EXIT

status=0
names=()
run() {  # NAME, then environment assignments for run.sh
  local name=$1 rc=0
  shift
  echo "==== $name: $*"
  env "$@" RESULT_FILE="$results" bash bench/run.sh || rc=$?
  if [ "$rc" = 2 ]; then exit 2; fi
  if [ "$rc" != 0 ]; then status=1; fi
  names+=("$name")
}

run 100k      CALLS=100000  ACCOUNTS=2000   PAIRS="$PAIRS"
run 1M        CALLS=1000000 ACCOUNTS=2000   PAIRS="$PAIRS"
run 5M        CALLS=5000000 ACCOUNTS=2000   PAIRS="$BIG_PAIRS"
run 100k-acc  CALLS=1000000 ACCOUNTS=100000 PAIRS="$PAIRS" SPREAD=even
run 1-account CALLS=1000000 ACCOUNTS=1      PAIRS="$PAIRS"

echo
python3 - "$results" "${names[@]}" <<'EOF'
import sys
lines = open(sys.argv[1]).read().splitlines()
names = sys.argv[2:]
head = ["workload", "rows", "pairs", "tarifc wall (median)", "reference wall (median)", "ratio (median of pairs)",
        "tarifc peak RSS", "reference peak RSS", "tarifc RSS bytes/row"]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for name, line in zip(names, lines):
    r = dict(kv.split("=") for kv in line.split())
    print(f"| {name} | {int(r['rows']):,} | {r['pairs']} | {r['t_wall']} s | {r['r_wall']} s | {r['ratio']} | "
          f"{r['t_rss_mib']} MiB | {r['r_rss_mib']} MiB | {r['t_bytes_per_row']} |")
EOF
exit "$status"
