"""Benchmark: the strategic hedging model's Monte Carlo, 10,000 draws × 30 years × 3 domains × 5 poles.

    .venv/bin/python benchmarks/hedging.py [--draws 10000] [--repeat 5] [--seed 20240601]

Times, each in the median of ``--repeat`` runs in this process (imports excluded):

* ``monte carlo``: draw the parameters (one generator, no loop over draws), simulate every
  draw with the shocks, then once without each shock, and judge the transition — the work
  that scales with the draws;
* ``run``: ``run_hedging`` with a given model, i.e. the Monte Carlo plus the central run and
  the Sobol analysis (256 × 14 Saltelli runs, each with its no-shock paths);
* ``table``: the tidy draws table of that run (rows = draws × years × domains × poles).

Calibration is timed once on its own: it is per state, not per draw. The panel is generated
by the model itself (1995-2024, shocks 2014 and 2022). The machine is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np
import pandas as pd

from multivector.scenarios.hedging import HedgingModel, HedgingParams, Shock, run_hedging
from multivector.scenarios.hedging.calibrate import calibrate
from multivector.scenarios.hedging.draws import factor_names, from_model, normal_draws, perturbed
from multivector.scenarios.hedging.observed import observed_paths
from multivector.scenarios.hedging.sensitivity import outcomes
from multivector.scenarios.hedging.solver import Setup, simulate
from multivector.theory.panel import Panel

POLES = ("RUS", "CHN", "WEST", "TUR", "OTHER")
DOMAINS = ("security", "economic", "diplomatic")
YEARS = np.arange(1995, 2025)
MODEL = HedgingModel(
    domains=DOMAINS,
    poles=POLES,
    base_year=2009,
    lam=1.0,
    sigma={"security": 2.0, "economic": 1.0, "diplomatic": 0.5},
    kappa=0.3,
    offers={
        "security": {"RUS": 1.12, "CHN": 0.04, "WEST": 0.2, "TUR": -0.2, "OTHER": 0.0},
        "economic": {"RUS": 0.72, "CHN": 0.58, "WEST": 0.66, "TUR": 0.1, "OTHER": 0.0},
        "diplomatic": {"RUS": 0.62, "CHN": 0.44, "WEST": 0.3, "TUR": 0.2, "OTHER": 0.0},
    },
    drift={
        "security": {"RUS": -0.02, "CHN": 0.01, "WEST": 0.0, "TUR": 0.0, "OTHER": 0.0},
        "economic": {"RUS": 0.03, "CHN": 0.02, "WEST": -0.01, "TUR": 0.0, "OTHER": 0.0},
        "diplomatic": {"RUS": 0.03, "CHN": 0.01, "WEST": 0.0, "TUR": 0.0, "OTHER": 0.0},
    },
    shocks=(Shock(year=2014, kappa=0.5, rho=0.2), Shock(year=2022, kappa=0.2, rho=0.6)),
)
ANCHOR = np.array([[0.8, 0.02, 0.08, 0.0, 0.1], [0.5, 0.05, 0.25, 0.05, 0.15], [0.4, 0.15, 0.2, 0.1, 0.15]])
PARAMS = HedgingParams(until=int(YEARS[-1]))


def panel() -> Panel:
    setup = Setup(YEARS, ANCHOR, np.zeros(3, int), 0, MODEL.base_year)
    shares = simulate(from_model(MODEL).batch(YEARS), setup)[0]
    rows = [
        {"year": int(y), "domain": d, "pole": p, "share": float(shares[t, i, j]), "channels": 1}
        for t, y in enumerate(YEARS)
        for i, d in enumerate(DOMAINS)
        for j, p in enumerate(POLES)
    ]
    return Panel(state="XXX", hegemon="RUS", channels=pd.DataFrame(), domains=pd.DataFrame(rows))


def monte_carlo(draws: int, seed: int) -> np.ndarray:
    """The per-draw work: parameters, paths with shocks, paths without each, the verdict."""
    setup = Setup(YEARS, ANCHOR, np.zeros(3, int), 0, MODEL.base_year)
    center = from_model(MODEL)
    sample = perturbed(center, normal_draws(seed, draws, len(factor_names(MODEL))), PARAMS)
    paths = simulate(sample.batch(YEARS), setup)
    found = outcomes(sample, setup, PARAMS, paths[..., 0])
    return np.array([o.transition.mean() for o in found])


def timed(work, repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), runs


def machine() -> str:
    info = {}
    if os.path.exists("/proc/cpuinfo"):
        for line in open("/proc/cpuinfo"):
            key, _, value = line.partition(":")
            info.setdefault(key.strip(), value.strip())
    model = info.get("model name", platform.processor() or "unknown CPU")
    if "cpu family" in info:
        model += f" (family {info['cpu family']}, model {info.get('model', '?')})"
    memory = (
        next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
        if os.path.exists("/proc/meminfo")
        else 0
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{model}, {cores} cores available ({os.cpu_count()} online), {memory / 2**20:.1f} GiB RAM; "
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.system()} {platform.release()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    data = panel()
    print(f"machine: {machine()}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"shape: {args.draws:,} draws × {len(YEARS)} years × {len(DOMAINS)} domains × {len(POLES)} poles, "
        f"shocks {[s.year for s in MODEL.shocks]}"
    )
    start = time.perf_counter()
    fitted = calibrate(observed_paths(data), PARAMS)
    print(f"calibration (once per state): {time.perf_counter() - start:.2f} s, rmse {fitted.fit['all']['rmse']}")
    median, runs = timed(lambda: monte_carlo(args.draws, args.seed), args.repeat)
    print(f"monte carlo: median {median:.2f} s  (runs: {', '.join(f'{r:.2f}' for r in runs)})")
    holder = {}
    median_run, runs = timed(
        lambda: holder.update(run=run_hedging(data, None, args.draws, args.seed, PARAMS, MODEL)), args.repeat
    )
    print(
        f"run (monte carlo + central run + Sobol): median {median_run:.2f} s  "
        f"(runs: {', '.join(f'{r:.2f}' for r in runs)})"
    )
    median_table, _ = timed(lambda: holder.update(table=holder["run"].table()), args.repeat)
    print(f"table: median {median_table:.2f} s, {len(holder['table']):,} rows")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"target < 10 s for the monte carlo: {'met' if median < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
