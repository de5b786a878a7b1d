"""The hedging model on Kazakhstan's measured paths from the store built from the shipped data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from multivector import api
from multivector.config import Settings
from multivector.scenarios.hedging import HedgingParams, run_hedging
from multivector.theory.panel import load_panel
from tests.conftest import REPO_DATA

pytestmark = pytest.mark.slow

SMALL = HedgingParams(sobol_n=32)


@pytest.fixture(scope="module")
def kaz(built_home):
    with api.measurements(Settings(home=built_home, data_dir=REPO_DATA)) as m:
        return load_panel(m, "KAZ")


@pytest.fixture(scope="module")
def summary(kaz):
    return run_hedging(kaz, draws=60, seed=1, params=SMALL).summary()


def test_kazakhstan_is_calibrated_on_every_domain_with_its_fit(summary):
    fit = summary["calibration"]["fit"]
    assert set(fit) == {"security", "economic", "diplomatic", "all"}
    assert all(fit[d]["years"] >= 25 for d in ("security", "economic", "diplomatic"))
    assert fit["all"]["rmse"] < 0.08 and fit["all"]["r2"] > 0.4
    assert summary["calibration"]["source"] == "calibrated"
    assert [s["year"] for s in summary["model"]["shocks"]] == [2014, 2022]
    json.dumps(summary, allow_nan=False)


def test_the_observed_paths_are_the_measured_domain_vectors_with_missing_years_left_out(kaz, summary):
    paths = pd.DataFrame(summary["paths"])
    measured = kaz.domains.set_index(["year", "domain", "pole"]).share
    row = paths[(paths.year == 2014) & (paths.domain == "security") & (paths.pole == "RUS")].iloc[0]
    assert row.observed == pytest.approx(measured[(2014, "security", "RUS")], abs=1e-4)
    first_economic = int(kaz.domains[kaz.domains.domain == "economic"].year.min())
    assert paths[paths.domain == "economic"].year.min() == first_economic  # no rows before the data
    assert paths[paths.year > int(kaz.domains.year.max())].observed.isna().all()


def test_kazakhstan_gets_a_verdict_per_default_shock_with_its_driver(summary):
    verdict = summary["verdict"]
    assert [s["year"] for s in verdict["shocks"]] == [2014, 2022]
    for shock in verdict["shocks"]:
        assert 0 <= shock["transition_share"] <= 1
        assert set(shock["observed"]["falls"]) == {"security", "economic", "diplomatic"}
    assert verdict["statement"].startswith("KAZ: ")
    assert set(summary["sobol"]["shocks"]) == {"2014", "2022"}


def test_kazakhstan_replays_identically_from_its_seed(kaz, summary):
    again = run_hedging(kaz, draws=60, seed=1, params=SMALL).summary()
    assert json.dumps(again) == json.dumps(summary)


def test_a_scenario_shock_string_runs_on_kazakhstan(kaz):
    run = run_hedging(kaz, "2022:kappa=0.3,rho=2", draws=40, seed=2, params=SMALL)
    shock = {s["year"]: s for s in run.summary()["verdict"]["shocks"]}[2022]
    assert shock["central"]["falls"]["diplomatic"] > 0.05
    assert run.table().run_id.nunique() == 40
