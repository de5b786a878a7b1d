"""One state, one channel or one year: the ``measure`` and ``profile`` answers as plain dicts.

The heavy part (a channel's series choice, windows and pole vectors) runs once per channel,
restricted to the state; the domain indicators then run on that small executed table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NotRequired, SupportsFloat, SupportsInt, TypedDict, cast

import ibis
import pandas as pd

from multivector.channels import CHANNELS, DOMAINS
from multivector.errors import NoData
from multivector.indicators.ideal_points import CHANNEL as IDEAL_POINTS
from multivector.indicators.ideal_points import ideal_point_shares
from multivector.measure.frames import ideal_points, observations
from multivector.measure.measurements import Measurements
from multivector.measure.panel import panel_frames
from multivector.measure.params import MeasureParams
from multivector.measure.series import UNLISTED, Series, series_of
from multivector.sources import get_source

ROUND = 6


class SourceEntry(TypedDict):
    """One series a ``measure`` answer rests on."""

    source_id: str
    series: str
    is_mirror: bool
    note: str
    citation: str


class HegemonTrade(TypedDict):
    """The hegemon's share of a state's trade in a year (``profile``)."""

    hegemon: str
    share: float | None
    exports_share: float | None
    imports_share: float | None
    series: str


#: One weighted channel a domain vector rests on (``profile``); "from" is a keyword, hence the call.
ChannelUsed = TypedDict(
    "ChannelUsed", {"channel": str, "weight": float, "series": str, "from": int, "to": int, "citation": str}
)


class DomainEntry(TypedDict):
    """One domain of a ``profile``: a domain without a vector has ``no_value_reason`` and no
    ``unlisted_share`` or ``balance_note``; one with a vector has ``no_value_reason`` only when
    the gaps give one."""

    pole_shares: dict[str, float | None] | None
    no_value_reason: NotRequired[str | None]
    leader: str | None
    captured: bool | None
    co_aligned: bool | None
    co_aligned_poles: list[str]
    unlisted_share: NotRequired[float | None]
    balance_note: NotRequired[str | None]
    dependence_on_hegemon: float | None
    balance: float | None
    channels_used: list[ChannelUsed]
    channels_missing: list[str]


def measure(
    m: Measurements, state: str, channel: str, year_from: int | None = None, year_to: int | None = None
) -> dict[str, Any]:
    """Partner and pole shares and concentration of one state in one channel and window.

    Concentration needs every partner: for a source listing main partners only, HHI and
    its derivatives are None (the top partner and its share are still exact).
    """
    if channel == IDEAL_POINTS:
        return _ideal_point_measure(m, state, year_from, year_to)
    years = _years_with_data(m, state, channel)
    if not years:
        raise NoData(
            f"{state} has no {channel} data in the store", f"see `multivector coverage {state}` for the channels it has"
        )
    year_from, year_to, span = _window_asked(m, channel, years, year_from, year_to)
    wanted = ibis._.year == year_to
    shares = _run(m.partner_shares(channel, span).filter(wanted))
    if shares.empty:
        raise NoData(
            f"{state} has no {channel} data in {_span_text(year_from, year_to)}",
            f"{channel} data for {state} cover {_years_text(years)}",
        )
    poles = _run(m.pole_shares(channel, span).filter(wanted))
    stats = _run(m.concentration(channel, span).filter(wanted))
    series = shares["series"].iloc[0]
    spec = next(s for s in series_of(channel) if s.label == series)
    pole_map = _pole_map(poles)
    row = stats.iloc[0] if not stats.empty and spec.complete else None
    listed = shares[shares.partner != UNLISTED].sort_values(["share", "partner"], ascending=[False, True])
    result: dict[str, Any] = {
        "state": state,
        "channel": channel,
        "domain": CHANNELS[channel].domain,
        "from": year_from,
        "to": year_to,
        "pole_shares": pole_map,
        "dependence_on_hegemon": {"pole": m.params.hegemon, "share": pole_map.get(m.params.hegemon, 0.0)},
        "partner_shares": [
            {"partner": r.partner, "share": _num(r.share), "value": _num(r.value)}
            for r in shares.sort_values(["share", "partner"], ascending=[False, True]).itertuples()
        ],
        "hhi": _num(row["hhi"]) if row is not None else None,
        "hhi_normalized": _num(row["hhi_normalized"]) if row is not None else None,
        "effective_partners": _num(row["effective_partners"]) if row is not None else None,
        "top_partner": listed["partner"].iloc[0] if not listed.empty else None,
        "top_share": _num(listed["share"].iloc[0]) if not listed.empty else None,
        "unlisted_share": _num(shares.loc[shares.partner == UNLISTED, "share"].sum()),
        "years_with_data": sorted(
            {int(y) for y in _values(_years_in_window(m, state, channel, series, year_from, year_to))}
        ),
        "kind": spec.kind,
        "unit": spec.unit,
        "sources": [_source_entry(spec, series, spec.is_mirror)],
        "params": m.params.record(),
    }
    if spec.kind == "similarity":
        result["note"] = (
            "similarity channel: partner shares are each partner's similarity over the "
            "sum; pole shares are mean similarity per pole, normalised"
        )
    return result


def _source_entry(spec: Series, series: str, is_mirror: bool) -> SourceEntry:
    return {
        "source_id": spec.source_id,
        "series": series,
        "is_mirror": is_mirror,
        "note": spec.note,
        "citation": get_source(spec.source_id).citation,
    }


def _window_asked(
    m: Measurements, channel: str, years: list[int], year_from: int | None, year_to: int | None
) -> tuple[int, int, int]:
    """(first year, last year, span) of the window asked; by default the channel's span ending
    at the last year with data."""
    if year_to is None:
        year_to = years[-1]
        span = m.params.span(channel) if year_from is None else year_to - year_from + 1
    else:
        span = 1 if year_from is None else year_to - year_from + 1
    if span < 1:
        raise NoData(f"the window {year_from}-{year_to} is empty", "give --from before --to")
    return year_to - span + 1, year_to, span


def _ideal_point_measure(m: Measurements, state: str, year_from: int | None, year_to: int | None) -> dict[str, Any]:
    """Pole shares of one state from UNGA ideal points, with their 90% intervals and the points.

    The channel has no partners: partner shares and concentration are empty. ``ideal_points``
    gives the points of the window's last year with a value (the state's, each pole's, h).
    """
    channel = IDEAL_POINTS
    spec = series_of(channel)[0]
    yearly = _run(ideal_point_shares(ideal_points(m.tables, m.years), m.poles, m.params.ideal_point_kappa, [state]))
    years = sorted({int(y) for y in yearly.year})
    if not years:
        raise NoData(
            f"{state} has no {channel} data in the store",
            f"a year needs the state's ideal point and every pole's; see `multivector coverage {state}`",
        )
    year_from, year_to, span = _window_asked(m, channel, years, year_from, year_to)
    in_window = [y for y in years if year_from <= y <= year_to]
    shares = _run(m.ideal_point_shares(span).filter((ibis._.reporter == state) & (ibis._.year == year_to)))
    if shares.empty or not in_window:
        raise NoData(
            f"{state} has no {channel} data in {_span_text(year_from, year_to)}",
            f"{channel} data for {state} cover {_years_text(years)}",
        )
    last = yearly[yearly.year == in_window[-1]]
    pole_map = _pole_map(shares)
    intervals = shares.set_index("pole")
    return {
        "state": state,
        "channel": channel,
        "domain": CHANNELS[channel].domain,
        "from": year_from,
        "to": year_to,
        "pole_shares": pole_map,
        "pole_share_intervals": {
            pole: {"q05": _num(intervals.share_q05[pole]), "q95": _num(intervals.share_q95[pole])} for pole in pole_map
        },
        "dependence_on_hegemon": {"pole": m.params.hegemon, "share": pole_map.get(m.params.hegemon, 0.0)},
        "ideal_points": {
            "year": in_window[-1],
            "state": _num(last.point.iloc[0]),
            "scale": _num(last.scale.iloc[0]),
            "poles": {r.pole: _num(r.pole_point) for r in last.sort_values("pole").itertuples()},
        },
        "partner_shares": [],
        "hhi": None,
        "hhi_normalized": None,
        "effective_partners": None,
        "top_partner": None,
        "top_share": None,
        "unlisted_share": 0.0,
        "years_with_data": in_window,
        "kind": spec.kind,
        "unit": spec.unit,
        "sources": [_source_entry(spec, spec.label, False)],
        "params": m.params.record(),
        "note": (
            "ideal-point channel: no partners; share_p = exp(-|x_s - x_p|/h) normalised over the poles "
            "(no OTHER), h = κ·SD of the year's points; a window averages its years' shares; "
            "intervals: 5% and 95% of the shares over draws of every point from its posterior"
        ),
    }


def profile(m: Measurements, state: str, year: int) -> dict[str, Any]:
    """Domain vectors, leaders, capture, co-alignment, differentiation and balance in one year.

    Read from the panel (``measure.panel``): nothing is composed here.
    """
    rows = panel_frames(m, [state], (year, year))
    channels = rows["channels"]
    if channels.empty:
        raise NoData(
            f"{state} has no data on any weighted channel in {year}",
            f"see `multivector coverage {state}` for the years covered",
        )
    p = m.params
    gaps = rows["gaps"]
    domains: dict[str, DomainEntry] = {}
    for domain in DOMAINS:
        domains[domain] = _domain_entry(domain, rows, p)
        reason = gaps.loc[gaps.domain == domain, "reason"]
        if not reason.empty:
            domains[domain]["no_value_reason"] = reason.iloc[0]
    state_year = rows["state_years"]
    whole = state_year.iloc[0] if not state_year.empty else None
    partial = sorted(d for d, e in domains.items() if e.get("unlisted_share"))
    return {
        "hegemon_trade_share": _hegemon_trade(rows["hegemon_trade"], p.hegemon),
        "state": state,
        "year": year,
        "domains": domains,
        "domain_differentiation": _num(whole["differentiation"]) if whole is not None else None,
        "whole_vector_note": (
            f"differentiation and overall balance need whole vectors; {', '.join(partial)} "
            "rests on a partial partner list (the rest unlisted)"
        )
        if partial
        else None,
        "distinct_leaders": int(whole["distinct_leaders"]) if whole is not None else 0,
        "balance": _num(whole["balance"]) if whole is not None else None,
        "poles_count": m.poles_count(),
        "params": p.record(),
    }


def _hegemon_trade(rows: pd.DataFrame, hegemon: str) -> HegemonTrade | None:
    """The hegemon's share of the state's trade in the year from the hegemon's and the World's
    reports (one source 2011-2023, a share of one pole, not a vector), or None."""
    if rows.empty:
        return None
    r = rows.iloc[0]
    return {
        "hegemon": hegemon,
        "share": _num(r["share"]),
        "exports_share": _num(r["exports_share"]),
        "imports_share": _num(r["imports_share"]),
        "series": r["series"],
    }


def _domain_entry(domain: str, rows: Mapping[str, pd.DataFrame], params: MeasureParams) -> DomainEntry:
    vectors, summary = rows["domains"], rows["domain_summary"]
    mine = vectors[vectors.domain == domain]
    if mine.empty:
        return {
            "pole_shares": None,
            "no_value_reason": None,
            "leader": None,
            "captured": None,
            "co_aligned": None,
            "co_aligned_poles": [],
            "dependence_on_hegemon": None,
            "balance": None,
            "channels_used": [],
            "channels_missing": _channels_of(domain, params),
        }
    s = summary[summary.domain == domain].iloc[0]
    channels = rows["channels"]
    used = channels[channels.domain == domain]
    channels_used = [
        # keys of the string channel column (pandas-stubs types group keys as any scalar)
        _channel_used(cast(str, c), g, params)
        for c, g in used.groupby("channel", sort=True)
    ]
    names = {c["channel"] for c in channels_used}
    pole_shares = _pole_map(mine)
    return {
        "pole_shares": pole_shares,
        "leader": s["leader"],
        "captured": bool(s["captured"]),
        "co_aligned": bool(s["co_aligned"]),
        "co_aligned_poles": sorted(mine.pole[mine.is_co_aligned]),
        "unlisted_share": pole_shares.get(UNLISTED, 0.0),
        "balance_note": (f"needs the whole vector: a partial partner list leaves {pole_shares[UNLISTED]:.0%} unlisted")
        if pole_shares.get(UNLISTED)
        else None,
        "dependence_on_hegemon": _num(s["dependence"]),
        "balance": _num(s["balance"]),
        "channels_used": channels_used,
        "channels_missing": [c for c in _channels_of(domain, params) if c not in names],
    }


def _channel_used(channel: str, rows: pd.DataFrame, params: MeasureParams) -> ChannelUsed:
    """The entry of one channel a domain vector rests on, from the channel's rows."""
    return {
        "channel": channel,
        "weight": params.weight(channel),
        "series": rows["series"].iloc[0],
        "from": int(rows["year_from"].iloc[0]),
        "to": int(rows["year"].iloc[0]),
        "citation": get_source(rows["source_id"].iloc[0]).citation,
    }


def _channels_of(domain: str, params: MeasureParams) -> list[str]:
    return [c for c in CHANNELS if CHANNELS[c].domain == domain and params.weight(c) > 0]


def _years_with_data(m: Measurements, state: str, channel: str) -> list[int]:
    obs = observations(m.tables, channel, [state])
    return sorted(int(y) for y in _run(obs.select("year").distinct())["year"])


def _years_in_window(
    m: Measurements, state: str, channel: str, series: str, year_from: int, year_to: int
) -> ibis.Column:
    obs = observations(m.tables, channel, [state])
    obs = obs.filter(obs.series == series, obs.year.between(year_from, year_to))
    return obs.select("year").distinct().year


def _pole_map(rows: pd.DataFrame) -> dict[str, float | None]:
    ordered = rows.sort_values(["share", "pole"], ascending=[False, True])
    return {pole: _num(share) for pole, share in zip(ordered["pole"], ordered["share"])}


def _run(expr: ibis.Table) -> pd.DataFrame:
    frame: pd.DataFrame = expr.execute()
    return frame


def _values(expr: ibis.Column) -> pd.Series[Any]:
    values: pd.Series[Any] = expr.execute()
    return values


def _num(value: object) -> float | None:
    """A number of an executed frame rounded to ROUND decimals; None when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    # a numeric cell (pandas-stubs types a row's cells as any scalar)
    return round(float(cast(SupportsFloat, value)), ROUND)


def _span_text(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}-{b}"


def _years_text(years: list[int]) -> str:
    return f"{years[0]}-{years[-1]}" + (f" ({len(years)} years)" if len(years) != years[-1] - years[0] + 1 else "")


def routes(m: Measurements, state: str, year: int | None = None) -> dict[str, Any]:
    """Export routes of a state by commodity: shares, concentration and exposure to each pole.

    Each source (knowledge base, GEM) gives its own estimate; ``year`` keeps the lines in
    operation that year (the facts give no capacity history: volumes are the latest known).
    """
    years = [year] if year is not None else None
    shares = _run(m.route_shares(years))
    if shares.empty:
        raise NoData(
            f"{state} has no export route with a known volume" + (f" in {year}" if year is not None else ""),
            "the routes are infrastructure facts: see data/facts/README.md",
        )
    stats = _run(m.route_concentration(years))
    exposure = _run(m.sovereignty_exposure(years))
    via = _run(m.sovereignty_exposure(years, roles=("transit", "destination")))
    estimates: list[dict[str, Any]] = []
    for row in stats.sort_values(["commodity", "source_id"]).itertuples():

        def mine(t: pd.DataFrame, source_id: object = row.source_id, commodity: object = row.commodity) -> pd.DataFrame:
            return t[(t.source_id == source_id) & (t.commodity == commodity)]

        names = dict(zip(shares.route_id, shares.route_name))
        estimates.append(
            {
                "source_id": row.source_id,
                "commodity": row.commodity,
                "volume_unit": row.volume_unit,
                "total_volume": _num(row.total_volume),
                "routes": [
                    {"route": r.route_id, "name": r.route_name, "volume": _num(r.volume), "share": _num(r.share)}
                    for r in mine(shares).sort_values("share", ascending=False).itertuples()
                ],
                "hhi": _num(row.hhi),
                "effective_routes": _num(row.effective_routes),
                "single_point_of_failure": {
                    "route": row.spof_route,
                    "name": names.get(row.spof_route),
                    "share": _num(row.spof_share),
                },
                # a count (pandas-stubs types a row's cells as any scalar)
                "routes_without_volume": int(cast(SupportsInt, row.routes_without_volume)),
                # by pole: the query's row order is not fixed, and the JSON must be the same on every run
                "exposure_transit": {r.pole: _num(r.exposure) for r in mine(exposure).sort_values("pole").itertuples()},
                "exposure_transit_or_destination": {
                    r.pole: _num(r.exposure) for r in mine(via).sort_values("pole").itertuples()
                },
            }
        )
    return {
        "state": state,
        "year": year,
        "estimates": estimates,
        "note": "exposure: share of export volume on lines crossing the pole's territory; "
        "a line crossing two poles counts for both, so exposures do not sum to 1",
    }


NETWORK_COLUMNS = (
    "year",
    "centralisation",
    "hub_share",
    "hub_is_top",
    "top_node",
    "binary_centralisation",
    "reporters",
    "directed_pairs",
    "n",
)


def network(m: Measurements, hub: str | None = None) -> dict[str, Any]:
    """Degree centralisation of the post-Soviet trade network, year by year."""
    hub = hub or m.params.hegemon
    table = _run(m.network_centralisation(hub=hub).order_by("year"))
    years = [
        {
            c: (
                _num(v)
                if isinstance(v, float)
                else (bool(v) if c == "hub_is_top" else (int(v) if c != "top_node" else v))
            )
            for c, v in zip(NETWORK_COLUMNS, row)
        }
        for row in table[list(NETWORK_COLUMNS)].itertuples(index=False, name=None)
    ]
    return {
        "hub": hub,
        "series": "imf_dots: usd_million_current (own export reports)",
        "formula": "C = 2(n·p_max − 1)/(n − 2), p = strength / total strength",
        "years": years,
    }
