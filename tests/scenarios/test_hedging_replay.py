"""A replay does not depend on floating-point noise in the measured shares.

The store's parallel sums can differ in the last bit between runs; the calibration's finite
differences would turn that into another optimum, so `simulate hedging --seed S` would not
print the same output twice. The observed shares are rounded to a binary grid (``SHARE_GRID``) to prevent it.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np

from multivector.scenarios.hedging import HedgingParams
from multivector.scenarios.hedging.calibrate import calibrate
from multivector.scenarios.hedging.observed import observed_paths, on_share_grid
from tests.scenarios.test_hedging_calibration import generated, synthetic_panel

YEARS = np.arange(1995, 2025)
PANEL = synthetic_panel(generated(years=YEARS), years=YEARS)


def with_last_bit_noise(panel, seed: int):
    domains = panel.domains.copy()
    flip = np.random.default_rng(seed).integers(-1, 2, len(domains))  # −1, 0 or +1 ulp
    domains["share"] = np.nextafter(domains.share.to_numpy(), np.where(flip > 0, np.inf, -np.inf))
    domains.loc[flip == 0, "share"] = panel.domains.share[flip == 0]
    return dataclasses.replace(panel, domains=domains)


def test_last_bit_noise_in_the_shares_leaves_the_calibration_unchanged():
    params = HedgingParams(starts=1)
    noisy = with_last_bit_noise(PANEL, seed=1)
    assert not np.array_equal(noisy.domains.share.to_numpy(), PANEL.domains.share.to_numpy())
    one, other = calibrate(observed_paths(PANEL), params), calibrate(observed_paths(noisy), params)
    assert json.dumps(one.record()) == json.dumps(other.record())


def test_shares_halfway_between_decimal_steps_are_on_the_binary_grid():
    exact = np.array([1 / 1024, 3 / 2048, 0.5, 0.0, 1.0])  # 1/1024 = 0.0009765625: a 9-decimal midpoint
    for noisy in (np.nextafter(exact, 2.0), np.nextafter(exact, -1.0)):
        assert np.array_equal(on_share_grid(noisy), exact)
    assert not np.array_equal(np.round(np.nextafter(exact, 2.0), 9), np.round(np.nextafter(exact, -1.0), 9))
