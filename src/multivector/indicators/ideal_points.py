"""The diplomatic channel from UNGA ideal points: a pole's share falls with its distance.

Input ``points``: entity, year, point (a state's ideal point in the year, one release and one
scale: Bailey, Strezhnev and Voeten's final-passage estimates); ``poles``: entity, pole (the
pole mapping; OTHER and unmapped states form no pole). In year t, with x_s the reporter's
point and x_p the pole's,

    x_p = mean of the points of p's members that have one, the reporter left out,
    w_p = exp(−|x_s − x_p| / h_t),   share_p = w_p / Σ_q w_q   over every pole q but OTHER,
    h_t = κ · SD_t,   SD_t the (sample) standard deviation of all states' points in t.

A multinomial logit of the choice of a pole, with utility minus the spatial distance and h_t
the scale of the random term; dividing by SD_t makes the shares invariant under x → a + b·x.
A reporter-year without its own point, or with a pole that has none, has no row: the shares
are never renormalised over fewer poles (docs/theory.md, the ideal-point channel).
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis

from multivector.indicators.poles import OTHER
from multivector.indicators.registry import register
from multivector.indicators.windows import pool

CHANNEL = "ideal_points"
DOMAIN = "diplomatic"
KAPPA = 0.5
"""The default κ: h_t is half the year's cross-sectional SD."""
BSV = (
    "Bailey, M. A., Strezhnev, A. and Voeten, E. (2017). Estimating dynamic state preferences "
    "from United Nations voting data. Journal of Conflict Resolution 61(2), 430-456.",
)


def mapped_poles(poles: ibis.Table) -> ibis.Table:
    """The pole mapping without OTHER (and without unmapped entities): entity, pole."""
    return poles.filter(poles.pole.notnull() & (poles.pole != OTHER)).select("entity", "pole")


@register(
    "ideal_point_pole_points",
    "x_p(s,t) = mean_{j∈p, j≠s, j with a point in t} x_j(t)",
    "the ideal points' scale",
    domain=DOMAIN,
    references=BSV,
)
def pole_points(points: ibis.Table, poles: ibis.Table, reporters: Sequence[str] | None = None) -> ibis.Table:
    """Each pole's point as each reporter sees it: its members' mean, the reporter left out.

    Columns reporter, year, pole, pole_point, members (the points the mean rests on); a
    reporter is any entity with a point in the year (``reporters`` restricts them). A pole
    without a member point that year (after leaving the reporter out) has no row.

    >>> x = ibis.memtable({"entity": ["FRA", "USA", "GBR"], "year": [2024] * 3, "point": [1.4, 2.2, 0.8]})
    >>> p = ibis.memtable({"entity": ["FRA", "USA", "GBR"], "pole": ["FRA", "WEST", "WEST"]})
    >>> out = pole_points(x, p, ["GBR"]).order_by("pole").execute()
    >>> out[["pole", "pole_point", "members"]].values.tolist()
    [['FRA', 1.4, 1], ['WEST', 2.2, 1]]
    """
    seen = _reporters(points, reporters).select("reporter", "year")
    members = points.join(mapped_poles(poles), "entity").select("entity", "year", "point", "pole")
    pairs = seen.join(members, [seen.year == members.year, seen.reporter != members.entity]).select(
        seen.reporter, seen.year, members.pole, members.point
    )
    return pairs.group_by(["reporter", "year", "pole"]).agg(pole_point=pairs.point.mean(), members=pairs.count())


@register(
    "ideal_point_scale",
    "h_t = κ · SD_t, SD_t the sample SD of all states' points in t",
    "the ideal points' scale",
    domain=DOMAIN,
    references=BSV,
)
def distance_scale(points: ibis.Table, kappa: float = KAPPA) -> ibis.Table:
    """h_t per year (columns year, scale): κ times the spread of every state's point that year.

    A year with fewer than two points, or all of them equal, has no scale and no row.

    >>> x = ibis.memtable({"entity": ["A", "B", "C"], "year": [2024] * 3, "point": [-1.0, 0.0, 1.0]})
    >>> distance_scale(x, kappa=0.5).execute()["scale"].tolist()
    [0.5]
    """
    if kappa <= 0:
        raise ValueError("κ must be positive")
    spread = points.group_by("year").agg(sd=points.point.std(how="sample"))
    spread = spread.filter(spread.sd > 0)
    return spread.select("year", scale=spread.sd * kappa)


@register(
    "ideal_point_shares",
    "share_p(s,t) = w_p / Σ_q w_q, w_p = exp(−|x_s(t) − x_p(s,t)| / h_t), h_t = κ·SD_t; q over the poles "
    "of the mapping but OTHER; no row unless s and every pole have a point in t",
    "share (0-1)",
    domain=DOMAIN,
    references=BSV,
)
def ideal_point_shares(
    points: ibis.Table, poles: ibis.Table, kappa: float = KAPPA, reporters: Sequence[str] | None = None
) -> ibis.Table:
    """Each pole's share of a reporter's alignment per year, from the distances of ideal points.

    Columns reporter, year, pole, share, point (x_s), pole_point (x_p), scale (h_t). The
    poles are every pole of ``poles`` but OTHER; a reporter-year in which one of them has no
    point has no rows at all (no renormalisation over fewer poles).

    >>> x = ibis.memtable({"entity": ["SEN", "FRA", "CHN", "USA", "GBR"], "year": [2024] * 5,
    ...                    "point": [-0.5, 1.0, -0.85, 2.2, 1.2]})
    >>> p = ibis.memtable({"entity": ["FRA", "CHN", "USA", "GBR"], "pole": ["FRA", "CHN", "WEST", "WEST"]})
    >>> out = ideal_point_shares(x, p, 0.5, ["SEN"]).order_by("pole").execute()
    >>> out["share"].round(3).tolist(), round(float(out["scale"].iloc[0]), 3)
    ([0.823, 0.133, 0.044], 0.632)
    """
    distances = (
        pole_points(points, poles, reporters)
        .join(_reporters(points, reporters), ["reporter", "year"])
        .join(distance_scale(points, kappa), "year")
    )
    weighted = distances.mutate(weight=(-(distances.point - distances.pole_point).abs() / distances.scale).exp())
    reporter_year = ibis.window(group_by=["reporter", "year"])
    counted = weighted.mutate(
        total=weighted.weight.sum().over(reporter_year), poles_present=weighted.pole.count().over(reporter_year)
    )
    needed = mapped_poles(poles).aggregate(poles_needed=ibis._.pole.nunique())
    complete = counted.cross_join(needed).filter(ibis._.poles_present == ibis._.poles_needed)
    return complete.select(
        "reporter",
        "year",
        "pole",
        share=complete.weight / complete.total,
        point=complete.point,
        pole_point=complete.pole_point,
        scale=complete.scale,
    )


@register(
    "ideal_point_window",
    "a(p) over W = mean_{t ∈ W with a value} share_p(t), W = [T − span + 1, T]",
    "share (0-1)",
    domain=DOMAIN,
)
def window_shares(annual: ibis.Table, span: int, series: str, ends: ibis.Table | None = None) -> ibis.Table:
    """The yearly shares averaged over the ``span`` years ending at each year, years with a value only.

    ``annual``: reporter, year, pole, share (:func:`ideal_point_shares`); ``ends``: series,
    last_year (windows end no later, as in ``windows.pool``). Columns reporter, year,
    year_from, series, pole, share, years (the years the mean rests on). Every year with a
    value has all poles, so the window's shares sum to 1.

    >>> a = ibis.memtable({"reporter": ["SEN"] * 4, "year": [2020, 2020, 2021, 2021],
    ...                    "pole": ["FRA", "WEST"] * 2, "share": [0.8, 0.2, 0.6, 0.4]})
    >>> out = window_shares(a, 2, "s").filter(ibis._.year == 2021).order_by("pole").execute()
    >>> out["share"].round(6).tolist(), out["years"].tolist()
    ([0.7, 0.3], [2, 2])
    """
    rows = annual.select(
        "reporter", "year", partner=annual.pole, value=annual.share, series=ibis.literal(series), rank=ibis.literal(0)
    )
    pooled = pool(rows, span, ends)
    return pooled.select(
        "reporter",
        "year",
        "year_from",
        "series",
        pole=pooled.partner,
        share=pooled.value / pooled.partner_years,
        years=pooled.years,
    )


def _reporters(points: ibis.Table, reporters: Sequence[str] | None) -> ibis.Table:
    """The reporters' own points: reporter, year, point."""
    own = points.select(reporter=points.entity, year=points.year, point=points.point)
    return own if reporters is None else own.filter(own.reporter.isin(list(reporters)))
