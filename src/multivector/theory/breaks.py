"""Change points in a dependence series: where the hegemon's share shifts level.

A break splits a yearly series ``h(t)`` into segments of constant mean (ruptures' PELT
with a least-squares cost). The penalty per break is BIC-like:

    pen = factor · σ² · ln(n),  σ = median(|Δh|) / (0.6745 · √2)

(σ estimated from the first differences, so a trend or a step does not inflate it; floored
at ``min_sigma`` so a flat series has no breaks). A break is kept when its segments have
at least ``min_size`` years each and their means differ by at least ``min_change``.

References: Killick, Fearnhead & Eckley (2012), "Optimal detection of changepoints with a
linear computational cost", JASA 107(500); Truong, Oudre & Vayatis (2020), "Selective review
of offline change point detection methods", Signal Processing 167 (the ruptures library).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Break:
    year: int  # first year of the new segment
    before: float  # mean of the segment before
    after: float  # mean of the segment after
    years_before: tuple[int, int]
    years_after: tuple[int, int]

    @property
    def change(self) -> float:
        return self.after - self.before


def noise_sigma(values: np.ndarray, min_sigma: float) -> float:
    """σ of the noise from the median absolute first difference (robust to steps)."""
    if len(values) < 3:
        return min_sigma
    mad = float(np.median(np.abs(np.diff(values))))
    return max(mad / (0.6745 * np.sqrt(2.0)), min_sigma)


def detect_breaks(
    series: pd.Series, factor: float = 2.0, min_size: int = 3, min_change: float = 0.05, min_sigma: float = 0.02
) -> list[Break]:
    """Breaks in a yearly series (index: year, values: share); years need not be contiguous.

    >>> s = pd.Series([0.9] * 6 + [0.5] * 6, index=range(2000, 2012))
    >>> [(b.year, round(b.change, 2)) for b in detect_breaks(s)]
    [(2006, -0.4)]
    """
    clean = series.dropna().sort_index()
    values = clean.to_numpy(dtype=float)
    n = len(values)
    if n < 2 * min_size:
        return []
    sigma = noise_sigma(values, min_sigma)
    penalty = factor * sigma**2 * np.log(n)
    import ruptures  # here, not at the top: it imports scipy.stats (a second), which few commands need

    ends = ruptures.Pelt(model="l2", min_size=min_size, jump=1).fit(values.reshape(-1, 1)).predict(pen=penalty)
    cuts = [0, *ends]
    years = clean.index.to_numpy()
    found = []
    for a, b, c in zip(cuts, cuts[1:], cuts[2:]):
        before, after = float(values[a:b].mean()), float(values[b:c].mean())
        if abs(after - before) >= min_change:
            found.append(
                Break(
                    int(years[b]), before, after, (int(years[a]), int(years[b - 1])), (int(years[b]), int(years[c - 1]))
                )
            )
    return found
