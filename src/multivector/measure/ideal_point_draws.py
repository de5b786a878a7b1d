"""Intervals of the ideal-point shares: the posterior noise of the points, by simulation.

The release gives each state-year point a posterior 5% and 95% quantile, not joint draws. So
each point is drawn on its own from a normal with mean the estimate and

    SD = (q95 − q05) / (2 · 1.6449)        (1.6449: the standard normal's 95% quantile),

the reporter's and every pole member's alike (a point without quantiles stays at its
estimate); per draw the pole points and the shares are recomputed as at the estimates
(``indicators.ideal_points``), with h_t held at its estimate (κ times the spread of the
estimated points), and a window's shares are the mean of its years' shares, draw by draw.
The interval is the 5% and 95% of the drawn shares. Independent draws ignore the posterior
correlation between states, so the intervals are likely wider than the joint posterior's.

This runs on executed frames (numpy), which are small: one row per state and year. The
draws of a year depend on the seed and the year only, so a state's interval is the same
whichever other states or years are asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from multivector.indicators.poles import OTHER

Z95 = 1.6449
DRAWS = 1000
SEED = 2025
QUANTILES = (0.05, 0.95)
INTERVAL_COLUMNS = ["reporter", "year", "pole", "share_q05", "share_q95"]


def posterior_sd(q05: npt.ArrayLike, q95: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """(q95 − q05) / (2 · 1.6449); 0 where a quantile is missing (the point held fixed).

    >>> posterior_sd(np.array([-1.0, np.nan]), np.array([1.0, 0.5])).round(4).tolist()
    [0.6079, 0.0]
    """
    sd: npt.NDArray[np.float64] = (np.asarray(q95, dtype=float) - np.asarray(q05, dtype=float)) / (2 * Z95)
    return np.nan_to_num(sd, nan=0.0)


def share_intervals(
    windows: pd.DataFrame, points: pd.DataFrame, poles: pd.DataFrame, kappa: float, draws: int = DRAWS, seed: int = SEED
) -> pd.DataFrame:
    """The 5% and 95% of each pole's drawn share, per reporter and window.

    ``windows``: reporter, year, year_from (the windows of the point estimates);
    ``points``: entity, year, point, q05, q95 for every state of the years the windows
    cover; ``poles``: entity, pole. Columns reporter, year, pole, share_q05, share_q95.

    >>> pts = pd.DataFrame({"entity": ["CHN", "FRA", "SEN"], "year": [2024] * 3,
    ...                     "point": [-1.5, 1.6, -0.6], "q05": [-1.7, 1.4, -0.8], "q95": [-1.3, 1.8, -0.4]})
    >>> poles = pd.DataFrame({"entity": ["CHN", "FRA"], "pole": ["CHN", "FRA"]})
    >>> w = pd.DataFrame({"reporter": ["SEN"], "year": [2024], "year_from": [2024]})
    >>> out = share_intervals(w, pts, poles, 0.5)
    >>> bool((out.share_q05 < out.share_q95).all()), out.pole.tolist()
    (True, ['CHN', 'FRA'])
    """
    mapping = _pole_members(poles)
    wanted = set(windows.reporter)
    years = _years_of(windows)
    yearly: dict[tuple[str, int], npt.NDArray[np.float64]] = {}
    for year, frame in points[points.year.isin(years)].groupby("year", sort=True):
        # a key of the int64 year column (pandas-stubs types group keys as any scalar)
        yearly.update(_year_share_draws(frame, int(cast(int, year)), mapping, wanted, kappa, draws, seed))
    rows: list[tuple[str, int, str, float, float]] = []
    for reporter, year, year_from in (
        windows[["reporter", "year", "year_from"]].drop_duplicates().itertuples(index=False)
    ):
        found = [yearly[(reporter, t)] for t in range(int(year_from), int(year) + 1) if (reporter, t) in yearly]
        if found:
            low, high = np.quantile(np.mean(found, axis=0), QUANTILES, axis=0)
            rows += [(reporter, int(year), pole, float(lo), float(hi)) for pole, lo, hi in zip(mapping, low, high)]
    return pd.DataFrame(rows, columns=INTERVAL_COLUMNS)


def _pole_members(poles: pd.DataFrame) -> dict[str, set[str]]:
    """Pole → its members, every pole of the mapping but OTHER, in name order."""
    mapped = poles[poles.pole.notna() & (poles.pole != OTHER)]
    # keys of the string pole column (pandas-stubs types group keys as any scalar)
    return {cast(str, pole): set(group.entity) for pole, group in mapped.groupby("pole", sort=True)}


def _years_of(windows: pd.DataFrame) -> set[int]:
    return {t for first, last in zip(windows.year_from, windows.year) for t in range(int(first), int(last) + 1)}


def _year_share_draws(
    frame: pd.DataFrame,
    year: int,
    mapping: Mapping[str, set[str]],
    wanted: set[str],
    kappa: float,
    draws: int,
    seed: int,
) -> dict[tuple[str, int], npt.NDArray[np.float64]]:
    """(reporter, year) → draws × poles array of shares, for the wanted reporters with a value."""
    frame = frame.sort_values("entity")
    entities = cast("list[str]", frame.entity.tolist())  # the string entity column
    sd = float(np.std(frame.point.to_numpy(), ddof=1)) if len(frame) > 1 else 0.0
    if not sd > 0:
        return {}
    rng = np.random.default_rng([seed, year])
    noise = rng.standard_normal((draws, len(entities)))
    drawn: npt.NDArray[np.float64] = frame.point.to_numpy() + noise * posterior_sd(
        frame.q05.to_numpy(), frame.q95.to_numpy()
    )
    column = {entity: i for i, entity in enumerate(entities)}
    out: dict[tuple[str, int], npt.NDArray[np.float64]] = {}
    for reporter in sorted(wanted & set(entities)):
        shares = _draw_shares(drawn, column, reporter, mapping, kappa * sd)
        if shares is not None:
            out[(reporter, year)] = shares
    return out


def _draw_shares(
    drawn: npt.NDArray[np.float64],
    column: Mapping[str, int],
    reporter: str,
    mapping: Mapping[str, set[str]],
    scale: float,
) -> npt.NDArray[np.float64] | None:
    """share_p per draw (draws × poles); None when a pole has no member point but the reporter's."""
    pole_points: list[npt.NDArray[np.float64]] = []
    for members in mapping.values():
        present = [column[m] for m in sorted(members) if m in column and m != reporter]
        if not present:
            return None
        pole_points.append(drawn[:, present].mean(axis=1))
    distance = np.abs(drawn[:, [column[reporter]]] - np.column_stack(pole_points))
    weight: npt.NDArray[np.float64] = np.exp(-(distance - distance.min(axis=1, keepdims=True)) / scale)
    total: npt.NDArray[np.float64] = weight.sum(axis=1, keepdims=True)
    return weight / total
