"""How long a state's (or the region's) report takes on the embedded store once built.

Three figures, each the median of ``--repeat`` runs of the command a user types
(`multivector report STATE --out FILE`, a new process each time, Python start-up included):

* warm: the page is in the cache (a second report of the same state, store, parameters and code);
* cold: ``--fresh``, every figure recomputed from the store (the theory engine runs);
* and, for one state, the in-process split of a cold run: collecting the data (coverage
  included) vs drawing and writing the page.

    .venv/bin/python benchmarks/report.py --state KAZ --repeat 5
    .venv/bin/python benchmarks/report.py --region --repeat 3

Needs a built store (`multivector build`); uses the same MULTIVECTOR_HOME as the command.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py, beside this script


def timed_command(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "multivector", *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"report failed: {done.stderr.strip()}")
    return time.perf_counter() - start


def split(state: str, out: Path) -> tuple[float, float]:
    """Seconds to collect the data (no cache) and to draw and write the page, in this process."""
    from multivector import api
    from multivector.config import settings
    from multivector.report import state_page
    from multivector.report.build import bibtex
    from multivector.report.data import collect
    from multivector.report.page import vega_bundle, write_page

    config = settings()
    entity, name, covered = api._state_header(state, config)
    with api.measurements(config) as m:
        start = time.perf_counter()
        data = collect(m, entity, name, covered())
        collected = time.perf_counter()
        write_page(state_page.html(data, vega_bundle(config.home / "cache"), bibtex(data.citations)), out)
    return collected - start, time.perf_counter() - collected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", default="KAZ")
    parser.add_argument("--region", action="store_true", help="the region's report instead of one state's")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    name = "region" if options.region else options.state
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{name}.html"
        args = ["report", "--region" if options.region else options.state, "--out", str(out)]
        timed_command(args)  # fills the cache (and the Vega bundle) for the warm runs
        warm = [timed_command(args) for _ in range(options.repeat)]
        cold = [timed_command([*args, "--fresh"]) for _ in range(options.repeat)]
        parts = [] if options.region else [split(options.state, out) for _ in range(options.repeat)]
        size = out.stat().st_size
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    print(f"report {name}: {size / 1e6:.2f} MB")
    print(f"warm (cached page) command: median {statistics.median(warm):.2f} s  runs {[round(t, 2) for t in warm]}")
    print(f"cold (--fresh) command:     median {statistics.median(cold):.2f} s  runs {[round(t, 2) for t in cold]}")
    if parts:
        print(
            f"cold in process: collect {statistics.median(p[0] for p in parts):.2f} s, "
            f"draw and write {statistics.median(p[1] for p in parts):.2f} s"
        )


if __name__ == "__main__":
    main()
