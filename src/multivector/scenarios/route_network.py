"""The export-route network of one state and commodity, read from the store's ``facts``.

**Lines.** A line is one physical string of a route, as :func:`~multivector.indicators.routes.route_table`
defines it (the knowledge base's ``item`` or a GEM wiki page and segment): the same lines,
figures and units as ``multivector routes``, one list per source (the knowledge base and GEM
are never reconciled). A line's *figure* is the largest converted figure among its claims in
operation (crude oil in Mt/y, gas in bcm/y). The facts give one figure per line, a capacity or
a reported throughput, never both: the figure is read as the line's baseline **flow** and as its
**capacity** (so no spare capacity) unless a caller states a flow below it.

**Graph** (:func:`network`), a directed graph with capacities on the line edges only::

    supply ──(B)──> origin:KAZ ──(c_cpc)──> line:cpc ──> cpc@RUS ──> market:world ──> markets
                               ──(c_kcp)──> line:kcp ─────────────> market:CHN ───┘

* ``supply → origin``: what the state exports (the baseline volume; production is not raised);
* ``origin → line:<id>``: the line, with its fact ids, citations, owners, status and transit;
* ``<id>@<state>``: the line's stretch in a transit state (node attribute ``entity``), in route order;
* ``market:<state>``: a destination state; a line whose route ends in a transit state (the CPC
  ends at Novorossiysk, in Russia) sells at a terminal there to ``market:world``;
* markets → ``markets`` (the sink) without a limit: the data give no demand.

Closing a line removes its ``line:`` node; closing a state's territory removes its transit
stretches (and, for the role ``destination``, its market node): the lines through it are cut.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import ibis
import networkx as nx
import pandas as pd

from multivector.indicators.routes import (
    COMMODITY_BY_SOURCE,
    CONVERSIONS,
    LINE_ALIASES,
    OPERATING,
    _claims,
    route_table,
    route_transit,
)

SUPPLY, SINK = "supply", "markets"
WORLD = "world"

#: Statuses listed as "not in operation" beside the network (never carrying flow).
NOT_OPERATING: tuple[str, ...] = ("construction", "proposed", "suspended", "mothballed")


@dataclass(frozen=True)
class Line:
    """One export line: its figures (in ``unit``), path and provenance.

    ``flow`` is the baseline volume it carries (None: unknown, not counted); ``capacity`` its
    ceiling (None: unknown, so no spare capacity is assumed).
    """

    line_id: str
    route_id: str
    name: str
    flow: float | None
    capacity: float | None
    unit: str | None = None
    source_id: str = ""
    transit: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    status: str = "operating"
    owners: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    capacity_source: str | None = None
    as_published: str | None = None
    note: str | None = None
    from_place: str | None = None
    to_place: str | None = None

    @property
    def spare(self) -> float:
        """Capacity − flow where both are known, else 0 (never an assumed spare capacity)."""
        if self.flow is None or self.capacity is None:
            return 0.0
        return max(self.capacity - self.flow, 0.0)

    @property
    def entities(self) -> tuple[str, ...]:
        return self.transit + self.destinations


def network(lines: Sequence[Line], state: str, caps: Mapping[str, float], supply: float) -> nx.DiGraph:
    """The graph above; ``caps`` gives each line edge's capacity (a line not in it gets 0)."""
    graph = nx.DiGraph(state=state)
    origin = f"origin:{state}"
    graph.add_node(SUPPLY, kind="supply")
    graph.add_node(origin, kind="origin", entity=state)
    graph.add_node(SINK, kind="sink")
    graph.add_edge(SUPPLY, origin, capacity=float(supply))
    for line in sorted(lines, key=lambda x: x.line_id):
        entry = f"line:{line.line_id}"
        graph.add_node(entry, kind="line", line=line)
        graph.add_edge(origin, entry, capacity=float(caps.get(line.line_id, 0.0)), line_id=line.line_id)
        last = entry
        for entity in line.transit:
            stretch = f"{line.line_id}@{entity}"
            graph.add_node(stretch, kind="transit", entity=entity)
            graph.add_edge(last, stretch)
            last = stretch
        for entity in line.destinations or (WORLD,):
            market = f"market:{entity}"
            graph.add_node(market, kind="market", entity=entity)
            graph.add_edge(last, market)
            graph.add_edge(market, SINK)
    return graph


def close(
    graph: nx.DiGraph,
    lines: Iterable[str] = (),
    states: Iterable[str] = (),
    roles: Sequence[str] = ("transit", "destination"),
) -> nx.DiGraph:
    """A copy of ``graph`` without the given lines and states' territory (``roles`` of it)."""
    states = set(states)
    kinds = {"transit"} if "transit" in roles else set()
    kinds |= {"market"} if "destination" in roles else set()
    gone = {f"line:{line_id}" for line_id in lines}
    gone |= {
        node for node, data in graph.nodes(data=True) if data.get("kind") in kinds and data.get("entity") in states
    }
    closed = graph.copy()
    closed.remove_nodes_from(gone & set(closed))
    return closed


# reading the store ------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteFacts:
    """The store's route facts, executed once into small frames (a few hundred rows).

    ``lines[status_set]`` and ``roles[status_set]`` are :func:`route_table` and
    :func:`route_transit` for the lines in operation (``"operating"``) and for those not yet or
    no longer in operation (``"not_operating"``: :data:`NOT_OPERATING`); ``claims`` every
    infrastructure claim with its line keys; ``documents`` the knowledge base's documents.
    """

    claims: pd.DataFrame
    lines: Mapping[str, pd.DataFrame]
    roles: Mapping[str, pd.DataFrame]
    documents: pd.DataFrame

    @classmethod
    def read(cls, tables: Mapping[str, ibis.Table]) -> RouteFacts:
        facts = tables["facts"]
        sets = {"operating": OPERATING, "not_operating": NOT_OPERATING}
        claims = _claims(facts, COMMODITY_BY_SOURCE, LINE_ALIASES)
        claims = claims.select(
            "source_id",
            "state",
            "commodity",
            "line_id",
            "fact_id",
            "value_number",
            "unit",
            "status",
            "cites",
            "locator",
            "attributes",
            "route",
        ).execute()
        claims = claims.sort_values(["source_id", "line_id", "fact_id"]).reset_index(drop=True)
        claims["meta"] = [json.loads(a) if isinstance(a, str) and a else {} for a in claims.attributes]
        documents = tables["documents"].execute() if "documents" in tables else pd.DataFrame(columns=["document_id"])
        return cls(
            claims=claims,
            lines={k: route_table(facts, statuses=v).execute() for k, v in sets.items()},
            roles={k: route_transit(facts, statuses=v).execute() for k, v in sets.items()},
            documents=documents,
        )

    def commodities(self, state: str | None = None) -> list[str]:
        """Commodities of the export lines in operation (of ``state``, or of any state)."""
        lines = self.lines["operating"]
        if state is not None:
            lines = lines[lines.state == state]
        return sorted(c for c in lines.commodity.dropna().unique())


_CACHE: dict[int, tuple[weakref.ref, RouteFacts]] = {}


def route_facts(tables: Mapping[str, ibis.Table]) -> RouteFacts:
    """:class:`RouteFacts` of ``tables``, read once per facts table object (the last few kept).

    A store opened read-only does not change while its tables are in use; the cache holds a
    weak reference only, so it never keeps a closed store's table alive.
    """
    facts = tables["facts"]
    cached = _CACHE.get(id(facts))
    if cached is not None and cached[0]() is facts:
        return cached[1]
    found = RouteFacts.read(tables)
    if len(_CACHE) >= 4:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(facts)] = (weakref.ref(facts), found)
    return found


def load_lines(known: RouteFacts, state: str, commodity: str, status_set: str = "operating") -> list[Line]:
    """The state's export lines of the commodity (every source), with figures and provenance."""
    lines = known.lines[status_set]
    lines = lines[(lines.state == state) & (lines.commodity == commodity)]
    if lines.empty:
        return []
    statuses = OPERATING if status_set == "operating" else NOT_OPERATING
    claims = known.claims[(known.claims.state == state) & (known.claims.commodity == commodity)]
    claims = claims.assign(in_status=claims.status.isin(list(statuses)))
    crossed = known.roles[status_set]
    return [_line(row, claims, crossed) for row in lines.sort_values(["source_id", "line_id"]).itertuples()]


def _line(row, claims: pd.DataFrame, crossed: pd.DataFrame) -> Line:
    mine = claims[(claims.source_id == row.source_id) & (claims.line_id == row.line_id)]
    used = mine[mine.in_status]
    roles = crossed[(crossed.source_id == row.source_id) & (crossed.line_id == row.line_id)]
    order = _route_order(used.route)
    transit = _ordered(roles.entity[roles.role == "transit"], order)
    destinations = _ordered(roles.entity[roles.role == "destination"], order)
    volume = None if pd.isna(row.volume) else float(row.volume)
    figure = _figure_claim(used, row.commodity)
    name = row.route_name
    if row.line_id.startswith(f"{row.route_id} / "):
        segment = row.line_id[len(row.route_id) + 3 :]
        name = name if segment in name else f"{name} / {segment}"
    return Line(
        line_id=row.line_id,
        route_id=row.route_id,
        name=name,
        flow=volume,
        capacity=volume,
        unit=row.volume_unit if isinstance(row.volume_unit, str) else None,
        source_id=row.source_id,
        transit=transit,
        destinations=destinations,
        status=", ".join(sorted(set(used.status))),
        owners=_owners(mine),
        facts=tuple(used.fact_id),
        cites=tuple(dict.fromkeys(used.cites)),
        capacity_source=None if figure is None or volume is None else _where(figure),
        as_published=None if figure is None else f"{figure.value_number:g} {figure.unit}",
        note=None if figure is None else figure.meta.get("note"),
        from_place=_first(used, "start_location"),
        to_place=_first(used, "end_location"),
    )


def _figure_claim(used: pd.DataFrame, commodity: str):
    """The claim giving the line's figure: the largest converted number (ties: first fact id)."""
    factor = [CONVERSIONS.get((commodity, unit), (None, None))[1] for unit in used.unit]
    converted = used.assign(converted=used.value_number * pd.Series(factor, index=used.index, dtype="float64"))
    numbered = converted[converted.converted.notna()]
    if numbered.empty:
        return None
    return numbered.sort_values(["converted", "fact_id"], ascending=[False, True]).iloc[0]


def _where(claim) -> str:
    return f"{claim.cites}, {claim.locator} (fact {claim.fact_id})"


def _route_order(routes: Iterable[str]) -> list[str]:
    order: list[str] = []
    for text in routes:
        for entity in (text or "").split(","):
            if entity and entity != "null" and entity not in order:
                order.append(entity)
    return order


def _ordered(entities: Iterable[str], order: list[str]) -> tuple[str, ...]:
    found = set(entities)
    return tuple(sorted(found, key=lambda e: (order.index(e) if e in order else len(order), e)))


def _owners(claims: pd.DataFrame) -> tuple[str, ...]:
    """Owners named by any claim of the line (GEM's '--' is no owner)."""
    names = [o for attrs in claims.meta for o in (attrs.get("owners") or []) if o and o != "--"]
    return tuple(dict.fromkeys(names))


def _first(claims: pd.DataFrame, key: str) -> str | None:
    return next((a[key] for a in claims.meta if a.get(key)), None)
