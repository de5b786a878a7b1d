"""Pole shares, balance and domain differentiation: hand-computed cases on both engines,
properties on DuckDB."""

from __future__ import annotations

import math

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.indicators.poles import balance, differentiation, pole_shares

# The property tests run on DuckDB only: PySpark takes about a second per example.
CON = ibis.duckdb.connect()
POLES = ibis.memtable({"entity": ["RUS", "CHN", "USA", "DEU"], "pole": ["RUS", "CHN", "WEST", "WEST"]})


def shares(rows):
    return ibis.memtable(rows, columns=["reporter", "partner", "share"])


def test_partners_are_summed_by_pole_and_unlisted_ones_are_other(run):
    t = shares([("KAZ", "RUS", 0.4), ("KAZ", "USA", 0.1), ("KAZ", "DEU", 0.2), ("KAZ", "IND", 0.3)])
    got = dict(run(pole_shares(t, POLES, ["reporter"]))[["pole", "share"]].values.tolist())
    assert got == pytest.approx({"RUS": 0.4, "WEST": 0.3, "OTHER": 0.3})


def test_balance_hand_computed(run):
    t = ibis.memtable({"r": ["A"] * 3, "pole": ["RUS", "CHN", "WEST"], "share": [0.5, 0.25, 0.25]})
    expected = -(0.5 * math.log(0.5) + 2 * 0.25 * math.log(0.25)) / math.log(5)
    assert run(balance(t, ["r"]))["balance"][0] == pytest.approx(expected)
    one = ibis.memtable({"r": ["A"], "pole": ["RUS"], "share": [1.0]})
    assert run(balance(one, ["r"]))["balance"][0] == pytest.approx(0.0)


def test_jensen_shannon_hand_computed_for_partly_overlapping_domains(run):
    # security (RUS .8, CHN .2) vs economy (RUS .2, CHN .8): m = (.5, .5)
    t = ibis.memtable(
        {
            "r": ["A"] * 4,
            "domain": ["security", "security", "economic", "economic"],
            "pole": ["RUS", "CHN", "RUS", "CHN"],
            "share": [0.8, 0.2, 0.2, 0.8],
        }
    )
    kl = 0.8 * math.log2(0.8 / 0.5) + 0.2 * math.log2(0.2 / 0.5)
    got = run(differentiation(t, ["r"])).iloc[0]
    assert got["differentiation"] == pytest.approx(kl) and got["pairs"] == 1


def test_identical_domains_do_not_differ_and_three_domains_give_three_pairs(run):
    rows = [(d, p, s) for d in ("security", "economic", "diplomatic") for p, s in (("RUS", 0.6), ("CHN", 0.4))]
    t = ibis.memtable([("A", *r) for r in rows], columns=["r", "domain", "pole", "share"])
    got = run(differentiation(t, ["r"])).iloc[0]
    assert got["differentiation"] == pytest.approx(0.0, abs=1e-12) and got["pairs"] == 3


vectors = st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=2, max_size=5)


@settings(max_examples=30, deadline=None)
@given(a=vectors, b=vectors)
def test_jsd_is_symmetric_and_between_zero_and_one(a, b):
    def rows(domain, weights):
        total = sum(weights)
        return [("A", domain, f"P{i}", w / total) for i, w in enumerate(weights)]

    forward = ibis.memtable(rows("economic", a) + rows("security", b), columns=["r", "domain", "pole", "share"])
    backward = ibis.memtable(rows("economic", b) + rows("security", a), columns=["r", "domain", "pole", "share"])
    d1 = CON.execute(differentiation(forward, ["r"]))["differentiation"][0]
    d2 = CON.execute(differentiation(backward, ["r"]))["differentiation"][0]
    assert d1 == pytest.approx(d2, abs=1e-9) and -1e-9 <= d1 <= 1 + 1e-9


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.floats(min_value=0.01, max_value=10), min_size=4, max_size=4))
def test_remapping_poles_moves_shares_consistently(values):
    total = sum(values)
    t = shares([("KAZ", p, v / total) for p, v in zip(["RUS", "CHN", "USA", "DEU"], values, strict=True)])
    merged = ibis.memtable({"entity": ["RUS", "CHN", "USA", "DEU"], "pole": ["RUS", "EAST", "WEST", "WEST"]})
    before = dict(CON.execute(pole_shares(t, POLES, ["reporter"]))[["pole", "share"]].values.tolist())
    after = dict(CON.execute(pole_shares(t, merged, ["reporter"]))[["pole", "share"]].values.tolist())
    assert after["EAST"] == pytest.approx(before["CHN"]) and after["WEST"] == pytest.approx(before["WEST"])
    assert sum(after.values()) == pytest.approx(1.0)
