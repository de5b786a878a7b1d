"""How long the command line takes to print its help: the start-up a user waits for at each command.

Each figure is the median of ``--repeat`` runs of the command a user types (`multivector --help`,
`multivector report --help`, ...; a new process each time, Python start-up included), after one
run that is not counted (it writes the bytecode caches). Then the modules the top-level help
imports that take longest, from ``python -X importtime``.

    .venv/bin/python benchmarks/cli_help.py --repeat 9

No store is needed. Set PYTHONPATH to another checkout's ``src`` to time that code instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from machine import machine  # benchmarks/machine.py, beside this script

COMMANDS = (
    ("--help",),
    ("report", "--help"),
    ("chart", "--help"),
    ("simulate", "hedging", "--help"),
)
HEAVY = ("pandas", "duckdb", "ibis", "altair", "pyarrow", "numpy")


def timed(args: tuple[str, ...]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "multivector", *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"multivector {' '.join(args)} failed: {done.stderr.strip()}")
    return seconds


def slowest_imports(count: int) -> list[tuple[float, str]]:
    """(cumulative seconds, module) of the top-level imports of `multivector --help`, slowest first."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "multivector", "--help"], capture_output=True, text=True
    )
    found = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit() and not name.startswith("   "):  # a top-level import: one space, no indent
            found.append((int(cumulative) / 1e6, name.strip()))
    return sorted(found, reverse=True)[:count]


def heavy_loaded() -> list[str]:
    """The heavy libraries in sys.modules after `multivector --help` (none expected)."""
    probe = (
        "import sys\nsys.argv = ['multivector', '--help']\nfrom multivector.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return done.stderr.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    options = parser.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    for args in COMMANDS:
        timed(args)  # bytecode written, files in the page cache
        runs = [timed(args) for _ in range(options.repeat)]
        shown = ", ".join(f"{t:.2f}" for t in runs)
        print(f"multivector {' '.join(args):<24} median {statistics.median(runs):.2f} s  runs {shown}")
    print("slowest top-level imports of `multivector --help`:")
    for seconds, name in slowest_imports(6):
        print(f"  {seconds:.3f} s  {name}")
    print(f"heavy libraries loaded by `multivector --help`: {', '.join(heavy_loaded()) or 'none'}")


if __name__ == "__main__":
    main()
