"""How long the panel grammar's notebook tasks take on the built store.

Each task runs in a new process (``--repeat`` times); the figure is the task's own time
after ``from multivector import api`` (the import is stated apart):

* kaz: Kazakhstan's dependence on the hegemon per domain, 1992-2023;
* five: the five Central Asian states, dependence, differentiation and balance, 1992-2023;
* dyads: Kazakhstan's trade with Russia and China, 2015-2023, shares with units.

    .venv/bin/python benchmarks/grammar.py --repeat 5

Needs a built store (`multivector build`); uses the same MULTIVECTOR_HOME.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

TASKS = {
    "kaz": 'api.add_dependence(api.state_years(["KAZ"], (1992, 2023)))',
    "five": (
        'api.state_years(["KAZ", "UZB", "TKM", "KGZ", "TJK"], (1992, 2023))'
        ".pipe(api.add_dependence).pipe(api.add_differentiation)"
    ),
    "dyads": 'api.add_trade(api.dyad_years(["KAZ"], ["RUS", "CHN"], (2015, 2023)))',
}
TIMED = """
import time
start = time.perf_counter()
from multivector import api
imported = time.perf_counter()
frame = {task}
print(imported - start, time.perf_counter() - imported, len(frame))
"""


def run(task: str) -> tuple[float, float, int]:
    done = subprocess.run([sys.executable, "-c", TIMED.format(task=task)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"task failed: {done.stderr.strip()}")
    imported, took, rows = done.stdout.split()
    return float(imported), float(took), int(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    for name, task in TASKS.items():
        runs = [run(task) for _ in range(options.repeat)]
        took = [round(r[1], 2) for r in runs]
        print(
            f"{name}: {runs[0][2]} rows; median {statistics.median(took):.2f} s  runs {took}; "
            f"import {statistics.median(r[0] for r in runs):.2f} s"
        )


if __name__ == "__main__":
    main()
