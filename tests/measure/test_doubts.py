"""Doubtful entries of the Factbook's partner lists: each rule on hand-made tables (DuckDB;
one case of each rule on every engine, for the engines' agreement), then the shipped store,
then the ``coverage`` command.

On the shipped data (all 195 reporters, 50,703 list entries) the rules flag 275 entries:
193 that a complete series contradicts (160 of them by COW trade, which covers every state)
and 82 isolated mentions no other list corroborates.
Kazakhstan's 2023 import list naming Gambia at 4% is one of them, in both Factbook sources;
no Russian or Chinese entry of a focus state is.
"""

from __future__ import annotations

import json

import ibis
import pandas as pd
import pytest

from multivector.measure.doubts import MIN_PARTNERS, doubts_for, partner_list_doubts
from tests.cli.test_cli import run as run_cli
from tests.indicators.conftest import ENGINES, engine_runner

USD = "usd_million_current"
OFFICE = "nso_kazakhstan_trade"
FACTBOOK = "factbook_trade_partners"
FILLERS = [f"P{number:02d}" for number in range(MIN_PARTNERS)]


def flow(year, reporter, partner, value, source, unit=USD, channel="imports", detail=""):
    return {
        "year": year,
        "reporter": reporter,
        "partner": partner,
        "channel": channel,
        "value": float(value),
        "unit": unit,
        "is_mirror": False,
        "source_id": source,
        "detail": detail,
    }


def listed(year, reporter, partner, share, edition=2025, channel="imports"):
    """A Factbook partner-list entry of ``edition``."""
    return flow(
        year,
        reporter,
        partner,
        share,
        FACTBOOK,
        unit="share_pct",
        channel=channel,
        detail=f"edition {edition}; {channel} partner rank 1",
    )


def office_year(year, **values):
    """Kazakhstan's statistics office in ``year``: the given partners plus enough small ones
    to cover the state (MIN_PARTNERS), 100 in all beside the given values."""
    filler = (100.0 - sum(values.values())) / len(FILLERS)
    return [flow(year, "KAZ", partner, value, OFFICE) for partner, value in values.items()] + [
        flow(year, "KAZ", partner, filler, OFFICE) for partner in FILLERS
    ]


def tables(flows, borders=()):
    frame = pd.DataFrame(flows)
    dyads = pd.DataFrame(
        [{"year": 2000, "reporter": a, "partner": b, "variable": "border_km", "value": 100.0} for a, b in borders]
        or [{"year": 2000, "reporter": "X", "partner": "Y", "variable": "unused", "value": 0.0}]
    )
    return {"flows": ibis.memtable(frame), "dyad_values": ibis.memtable(dyads)}


@pytest.fixture
def run():
    """DuckDB. On PySpark the doubts query takes some 40 s a case: ``run_each`` runs one case
    of each rule on every engine, enough to hold the engines to the same answer."""
    return engine_runner("duckdb")


@pytest.fixture(params=ENGINES)
def run_each(request):
    return engine_runner(request.param)


def flagged(run, t) -> set[tuple]:
    got = run(partner_list_doubts(t))
    return {(r.reporter, r.year, r.partner, r.rule) for r in got.itertuples()}


# Rule 1: a complete series of the reporter and channel, within a year of the entry.


def test_a_partner_absent_from_the_complete_series_that_year_is_doubtful(run):
    t = tables(
        [
            listed(2023, "KAZ", "GMB", 4.0),
            listed(2023, "KAZ", "RUS", 28.0),
            *office_year(2023, RUS=28.0),
            *office_year(2015, GMB=0.01),
        ]
    )  # GMB recorded, in 2015 only
    got = run(partner_list_doubts(t))
    assert got[["partner", "rule", "compared_series", "compared_year", "compared_share"]].values.tolist() == [
        ["GMB", "complete series", OFFICE, 2023, 0.0]
    ]
    assert got.reason[0] == (
        "listed at 4% of imports, but nso_kazakhstan_trade gives GMB (GMB) 0.00% of KAZ's imports in 2023"
    )


def test_a_partner_at_half_the_listed_share_is_not_doubtful(run):
    t = tables([listed(2023, "KAZ", "TUR", 4.0), *office_year(2023, TUR=2.0)])
    assert flagged(run, t) == set()


def test_below_a_quarter_is_doubtful_and_the_largest_share_within_a_year_counts(run_each):
    run = run_each
    below = tables([listed(2022, "KAZ", "TUR", 8.0), *office_year(2022, TUR=1.9)])
    assert flagged(run, below) == {("KAZ", 2022, "TUR", "complete series")}
    next_year_agrees = tables(
        [listed(2022, "KAZ", "TUR", 8.0), *office_year(2022, TUR=1.9), *office_year(2023, TUR=2.5)]
    )
    assert flagged(run, next_year_agrees) == set()


def test_a_series_covering_too_few_partners_or_never_recording_the_partner_cannot_speak(run):
    fragment = [flow(2023, "KAZ", partner, 10.0, OFFICE) for partner in ("RUS", "CHN", "DEU")]
    t = tables([listed(2023, "KAZ", "GMB", 4.0), *fragment])
    assert flagged(run, t) == set()  # no list of another year either: rule 2 cannot speak
    never = tables([listed(2023, "KAZ", "VGB", 4.0), *office_year(2023)])
    assert flagged(run, never) == set()


# Rule 2: no complete series; the neighbouring lists of the reporter and everyone else's.

LISTS = [
    listed(2021, "KGZ", "RUS", 30.0, edition=2023),
    listed(2021, "KGZ", "CHN", 20.0, edition=2023),
    listed(2023, "KGZ", "RUS", 30.0),
    listed(2023, "KGZ", "CHN", 25.0),
]


def test_a_partner_no_neighbouring_list_names_is_doubtful(run_each):
    run = run_each
    t = tables([*LISTS, listed(2023, "KGZ", "GMB", 5.0)])
    got = run(partner_list_doubts(t))
    assert got[["partner", "rule"]].values.tolist() == [["GMB", "neighbouring lists"]]
    assert got[["compared_series", "compared_year", "compared_share"]].isna().all(axis=None)
    assert got.reason[0] == (
        "listed at 5% of imports, but no other Factbook list of KGZ's imports from 2021 "
        "to 2025, nor any other state's, names GMB (GMB), which does not border it"
    )


def test_a_partner_named_in_a_neighbouring_edition_is_not_doubtful(run):
    t = tables([*LISTS, listed(2023, "KGZ", "GMB", 5.0), listed(2021, "KGZ", "GMB", 3.0, edition=2023)])
    assert flagged(run, t) == set()


def test_a_reprint_of_the_same_data_year_is_no_corroboration(run):
    t = tables([*LISTS, listed(2023, "KGZ", "GMB", 5.0), listed(2023, "KGZ", "GMB", 5.0, edition=2026)])
    assert flagged(run, t) == {("KGZ", 2023, "GMB", "neighbouring lists")}


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(dict(lists=[listed(2023, "KGZ", "GMB", 2.0)]), id="below-3-percent"),
        pytest.param(
            dict(lists=[listed(2023, "KGZ", "GMB", 5.0), listed(2022, "SEN", "GMB", 9.0)]), id="another-state-names-it"
        ),
        pytest.param(dict(lists=[listed(2023, "KGZ", "GMB", 5.0)], borders=[("GMB", "KGZ")]), id="a-neighbour"),
        pytest.param(dict(lists=[listed(2023, "TKM", "GMB", 5.0)]), id="no-list-of-another-year"),
    ],
)
def test_the_fallback_leaves_small_named_bordering_and_unchecked_entries_alone(run, other):
    t = tables([*LISTS, *other["lists"]], borders=other.get("borders", ()))
    assert flagged(run, t) == set()


# The shipped store.

FOCUS = ("KAZ", "UZB", "KGZ", "TJK", "TKM", "ARM")


@pytest.fixture(scope="module")
def store_tables(built_store):
    return {name: built_store.table(name) for name in ("flows", "entities", "dyad_values")}


@pytest.fixture(scope="module")
def doubts(built_store, store_tables) -> pd.DataFrame:
    return built_store.ibis.execute(partner_list_doubts(store_tables))


def test_kazakhstans_2023_imports_from_gambia_are_doubted_in_both_factbook_sources(doubts):
    gambia = doubts[
        (doubts.reporter == "KAZ") & (doubts.year == 2023) & (doubts.channel == "imports") & (doubts.partner == "GMB")
    ]
    assert set(gambia.source_id) == {"factbook_trade_partners", "factbook_2026"}
    assert set(gambia.compared_series) == {OFFICE}
    assert (gambia.listed_share == 4.0).all() and (gambia.compared_share < 0.01).all()


def test_no_russian_or_chinese_entry_of_a_focus_state_is_doubted(doubts):
    poles = doubts[doubts.reporter.isin(FOCUS) & doubts.partner.isin(["RUS", "CHN"])]
    assert poles.empty, poles[["reporter", "year", "channel", "partner", "reason"]].to_string()


def test_few_entries_are_doubted(doubts):
    """Observed: 193 by the complete series (160 by COW trade), 82 by the neighbouring lists, of 50,703 entries."""
    counts = doubts.rule.value_counts().to_dict()
    assert counts.get("complete series", 0) <= 220 and counts.get("neighbouring lists", 0) <= 110, counts


def test_doubts_for_a_state_gives_its_entries_as_plain_values(store_tables):
    rows = doubts_for(store_tables, "KAZ")
    gambia = [r for r in rows if r["partner"] == "GMB"]
    assert {r["source_id"] for r in gambia} == {"factbook_trade_partners", "factbook_2026"}
    assert all(type(r["year"]) is int and type(r["compared_year"]) is int for r in gambia)
    assert {r["reporter"] for r in rows} == {"KAZ"}


def test_coverage_prints_the_doubt_after_the_table_and_lists_it_in_json(built_home):
    done = run_cli(built_home, "coverage", "KAZ")
    assert done.returncode == 0, done.stderr
    assert (
        "doubt: factbook_trade_partners imports 2023 lists GMB at 4%: nso_kazakhstan_trade gives 0.00% (Gambia)"
    ) in done.stdout.splitlines()
    as_json = run_cli(built_home, "coverage", "KAZ", "--json")
    assert as_json.returncode == 0, as_json.stderr
    doubts = json.loads(as_json.stdout)["doubts"]
    assert {(d["source_id"], d["partner"]) for d in doubts if d["year"] == 2023 and d["channel"] == "imports"} == {
        ("factbook_trade_partners", "GMB"),
        ("factbook_2026", "GMB"),
    }
