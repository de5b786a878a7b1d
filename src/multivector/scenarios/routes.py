"""Route outages: how much of a state's exports still get out when a route or a state closes.

``outage(m, "KAZ", "crude_oil", route="CPC")`` closes the Caspian Pipeline Consortium line;
``outage(m, "KAZ", "crude_oil", transit=HEGEMON)`` (``multivector.defaults.HEGEMON``: Russia)
closes Russia's territory to every line that crosses it or ends in it. The network and the
max-flow are those of :mod:`~multivector.scenarios.route_network` and :mod:`~multivector.scenarios.route_flow`:

    baseline B = Σ_k f_k;  after A = Σ_{k open} f_k + min(B − Σ_{k open} f_k, Σ_{k open} (c_k − f_k));
    lost = B − A;  lost share = (B − A) / B

**Assumptions** (each result lists those it used): exports of a state are the lines in
operation that start in it; a line carries its figure (the largest among its claims in
operation); that figure is also its capacity, so no spare capacity exists unless a caller
states a lower flow (``flows``); where a capacity is unknown no spare capacity is assumed; the
state exports no more than before; markets take any volume. A line without a figure is not
counted (listed under ``unknown_capacities``). Never a made-up capacity.

**Sources.** The knowledge base and GEM describe some lines twice and are not reconciled:
each source with lines of the state and commodity (and, for a route outage, a line matching
the route) gives its own estimate. The result's top level is the estimate of ``source`` if
given, else of the source with most lines of known volume (ties: the knowledge base); the
others are in ``other_estimates``, each with the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import cast

import ibis

from multivector.errors import AmbiguousRoute, BadOption, UnknownCommodity, UnknownRoute, UnknownSource
from multivector.indicators.routes import TONNES_PER_YEAR_PER_BARREL_PER_DAY
from multivector.measure.measurements import Measurements
from multivector.scenarios.route_flow import reroute
from multivector.scenarios.route_match import describe, match_route, route_ids, short_id
from multivector.scenarios.route_network import Line, RouteFacts, load_lines, route_facts
from multivector.scenarios.route_records import citations, estimate

KNOWLEDGE_BASE = "knowledge_base"
ROLES: tuple[str, ...] = ("transit", "destination")

#: Short names a user may give for a commodity of the facts.
COMMODITY_ALIASES: Mapping[str, str] = {"oil": "crude oil", "crude": "crude oil", "gas": "natural gas"}

Tables = Mapping[str, ibis.Table]


def outage(
    m: Measurements | Tables,
    state: str,
    commodity: str,
    route: str | None = None,
    transit: str | None = None,
    *,
    source: str | None = None,
    flows: Mapping[str, float] | None = None,
    roles: Sequence[str] = ROLES,
) -> dict:
    """Close a route (by id or name) and/or a state's territory; re-route; report what is lost.

    ``roles`` says which lines closing ``transit`` cuts: those crossing it (``transit``, a
    terminal there included) and those ending in it (``destination``). ``flows`` maps line or
    route ids to a baseline flow below the line's figure (the figure is then its capacity).
    """
    known = route_facts(m if isinstance(m, Mapping) else m.tables)
    state = state.strip().upper()
    commodity = commodity_name(known, commodity)
    transit = transit.strip().upper() if transit else None
    _check_scenario(state, route, transit, roles)
    lines = load_lines(known, state, commodity)
    if source is not None:
        _check_source(known, lines, source, state, commodity)
        lines = [x for x in lines if x.source_id == source]
    lines = _with_flows(lines, flows or {})
    scenario = {"route": route, "matched": [], "transit": transit, "roles": list(roles) if transit else []}
    if not lines:
        if route is not None:
            raise UnknownRoute(
                f"{state} has no export line of {commodity} in operation in the store"
                + (f" from {source}" if source else ""),
                _no_line_hint(known, state),
            )
        return _no_route(known, state, commodity, scenario)
    by_source = _by_source(lines)
    closed = {s: _closed_lines(group, route) for s, group in by_source.items()}
    if route is not None:
        by_source = {s: group for s, group in by_source.items() if closed[s]}
        if not by_source:
            raise UnknownRoute(
                f"no {commodity} export line of {state} matches {route!r}", f"routes of {state}: {describe(lines)}"
            )
        scenario["matched"] = sorted({short_id(x.route_id) for s in by_source for x in closed[s]})
    runs = {s: _run(known, s, group, state, commodity, closed[s], transit, roles) for s, group in by_source.items()}
    primary = _primary(runs, by_source, source)
    everything = [x for group in by_source.values() for x in group]
    computed = runs[primary]["baseline"] is not None
    return {
        "state": state,
        "commodity": commodity,
        "scenario": scenario,
        "outcome": "computed" if computed else "volume_unknown",
        **runs[primary],
        "other_estimates": [runs[s] for s in sorted(runs) if s != primary],
        "crossing": [],
        "note": _note(state, commodity, runs, primary, transit),
        "assumptions": assumptions(state, commodity, runs, primary, scenario, flows or {}, lines),
        "sources": citations(known.documents, everything),
    }


def list_routes(m: Measurements | Tables, state: str, commodity: str | None = None) -> list[dict]:
    """The state's export lines in operation (every source): what ``route=`` may name."""
    known = route_facts(m if isinstance(m, Mapping) else m.tables)
    state = state.strip().upper()
    wanted = [commodity_name(known, commodity)] if commodity else known.commodities(state)
    return [
        {
            "source_id": x.source_id,
            "commodity": c,
            "route": short_id(x.route_id),
            "line": short_id(x.line_id),
            "name": x.name,
            "figure": x.capacity,
            "unit": x.unit,
            "transit": list(x.transit),
            "destinations": list(x.destinations),
        }
        for c in wanted
        for x in load_lines(known, state, c)
    ]


def commodity_name(facts: RouteFacts, text: str) -> str:
    """The commodity of the facts a user means: ``crude_oil``, ``crude oil``, ``oil`` → 'crude oil'."""
    known = facts.commodities()
    plain = " ".join(text.replace("_", " ").replace("-", " ").lower().split())
    plain = COMMODITY_ALIASES.get(plain, plain)
    if plain not in known:
        raise UnknownCommodity(
            f"{text!r} is not a commodity of an export line in the store",
            "give one of: " + ", ".join(k.replace(" ", "_") for k in known),
        )
    return plain


# one scenario ---------------------------------------------------------------------------


def _check_scenario(state: str, route: str | None, transit: str | None, roles: Sequence[str]) -> None:
    if route is None and transit is None:
        raise BadOption(
            "an outage needs a route or a transit state to close",
            "give --route (an id or name, e.g. CPC) or --transit (a state's ISO3 code)",
        )
    if transit == state:
        raise BadOption(f"{state} is the exporting state itself", "close a state its routes cross or end in")
    if not set(roles) or set(roles) - set(ROLES):
        raise BadOption(f"roles {list(roles)} are not a non-empty subset of {list(ROLES)}", "")


def _check_source(known: RouteFacts, lines: Sequence[Line], source: str, state: str, commodity: str) -> None:
    """Refuse a source that has none of the state's lines of the commodity, naming those that have.

    A known source of route facts without any such line, where no source has one, is let
    through: the answer then says the state has no line (or the route is unknown).
    """
    offered = sorted({x.source_id for x in lines})
    if source in offered or (not offered and source in set(known.lines["operating"].source_id)):
        return
    if offered:
        hint = f"sources of {state}'s {commodity} lines: {', '.join(offered)}"
    else:
        hint = _no_line_hint(known, state)
    raise UnknownSource(f"no {commodity} export line of {state} in operation comes from {source!r}", hint)


def _by_source(lines: Sequence[Line]) -> dict[str, list[Line]]:
    grouped: dict[str, list[Line]] = {}
    for x in lines:
        grouped.setdefault(x.source_id, []).append(x)
    return grouped


def _closed_lines(lines: Sequence[Line], route: str | None) -> list[Line]:
    if route is None:
        return []
    found = match_route(lines, route)
    if len(route_ids(found)) > 1:
        raise AmbiguousRoute(
            f"{route!r} names more than one route: {describe(found)}",
            "give a route id, e.g. " + " or ".join(short_id(r) for r in route_ids(found)),
        )
    return found


def _run(
    known: RouteFacts,
    source_id: str,
    lines: list[Line],
    state: str,
    commodity: str,
    closed: list[Line],
    transit: str | None,
    roles: Sequence[str],
) -> dict:
    shut = [x.line_id for x in closed]
    flows = reroute(lines, state, shut, [transit] if transit else [], roles)
    cut = {x.line_id for x in lines if x.line_id not in flows.open_lines}
    planned = [
        x
        for x in load_lines(known, state, commodity, "not_operating")
        if x.source_id == source_id and x.line_id not in {y.line_id for y in lines}
    ]
    return estimate(source_id, lines, flows, cut, planned)


def _note(state: str, commodity: str, runs: dict[str, dict], primary: str, transit: str | None) -> str | None:
    if runs[primary]["baseline"] is None:
        return (
            f"no {commodity} export line of {state} has a known volume in {primary}: "
            "the baseline and the loss are unknown"
        )
    if transit and not any(r["closed"] for r in runs.values()):
        return f"no {commodity} export line of {state} crosses or ends in {transit}: nothing is closed"
    return None


def _primary(runs: dict[str, dict], by_source: dict[str, list[Line]], source: str | None) -> str:
    if source in runs:
        return source
    known = {s: sum(x.flow is not None for x in group) for s, group in by_source.items()}
    return min(runs, key=lambda s: (-known[s], s != KNOWLEDGE_BASE, s))


def _with_flows(lines: list[Line], flows: Mapping[str, float]) -> list[Line]:
    """Lines with caller-given baseline flows (keys: line or route ids); the figure is the capacity."""
    if not flows:
        return lines
    named = {key: [x for x in lines if key.lower() in {i.lower() for i in _ids(x)}] for key in flows}
    unclear = [
        key for key, found in named.items() if len({x.line_id for x in found}) != len({x.source_id for x in found})
    ]
    missing = [key for key, found in named.items() if not found]
    if missing or unclear:
        raise BadOption(
            f"flows must each name one line: {', '.join(missing + unclear)}",
            f"line ids: {', '.join(sorted({short_id(x.line_id) for x in lines}))}",
        )
    out = []
    for x in lines:
        given = [float(flows[k]) for k, found in named.items() if x in found]
        if given and x.capacity is not None and given[0] > x.capacity:
            raise BadOption(
                f"the flow given for {short_id(x.line_id)} ({given[0]:g}) exceeds its capacity "
                f"({x.capacity:g} {x.unit})",
                "give a flow at most its capacity",
            )
        out.append(replace(x, flow=given[0]) if given else x)
    return out


def _ids(line: Line) -> set[str]:
    return {line.line_id, short_id(line.line_id), line.route_id, short_id(line.route_id)}


# no route -------------------------------------------------------------------------------


def _no_route(known: RouteFacts, state: str, commodity: str, scenario: dict) -> dict:
    """A state without an export line of the commodity: nothing to lose in the data."""
    crossing = _crossing(known, state, commodity)
    note = f"{state} has no export line of {commodity} in operation in the store: nothing to simulate"
    if crossing:
        note += f"; it lies on {len(crossing)} line(s) of other states (see crossing)"
    return {
        "state": state,
        "commodity": commodity,
        "scenario": scenario,
        "outcome": "no_route",
        "source_id": None,
        "unit": None,
        "baseline": None,
        "after": None,
        "lost": None,
        "lost_share": None,
        "kept": None,
        "spare_used": None,
        "split_unique": True,
        "closed": [],
        "routes": [],
        "markets": [],
        "unknown_capacities": [],
        "not_in_operation": [_planned(x) for x in load_lines(known, state, commodity, "not_operating")],
        "other_estimates": [],
        "crossing": crossing,
        "note": note,
        "assumptions": [_origin_text(state)],
        "sources": {},
    }


def _crossing(known: RouteFacts, state: str, commodity: str) -> list[dict]:
    """Lines in operation of other states that cross the state or end in it."""
    lines, roles = known.lines["operating"], known.roles["operating"]
    lines = lines[(lines.commodity == commodity) & (lines.state != state)]
    found = lines.merge(roles[roles.entity == state], on=["source_id", "line_id"])
    return [
        {
            "state": r.state,
            "source_id": r.source_id,
            "route": short_id(cast(str, r.route_id)),  # pandas-stubs type a row's field as any scalar
            "name": r.route_name,
            "role": r.role,
        }
        for r in found.sort_values(["source_id", "state", "line_id"]).itertuples()
    ]


def _planned(x: Line) -> dict:
    return {
        "route": short_id(x.route_id),
        "line": short_id(x.line_id),
        "name": x.name,
        "status": x.status,
        "figure": x.capacity,
        "unit": x.unit,
    }


def _no_line_hint(known: RouteFacts, state: str) -> str:
    found = known.commodities(state)
    if not found:
        return f"{state} has no export line in operation for any commodity (data/facts/README.md)"
    return f"{state} has lines of: " + ", ".join(c.replace(" ", "_") for c in found)


# assumptions ----------------------------------------------------------------------------


def _origin_text(state: str) -> str:
    return (
        f"Exports of {state} are the lines in operation that start in {state} (the fact's subject); "
        f"a line that only crosses {state} counts for the state it starts in."
    )


def assumptions(
    state: str,
    commodity: str,
    runs: dict[str, dict],
    primary: str,
    scenario: dict,
    flows: Mapping[str, float],
    lines: Sequence[Line],
) -> list[str]:
    """The assumptions a result rests on, in words, with the values used."""
    unit = runs[primary]["unit"]
    out = [
        _origin_text(state),
        f"Each line carries its figure in {unit}: the largest figure among its claims in operation, as in "
        f"`multivector routes`. The facts give one figure per line (a capacity or a reported throughput), "
        f"never both.",
        "That figure is also read as the line's capacity, so a line has no spare capacity unless a flow "
        "below its figure is given; where a capacity is unknown no spare capacity is assumed.",
        f"{state} exports no more after the outage than before: re-routing moves the stranded volume, "
        "it does not raise production.",
        "Markets take any volume (the data give no demand); a line whose route ends in a transit state "
        "(a terminal there, as the CPC at Novorossiysk) sells to the world market.",
    ]
    if commodity == "crude oil":
        out.append(
            f"Crude oil in barrels a day is converted at {TONNES_PER_YEAR_PER_BARREL_PER_DAY} tonnes "
            "a year per barrel a day (Energy Institute, Statistical Review of World Energy 2024)."
        )
    for key, value in sorted(flows.items()):
        out.append(f"Baseline flow of {key} given by the caller: {value:g} {unit}; its figure is its capacity.")
    if scenario["transit"]:
        cut = " or ".join(
            {"transit": "crosses it (a terminal there included)", "destination": "ends in it"}[r]
            for r in scenario["roles"]
        )
        out.append(f"Closing {scenario['transit']} closes its territory: every line that {cut} delivers nothing.")
    if any(r["unknown_capacities"] for r in runs.values()):
        out.append(
            "Lines without a figure (unknown_capacities) are not counted in the baseline, lost volume "
            "or lost share, and no spare capacity is assumed on them."
        )
    if not all(r["split_unique"] for r in runs.values()):
        out.append(
            "The spare capacity of several lines exceeds the stranded volume: the split of the "
            "re-routed volume among them is one of several equally feasible; the totals are exact."
        )
    out.append(_source_text(state, commodity, runs, primary, scenario, lines))
    return out


def _source_text(
    state: str, commodity: str, runs: dict[str, dict], primary: str, scenario: dict, lines: Sequence[Line]
) -> str:
    others = [s for s in sorted(runs) if s != primary]
    text = f"Estimate of {primary}" + (
        f"; {', '.join(others)} in other_estimates (sources are not "
        "reconciled; the top level is the source with most lines of "
        "known volume, ties to the knowledge base)"
        if others
        else ""
    )
    skipped = sorted({x.source_id for x in lines} - set(runs))
    if skipped:
        text += f"; {', '.join(skipped)}: no line matching {scenario['route']!r}, not run"
    return text + "."
