"""DuckDB and PySpark give the same results for every basic indicator on one realistic input.

The input has four reporters, two years and a mix of partners: several rows for one pair
(summed), a zero flow (share 0, left out of the concentration), a tie for the top partner
(broken by partner name), a single-partner group (normalised HHI 1, where the formula
would divide by zero), partners outside the pole file (OTHER), an unattributed partner
(UNLISTED), a pole absent from both domains of a group (0/0 in the divergence, guarded)
and a group with one domain only (no differentiation row).
"""

from __future__ import annotations

import math

import ibis
import pandas as pd
import pyarrow as pa
import pytest

from multivector import engines
from multivector.indicators.concentration import concentration, partner_shares
from multivector.indicators.poles import balance, differentiation, pole_shares

REL_TOL = 1e-12
"""Floats may differ in the last bits: the engines sum in different orders, and Java's
``Math.log`` is not the C library's."""
ABS_TOL = 1e-15
"""For results that are zero in exact arithmetic: ``1e-17`` and ``0.0`` have no relative
closeness at all."""

GROUP = ["reporter", "year"]
POLES = {
    "entity": ["RUS", "BLR", "CHN", "USA", "DEU", "FRA", "TUR"],
    "pole": ["RUS", "RUS", "CHN", "WEST", "WEST", "WEST", "TUR"],
}
FLOWS = [  # reporter, year, domain, partner, value
    ("KAZ", 2019, "economic", "RUS", 120.5),
    ("KAZ", 2019, "economic", "RUS", 30.0),
    ("KAZ", 2019, "economic", "CHN", 95.25),
    ("KAZ", 2019, "economic", "DEU", 40.0),
    ("KAZ", 2019, "economic", "IND", 7.75),
    ("KAZ", 2019, "economic", "UNLISTED", 12.0),
    ("KAZ", 2019, "security", "RUS", 800.0),
    ("KAZ", 2019, "security", "CHN", 15.0),
    ("KAZ", 2019, "security", "TUR", 22.0),
    ("KAZ", 2020, "economic", "RUS", 110.0),
    ("KAZ", 2020, "economic", "CHN", 110.0),  # a tie
    ("KAZ", 2020, "economic", "USA", 35.5),
    ("KAZ", 2020, "economic", "KOR", 0.0),  # a zero flow
    ("KAZ", 2020, "security", "RUS", 640.0),
    ("UZB", 2019, "economic", "CHN", 60.0),
    ("UZB", 2019, "economic", "RUS", 58.5),
    ("UZB", 2019, "economic", "TUR", 21.0),
    ("UZB", 2019, "economic", "KOR", 19.0),
    ("UZB", 2019, "security", "RUS", 300.0),
    ("UZB", 2019, "security", "FRA", 45.0),
    ("UZB", 2020, "economic", "CHN", 64.0),
    ("UZB", 2020, "economic", "RUS", 64.0),  # a tie
    ("UZB", 2020, "economic", "BLR", 3.25),
    ("TKM", 2019, "economic", "CHN", 410.0),
    ("TKM", 2019, "economic", "TUR", 37.0),
    ("TKM", 2020, "economic", "CHN", 380.0),  # one partner, one domain
    ("KGZ", 2019, "economic", "RUS", 48.0),
    ("KGZ", 2019, "economic", "CHN", 52.0),
    ("KGZ", 2019, "economic", "KAZ", 17.5),
    ("KGZ", 2019, "security", "RUS", 90.0),
]


def flows():
    return ibis.memtable(pd.DataFrame(FLOWS, columns=["reporter", "year", "domain", "partner", "value"]))


def poles():
    return ibis.memtable(POLES)


def shares():
    return partner_shares(flows().filter(ibis._.domain == "economic"), GROUP)


def pole_table():
    return pole_shares(shares(), poles(), GROUP)


def domain_vectors():
    keys = [*GROUP, "domain"]
    return pole_shares(partner_shares(flows(), keys), poles(), keys)


INDICATOR_CASES = {
    "partner_shares": (shares, [*GROUP, "partner"]),
    "concentration": (lambda: concentration(shares(), GROUP), GROUP),
    "pole_shares": (pole_table, [*GROUP, "pole"]),
    "balance": (lambda: balance(pole_table(), GROUP), GROUP),
    "differentiation": (lambda: differentiation(domain_vectors(), GROUP), GROUP),
}


def assert_same(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> None:
    """Equal up to row order: other columns exactly, floats within ``REL_TOL``."""
    assert list(left.columns) == list(right.columns)
    left, right = (frame.sort_values(keys, ignore_index=True) for frame in (left, right))
    assert len(left) == len(right)
    for column in left.columns:
        assert left[column].dtype == right[column].dtype, column
        if left[column].dtype.kind == "f":
            for a, b in zip(left[column], right[column], strict=True):
                assert (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL), (
                    column,
                    a,
                    b,
                )
        else:
            assert left[column].tolist() == right[column].tolist(), column


@pytest.mark.parametrize("name", INDICATOR_CASES)
def test_both_engines_agree(run_both, name):
    build, keys = INDICATOR_CASES[name]
    expr = build()
    duck, spark = run_both["duckdb"](expr), run_both["pyspark"](expr)
    assert len(duck) > 0
    assert_same(duck, spark, keys)


def test_the_input_has_the_cases_it_claims():
    duckdb = engines.connect("duckdb")
    got = duckdb.execute(concentration(shares(), GROUP)).set_index(GROUP)
    assert got.loc[("TKM", 2020), "hhi_normalized"] == 1.0  # one partner
    assert got.loc[("KAZ", 2020), "top_partner"] == "CHN"  # tie with RUS, broken by name
    assert got.loc[("KAZ", 2020), "partners"] == 3  # the zero flow does not count
    differ = duckdb.execute(differentiation(domain_vectors(), GROUP))
    assert set(zip(differ.reporter, differ.year)) == {("KAZ", 2019), ("KAZ", 2020), ("UZB", 2019), ("KGZ", 2019)}


def test_types_nulls_joins_windows_and_cases_agree(run_both):
    """What later indicators rely on: every column type with nulls, a window, a self-join, a
    cross join, a left join that misses and ``ibis.cases``, the same on both engines."""
    t = ibis.memtable(
        pd.DataFrame(
            {
                "key": ["a", "a", "b", "b", None],
                "n": pd.array([1, None, 3, 4, 5], dtype="Int64"),
                "x": [0.5, None, 2.25, float("nan"), 1.0],
                "flag": pd.array([True, None, False, True, False], dtype="boolean"),
                "label": ["p", None, "q", "r", "s"],
            }
        )
    )
    windowed = t.mutate(
        rank=ibis.row_number().over(group_by="key", order_by=[ibis.desc("x"), "label"]),
        total=t.x.sum().over(group_by="key"),
        count=t.n.count().over(group_by="key"),
        size=ibis.cases((t.x > 1, "big"), (t.x.isnull(), "none"), else_="small"),
        ratio=t.n / t.x.nullif(0.0),
    )
    other = t.view()
    other = other.select(key2=other.key, n2=other.n)
    expr = windowed.join(other, windowed.key == other.key2, how="left").cross_join(ibis.memtable({"side": ["l", "r"]}))
    duck, spark = run_both["duckdb"](expr), run_both["pyspark"](expr)
    assert len(duck) == 2 * (2 * 2 + 2 * 2 + 1)  # the null key matches nothing
    assert_same(duck, spark, list(duck.columns))


def test_load_registers_frames_and_arrow_tables_with_their_nulls(run):
    engine = run.engine
    frame = pd.DataFrame(
        {
            "entity": ["KAZ", None, "UZB"],
            "value": [1.5, float("nan"), 2.0],
            "year": pd.array([1991, 1992, None], dtype="Int64"),
        }
    )
    arrow = pa.table({"entity": ["KAZ", "UZB"], "pole": pa.array([None, "RUS"], pa.string())})
    engines.load(engine, {"mv_test_values": frame.iloc[:1], "mv_test_poles": arrow})
    loaded = engines.load(engine, {"mv_test_values": frame})  # replaces the first one
    values, poles = loaded["mv_test_values"], engines.load(engine, {"mv_test_poles": arrow})["mv_test_poles"]
    assert dict(values.schema()) == {
        "entity": ibis.dtype("string"),
        "value": ibis.dtype("float64"),
        "year": ibis.dtype("int64"),
    }
    counts = run(
        values.aggregate(
            rows=values.count(), entities=values.entity.count(), values=values.value.count(), years=values.year.count()
        )
    )
    assert counts.iloc[0].tolist() == [3, 2, 2, 2]  # NaN and None are NULL
    joined = run(values.left_join(poles, "entity").order_by("value"))
    assert joined["value"].tolist()[:2] == [1.5, 2.0] and joined["value"].isna().tolist()[2]
    assert joined["pole"].isna().tolist() == [True, False, True] and joined["pole"][1] == "RUS"
