"""The JSON-ready summary of a hedging run: fit, parameters, verdict, Sobol indices, paths."""

from __future__ import annotations

import numpy as np

from multivector.scenarios.hedging.draws import factor_names, from_model
from multivector.scenarios.hedging.sensitivity import driver
from multivector.scenarios.hedging.solver import simulate
from multivector.scenarios.hedging.verdict import shock_outcome, summarise

SCHEME = (
    "z ~ N(0,1) per factor from child 0 of SeedSequence(seed), filled draw after draw; "
    "λ, σ, κ₀, κ factors, ρ = |θ̂ + max(spread·θ̂, floor)·z|; offers θ̂ + offer_sd·z; drifts θ̂ + drift_sd·z"
)


def summary_of(run) -> dict:
    obs = run.obs
    return {
        "state": obs.state,
        "hegemon": obs.hegemon,
        "domains": list(obs.domains),
        "poles": list(obs.poles),
        "years": [int(obs.years[0]), int(obs.years[-1])],
        "parameters": run.params.record(),
        "model": run.model.record(),
        "calibration": run.calibration.record(),
        "scenario": [s.model_dump() for s in run.scenario] if run.scenario else None,
        "monte_carlo": {
            "draws": run.sample.size,
            "seed": run.seed,
            "scheme": SCHEME,
            "factors": [f for f, _ in factor_names(run.model)],
        },
        "verdict": verdict_of(run),
        "sobol": run.sobol,
        "paths": path_records(run),
    }


def verdict_of(run) -> dict:
    """Per shock: Monte Carlo shares, the central run's and the data's own test; then the answer."""
    shocks = []
    for j, (outcome, central) in enumerate(zip(run.outcomes, run.central_outcomes)):
        entry = summarise(outcome, run.obs.domains, run.params)
        entry["central"] = _single(central, run.obs.domains)
        entry["observed"] = _single(observed_outcome(run, j), run.obs.domains)
        entry["driver"] = _driver(run.sobol["shocks"].get(str(outcome.year)))
        shocks.append(entry)
    reproduced = [s for s in shocks if s["reproduced"]]
    focus = (
        reproduced[0]
        if reproduced
        else max(shocks, key=lambda s: (s["transition_share"], (s["margin"] or {}).get("q50", -1.0)), default=None)
    )
    return {
        "reproduced": bool(reproduced),
        "shocks": shocks,
        "transition_year": (reproduced[0]["transition_year"] or {}).get("q50") if reproduced else None,
        "driver": focus["driver"] if focus else None,
        "statement": statement(run, focus, bool(reproduced)),
    }


def observed_outcome(run, j: int):
    """The data's hegemon shares against the central run's path without shock j (and later ones)."""
    center, setup = from_model(run.model), run.setup
    without = simulate(center.batch(setup.years, upto=j), setup)[0, :, :, setup.hegemon]
    observed = np.transpose(run.obs.shares, (1, 0, 2))[:, :, setup.hegemon]
    return shock_outcome(observed[None], without[None], setup.years, int(center.shock_years[j]), run.params)


def _single(outcome, domains) -> dict:
    year = outcome.start[0]
    return {
        "transition": bool(outcome.transition[0]),
        "year": None if np.isnan(year) else int(year),
        "falls": {d: _round(outcome.falls[0, i]) for i, d in enumerate(domains)},
    }


def _driver(indices: dict | None) -> dict | None:
    found = driver(indices)
    return {"factor": found[0], "total_index": found[1]} if found else None


def statement(run, focus: dict | None, reproduced: bool) -> str:
    if focus is None:
        return "no shock in the simulated years: nothing to test"
    share, year = focus["transition_share"], focus["year"]
    lead = focus["driver"]
    why = f"; {lead['factor']} drives the fall (total Sobol index {lead['total_index']:.2f})" if lead else ""
    if reproduced:
        when = focus["transition_year"]["q50"] if focus["transition_year"] else year
        return (
            f"{run.obs.state}: the {year} shock turns declaratory hedging substantive in {share:.0%} of "
            f"{run.sample.size:,} draws (median start {int(when)}){why}"
        )
    return (
        f"{run.obs.state}: no declaratory-to-substantive transition — at most {share:.0%} of "
        f"{run.sample.size:,} draws show one (after the {year} shock){why}"
    )


def path_records(run) -> list[dict]:
    """year, domain, pole: observed, central (the model's own values), no_shock, quantiles of the draws."""
    obs, setup = run.obs, run.setup
    q = run.params.quantiles
    quantiles = np.quantile(run.paths, q, axis=0)  # (Q, T, D, P)
    no_shock = simulate(from_model(run.model).batch(setup.years, upto=0), setup)[0]
    rows = []
    for t, year in enumerate(obs.years):
        for d, domain in enumerate(obs.domains):
            if t < setup.start[d]:
                continue
            for p, pole in enumerate(obs.poles):
                row = {
                    "year": int(year),
                    "domain": domain,
                    "pole": pole,
                    "observed": _round(obs.shares[d, t, p]),
                    "central": _round(run.central[t, d, p]),
                    "no_shock": _round(no_shock[t, d, p]),
                }
                row.update({f"q{round(100 * x):02d}": _round(quantiles[i, t, d, p]) for i, x in enumerate(q)})
                rows.append(row)
    return rows


def _round(value: float, digits: int = 4) -> float | None:
    return None if not np.isfinite(value) else round(float(value), digits)
