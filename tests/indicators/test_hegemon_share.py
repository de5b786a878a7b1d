"""The hegemon's share of a state's trade from hegemon and World flows, on every engine."""

from __future__ import annotations

import math

import ibis
import pandas as pd
import pytest

from multivector.indicators import INDICATORS
from multivector.indicators.hegemon_share import FLOWS, hegemon_trade_share

SCHEMA = {"reporter": "string", "year": "int64", **{column: "float64" for column in FLOWS}}


def shares(run, rows):
    table = ibis.memtable(pd.DataFrame(rows, columns=list(SCHEMA)), schema=SCHEMA)
    got = run(hegemon_trade_share(table).order_by("reporter", "year"))
    return {(r.reporter, r.year): (r.share, r.exports_share, r.imports_share) for r in got.itertuples()}


def same(got, expected):
    return all((math.isnan(g) and e is None) or g == pytest.approx(e) for g, e in zip(got, expected, strict=True))


def test_shares_of_trade_exports_and_imports(run):
    got = shares(run, [("KAZ", 2021, 18.0, 7.0, 48.0, 56.0), ("ARM", 2021, 2.0, 1.0, 5.0, 3.0)])
    assert same(got[("KAZ", 2021)], (25 / 104, 7 / 56, 18 / 48))
    assert same(got[("ARM", 2021)], (3 / 8, 1 / 3, 2 / 5))


def test_a_missing_flow_leaves_its_shares_missing_never_one_sided(run):
    got = shares(
        run,
        [
            ("KAZ", 2023, 14.0, None, 66.0, None),  # the 2024 vintage's 2023: no imports
            ("KAZ", 2022, None, 5.0, 58.0, 80.0),
        ],
    )
    assert same(got[("KAZ", 2023)], (None, None, 14 / 66))
    assert same(got[("KAZ", 2022)], (None, 5 / 80, None))


def test_a_zero_world_total_gives_a_missing_share_not_an_error(run):
    got = shares(run, [("TKM", 2015, 0.0, 0.0, 0.0, 0.0), ("TKM", 2016, 0.0, 1.0, 4.0, 0.0)])
    assert same(got[("TKM", 2015)], (None, None, None))
    assert same(got[("TKM", 2016)], (0.25, None, 0.0))


def test_it_is_registered_as_an_economic_share():
    entry = INDICATORS["hegemon_trade_share"]
    assert (entry.function, entry.unit, entry.domain) == (hegemon_trade_share, "share (0-1)", "economic")
    assert "MIRROR" in entry.function.__doc__
