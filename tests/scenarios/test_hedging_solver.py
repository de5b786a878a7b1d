"""The hedging model's yearly choice: against a numerical optimiser, and its analytic corner cases."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from multivector.scenarios.hedging.solver import Batch, Setup, choose, project, simulate

POLES = 5
H = 0


def objective(x, prev, offer, lam, sigma, kappa, rho, h=H):
    return offer @ x - lam * (x @ x) - sigma * ((x - prev) @ (x - prev)) - kappa * max(0.0, prev[h] - x[h]) - rho * x[h]


def numerical_choice(prev, offer, lam, sigma, kappa, rho, h=H):
    """SLSQP on the smooth reformulation: a slack s ≥ max(0, prev(H) − x(H)) carries the kink."""
    n = len(prev)

    def negative(z):
        x, s = z[:n], z[n]
        return -(offer @ x - lam * (x @ x) - sigma * ((x - prev) @ (x - prev)) - kappa * s - rho * x[h])

    constraints = [
        {"type": "eq", "fun": lambda z: z[:n].sum() - 1},
        {"type": "ineq", "fun": lambda z: z[n] - (prev[h] - z[h])},
    ]
    found = minimize(
        negative,
        np.r_[prev, 0.0],
        method="SLSQP",
        bounds=[(0, 1)] * (n + 1),
        constraints=constraints,
        options={"ftol": 1e-14, "maxiter": 1000},
    )
    return found.x[:n]


def one(prev, offer, lam, sigma, kappa, rho):
    shape = (1, 1, 1)
    return choose(
        prev[None, None].copy(),
        offer[None, None],
        np.full(shape, lam),
        np.full(shape, sigma),
        np.full(shape, kappa),
        np.full(shape, rho),
        H,
    )[0, 0]


def test_projection_lands_on_the_simplex_and_meets_its_optimality_conditions():
    rng = np.random.default_rng(3)
    v = rng.normal(0, 2, size=(500, POLES))
    x = project(v)
    assert np.allclose(x.sum(axis=1), 1) and (x >= 0).all()
    for vi, xi in zip(v, x):
        gap = vi - xi  # equal on the support, no larger off it
        assert np.ptp(gap[xi > 0]) < 1e-12
        assert (gap[xi == 0] <= gap[xi > 0][0] + 1e-12).all()
    assert np.allclose(project(np.zeros(POLES)), 1 / POLES)
    assert np.allclose(project(np.array([3.0, 1.0, 2.0]), 0.0), 0.0)


def test_the_exact_choice_matches_a_numerical_optimiser_in_all_three_cases():
    rng = np.random.default_rng(11)
    cases = {"rise": 0, "fall": 0, "pinned": 0}
    for _ in range(150):
        prev = rng.dirichlet(np.ones(POLES))
        offer = rng.normal(0, 1, POLES)
        lam, sigma, kappa, rho = rng.uniform(0.2, 2), rng.uniform(0, 3), rng.uniform(0, 1.5), rng.uniform(0, 1)
        exact = one(prev, offer, lam, sigma, kappa, rho)
        numeric = numerical_choice(prev, offer, lam, sigma, kappa, rho)
        assert abs(exact.sum() - 1) < 1e-12 and (exact >= 0).all()
        assert (
            objective(exact, prev, offer, lam, sigma, kappa, rho)
            >= objective(numeric, prev, offer, lam, sigma, kappa, rho) - 1e-9
        )
        assert np.allclose(exact, numeric, atol=1e-4)
        change = exact[H] - prev[H]
        cases["rise" if change > 1e-9 else "fall" if change < -1e-9 else "pinned"] += 1
    assert min(cases.values()) >= 10, cases  # each case of the kink was exercised


def paths(anchor, offers, lam, sigma, kappa, rho, drift=None):
    """One run of len(kappa) years, every domain starting from ``anchor`` in the first year."""
    years = np.arange(2000, 2000 + len(kappa))
    domains, poles = anchor.shape
    batch = Batch(
        lam=np.array([lam], float),
        sigma=np.full((1, domains), sigma, float),
        offers=offers[None].astype(float),
        drift=np.zeros((1, domains, poles)) if drift is None else drift[None],
        kappa=np.asarray(kappa, float)[None],
        rho=np.asarray(rho, float)[None],
    )
    return simulate(batch, Setup(years, anchor, np.zeros(domains, int), H, 2000))[0]


OFFERS = np.array([[1.6, 0.4, 0.6, 0.0, 0.2], [0.8, 1.0, 1.2, 0.2, 0.4], [0.9, 0.7, 0.5, 0.4, 0.3]])
LAM = 1.0


def steady_state(offers=OFFERS, lam=LAM, rho=0.0):
    """The static optimum Π((b − ρ·e_H)/2λ): a fixed point of the dynamics without shocks."""
    v = offers / (2 * lam)
    v[:, H] -= rho / (2 * lam)
    return project(v)


def test_unlimited_punishment_keeps_the_allocation():
    start = steady_state()
    rho = np.r_[np.zeros(5), np.full(15, 3.0)]  # the association risk jumps in year 5
    kept = paths(start, OFFERS, LAM, 0.7, np.full(20, np.inf), rho)
    assert np.array_equal(kept[:, :, H], np.broadcast_to(start[:, H], (20, 3)))
    assert np.allclose(kept, start, atol=1e-12)
    moved = paths(start, OFFERS, LAM, 0.7, np.full(20, 0.3), rho)  # finite punishment: it moves
    assert (moved[-1, :, H] < start[:, H] - 0.1).all()


def test_unlimited_punishment_never_lets_the_hegemon_share_fall_even_as_its_offer_sinks():
    drift = np.zeros((3, POLES))
    drift[:, H] = -0.1
    x = paths(steady_state(), OFFERS, LAM, 0.5, np.full(25, np.inf), np.full(25, 0.5), drift)
    assert (np.diff(x[:, :, H], axis=0) >= 0).all()


@pytest.mark.parametrize("kappa", [0.0, 0.4, np.inf])
def test_an_infinite_concentration_penalty_gives_equal_shares(kappa):
    anchor = np.array([[0.1, 0.2, 0.3, 0.25, 0.15], [0.05, 0.05, 0.1, 0.2, 0.6], [0.0, 0.0, 0.0, 0.0, 1.0]])
    x = paths(anchor, OFFERS * 5, np.inf, 1.5, np.full(4, kappa), np.full(4, 0.8))
    assert np.allclose(x[1:], 1 / POLES, atol=1e-15)
    assert np.allclose(paths(anchor, OFFERS, 1e9, 1.5, np.full(4, kappa), np.full(4, 0.8))[1:], 1 / POLES, atol=1e-6)


def test_no_shock_gives_a_steady_state():
    start = steady_state()
    constant = paths(start, OFFERS, LAM, 2.0, np.full(30, 0.5), np.zeros(30))
    assert np.allclose(constant, start, atol=1e-14)
    anchor = np.array([[0.2, 0.2, 0.2, 0.2, 0.2], [0.9, 0.0, 0.1, 0.0, 0.0], [0.0, 0.5, 0.5, 0.0, 0.0]])
    x = paths(anchor, OFFERS, LAM, 2.0, np.full(200, 0.5), np.zeros(200))
    assert np.abs(x[-1] - x[-2]).max() < 1e-12  # converged
    assert np.abs(x[1] - x[0]).max() > 0.01  # from somewhere else
    again = paths(x[-1], OFFERS, LAM, 2.0, np.full(20, 0.5), np.zeros(20))
    assert np.allclose(again, x[-1], atol=1e-12)  # and it is a fixed point


def test_a_shock_moves_the_state_only_when_the_new_risk_exceeds_the_punishment():
    """From a steady state, ρ rising by Δρ lowers the hegemon's long-run share by
    (Δρ − κ)/(2λ)·(n − 1)/n on an interior support of n poles; Δρ ≤ κ moves nothing (the ratchet)."""
    offers = np.array([[1.0, 0.8, 0.9, 0.6, 0.7]] * 3)
    start = steady_state(offers)
    assert (start > 0.05).all()
    for kappa, drho in [(0.1, 0.3), (0.0, 0.2), (0.25, 0.2)]:
        rho = np.r_[0.0, np.full(299, drho)]
        x = paths(start, offers, LAM, 1.0, np.full(300, kappa), rho)
        expected = start[:, H] - max(drho - kappa, 0.0) / (2 * LAM) * (POLES - 1) / POLES
        assert np.allclose(x[-1, :, H], expected, atol=1e-9), (kappa, drho)
