"""Max-flow over a route network, hand-checked on small networks built here."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.scenarios.route_flow import reroute
from multivector.scenarios.route_network import SINK, SUPPLY, Line, close, network

EXACT = 1e-9


def three_routes(**changes) -> list[Line]:
    """Capacities 10 / 5 / 3, flows 6 / 4 / 0; r1 crosses RUS to the world, r2 and r3 end in CHN (r3 via KGZ)."""
    lines = {
        "r1": Line("r1", "r1", "Route one", flow=6.0, capacity=10.0, transit=("RUS",)),
        "r2": Line("r2", "r2", "Route two", flow=4.0, capacity=5.0, destinations=("CHN",)),
        "r3": Line("r3", "r3", "Route three", flow=0.0, capacity=3.0, transit=("KGZ",), destinations=("CHN",)),
    }
    for line_id, fields in changes.items():
        lines[line_id] = Line(**{**lines[line_id].__dict__, **fields})
    return list(lines.values())


def test_closing_the_largest_route_fills_the_spare_capacity_of_the_others():
    # B = 6 + 4 + 0 = 10; open r2, r3 keep 4 + 0; stranded 6 over spare 1 + 3 = 4 -> after 8, lost 2
    got = reroute(three_routes(), "KAZ", closed_lines=["r1"])
    assert (got.baseline, got.kept, got.rerouted, got.after) == (10.0, 4.0, 4.0, 8.0)
    assert got.lost == pytest.approx(2.0, abs=EXACT)
    assert got.lost_share == pytest.approx(0.2, abs=EXACT)
    assert got.absorbs == {"r1": 0.0, "r2": 1.0, "r3": 3.0}
    assert got.carried == {"r1": 0.0, "r2": 5.0, "r3": 3.0}
    assert got.split_unique
    assert got.markets_before == {"world": 6.0, "CHN": 4.0}
    assert got.markets_after == {"CHN": 8.0, "world": 0.0}


def test_closing_a_route_that_carries_nothing_loses_nothing():
    got = reroute(three_routes(), "KAZ", closed_lines=["r3"])
    assert (got.baseline, got.after, got.lost, got.rerouted) == (10.0, 10.0, 0.0, 0.0)


def test_enough_spare_capacity_saves_everything_but_the_split_is_not_unique():
    # close r2 (4): spare r1 4 + r3 3 = 7 >= 4 -> after 10; any split of 4 over {r1 ≤ 4, r3 ≤ 3} is optimal
    got = reroute(three_routes(), "KAZ", closed_lines=["r2"])
    assert (got.after, got.lost, got.rerouted) == (10.0, 0.0, 4.0)
    assert not got.split_unique
    assert got.absorbs["r1"] + got.absorbs["r3"] == pytest.approx(4.0, abs=EXACT)
    assert 0 <= got.absorbs["r1"] <= 4.0 and 0 <= got.absorbs["r3"] <= 3.0


def test_closing_a_transit_state_cuts_every_line_through_it():
    # RUS closed: r1 cut; stranded 6 over spare r2 1 + r3 3 -> after 8
    assert reroute(three_routes(), "KAZ", closed_states=["RUS"]).after == 8.0
    # KGZ closed: r3 (0 flow, 3 spare) cut; nothing stranded
    assert reroute(three_routes(), "KAZ", closed_states=["KGZ"]).after == 10.0
    # RUS and KGZ closed: r2 alone, 4 + 1 spare -> after 5, lost 5
    both = reroute(three_routes(), "KAZ", closed_states=["RUS", "KGZ"])
    assert (both.after, both.lost, both.lost_share) == (5.0, 5.0, 0.5)
    assert both.open_lines == ("r2",)


def test_closing_a_destination_counts_only_for_the_destination_role():
    # CHN closed: r2 (4) and r3 (0) cut; stranded 4 over r1's spare 4 -> after 10, all to the world market
    everything = reroute(three_routes(), "KAZ", closed_states=["CHN"])
    assert (everything.after, everything.lost, everything.open_lines) == (10.0, 0.0, ("r1",))
    assert everything.absorbs["r1"] == 4.0 and everything.split_unique
    assert everything.markets_after == {"CHN": 0.0, "world": 10.0}
    crossing_only = reroute(three_routes(), "KAZ", closed_states=["CHN"], roles=("transit",))
    assert crossing_only.open_lines == ("r1", "r2", "r3")
    assert crossing_only.markets_after == {"CHN": 4.0, "world": 6.0}


def test_unknown_capacity_gives_no_spare_capacity():
    # r2's capacity unknown: its 4 stay, but it takes nothing more; stranded 6 over r3's 3 -> after 7
    got = reroute(three_routes(r2={"capacity": None}), "KAZ", closed_lines=["r1"])
    assert (got.after, got.lost) == (7.0, 3.0)
    assert got.absorbs == {"r1": 0.0, "r2": 0.0, "r3": 3.0}


def test_a_line_of_unknown_volume_is_not_counted():
    got = reroute(three_routes(r3={"flow": None, "capacity": None}), "KAZ", closed_lines=["r1"])
    assert (got.baseline, got.after) == (10.0, 5.0)  # r3 neither counted nor given spare capacity


def test_the_graph_has_the_lines_transit_stretches_and_markets():
    graph = network(three_routes(), "KAZ", {"r1": 10, "r2": 5, "r3": 3}, supply=10)
    assert nx.shortest_path(graph, SUPPLY, SINK) in (["supply", "origin:KAZ", "line:r2", "market:CHN", "markets"],)
    assert graph.nodes["r1@RUS"] == {"kind": "transit", "entity": "RUS"}
    assert graph.edges["origin:KAZ", "line:r1"]["capacity"] == 10.0
    assert not nx.has_path(close(graph, states=["RUS"]), "line:r1", SINK)


lines_strategy = st.lists(
    st.tuples(
        st.floats(0, 50), st.floats(0, 50), st.sampled_from([(), ("RUS",), ("UZB",), ("RUS", "UZB")]), st.booleans()
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(lines_strategy, st.sets(st.integers(0, 5)), st.sampled_from([None, "RUS", "UZB"]))
def test_two_stages_equal_one_max_flow_with_capacities(specs, closed, state):
    lines = [
        Line(f"l{i}", f"l{i}", f"L{i}", flow=min(a, b), capacity=max(a, b) if known else None, transit=t)
        for i, (a, b, t, known) in enumerate(specs)
    ]
    shut = [f"l{i}" for i in closed if i < len(lines)]
    got = reroute(lines, "KAZ", shut, [state] if state else [])
    caps = {x.line_id: x.capacity if x.capacity is not None else x.flow for x in lines}
    graph = close(network(lines, "KAZ", caps, got.baseline), shut, [state] if state else [])
    assert got.after == pytest.approx(nx.maximum_flow_value(graph, SUPPLY, SINK), abs=1e-6)
    open_caps = sum(caps[k] for k in got.open_lines)
    assert got.after == pytest.approx(min(got.baseline, open_caps), abs=1e-6)
    for x in lines:
        assert got.absorbs[x.line_id] <= x.spare + 1e-6
        if x.line_id in got.open_lines:
            assert got.carried[x.line_id] >= x.flow - 1e-6  # open lines keep their flow
