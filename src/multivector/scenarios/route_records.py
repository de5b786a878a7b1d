"""An outage run as plain, JSON-ready records: one estimate per source, its lines and markets."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from multivector.scenarios.route_flow import Flows
from multivector.scenarios.route_match import short_id
from multivector.scenarios.route_network import WORLD, Line
from multivector.theory.evidence import source_citation

ROUND = 6
UNKNOWN_VOLUME = "volume unknown: not counted in the baseline; capacity unknown: spare capacity not assumed"
UNKNOWN_CAPACITY = "capacity unknown: spare capacity not assumed"


def estimate(source_id: str, lines: Sequence[Line], flows: Flows, closed: set[str], planned: Sequence[Line]) -> dict:
    """One source's answer: totals, each line before/after, markets, unknowns, planned lines."""
    known = any(x.flow is not None for x in lines)
    units = sorted({x.unit for x in lines if x.unit})
    shut = [x.line_id for x in lines if x.line_id in closed]
    return {
        "source_id": source_id,
        "unit": units[0] if units else None,
        "baseline": _num(flows.baseline) if known else None,
        "after": _num(flows.after) if known else None,
        "lost": _num(flows.lost) if known else None,
        "lost_share": _num(flows.lost_share) if known else None,
        "kept": _num(flows.kept) if known else None,
        "spare_used": _num(flows.rerouted) if known else None,
        "split_unique": flows.split_unique,
        "closed": [short_id(x) for x in shut],
        "routes": sorted(
            (_line_record(x, flows, x.line_id in closed) for x in lines),
            key=lambda r: (-(r["before"] or 0.0), r["line"]),
        ),
        "markets": [
            {
                "market": m,
                "before": _num(flows.markets_before.get(m, 0.0)),
                "after": _num(flows.markets_after.get(m, 0.0)),
            }
            for m in _markets(lines)
        ],
        "unknown_capacities": [_unknown(x, x.line_id in closed) for x in lines if x.capacity is None],
        "not_in_operation": [
            {
                "route": short_id(x.route_id),
                "line": short_id(x.line_id),
                "name": x.name,
                "status": x.status,
                "figure": _num(x.capacity),
                "unit": x.unit,
            }
            for x in planned
        ],
    }


def _markets(lines: Sequence[Line]) -> list[str]:
    """The markets the lines of known volume serve."""
    return sorted({m for x in lines if x.flow is not None for m in (x.destinations or (WORLD,))})


def _line_record(line: Line, flows: Flows, closed: bool) -> dict:
    known = line.flow is not None
    return {
        "route": short_id(line.route_id),
        "line": short_id(line.line_id),
        "name": line.name,
        "before": _num(flows.before[line.line_id]) if known else None,
        "after": _num(flows.carried[line.line_id]) if known else (0.0 if closed else None),
        "absorbs": _num(flows.absorbs[line.line_id]) if known else None,
        "spare": _num(line.spare) if known and line.capacity is not None else None,
        "capacity": _num(line.capacity),
        "capacity_source": line.capacity_source,
        "as_published": line.as_published,
        "closed": closed,
        "status": line.status,
        "transit": list(line.transit),
        "destinations": list(line.destinations) or [WORLD],
        "owners": list(line.owners),
        "from_place": line.from_place,
        "to_place": line.to_place,
        "facts": list(line.facts),
        "sources": list(line.cites),
        "note": line.note,
    }


def _unknown(line: Line, closed: bool) -> dict:
    reason = UNKNOWN_VOLUME if line.flow is None else UNKNOWN_CAPACITY
    if closed and line.flow is None:
        reason += "; closed by the scenario, so the loss is larger by its unknown volume"
    return {"route": short_id(line.route_id), "line": short_id(line.line_id), "name": line.name, "reason": reason}


def citations(documents: pd.DataFrame, lines: Sequence[Line]) -> dict[str, str]:
    """Each cited document or data source of ``lines`` → its full citation."""
    wanted = {(cite, x.source_id) for x in lines for cite in x.cites}
    titles = {row["document_id"]: _document_citation(row) for row in documents.to_dict("records")}
    return {
        cite: titles.get(cite) or source_citation(cite) or source_citation(source_id)
        for cite, source_id in sorted(wanted)
    }


def _document_citation(row: dict) -> str:
    """'Title. Author, Publisher, published. URL', without the parts a document lacks."""
    given = lambda key: row.get(key) if isinstance(row.get(key), str) and row.get(key) else None  # noqa: E731
    author, publisher = given("author"), given("publisher")
    if author and publisher and publisher.startswith(author):
        author = None
    who = list(filter(None, [author, publisher, given("published")]))
    return ". ".join(filter(None, [given("title"), ", ".join(who), given("url")]))


def _num(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), ROUND) + 0.0
