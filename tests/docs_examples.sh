#!/usr/bin/env bash
# Every ```console block of docs/*.md runs as a test, and every file of
# docs/examples/ is used by one. Usage: docs_examples.sh path/to/tarifc
#
# A block is a list of `$ COMMAND` lines, each followed by what it prints
# (stdout and stderr as a terminal shows them). The commands run in order,
# in one shell per block, so `echo $?` sees the command before it; each
# command's output must equal the lines after it exactly.
#
# Where a block runs: the examples are written to be run from the folder
# that holds the files they name (docs/examples/README.md): the repository
# root, docs/examples, or one of its folders. The script picks, among those
# folders, the one where most of the paths the block names exist (the first
# such folder in the list below on a tie).
#
# Each page runs in a fresh copy of tariffs/, examples/ and docs/ in a temp
# folder, in the order of the page, so that blocks which change files (the
# tutorial's `cp -r tariffs/aliyun-ccc my-ccc` and `sed -i` steps) work on
# the copy and the next block sees their effect, as a reader would.
#
# Coverage: a file under docs/examples is used when a command names it (or,
# for a .tariff, names a folder above it, as `tarifc check .` reads every
# .tariff below it), or when a used .tariff imports it. Every other file is
# a failure, except the README.md files (a recipe's hand-computed figures).
set -uo pipefail
tarifc=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
export LC_ALL=C TZ=UTC
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$tarifc" "$work/bin/tarifc"
export PATH="$work/bin:$PATH"
ONLY=${ONLY:-} python3 - "$root" "$work" <<'EOF'
import os, re, shutil, subprocess, sys

root, work = sys.argv[1], sys.argv[2]
only = os.environ.get("ONLY", "")
# Where a block may run, relative to the repository root (first wins a tie).
FOLDERS = ["docs/examples/demo", "docs/examples/diagnostics", "docs/examples/tiers",
           "docs/examples", "."]


def blocks(path):
    """(line number, [(command, expected output)]) for each console block."""
    out, lines = [], open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```console":
            start, i, cmds = i + 1, i + 1, []
            while i < len(lines) and lines[i].strip() != "```":
                if lines[i].startswith("$ "):
                    cmds.append([lines[i][2:], []])
                elif cmds:
                    cmds[-1][1].append(lines[i])
                else:
                    raise SystemExit(f"{path}:{i + 1}: a console block must start with a `$ ` line")
                i += 1
            out.append((start, [(c, "".join(l + "\n" for l in o)) for c, o in cmds]))
        i += 1
    return out


def tokens(command):
    # Words of a command line, without quotes, redirections and <( ).
    for w in re.split(r"[\s;|()<>{}]+", command):
        w = w.strip("'\"")
        if w and not w.startswith("-") and not w.startswith("$"):
            yield w


def pick_folder(copy, cmds):
    best, best_score = None, -1
    for f in FOLDERS:
        base = os.path.join(copy, f)
        score = sum(os.path.exists(os.path.join(base, w)) for c, _ in cmds for w in tokens(c))
        if score > best_score:
            best, best_score = f, score
    return best


used = set()       # paths under docs/examples (relative to the copy), files or folders


def note_used(copy, cwd, command):
    ex = os.path.join(copy, "docs", "examples")
    for w in tokens(command):
        p = os.path.normpath(os.path.join(cwd, w))
        if os.path.exists(p) and (p == ex or p.startswith(ex + os.sep)):
            used.add(os.path.relpath(p, ex))


def run_block(copy, folder, cmds, label):
    cwd = os.path.join(copy, folder)
    outs = [os.path.join(work, f"out.{k}") for k in range(len(cmds))]
    script = "".join(f"{{ {c}\n}} >{o} 2>&1 </dev/null\n" for (c, _), o in zip(cmds, outs))
    subprocess.run(["bash", "-c", script], cwd=cwd)
    ok = True
    for (c, want), o in zip(cmds, outs):
        note_used(copy, cwd, c)
        got = open(o, encoding="utf-8", errors="replace").read()
        if got != want:
            ok = False
            print(f"FAIL: {label} (in {folder}): $ {c}")
            import difflib
            diff = list(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "documented", "actual"))
            sys.stdout.writelines(diff[:30])
            if not got.endswith("\n") or not want.endswith("\n"):
                print(f"  (documented ends {want[-1:]!r}, actual ends {got[-1:]!r})")
    return ok


passed = failed = 0
docs = sorted(f for f in os.listdir(os.path.join(root, "docs")) if f.endswith(".md"))
for page in docs:
    page_blocks = [b for b in blocks(os.path.join(root, "docs", page)) if only in f"docs/{page}:{b[0]}"]
    if not page_blocks:
        continue
    copy = os.path.join(work, "copy")
    shutil.rmtree(copy, ignore_errors=True)
    os.makedirs(copy)
    for d in ("tariffs", "examples", "docs"):
        shutil.copytree(os.path.join(root, d), os.path.join(copy, d), symlinks=True)
    for line, cmds in page_blocks:
        label = f"docs/{page}:{line}"
        if run_block(copy, pick_folder(copy, cmds), cmds, label):
            passed += 1
        else:
            failed += 1
    shutil.rmtree(copy, ignore_errors=True)

# Every file of docs/examples is used (only on a full run).
if not only:
    ex = os.path.join(root, "docs", "examples")
    tariffs_used = set()
    for dirpath, _, files in os.walk(ex):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), ex)
            parts = rel.split(os.sep)
            above = {os.sep.join(parts[:k]) or "." for k in range(len(parts))}
            if rel in used or (f.endswith(".tariff") and used & above):
                tariffs_used.add(rel)
    # Imports of used tariffs are used too.
    todo = [t for t in tariffs_used if t.endswith(".tariff")]
    while todo:
        t = todo.pop()
        for m in re.finditer(r'^import "([^"]+)"', open(os.path.join(ex, t), encoding="utf-8",
                                                       errors="replace").read(), re.M):
            dep = os.path.normpath(os.path.join(os.path.dirname(t), m.group(1)))
            if dep not in tariffs_used and os.path.exists(os.path.join(ex, dep)):
                tariffs_used.add(dep)
                todo.append(dep)
    for dirpath, _, files in os.walk(ex):
        for f in sorted(files):
            rel = os.path.relpath(os.path.join(dirpath, f), ex)
            if f == "README.md" or rel in tariffs_used:
                continue
            failed += 1
            print(f"FAIL: docs/examples/{rel} is used by no console block of docs/*.md")

print(f"docs examples: {passed} blocks passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
