"""Partner shares and concentration on hand-computed cases (both engines) and properties (DuckDB)."""

from __future__ import annotations

import math

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.indicators import INDICATORS
from multivector.indicators.concentration import concentration, partner_shares

# The property tests run on DuckDB only: PySpark takes about a second per example.
CON = ibis.duckdb.connect()


def flows(rows):
    return ibis.memtable(rows, columns=["reporter", "partner", "value"])


def test_shares_sum_partner_rows_first_and_divide_by_the_group_total(run):
    t = flows([("KAZ", "RUS", 2.0), ("KAZ", "RUS", 4.0), ("KAZ", "CHN", 2.0), ("UZB", "CHN", 5.0)])
    got = run(partner_shares(t, ["reporter"]).order_by(["reporter", "partner"]))
    assert got[["reporter", "partner", "share"]].values.tolist() == [
        ["KAZ", "CHN", 0.25],
        ["KAZ", "RUS", 0.75],
        ["UZB", "CHN", 1.0],
    ]


def test_hand_computed_concentration(run):
    # shares 0.5, 0.3, 0.2: HHI 0.38; normalised (√0.38 − √(1/3)) / (1 − √(1/3))
    t = flows([("KAZ", "RUS", 5.0), ("KAZ", "CHN", 3.0), ("KAZ", "USA", 2.0)])
    got = run(concentration(partner_shares(t, ["reporter"]), ["reporter"])).iloc[0]
    assert got["hhi"] == pytest.approx(0.38)
    floor = math.sqrt(1 / 3)
    assert got["hhi_normalized"] == pytest.approx((math.sqrt(0.38) - floor) / (1 - floor))
    assert got["effective_partners"] == pytest.approx(1 / 0.38)
    assert (got["top_partner"], got["top_share"], got["partners"]) == ("RUS", pytest.approx(0.5), 3)


def test_one_partner_is_full_concentration_and_equal_shares_none(run):
    single = run(concentration(partner_shares(flows([("A", "B", 7.0)]), ["reporter"]), ["reporter"])).iloc[0]
    assert (single["hhi"], single["hhi_normalized"], single["effective_partners"]) == (1.0, 1.0, 1.0)
    equal = flows([("A", p, 1.0) for p in "BCDE"])
    got = run(concentration(partner_shares(equal, ["reporter"]), ["reporter"])).iloc[0]
    assert got["hhi"] == pytest.approx(0.25) and got["hhi_normalized"] == pytest.approx(0.0)
    assert got["effective_partners"] == pytest.approx(4.0)


values = st.lists(st.floats(min_value=0.001, max_value=1e6, allow_nan=False), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(values=values, seed=st.randoms())
def test_properties_bounds_sum_and_permutation_invariance(values, seed):
    rows = [("S", f"P{i}", v) for i, v in enumerate(values)]
    shares = CON.execute(partner_shares(flows(rows), ["reporter"]))
    assert shares["share"].sum() == pytest.approx(1.0)
    assert ((shares["share"] >= 0) & (shares["share"] <= 1)).all()
    first = CON.execute(concentration(partner_shares(flows(rows), ["reporter"]), ["reporter"])).iloc[0]
    seed.shuffle(rows)
    again = CON.execute(concentration(partner_shares(flows(rows), ["reporter"]), ["reporter"])).iloc[0]
    assert first["hhi"] == pytest.approx(again["hhi"])
    n = len(values)
    assert first["hhi"] >= 1 / n - 1e-9 and first["hhi"] <= 1 + 1e-9
    assert -1e-9 <= first["hhi_normalized"] <= 1 + 1e-9


def test_the_registry_lists_formulas():
    assert {"partner_shares", "concentration"} <= INDICATORS.keys()
    assert "Σ w(j)²" in INDICATORS["concentration"].formula
