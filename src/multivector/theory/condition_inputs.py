"""The data the adoption conditions C1-C3 read (THEORY.md §4), as small plain frames.

``load_condition_inputs`` runs a few small queries on the store for one state; the verdicts
(``multivector.theory.conditions``) work on the frames only, so a test can build them by hand.
Every frame keeps the source of each row: ``source_id`` for data sources, ``cites`` (the
document id) and ``citation`` (its title and id) for knowledge-base facts.

* ``poles``: entity, pole — the pole mapping.
* ``borders``: year, partner, km, source_id — Factbook land boundaries, every edition ≤ year.
* ``distances``: year, partner, km, source_id — CShapes minimum distances (cow_mindist,
  ends 2019) to the members of the pole mapping, every year ≤ year.
* ``regime``: year, variable, value, source_id — ``v2x_polyarchy`` and ``polity2``.
* ``trade``: year, partner, channel, value, report, source_id — the state's exports and
  imports by partner from the first year of :data:`EARLY_YEARS` on, in US$ million, from
  every report that lists all partners (:data:`REPORTS`): ``own`` (the state's reports to
  the IMF), ``national`` (its statistics office), ``mirror`` (partners' reports to the IMF)
  and ``cow`` (COW dyadic trade: the state's imports, and its partners' imports from it as
  its exports).
* ``routes``: year, source_id, commodity, pole, exposure, exposed_volume, total_volume,
  volume_unit — share of the state's export-route volume on lines crossing or ending in
  each pole, per source estimate and year (lines in operation that year), for every year
  from the first of :data:`EARLY_YEARS` to the later of its last and the year judged.
* ``route_lines``: year, source_id, commodity, route_name, volume, volume_unit, year_from
  (the line's first year; null when the source gives none).
* ``memberships``: fact_id, institution, name, status, valid_from, valid_to, founded,
  anchors (list of poles, or None when not recorded), cites, citation.
* ``commodities``: rank, commodity, year, source_id, cites, citation — the Factbook's top
  export commodities (facts ``export_commodity:<ISO3>:<rank>``).
* ``figures``: fact_id, text, value, low, high, unit, year, year_to, cites, citation — the
  knowledge base's figures about the state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import ibis
import pandas as pd

from multivector.indicators.routes import CONVERSIONS
from multivector.measure.measurements import Measurements
from multivector.measure.series import series_of
from multivector.theory.panel import Panel

#: The first decade of independence: the adoption moment of C1-C3 is judged inside it (its trade and
#: route years are always loaded, whatever year "now" is).
EARLY_YEARS = (1990, 2000)

#: The reports of a state's trade by partner that list every partner, in the order the trade part
#: (C2) prefers them in a year: each is a series of the exports channel in US$ (own reports to
#: the IMF, the statistics offices, partners' mirror reports), then COW dyadic trade.
REPORTS: dict[str, str] = {
    "own": "the state's own reports (IMF DOTS)",
    "national": "the state's statistics office",
    "mirror": "partners' mirror reports (IMF DOTS)",
    "cow": "COW dyadic trade",
}
TRADE_UNIT = "usd_million_current"

#: Comparable volume unit of each routed commodity (from the route indicator's conversions).
ROUTE_UNIT = {commodity: unit for (commodity, _), (unit, _) in CONVERSIONS.items()}


#: The columns of each frame of :class:`ConditionInputs`.
COLUMNS: dict[str, tuple[str, ...]] = {
    "poles": ("entity", "pole"),
    "borders": ("year", "partner", "km", "source_id"),
    "distances": ("year", "partner", "km", "source_id"),
    "regime": ("year", "variable", "value", "source_id"),
    "trade": ("year", "partner", "channel", "value", "report", "source_id"),
    "routes": ("year", "source_id", "commodity", "pole", "exposure", "exposed_volume", "total_volume", "volume_unit"),
    "route_lines": ("year", "source_id", "commodity", "route_name", "volume", "volume_unit", "year_from"),
    "memberships": (
        "fact_id",
        "institution",
        "name",
        "status",
        "valid_from",
        "valid_to",
        "founded",
        "anchors",
        "cites",
        "citation",
    ),
    "commodities": ("rank", "commodity", "year", "source_id", "cites", "citation"),
    "figures": ("fact_id", "text", "value", "low", "high", "unit", "year", "year_to", "cites", "citation"),
}


def empty(name: str) -> pd.DataFrame:
    """An empty frame with the columns of ``name``."""
    return pd.DataFrame(columns=list(COLUMNS[name]))


def _empty_frame(name: str):
    """A dataclass field defaulting to an empty frame of ``name``."""
    return field(default_factory=lambda: empty(name))


@dataclass(frozen=True)
class ConditionInputs:
    state: str
    poles: pd.DataFrame = _empty_frame("poles")
    borders: pd.DataFrame = _empty_frame("borders")
    distances: pd.DataFrame = _empty_frame("distances")
    regime: pd.DataFrame = _empty_frame("regime")
    trade: pd.DataFrame = _empty_frame("trade")
    routes: pd.DataFrame = _empty_frame("routes")
    route_lines: pd.DataFrame = _empty_frame("route_lines")
    memberships: pd.DataFrame = _empty_frame("memberships")
    commodities: pd.DataFrame = _empty_frame("commodities")
    figures: pd.DataFrame = _empty_frame("figures")


def load_condition_inputs(m: Measurements, panel: Panel, year: int) -> ConditionInputs:
    """Query the store for what C1-C3 need about ``panel.state``: at adoption and up to ``year``."""
    state, tables = panel.state, m.tables
    return ConditionInputs(
        state=state,
        poles=m.poles.select("entity", "pole").execute(),
        borders=_dyads(tables, state, "border_km", "factbook_land_boundaries", year),
        distances=_dyads(tables, state, "mindist_km", "cow_mindist", year, m.poles),
        regime=_regime(tables, state, year),
        trade=_trade(tables, state),
        **_routes(Measurements(tables, m.params, m.poles, [state]), year),
        memberships=_memberships(tables, panel.facts, state),
        commodities=_commodities(panel.facts, state),
        figures=_figures(panel.facts, state),
    )


def _dyads(
    tables, state: str, variable: str, source_id: str, year: int, poles: ibis.Table | None = None
) -> pd.DataFrame:
    d = tables["dyad_values"]
    rows = d.filter(d.reporter == state, d.variable == variable, d.source_id == source_id, d.year <= year)
    if poles is not None:
        rows = rows.semi_join(poles, rows.partner == poles.entity)
    out = rows.select(
        year=rows.year.cast("int64"), partner=rows.partner, km=rows.value, source_id=rows.source_id
    ).execute()
    return out.sort_values(["year", "partner"], ignore_index=True)


def _regime(tables, state: str, year: int) -> pd.DataFrame:
    v = tables["state_values"]
    rows = v.filter(v.entity == state, v.variable.isin(["v2x_polyarchy", "polity2"]), v.year <= year)
    return rows.select(
        year=rows.year.cast("int64"), variable=rows.variable, value=rows.value, source_id=rows.source_id
    ).execute()


def _trade(tables, state: str) -> pd.DataFrame:
    """The state's positive exports and imports by partner in every report of :data:`REPORTS`."""
    f = tables["flows"]
    f = f.filter(
        f.channel.isin(["exports", "imports"]),
        f.unit == TRADE_UNIT,
        f.value > 0,
        f.year >= EARLY_YEARS[0],
        f.reporter != f.partner,
    )
    parts = []
    for report, sources, is_mirror in _report_series():
        rows = f.filter(f.reporter == state, f.source_id.isin(sources), f.is_mirror == is_mirror)
        parts.append(rows.select("year", "partner", "channel", "value", "source_id").execute().assign(report=report))
    cow = f.filter(f.source_id == "cow_trade", f.channel == "imports")
    imports = cow.filter(cow.reporter == state).select("year", "partner", "value", "source_id")
    exports = cow.filter(cow.partner == state).select(
        "year", partner=cow.reporter, value=cow.value, source_id=cow.source_id
    )
    for rows, channel in ((imports, "imports"), (exports, "exports")):
        parts.append(rows.execute().assign(channel=channel, report="cow"))
    out = pd.concat(parts, ignore_index=True).astype({"year": "int64"})[list(COLUMNS["trade"])]
    return out.sort_values(["year", "report", "partner", "channel"], ignore_index=True)


def _report_series() -> list[tuple[str, list[str], bool]]:
    """(report, source ids, is_mirror) of the exports series in US$ that list every partner."""
    flows = [s for s in series_of("exports") if s.kind == "flow" and s.unit == TRADE_UNIT]
    own = [s.source_id for s in flows if s.source_id == "imf_dots" and not s.is_mirror]
    national = [s.source_id for s in flows if s.source_id != "imf_dots" and not s.is_mirror]
    mirror = [s.source_id for s in flows if s.is_mirror]
    return [("own", own, False), ("national", national, False), ("mirror", mirror, True)]


def _routes(m: Measurements, year: int) -> dict[str, pd.DataFrame]:
    years = list(range(EARLY_YEARS[0], max(year, EARLY_YEARS[1]) + 1))
    exposure = m.sovereignty_exposure(years, roles=("transit", "destination")).execute()
    exposure["volume_unit"] = exposure.commodity.map(ROUTE_UNIT)
    lines, _ = m.routes(years)
    lines = lines.select(*COLUMNS["route_lines"]).execute()
    return {"routes": exposure.drop(columns="state"), "route_lines": lines}


def _memberships(tables, facts: pd.DataFrame, state: str) -> pd.DataFrame:
    """The state's memberships, each with its institution's name, founding date and anchor poles."""
    if facts.empty:
        return empty("memberships")
    mine = facts.loc[(facts.kind == "membership") & (facts.subject == state)]
    f = tables["facts"]
    institutions = f.filter(f.kind == "institution").select("fact_id", "valid_from", "attributes").execute()
    attributes = institutions.attributes.map(lambda a: json.loads(a) if isinstance(a, str) else {})
    about = pd.DataFrame(
        {
            "institution": institutions.fact_id,
            "name": [a.get("name") for a in attributes],
            "founded": institutions.valid_from,
            "anchors": [a.get("poles") for a in attributes],
        }
    )
    out = mine.rename(columns={"object": "institution"}).merge(about, on="institution", how="left")
    return out[list(COLUMNS["memberships"])].reset_index(drop=True)


def _commodities(facts: pd.DataFrame, state: str) -> pd.DataFrame:
    if facts.empty:
        return empty("commodities")
    mine = facts.loc[facts.fact_id.str.startswith(f"export_commodity:{state}:")]
    out = pd.DataFrame(
        {
            "rank": mine.value_number.astype(int),
            "commodity": mine.text,
            "year": pd.to_datetime(mine.valid_from).dt.year,
            "source_id": mine.source_id,
            "cites": mine.cites,
            "citation": mine.citation,
        }
    )
    return out.sort_values(["year", "rank"], ignore_index=True)


def _figures(facts: pd.DataFrame, state: str) -> pd.DataFrame:
    if facts.empty:
        return empty("figures")
    mine = facts.loc[
        (facts.kind == "figure") & (facts.subject == state) & ~facts.fact_id.str.startswith("export_commodity:")
    ]
    attributes = mine.attributes
    return pd.DataFrame(
        {
            "fact_id": mine.fact_id,
            "text": mine.text,
            "value": mine.value_number,
            "low": [a.get("low") for a in attributes],
            "high": [a.get("high") for a in attributes],
            "unit": mine.unit,
            "year": [a.get("year") for a in attributes],
            "year_to": [a.get("year_to") for a in attributes],
            "cites": mine.cites,
            "citation": mine.citation,
        }
    ).reset_index(drop=True)
