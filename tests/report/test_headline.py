"""The report's words on constructed inputs: the headline rule, partial years, ids in plain words."""

from __future__ import annotations

from multivector.report.headline import region_headline, state_headline, sureness
from multivector.report.reasons import model_beside_data
from multivector.report.words import factor, plain, series_words, typical_count, year_label


def shock(year: int, verdict: str, falls: dict, fragile: bool = False, robustness: float = 1.0, acts: int = 1) -> dict:
    """A default shock as ``classify`` records it: ``falls`` maps a domain to True, False or None (untestable)."""
    return {
        "year": year,
        "kind": "default",
        "verdict": verdict,
        "domains": {d: {"testable": f is not None, "falls": bool(f)} for d, f in falls.items()},
        "robustness": {"robustness": robustness, "fragile": fragile, "settings": 15},
        "acts": [{"claim": "an act"}] * acts,
    }


FELL_IN_TWO = {"security": True, "economic": True, "diplomatic": False}
HELD = {"security": False, "economic": False, "diplomatic": False}


def test_the_state_headline_says_where_the_share_fell_and_how_sure_the_verdict_is():
    text = state_headline(
        "Kazakhstan",
        "RUS",
        [shock(2014, "substantive", FELL_IN_TWO), shock(2022, "declaratory", HELD, fragile=True, robustness=13 / 15)],
    )
    assert text == (
        "Kazakhstan's dependence on Russia fell in security and the economy and held in diplomacy after 2014 "
        "(a substantive shift, robust to the 15 parameter settings tested); after 2022 it held in every domain "
        "(no substantive shift, fragile: 2 of 15 parameter settings tested turn it)."
    )


def test_the_state_headline_names_untestable_domains_and_a_fall_without_an_act():
    untested = shock(2022, "not testable", {"security": True, "economic": None, "diplomatic": False})
    unconfirmed = shock(2014, "declaratory", FELL_IN_TWO, acts=0)
    text = state_headline("Tajikistan", "RUS", [unconfirmed, untested])
    assert "no substantive shift: no act on record confirms the fall" in text
    assert (
        "after 2022 it fell in security and held in diplomacy, and could not be read in the economy (not testable)"
        in text
    )
    assert state_headline("Atlantis", "RUS", []).endswith(
        "could not be tested: no shock falls within the years with data."
    )


def test_the_region_headline_counts_shifts_untestable_states_and_fragile_verdicts():
    states = [
        ("Uzbekistan", [shock(2014, "substantive", FELL_IN_TWO, fragile=True, robustness=14 / 15)]),
        ("Kazakhstan", [shock(2014, "declaratory", HELD)]),
        ("Turkmenistan", [shock(2014, "not testable", {"security": False, "economic": None})]),
    ]
    assert region_headline(states, "RUS") == (
        "Of the three states, dependence on Russia shifted substantively after 2014 in Uzbekistan only (fragile); "
        "Turkmenistan has no unbroken series across 2014 in the economy, so cannot be judged; "
        "1 of the 2 verdicts is fragile to the parameter settings tested."
    )


def test_sureness_counts_the_settings_that_turn_a_verdict():
    assert sureness({"robustness": 0.8, "fragile": True, "settings": 15}) == (
        "fragile: 3 of 15 parameter settings tested turn it"
    )
    assert sureness(None) == ""


def test_a_model_verdict_that_differs_from_the_data_carries_its_reason():
    data = shock(2014, "declaratory", {"security": True, "economic": False, "diplomatic": False})
    model = {
        "transition_share": 0.81,
        "reproduced": True,
        "domain_fall_share": {"security": 0.9, "economic": 0.1, "diplomatic": 0.7},
        "observed": {"transition": True},
    }
    row = model_beside_data(data, model, 1000, "RUS")
    assert row["agree"] is False and row["model"] == "a shift: a shift in 81% of 1,000 draws"
    assert row["data"].startswith("declaratory: the share of Russia fell below its pre-shock trend in security")
    assert "the model's own path without the shock" in row["reason"]
    assert "falling in security and diplomacy, the data in security" in row["reason"]
    same = model_beside_data(data, {**model, "reproduced": False, "transition_share": 0.1}, 1000, "RUS")
    assert same["agree"] is True and same["reason"] == ""


def test_a_partial_year_is_labelled_and_compared_with_a_typical_year():
    votes = {2018: 90, 2019: 80, 2020: 78, 2021: 79, 2022: 74, 2023: 81, 2024: 4}
    assert year_label(2024, {2024}) == "2024, part of the year" and year_label(2023, {2024}) == "2023"
    assert typical_count(votes, 2024) == 79  # the median of 2019-2023
    assert typical_count(votes, 2018) == 0


def test_ids_become_words_and_citation_keys_stay():
    text = "84.7 of 104.7 mt_per_year on Makat–North_Caucasus_Pipeline, arms_imports [imf_dots+knowledge_base]"
    assert plain(text) == (
        "84.7 of 104.7 million tonnes a year on Makat–North Caucasus Pipeline, arms imports [imf_dots+knowledge_base]"
    )
    assert plain("x drives it (total Sobol index 0.56)") == "x drives it (share of the spread explained 0.56)"
    assert factor("sigma_economic") == "the cost of switching partners (the economy)"
    assert factor("rho_2014").endswith("after the 2014 shock")


def test_a_series_label_reads_as_its_source_and_unit_in_words():
    assert series_words("imf_dots (mirror): usd_million_current") == (
        "IMF Direction of Trade Statistics, partners' reports, US$ million (current prices)"
    )
    assert "_" not in series_words("atop_alliances: indicator")


def test_the_engines_codes_of_powers_and_states_become_names_but_citation_keys_stay():
    text = "RUS's share of the economic domain: 42.2% (1994) [imf_dots]; KAZ borders RUS; commodity:KAZ:1"
    assert plain(text) == (
        "Russia's share of the economic domain: 42.2% (1994) [imf_dots]; Kazakhstan borders Russia; commodity:KAZ:1"
    )
