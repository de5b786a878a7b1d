"""Time a fresh build of the store from the shipped data, several times.

    python benchmarks/build.py              # 3 builds
    python benchmarks/build.py --repeat 5 --top 10

Each build is a fresh Python process that builds a new store in a temporary home from
``data/`` (as ``MULTIVECTOR_HOME=$(mktemp -d) multivector build`` does) and is then
deleted. *Seconds* is the process's wall-clock time, imports included; *build s* the
time inside ``api.build``; *CPU s* the process's user + system time (all threads), which
other jobs on the machine disturb less than the clock. The one-minute load average is
taken before each build. Per-source seconds are the sum over the source's files, taken
from the build's progress callback, and shown as medians over the builds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"


def child(home: Path, data_dir: Path) -> None:
    """One build into ``home``; prints the build's seconds and per-source seconds as JSON."""
    from multivector.api import build
    from multivector.config import Settings

    per_source: dict[str, float] = {}
    started: dict[str, float] = {}

    def on_file(source, spec, result) -> None:
        if result is None:
            started[spec.path] = time.perf_counter()
        else:
            seconds = time.perf_counter() - started.pop(spec.path)
            per_source[source.id] = per_source.get(source.id, 0.0) + seconds

    begin = time.perf_counter()
    results = build(Settings(home=home, data_dir=data_dir), on_file=on_file)
    seconds = time.perf_counter() - begin
    print(
        json.dumps(
            {
                "build_seconds": seconds,
                "files": len(results),
                "rows_in": sum(r.rows_in for r in results),
                "per_source": per_source,
            }
        )
    )


def one_build(data_dir: Path) -> dict:
    home = Path(tempfile.mkdtemp(prefix="multivector-build-"))
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(home), "--data", str(data_dir)],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    seconds = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = json.loads(done.stdout.strip().splitlines()[-1])
    run.update(
        seconds=seconds,
        load_1min=load,
        cpu_seconds=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
    )
    return run


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    import duckdb

    return (
        f"{model}, {os.cpu_count()} cores, {memory_kb / 1024**2:.1f} GiB RAM; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="number of builds (default 3)")
    parser.add_argument("--data", type=Path, default=DATA, help="the data folder (default: the repository's)")
    parser.add_argument("--top", type=int, default=8, help="sources shown by time (default 8)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data)
        return
    print(f"machine: {machine()}", flush=True)
    runs = []
    for number in range(1, args.repeat + 1):
        run = one_build(args.data)
        runs.append(run)
        print(
            f"build {number}: {run['seconds']:.1f} s (build {run['build_seconds']:.1f} s, "
            f"CPU {run['cpu_seconds']:.1f} s, load {run['load_1min']:.2f}; "
            f"{run['files']} files, {run['rows_in']:,} lines)",
            flush=True,
        )
    print(
        f"median: {statistics.median(r['seconds'] for r in runs):.1f} s "
        f"(CPU {statistics.median(r['cpu_seconds'] for r in runs):.1f} s) over {len(runs)} builds"
    )
    sources = {name for run in runs for name in run["per_source"]}
    medians = {name: statistics.median(run["per_source"].get(name, 0.0) for run in runs) for name in sources}
    print("median seconds per source:")
    for name, seconds in sorted(medians.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {seconds:6.1f}  {name}")
    print(
        f"  {sum(medians.values()) - sum(sorted(medians.values())[-args.top :]):6.1f}  "
        f"the other {max(len(medians) - args.top, 0)} sources"
    )


if __name__ == "__main__":
    main()
