"""How well a model reproduces a state's observed paths: RMSE and R² per domain and over all."""

from __future__ import annotations

import numpy as np

from multivector.scenarios.hedging.draws import from_model
from multivector.scenarios.hedging.observed import Observed
from multivector.scenarios.hedging.params import HedgingModel
from multivector.scenarios.hedging.solver import simulate


def fit_of(obs: Observed, model: HedgingModel) -> dict:
    """Per domain and over all: fitted years, RMSE over all poles and of the hegemon, R² of both.

    R² = 1 − SSE/SST with SST around each pole's mean over the domain's fitted years: the
    share of the paths' variation over time the model explains (negative when constant shares
    would do better). Over all domains SSE and SST are summed.
    """
    paths = simulate(from_model(model).batch(obs.years), obs.setup(model.base_year))[0]
    parts = {}
    for d, domain in enumerate(obs.domains):
        rows = obs.fitted_mask[d]
        y, x = obs.shares[d, rows], paths[rows, d]
        parts[domain] = (_sums(x, y), _sums(x[:, [obs.h]], y[:, [obs.h]]))
    parts["all"] = (_total([s for s, _ in parts.values()]), _total([sh for _, sh in parts.values()]))
    return {name: {"years": int(s[3]), **_scores(s, ""), **_scores(sh, "_hegemon")} for name, (s, sh) in parts.items()}


def _sums(x: np.ndarray, y: np.ndarray) -> tuple[float, float, int, int]:
    """SSE, SST around each pole's mean, number of values, number of years."""
    if y.size == 0:
        return 0.0, 0.0, 0, 0
    return float(((x - y) ** 2).sum()), float(((y - y.mean(axis=0)) ** 2).sum()), y.size, y.shape[0]


def _total(sums: list[tuple[float, float, int, int]]) -> tuple[float, float, int, int]:
    """The elementwise sum of (SSE, SST, number of values, number of years) over domains."""
    return (
        sum(s[0] for s in sums),
        sum(s[1] for s in sums),
        sum(s[2] for s in sums),
        sum(s[3] for s in sums),
    )


def _scores(sums: tuple, suffix: str) -> dict:
    sse, sst, size, _ = sums
    if size == 0:
        return {f"rmse{suffix}": None, f"r2{suffix}": None}
    return {
        f"rmse{suffix}": round(float(np.sqrt(sse / size)), 4),
        f"r2{suffix}": round(1 - sse / sst, 4) if sst > 0 else None,
    }
