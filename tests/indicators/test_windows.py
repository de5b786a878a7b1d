"""Pooled windows and the choice of one series per window, on hand-made observations."""

from __future__ import annotations

import ibis
import pytest

from multivector.indicators.windows import choose_series, pool

COLUMNS = ["reporter", "partner", "year", "value", "series", "rank"]


def obs(rows):
    return ibis.memtable(rows, columns=COLUMNS)


def test_a_five_year_window_sums_flows_and_counts_the_years_it_rests_on(run):
    t = obs([("KAZ", "RUS", y, 10.0, "s", 0) for y in (2019, 2020, 2022)] + [("KAZ", "FRA", 2021, 5.0, "s", 0)])
    got = run(pool(t, 5).filter(ibis._.year == 2022).order_by("partner"))
    assert got[["partner", "value", "partner_years", "years", "year_from"]].values.tolist() == [
        ["FRA", 5.0, 1, 4, 2018],
        ["RUS", 30.0, 3, 4, 2018],
    ]


def test_windows_do_not_end_after_the_last_year_of_data(run):
    t = obs([("KAZ", "RUS", 2020, 1.0, "s", 0)])
    assert run(pool(t, 3))["year"].max() == 2020


def test_one_year_windows_keep_each_year_apart(run):
    t = obs([("KAZ", "RUS", 2020, 1.0, "s", 0), ("KAZ", "RUS", 2021, 2.0, "s", 0)])
    got = run(pool(t, 1).order_by("year"))
    assert got[["year", "year_from", "value"]].values.tolist() == [[2020, 2020, 1.0], [2021, 2021, 2.0]]


def test_the_series_with_most_years_wins_and_the_preferred_one_on_a_tie(run):
    t = obs(
        [
            ("KAZ", "RUS", 2020, 1.0, "own", 0),
            ("KAZ", "RUS", 2020, 9.0, "mirror", 1),
            ("KAZ", "RUS", 2021, 9.0, "mirror", 1),
            ("UZB", "RUS", 2021, 1.0, "own", 0),
            ("UZB", "RUS", 2021, 2.0, "mirror", 1),
        ]
    )
    got = run(choose_series(pool(t, 2)).filter(ibis._.year == 2021).order_by("reporter"))
    assert got[["reporter", "series", "value"]].values.tolist() == [["KAZ", "mirror", 18.0], ["UZB", "own", 1.0]]


def test_a_window_cannot_be_empty():
    with pytest.raises(ValueError):
        pool(obs([("KAZ", "RUS", 2020, 1.0, "s", 0)]), 0)
