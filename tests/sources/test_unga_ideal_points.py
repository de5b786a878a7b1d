"""UNGA ideal points (Bailey, Strezhnev & Voeten 2023): lines accounted for, values match the raw file."""

from __future__ import annotations

import csv

import pytest

from multivector.sources.unga_ideal_points import SOURCE, session_year
from tests.conftest import REPO_DATA

RAW = REPO_DATA / SOURCE.files[0].path
VARIABLES = {
    "IdealPointAll": "ideal_point",
    "Q5%All": "ideal_point_q05",
    "Q95%All": "ideal_point_q95",
    "NVotesAll": "unga_votes_cast",
}


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results[0]
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    with open(RAW, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def values(store, entity: str, year: int) -> dict[str, float]:
    return dict(
        store.con.execute(
            "SELECT variable, value FROM state_values WHERE source_id = 'unga_ideal_points' "
            "AND entity = ? AND year = ?",
            [entity, year],
        ).fetchall()
    )


def test_every_one_of_the_11045_lines_is_accounted_for(ingested, raw):
    result = ingested[1]
    assert len(raw) == 11045 == result.rows_in  # PROVENANCE.md: 11,045 country-sessions
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert result.records_written == 4 * result.rows_loaded  # no value is missing in this release


def test_only_states_that_did_not_exist_in_the_opening_year_are_rejected(store):
    rejected = dict(
        store.con.execute(
            "SELECT split_part(raw_text, ',', 2), count(*) FROM rejects WHERE source_id = 'unga_ideal_points' "
            "GROUP BY 1"
        ).fetchall()
    )
    reasons = store.con.execute("SELECT DISTINCT reason FROM rejects WHERE source_id = 'unga_ideal_points'").fetchall()
    assert reasons == [("not_valid_in_year",)]
    # Ukrainian and Belarusian SSRs 1946-1990, ROC seat 1946-48, India 1946, mid-session admissions
    assert rejected == {"369": 44, "370": 44, "713": 3, "750": 1, "346": 1, "452": 1, "590": 1}


@pytest.mark.parametrize(
    ("ccode", "entity", "session"),
    [
        ("705", "KAZ", 77),
        ("2", "USA", 75),
        ("365", "RUS", 76),
    ],
)
def test_values_match_the_raw_file(store, raw, ccode, entity, session):
    line = next(r for r in raw if r["ccode"] == ccode and r["session"] == str(session))
    expected = {variable: float(line[column]) for column, variable in VARIABLES.items()}
    assert values(store, entity, session_year(session)) == pytest.approx(expected, abs=1e-12)


def test_provenance_examples(store):
    """PROVENANCE.md: sessions 75 / 76 / 77, USA 2.70 / 2.62 / 2.46, Kazakhstan -0.52 / -0.51 / -0.77."""
    usa = [values(store, "USA", year)["ideal_point"] for year in (2020, 2021, 2022)]
    kaz = [values(store, "KAZ", year)["ideal_point"] for year in (2020, 2021, 2022)]
    assert usa == pytest.approx([2.70, 2.62, 2.46], abs=0.005)
    assert kaz == pytest.approx([-0.52, -0.51, -0.77], abs=0.005)


def test_session_year_is_the_opening_year(store):
    assert [session_year(s) for s in (1, 2, 46, 77)] == [1946, 1947, 1991, 2022]
    ussr = store.con.execute(
        "SELECT entity FROM state_values WHERE source_id = 'unga_ideal_points' AND year = 1991 "
        "AND variable = 'ideal_point' AND detail = 'UNGA session 46' AND entity IN ('SUN', 'RUS')"
    ).fetchall()
    assert ussr == [("SUN",)]  # session 46 opened in September 1991, before the USSR ended


def test_years_outside_coverage_are_absent(store):
    span = "SELECT min(year), max(year) FROM state_values WHERE source_id = 'unga_ideal_points'"
    assert store.con.execute(span).fetchone() == (1946, 2022)
    assert store.con.execute(span + " AND entity = 'KAZ'").fetchone() == (1992, 2022)
