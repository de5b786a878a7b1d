"""A hedging run on synthetic paths: seeds, the tidy table, the verdict, Sobol, shock options."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from multivector.errors import BadOption, BadShock, MultivectorError
from multivector.scenarios.hedging import (
    HedgingParams,
    Shock,
    hedging_draws,
    parse_shocks,
    run_hedging,
    simulate_hedging,
)
from multivector.scenarios.hedging.shocks import resolve
from multivector.theory.phases import PhaseParams
from tests.scenarios.test_hedging_calibration import TRUTH, generated, synthetic_panel

YEARS = np.arange(1995, 2025)
PANEL = synthetic_panel(generated(years=YEARS), years=YEARS)
SIMULATED = np.arange(1995, 2027)  # to the end of the 2022 shock's five-year horizon
FAST = HedgingParams(sobol_n=64)


def run(shocks=None, draws=40, seed=3, params=FAST, model=TRUTH):
    return run_hedging(PANEL, shocks, draws=draws, seed=seed, params=params, model=model)


def test_the_same_seed_gives_identical_output():
    first, second = run(), run()
    pd.testing.assert_frame_equal(first.table(), second.table())
    assert json.dumps(first.summary()) == json.dumps(second.summary())


def test_another_seed_gives_other_draws():
    one, other = run(seed=3).table(), run(seed=4).table()
    assert not np.allclose(one.share.to_numpy(), other.share.to_numpy())
    assert not np.allclose(one.lam.to_numpy(), other.lam.to_numpy())
    assert set(one.seed) == {3} and set(other.seed) == {4}


def test_the_first_draws_of_a_larger_run_are_the_smaller_run():
    small, large = run(draws=10).table(), run(draws=25).table()
    head = large[large.run_id < 10].reset_index(drop=True)
    pd.testing.assert_frame_equal(small, head)


def test_the_tidy_table_has_one_row_per_run_year_domain_and_pole_with_its_parameters():
    table = run(draws=7).table()
    assert list(table.columns) == [
        "run_id",
        "seed",
        "lam",
        "sigma",
        "kappa",
        "rho",
        "offer",
        "year",
        "domain",
        "pole",
        "share",
    ]
    assert len(table) == 7 * len(SIMULATED) * 3 * 5
    sums = table.groupby(["run_id", "year", "domain"], observed=True).share.sum()
    assert np.allclose(sums, 1.0)
    one = table[(table.run_id == 0) & (table.domain == "security") & (table.pole == "RUS")].set_index("year")
    # κ_t and ρ_t switch at the shocks and hold between them
    assert one.loc[2013, "rho"] == 0.0 and one.loc[2014, "rho"] == one.loc[2021, "rho"] > 0
    assert one.loc[2022, "kappa"] != one.loc[2021, "kappa"]
    assert one.loc[2020, "offer"] - one.loc[2019, "offer"] == pytest.approx(
        one.loc[2019, "offer"] - one.loc[2018, "offer"]
    )  # a linear drift
    assert table.attrs["parameters"]["version"] == FAST.version


def test_the_shocks_of_the_known_model_turn_hedging_substantive_after_2022():
    summary = run(draws=200).summary()
    verdict = summary["verdict"]
    by_year = {s["year"]: s for s in verdict["shocks"]}
    assert by_year[2022]["transition_share"] >= 0.9 and by_year[2022]["central"]["transition"]
    assert by_year[2022]["central"]["year"] == 2022
    # 2014: only security falls by δ at the model's own values; the draws are split
    assert not by_year[2014]["central"]["transition"]
    assert [d for d, f in by_year[2014]["central"]["falls"].items() if f >= 0.05] == ["security"]
    assert by_year[2014]["transition_share"] < by_year[2022]["transition_share"]
    # the synthetic data are the central run, so the data's own test (to 2024) agrees with it
    assert by_year[2022]["observed"]["transition"] and by_year[2022]["observed"]["year"] == 2022
    assert by_year[2022]["driver"]["factor"] == "rho_2022"
    assert verdict["transition_year"] in (2022, 2023, 2024, 2016)
    json.dumps(summary, allow_nan=False)


def test_a_hegemon_keeping_its_coercive_capacity_prevents_the_transition():
    verdict = run("2014:kappa=20;2022:kappa=20", draws=200).summary()["verdict"]
    assert not verdict["reproduced"] and verdict["transition_year"] is None
    assert all(s["transition_share"] <= 0.05 and not s["central"]["transition"] for s in verdict["shocks"])
    assert verdict["statement"].startswith("XXX: no declaratory-to-substantive transition")


def test_sobol_gives_no_weight_to_a_factor_that_cannot_vary():
    """κ₀ = 0 with no floor stays 0 in every draw, so neither it nor the κ factors explain anything."""
    params = HedgingParams(sobol_n=64, floor=0.0)
    model = TRUTH.model_copy(update={"kappa": 0.0})
    sobol = run(params=params, model=model).sobol["shocks"]["2022"]
    assert set(sobol["ST"]) == {
        "lambda",
        "sigma_security",
        "sigma_economic",
        "sigma_diplomatic",
        "kappa",
        "kappa_factor_2014",
        "rho_2014",
        "kappa_factor_2022",
        "rho_2022",
        "offers_security",
        "offers_economic",
        "offers_diplomatic",
    }
    for factor in ("kappa", "kappa_factor_2014", "kappa_factor_2022"):
        assert sobol["ST"][factor] == 0.0
    assert max(sobol["ST"], key=sobol["ST"].get) in {"rho_2022", "rho_2014"}


def test_the_transition_rule_defaults_are_the_theory_engines():
    phases, hedging = PhaseParams(), HedgingParams()
    assert (hedging.delta, hedging.sustain_years, hedging.horizon, hedging.min_domains) == (
        phases.delta,
        phases.sustain_years,
        phases.horizon,
        phases.min_domains,
    )
    assert hedging.shock_years == tuple(int(s[:4]) for s in phases.shocks)


def test_the_summary_records_parameters_model_fit_and_paths():
    summary = simulate_hedging(PANEL, draws=20, seed=1, params=FAST, model=TRUTH)
    assert summary["parameters"]["version"] == summary["model"]["version"] == "1"
    assert summary["calibration"]["source"] == "given"
    assert summary["calibration"]["fit"]["all"]["rmse"] < 1e-9
    assert summary["monte_carlo"]["draws"] == 20 and summary["monte_carlo"]["seed"] == 1
    paths = pd.DataFrame(summary["paths"])
    assert len(paths) == len(SIMULATED) * 3 * 5
    assert (paths.q05 <= paths.q50 + 1e-12).all() and (paths.q50 <= paths.q95 + 1e-12).all()
    seen = paths.observed.notna()
    assert set(paths.year[~seen]) == {2025, 2026}  # simulated past the data, never filled with 0
    assert np.allclose(paths.central[seen], paths.observed[seen], atol=1e-4)


def test_hedging_draws_is_the_table_of_the_run():
    pd.testing.assert_frame_equal(
        hedging_draws(PANEL, draws=5, seed=2, params=FAST, model=TRUTH), run(draws=5, seed=2).table()
    )


def test_a_scenario_shock_replaces_its_year_and_inherits_what_it_leaves_out():
    calibrated = (Shock(year=2014, kappa=0.5, rho=0.2), Shock(year=2022, kappa=0.2, rho=0.6))
    merged = resolve(calibrated, parse_shocks("2022:kappa=0.9;2018:rho=0.4"))
    assert merged == (
        Shock(year=2014, kappa=0.5, rho=0.2),
        Shock(year=2018, kappa=0.5, rho=0.4),
        Shock(year=2022, kappa=0.9, rho=0.6),
    )
    assert resolve((), parse_shocks("2022:rho=0.3")) == (Shock(year=2022, kappa=None, rho=0.3),)
    assert resolve(calibrated, None) == calibrated


def test_parse_shocks_reads_the_option_string():
    assert parse_shocks("2022:kappa=0.3,rho=0.2;2014:kappa=0.5") == (
        Shock(year=2014, kappa=0.5),
        Shock(year=2022, kappa=0.3, rho=0.2),
    )
    assert parse_shocks(" 2022 : RHO = 1 ; ") == (Shock(year=2022, rho=1.0),)


@pytest.mark.parametrize(
    "text, says",
    [
        ("", "no shock"),
        ("2022", "not YEAR:key=value"),
        ("22:kappa=1", "not YEAR:key=value"),
        ("2022:", "no kappa or rho"),
        ("2022:kappa", "not a number"),
        ("2022:kappa=abc", "'abc' is not a number"),
        ("2022:sigma=1", "unknown key 'sigma'"),
        ("2022:kappa=-0.1", "must be a finite number ≥ 0"),
        ("2022:rho=inf", "must be a finite number ≥ 0"),
        ("2022:kappa=1,kappa=2", "kappa given twice"),
        ("2022:kappa=1;2022:rho=1", "2022 given twice"),
    ],
)
def test_parse_shocks_names_each_problem(text, says):
    with pytest.raises(BadShock) as caught:
        parse_shocks(text)
    assert says in caught.value.message
    assert isinstance(caught.value, MultivectorError) and caught.value.exit_code == 2
    assert "e.g." in caught.value.hint


def test_every_problem_of_a_shock_string_is_named_at_once():
    with pytest.raises(BadShock) as caught:
        parse_shocks("2014:kappa=x;2022:foo=1")
    assert "2014" in caught.value.message and "foo" in caught.value.message


@pytest.mark.parametrize("draws, seed", [(0, 1), (-5, 1), (1.5, 1), (10, -1), (10, "x"), (10**7, 1)])
def test_bad_draws_or_seed_are_refused(draws, seed):
    with pytest.raises(BadOption):
        run(draws=draws, seed=seed)


def test_a_model_for_other_poles_is_refused():
    other = TRUTH.model_copy(update={"hegemon": "CHN"})
    with pytest.raises(BadOption):
        run(model=other)


@pytest.mark.parametrize("shocks", ["1900:kappa=0.3", "2022:rho=1;2030:kappa=0.3", "1994:rho=1"])
def test_shock_years_outside_the_data_are_refused_before_calibrating(shocks, monkeypatch):
    def calibrate(*args):
        raise AssertionError("calibrated before the shock years were checked")

    monkeypatch.setattr("multivector.scenarios.hedging.run.calibrate", calibrate)
    with pytest.raises(BadShock, match=r"outside .*'s data, 1995-2024") as caught:
        run_hedging(PANEL, shocks, draws=10, params=FAST)
    assert "from 1995 to 2024" in caught.value.hint and caught.value.exit_code == 2


def test_shock_years_at_the_ends_of_the_data_are_accepted():
    assert run("1995:rho=0.1;2024:kappa=0.5", draws=5).scenario[-1].year == 2024
