"""Synthetic trajectories with known breaks and phases: the classifier must recover them."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from pydantic import ValidationError

from multivector.theory.breaks import detect_breaks
from multivector.theory.params import TheoryParams
from multivector.theory.phases import PhaseParams, segments, shock_tests, yearly_phases
from multivector.theory.timeline import timeline
from tests.theory.synthetic import facts, panel, path

AWAY = facts(("kaz_non_recognition", 2015, "away:RUS"))


def phases_of(p, params: PhaseParams | None = None) -> list[tuple[int, int, str]]:
    params = params or PhaseParams()
    tests, _ = shock_tests(p, params)
    return [(s["from"], s["to"], s["phase"]) for s in segments(yearly_phases(p, tests, params, 0.5))]


def reallocation_at(year: int, noise: float = 0.0):
    drop = {year: -0.3}
    return {
        "security": path(0.7, drop, noise=noise, seed=1),
        "economic": path(0.45, drop, noise=noise, seed=2),
        "diplomatic": path(0.3, noise=noise, seed=3),
    }


def test_a_drop_at_the_crimea_shock_with_an_act_is_substantive_for_the_horizon():
    p = panel(reallocation_at(2014), facts=AWAY)
    assert phases_of(p) == [(1995, 2013, "declaratory"), (2014, 2018, "substantive"), (2019, 2020, "declaratory")]


def test_a_noisy_drop_is_recovered_too():
    p = panel(reallocation_at(2014, noise=0.015), facts=AWAY)
    substantive = [s for s in phases_of(p) if s[2] == "substantive"]
    assert substantive and substantive[0][0] == 2014


def test_without_acts_the_drop_is_not_substantive_unless_acts_are_not_required():
    p = panel(reallocation_at(2014))
    assert {phase for _, _, phase in phases_of(p)} == {"declaratory"}
    assert "substantive" in {phase for _, _, phase in phases_of(p, PhaseParams(require_acts=False))}


def test_a_drop_in_one_domain_only_is_not_substantive():
    paths = reallocation_at(2014)
    paths["economic"] = path(0.45)
    assert {phase for _, _, phase in phases_of(panel(paths, facts=AWAY))} == {"declaratory"}
    one = PhaseParams(min_domains=1)
    assert "substantive" in {phase for _, _, phase in phases_of(panel(paths, facts=AWAY), one)}


def test_a_break_away_from_the_default_shocks_is_detected_and_tested():
    p = panel(reallocation_at(2008), facts=facts(("act", 2009, "away:RUS")))
    tests, breaks = shock_tests(p, PhaseParams())
    assert {b.year for found in breaks.values() for b in found} == {2008}
    detected = next(t for t in tests if t.kind == "detected")
    assert detected.year == 2008 and detected.passes
    assert (2008, 2012, "substantive") in phases_of(p)


def test_a_steady_decline_continuing_its_trend_is_not_a_reallocation():
    steady = {
        d: path(0.8 if d != "diplomatic" else 0.3, slope=-0.02 if d != "diplomatic" else 0.0)
        for d in ("security", "economic", "diplomatic")
    }
    p = panel(steady, facts=AWAY)
    tests, breaks = shock_tests(p, PhaseParams())
    assert not any(t.passes for t in tests)
    assert "substantive" not in {phase for _, _, phase in phases_of(p)}


def test_one_pole_capturing_every_structural_domain_is_not_hedging():
    captured = {"security": path(0.9), "economic": path(0.7), "diplomatic": path(0.4)}
    assert phases_of(panel(captured)) == [(1995, 2020, "not_hedging")]


def test_a_change_of_series_at_the_shock_does_not_read_as_a_fall():
    paths = reallocation_at(2014)
    switch = {"economic": {y: ("factbook: share_pct" if y >= 2014 else "imf_dots: usd") for y in range(1995, 2021)}}
    p = panel(paths, facts=AWAY, series=switch)
    crimea = next(t for t in shock_tests(p, PhaseParams())[0] if t.label == "2014-03")
    assert not crimea.domains["economic"].testable
    assert not crimea.passes


def test_the_hegemon_share_series_tests_the_economy_where_no_trade_series_spans_the_shock():
    # trade switches source at the shock, but the hegemon's and the World's reports run through it
    paths = reallocation_at(2014)
    switch = {"economic": {y: ("factbook: share_pct" if y >= 2014 else "imf_dots: usd") for y in range(1995, 2021)}}
    trade = pd.DataFrame(
        {
            "year": list(paths["economic"]),
            "share": list(paths["economic"].values()),
            "series": "imf_dots_russia_world: usd_million_current (mirror)",
        }
    )
    p = dataclasses.replace(panel(paths, facts=AWAY, series=switch), hegemon_trade=trade)
    economic = next(t for t in shock_tests(p, PhaseParams())[0] if t.label == "2014-03").domains["economic"]
    assert economic.testable and economic.falls
    assert economic.channels == ("trade",) and economic.sources == ("imf_dots_russia_world",)


def test_breaks_recover_the_step_year_and_size():
    series = pd.Series(path(0.8, {2010: -0.4}, noise=0.01, seed=5))
    (found,) = detect_breaks(series)
    assert found.year == 2010
    assert found.change == pytest.approx(-0.4, abs=0.03)


def test_a_flat_series_has_no_break():
    assert detect_breaks(pd.Series(path(0.5))) == []


def test_every_phase_has_evidence_with_a_source():
    result = timeline(panel(reallocation_at(2014), facts=AWAY), TheoryParams())
    assert result["phases"]
    for segment in result["phases"]:
        assert segment["evidence"]
        assert all(item["sources"] for item in segment["evidence"])
    substantive = next(s for s in result["phases"] if s["phase"] == "substantive")
    assert any(item["ref"] == "kaz_non_recognition" for item in substantive["evidence"])


def test_parameters_are_frozen_and_validated():
    params = TheoryParams()
    with pytest.raises(ValidationError):
        params.phases.delta = 0.2
    with pytest.raises(ValidationError):
        PhaseParams(shocks=("March 2014",))
    assert params.with_value("phases.delta", 0.2).phases.delta == 0.2
    assert params.phases.delta == 0.05
    with pytest.raises(KeyError):
        params.with_value("phases.no_such", 1)
