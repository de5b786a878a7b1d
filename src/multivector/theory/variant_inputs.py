"""What the four variants read beyond the Panel, as small pandas frames (THEORY.md §5).

``load_variant_inputs`` runs the few queries once per state; ``assess_variants`` (in
:mod:`multivector.theory.variants`) works on the frames only, so a test can build them by hand.

* ``memberships`` — the state's membership claims (one row per claim: two sources about one
  spell give two rows): ``fact_id, institution, status, year_from, year_to, cites, citation``.
* ``institutions`` — ``institution, name, founded, poles, cites, citation``; ``poles`` is the
  tuple of the institution's anchor poles (attribute ``"poles"``; ``()`` for none), ``None``
  when the fact does not say (unknown, never "no anchor").
* ``route_stats`` / ``route_exposure`` — the route indicators of
  :class:`~multivector.measure.measurements.Measurements` per year from ``since`` to the year:
  ``source_id, commodity, year, hhi, routes, total_volume, volume_unit`` and
  ``source_id, commodity, year, pole, exposure`` (share of volume crossing *or ending in* a
  pole's territory, roles transit and destination).
* ``route_lines`` — the state's export lines: ``source_id, commodity, route_id, route_name,
  line_id, volume, volume_unit, year_from, year_to, crosses`` (tuple of the poles the line
  crosses or ends in).
* ``infrastructure`` — items naming the state as origin, on the route or in transit, one row
  per item (knowledge base: its ``item``; GEM: its wiki page): ``source_id, item, kind, name,
  status, year_from, entities, cites, citation``. ``status`` is the most advanced of the
  claims (operating, construction, then the rest), ``year_from`` the earliest dated claim (a
  GEM ``start_year`` when the claim has no date; null: unknown). A GEM item describing a line
  the knowledge base also describes (same kind and same set of states) is dropped.
* ``development_finance`` — ``year, partner, pole, value, unit, source_id`` of the state's
  development-finance flows, and ``finance_coverage``: the first and last year the source
  reports for any state (within it, a year without a record is a year without a commitment).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import ibis
import pandas as pd

from multivector.indicators.poles import OTHER
from multivector.measure.measurements import Measurements
from multivector.measure.series import series_of
from multivector.theory.panel import Panel, citation_of, document_titles

#: Kind of the infrastructure facts of a source whose attributes do not name one.
KIND_BY_SOURCE = {"gem_gas_pipelines": "gas_pipeline"}
STATUS_ORDER = ("operating", "construction", "proposed")
#: First year of the route panel: the routes of the independent states.
ROUTES_SINCE = 1991
EXPOSURE_ROLES = ("transit", "destination")

MEMBERSHIP_COLUMNS = ["fact_id", "institution", "status", "year_from", "year_to", "cites", "citation"]
INSTITUTION_COLUMNS = ["institution", "name", "founded", "poles", "cites", "citation"]
STATS_COLUMNS = ["source_id", "commodity", "year", "hhi", "routes", "total_volume", "volume_unit"]
EXPOSURE_COLUMNS = ["source_id", "commodity", "year", "pole", "exposure"]
LINE_COLUMNS = [
    "source_id",
    "commodity",
    "route_id",
    "route_name",
    "line_id",
    "volume",
    "volume_unit",
    "year_from",
    "year_to",
    "crosses",
]
ITEM_COLUMNS = ["source_id", "item", "kind", "name", "status", "year_from", "entities", "cites", "citation"]
FINANCE_COLUMNS = ["year", "partner", "pole", "value", "unit", "source_id"]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


@dataclass(frozen=True)
class VariantInputs:
    state: str
    poles: pd.DataFrame = field(default_factory=lambda: _empty(["entity", "pole"]))
    memberships: pd.DataFrame = field(default_factory=lambda: _empty(MEMBERSHIP_COLUMNS))
    institutions: pd.DataFrame = field(default_factory=lambda: _empty(INSTITUTION_COLUMNS))
    route_stats: pd.DataFrame = field(default_factory=lambda: _empty(STATS_COLUMNS))
    route_exposure: pd.DataFrame = field(default_factory=lambda: _empty(EXPOSURE_COLUMNS))
    route_lines: pd.DataFrame = field(default_factory=lambda: _empty(LINE_COLUMNS))
    infrastructure: pd.DataFrame = field(default_factory=lambda: _empty(ITEM_COLUMNS))
    development_finance: pd.DataFrame = field(default_factory=lambda: _empty(FINANCE_COLUMNS))
    finance_coverage: tuple[int, int] | None = None

    def pole_of(self, entity: str) -> str:
        """The pole of an entity; OTHER when the mapping does not list it."""
        found = self.poles.loc[self.poles.entity == entity, "pole"]
        return str(found.iloc[0]) if not found.empty else OTHER


def load_variant_inputs(m: Measurements, panel: Panel, year: int, since: int = ROUTES_SINCE) -> VariantInputs:
    """Execute what the variants need for ``panel.state`` up to ``year`` (routes from ``since``)."""
    state = panel.state
    m = Measurements(m.tables, m.params, m.poles, [state], None)
    poles = m.poles.execute()[["entity", "pole"]]
    facts = m.tables["facts"].execute()
    facts["attributes"] = facts["attributes"].map(lambda a: json.loads(a) if isinstance(a, str) else {})
    titles = document_titles(m.tables)
    years = list(range(min(since, year), year + 1))
    stats = m.route_concentration(years).execute()
    exposure = m.sovereignty_exposure(years, roles=EXPOSURE_ROLES).execute()
    return VariantInputs(
        state=state,
        poles=poles,
        memberships=_memberships(panel.facts, state),
        institutions=_institutions(facts, titles),
        route_stats=stats.loc[stats.state == state, STATS_COLUMNS].reset_index(drop=True),
        route_exposure=exposure.loc[exposure.state == state, EXPOSURE_COLUMNS].reset_index(drop=True),
        route_lines=_route_lines(m, poles),
        infrastructure=_items(facts, state, titles),
        development_finance=_finance(m, state, poles),
        finance_coverage=_finance_coverage(m),
    )


def _year(value) -> int | None:
    return None if pd.isna(value) else int(pd.Timestamp(value).year)


def _memberships(facts: pd.DataFrame, state: str) -> pd.DataFrame:
    if facts.empty:
        return _empty(MEMBERSHIP_COLUMNS)
    rows = facts[(facts.kind == "membership") & (facts.subject == state)]
    return pd.DataFrame(
        {
            "fact_id": rows.fact_id,
            "institution": rows.object,
            "status": rows.status,
            "year_from": [_year(v) for v in rows.valid_from],
            "year_to": [_year(v) for v in rows.valid_to],
            "cites": rows.cites,
            "citation": rows.citation,
        },
        columns=MEMBERSHIP_COLUMNS,
    ).reset_index(drop=True)


def _institutions(facts: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    rows = facts[facts.kind == "institution"]
    return pd.DataFrame(
        {
            "institution": rows.fact_id,
            "name": [a.get("name") or i for a, i in zip(rows.attributes, rows.fact_id)],
            "founded": [_year(v) for v in rows.valid_from],
            "poles": [tuple(a["poles"]) if isinstance(a.get("poles"), list) else None for a in rows.attributes],
            "cites": rows.cites,
            "citation": [citation_of(c, s, titles) for c, s in zip(rows.cites, rows.source_id)],
        },
        columns=INSTITUTION_COLUMNS,
    ).reset_index(drop=True)


def _route_lines(m: Measurements, poles: pd.DataFrame) -> pd.DataFrame:
    lines, transit = m.routes()
    lines, transit = lines.execute(), transit.execute()
    transit = transit[transit.role.isin(EXPOSURE_ROLES)]
    pole = dict(zip(poles.entity, poles.pole))
    crossed = {
        key: tuple(sorted({pole.get(e, OTHER) for e in group.entity}))
        for key, group in transit.groupby(["source_id", "line_id"])
    }
    lines["crosses"] = [crossed.get((s, line), ()) for s, line in zip(lines.source_id, lines.line_id)]
    return lines[LINE_COLUMNS].reset_index(drop=True)


def _entities(subject, attributes: dict) -> tuple[str, ...]:
    named = {subject} if isinstance(subject, str) else set()
    for key in ("route", "countries", "transit"):
        named |= set(attributes.get(key) or [])
    return tuple(sorted(named))


def _claims(facts: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    rows = facts[facts.kind == "infrastructure"]
    attrs = rows.attributes
    return pd.DataFrame(
        {
            "source_id": rows.source_id,
            "item": [a.get("item") or a.get("wiki") or f for a, f in zip(attrs, rows.fact_id)],
            "kind": [a.get("infrastructure_kind") or KIND_BY_SOURCE.get(s) for a, s in zip(attrs, rows.source_id)],
            "name": [a.get("name") or t for a, t in zip(attrs, rows.text)],
            "status": rows.status,
            "year": [_year(v) if not pd.isna(v) else a.get("start_year") for v, a in zip(rows.valid_from, attrs)],
            "entities": [_entities(s, a) for s, a in zip(rows.subject, attrs)],
            "cites": rows.cites,
            "citation": [citation_of(c, s, titles) for c, s in zip(rows.cites, rows.source_id)],
        }
    )


def _items(facts: pd.DataFrame, state: str, titles: dict[str, str]) -> pd.DataFrame:
    claims = _claims(facts, titles)
    kb_lines = {
        (k, frozenset(e)) for k, e, s in zip(claims.kind, claims.entities, claims.source_id) if s == "knowledge_base"
    }
    claims = claims[[state in e for e in claims.entities]]
    items = []
    for (source, item), group in claims.groupby(["source_id", "item"], sort=True):
        if source != "knowledge_base" and any(
            (k, frozenset(e)) in kb_lines for k, e in zip(group.kind, group.entities)
        ):
            continue
        dated = group[group.year.notna()].sort_values("year")
        first = dated.iloc[0] if not dated.empty else group.iloc[0]
        statuses = set(group.status)
        status = next((s for s in STATUS_ORDER if s in statuses), sorted(statuses)[0])
        items.append(
            {
                "source_id": source,
                "item": item,
                "kind": first.kind,
                "name": first["name"],
                "status": status,
                "year_from": int(dated.year.iloc[0]) if not dated.empty else None,
                "entities": tuple(sorted(set().union(*group.entities))),
                "cites": first.cites,
                "citation": first.citation,
            }
        )
    return pd.DataFrame(items, columns=ITEM_COLUMNS)


def _finance_flows(m: Measurements, reporters: list[str] | None = None) -> ibis.Table:
    flows = m.tables["flows"]
    sources = [s.source_id for s in series_of("development_finance")]
    wanted = (flows.channel == "development_finance") & flows.source_id.isin(sources)
    if reporters is not None:
        wanted = wanted & flows.reporter.isin(reporters)
    return flows.filter(wanted)


def _finance(m: Measurements, state: str, poles: pd.DataFrame) -> pd.DataFrame:
    rows = _finance_flows(m, [state]).select("year", "partner", "value", "unit", "source_id").execute()
    pole = dict(zip(poles.entity, poles.pole))
    rows["pole"] = [pole.get(p, OTHER) for p in rows.partner]
    rows["year"] = rows["year"].astype(int)
    return rows[FINANCE_COLUMNS].sort_values(["year", "partner"], ignore_index=True)


def _finance_coverage(m: Measurements) -> tuple[int, int] | None:
    span = _finance_flows(m).aggregate(first=ibis._.year.min(), last=ibis._.year.max()).execute()
    first, last = span["first"].iloc[0], span["last"].iloc[0]
    return None if pd.isna(first) else (int(first), int(last))
