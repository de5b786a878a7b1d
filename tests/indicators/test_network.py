"""Degree centralisation of a members' trade network: stars, complete networks, hand-computed cases."""

from __future__ import annotations

import itertools

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.indicators import INDICATORS
from multivector.indicators.network import POST_SOVIET, member_ties, trade_network_centralisation

CON = ibis.duckdb.connect()


def flows(rows, year=2000):
    """``rows``: (reporter, partner, value)."""
    return ibis.memtable([(year, *row) for row in rows], columns=["year", "reporter", "partner", "value"])


def one_year(run, rows, members, hub="RUS"):
    got = run(trade_network_centralisation(flows(rows), members, hub))
    assert len(got) == 1
    return got.iloc[0]


def test_a_perfect_star_is_fully_centralised_whatever_the_spoke_weights(run):
    members = ["RUS", "KAZ", "UZB", "BLR", "ARM"]
    rows = [("RUS", "KAZ", 10.0), ("KAZ", "RUS", 5.0), ("UZB", "RUS", 1.0), ("RUS", "BLR", 7.0), ("ARM", "RUS", 0.5)]
    got = one_year(run, rows, members)
    assert got["centralisation"] == pytest.approx(1.0)
    assert got["binary_centralisation"] == pytest.approx(1.0)
    assert got["hub_share"] == pytest.approx(1.0) and got["top_share"] == pytest.approx(1.0)
    assert got["hub_is_top"] and got["top_node"] == "RUS"
    assert got["hub_centralisation"] == pytest.approx(1.0)
    assert (got["n"], got["ties"], got["hub_degree"], got["total_trade"]) == (5, 4, 4, pytest.approx(23.5))
    assert (got["reporters"], got["directed_pairs"]) == (4, 5)  # BLR reports nothing


def test_a_complete_network_with_equal_ties_is_not_centralised(run):
    members = ["RUS", "KAZ", "UZB", "BLR"]
    rows = [(a, b, 2.0) for a, b in itertools.permutations(members, 2)]
    got = one_year(run, rows, members)
    assert got["centralisation"] == pytest.approx(0.0, abs=1e-12)
    assert got["binary_centralisation"] == pytest.approx(0.0, abs=1e-12)
    # each node touches 3 of the 6 ties: half of the network's trade
    assert got["hub_share"] == pytest.approx(0.5)
    assert got["hub_is_top"]  # a tie for the top counts


def test_hand_computed_centralisation():
    # ties A-B 4+2 = 6, A-C 2, C-D 2: W = 10; strengths A 8, B 6, C 4, D 2 (sum 20 = 2W)
    # Σ(s_max − s_i) = 0 + 2 + 4 + 6 = 12; a star with W = 10: 3·10 − 10 = 20 → C = 0.6
    # = 2·(n·p_max − 1)/(n − 2) with p_max = 8/20: 2·(1.6 − 1)/2 = 0.6
    # degrees A 2, B 1, C 2, D 1: Σ(d_max − d_i) = 2, (n − 1)(n − 2) = 6 → 1/3
    rows = [("A", "B", 4.0), ("B", "A", 2.0), ("A", "C", 2.0), ("D", "C", 2.0)]
    members = ["A", "B", "C", "D"]
    got = CON.execute(trade_network_centralisation(flows(rows), members, hub="A")).iloc[0]
    assert got["centralisation"] == pytest.approx(0.6)
    assert got["binary_centralisation"] == pytest.approx(1 / 3)
    assert got["hub_share"] == pytest.approx(0.8) and got["hub_is_top"]
    around_b = CON.execute(trade_network_centralisation(flows(rows), members, hub="B")).iloc[0]
    assert around_b["centralisation"] == pytest.approx(0.6)
    assert around_b["hub_share"] == pytest.approx(0.6) and not around_b["hub_is_top"]
    assert around_b["hub_centralisation"] == pytest.approx(2 * (4 * 0.3 - 1) / 2)
    assert around_b["top_node"] == "A"


def test_both_directions_are_added_and_outsiders_and_self_flows_ignored(run):
    rows = [("RUS", "KAZ", 3.0), ("KAZ", "RUS", 2.0), ("KAZ", "CHN", 100.0), ("RUS", "RUS", 9.0)]
    ties = run(member_ties(flows(rows), ["RUS", "KAZ", "UZB"]))
    assert ties[["node_a", "node_b", "weight", "directions"]].values.tolist() == [["KAZ", "RUS", 5.0, 2]]


def test_isolated_members_count_as_nodes(run):
    # a single tie among three members: strengths 1, 1, 0 → p_max = ½, a star around either end
    got = one_year(run, [("RUS", "KAZ", 1.0)], ["RUS", "KAZ", "UZB"])
    assert (got["n"], got["nodes_with_trade"]) == (3, 2)
    assert got["centralisation"] == pytest.approx(1.0)
    four = one_year(run, [("RUS", "KAZ", 1.0)], ["RUS", "KAZ", "UZB", "BLR"])
    assert four["centralisation"] == pytest.approx(2 * (4 * 0.5 - 1) / 2)


def test_bad_members_are_refused():
    with pytest.raises(ValueError, match="three"):
        trade_network_centralisation(flows([]), ["RUS", "KAZ"])
    with pytest.raises(ValueError, match="hub"):
        trade_network_centralisation(flows([]), ["KAZ", "UZB", "TKM"])


def test_the_default_members_are_the_fifteen_post_soviet_states():
    assert len(set(POST_SOVIET)) == 15 and "RUS" in POST_SOVIET
    assert INDICATORS["trade_network_centralisation"].domain == "economic"


NODES = ["RUS", "N1", "N2", "N3", "N4", "N5"]
weights = st.dictionaries(
    st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)).filter(lambda p: p[0] != p[1]),
    st.floats(min_value=0.01, max_value=1e6),
    min_size=1,
    max_size=20,
)


@settings(max_examples=40, deadline=None)
@given(values=weights, order=st.permutations(NODES[1:]))
def test_properties_bounds_and_relabelling_invariance(values, order):
    rows = [(a, b, v) for (a, b), v in values.items()]
    got = CON.execute(trade_network_centralisation(flows(rows), NODES)).iloc[0]
    for column in ("centralisation", "binary_centralisation", "hub_share", "top_share"):
        assert -1e-9 <= got[column] <= 1 + 1e-9
    assert got["hub_centralisation"] <= got["centralisation"] + 1e-9
    rename = dict(zip(NODES[1:], order, strict=True)) | {"RUS": "RUS"}
    relabelled = [(rename[a], rename[b], v) for a, b, v in rows]
    again = CON.execute(trade_network_centralisation(flows(relabelled), NODES)).iloc[0]
    for column in ("centralisation", "binary_centralisation", "hub_share", "hub_centralisation", "total_trade"):
        assert again[column] == pytest.approx(got[column])
    assert again["hub_is_top"] == got["hub_is_top"]


@pytest.mark.slow
def test_the_post_soviet_network_has_a_centralisation_every_year(built_store):
    f = built_store.table("flows")
    f = f.filter(f.source_id == "imf_dots", f.channel == "exports", ~f.is_mirror)
    got = trade_network_centralisation(f).execute().set_index("year").sort_index()
    years = list(range(1995, 2021))
    assert set(years) <= set(got.index)
    window = got.loc[years]
    assert window["centralisation"].between(0, 1).all() and window["binary_centralisation"].between(0, 1).all()
    assert (window["n"] == 15).all() and (window["reporters"] == 15).all()
    # Russia is the most central member throughout; its share of intra-network trade falls
    # from the 1990s to 2020 (the seeds' move away from hub-and-spoke)
    assert window["hub_is_top"].all()
    assert window.loc[2020, "hub_share"] < window.loc[1995, "hub_share"]
