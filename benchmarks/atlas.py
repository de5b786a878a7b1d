"""How long the atlas takes: every state in one year, from the stored panel and under custom poles.

Each run is a fresh process (nothing kept from an earlier one) running the command a user
runs, `multivector atlas --preset P --year Y --out FILE`: the table for every state, the world
map and the page. `post_soviet` has the store's own pole mapping, so its table is read from the
stored panel; every other preset has poles of its own, so the panel is composed again for the
year's windows (every state). Printed per preset: the wall clock of each run, its median, and
the process's CPU time.

    .venv/bin/python benchmarks/atlas.py                       # the figures in README.md
    .venv/bin/python benchmarks/atlas.py --presets classic_asia --repeat 1

Needs a built store (`multivector build`); uses the same MULTIVECTOR_HOME as the command.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py, beside this script

PRESETS = ["post_soviet", "classic_asia", "post_french"]


def one_run(preset: str, year: int, out: Path) -> tuple[float, float]:
    """Wall clock and CPU seconds (user + system) of one `multivector atlas` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "multivector", "atlas", "--preset", preset, "--year", str(year), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"atlas --preset {preset} failed: {done.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presets", default=",".join(PRESETS))
    parser.add_argument("--year", type=int, default=2010)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        for preset in args.presets.split(","):
            runs = [one_run(preset, args.year, Path(folder) / f"{preset}.html") for _ in range(args.repeat)]
            walls = ", ".join(f"{wall:.1f}" for wall, _ in runs)
            median = statistics.median(wall for wall, _ in runs)
            cpu = statistics.median(cpu for _, cpu in runs)
            print(f"{preset:16s} year {args.year}: wall {walls} s (median {median:.1f} s), CPU median {cpu:.1f} s")


if __name__ == "__main__":
    main()
