"""A panel grammar: units of analysis first, then measures added as columns (as peacesciencer does).

``state_year_units`` gives one row per state and year the state existed; each ``add_*``
joins the panel's values onto those rows and never drops one: a year without data keeps its
row with missing values (never 0). Every added value comes with the series it was read on
(``series_<column>``: "source: unit" labels, "; " between the channels pooled into it), so a
table can be cited (:func:`sources_of`) and a change of series seen.

The values are the panel's, composed over every year before any year is chosen: asking for
2019-2023 gives the same 2019 as asking for 1992-2023 (five-year windows reach back).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from multivector.channels import CHANNELS, DOMAINS
from multivector.codes.convert import NoCode, code_to
from multivector.codes.resolver import CountryResolver, EntityInfo, Mapping
from multivector.errors import BadOption, UnknownChannel
from multivector.measure.frames import ideal_points
from multivector.measure.measurements import Measurements
from multivector.measure.panel import panel_frames
from multivector.measure.series import series_of, source_of_label

if TYPE_CHECKING:
    import ibis

UNIT = ["state", "year"]
DYAD = ["state", "partner", "year"]
STATE_KINDS = ("state", "dissolved_state")
#: The units of the stored flows, in words (a value's unit travels with it into every table).
UNIT_WORDS = {
    "usd_million_current": "US dollars, millions, current prices",
    "usd_2021_constant": "US dollars, constant 2021 prices",
    "eur_million_stock": "euros, millions, stock at year end",
    "eur_million_inflow": "euros, millions, inflow in the year",
    "sipri_tiv_million": "SIPRI trend-indicator values, millions (an index of military capability, not money)",
    "share_pct": "percent of the total",
    "share_pct_stock": "percent of the total stock",
    "share_pct_inflow": "percent of the total inflow",
    "count_exercises": "number of exercises",
    "count_shared_igos": "number of shared intergovernmental organisations",
    "indicator": "1 if in force, else 0",
}
TRADE_CHANNELS = ("exports", "imports")
VOTES_SOURCE = "unga_votes_fpsim"
#: A source's last year counts as partial below this share of its median roll calls a year
#: over the five years before (the UN General Assembly votes mostly from September to December).
PARTIAL_YEAR_SHARE = 0.5


def state_year_units(resolver: CountryResolver, states: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """state, year, name, iso3, cow: one row per state and year it existed (most of the year).

    ``states``: entity ids of the crosswalk. A state's ISO3 and COW codes are those that held
    in the year (COW 365 is the Soviet Union's to 1991, Russia's after); none is missing.

    >>> r = CountryResolver([], [EntityInfo("KAZ", "Kazakhstan", date(1991, 12, 26), None, "SUN")])
    >>> state_year_units(r, ["KAZ"], (1990, 1993)).year.tolist()
    [1992, 1993]
    """
    first, last = years
    if first > last:
        raise BadOption(f"the years {first}-{last} run backwards", "give the first year before the last")
    rows = []
    for state in states:
        info = resolver.entities[state]
        for year in range(first, last + 1):
            if _exists(info, year):
                codes = (_code(resolver, state, "iso3", year), _code(resolver, state, "cow", year))
                rows.append((state, year, info.name, *codes))
    units = pd.DataFrame(rows, columns=[*UNIT, "name", "iso3", "cow"])
    return units.astype({"year": "int64", "iso3": "string", "cow": "string"})


def dyad_year_units(
    resolver: CountryResolver, states: Sequence[str], partners: Sequence[str], years: tuple[int, int]
) -> pd.DataFrame:
    """state, partner, year, state_name, partner_name: one row per directed dyad of states that
    both existed that year (most of it), the state never its own partner."""
    units = state_year_units(resolver, states, years)
    others = state_year_units(resolver, partners, years)[["state", "year", "name"]]
    others = others.rename(columns={"state": "partner", "name": "partner_name"})
    dyads = units[["state", "year", "name"]].rename(columns={"name": "state_name"}).merge(others, on="year")
    dyads = dyads[dyads.state != dyads.partner]
    return dyads[[*DYAD, "state_name", "partner_name"]].sort_values(DYAD).reset_index(drop=True)


def add_trade(m: Measurements, frame: pd.DataFrame, channels: Sequence[str] = TRADE_CHANNELS) -> pd.DataFrame:
    """``frame`` (from ``dyad_years``) with, per channel, ``value_<channel>`` (pooled over the
    channel's window ending in the year), ``unit_<channel>`` (in words), ``share_<channel>``
    (the partner's share of the state's total, 0-1), ``window_<channel>`` ("first-last") and
    ``series_<channel>``. A dyad the chosen series does not list is missing, never 0.
    """
    if not set(DYAD) <= set(frame.columns):
        raise BadOption("the table has no state, partner and year columns", "start from api.dyad_years(...)")
    chosen = _checked(channels, list(CHANNELS), "channel")
    out = frame
    for channel in chosen:
        shares = m.partner_shares(channel)
        if not frame.empty:
            shares = shares.filter(
                shares.reporter.isin(sorted(frame.state.unique())),
                shares.year.between(frame.year.min(), frame.year.max()),
            )
        rows = shares.execute().rename(columns={"reporter": "state"})
        unit = rows.series.str.split(": ", n=1).str[1]
        added = pd.DataFrame(
            {
                "state": rows.state,
                "partner": rows.partner,
                "year": rows.year.astype("int64"),
                f"value_{channel}": rows.value,
                f"unit_{channel}": unit.map(lambda u: UNIT_WORDS.get(u, u)),
                f"share_{channel}": rows.share,
                f"window_{channel}": rows.year_from.astype(str) + "-" + rows.year.astype(str),
                f"series_{channel}": rows.series,
            }
        )
        keep = [c for c in out.columns if c not in added.columns or c in DYAD]
        out = out[keep].merge(added, on=DYAD, how="left")
    return out.reset_index(drop=True)


def _exists(info: EntityInfo, year: int) -> bool:
    """True when the state existed for most days of ``year`` (as the crosswalk reads year-level codes)."""
    lifetime = Mapping("entity", info.entity, info.entity, info.valid_from, info.valid_to)
    return lifetime.days_in(year) * 2 > (date(year, 12, 31) - date(year, 1, 1)).days + 1


def _code(resolver: CountryResolver, state: str, scheme: str, year: int) -> str | None:
    try:
        return code_to(resolver, state, scheme, year)
    except NoCode:
        return None


def add_dependence(
    m: Measurements, frame: pd.DataFrame, domains: Sequence[str] | None = None, poles: Sequence[str] | None = None
) -> pd.DataFrame:
    """Each domain's share of the hegemon (``dependence_<domain>``) or of each of ``poles``
    (``share_<domain>_<pole>``), with ``series_<domain>``: the channels' series that year.

    A domain-year whose vector the panel leaves out (no channel measured, or the hegemon not
    seen in a partial partner list) is missing, never 0.
    """
    domains = _checked(domains, DOMAINS, "domain")
    frames = _panel(m, frame)
    summary, shares = frames["domain_summary"], frames["domains"]
    series = _series_per(frames["channels"], "domain")
    columns = {}
    for domain in domains:
        measured = summary[summary.domain == domain]
        if poles is None:
            columns[f"dependence_{domain}"] = _keyed(measured, "dependence")
        for pole in poles or ():
            found = shares[(shares.domain == domain) & (shares.pole == pole)][["reporter", "year", "share"]]
            rows = measured.merge(found, on=["reporter", "year"], how="left")
            # a pole absent from a whole vector has share 0; from one with an unlisted rest, unknown
            rows["share"] = rows.share.where(rows.share.notna() | (rows.unlisted.fillna(0) > 0), 0.0)
            columns[f"share_{domain}_{pole}"] = _keyed(rows, "share")
        read = measured[["reporter", "year", "domain"]].merge(series, on=["reporter", "year", "domain"])
        columns[f"series_{domain}"] = _keyed(read, "series")
    return _joined(frame, columns)


def add_differentiation(m: Measurements, frame: pd.DataFrame) -> pd.DataFrame:
    """``differentiation`` (mean pairwise Jensen-Shannon divergence between the domains' pole
    vectors), ``balance`` (normalised entropy of the mean pole vector; both on whole vectors
    only) and ``domains_measured`` from the panel's state-years, with the series read."""
    frames = _panel(m, frame)
    years = frames["state_years"]
    read = _series_per(frames["channels"], None).merge(years[["reporter", "year"]], on=["reporter", "year"])
    return _joined(
        frame,
        {
            "differentiation": _keyed(years, "differentiation"),
            "balance": _keyed(years, "balance"),
            "domains_measured": _keyed(years, "domains"),
            "series_differentiation": _keyed(read, "series"),
        },
    )


def add_concentration(m: Measurements, frame: pd.DataFrame, channel: str = "exports") -> pd.DataFrame:
    """``hhi_<channel>`` (Σ s_i² over partners), ``effective_partners_<channel>`` (1 / HHI),
    ``top_partner_<channel>`` and ``series_<channel>``."""
    if channel not in CHANNELS:
        raise UnknownChannel(f"no channel {channel!r}", f"choose one of {', '.join(CHANNELS)}")
    rows = _panel(m, frame)["concentration"]
    rows = rows[rows.channel == channel]
    return _joined(
        frame,
        {
            f"hhi_{channel}": _keyed(rows, "hhi"),
            f"effective_partners_{channel}": _keyed(rows, "effective_partners"),
            f"top_partner_{channel}": _keyed(rows, "top_partner"),
            f"series_{channel}": _keyed(rows, "series"),
        },
    )


def add_votes(m: Measurements, frame: pd.DataFrame, poles: Sequence[str] | None = None) -> pd.DataFrame:
    """UN General Assembly voting: ideal points and agreement, for state-years or dyad-years.

    State-years (``state_years``): ``ideal_point`` with its posterior ``ideal_point_q05`` and
    ``ideal_point_q95`` (Bailey, Strezhnev and Voeten), and per pole ``kappa_<pole>``, the mean
    Cohen's κ of the state's votes with the pole's members (κ = (p_o − p_e) / (1 − p_e): 0 is
    the agreement chance alone gives, 1 identical votes). Dyad-years (``dyad_years``):
    ``agreement`` (share of identical votes, 0-1), ``s_score`` (−1..1), ``kappa`` and
    ``ideal_point_distance`` = |point_state − point_partner|. Both: ``roll_calls`` (those the
    state voted in; in a dyad, those both voted in), ``partial_year`` (the source's last year
    holds only part of the session: see :func:`partial_vote_years`) and ``series_votes``.
    A year without votes is missing, never 0.
    """
    dyadic = "partner" in frame.columns
    keys = DYAD if dyadic else UNIT
    if not set(keys) <= set(frame.columns):
        raise BadOption("the table has no state and year columns", "start from api.state_years(...)")
    if frame.empty:
        return frame.copy()
    span = (int(frame.year.min()), int(frame.year.max()))
    states = sorted(frame.state.unique())
    points = ideal_points(m.tables, span).execute().rename(columns={"entity": "state"})
    points["year"] = points.year.astype("int64")
    votes = m.vote_agreement(VOTES_SOURCE)
    votes = votes.filter(votes.reporter.isin(states), votes.year.between(*span))
    if dyadic:
        added = _dyad_votes(votes.execute(), points)
    else:
        added = _state_votes(m, votes, points, poles, states, span)
    added["partial_year"] = added.year.isin(partial_vote_years(m, VOTES_SOURCE))
    added["series_votes"] = "; ".join([series_of("un_votes")[0].label, series_of("ideal_points")[0].label])
    keep = [c for c in frame.columns if c not in added.columns or c in keys]
    return frame[keep].merge(added, on=keys, how="left").reset_index(drop=True)


def _state_votes(
    m: Measurements,
    votes: ibis.Table,
    points: pd.DataFrame,
    poles: Sequence[str] | None,
    states: list[str],
    span: tuple[int, int],
) -> pd.DataFrame:
    known = sorted(set(m.poles.pole.execute()))
    chosen = _checked(poles, known, "pole")
    aligned = m.vote_alignment(VOTES_SOURCE)
    aligned = aligned.filter(aligned.reporter.isin(states), aligned.year.between(*span))
    wide = aligned.execute().pivot_table(index=["reporter", "year"], columns="pole", values="kappa", aggfunc="first")
    wide = wide.reindex(columns=chosen).add_prefix("kappa_").reset_index().rename(columns={"reporter": "state"})
    counts = votes.execute().groupby(["reporter", "year"], as_index=False)["n"].max()
    counts = counts.rename(columns={"reporter": "state", "n": "roll_calls"})
    rows = points[["state", "year", "point", "q05", "q95"]].rename(
        columns={"point": "ideal_point", "q05": "ideal_point_q05", "q95": "ideal_point_q95"}
    )
    out = counts.merge(wide, on=UNIT, how="outer").merge(rows, on=UNIT, how="outer")
    out = out.astype({"year": "int64", "roll_calls": "Int64"})
    return pd.DataFrame(
        out[[*UNIT, "ideal_point", "ideal_point_q05", "ideal_point_q95", *wide.columns[2:], "roll_calls"]]
    )


def _dyad_votes(votes: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    rows = votes.rename(columns={"reporter": "state", "n": "roll_calls"})
    rows["year"] = rows.year.astype("int64")
    point = points.set_index(UNIT).point
    own = point.reindex(pd.MultiIndex.from_frame(rows[UNIT])).to_numpy()
    other = point.reindex(pd.MultiIndex.from_arrays([rows.partner, rows.year])).to_numpy()
    rows["ideal_point_distance"] = abs(own - other)
    return rows[[*DYAD, "agreement", "s_score", "kappa", "ideal_point_distance", "roll_calls"]]


def partial_vote_years(m: Measurements, source_id: str = VOTES_SOURCE) -> list[int]:
    """The years a vote source holds only in part: its last year, when that year has fewer
    than ``PARTIAL_YEAR_SHARE`` of the median roll calls of the five years before (a release
    cut in the middle of a session; 2024 in the 2025 release, 4 roll calls against about 80).
    """
    votes = m.tables["un_votes"]
    votes = votes.filter(votes.source_id == source_id)
    per_year = votes.group_by("year").agg(roll_calls=votes.rcid.nunique()).execute().sort_values("year")
    if len(per_year) < 2:
        return []
    last = per_year.iloc[-1]
    before = per_year[per_year.year < last.year].tail(5).roll_calls.median()
    return [int(last.year)] if last.roll_calls < PARTIAL_YEAR_SHARE * before else []


def sources_of(frame: pd.DataFrame) -> list[str]:
    """The source ids behind a table's values: those of every ``series_*`` label (mirrors too)."""
    found: set[str] = set()
    for column in (c for c in frame.columns if str(c).startswith("series_")):
        for cell in frame[column].dropna():
            found.update(source_of_label(label) for label in str(cell).split("; ") if label)
    return sorted(found)


def _checked(given: Sequence[str] | None, known: Sequence[str], what: str) -> list[str]:
    chosen = list(given) if given is not None else list(known)
    unknown = [g for g in chosen if g not in known]
    if unknown:
        raise BadOption(f"no {what} {unknown[0]!r}", f"choose from {', '.join(known)}")
    return chosen


def _panel(m: Measurements, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    if not set(UNIT) <= set(frame.columns):
        raise BadOption("the table has no state and year columns", "start from api.state_years(...)")
    if frame.empty:
        return panel_frames(m, [], None)
    years = (int(frame.year.min()), int(frame.year.max()))
    return panel_frames(m, sorted(frame.state.unique()), years)


def _series_per(channels: pd.DataFrame, level: str | None) -> pd.DataFrame:
    """reporter, year (and ``level``), series: the distinct series labels read, sorted, "; " between."""
    keys = ["reporter", "year", *([level] if level else [])]
    labels = channels[[*keys, "series"]].drop_duplicates()
    return labels.groupby(keys, as_index=False).agg(series=("series", lambda s: "; ".join(sorted(s))))


def _keyed(rows: pd.DataFrame, column: str) -> pd.Series:
    """``column`` of ``rows`` indexed by (state, year)."""
    index = pd.MultiIndex.from_arrays([rows.reporter.to_numpy(), rows.year.astype("int64").to_numpy()], names=UNIT)
    return pd.Series(rows[column].to_numpy(), index=index, name=column)


def _joined(frame: pd.DataFrame, columns: dict[str, pd.Series]) -> pd.DataFrame:
    """``frame`` with ``columns`` joined on (state, year): every row kept, its order too."""
    added = pd.DataFrame(columns)
    keep = [c for c in frame.columns if c not in added.columns]
    out = frame[keep].merge(added, how="left", left_on=UNIT, right_index=True)
    return out.reset_index(drop=True)
