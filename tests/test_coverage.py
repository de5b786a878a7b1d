"""Coverage: channels, years and sources per state; unknown states refused with a suggestion."""

import pytest

from multivector.coverage import coverage
from multivector.errors import UnknownState


def test_kazakhstan_arms_imports_are_covered_from_the_sipri_register(built_store):
    result = coverage(built_store, "KAZ")
    arms = [
        c for c in result["channels"] if c["channel"] == "arms_imports" and c["source_id"] == "sipri_trade_register"
    ]
    assert arms and arms[0]["years_from"] == 1995 and arms[0]["domain"] == "security"
    stored_years = {
        y
        for (y,) in built_store.con.execute(
            "SELECT DISTINCT year FROM flows WHERE reporter = 'KAZ' AND source_id = 'sipri_trade_register'"
        ).fetchall()
    }
    assert set(arms[0]["years"]) == stored_years
    assert set(arms[0]["gaps"]) == set(range(1995, 2025)) - stored_years
    assert set(result["domains"]) == {"security", "economic", "diplomatic"}


def test_a_dissolved_state_has_no_rows_after_it_ended(built_store):
    assert all(c["years_to"] <= 1991 for c in coverage(built_store, "SUN")["channels"])


def test_state_names_resolve_and_unknown_ones_get_the_closest_names(built_home):
    from multivector.api import resolve_state
    from multivector.config import Settings
    from tests.conftest import REPO_DATA

    config = Settings(home=built_home, data_dir=REPO_DATA)
    assert resolve_state("Kazakhstan", config) == "KAZ" == resolve_state("kaz", config)
    with pytest.raises(UnknownState, match="Kazakhstan"):
        resolve_state("Kazakhztan", config)


def test_kazakhstan_has_all_three_domains_covered_every_year_1995_2020(built_store):
    result = coverage(built_store, "KAZ")
    for domain in ("security", "economic", "diplomatic"):
        years = {y for c in result["channels"] if c["domain"] == domain for y in c["years"]}
        assert set(range(1995, 2021)) <= years, (domain, sorted(set(range(1995, 2021)) - years))


def test_every_focus_state_has_each_domain_from_some_source(built_store):
    for state in ("KAZ", "UZB", "TKM", "KGZ", "TJK", "AZE", "ARM", "GEO", "UKR", "BLR", "MNG"):
        domains = coverage(built_store, state)["domains"]
        assert all(domains[d]["channels"] for d in domains), state
