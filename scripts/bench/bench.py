#!/usr/bin/env python3
"""Paired benchmark: our generator against Hugo on the same synthetic content.

For each size, generates the content (scripts/bench/generate.py), then builds it
alternately with ours and with Hugo, each run into a fresh output directory
(a new one for every run, all deleted at the end: see "Output directories"
below; the content is generated again only when generate.py changed), under /usr/bin/time -v, and prints the medians of wall time, CPU time
(user + sys) and peak memory (maximum resident set size), with the ratio
ours/Hugo: the ratio of the medians and the median of the paired ratios.

    cargo build --release
    python3 scripts/bench/bench.py --sizes 33,1000,10000

    --runs N          runs of each generator per size (default 5)
    --max-runs-large  runs at sizes of 10,000 States or more (default 1)
    --ours-only       skip Hugo (CI: catches a crash or a tenfold regression)
    --max-seconds S   fail if one of our builds takes longer than S seconds per 1,000 States
    --json FILE       also write every measurement as JSON

Output directories: a run never writes where files were just deleted. On an ext4
file system without a journal (this build machine's), creating a file skips,
one by one, every inode of its block group deleted in the last 60 seconds, or
in the last 360 seconds while the inode table is not yet written back
(`recently_deleted()` in the kernel's fs/ext4/ialloc.c: RECENTCY_MIN,
RECENTCY_DIRTY): deleting the previous run's 3,000 files just before a run made
each file it created cost up to ten times more, and more for the tool that
writes more files. So every run writes into its own new directory, and they are
all deleted once the benchmark is over (leftovers of an interrupted benchmark
first). The time of the last deletion is kept in <work>/last-deletion; before
measuring each size, the benchmark writes the file system back (sync) and waits
until 65 seconds have passed since then; before the first size of a paired run
(not --ours-only), 65 seconds in any case, for what other programs deleted.

Needs: python3, /usr/bin/time (Debian package `time`), hugo (Debian package
`hugo`, unless --ours-only). Works in --work (default target/bench).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def timed(cmd: list[str], cwd: Path, log: Path) -> dict:
    """Runs cmd under /usr/bin/time -v; returns wall, cpu (s) and peak memory (KiB).

    The wall time is measured here, to the microsecond (/usr/bin/time rounds it to
    10 ms, as much as a whole 33-State build); CPU time and peak memory are
    /usr/bin/time's."""
    tv = log.with_suffix(".time")
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", str(tv), *cmd], cwd=cwd, stdout=out,
                              stderr=subprocess.STDOUT)
        wall = time.perf_counter() - start
    text = tv.read_text()
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-15:]
        sys.exit(f"failed (exit {proc.returncode}): {' '.join(cmd)}\n" + "\n".join(tail))

    def field(name: str) -> str:
        m = re.search(rf"^\s*{re.escape(name)}: (.+)$", text, re.M)
        if not m:
            sys.exit(f"no `{name}` in /usr/bin/time output:\n{text}")
        return m.group(1).strip()

    return {
        "wall": wall,
        "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "rss_kib": int(field("Maximum resident set size (kbytes)")),
    }


def tree_size(path: Path) -> tuple[int, int]:
    files = size = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


def generate(n: int, work: Path) -> None:
    """Generates the content of n States into work, unless the same generator already did."""
    generator = ROOT / "scripts" / "bench" / "generate.py"
    stamp = f"{n} {hashlib.sha256(generator.read_bytes()).hexdigest()}\n"
    stamp_file = work / "generated"
    if stamp_file.is_file() and stamp_file.read_text() == stamp:
        return
    replaced = work.exists()
    subprocess.run([sys.executable, str(generator), "--states", str(n), "--out", str(work)], check=True)
    stamp_file.write_text(stamp)
    if replaced:
        deleted(work.parent)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="33,1000,10000", help="comma-separated numbers of States")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--max-runs-large", type=int, default=1)
    ap.add_argument("--ours-only", action="store_true")
    ap.add_argument("--max-seconds", type=float, default=None)
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "snp-overview")
    ap.add_argument("--templates", type=Path, default=ROOT / "templates")
    ap.add_argument("--work", type=Path, default=ROOT / "target" / "bench")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    if not args.bin.is_file():
        sys.exit(f"{args.bin} is missing: run `cargo build --release` first")
    if not Path("/usr/bin/time").is_file():
        sys.exit("/usr/bin/time is missing: apt-get install time")
    hugo = None if args.ours_only else shutil.which("hugo")
    if not args.ours_only and not hugo:
        sys.exit("hugo is missing: apt-get install hugo (or pass --ours-only)")
    if hugo:
        version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
        print(f"hugo: {version}", file=sys.stderr)

    leftovers = sorted(args.work.glob("*/out-*"))
    for path in leftovers:
        shutil.rmtree(path)
    if leftovers:
        deleted(args.work)
    try:
        return measure(args, hugo)
    finally:
        outputs = sorted(args.work.glob("*/out-*"))
        for path in outputs:
            shutil.rmtree(path, ignore_errors=True)
        if outputs:
            deleted(args.work)


# Seconds after a deletion before files are created again (see `Output directories`).
SETTLE = 65


def deleted(work: Path) -> None:
    """Notes that files were just deleted under work."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "last-deletion").write_text(f"{time.time()}\n")


def settle(work: Path, always: bool) -> None:
    """Writes the file system back and waits until SETTLE seconds have passed since the
    last deletion noted in work; with `always`, since now (files deleted by anything
    else than the benchmark count too)."""
    os.sync()
    try:
        last = float((work / "last-deletion").read_text())
    except (OSError, ValueError):
        last = 0.0
    if always:
        last = time.time()
    wait = SETTLE - (time.time() - last)
    if wait > 0:
        print(f"waiting {wait:.0f} s for the file system to settle (see `Output directories`)",
              file=sys.stderr)
        time.sleep(wait)


def measure(args: argparse.Namespace, hugo: str | None) -> int:
    results = []
    for n in (int(s.replace("_", "")) for s in args.sizes.split(",")):
        work = args.work / str(n)
        generate(n, work)
        # Before the first size of a paired run, whatever was deleted before it.
        settle(args.work, always=not args.ours_only and not results)
        runs = args.runs if n < 10_000 else min(args.runs, args.max_runs_large)
        row = {"states": n, "runs": runs, "ours": [], "hugo": []}
        for i in range(runs):
            out = work / f"out-ours-{i}"
            m = timed([str(args.bin), "build", "--quiet", "--content", str(work / "content"),
                       "--templates", str(args.templates), "--out", str(out)], work, work / f"ours-{i}.log")
            m["files"], m["bytes"] = tree_size(out)
            row["ours"].append(m)
            print(f"{n} States, run {i + 1}/{runs}: ours {m['wall']:.3f} s, {m['rss_kib'] / 1024:.0f} MiB",
                  file=sys.stderr, end="")
            if hugo:
                out = work / f"out-hugo-{i}"
                m = timed([hugo, "--quiet", "--source", str(work / "hugo"), "--destination", str(out),
                           "--cacheDir", str(work / "hugo-cache")], work, work / f"hugo-{i}.log")
                m["files"], m["bytes"] = tree_size(out)
                row["hugo"].append(m)
                print(f"; Hugo {m['wall']:.3f} s, {m['rss_kib'] / 1024:.0f} MiB", file=sys.stderr, end="")
            print(file=sys.stderr)
        results.append(row)
        if args.max_seconds is not None:
            limit = args.max_seconds * max(n, 1000) / 1000
            worst = max(m["wall"] for m in row["ours"])
            if worst > limit:
                sys.exit(f"{n} States: our build took {worst:.1f} s, over the limit of {limit:.1f} s")

    med = statistics.median

    def compared(o: list[dict], h: list[dict], key: str, digits: int) -> list[str]:
        """Our median, Hugo's and the median of the paired ratios ours/Hugo."""
        cells = [f"{med([m[key] for m in o]):.{digits}f} s"]
        if not h:
            return cells + ["", ""]
        return cells + [f"{med([m[key] for m in h]):.{digits}f} s",
                        f"{med([a[key] / b[key] for a, b in zip(o, h)]):.2f}"]

    print("| States | runs | ours wall | Hugo wall | ours/Hugo wall (paired) | ours CPU | Hugo CPU "
          "| ours/Hugo CPU | ours peak memory | Hugo peak memory | ours files, MiB | Hugo files, MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        o, h = row["ours"], row["hugo"]
        cells = [f"{row['states']:,}", str(row["runs"])]
        cells += compared(o, h, "wall", 3) + compared(o, h, "cpu", 2)
        cells.append(f"{med([m['rss_kib'] for m in o]) / 1024:,.0f} MiB")
        cells.append(f"{med([m['rss_kib'] for m in h]) / 1024:,.0f} MiB" if h else "")
        cells.append(f"{o[0]['files']:,}, {o[0]['bytes'] / 2**20:,.0f}")
        cells.append(f"{h[0]['files']:,}, {h[0]['bytes'] / 2**20:,.0f}" if h else "")
        print("| " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
