"""UNGA votes by COW code (Voeten via fpsim): every line accounted for; votes match the raw file."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from datetime import date

import pytest

from multivector.sources.textfile import CsvRecord
from multivector.sources.unga_votes_fpsim import SOURCE, roll_call_dates
from tests.conftest import REPO_DATA

pytestmark = pytest.mark.slow
RAW = REPO_DATA / SOURCE.files[0].path
VOTE = {"1": "yes", "2": "abstain", "3": "no"}


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
    with gzip.open(RAW, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_one_of_the_855890_lines_is_accounted_for(ingested, raw):
    result = ingested[1]
    assert len(raw) == 855890 == result.rows_in  # PROVENANCE.md: 855,890 rows
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert result.rows_deduplicated == 3  # PROVENANCE.md: 3 duplicated (resid, ccode) pairs


def test_only_votes_cast_before_the_voter_existed_are_rejected(store):
    rejected = Counter(
        dict(
            store.con.execute(
                "SELECT split_part(raw_text, ',', 2), count(*) FROM rejects "
                "WHERE source_id = 'unga_votes_fpsim' AND reason = 'not_valid_in_year' GROUP BY 1"
            ).fetchall()
        )
    )
    assert store.con.execute("SELECT DISTINCT reason FROM rejects WHERE source_id = 'unga_votes_fpsim'").fetchall() == [
        ("not_valid_in_year",)
    ]
    # Ukrainian and Belarusian SSRs in late 1991, India and the Philippines before independence,
    # and a few votes dated days before a new member's independence
    assert rejected == Counter(
        {
            "369": 74,
            "370": 56,
            "750": 49,
            "840": 15,
            "510": 10,
            "501": 3,
            "950": 3,
            "404": 2,
            "511": 2,
            "694": 2,
            "500": 1,
        }
    )


def test_cow_365_is_the_ussr_until_1991_and_russia_after(store):
    spans = dict(
        (e, (lo, hi))
        for e, lo, hi in store.con.execute(
            "SELECT entity, min(year), max(year) FROM un_votes WHERE source_id = 'unga_votes_fpsim' "
            "AND entity IN ('SUN', 'RUS') GROUP BY 1"
        ).fetchall()
    )
    assert spans == {"SUN": (1946, 1991), "RUS": (1992, 2024)}


def agreement(votes: dict[tuple[str, str], str], first: str, second: str, resids) -> float:
    both = [r for r in resids if (r, first) in votes and (r, second) in votes]
    return sum(votes[(r, first)] == votes[(r, second)] for r in both) / len(both)


@pytest.mark.parametrize(("year", "provenance_share"), [(2014, 0.67), (2021, 0.68)])
def test_kazakhstan_russia_agreement_matches_the_raw_file(store, raw, year, provenance_share):
    """Share of identical votes, from the raw lines (calendar year of the date) and from the store."""
    votes = {(r["resid"], r["ccode"]): VOTE[r["vote"]] for r in raw}
    resids = {r["resid"] for r in raw if r["date"].startswith(str(year))}
    expected = agreement(votes, "705", "365", resids)
    stored = dict(
        ((str(rcid), entity), vote)
        for rcid, entity, vote in store.con.execute(
            "SELECT rcid, entity, vote FROM un_votes WHERE source_id = 'unga_votes_fpsim' AND year = ? "
            "AND entity IN ('KAZ', 'RUS')",
            [year],
        ).fetchall()
    )
    assert agreement(stored, "KAZ", "RUS", resids) == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(provenance_share, abs=0.03)  # provenance counts by session year


def test_a_vote_is_stored_as_cast(store, raw):
    line = next(i for i, r in enumerate(raw, start=2) if r["resid"].startswith("77") and r["ccode"] == "705")
    row = store.rows("SELECT * FROM un_votes WHERE source_id = 'unga_votes_fpsim' AND file_line = ?", [line])[0]
    source_row = raw[line - 2]
    expected = (int(source_row["resid"]), "KAZ", VOTE[source_row["vote"]])
    assert (row["rcid"], row["entity"], row["vote"]) == expected
    assert row["year"] == int(source_row["date"][:4])


def test_a_roll_call_with_stray_dates_takes_its_majority_year(store):
    years = store.con.execute(
        "SELECT DISTINCT year FROM un_votes WHERE source_id = 'unga_votes_fpsim' AND rcid = 78056"
    ).fetchall()
    assert years == [(2024,)]  # 161 lines dated 2024-06-04, 3 dated 2023-12-04


def test_years_outside_coverage_are_absent(store):
    span = "SELECT min(year), max(year) FROM un_votes WHERE source_id = 'unga_votes_fpsim'"
    assert store.con.execute(span).fetchone() == (1946, 2024)
    assert store.con.execute(span + " AND entity = 'KAZ'").fetchone() == (1992, 2024)


def test_a_roll_call_takes_the_date_most_of_its_lines_give():
    lines = [
        ("1001", "1946-01-10"),
        ("1001", "1946-01-10"),
        ("1001", " 1946-01-11"),
        ("1001", ""),
        ("1002", "1946-02-01"),
        ("1002", "1946-02-02"),
        ("1003", "1946-13-01"),
        ("1004", ""),
    ]
    records = [CsvRecord(n, "", {"resid": resid, "date": day}) for n, (resid, day) in enumerate(lines, 2)]
    assert roll_call_dates(records) == {
        "1001": date(1946, 1, 10),
        "1002": "resid 1002 is dated 1946-02-01 and 1946-02-02 by equally many lines",
        "1003": "resid 1003 is dated '1946-13-01' by most lines, not a date",
    }
