"""The hedging type of a state-year from its domain leaders (``theory.hedging_types``)."""

from __future__ import annotations

import pandas as pd
import pytest

from multivector.indicators.poles import UNLISTED
from multivector.theory.hedging_types import hedging_types


def summary(*domains: tuple[str, str, bool], reporter: str = "KAZ", year: int = 2010) -> pd.DataFrame:
    """domain_summary rows of one state-year: (domain, leader, captured) each."""
    return pd.DataFrame(
        [(reporter, year, d, leader, captured) for d, leader, captured in domains],
        columns=["reporter", "year", "domain", "leader", "captured"],
    )


@pytest.mark.parametrize(
    ("domains", "kind", "leader", "captured"),
    [
        ((("security", "RUS", True), ("economic", "RUS", True), ("diplomatic", "RUS", True)), "aligned", "RUS", 3),
        ((("security", "RUS", True), ("economic", "RUS", False)), "leaning", "RUS", 1),
        ((("security", "RUS", True), ("economic", "CHN", True), ("diplomatic", "RUS", False)), "split", None, 2),
        ((("security", "RUS", True),), None, None, 1),  # one domain: no type can be read
        ((("security", "RUS", True), ("economic", UNLISTED, False)), None, None, 1),  # a partial list leads
        # OTHER, the unnamed rest, is no pole: it never captures, and a domain it leads has no pole leading
        ((("security", "OTHER", True), ("economic", "OTHER", True)), "unaligned", None, 0),
        ((("security", "OTHER", True), ("economic", "CHN", True)), "leaning", "CHN", 1),
        ((("security", "OTHER", False), ("economic", "CHN", True), ("diplomatic", "USA", True)), "split", None, 2),
    ],
)
def test_each_rule_gives_its_type(domains, kind, leader, captured):
    row = hedging_types(summary(*domains)).iloc[0]
    assert row.hedging_type == kind
    assert row.leader == leader
    assert row.captured_domains == captured


def test_leaders_are_named_per_domain_and_state_years_kept_apart():
    rows = pd.concat(
        [
            summary(("security", "RUS", True), ("economic", "CHN", False)),
            summary(("security", "USA", True), ("economic", "USA", True), reporter="PHL"),
            summary(("security", "RUS", True), ("economic", "RUS", True), year=2011),
        ]
    )
    types = hedging_types(rows).set_index(["reporter", "year"])
    assert types.loc[("KAZ", 2010), "leaders"] == "economic: CHN; security: RUS"
    assert types.loc[("KAZ", 2010), "hedging_type"] == "split"
    assert types.loc[("KAZ", 2011), "hedging_type"] == "aligned"
    assert types.loc[("PHL", 2010), "leader"] == "USA"


def test_no_rows_give_an_empty_table_with_the_columns():
    out = hedging_types(summary())
    assert out.empty and {"hedging_type", "leader", "captured_domains", "leaders"} <= set(out.columns)
