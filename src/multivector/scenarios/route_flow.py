"""Max-flow over the route network before and after an outage (networkx, preflow-push).

With ``f_k`` the baseline flow of line ``k`` (unknown: not counted), ``c_k`` its capacity
(unknown: ``c_k = f_k``, no spare assumed) and ``O`` the lines still open after the outage
(their path to a market intact):

* baseline ``B = maxflow(caps f_k, supply ∞) = Σ_k f_k``;
* kept ``K = maxflow(closed graph, caps f_k, supply B) = Σ_{k∈O} f_k`` — open lines keep
  their flows;
* re-routed ``R = maxflow(closed graph, caps c_k − f_k, supply B − K)
  = min(B − K, Σ_{k∈O} (c_k − f_k))`` — the stranded volume over spare capacity;
* after ``A = K + R``; lost ``B − A``; lost share ``(B − A) / B``.

``A`` equals one max-flow with caps ``c_k`` and supply ``B`` (the two stages only fix which
line carries what: open lines first keep their own flow). The totals are exact; the split of
``R`` is one optimum, and several exist when the spare capacity of two or more open lines
exceeds ``R`` (``split_unique`` is then False).

>>> from multivector.scenarios.route_network import Line
>>> lines = [Line("a", "a", "A", 6, 10, transit=("UZB",)), Line("b", "b", "B", 4, 5),
...          Line("c", "c", "C", 0, 3)]
>>> got = reroute(lines, "KAZ", closed_lines=["a"])
>>> got.baseline, got.kept, got.rerouted, got.after, got.absorbs
(10.0, 4.0, 4.0, 8.0, {'a': 0.0, 'b': 1.0, 'c': 3.0})
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from multivector.scenarios.route_network import SINK, SUPPLY, Line, close, network

TOLERANCE = 1e-9
DIGITS = 9


@dataclass(frozen=True)
class Flows:
    """Totals (in the lines' unit) and each line's and market's flow, before and after."""

    baseline: float
    kept: float
    rerouted: float
    after: float
    before: dict[str, float]
    carried: dict[str, float]
    absorbs: dict[str, float]
    spare_open: dict[str, float]
    open_lines: tuple[str, ...]
    markets_before: dict[str, float]
    markets_after: dict[str, float]
    split_unique: bool

    @property
    def lost(self) -> float:
        return _round(self.baseline - self.after)

    @property
    def lost_share(self) -> float | None:
        return None if self.baseline <= TOLERANCE else _round(self.lost / self.baseline)


def reroute(
    lines: Sequence[Line],
    state: str,
    closed_lines: Iterable[str] = (),
    closed_states: Iterable[str] = (),
    roles: Sequence[str] = ("transit", "destination"),
) -> Flows:
    """Baseline, kept, re-routed and after volumes of the lines when some are closed."""
    closed_lines, closed_states = list(closed_lines), list(closed_states)
    flows = {x.line_id: x.flow for x in lines if x.flow is not None}
    spare = {x.line_id: x.spare for x in lines}
    baseline, before = _max_flow(network(lines, state, flows, sum(flows.values())))

    def shut(caps, supply):
        return close(network(lines, state, caps, supply), closed_lines, closed_states, roles)

    kept_graph = shut(flows, baseline)
    kept, kept_flow = _max_flow(kept_graph)
    rerouted, spare_flow = _max_flow(shut(spare, max(baseline - kept, 0.0)))
    open_lines = tuple(x.line_id for x in lines if _reaches_market(kept_graph, x.line_id))
    spare_open = {k: spare[k] for k in open_lines if spare[k] > TOLERANCE}
    absorbs = {x.line_id: _round(_line_flow(spare_flow, x.line_id)) for x in lines}
    carried = {x.line_id: _round(_line_flow(kept_flow, x.line_id) + absorbs[x.line_id]) for x in lines}
    unique = len(spare_open) <= 1 or rerouted <= TOLERANCE or abs(rerouted - sum(spare_open.values())) <= TOLERANCE
    return Flows(
        baseline=_round(baseline),
        kept=_round(kept),
        rerouted=_round(rerouted),
        after=_round(kept + rerouted),
        before={x.line_id: _round(_line_flow(before, x.line_id)) for x in lines},
        carried=carried,
        absorbs=absorbs,
        spare_open=spare_open,
        open_lines=open_lines,
        markets_before=_markets(before),
        markets_after=_add({m: 0.0 for m in _markets(before)}, _add(_markets(kept_flow), _markets(spare_flow))),
        split_unique=unique,
    )


def _max_flow(graph: nx.DiGraph) -> tuple[float, dict]:
    value, flow = nx.maximum_flow(graph, SUPPLY, SINK)
    return float(value), flow


def _line_flow(flow: dict, line_id: str) -> float:
    return sum(flow.get(node, {}).get(f"line:{line_id}", 0.0) for node in flow)


def _markets(flow: dict) -> dict[str, float]:
    return {
        node.split(":", 1)[1]: _round(out.get(SINK, 0.0)) for node, out in flow.items() if node.startswith("market:")
    }


def _add(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    return {k: _round(a.get(k, 0.0) + b.get(k, 0.0)) for k in sorted(set(a) | set(b))}


def _reaches_market(graph: nx.DiGraph, line_id: str) -> bool:
    node = f"line:{line_id}"
    return node in graph and nx.has_path(graph, node, SINK)


def _round(value: float) -> float:
    return round(float(value), DIGITS) + 0.0
