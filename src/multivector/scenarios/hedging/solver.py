"""The exact yearly choice, vectorised over draws, domains and poles.

Per domain and year the state solves (``params.py``)

    max_{x ∈ Δ}  b·x − λ‖x‖² − σ‖x − x₀‖² − κ·max(0, x₀(H) − x(H)) − ρ·x(H)

with x₀ last year's allocation. The objective is strictly concave; divided by λ+σ it is

    −‖x − v‖² − 2k·max(0, x₀(H) − x(H)) + const,   v = (b − ρ·e_H + 2σ·x₀) / (2(λ+σ)),
                                                   k = κ / (2(λ+σ))

i.e. a Euclidean projection onto the simplex plus a kink at x(H) = x₀(H). Its maximiser is
one of three candidates (KKT, with the subgradient of the kink in [0, 2k]):

    a. x = Π(v)              if Π(v)(H) ≥ x₀(H)   (the hegemon's share does not fall)
    b. x = Π(v + k·e_H)      if that has x(H) ≤ x₀(H)   (it falls, each point costs κ)
    c. x(H) = x₀(H), the other poles Π(v_{−H}) onto the simplex of mass 1 − x₀(H)   otherwise

Π(v)(H) is increasing in v_H, so exactly one case applies. Π is the sort-based projection
onto {x ≥ 0, Σx = m}: x = max(v − θ, 0) with θ from the largest r such that
u_r > (Σ_{i≤r} u_i − m)/r for u sorted in decreasing order, which is θ = max_r (Σ_{i≤r} u_i − m)/r.

Limits: λ = ∞ gives v = 0 (equal shares, unless the kink pins the hegemon); σ = ∞ gives
v = x₀ (nothing moves); κ = ∞ keeps case b from applying, so the hegemon's share never falls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def project(v: np.ndarray, mass: np.ndarray | float = 1.0) -> np.ndarray:
    """Euclidean projection of each ``v[..., :]`` onto {x ≥ 0, Σ x = mass}.

    θ = max_r (Σ_{i≤r} u_i − mass)/r over u = v sorted decreasingly (the maximum sits at the
    support's size), x = max(v − θ, 0). The poles axis is short, so the sort is a sorting
    network over its columns and every step runs on whole (draws, domains) arrays.
    """
    u = _descending([v[..., i] for i in range(v.shape[-1])])
    total = u[0] - np.asarray(mass, dtype=float)
    theta = total  # rank 1: (u_1 - mass) / 1
    for rank, column in enumerate(u[1:], start=2):
        total = total + column
        theta = np.maximum(theta, total / rank)
    return np.maximum(v - theta[..., None], 0.0)


def _descending(columns: list[np.ndarray]) -> list[np.ndarray]:
    """Odd-even transposition sort of the columns, elementwise: columns[0] largest."""
    columns = list(columns)
    for round_ in range(len(columns)):
        for i in range(round_ % 2, len(columns) - 1, 2):
            a, b = columns[i], columns[i + 1]
            columns[i], columns[i + 1] = np.maximum(a, b), np.minimum(a, b)
    return columns


def _largest(v: np.ndarray) -> np.ndarray:
    return np.maximum.reduce([v[..., i] for i in range(v.shape[-1])])


def _smallest(v: np.ndarray) -> np.ndarray:
    return np.minimum.reduce([v[..., i] for i in range(v.shape[-1])])


def choose(
    prev: np.ndarray, offer: np.ndarray, lam: np.ndarray, sigma: np.ndarray, kappa: np.ndarray, rho: np.ndarray, h: int
) -> np.ndarray:
    """The maximiser for every (draw, domain): arrays broadcast to ``prev``'s shape (…, poles).

    ``lam``, ``sigma``, ``kappa``, ``rho`` have shape (…, 1); ``h`` is the hegemon's pole index.
    """
    inv, weight = _scales(lam, sigma)
    return _choose(prev, offer * inv, inv, weight, kappa, rho, h)


def _scales(lam: np.ndarray, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1/(2(λ+σ)) and σ/(λ+σ), with their limits for infinite λ or σ."""
    with np.errstate(invalid="ignore"):
        inv = 1.0 / (2.0 * (lam + sigma))
        return inv, np.where(np.isinf(sigma), 1.0, 2.0 * sigma * inv)


def _choose(
    prev: np.ndarray,
    scaled_offer: np.ndarray,
    inv: np.ndarray,
    weight: np.ndarray,
    kappa: np.ndarray,
    rho: np.ndarray,
    h: int,
) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        k = np.where(np.isinf(kappa), np.inf, kappa * inv)[..., 0]
    v = scaled_offer + weight * prev
    v[..., h] -= (rho * inv)[..., 0]
    h0 = prev[..., h]
    xa = project(v)
    bump = np.minimum(k, 1.0 + _largest(v) - v[..., h])  # beyond it Π gives x(H) = 1
    vb = v.copy()
    vb[..., h] += bump
    xb = project(vb)
    xc = _pinned(v, h0, h)
    use_a = (xa[..., h] >= h0)[..., None]
    use_b = (xb[..., h] <= h0)[..., None]
    return np.where(use_a, xa, np.where(use_b, xb, xc))


def _pinned(v: np.ndarray, h0: np.ndarray, h: int) -> np.ndarray:
    """x(H) = h0 and the other poles projected onto the simplex of mass 1 − h0."""
    rest = np.maximum(1.0 - h0, 0.0)
    vc = v.copy()
    vc[..., h] = _smallest(v) - rest - 1.0  # low enough to be projected to 0
    x = project(vc, rest)
    x[..., h] = h0
    return x


@dataclass(frozen=True)
class Setup:
    """What a simulation needs besides the parameters: the years and the status-quo anchor.

    ``anchor`` (domains, poles) is each domain's allocation in its ``start`` year (an index
    into ``years``); before and in that year the domain holds it, after it the model chooses.
    """

    years: np.ndarray
    anchor: np.ndarray
    start: np.ndarray
    hegemon: int
    base_year: int


@dataclass(frozen=True)
class Batch:
    """Parameters of n runs: λ (n,), σ (n, D), offers and drift (n, D, P), κ_t and ρ_t (n, T)."""

    lam: np.ndarray
    sigma: np.ndarray
    offers: np.ndarray
    drift: np.ndarray
    kappa: np.ndarray
    rho: np.ndarray

    @property
    def size(self) -> int:
        return self.lam.shape[0]


def simulate(batch: Batch, setup: Setup) -> np.ndarray:
    """Shares x of every run, shape (n, years, domains, poles). One vectorised step per year."""
    n, (domains, poles) = batch.size, setup.anchor.shape
    out = np.empty((n, len(setup.years), domains, poles))
    x = np.broadcast_to(setup.anchor, (n, domains, poles)).copy()
    inv, weight = _scales(batch.lam[:, None, None], batch.sigma[:, :, None])
    offers, drift = batch.offers * inv, batch.drift * inv
    for t, year in enumerate(setup.years):
        chosen = _choose(
            x,
            offers + drift * (year - setup.base_year),
            inv,
            weight,
            batch.kappa[:, t, None, None],
            batch.rho[:, t, None, None],
            setup.hegemon,
        )
        moving = t > setup.start
        x = chosen if moving.all() else np.where(moving[None, :, None], chosen, x)
        out[:, t] = x
    return out
