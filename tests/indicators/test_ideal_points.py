"""The ideal-point channel on hand-made points: shares from distances to the poles' points."""

from __future__ import annotations

import math

import ibis
import pandas as pd
import pytest

from multivector.indicators.ideal_points import ideal_point_shares, pole_points, window_shares
from multivector.measure.ideal_point_draws import share_intervals
from multivector.measure.measurements import CHANNEL_WINDOW, Measurements
from multivector.measure.params import MeasureParams
from tests.indicators.conftest import run  # noqa: F401  (the engine-parametrised fixture)

POLES = {"RUS": "RUS", "CHN": "CHN", "TUR": "TUR", "USA": "WEST", "FRA": "WEST", "DEU": "WEST"}
POINTS_2024 = {
    "KAZ": -0.5,
    "UZB": -0.2,
    "RUS": -0.6,
    "CHN": -0.85,
    "TUR": 0.5,
    "USA": 2.2,
    "FRA": 1.0,
    "DEU": 0.9,
    "IND": -0.1,
}


def points_table(points: dict[str, float], year: int = 2024) -> pd.DataFrame:
    return pd.DataFrame({"entity": list(points), "year": year, "point": list(points.values())})


def poles_table(mapping: dict[str, str] = POLES) -> ibis.Table:
    return ibis.memtable({"entity": list(mapping), "pole": list(mapping.values())})


def shares_of(run, points: pd.DataFrame, reporters=("KAZ",), kappa=0.5, poles=None) -> pd.DataFrame:
    got = run(
        ideal_point_shares(ibis.memtable(points), poles if poles is not None else poles_table(), kappa, list(reporters))
    )
    return got.sort_values(["reporter", "year", "pole"], ignore_index=True)


def by_pole(frame: pd.DataFrame) -> dict[str, float]:
    return dict(zip(frame.pole, frame.share))


def test_shares_sum_to_one_over_the_poles_of_the_mapping(run):
    got = shares_of(run, points_table(POINTS_2024), reporters=["KAZ", "UZB", "IND"])
    assert set(got.pole) == {"RUS", "CHN", "TUR", "WEST"}
    assert got.groupby("reporter").share.sum().tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_the_shares_are_the_formula_at_the_points(run):
    got = shares_of(run, points_table(POINTS_2024)).set_index("pole")
    sd = pd.Series(list(POINTS_2024.values())).std()
    pole_point = {"RUS": -0.6, "CHN": -0.85, "TUR": 0.5, "WEST": (2.2 + 1.0 + 0.9) / 3}
    weight = {p: math.exp(-abs(-0.5 - x) / (0.5 * sd)) for p, x in pole_point.items()}
    assert got.share.to_dict() == pytest.approx({p: w / sum(weight.values()) for p, w in weight.items()})
    assert got.scale.tolist() == pytest.approx([0.5 * sd] * 4)
    assert got.pole_point.to_dict() == pytest.approx(pole_point)


def test_the_nearest_pole_gets_the_largest_share(run):
    # DEU 0.9: WEST without it is at 1.6, Türkiye at 0.5 is nearer
    for reporter, nearest in (("KAZ", "RUS"), ("IND", "RUS"), ("USA", "WEST"), ("DEU", "TUR")):
        got = by_pole(shares_of(run, points_table(POINTS_2024), reporters=[reporter]))
        assert max(got, key=got.get) == nearest, reporter


@pytest.mark.parametrize(("shift", "stretch"), [(3.0, 0.4), (-1.0, 2.5), (0.5, -1.7)])
def test_shares_do_not_change_under_a_shift_and_stretch_of_the_scale(run, shift, stretch):
    moved = {e: shift + stretch * x for e, x in POINTS_2024.items()}
    before = by_pole(shares_of(run, points_table(POINTS_2024)))
    assert by_pole(shares_of(run, points_table(moved))) == pytest.approx(before)


def test_a_pole_without_a_point_leaves_the_year_without_a_row(run):
    without_turkey = {e: x for e, x in POINTS_2024.items() if e != "TUR"}
    frame = pd.concat([points_table(POINTS_2024, 2023), points_table(without_turkey, 2024)])
    got = shares_of(run, frame)
    assert set(got.year) == {2023}
    assert len(got) == 4


def test_a_reporter_without_a_point_has_no_row(run):
    got = shares_of(run, points_table(POINTS_2024), reporters=["KAZ", "GEO"])
    assert set(got.reporter) == {"KAZ"}


def test_the_reporter_is_left_out_of_its_own_poles_mean(run):
    got = run(pole_points(ibis.memtable(points_table(POINTS_2024)), poles_table(), ["FRA", "KAZ"]))
    west = got[got.pole == "WEST"].set_index("reporter")
    assert west.pole_point["FRA"] == pytest.approx((2.2 + 0.9) / 2)
    assert west.pole_point["KAZ"] == pytest.approx((2.2 + 1.0 + 0.9) / 3)
    assert west.members.to_dict() == {"FRA": 2, "KAZ": 3}


def test_a_one_member_pole_has_no_point_for_its_member(run):
    got = shares_of(run, points_table(POINTS_2024), reporters=["RUS", "KAZ"])
    assert set(got.reporter) == {"KAZ"}  # RUS alone in its pole: left out, the pole has no point


def test_other_is_not_a_pole(run):
    poles = poles_table({**POLES, "IND": "OTHER"})
    got = shares_of(run, points_table(POINTS_2024), poles=poles)
    assert set(got.pole) == {"RUS", "CHN", "TUR", "WEST"}


def test_kappa_goes_from_the_nearest_pole_alone_to_equal_shares(run):
    sharp = by_pole(shares_of(run, points_table(POINTS_2024), kappa=0.01))
    flat = by_pole(shares_of(run, points_table(POINTS_2024), kappa=1000.0))
    assert sharp["RUS"] == pytest.approx(1.0)
    assert flat == pytest.approx({p: 0.25 for p in flat}, abs=1e-3)


def test_a_window_averages_the_years_with_a_value(run):
    annual = ibis.memtable(
        {
            "reporter": ["KAZ"] * 4,
            "year": [2020, 2020, 2022, 2022],
            "pole": ["RUS", "WEST"] * 2,
            "share": [0.9, 0.1, 0.5, 0.5],
        }
    )
    got = run(window_shares(annual, 3, "s").filter(ibis._.year == 2022).order_by("pole"))
    assert got.share.tolist() == pytest.approx([0.7, 0.3])
    assert got.years.tolist() == [2, 2]
    assert got.year_from.tolist() == [2020, 2020]


def test_measurements_give_the_channel_the_columns_of_every_channel(run):
    values = [(e, 2024, "bsv2025_ideal_point_fp", x) for e, x in POINTS_2024.items()]
    tables = {
        "state_values": ibis.memtable(values, columns=["entity", "year", "variable", "value"]),
        "poles": poles_table(),
    }
    m = Measurements(tables, MeasureParams(ideal_point_kappa=0.5), reporters=["KAZ"])
    got = run(m.pole_shares("ideal_points").order_by("pole"))
    assert list(got.columns) == [*CHANNEL_WINDOW, "pole", "share"]
    assert got.share.sum() == pytest.approx(1.0)
    assert set(got.series) == {"unga_ideal_points_2025: bsv_jul2025_fp_scale"}


def test_kappa_must_be_positive():
    with pytest.raises(ValueError):
        MeasureParams(ideal_point_kappa=0)


# intervals (numpy, on executed frames) ---------------------------------------------------------


def noisy(points: dict[str, float], year: int = 2024, half_width: float = 0.2) -> pd.DataFrame:
    frame = points_table(points, year)
    return frame.assign(q05=frame.point - half_width, q95=frame.point + half_width)


def windows(reporters=("KAZ",), year=2024, year_from=2024) -> pd.DataFrame:
    return pd.DataFrame({"reporter": list(reporters), "year": year, "year_from": year_from})


def poles_frame() -> pd.DataFrame:
    return pd.DataFrame({"entity": list(POLES), "pole": list(POLES.values())})


def test_without_noise_the_interval_is_the_estimate(run):
    got = share_intervals(windows(), noisy(POINTS_2024, half_width=0.0), poles_frame(), 0.5)
    estimate = by_pole(shares_of(run, points_table(POINTS_2024)))
    assert dict(zip(got.pole, got.share_q05)) == pytest.approx(estimate)
    assert dict(zip(got.pole, got.share_q95)) == pytest.approx(estimate)


def test_the_interval_holds_the_estimate_and_widens_with_the_noise(run):
    estimate = by_pole(shares_of(run, points_table(POINTS_2024)))
    narrow = share_intervals(windows(), noisy(POINTS_2024, half_width=0.1), poles_frame(), 0.5).set_index("pole")
    wide = share_intervals(windows(), noisy(POINTS_2024, half_width=0.4), poles_frame(), 0.5).set_index("pole")
    for pole, share in estimate.items():
        assert narrow.share_q05[pole] <= share <= narrow.share_q95[pole], pole
        assert wide.share_q95[pole] - wide.share_q05[pole] > narrow.share_q95[pole] - narrow.share_q05[pole]


def test_the_draws_are_seeded_and_do_not_depend_on_the_other_reporters():
    alone = share_intervals(windows(), noisy(POINTS_2024), poles_frame(), 0.5)
    with_others = share_intervals(windows(["KAZ", "UZB", "IND"]), noisy(POINTS_2024), poles_frame(), 0.5)
    assert alone.equals(share_intervals(windows(), noisy(POINTS_2024), poles_frame(), 0.5))
    pd.testing.assert_frame_equal(alone, with_others[with_others.reporter == "KAZ"].reset_index(drop=True))


def test_the_intervals_cover_the_same_years_as_the_estimates():
    without_turkey = {e: x for e, x in POINTS_2024.items() if e != "TUR"}
    points = pd.concat([noisy(POINTS_2024, 2023), noisy(without_turkey, 2024)])
    got = share_intervals(windows(year=2024, year_from=2023), points, poles_frame(), 0.5)
    one_year = share_intervals(windows(year=2023, year_from=2023), points, poles_frame(), 0.5)
    assert got[["share_q05", "share_q95"]].values.tolist() == one_year[["share_q05", "share_q95"]].values.tolist()
    assert share_intervals(windows(year=2024, year_from=2024), points, poles_frame(), 0.5).empty
