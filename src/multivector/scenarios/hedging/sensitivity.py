"""Which parameter drives the transition: Sobol indices of each shock's margin (SALib).

The factors are the Monte Carlo's own standard-normal coordinates z (``draws.py``), sampled
by Saltelli's scheme (``SALib.sample.sobol``, normal marginals, scrambled with the run's
seed) and mapped to parameters the same way, so the indices decompose the variance of the
very distribution the Monte Carlo draws from. Offers and drifts enter as one group per
domain; λ, each σ_d, κ₀ and each shock's κ factor and ρ as themselves.

Outcome per shock: the transition margin (``verdict.py``), the min_domains-th largest
sustained fall of the hegemon's share below the no-shock path; the transition happens when
it reaches δ. First-order S1 is the share of its variance a factor explains alone, total ST
with all its interactions (Saltelli 2010 estimators, 95% bootstrap intervals).
"""

from __future__ import annotations

import numpy as np
from SALib.analyze import sobol as analyze
from SALib.sample import sobol as sample

from multivector.scenarios.hedging.draws import Draws, perturbed, sobol_seed
from multivector.scenarios.hedging.params import HedgingParams
from multivector.scenarios.hedging.solver import Setup, simulate
from multivector.scenarios.hedging.verdict import shock_outcome


def problem_of(factors: list[tuple[str, str]]) -> dict:
    return {
        "num_vars": len(factors),
        "names": [f for f, _ in factors],
        "groups": [g for _, g in factors],
        "bounds": [[0.0, 1.0]] * len(factors),
        "dists": ["norm"] * len(factors),
    }


def outcomes(sample_draws: Draws, setup: Setup, params: HedgingParams, full: np.ndarray | None = None) -> list:
    """Each shock's outcome on the runs of ``sample_draws``: the hegemon's shares with every
    shock (``full``, simulated when not given) against those without it and the later ones."""
    years, h = setup.years, setup.hegemon
    if full is None:
        full = simulate(sample_draws.batch(years), setup)[..., h]
    return [
        shock_outcome(full, simulate(sample_draws.batch(years, upto=j), setup)[..., h], years, int(y), params)
        for j, y in enumerate(sample_draws.shock_years)
    ]


def sobol_indices(
    center: Draws, factors: list[tuple[str, str]], setup: Setup, params: HedgingParams, seed: int
) -> dict:
    """{shock year: {S1, S1_conf, ST, ST_conf: {group: value}}} and the sample's size."""
    problem = problem_of(factors)
    z = sample.sample(problem, params.sobol_n, calc_second_order=False, seed=sobol_seed(seed))
    found = outcomes(perturbed(center, z, params), setup, params)
    groups = list(dict.fromkeys(problem["groups"]))
    shocks = {}
    for outcome in found:
        y = np.nan_to_num(outcome.margin, nan=0.0, neginf=-1.0)
        shocks[str(outcome.year)] = _indices(problem, y, groups, sobol_seed(seed))
    return {
        "outcome": "transition margin (share points below the no-shock path)",
        "n": params.sobol_n,
        "runs": int(z.shape[0]),
        "shocks": shocks,
    }


def _indices(problem: dict, y: np.ndarray, groups: list[str], seed: int) -> dict | None:
    if np.ptp(y) < 1e-12:
        return None  # the margin does not vary: nothing to attribute
    found = analyze.analyze(problem, y, calc_second_order=False, seed=seed)
    return {
        key: {g: round(float(v), 4) for g, v in zip(groups, found[key])} for key in ("S1", "S1_conf", "ST", "ST_conf")
    }


def driver(indices: dict | None) -> tuple[str, float] | None:
    """The factor with the largest total index."""
    if not indices:
        return None
    name = max(indices["ST"], key=lambda g: indices["ST"][g])
    return name, indices["ST"][name]
