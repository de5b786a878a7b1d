"""Calibration: the model's parameters fitted to a state's observed dependence paths.

Fixed: λ = 1 (the utility unit), ρ₀ = 0 (before the first shock ρ only shifts the hegemon's
offer), the offer and drift of a reference pole (OTHER, else the last pole) = 0 (offers
matter only up to a constant per domain), and each domain's anchor (its first observed
vector). Fitted, by least squares over every observed domain-year after the anchor and
every pole (a missing domain-year is left out, never read as 0):

    per domain d:   offers b_{d,p} and drifts g_{d,p} of the other poles, σ_d
    per state:      κ₀; per calibrated shock s: the κ factor k_s and ρ_s (the shock years of
                    ``params.shock_years`` inside the observed years; others have no data)

    min Σ_{d,t observed} Σ_p (x_{d,t,p}(θ) − y_{d,t,p})²  +  Σ_{d,p} (g_{d,p}·s_y / s_g)²

The second sum is a weak prior on the drifts (s_g = ``drift_prior``, per year; s_y =
``share_noise``, the assumed noise of an observed share): without it a very persistent
allocation chasing a fast-running target (σ → ∞ with drifts of ±0.5 a year) fits about as
well as a moderate one, and Monte Carlo draws around such a point explode.

Offers and σ are per domain because sunk infrastructure and what each pole offers differ by
domain (pipelines, arms systems, votes); κ and ρ are per state because the hegemon's
coercion and the sanctions' spill-over bear on the state as a whole. σ is searched as the
persistence w = σ/(λ+σ) ∈ [0, 0.995], the share of last year's allocation kept in the
target. The solver (scipy's trust-region reflective least squares) gets a forward-difference
Jacobian computed in one batched simulation of all perturbed parameter sets; it runs from
``params.starts`` starting points and keeps the best.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from multivector.scenarios.hedging.draws import Draws
from multivector.scenarios.hedging.fit import fit_of
from multivector.scenarios.hedging.observed import Observed
from multivector.scenarios.hedging.params import HedgingModel, HedgingParams, Shock
from multivector.scenarios.hedging.solver import Setup, simulate

W_MAX = 0.995
STEP = 1e-5


@dataclass(frozen=True)
class Layout:
    """Where each parameter sits in the vector θ the least squares searches."""

    obs: Observed
    shock_years: tuple[int, ...]
    free: tuple[int, ...]  # pole indices with a fitted offer (all but the reference)

    @property
    def sizes(self) -> list[int]:
        d, s = len(self.obs.domains), len(self.shock_years)
        return [d * len(self.free), d * len(self.free), d, 1, s, s]

    def draws(self, theta: np.ndarray) -> Draws:
        """m parameter sets from θ of shape (m, len)."""
        m, d, p = theta.shape[0], len(self.obs.domains), len(self.obs.poles)
        offers_f, drift_f, w, kappa0, factors, rhos = np.split(theta, np.cumsum(self.sizes)[:-1], axis=1)
        offers, drift = np.zeros((m, d, p)), np.zeros((m, d, p))
        offers[:, :, self.free] = offers_f.reshape(m, d, -1)
        drift[:, :, self.free] = drift_f.reshape(m, d, -1)
        return Draws(
            lam=np.ones(m),
            sigma=w / (1.0 - w),
            offers=offers,
            drift=drift,
            kappa0=kappa0[:, 0],
            rho0=np.zeros(m),
            factors=factors,
            rhos=rhos,
            shock_years=np.array(self.shock_years, int),
        )

    def names(self) -> list[str]:
        obs = self.obs
        poles = [obs.poles[i] for i in self.free]
        return (
            [f"offer_{d}_{p}" for d in obs.domains for p in poles]
            + [f"drift_{d}_{p}" for d in obs.domains for p in poles]
            + [f"sigma_{d}" for d in obs.domains]
            + ["kappa"]
            + [f"kappa_factor_{y}" for y in self.shock_years]
            + [f"rho_{y}" for y in self.shock_years]
        )

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        d, s, f = len(self.obs.domains), len(self.shock_years), len(self.free)
        low = np.concatenate(
            [np.full(d * f, -10.0), np.full(d * f, -0.5), np.zeros(d), [0.0], np.zeros(s), np.zeros(s)]
        )
        high = np.concatenate(
            [np.full(d * f, 10.0), np.full(d * f, 0.5), np.full(d, W_MAX), [10.0], np.full(s, 10.0), np.full(s, 10.0)]
        )
        return low, high

    def scale(self) -> np.ndarray:
        d, s, f = len(self.obs.domains), len(self.shock_years), len(self.free)
        return np.concatenate(
            [np.ones(d * f), np.full(d * f, 0.02), np.full(d, 0.2), [0.2], np.full(s, 0.5), np.full(s, 0.2)]
        )


def layout_of(obs: Observed, params: HedgingParams) -> Layout:
    first, last = obs.years[obs.start.min()], obs.years[-1]
    shocks = tuple(sorted(y for y in set(params.shock_years) if first < y <= last))
    ref = obs.poles.index("OTHER") if "OTHER" in obs.poles else len(obs.poles) - 1
    return Layout(obs, shocks, tuple(i for i in range(len(obs.poles)) if i != ref))


def base_year(obs: Observed) -> int:
    return int((obs.years[0] + obs.years[-1]) // 2)


def residuals(layout: Layout, theta: np.ndarray, setup: Setup, prior: float = 0.0) -> np.ndarray:
    """(m, observations [+ drifts]): simulated minus observed shares on observed domain-years,
    then the drifts × ``prior`` (s_y / s_g) when it is positive."""
    draws = layout.draws(theta)
    paths = simulate(draws.batch(setup.years), setup)  # (m, T, D, P)
    mask = layout.obs.fitted_mask.T  # (T, D)
    observed = np.transpose(layout.obs.shares, (1, 0, 2))[mask]  # (k, P)
    misfit = (paths[:, mask] - observed[None]).reshape(theta.shape[0], -1)
    if prior <= 0:
        return misfit
    return np.concatenate([misfit, prior * draws.drift[:, :, list(layout.free)].reshape(theta.shape[0], -1)], axis=1)


def _jacobian(layout: Layout, theta: np.ndarray, setup: Setup, high: np.ndarray, prior: float) -> np.ndarray:
    """Forward differences, all perturbed parameter sets simulated in one batch."""
    step = STEP * np.maximum(1.0, np.abs(theta))
    step = np.where(theta + step > high, -step, step)
    trial = np.vstack([theta, theta + np.diag(step)])
    r = residuals(layout, trial, setup, prior)
    return ((r[1:] - r[0]) / step[:, None]).T


def starting_points(layout: Layout, count: int) -> list[np.ndarray]:
    """Offers from each pole's mean share, drifts from its linear trend; then κ, ρ, w varied."""
    obs, mask = layout.obs, layout.obs.fitted_mask
    t = obs.years - base_year(obs)
    means, slopes = [], []
    for d in range(len(obs.domains)):
        y, tt = obs.shares[d, mask[d]], t[mask[d]]
        mean = y.mean(axis=0)
        slope = np.polyfit(tt, y, 1)[0] if len(tt) > 2 else np.zeros(len(obs.poles))
        ref = [i for i in range(len(obs.poles)) if i not in layout.free][0]
        means.append(2 * (mean - mean[ref])[list(layout.free)])
        slopes.append(np.clip(2 * (slope - slope[ref])[list(layout.free)], -0.4, 0.4))
    d, s = len(obs.domains), len(layout.shock_years)
    variants = [
        (0.5, 0.05, 1.0, 0.05),
        (0.2, 0.3, 0.5, 0.3),
        (0.8, 0.01, 1.0, 0.01),
        (0.6, 0.5, 0.2, 0.6),
        (0.3, 0.1, 1.5, 0.1),
    ]
    points = []
    for i in range(count):
        w, kappa, factor, rho = variants[i % len(variants)]
        points.append(
            np.concatenate(
                [np.ravel(means), np.ravel(slopes), np.full(d, w), [kappa], np.full(s, factor), np.full(s, rho)]
            )
        )
    return points


@dataclass(frozen=True)
class Calibration:
    model: HedgingModel
    fit: dict
    cost: float
    converged: bool
    message: str
    evaluations: int
    unidentified: tuple[str, ...] = ()

    def record(self) -> dict:
        return {
            "source": "calibrated" if self.evaluations else "given",
            "model": self.model.record(),
            "fit": self.fit,
            "cost": round(self.cost, 6) if np.isfinite(self.cost) else None,
            "converged": self.converged,
            "message": self.message,
            "evaluations": self.evaluations,
            "unidentified": list(self.unidentified),
        }


def calibrate(obs: Observed, params: HedgingParams) -> Calibration:
    """The least-squares model of a state, with its fit."""
    layout = layout_of(obs, params)
    setup = obs.setup(base_year(obs))
    low, high = layout.bounds()
    prior = params.share_noise / params.drift_prior if params.drift_prior else 0.0
    best = None
    for start in starting_points(layout, params.starts):
        result = least_squares(
            lambda th: residuals(layout, th[None], setup, prior)[0],
            np.clip(start, low, high),
            jac=lambda th: _jacobian(layout, th, setup, high, prior),
            bounds=(low, high),
            # lsmr: no dense SVD per step (slow when BLAS threads compete)
            x_scale=layout.scale(),
            method="trf",
            tr_solver="lsmr",
            max_nfev=200,
        )
        if best is None or result.cost < best.cost:
            best = result
    if best is None:
        raise ValueError("no starting point to calibrate from (params.starts is at least 1)")
    model = model_of(layout, best.x, setup.base_year)
    return Calibration(
        model,
        fit_of(obs, model),
        float(best.cost),
        bool(best.status > 0),
        best.message,
        int(best.nfev),
        unidentified(layout, best.x, setup, high),
    )


def unidentified(layout: Layout, theta: np.ndarray, setup: Setup, high: np.ndarray) -> tuple[str, ...]:
    """Parameters the fitted paths do not feel at the optimum (e.g. κ factors when κ₀ = 0).

    A parameter is unidentified when moving it by its typical scale (``Layout.scale``) changes
    the fitted shares by less than 10⁻⁴ root-mean-square (linearised at the optimum).
    """
    jac = _jacobian(layout, theta, setup, high, 0.0)
    moved = np.linalg.norm(jac, axis=0) * layout.scale() / np.sqrt(jac.shape[0])
    return tuple(n for n, rms in zip(layout.names(), moved) if rms < 1e-4)


def model_of(layout: Layout, theta: np.ndarray, base: int) -> HedgingModel:
    obs, draws = layout.obs, layout.draws(theta[None])
    d, p = obs.domains, obs.poles

    def table(values):
        return {x: {q: float(values[0, i, j]) for j, q in enumerate(p)} for i, x in enumerate(d)}

    return HedgingModel(
        hegemon=obs.hegemon,
        domains=d,
        poles=p,
        base_year=base,
        lam=1.0,
        sigma={x: float(draws.sigma[0, i]) for i, x in enumerate(d)},
        kappa=float(draws.kappa0[0]),
        rho=0.0,
        offers=table(draws.offers),
        drift=table(draws.drift),
        shocks=tuple(
            Shock(year=y, kappa=float(draws.factors[0, i]), rho=float(draws.rhos[0, i]))
            for i, y in enumerate(layout.shock_years)
        ),
    )
