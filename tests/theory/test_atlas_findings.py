"""The post-imperial versus classic findings on small synthetic atlas tables with known values."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.errors import BadOption
from multivector.presets import Member, Preset
from multivector.theory.atlas_findings import (
    AtlasFindingsParams,
    atlas_findings,
    bootstrap,
    member_measures,
    ols_slope,
    reference_pole,
    verdict,
)
from multivector.theory.atlas_findings_doc import COMMAND, findings_markdown

WINDOW = range(2010, 2015)
DOMAINS = ("security", "economic", "diplomatic")
ALL_POLES = ("FRA", "GBR", "USA", "CHN", "JPN", "WEST", "RUS", "OTHER")
BASE = {
    "name": None,
    "member": True,
    "independence": None,
    **{f"dependence_{d}": math.nan for d in DOMAINS},
    **{f"share_{d}_{p}": math.nan for d in DOMAINS for p in ALL_POLES},
    "differentiation": math.nan,
    "balance": math.nan,
    "domains_measured": math.nan,
    "captured_domains": math.nan,
    "hedging_type": None,
}
HEGEMONS = {"post_a": "FRA", "post_b": "GBR", "classic": None, "americas": "USA"}
POLES = {
    "post_a": ("FRA", "CHN", "WEST", "OTHER"),
    "post_b": ("GBR", "CHN", "WEST", "OTHER"),
    "classic": ("USA", "CHN", "JPN", "OTHER"),
    "americas": ("USA", "CHN", "WEST", "OTHER"),
}
FAST = AtlasFindingsParams(bootstrap_draws=400)
PREFIX = {"post_a": "PA", "post_b": "PB", "classic": "CL", "americas": "AM"}


def make_preset(name: str, states: list[str], hegemon: str | None = "", independence: int | None = 1991) -> Preset:
    hegemon = HEGEMONS.get(name) if hegemon == "" else hegemon
    members = tuple(
        Member(s, f"State {s}", f"basis of {s} in {name}", independence, f"Citation {name} {s} (2020)")
        for s in sorted(states)
    )
    return Preset(
        name, f"Preset {name}", hegemon, Path(f"{name}.poles.csv"), members, POLES[name], Path(f"{name}.toml")
    )


def rows(state: str, years=WINDOW, independence: int | None = 1991, **columns) -> list[dict]:
    """One row per year; a column's value is a constant or a function of the year."""
    return [
        {
            **BASE,
            "state": state,
            "year": year,
            "name": f"State {state}",
            "independence": independence,
            **{k: (v(year) if callable(v) else v) for k, v in columns.items()},
        }
        for year in years
    ]


def frame(*parts: list[dict]) -> pd.DataFrame:
    outsider = rows("OUT", member=False, dependence_security=0.9, dependence_economic=0.0, differentiation=0.9)
    table = pd.DataFrame([row for part in (*parts, outsider) for row in part])
    return table.assign(independence=table.independence.astype("Int64"))


def state_rows(state: str, preset: str, measure: str, value: float | None) -> list[dict]:
    """Rows whose ``measure`` (split, fall, differentiation, capture) is ``value`` (None: no rows)."""
    if value is None:
        return []
    if measure == "split" and HEGEMONS[preset] is None:
        return rows(
            state, share_security_USA=0.5 + value / 2, share_economic_USA=0.5 - value / 2, share_security_CHN=0.1
        )
    if measure == "split":
        return rows(state, dependence_security=0.5 + value / 2, dependence_economic=0.5 - value / 2)
    if measure == "fall":
        return rows(state, range(1991, 2015), dependence_economic=lambda y: 0.9 - value * (y - 1991) / 10)
    if measure == "capture":
        return rows(state, domains_measured=4, captured_domains=round(4 * value))
    return rows(state, differentiation=value)


def world(values: Mapping[str, Sequence[float | None]], measure: str = "split", params=FAST, regional=None):
    """atlas_findings of presets whose members have the given values of ``measure``."""
    tables, presets = {}, {}
    for name, found in values.items():
        states = [f"{PREFIX[name]}{i}" for i in range(len(found))]
        tables[name] = frame(*[state_rows(s, name, measure, v) for s, v in zip(states, found)])
        presets[name] = make_preset(name, states)
    if regional is not None:
        params = params.model_copy(update={"regional": regional})
    return atlas_findings(tables, presets, params)


def expectation(result: dict, key: str) -> dict:
    return next(e for e in result["expectations"] if e["key"] == key)


def row_of(e: dict, group: str) -> dict:
    return next(r for r in e["rows"] if r["group"] == group)


# --- each measure's formula -------------------------------------------------------------------


def one(table: pd.DataFrame, preset: Preset, params=FAST) -> dict:
    [found] = member_measures(table, preset, "post_imperial", params)
    return found


def test_split_is_the_mean_over_the_window_years_with_both_shares():
    security = {2009: 0.0, 2010: 0.9, 2011: 0.8, 2012: 0.7, 2013: 0.6, 2014: 0.6, 2015: 0.0}
    economic = {2009: 1.0, 2010: 0.3, 2011: 0.2, 2012: math.nan, 2013: 0.4, 2014: 0.5, 2015: 1.0}
    table = frame(rows("AAA", range(2009, 2016), dependence_security=security.get, dependence_economic=economic.get))
    found = one(table, make_preset("post_a", ["AAA"]))
    assert found["split"] == pytest.approx(((0.9 - 0.3) + (0.8 - 0.2) + (0.6 - 0.4) + (0.6 - 0.5)) / 4)
    assert found["split_years"] == 4 and found["reference_pole"] == "FRA"
    assert found["splits"] is True  # 0.375 >= 0.2


def test_without_hegemon_the_reference_pole_is_the_named_pole_leading_security_most_often():
    usa = {2010: 0.5, 2011: 0.5, 2012: 0.5, 2013: 0.1, 2014: 0.1}
    chn = {2010: 0.2, 2011: 0.2, 2012: 0.2, 2013: 0.6, 2014: 0.6}
    table = frame(
        rows(
            "AAA",
            share_security_USA=usa.get,
            share_security_CHN=chn.get,
            share_security_OTHER=0.9,  # the residual leads every year: never a reference pole
            share_economic_USA=0.1,
            share_economic_CHN=0.7,
        )
    )
    preset = make_preset("classic", ["AAA"])
    found = one(table, preset)
    assert found["reference_pole"] == "USA"  # leads 3 of 5 years, CHN 2 with the higher mean share
    assert found["split"] == pytest.approx((0.5 * 3 + 0.1 * 2) / 5 - 0.1)


def test_a_tie_in_leading_years_goes_to_the_higher_mean_share_then_the_poles_order():
    usa = {2010: 0.5, 2011: 0.5, 2012: 0.1, 2013: 0.1}
    chn = {2010: 0.2, 2011: 0.2, 2012: 0.9, 2013: 0.9}
    years = range(2010, 2014)
    table = frame(rows("AAA", years, share_security_USA=usa.get, share_security_CHN=chn.get))
    assert reference_pole(table[table.state == "AAA"], make_preset("classic", ["AAA"])) == "CHN"
    even = frame(rows("AAA", years, share_security_USA=0.4, share_security_CHN=0.4))
    assert reference_pole(even[even.state == "AAA"], make_preset("classic", ["AAA"])) == "USA"


def test_decay_is_the_ols_slope_since_independence_in_share_per_decade():
    share = {y: (0.99 if y < 1991 else 0.9 - 0.02 * (y - 1991)) for y in range(1985, 2015)}
    table = frame(rows("AAA", range(1985, 2015), dependence_economic=share.get))
    found = one(table, make_preset("post_a", ["AAA"]))
    assert found["decay"] == pytest.approx(-0.2)  # two points a year; the years before 1991 not read
    assert found["decay_years"] == 24
    assert ols_slope(np.array([0.0, 1.0, 2.0]), np.array([1.0, 0.0, 2.0])) == pytest.approx(0.5)


def test_decay_stops_at_last_year_and_needs_enough_years():
    table = frame(rows("AAA", range(1991, 2020), dependence_economic=lambda y: 0.5 if y <= 2014 else 0.0))
    assert one(table, make_preset("post_a", ["AAA"]))["decay"] == pytest.approx(0.0)
    short = frame(rows("AAA", range(2011, 2015), dependence_economic=0.5))
    found = one(short, make_preset("post_a", ["AAA"]))
    assert found["decay"] is None and found["decay_years"] == 4
    assert found["missing"]["decay"] == "4 years of data in 1991-2014, fewer than 5"


def test_decay_is_not_testable_without_hegemon_or_independence_year():
    table = frame(rows("AAA", range(1991, 2015), independence=None, dependence_economic=0.5))
    found = one(table, make_preset("post_a", ["AAA"], independence=None))
    assert found["decay"] is None and found["missing"]["decay"] == "not testable: no independence year"
    found = one(table, make_preset("classic", ["AAA"]))
    assert found["decay"] is None and found["missing"]["decay"] == "not testable: the preset has no hegemon"


def test_the_independence_year_falls_back_to_the_preset_member():
    table = frame(rows("AAA", range(1991, 2015), independence=None, dependence_economic=lambda y: (y - 1991) / 100))
    found = one(table, make_preset("post_a", ["AAA"], independence=2000))
    assert found["independence"] == 2000 and found["decay_years"] == 15
    assert found["decay"] == pytest.approx(0.1)


def test_differentiation_and_capture_are_window_means():
    captured = {2010: 1, 2011: 2, 2012: 3, 2013: math.nan, 2014: 0}
    measured = {2010: 2, 2011: 3, 2012: 3, 2013: 3, 2014: math.nan}
    differentiation = {2009: 1.0, 2010: 0.1, 2011: 0.2, 2012: math.nan, 2013: 0.3, 2014: 0.4}
    table = frame(
        rows(
            "AAA",
            range(2009, 2015),
            captured_domains=captured.get,
            domains_measured=measured.get,
            differentiation=differentiation.get,
        )
    )
    found = one(table, make_preset("post_a", ["AAA"]))
    assert found["capture"] == pytest.approx((1 / 2 + 2 / 3 + 3 / 3) / 3)
    assert found["differentiation"] == pytest.approx(0.25)


def test_a_member_with_no_year_in_the_window_is_left_out_of_the_window_measures_and_counted():
    table = frame(rows("AAA", range(2000, 2010), dependence_security=0.9, dependence_economic=0.1, differentiation=0.5))
    found = one(table, make_preset("post_a", ["AAA"]))
    assert (found["split"], found["differentiation"], found["capture"]) == (None, None, None)
    assert found["missing"]["split"] == "no year of data in 2010-2014"
    assert found["decay"] == pytest.approx(0.0)  # 2000-2009 are years since independence


# --- verdicts ---------------------------------------------------------------------------------

SUPPORTED = {
    "post_a": [0.5, 0.55, 0.6, 0.45],
    "post_b": [0.4, 0.5, 0.45],
    "classic": [0.0, 0.05, -0.05, 0.02],
    "americas": [0.1, 0.2, 0.15],
}


def test_split_supported_when_the_interval_of_the_difference_is_above_zero():
    e = expectation(world(SUPPORTED), "split")
    pooled = row_of(e, "post-imperial (pooled)")
    assert e["verdict"] == pooled["verdict"] == "supported"
    assert pooled["difference"] == pytest.approx(np.mean(SUPPORTED["post_a"] + SUPPORTED["post_b"]) - 0.005)
    assert pooled["difference_interval"][0] > 0
    assert (pooled["with_data"], pooled["members"], pooled["splitting"]) == (7, 7, 7)
    assert row_of(e, "post_a")["verdict"] == row_of(e, "post_b")["verdict"] == "supported"
    classic = row_of(e, "classic (pooled)")
    assert classic["verdict"] is None and classic["estimate"] == pytest.approx(0.005)
    assert classic["splitting"] == 0


def test_split_contradicted_when_the_interval_is_below_zero():
    swapped = {"post_a": SUPPORTED["classic"], "post_b": [0.0, 0.1, 0.05], "classic": SUPPORTED["post_a"]}
    e = expectation(world(swapped), "split")
    assert e["verdict"] == "contradicted"
    assert row_of(e, "post-imperial (pooled)")["difference_interval"][1] < 0


def test_split_not_supported_when_the_interval_includes_zero():
    same = [0.1, 0.3, 0.2, 0.4]
    e = expectation(world({"post_a": same, "post_b": same, "classic": same}), "split")
    pooled = row_of(e, "post-imperial (pooled)")
    assert pooled["difference"] == pytest.approx(0.0)
    low, high = pooled["difference_interval"]
    assert low < 0 < high and e["verdict"] == "not supported"


def test_not_testable_names_the_group_short_of_states_and_its_members_without_data():
    values: dict[str, list[float | None]] = {
        "post_a": [0.5, 0.6, 0.55],
        "post_b": [0.5, None],
        "classic": [0.0, 0.1, None],
    }
    e = expectation(world(values), "split")
    pooled = row_of(e, "post-imperial (pooled)")
    assert pooled["verdict"] == "not testable"
    assert pooled["note"] == "classic: 2 of 3 members with data, fewer than 3 (without: CL2)"
    post_b = row_of(e, "post_b")
    assert post_b["verdict"] == "not testable"
    assert post_b["note"] == (
        "1 of 2 members with data, fewer than 3 (without: PB1); "
        "classic: 2 of 3 members with data, fewer than 3 (without: CL2)"
    )
    assert (pooled["with_data"], pooled["members"]) == (4, 5)
    assert pooled["without_data"] == [{"preset": "post_b", "state": "PB1", "reason": "no year of data in 2010-2014"}]


def test_differentiation_and_capture_are_judged_the_same_way():
    higher = {"post_a": [0.5, 0.6, 0.7], "post_b": [0.6, 0.5, 0.55], "classic": [0.1, 0.2, 0.15]}
    assert expectation(world(higher, "differentiation"), "differentiation")["verdict"] == "supported"
    captured = {"post_a": [0.75, 1.0, 0.75], "post_b": [1.0, 0.75, 0.75], "classic": [0.25, 0.0, 0.25, 0.5]}
    assert expectation(world(captured, "capture"), "capture")["verdict"] == "supported"
    less = {"post_a": [0.0, 0.25, 0.0], "post_b": [0.25, 0.0, 0.0], "classic": [0.75, 1.0, 1.0]}
    assert expectation(world(less, "capture"), "capture")["verdict"] == "contradicted"


@pytest.mark.parametrize(
    ("falls", "expected"),
    [
        ([0.0, 0.02, 0.05, -0.01, 0.03, 0.01], "supported"),
        ([0.3, 0.25, 0.35, 0.4, 0.3, 0.28], "contradicted"),
        ([0.0, 0.2, 0.05, 0.15, 0.1, 0.12], "not supported"),
    ],
)
def test_decay_is_judged_on_the_median_fall_against_slow_decay(falls, expected):
    values = {"post_a": falls[:3], "post_b": falls[3:], "classic": [0.0, 0.0, 0.0]}
    e = expectation(world(values, "fall"), "decay")
    pooled = row_of(e, "post-imperial (pooled)")
    assert pooled["estimate"] == pytest.approx(float(np.median(falls)))
    assert pooled["difference"] == pytest.approx(float(np.median(falls)) - 0.10)
    assert e["verdict"] == expected
    classic = row_of(e, "classic (pooled)")
    assert classic["verdict"] == "not testable" and classic["with_data"] == 0
    assert classic["without_data"][0]["reason"] == "not testable: the preset has no hegemon"


def test_a_verdict_an_alternative_changes_is_reported_fragile_with_each_alternative():
    # falls of 9 points a decade: below slow_decay (10) and above a quarter less (7.5)
    values = {"post_a": [0.09, 0.09, 0.09], "post_b": [0.09, 0.09, 0.09], "classic": [0.0, 0.0, 0.0]}
    e = expectation(world(values, "fall"), "decay")
    assert e["verdict"] == "supported" and e["fragile"] and e["reported"] == "fragile"
    assert {c["variant"]: c["verdict"] for c in e["robustness"]} == {
        "window 2008-2012": "supported",
        "window 2012-2014": "supported",
        "slow_decay 7.5 points": "contradicted",
        "slow_decay 12.5 points": "supported",
    }
    assert "**fragile** (supported at the defaults; contradicted with slow_decay 7.5 points)" in findings_markdown(
        world(values, "fall")
    )


def test_a_verdict_every_alternative_keeps_is_reported_as_it_is():
    values = {"post_a": [0.01, 0.02, 0.0], "post_b": [0.01, 0.0, 0.02], "classic": [0.0, 0.0, 0.0]}
    e = expectation(world(values, "fall"), "decay")
    assert e["reported"] == e["verdict"] == "supported" and not e["fragile"]
    assert [c["verdict"] for c in e["robustness"]] == ["supported"] * 4


def test_the_regional_preset_is_described_without_a_verdict():
    e = expectation(world(SUPPORTED), "split")
    americas = row_of(e, "americas")
    assert americas["role"] == "regional" and americas["verdict"] is None
    assert americas["estimate"] == pytest.approx(0.15) and americas["difference"] == pytest.approx(0.145)
    assert americas["note"] == "regional: described, not judged"


def test_group_membership_comes_from_the_presets_and_the_regional_parameter():
    result = world(SUPPORTED)
    assert result["groups"] == {"post_imperial": ["post_a", "post_b"], "classic": ["classic"], "regional": ["americas"]}
    result = world(SUPPORTED, regional=())
    assert result["groups"]["post_imperial"] == ["americas", "post_a", "post_b"]
    assert row_of(expectation(result, "split"), "post-imperial (pooled)")["members"] == 10


# --- the contradicting states -----------------------------------------------------------------


def test_states_on_the_wrong_side_of_the_other_group_mean_are_named():
    values = {"post_a": [0.5, 0.6, -0.1], "post_b": [0.5, 0.55, 0.45], "classic": [0.0, 0.05, 0.9]}
    e = expectation(world(values), "split")
    named = [(c["state"], c["name"], c["against"]) for c in e["contradicting"]]
    assert named == [("CL2", "State CL2", "post-imperial mean"), ("PA2", "State PA2", "classic mean")]
    post_a_low = e["contradicting"][1]
    assert post_a_low["value"] == pytest.approx(-0.1) and post_a_low["limit"] == pytest.approx(0.95 / 3)


def test_a_fast_decaying_state_contradicts_the_slow_decay():
    values = {"post_a": [0.0, 0.02, 0.3], "post_b": [0.01, 0.1, 0.0], "classic": [0.0, 0.0, 0.0]}
    e = expectation(world(values, "fall"), "decay")
    assert [(c["state"], c["against"]) for c in e["contradicting"]] == [("PA2", "slow_decay"), ("PB1", "slow_decay")]
    assert e["contradicting"][0]["value"] == pytest.approx(0.3)


# --- the bootstrap ----------------------------------------------------------------------------


def test_the_bootstrap_is_reproducible_with_the_seed_and_changes_with_it():
    first, again = world(SUPPORTED), world(SUPPORTED)
    assert first == again
    other = world(SUPPORTED, params=FAST.model_copy(update={"seed": 7}))
    interval = row_of(expectation(first, "split"), "post-imperial (pooled)")["difference_interval"]
    assert row_of(expectation(other, "split"), "post-imperial (pooled)")["difference_interval"] != interval


def test_the_result_does_not_depend_on_the_row_order_of_the_tables():
    presets = {name: make_preset(name, [f"{PREFIX[name]}{i}" for i in range(len(v))]) for name, v in SUPPORTED.items()}
    tables = {
        name: frame(*[state_rows(m.state, name, "split", v) for m, v in zip(presets[name].members, SUPPORTED[name])])
        for name in SUPPORTED
    }
    shuffled = {name: t.sample(frac=1, random_state=3) for name, t in tables.items()}
    assert atlas_findings(shuffled, presets, FAST) == atlas_findings(tables, presets, FAST)


def test_the_result_does_not_depend_on_the_order_of_the_members():
    presets = {name: make_preset(name, [f"{PREFIX[name]}{i}" for i in range(len(v))]) for name, v in SUPPORTED.items()}
    tables = {
        name: frame(*[state_rows(m.state, name, "split", v) for m, v in zip(presets[name].members, SUPPORTED[name])])
        for name in SUPPORTED
    }
    reversed_members = {
        name: dataclasses.replace(preset, members=preset.members[::-1]) for name, preset in presets.items()
    }
    found = atlas_findings(tables, reversed_members, FAST)
    assert found["expectations"] == atlas_findings(tables, presets, FAST)["expectations"]
    assert [s["state"] for s in found["states"] if s["preset"] == "post_a"] == ["PA0", "PA1", "PA2", "PA3"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1, 1), min_size=1, max_size=12),
    st.lists(st.floats(-1, 1), min_size=1, max_size=12),
    st.sampled_from(["mean", "median"]),
)
def test_the_interval_is_ordered_and_holds_the_point_estimate(a, b, statistic):
    params = AtlasFindingsParams(bootstrap_draws=300)
    function = np.mean if statistic == "mean" else np.median
    estimate, (low, high) = bootstrap(np.array(a), np.array(b), function, params)
    assert low <= high
    assert low - 1e-9 <= estimate <= high + 1e-9
    assert min(a) - max(b) - 1e-9 <= low and high <= max(a) - min(b) + 1e-9


@given(st.floats(-1, 1), st.floats(0, 1))
def test_the_verdict_follows_the_interval(low, width):
    interval = [low, low + width]
    assert (verdict(interval, 1) == "supported") == (interval[0] > 0)
    assert (verdict(interval, 1) == "contradicted") == (interval[1] < 0)
    assert (verdict(interval, -1) == "supported") == (interval[1] < 0)
    assert (verdict(interval, 1) == "not supported") == (interval[0] <= 0 <= interval[1])


# --- input checks -----------------------------------------------------------------------------


def test_tables_and_presets_must_match_by_name():
    preset = make_preset("post_a", ["AAA"])
    with pytest.raises(BadOption, match="no table for post_a; no preset for post_b"):
        atlas_findings({"post_b": frame()}, {"post_a": preset})


def test_a_missing_column_is_named():
    table = frame(rows("AAA", dependence_security=0.5)).drop(columns=["captured_domains", "share_security_JPN"])
    with pytest.raises(BadOption, match="the atlas table of classic lacks the column\\(s\\) captured_domains, "):
        atlas_findings({"classic": table}, {"classic": make_preset("classic", ["AAA"])})


def test_a_table_marking_a_state_the_preset_does_not_list_is_refused():
    table = frame(rows("AAA"), rows("BBB"))
    with pytest.raises(BadOption, match="marks BBB as members"):
        atlas_findings({"post_a": table}, {"post_a": make_preset("post_a", ["AAA"])})


def test_the_window_must_be_ordered():
    with pytest.raises(ValueError, match="first_year 2015 is after last_year 2014"):
        AtlasFindingsParams(first_year=2015)


# --- the result and its Markdown --------------------------------------------------------------


def test_the_result_is_json_with_the_parameters_used():
    result = world(SUPPORTED)
    text = json.dumps(result, allow_nan=False)
    assert json.loads(text) == result
    assert result["parameters"]["bootstrap_draws"] == 400 and result["parameters"]["split_threshold"] == 0.2
    assert set(result["parameter_descriptions"]) == set(result["parameters"])
    assert [e["number"] for e in result["expectations"]] == [1, 2, 3, 4]


def test_the_markdown_is_generated_deterministic_and_a_function_of_the_json():
    result = world(SUPPORTED)
    text = findings_markdown(result)
    assert text == findings_markdown(json.loads(json.dumps(result)))
    assert f"Generated by `{COMMAND}`" in text and "do not edit by hand" in text
    assert "| post-imperial (pooled) | 7 / 7 | 0.49 | [" in text
    assert "**supported**" in text


def test_the_markdown_gives_every_member_with_basis_and_citation_and_the_left_out():
    values = {"post_a": [0.5, 0.6, -0.1], "post_b": [0.5, 0.55, 0.45], "classic": [0.0, 0.05, 0.9], "americas": [0.1]}
    tables, presets = {}, {}
    for name, found in values.items():
        states = [f"{PREFIX[name]}{i}" for i in range(len(found))]
        tables[name] = frame(*[state_rows(s, name, "split", v) for s, v in zip(states, found)])
        presets[name] = make_preset(name, states)
    text = findings_markdown(atlas_findings(tables, presets, FAST))
    for preset in presets.values():
        for m in preset.members:
            assert f"| {m.state} | {m.name} | 1991 | {m.basis} | {m.citation} |" in text
    assert "- State PA2 (PA2, post_a): -0.10 < classic mean 0.32" in text
    assert "- State CL2 (CL2, classic): 0.90 > post-imperial mean 0.42" in text


def test_the_markdown_names_what_a_not_testable_verdict_lacks():
    values: dict[str, list[float | None]] = {
        "post_a": [0.5, 0.6, 0.55],
        "post_b": [0.5, 0.4, 0.45],
        "classic": [0.0, 0.1, None],
    }
    text = findings_markdown(world(values))
    assert "- post-imperial (pooled): classic: 2 of 3 members with data, fewer than 3 (without: CL2)." in text
    assert "- classic (1): no year of data in 2010-2014: CL2." in text
