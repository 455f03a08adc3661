#!/usr/bin/env python3
"""Generate a synthetic CCC workload for `tarifc eval` (../shared/ccc-billing.md §2).

Writes OUT/accounts.json (M accounts, valid per §2.1) and OUT/calls.csv
(N calls, valid per §2.2 except ~0.5% deliberately bad rows). The output
depends only on the options: the same --seed gives byte-identical files.

    python3 bench/generate.py --accounts 2000 --calls 1000000 \
        --from 2019-07 --months 3 --out /tmp/ccc-bench --seed 1

Python standard library only.
"""

import argparse
import calendar
import datetime as dt
import json
import os
import random
import sys

# §1.3: valid (type, size) pairs.
PACK_SIZES = {
    "fixed-inbound": [10000, 30000, 50000, 100000, 500000, 1000000],
    "fixed-outbound": [10000, 30000, 50000, 100000, 500000, 1000000],
    "400-inbound": [10000, 30000, 100000, 300000, 1000000],
}
KINDS = ["aliyun-fixed", "aliyun-400", "third-party", "own-sip"]
BAD_KINDS = ["unknown-account", "bad-number", "400-outbound", "duplicate-id", "bad-timestamp"]
BAD_TIMESTAMPS = [
    "{d} {t}",            # space for T
    "{d}T{hm}",           # missing seconds
    "{d}T{t}.5",          # fraction of a second
    "{d}T24:00:00",       # hour 24
    "{d}T{t}+25:00",      # impossible offset
    "{y}-13-01T{t}",      # month 13
    "{y}-02-30T{t}",      # impossible day
    "",                   # empty
    "yesterday",
]


def month_add(year, month, n):
    m = year * 12 + (month - 1) + n
    return m // 12, m % 12 + 1


def parse_month(s):
    try:
        y, m = s.split("-")
        y, m = int(y), int(m)
        if len(s) != 7 or not 1 <= m <= 12:
            raise ValueError
        return y, m
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM, got {s!r}")


def random_date(rng, start, end):
    """A date in [start, end)."""
    days = (end - start).days
    return start + dt.timedelta(days=rng.randrange(max(days, 1)))


def make_accounts(rng, count, first_day, end_day):
    accounts = []
    number_seq = 0
    for i in range(count):
        plan = "ccc-seat" if rng.random() < 0.5 else "ccc-payg"
        acct = {"id": f"acct-{i:05d}", "plan": plan}
        if plan == "ccc-seat":
            # Cover all three volume brackets (1–99, 100–299, 300+).
            acct["seats"] = rng.choice([1, 5, 20, 99, 100, 150, 299, 300, 450])
        elif rng.random() < 0.3:
            acct["seats"] = 0
        n_numbers = rng.randint(2, 6)
        # Every account has an Alibaba fixed line; the rest are any kind.
        kinds = ["aliyun-fixed"] + [rng.choice(KINDS) for _ in range(n_numbers - 1)]
        numbers = []
        for kind in kinds:
            number_seq += 1
            if kind == "aliyun-400":
                num = {"number": f"400{number_seq:07d}", "kind": kind}
                if rng.random() < 0.5:
                    num["min_monthly_spend"] = rng.choice(["100", "300", "1000", "250.50"])
            elif kind == "aliyun-fixed":
                num = {"number": f"010{number_seq:08d}", "kind": kind}
                if rng.random() < 0.15:
                    num["monthly_rent"] = rng.choice(["500", "88.8", 120])
            elif kind == "third-party":
                num = {"number": f"020{number_seq:08d}", "kind": kind}
            else:
                num = {"number": f"021{number_seq:08d}", "kind": kind}
            numbers.append(num)
        acct["numbers"] = numbers

        has = {n["kind"] for n in numbers}
        packs = []
        if rng.random() < 0.6:
            for p in range(rng.randint(1, 4)):
                types = ["fixed-inbound", "fixed-outbound"]
                if "aliyun-400" in has:
                    types.append("400-inbound")
                ptype = rng.choice(types)
                size = rng.choice(PACK_SIZES[ptype])
                pack = {"id": f"vp-{p}", "type": ptype, "minutes": size}
                if rng.random() < 0.5:
                    # Bought before the period: not charged, may be part-used.
                    bought = random_date(rng, first_day - dt.timedelta(days=85), first_day)
                    if rng.random() < 0.5:
                        pack["remaining"] = rng.randint(0, size)
                else:
                    bought = random_date(rng, first_day, end_day)
                pack["purchased"] = bought.isoformat()
                packs.append(pack)
        if packs:
            acct["voice_packs"] = packs

        if rng.random() < 0.1:
            acct["sip_lines"] = [
                {"id": f"trunk-{k}", "since": random_date(rng, first_day - dt.timedelta(days=700),
                                                          end_day).isoformat()}
                for k in range(rng.randint(1, 2))
            ]
        if rng.random() < 0.5:
            gb = rng.choice([rng.randint(0, 200), round(rng.uniform(0, 500), 3)])
            # Both JSON strings and JSON numbers are valid decimals (§2.1).
            acct["recording_storage_gb"] = str(gb) if rng.random() < 0.5 else gb
        if rng.random() < 0.3:
            acct["quality_inspection"] = rng.random() < 0.7
        accounts.append(acct)
    return accounts


def csv_field(s, rng):
    """RFC 4180: quote some fields at random (always when needed)."""
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    if rng.random() < 0.01:
        return '"' + s + '"'
    return s


def write_calls(path, rng, accounts, n_calls, first_day, end_day, spread="pareto"):
    span = int((dt.datetime.combine(end_day, dt.time()) -
                dt.datetime.combine(first_day, dt.time())).total_seconds())
    base = dt.datetime.combine(first_day, dt.time())
    cst = dt.timezone(dt.timedelta(hours=8))
    # Skewed traffic: a few accounts carry many calls.
    weights = [rng.paretovariate(1.2) for _ in accounts]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    numbers = [[(n["number"], n["kind"]) for n in a["numbers"]] for a in accounts]
    with_400 = [i for i, ns in enumerate(numbers) if any(k == "aliyun-400" for _, k in ns)]
    last_id = [None] * len(accounts)
    bad = {k: 0 for k in BAD_KINDS}
    import bisect

    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("account,call_id,start,direction,number,duration_s\n")
        out = []
        for i in range(n_calls):
            if spread == "even":  # every account the same number of calls (±1)
                ai = i % len(accounts)
            else:
                ai = bisect.bisect_left(cum, rng.random() * total)
                if ai >= len(accounts):
                    ai = len(accounts) - 1
            acct = accounts[ai]["id"]
            number, kind = rng.choice(numbers[ai])
            if kind == "aliyun-400":
                direction = "inbound"
            else:
                direction = "inbound" if rng.random() < 0.6 else "outbound"
            secs = rng.randrange(span)
            when = base + dt.timedelta(seconds=secs)
            r = rng.random()
            if r < 0.02:
                start = (when.replace(tzinfo=cst).astimezone(dt.timezone.utc)
                         .strftime("%Y-%m-%dT%H:%M:%SZ"))
            elif r < 0.04:
                start = when.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"
            else:
                start = when.strftime("%Y-%m-%dT%H:%M:%S")
            # Durations 0–3600 s, mostly short, some exact minutes.
            d = rng.random()
            if d < 0.02:
                duration = 0
            elif d < 0.1:
                duration = rng.randint(1, 60) * 60
            elif d < 0.9:
                duration = rng.randint(1, 600)
            else:
                duration = rng.randint(601, 3600)
            call_id = f"c{i:09d}"

            if rng.random() < 0.005:
                what = BAD_KINDS[rng.randrange(len(BAD_KINDS))]
                bad[what] += 1
                if what == "unknown-account":
                    acct = f"ghost-{rng.randrange(1000):03d}"
                elif what == "bad-number":
                    number = rng.choice(["0000", "01000000000", "not-a-number", ""])
                elif what == "400-outbound":
                    if with_400:  # move the row to an account that has a 400 number
                        ai = with_400[rng.randrange(len(with_400))]
                        acct = accounts[ai]["id"]
                        number = next(n for n, k in numbers[ai] if k == "aliyun-400")
                    else:
                        number = "4009999999"
                    direction = "outbound"
                elif what == "duplicate-id":
                    if last_id[ai] is not None:
                        call_id = last_id[ai]
                    else:  # no earlier row for the account: make another fault
                        bad["duplicate-id"] -= 1
                        bad["bad-timestamp"] += 1
                        what = "bad-timestamp"
                if what == "bad-timestamp":
                    fmt_ = BAD_TIMESTAMPS[rng.randrange(len(BAD_TIMESTAMPS))]
                    start = fmt_.format(d=when.strftime("%Y-%m-%d"), t=when.strftime("%H:%M:%S"),
                                        hm=when.strftime("%H:%M"), y=when.year)
            else:
                last_id[ai] = call_id

            out.append(",".join((csv_field(acct, rng), call_id, csv_field(start, rng),
                                 direction, csv_field(number, rng), str(duration))))
            if len(out) >= 10000:
                f.write("\n".join(out))
                f.write("\n")
                out.clear()
        if out:
            f.write("\n".join(out))
            f.write("\n")
    return bad


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=100, metavar="M", help="number of accounts")
    ap.add_argument("--calls", type=int, default=10000, metavar="N", help="number of usage rows")
    ap.add_argument("--from", dest="first", type=parse_month, default=(2019, 7), metavar="YYYY-MM",
                    help="first month of calls (default 2019-07)")
    ap.add_argument("--months", type=int, default=3, help="number of months of calls (default 3)")
    ap.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--spread", choices=["pareto", "even"], default="pareto",
                    help="how calls spread over accounts: pareto (default: a few accounts carry "
                         "many calls) or even (call i goes to account i mod M)")
    args = ap.parse_args(argv)
    if args.accounts < 1 or args.calls < 0 or args.months < 1:
        ap.error("--accounts and --months must be at least 1, --calls at least 0")

    y, m = args.first
    first_day = dt.date(y, m, 1)
    ey, em = month_add(y, m, args.months)
    end_day = dt.date(ey, em, 1)
    rng = random.Random(args.seed)

    os.makedirs(args.out, exist_ok=True)
    accounts = make_accounts(rng, args.accounts, first_day, end_day)
    with open(os.path.join(args.out, "accounts.json"), "w", encoding="utf-8") as f:
        json.dump({"accounts": accounts}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    bad = write_calls(os.path.join(args.out, "calls.csv"), rng, accounts, args.calls,
                      first_day, end_day, args.spread)
    ly, lm = month_add(y, m, args.months - 1)
    print(f"generate.py: {args.accounts} accounts, {args.calls} calls, "
          f"{y:04d}-{m:02d}..{ly:04d}-{lm:02d}, {sum(bad.values())} bad rows "
          + " ".join(f"{k}={v}" for k, v in bad.items()) + f" -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
