"""A state's observed dependence paths as arrays: shares y[d, t, p], NaN where a domain-year is missing.

Within a domain-year that has data a pole absent from the vector has share 0 (the measured
vector lists the poles it found); a domain-year without data is missing, never zero, and
stays out of the calibration's loss. Each domain starts in its first year with data, whose
vector is the model's status-quo anchor (renormalised to sum to 1).

Shares are rounded to a binary grid of ``SHARE_GRID`` (2⁻³², about 2·10⁻¹⁰). The store's parallel
sums can differ in the last bit from one run to the next, and the calibration's finite
differences (step 10⁻⁵) amplify a difference of 10⁻¹⁶ into another optimum: rounding makes a
seed replay byte for byte. The grid is binary, not decimal, because shares such as 1/1024 =
0.0009765625 lie exactly halfway between two decimal steps but on the binary grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from multivector.channels import DOMAINS
from multivector.defaults import POLES
from multivector.errors import NoData
from multivector.indicators.poles import OTHER
from multivector.scenarios.hedging.solver import Setup
from multivector.theory.panel import Panel

#: The order of the model's poles: the default poles, OTHER, then any others by name.
POLE_ORDER = (*POLES, OTHER)
MIN_YEARS = 3
SHARE_GRID = 2.0**-32  # far below any measured difference, far above floating-point noise


@dataclass(frozen=True)
class Observed:
    state: str
    hegemon: str
    years: np.ndarray  # (T,) consecutive
    domains: tuple[str, ...]
    poles: tuple[str, ...]
    shares: np.ndarray  # (D, T, P), NaN rows where missing
    start: np.ndarray  # (D,) index of each domain's first year with data

    @property
    def h(self) -> int:
        return self.poles.index(self.hegemon)

    @property
    def anchor(self) -> np.ndarray:
        rows = self.shares[np.arange(len(self.domains)), self.start]
        return rows / rows.sum(axis=1, keepdims=True)

    @property
    def fitted_mask(self) -> np.ndarray:
        """(D, T): observed years after the anchor year — the ones the model is fitted to."""
        seen = ~np.isnan(self.shares[:, :, 0])
        return seen & (np.arange(len(self.years))[None, :] > self.start[:, None])

    def setup(self, base_year: int) -> Setup:
        """The simulation's years, anchors and start years for these paths."""
        return Setup(self.years, self.anchor, self.start, self.h, base_year)

    def extended(self, until: int) -> Observed:
        """The same data on a year axis running to ``until`` (later years missing)."""
        extra = until - int(self.years[-1])
        if extra <= 0:
            return self
        pad = np.full((len(self.domains), extra, len(self.poles)), np.nan)
        years = np.arange(self.years[0], until + 1)
        return Observed(
            self.state,
            self.hegemon,
            years,
            self.domains,
            self.poles,
            np.concatenate([self.shares, pad], axis=1),
            self.start,
        )


def on_share_grid(values: np.ndarray) -> np.ndarray:
    """``values`` rounded to multiples of ``SHARE_GRID`` (exact: the grid is a power of 2)."""
    return np.round(values / SHARE_GRID) * SHARE_GRID


def observed_paths(panel: Panel) -> Observed:
    """The panel's domain vectors on a (domain, year, pole) grid."""
    frame = panel.domains
    if frame.empty:
        raise NoData(f"{panel.state} has no domain vectors", "build the store and check `multivector coverage`")
    counts = frame.groupby("domain").year.nunique()
    domains = tuple(d for d in DOMAINS if counts.get(d, 0) >= MIN_YEARS)
    if not domains:
        raise NoData(
            f"{panel.state} has no domain with {MIN_YEARS} years of data",
            "the hedging model needs a dependence path per domain",
        )
    frame = frame[frame.domain.isin(domains)]
    found = set(frame.pole) | {panel.hegemon}
    poles = tuple(p for p in POLE_ORDER if p in found) + tuple(sorted(found - set(POLE_ORDER)))
    years = np.arange(int(frame.year.min()), int(frame.year.max()) + 1)
    grid = pd.MultiIndex.from_product([domains, years], names=["domain", "year"])
    wide = frame.pivot_table(index=["domain", "year"], columns="pole", values="share", aggfunc="sum").reindex(
        index=grid, columns=list(poles)
    )
    seen = wide.notna().any(axis=1).to_numpy()
    values = wide.fillna(0.0).to_numpy(dtype=float, copy=True)
    values = on_share_grid(values)
    values[~seen] = np.nan
    shares = values.reshape(len(domains), len(years), len(poles))
    start = np.array([np.flatnonzero(~np.isnan(shares[d, :, 0]))[0] for d in range(len(domains))])
    return Observed(panel.state, panel.hegemon, years, domains, poles, shares, start)
