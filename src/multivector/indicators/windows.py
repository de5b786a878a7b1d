"""Windows: one year, or several years pooled; and the choice of one series per window.

Input ``observations``: reporter, partner, year, value, series, rank (the series' place in
its channel's order of preference, 0 = best). Output rows are keyed by the window's last
year (``year``) and first year (``year_from``), so one table holds every state and window.
"""

from __future__ import annotations

import ibis

from multivector.indicators.registry import register


@register(
    "pooled_window",
    "flow_W(s,j) = Σ_{t∈W} flow_t(s,j), W = [T − span + 1, T]; years(W) = |{t ∈ W with data}|",
    "as the input",
)
def pool(observations: ibis.Table, span: int, ends: ibis.Table | None = None) -> ibis.Table:
    """Sum each series' flows over the ``span`` years ending at every year.

    Windows end at years up to the last year each series covers: ``ends`` (series,
    last_year), the source's coverage over all states, so that a state's window ends at the
    year asked even when its own last row is older (a year without a delivery inside the
    coverage is no flow, not a missing year); without ``ends``, the last year of the rows
    given. ``partner_years`` counts the years a partner has a row in, ``years`` the years
    the series has any row in for the reporter (the window's coverage).

    >>> t = ibis.memtable({"reporter": ["SEN"] * 3, "partner": ["FRA", "FRA", "CHN"],
    ...     "year": [2000, 2001, 2001], "value": [1.0, 2.0, 4.0], "series": ["s"] * 3, "rank": [0] * 3})
    >>> pooled = pool(t, 2).filter(ibis._.year == 2001).order_by("partner").execute()
    >>> pooled[["partner", "value", "years"]].values.tolist()
    [['CHN', 4.0, 2], ['FRA', 3.0, 2]]
    """
    if span < 1:
        raise ValueError("a window spans at least one year")
    offsets = ibis.memtable({"offset": list(range(span))})
    shifted = observations.cross_join(offsets).mutate(end=ibis._.year + ibis._.offset)
    if ends is None:
        shifted = shifted.filter(shifted.end <= observations.year.max())
    else:
        shifted = shifted.join(ends, "series")
        shifted = shifted.filter(shifted.end <= shifted.last_year).drop("last_year")
    keys = ["reporter", "series", "end"]
    covered = shifted.group_by(keys).agg(years=shifted.year.nunique())
    summed = shifted.group_by([*keys, "rank", "partner"]).agg(
        value=shifted.value.sum(), partner_years=shifted.year.nunique()
    )
    joined = summed.join(covered, keys)
    return joined.select(
        "reporter",
        "partner",
        "series",
        "rank",
        "value",
        "partner_years",
        "years",
        year=joined.end,
        year_from=joined.end - (span - 1),
    )


@register(
    "series_choice",
    "per (state, window): the series with most years of data in the window, the more preferred on a tie",
    "series label",
)
def choose_series(pooled: ibis.Table) -> ibis.Table:
    """Keep, per reporter and window, only the rows of its chosen series.

    >>> t = ibis.memtable({"reporter": ["SEN"] * 2, "partner": ["FRA"] * 2, "series": ["a", "b"],
    ...     "rank": [0, 1], "value": [1.0, 2.0], "partner_years": [1, 2], "years": [1, 2],
    ...     "year": [2001] * 2, "year_from": [2000] * 2})
    >>> choose_series(t).execute()["series"].tolist()
    ['b']
    """
    candidates = pooled.select("reporter", "year", "series", "rank", "years").distinct()
    order = ibis.window(group_by=["reporter", "year"], order_by=[ibis.desc("years"), "rank"])
    best = candidates.mutate(place=ibis.row_number().over(order)).filter(ibis._.place == 0)
    return pooled.semi_join(best.select("reporter", "year", "series"), ["reporter", "year", "series"])
