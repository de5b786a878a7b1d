"""The ideal-point channel on the shipped store: the worked example of docs/theory.md and coverage.

Kazakhstan, 2024, κ = 0.5 (h = 0.39): RUS 0.61, CHN 0.32, TUR 0.06, WEST 0.01.
"""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from multivector import api
from multivector.config import Settings
from multivector.indicators.ideal_points import ideal_point_shares
from multivector.measure.frames import ideal_points
from multivector.measure.measurements import Measurements
from multivector.schema import TABLES
from tests.conftest import REPO_DATA

FOCUS = ("KAZ", "UZB", "KGZ", "TJK", "TKM", "ARM")
WORKED_EXAMPLE = {"RUS": 0.61, "CHN": 0.32, "TUR": 0.06, "WEST": 0.01}


@pytest.fixture(scope="module")
def focus(built_store) -> Measurements:
    return Measurements({name: built_store.table(name) for name in TABLES}, reporters=list(FOCUS))


@pytest.fixture(scope="module")
def shares(focus) -> pd.DataFrame:
    return focus.ideal_point_shares().execute()


def test_kazakhstan_2024_is_the_worked_example(shares):
    kaz = shares[(shares.reporter == "KAZ") & (shares.year == 2024)]
    assert dict(zip(kaz.pole, kaz.share)) == pytest.approx(WORKED_EXAMPLE, abs=0.01)


def test_the_scale_of_2024_is_0_39(focus):
    yearly = ideal_point_shares(ideal_points(focus.tables, (2024, 2024)), focus.poles, 0.5, ["KAZ"]).execute()
    assert set(yearly.scale.round(2)) == {0.39}


def test_every_focus_state_has_the_channel_through_2024(shares):
    last = shares.groupby("reporter").year.max()
    assert last.to_dict() == {state: 2024 for state in FOCUS}


def test_each_year_has_every_pole_and_no_other(shares):
    poles = shares.groupby(["reporter", "year"]).pole.apply(frozenset)
    assert set(poles) == {frozenset({"RUS", "CHN", "TUR", "WEST"})}
    assert shares.groupby(["reporter", "year"]).share.sum().to_numpy() == pytest.approx(1.0)


def test_the_interval_holds_the_share(shares):
    outside = shares[(shares.share < shares.share_q05) | (shares.share > shares.share_q95)]
    assert outside.empty, outside.head().to_string()


def test_a_five_year_window_averages_the_years(focus):
    window = focus.pole_shares("ideal_points", 5).filter((ibis._.reporter == "KAZ") & (ibis._.year == 2024)).execute()
    yearly = (
        focus.pole_shares("ideal_points", 1)
        .filter((ibis._.reporter == "KAZ") & ibis._.year.between(2020, 2024))
        .execute()
    )
    assert set(window.year_from) == {2020}
    mean = yearly.groupby("pole").share.mean()
    assert dict(zip(window.pole, window.share)) == pytest.approx(mean.to_dict())


def test_measure_shows_the_shares_with_their_intervals_and_the_points(built_home):
    got = api.measure("KAZ", "ideal_points", 2020, 2024, config=Settings(home=built_home, data_dir=REPO_DATA))
    assert (got["from"], got["to"], got["years_with_data"]) == (2020, 2024, [2020, 2021, 2022, 2023, 2024])
    assert list(got["pole_shares"]) == list(got["pole_share_intervals"]) == ["RUS", "CHN", "TUR", "WEST"]
    for pole, share in got["pole_shares"].items():
        interval = got["pole_share_intervals"][pole]
        assert interval["q05"] <= share <= interval["q95"], pole
    assert got["ideal_points"]["year"] == 2024 and got["partner_shares"] == []
