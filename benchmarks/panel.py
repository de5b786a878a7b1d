"""How long the panel takes for every state in the built store, and how much memory, per engine.

Each run is a fresh process that opens the store the way ``multivector build`` does, composes
the panel for every state and year with the default poles and parameters, and runs every table
to Arrow (``compose_panel`` then ``panel_rows``): the work ``build`` adds after the ingest.
The figures are the process's wall clock for that step (imports and, on PySpark, the JVM's
start excluded, then stated apart) and its peak resident memory: the Python process's
high-water mark (``VmHWM``), plus the JVM's on PySpark.

    .venv/bin/python benchmarks/panel.py --engines duckdb,pyspark --repeat 3

Needs a built store (``multivector build``); uses the same MULTIVECTOR_HOME as the command.
With ``--check`` the engines' panels are compared column by column (values to 1e-9).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from report import machine  # type: ignore[import-not-found]  # benchmarks/ is not a package


def high_water_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory in MB (``VmHWM`` of /proc/PID/status), 0 when gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")), 0)
    return kb / 1024


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the JVM that PySpark starts)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def one_run(engine: str, out: Path | None) -> dict:
    """Compose the whole panel once on ``engine`` in this process; its figures as a dict."""
    os.environ["MULTIVECTOR_BACKEND"] = engine
    start = time.perf_counter()
    from multivector import api
    from multivector.measure.panel import compose_panel, materialiser, panel_rows

    imported = time.perf_counter()
    with api.measurements() as m:
        opened = time.perf_counter()
        rows = panel_rows(compose_panel(m, materialiser(engine)))
        composed = time.perf_counter()
    if out is not None:
        import pyarrow.parquet as pq

        out.mkdir(parents=True, exist_ok=True)
        for name, table in rows.items():
            pq.write_table(table, out / f"{name}.parquet")
    jvm = sum(high_water_mb(child) for child in children(os.getpid()))
    return {
        "engine": engine,
        "imports_s": imported - start,
        "open_s": opened - imported,
        "panel_s": composed - opened,
        "rows": {name: table.num_rows for name, table in rows.items()},
        "reporters": len(set(rows["state_years"].column("reporter").to_pylist())),
        "python_peak_mb": high_water_mb(),
        "jvm_peak_mb": jvm,
        "load_average": os.getloadavg()[0],
    }


def run_in_new_process(engine: str, out: Path | None) -> dict:
    args = [sys.executable, __file__, "--one", engine] + (["--out", str(out)] if out else [])
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"panel on {engine} failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(left: Path, right: Path) -> list[str]:
    """Every panel table and column where the two engines' rows differ (beyond 1e-9)."""
    import pandas as pd
    import pyarrow.parquet as pq

    problems = []
    for file in sorted(left.glob("*.parquet")):
        a, b = (pq.read_table(folder / file.name).to_pandas() for folder in (left, right))
        keys = [c for c in a.columns if a[c].dtype == object or "int" in str(a[c].dtype)]
        a, b = (frame.sort_values(keys, ignore_index=True) for frame in (a, b))
        if len(a) != len(b):
            problems.append(f"{file.stem}: {len(a)} rows against {len(b)}")
            continue
        for column in a.columns:
            x, y = a[column], b[column]
            if pd.api.types.is_float_dtype(x):
                same = ((x - y).abs() <= 1e-9) | (x.isna() & y.isna())
            else:
                same = (x == y) | (x.isna() & y.isna())
            if not same.all():
                problems.append(f"{file.stem}.{column}: {int((~same).sum())} rows differ")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="duckdb", help="comma-separated: duckdb, pyspark")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare the engines' panels")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(one_run(options.one, options.out)))
        return
    import tempfile

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        runs: dict[str, list[dict]] = {}
        for engine in options.engines.split(","):
            runs[engine] = []
            for i in range(options.repeat):
                out = Path(folder) / engine if options.check and i == 0 else None
                run = run_in_new_process(engine, out)
                print(json.dumps(run))
                runs[engine].append(run)
        print("| engine | panel s (median) | runs (s) | start-up s (imports + open) | peak MB python + JVM | load |")
        print("|---|---:|---|---:|---:|---:|")
        for engine, done in runs.items():
            panel = [r["panel_s"] for r in done]
            startup = statistics.median(r["imports_s"] + r["open_s"] for r in done)
            peak = max(r["python_peak_mb"] + r["jvm_peak_mb"] for r in done)
            loads = ", ".join(f"{r['load_average']:.1f}" for r in done)
            print(
                f"| {engine} | {statistics.median(panel):.1f} | {', '.join(f'{t:.1f}' for t in panel)} "
                f"| {startup:.1f} | {peak:,.0f} | {loads} |"
            )
        if options.check and len(runs) > 1:
            first, *others = runs
            for other in others:
                problems = compare(Path(folder) / first, Path(folder) / other)
                print(f"{first} vs {other}: " + ("every column equal" if not problems else "; ".join(problems)))
                if problems:
                    sys.exit(1)


if __name__ == "__main__":
    main()
