"""Similarity pole vectors, domain vectors and their summary, on hand-computed cases."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.indicators.domains import (
    complete_vectors,
    distinct_leaders,
    domain_gaps,
    domain_summary,
    domain_vectors,
    similarity_pole_vector,
)

POLES = ibis.memtable({"entity": ["RUS", "CHN", "USA", "FRA"], "pole": ["RUS", "CHN", "WEST", "WEST"]})
KEYS = ["r"]


def vectors(rows):
    return ibis.memtable(rows, columns=["r", "domain", "pole", "share"])


def test_similarity_takes_the_mean_per_pole_so_big_poles_are_not_rewarded(run):
    # RUS 0.8; WEST mean(0.2, 0.4) = 0.3; OTHER (IND) 0.5 → total 1.6
    t = ibis.memtable({"r": ["KAZ"] * 4, "partner": ["RUS", "USA", "FRA", "IND"], "value": [0.8, 0.2, 0.4, 0.5]})
    got = run(similarity_pole_vector(t, POLES, KEYS))
    shares = dict(zip(got.pole, got.share))
    assert shares == pytest.approx({"RUS": 0.5, "WEST": 0.3 / 1.6, "OTHER": 0.5 / 1.6})
    assert dict(zip(got.pole, got.members)) == {"RUS": 1, "WEST": 2, "OTHER": 1}


def test_a_domain_is_the_weighted_mean_of_the_channels_that_have_data(run):
    # x: RUS 1 (weight 3); y: CHN 1 (weight 1); z has weight 0 and is left out
    channel_poles = ibis.memtable(
        {"r": ["A"] * 3, "channel": ["x", "y", "z"], "pole": ["RUS", "CHN", "WEST"], "share": [1.0, 1.0, 1.0]}
    )
    weights = ibis.memtable(
        {"channel": ["x", "y", "z"], "domain": ["d"] * 3, "weight": [3.0, 1.0, 0.0], "principal": [True] * 3}
    )
    got = run(domain_vectors(channel_poles, weights, KEYS))
    assert dict(zip(got.pole, got.share)) == pytest.approx({"RUS": 0.75, "CHN": 0.25})
    assert set(got.channels) == {2}


def test_a_missing_channel_is_not_a_zero(run):
    # only x has data: the domain is x's vector, not x's vector halved
    channel_poles = ibis.memtable({"r": ["A"], "channel": ["x"], "pole": ["RUS"], "share": [1.0]})
    weights = ibis.memtable(
        {"channel": ["x", "y"], "domain": ["d", "d"], "weight": [1.0, 1.0], "principal": [True, True]}
    )
    assert run(domain_vectors(channel_poles, weights, KEYS))["share"].tolist() == [1.0]


MINOR_WEIGHTS = ibis.memtable(
    {
        "channel": ["imports", "fdi", "remittances"],
        "domain": ["economic"] * 3,
        "weight": [1.0, 1.0, 1.0],
        "principal": [True, False, False],
    }
)


def test_a_domain_with_minor_channels_only_has_no_value_and_says_why(run):
    # 2021: FDI and remittances only (no trade series) → no economic value, a reason instead
    channel_poles = ibis.memtable(
        {"r": ["A", "A"], "channel": ["fdi", "remittances"], "pole": ["RUS", "CHN"], "share": [1.0, 1.0]}
    )
    assert run(domain_vectors(channel_poles, MINOR_WEIGHTS, KEYS)).empty
    gaps = run(domain_gaps(channel_poles, MINOR_WEIGHTS, KEYS))
    assert gaps.reason.tolist() == ["economic: only fdi, remittances have data; a value needs imports"]


def test_a_minor_channel_adds_to_a_principal_one(run):
    channel_poles = ibis.memtable(
        {"r": ["A", "A"], "channel": ["imports", "fdi"], "pole": ["RUS", "CHN"], "share": [1.0, 1.0]}
    )
    got = run(domain_vectors(channel_poles, MINOR_WEIGHTS, KEYS))
    assert dict(zip(got.pole, got.share)) == pytest.approx({"RUS": 0.5, "CHN": 0.5})
    assert run(domain_gaps(channel_poles, MINOR_WEIGHTS, KEYS)).empty


def test_a_partial_list_is_not_rescaled_and_hides_an_unlisted_hegemon(run):
    # the Factbook's top partners: RUS listed at 20%, 50% unlisted → dependence 0.2, not 0.4
    listed = vectors([("A", "d", "RUS", 0.2), ("A", "d", "CHN", 0.3), ("A", "d", "UNLISTED", 0.5)])
    assert run(domain_summary(listed, KEYS)).iloc[0].dependence == pytest.approx(0.2)
    # RUS not listed: its share is somewhere in the rest, unknown, not 0
    hidden = vectors([("A", "d", "CHN", 0.3), ("A", "d", "UNLISTED", 0.7)])
    assert pd.isna(run(domain_summary(hidden, KEYS)).iloc[0].dependence)
    # whole-vector indicators have no value on a partial list
    assert run(complete_vectors(listed, KEYS)).empty


@pytest.mark.parametrize(
    ("shares", "leader", "captured", "co_aligned", "count"),
    [
        ({"RUS": 0.6, "CHN": 0.3, "WEST": 0.1}, "RUS", True, False, 2),
        ({"RUS": 0.4, "CHN": 0.35, "WEST": 0.25}, "RUS", False, True, 3),
        ({"RUS": 0.9, "CHN": 0.1}, "RUS", True, False, 1),
        ({"CHN": 0.5, "RUS": 0.5}, "CHN", True, False, 2),  # a tie: alphabetical; 0.5 captures
        ({"CHN": 0.45, "OTHER": 0.45, "RUS": 0.1}, "CHN", False, True, 2),
    ],
)
def test_leader_capture_and_co_alignment(run, shares, leader, captured, co_aligned, count):
    t = vectors([("A", "d", p, s) for p, s in shares.items()])
    got = run(domain_summary(t, KEYS)).iloc[0]
    assert (got.leader, bool(got.captured), bool(got.co_aligned), int(got.co_aligned_count)) == (
        leader,
        captured,
        co_aligned,
        count,
    )
    assert got.dependence == pytest.approx(shares.get("RUS", 0.0))


def test_thresholds_are_parameters(run):
    t = vectors([("A", "d", "RUS", 0.45), ("A", "d", "CHN", 0.35), ("A", "d", "WEST", 0.2)])
    got = run(domain_summary(t, KEYS, theta_capture=0.4, theta_co=0.3)).iloc[0]
    assert bool(got.captured) and not bool(got.co_aligned) and got.co_aligned_count == 2


def test_distinct_leaders_counts_poles_not_domains(run):
    t = vectors([("A", "security", "RUS", 1.0), ("A", "economic", "CHN", 1.0), ("A", "diplomatic", "RUS", 1.0)])
    got = run(distinct_leaders(domain_summary(t, KEYS), KEYS)).iloc[0]
    assert (got.distinct_leaders, got.domains) == (2, 3)


POLE_NAMES = ["RUS", "CHN", "WEST", "TUR", "OTHER"]
DUCKDB = ibis.duckdb.connect()


@st.composite
def channel_vectors(draw):
    """2-4 channels, each a pole vector summing to 1, with positive weights."""
    channels = draw(st.integers(2, 4))
    rows, weights = [], {}
    for c in range(channels):
        raw = draw(st.lists(st.floats(0.01, 10), min_size=len(POLE_NAMES), max_size=len(POLE_NAMES)))
        total = sum(raw)
        rows += [("A", f"c{c}", pole, value / total) for pole, value in zip(POLE_NAMES, raw)]
        weights[f"c{c}"] = draw(st.floats(0.1, 5))
    return rows, weights


@settings(max_examples=40, deadline=None)
@given(channel_vectors(), st.randoms())
def test_domain_vectors_sum_to_one_and_ignore_the_order_of_channels(data, random):
    rows, weights = data
    weight_table = ibis.memtable(
        {
            "channel": list(weights),
            "domain": ["d"] * len(weights),
            "weight": list(weights.values()),
            "principal": [True] * len(weights),
        }
    )
    shuffled = rows[:]
    random.shuffle(shuffled)
    results = []
    for order in (rows, shuffled):
        t = ibis.memtable(order, columns=["r", "channel", "pole", "share"])
        got = DUCKDB.execute(domain_vectors(t, weight_table, KEYS))
        assert got["share"].between(0, 1).all()
        assert got["share"].sum() == pytest.approx(1.0)
        results.append(dict(zip(got.pole, got.share)))
    assert results[0] == pytest.approx(results[1])
    # the domain vector is the weighted mean, pole by pole
    total = sum(weights.values())
    for pole in POLE_NAMES:
        expected = sum(weights[c] * s for _, c, p, s in rows if p == pole) / total
        assert results[0][pole] == pytest.approx(expected)
