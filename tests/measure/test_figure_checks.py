"""The knowledge base's trade figures stay beside the measured series: both shown, gaps marked."""

from __future__ import annotations

import pytest

from multivector import api
from multivector.config import Settings
from multivector.measure.figure_checks import AGREE_WITHIN, _agrees, trade_figures
from tests.conftest import REPO_DATA


@pytest.fixture(scope="module")
def kaz(built_home):
    with api.measurements(Settings(home=built_home, data_dir=REPO_DATA)) as m:
        return trade_figures(m, "KAZ")


def test_both_figures_of_kazakh_chinese_trade_in_2022_stay_beside_the_office_series(kaz):
    rows = kaz[(kaz.partner == "CHN") & (kaz.year == 2022)].set_index("cites")
    assert set(rows.index) == {"astanatimes_2023_kaz_chn_trade", "nca_2023_kaz_chn_trade"}
    # the statistics office (the PROVENANCE spot check: US$24.20 bn) is the measured value of both
    assert set(rows.series) == {"nso_kazakhstan_trade: usd_million_current"}
    assert rows.measured_bn.iloc[0] == pytest.approx(24.2, abs=0.05)
    assert bool(rows.loc["astanatimes_2023_kaz_chn_trade", "agrees"])  # "over $24 billion"
    assert not bool(rows.loc["nca_2023_kaz_chn_trade", "agrees"])  # $31.2 billion: 29% above


def test_every_figure_has_its_source_and_a_measured_value_or_none(kaz):
    assert not kaz.empty and kaz.cites.notna().all()
    measured = kaz.dropna(subset=["measured_bn"])
    assert (measured.gap == (measured.figure_bn - measured.measured_bn) / measured.measured_bn).all()


@pytest.mark.parametrize(
    ("gap", "qualifier", "expected"),
    [
        (0.05, None, True),
        (-0.05, None, True),
        (AGREE_WITHIN + 0.01, None, False),
        (-0.2, None, False),
        (-0.5, "over", True),  # "over 12": a measured 24 is over 12
        (0.2, "over", False),
        (float("nan"), None, None),
    ],
)
def test_agreement(gap, qualifier, expected):
    assert _agrees(gap, qualifier) is expected
