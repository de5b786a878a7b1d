"""Parameter sets of many runs as arrays, and the Monte Carlo draws around a model.

Monte Carlo (every distribution centred on the model's value θ̂, z ~ N(0, 1) per factor):

    λ, σ_d, κ₀, each shock's κ factor and ρ:   θ = |θ̂ + s·z|,  s = max(spread·θ̂, floor)
    offers b_{d,p}:                            θ = θ̂ + offer_sd·z
    drifts:                                    θ = θ̂ + drift_sd·z

(a normal folded at 0: non-negative, and a parameter calibrated to 0 still varies). ρ₀ is
not drawn: before the first shock it is indistinguishable from the hegemon's offer.

Seeds: the root ``SeedSequence(seed)`` has two children. Child 0 (``spawn_key=(0,)``) feeds
one generator that fills z row by row, draw after draw (one call, no loop over draws): the
same seed gives the same draws, and the first n draws of a larger run are the n draws of a
smaller one, so draw i is replayed by drawing i + 1 rows. Child 1 scrambles the Sobol sample.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from multivector.scenarios.hedging.params import HedgingModel, HedgingParams
from multivector.scenarios.hedging.shocks import regime_index, regime_paths
from multivector.scenarios.hedging.solver import Batch


@dataclass(frozen=True)
class Draws:
    """n parameter sets: λ (n,), σ (n, D), offers and drift (n, D, P), κ₀ and ρ₀ (n,),
    shock factors and ρ (n, S) at ``shock_years`` (S,)."""

    lam: np.ndarray
    sigma: np.ndarray
    offers: np.ndarray
    drift: np.ndarray
    kappa0: np.ndarray
    rho0: np.ndarray
    factors: np.ndarray
    rhos: np.ndarray
    shock_years: np.ndarray

    @property
    def size(self) -> int:
        return self.lam.shape[0]

    def batch(self, years: np.ndarray, upto: int | None = None) -> Batch:
        """The runs' yearly κ_t and ρ_t with the shocks from index ``upto`` on left out."""
        kappa, rho = regime_paths(
            self.kappa0, self.rho0, self.factors, self.rhos, regime_index(years, self.shock_years, upto)
        )
        return Batch(self.lam, self.sigma, self.offers, self.drift, kappa, rho)

    def tiled(self, copies: int) -> Draws:
        """Every run repeated ``copies`` times, one block after another."""
        return replace(self, **{k: np.concatenate([getattr(self, k)] * copies) for k in ARRAYS})


ARRAYS = ("lam", "sigma", "offers", "drift", "kappa0", "rho0", "factors", "rhos")


def from_model(model: HedgingModel) -> Draws:
    """One run: the model's own values."""
    d, p = model.domains, model.poles
    return Draws(
        lam=np.array([model.lam]),
        sigma=np.array([[model.sigma[x] for x in d]]),
        offers=np.array([[[model.offers[x][q] for q in p] for x in d]]),
        drift=np.array([[[model.drift[x][q] for q in p] for x in d]]),
        kappa0=np.array([model.kappa]),
        rho0=np.array([model.rho]),
        factors=np.array([[np.nan if s.kappa is None else s.kappa for s in model.shocks]]).reshape(1, -1),
        rhos=np.array([[np.nan if s.rho is None else s.rho for s in model.shocks]]).reshape(1, -1),
        shock_years=np.array([s.year for s in model.shocks], dtype=int),
    )


def factor_names(model: HedgingModel) -> list[tuple[str, str]]:
    """(factor, group) of every standard-normal coordinate z, in the order ``perturbed`` reads them."""
    names = [("lambda", "lambda")]
    names += [(f"sigma_{d}", f"sigma_{d}") for d in model.domains]
    names += [("kappa", "kappa")]
    for s in model.shocks:
        names += [(f"kappa_factor_{s.year}", f"kappa_factor_{s.year}"), (f"rho_{s.year}", f"rho_{s.year}")]
    for kind in ("offer", "drift"):
        names += [(f"{kind}_{d}_{p}", f"offers_{d}") for d in model.domains for p in model.poles]
    return names


def perturbed(center: Draws, z: np.ndarray, params: HedgingParams) -> Draws:
    """n runs from standard-normal coordinates z (n, factors) around the one-run ``center``."""
    n, (_, domains, poles) = z.shape[0], center.offers.shape
    shocks = center.factors.shape[1]
    columns = iter(np.split(z, np.cumsum([1, domains, 1, 2 * shocks, domains * poles]), axis=1))
    lam = _fold(center.lam, next(columns)[:, 0], params)
    sigma = _fold(center.sigma, next(columns), params)
    kappa0 = _fold(center.kappa0, next(columns)[:, 0], params)
    pairs = next(columns).reshape(n, shocks, 2)
    factors = _fold(center.factors, pairs[:, :, 0], params)
    rhos = _fold(center.rhos, pairs[:, :, 1], params)
    offers = center.offers + params.offer_sd * next(columns).reshape(n, domains, poles)
    drift = center.drift + params.drift_sd * next(columns).reshape(n, domains, poles)
    return Draws(lam, sigma, offers, drift, kappa0, np.repeat(center.rho0, n), factors, rhos, center.shock_years)


def _fold(value: np.ndarray, z: np.ndarray, params: HedgingParams) -> np.ndarray:
    """|θ̂ + max(spread·θ̂, floor)·z|; an infinite θ̂ stays infinite, an unset (NaN) one unset."""
    scale = np.maximum(params.spread * value, params.floor)
    with np.errstate(invalid="ignore"):
        out = np.abs(value + scale * z)
    return np.where(np.isinf(value), value, out)


def normal_draws(seed: int, draws: int, factors: int) -> np.ndarray:
    """z (draws, factors) from child 0 of ``SeedSequence(seed)``, filled draw after draw."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    return rng.standard_normal((draws, factors))


def sobol_seed(seed: int) -> int:
    return int(np.random.SeedSequence(seed, spawn_key=(1,)).generate_state(1)[0])
