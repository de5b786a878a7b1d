"""The scenarios a country report shows: its route outages and the hedging model's fit.

Outages, per commodity the state exports: its largest route closed, then every line crossing
or ending in the hegemon closed (``scenarios.routes.outage``). The largest route is the one
whose lines carry the largest sum of known figures; when no figure is known the first route
is closed and the result says the volume is unknown. The hedging model is calibrated to the
state's own panel and run with ``DRAWS`` draws from seed ``SEED``
(``scenarios.hedging.run_hedging``), as ``multivector simulate hedging STATE`` does.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from multivector.errors import MultivectorError

if TYPE_CHECKING:  # the engines are imported when a report is computed, not when a cached one is drawn
    from multivector.measure.measurements import Measurements
    from multivector.theory.panel import Panel

DRAWS = 1000
SEED = 0


def outage_scenarios(m: Measurements, state: str, hegemon: str) -> list[dict]:
    """The outage results, largest route first then the hegemon's territory, per commodity."""
    from multivector.scenarios.routes import list_routes, outage

    by_commodity: dict[str, list[dict]] = defaultdict(list)
    for line in list_routes(m, state):
        by_commodity[line["commodity"]].append(line)
    results = []
    for commodity, lines in sorted(by_commodity.items()):
        results.append(outage(m, state, commodity, largest_route(lines)))
        if state != hegemon:
            results.append(outage(m, state, commodity, None, hegemon))
    return results


def largest_route(lines: list[dict]) -> str:
    """The route whose lines carry the largest sum of known figures (ties: the first by id)."""
    totals: dict[str, float] = {}
    for line in lines:
        totals[line["route"]] = totals.get(line["route"], 0.0) + (line["figure"] or 0.0)
    return min(totals, key=lambda route: (-totals[route], route))


def hedging_fit(panel: Panel, draws: int = DRAWS, seed: int = SEED) -> dict:
    """The hedging run's summary, or ``{"error": why}`` when the model cannot be calibrated."""
    from multivector.scenarios.hedging import run_hedging

    try:
        return run_hedging(panel, draws=draws, seed=seed).summary()
    except MultivectorError as problem:
        return {"error": str(problem)}


def cited_ids(outages: list[dict]) -> set[str]:
    """The documents and sources the outage results cite."""
    return {cite for result in outages for cite in result.get("sources", {})}
