"""Did a shock turn declaratory hedging substantive? The reallocation test on simulated paths.

The theory engine's rule (THEORY.md §3, docs/theory.md) with the model's own counterfactual
as the pre-shock path: for a shock in year s, per domain d and year t in s … s+horizon−1,

    gap_d(t) = h⁰_d(t) − h_d(t)

with h the hegemon's share on the path with the shock and h⁰ on the same run with the shock
(and every later one) left out — the path the state was on. The domain falls when gap ≥ δ
in ``sustain_years`` consecutive years; the shock is a declaratory-to-substantive transition
when at least ``min_domains`` domains fall. Its *year* is the year in which the
``min_domains``-th domain begins its first such run. The continuous *margin* — the ``min_domains``-th largest of the
domains' sustained falls  f_d = max over runs of the run's smallest gap — is ≥ δ exactly when
the transition happens; the sensitivity analysis explains it.

The data engine extrapolates a linear pre-shock trend because the data have no counterfactual;
the model has one, which also carries the drift of offers and the switching dynamics forward.
Corroborating acts are outside the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multivector.scenarios.hedging.params import HedgingParams


@dataclass(frozen=True)
class ShockOutcome:
    """Per run: sustained fall per domain (n, D), margin, transition, year (NaN when none)."""

    year: int
    falls: np.ndarray
    margin: np.ndarray
    transition: np.ndarray
    start: np.ndarray


def shock_outcome(
    with_shock: np.ndarray, without: np.ndarray, years: np.ndarray, shock_year: int, params: HedgingParams
) -> ShockOutcome:
    """The test on hegemon shares of shape (n, T, D) with and without the shock."""
    window = (years >= shock_year) & (years < shock_year + params.horizon)
    gap = (without - with_shock)[:, window]  # (n, W, D)
    n, width, domains = gap.shape
    runs = width - params.sustain_years + 1
    if runs < 1:
        nan = np.full(n, np.nan)
        return ShockOutcome(shock_year, np.full((n, domains), np.nan), nan, np.zeros(n, bool), nan)
    lows = np.stack([gap[:, i : i + params.sustain_years].min(axis=1) for i in range(runs)], axis=1)
    falls = np.nan_to_num(lows, nan=-np.inf).max(axis=1)  # (n, D)
    need = min(params.min_domains, domains)
    margin = -np.sort(-falls, axis=1)[:, need - 1]
    falling = lows >= params.delta  # (n, runs, D)
    first = np.where(falling.any(axis=1), falling.argmax(axis=1), runs).astype(float)  # (n, D)
    begins = np.sort(first, axis=1)[:, need - 1]  # when the need-th domain begins
    start = np.where(begins < runs, years[window][np.minimum(begins, runs - 1).astype(int)], np.nan)
    return ShockOutcome(shock_year, falls, margin, margin >= params.delta, start.astype(float))


def summarise(outcome: ShockOutcome, domains: tuple[str, ...], params: HedgingParams) -> dict:
    """Share of runs with a transition, its year, each domain's share of falls, margin quantiles."""
    years = outcome.start[outcome.transition]
    q = params.quantiles
    return {
        "year": outcome.year,
        "transition_share": round(float(outcome.transition.mean()), 4),
        "reproduced": bool(outcome.transition.mean() >= 0.5),
        "transition_year": _quantiles(years, q, digits=0),
        "domain_fall_share": {
            d: round(float((outcome.falls[:, i] >= params.delta).mean()), 4) for i, d in enumerate(domains)
        },
        "margin": _quantiles(outcome.margin, q),
    }


def _quantiles(values: np.ndarray, q: tuple[float, ...], digits: int = 4) -> dict | None:
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    found = {f"q{round(100 * x):02d}": round(float(np.quantile(values, x)), digits) for x in q}
    return {k: int(v) for k, v in found.items()} if digits == 0 else found
