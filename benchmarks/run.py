"""Time and peak memory of the contenders on a BACI-shaped file; check they agree.

    python benchmarks/run.py --rows 30_000_000
    python benchmarks/run.py --rows 300_000_000 --contenders project,sql

The data file is ``<workdir>/baci_<rows>.parquet``, generated first if missing. Each run
is a fresh Python process; its seconds are the work alone (connect, read, compute, write
Parquet; imports excluded) and its peak memory the process's maximum resident set,
imports included, as the kernel reports it when the process ends (``wait4``). The last
result of each contender is compared with the first contender's.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOLERANCE = 1e-9
COMPARED = ["hhi", "partners", "hhi_normalized", "effective_partners", "top_partner", "top_share"]
BYTES_PER_ROW = 12  # on disk, measured: 343 MB for 30 million rows


def default_workdir() -> Path:
    return Path(tempfile.gettempdir()) / "multivector-benchmarks"


def child(args: argparse.Namespace) -> None:
    """One contender, once; prints its seconds and resident memory after imports as JSON."""
    sys.path.insert(0, str(HERE))
    from contenders import CONTENDERS, IMPORTS, duckdb_config

    for module in IMPORTS[args.child]:  # startup is not timed
        importlib.import_module(module)
    rss_ready = _rss_mb()
    config = duckdb_config(args.threads, args.memory_limit, args.spill)
    started, cpu_started = time.perf_counter(), time.process_time()
    CONTENDERS[args.child](args.data, args.out, config)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "cpu_seconds": time.process_time() - cpu_started,
                "rss_ready_mb": rss_ready,
            }
        )
    )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_for_quiet(max_load: float | None, patience: float = 120.0) -> float:
    """Wait (up to ``patience`` seconds) for the 1-minute load average to fall below ``max_load``."""
    deadline = time.monotonic() + patience
    while max_load is not None and os.getloadavg()[0] > max_load and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def measure(contender: str, data: Path, out: Path, args: argparse.Namespace) -> dict:
    """Run one contender in a fresh process; while it runs, watch how much it spills to disk."""
    load = wait_for_quiet(args.max_load)
    spill = args.workdir / "spill" / contender
    command = [
        sys.executable,
        __file__,
        "--child",
        contender,
        "--data",
        str(data),
        "--out",
        str(out),
        "--spill",
        str(spill),
        "--threads",
        str(args.threads),
        "--memory-limit",
        args.memory_limit,
    ]
    started = time.perf_counter()
    spilled = 0
    with tempfile.TemporaryFile("w+") as stdout:
        process = subprocess.Popen(command, stdout=stdout, text=True)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            spilled = max(spilled, _bytes_under(spill))
            time.sleep(0.2)
        wall = time.perf_counter() - started
        stdout.seek(0)
        lines = stdout.read().strip().splitlines()
    facts = {
        "contender": contender,
        "wall_seconds": wall,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "spilled_mb": spilled / 1e6,
        "load_before": load,
    }
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or not lines:
        return {**facts, "failed": f"exit code {code}"}
    return {**facts, **json.loads(lines[-1])}


def _bytes_under(folder: Path) -> int:
    try:
        return sum(entry.stat().st_size for entry in folder.rglob("*") if entry.is_file())
    except FileNotFoundError:  # a spill file removed while we looked
        return 0


def ensure_data(rows: int, path: Path, seed: int) -> float | None:
    """Generate the file if missing; the seconds it took, or None if it was there."""
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(path.parent).free
    needed = rows * BYTES_PER_ROW * 3  # the file, and room for spilling and results
    if free < needed:
        raise SystemExit(f"{free / 1e9:.0f} GB free in {path.parent}; {needed / 1e9:.0f} GB needed")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(HERE / "generate_baci.py"), "--rows", str(rows), "--out", str(path), "--seed", str(seed)],
        check=True,
    )
    return time.perf_counter() - started


def warm_cache(path: Path) -> None:
    """Read the file once so every contender starts with it in the page cache."""
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def compare(outputs: dict[str, Path]) -> dict[str, float]:
    """Largest relative difference of each contender from the first, over the compared columns."""
    import numpy as np
    import pandas as pd

    frames = {
        name: pd.read_parquet(path).sort_values(["reporter", "year"]).reset_index(drop=True)
        for name, path in outputs.items()
    }
    reference_name, reference = next(iter(frames.items()))
    worst = {}
    for name, frame in frames.items():
        if (
            len(frame) != len(reference)
            or not (frame[["reporter", "year"]].astype("int64") == reference[["reporter", "year"]].astype("int64"))
            .all()
            .all()
        ):
            raise SystemExit(f"{name} and {reference_name} give different reporter-years")
        gaps = [
            np.max(
                np.abs(frame[c].astype("float64") - reference[c].astype("float64"))
                / np.maximum(1.0, np.abs(reference[c].astype("float64")))
            )
            for c in COMPARED
        ]
        worst[name] = float(max(gaps))
    return worst


def table(rows: int, runs: list[dict]) -> list[dict]:
    summary = []
    for contender in dict.fromkeys(run["contender"] for run in runs):
        mine = [run for run in runs if run["contender"] == contender and "failed" not in run]
        if not mine:
            summary.append({"rows": rows, "contender": contender, "failed": True})
            continue
        summary.append(
            {
                "rows": rows,
                "contender": contender,
                "seconds": statistics.median(run["seconds"] for run in mine),
                "all_seconds": [round(run["seconds"], 2) for run in mine],
                "cpu_seconds": statistics.median(run["cpu_seconds"] for run in mine),
                "peak_rss_mb": statistics.median(run["peak_rss_mb"] for run in mine),
                "max_peak_rss_mb": max(run["peak_rss_mb"] for run in mine),
                "spilled_mb": max(run["spilled_mb"] for run in mine),
                "rss_ready_mb": statistics.median(run["rss_ready_mb"] for run in mine),
            }
        )
    sql = next((s for s in summary if s["contender"] == "sql" and "seconds" in s), None)
    for line in summary:
        if sql and "seconds" in line:
            line["ratio_to_sql"] = line["seconds"] / sql["seconds"]
            line["cpu_ratio_to_sql"] = line["cpu_seconds"] / sql["cpu_seconds"]
    return summary


def render(summary: list[dict]) -> str:
    lines = [
        "| rows | contender | seconds (median) | all runs (s) | × SQL | CPU s (median) | CPU × SQL "
        "| peak RSS MB (median; max) | RSS after imports (MB) | spilled (MB) |",
        "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in summary:
        if s.get("failed"):
            lines.append(f"| {s['rows']:,} | {s['contender']} | failed | | | | | | | |")
            continue
        ratio = f"{s['ratio_to_sql']:.2f}" if "ratio_to_sql" in s else ""
        cpu_ratio = f"{s['cpu_ratio_to_sql']:.2f}" if "cpu_ratio_to_sql" in s else ""
        lines.append(
            f"| {s['rows']:,} | {s['contender']} | {s['seconds']:.2f} | "
            f"{', '.join(f'{x:.2f}' for x in s['all_seconds'])} | {ratio} | {s['cpu_seconds']:.2f} | "
            f"{cpu_ratio} | {s['peak_rss_mb']:,.0f}; {s['max_peak_rss_mb']:,.0f} | {s['rss_ready_mb']:,.0f} | "
            f"{s['spilled_mb']:,.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=30_000_000)
    parser.add_argument("--contenders", default="project,sql,pandas")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB memory_limit of the DuckDB contenders")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--max-load", type=float, help="before each run, wait up to 2 minutes for the load average to fall below this"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=default_workdir(),
        help="data, results and DuckDB spill files (default: under the system temp dir)",
    )
    parser.add_argument("--data", type=Path, help="an existing BACI-shaped Parquet file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spill", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    args.workdir.mkdir(parents=True, exist_ok=True)
    data = args.data or args.workdir / f"baci_{args.rows}.parquet"
    generated = ensure_data(args.rows, data, args.seed)
    if generated is not None:
        print(f"generated {data.name} in {generated:.1f} s", flush=True)
    warm_cache(data)
    contenders = args.contenders.split(",")
    runs, outputs = [], {}
    for attempt in range(args.repeat):
        for contender in contenders:
            out = args.workdir / f"result_{contender}_{args.rows}.parquet"
            run = measure(contender, data, out, args)
            print(json.dumps({"attempt": attempt, **run}), flush=True)
            runs.append(run)
            if "failed" not in run:
                outputs[contender] = out
    worst = compare(outputs) if len(outputs) > 1 else {}
    summary = table(args.rows, runs)
    record = {
        "rows": args.rows,
        "data": data.name,
        "data_mb": data.stat().st_size / 1e6,
        "generated_seconds": generated,
        "threads": args.threads,
        "memory_limit": args.memory_limit,
        "largest_difference": worst,
        "summary": summary,
        "runs": runs,
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d"),
    }
    (args.workdir / f"results_{args.rows}.json").write_text(json.dumps(record, indent=1))
    print(render(summary))
    for name, gap in list(worst.items())[1:]:
        status = "agrees" if gap <= TOLERANCE else "DIFFERS"
        print(f"{name} {status} with {next(iter(outputs))}: largest relative difference {gap:.1e}")
    if any(gap > TOLERANCE for gap in worst.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
