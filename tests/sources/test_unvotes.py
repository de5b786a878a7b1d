"""unvotes (Voeten via R unvotes): every line accounted for; votes and issues match the raw files."""

from __future__ import annotations

import csv
import gzip
from collections import Counter, defaultdict
from datetime import date

import pytest

from multivector.rejects import RowProblem
from multivector.sources.base import ParseContext
from multivector.sources.unvotes import SOURCE, voter_on
from tests.conftest import REPO_DATA

FOLDER = REPO_DATA / "unvotes"
ROLL_CALLS, ISSUES, VOTES = (spec.path for spec in SOURCE.files)


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, {result.file_name: result for result in results}
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


@pytest.fixture(scope="module")
def raw_roll_calls() -> dict[int, dict]:
    with gzip.open(FOLDER / "un_roll_calls.csv.gz", "rt", encoding="utf-8", newline="") as f:
        return {int(r["rcid"]): r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def raw_votes() -> list[dict]:
    with gzip.open(FOLDER / "un_votes.csv.gz", "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def reasons(store, file_name) -> Counter:
    return Counter(
        dict(
            store.con.execute(
                "SELECT reason, count(*) FROM rejects WHERE source_id = 'unvotes' AND file_name = ? GROUP BY 1",
                [file_name],
            ).fetchall()
        )
    )


@pytest.mark.parametrize(
    ("file_name", "provenance_rows"),
    [
        (ROLL_CALLS, 6203),
        (ISSUES, 5745),
        (VOTES, 870109),
    ],
)
def test_every_line_is_accounted_for(ingested, file_name, provenance_rows):
    result = ingested[1][file_name]
    assert result.rows_in == provenance_rows  # PROVENANCE.md row counts
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated


def test_raw_files_have_the_provenance_row_counts(raw_roll_calls, raw_votes):
    with open(FOLDER / "un_roll_call_issues.csv", encoding="utf-8", newline="") as f:
        issues = list(csv.DictReader(f))
    assert (len(raw_roll_calls), len(issues), len(raw_votes)) == (6203, 5745, 870109)


def test_roll_calls_and_issues_load_whole(ingested, store):
    results = ingested[1]
    assert results[ROLL_CALLS].rows_loaded == 6203 and results[ISSUES].rows_loaded == 5745
    assert results[ISSUES].records_written == 0  # the issues live in un_roll_calls.issue
    assert not reasons(store, ROLL_CALLS) and not reasons(store, ISSUES)


def test_only_votes_of_non_states_are_rejected(ingested, store):
    assert reasons(store, VOTES) == Counter({"not_valid_in_year": 12909})
    assert ingested[1][VOTES].rows_loaded == 870109 - 12909
    west_germany = store.con.execute(
        "SELECT count(*) FROM un_votes WHERE source_id = 'unvotes' AND entity = 'DEU' AND year < 1990"
    ).fetchone()[0]
    assert west_germany > 2000  # 'Federal Republic of Germany' resolves through the crosswalk
    outside = Counter(
        dict(
            store.con.execute(
                "SELECT split_part(raw_text, ',', 2), count(*) FROM rejects WHERE source_id = 'unvotes' "
                "AND reason = 'not_valid_in_year' GROUP BY 1"
            ).fetchall()
        )
    )
    # the USSR (coded Russia) and the Soviet republics to 1991, Yugoslavia's code kept after 2003,
    # unified Yemen in 1990 as the Yemen Arab Republic, the ROC seat to 1949 (coded Taiwan)
    assert {
        name: outside[name] for name in ("Russia", "Ukraine", "Belarus", "Yugoslavia", "Yemen Arab Republic", "Taiwan")
    } == {
        "Russia": 3686,
        "Ukraine": 3682,
        "Belarus": 3655,
        "Yugoslavia": 1466,
        "Yemen Arab Republic": 84,
        "Taiwan": 249,
    }
    # votes before independence (India, the Philippines) or dated days before it
    assert set(outside) - {"Russia", "Ukraine", "Belarus", "Yugoslavia", "Yemen Arab Republic", "Taiwan"} == {
        "India",
        "Philippines",
        "Tanzania",
        "Uganda",
        "Kenya",
        "Zanzibar",
        "Fiji",
        "Qatar",
        "Guinea-Bissau",
    }


def test_issue_codes_match_the_issues_file(store):
    with open(FOLDER / "un_roll_call_issues.csv", encoding="utf-8", newline="") as f:
        expected = defaultdict(set)
        for r in csv.DictReader(f):
            expected[int(r["rcid"])].add(r["short_name"])
    stored = dict(store.con.execute("SELECT rcid, issue FROM un_roll_calls WHERE source_id = 'unvotes'").fetchall())
    assert len(stored) == 6203
    assert {rcid: set(issue.split(",")) for rcid, issue in stored.items() if issue} == expected
    assert stored[1083] == "me,hr,co"  # Palestinian conflict, human rights, colonialism


def test_a_roll_call_keeps_its_date_session_and_title(store, raw_roll_calls):
    row = store.rows("SELECT * FROM un_roll_calls WHERE source_id = 'unvotes' AND rcid = 9146")[0]
    raw = raw_roll_calls[9146]
    assert (row["session"], row["vote_date"].isoformat(), row["year"]) == (74, raw["date"], 2019)
    assert row["short_title"] == raw["short"].strip() == "Oil slick on Lebanese shores"


def test_kazakhstan_votes_match_the_raw_file(store, raw_votes):
    raw = {int(r["rcid"]): r["vote"] for r in raw_votes if r["country_code"] == "KZ"}
    stored = dict(
        store.con.execute("SELECT rcid, vote FROM un_votes WHERE source_id = 'unvotes' AND entity = 'KAZ'").fetchall()
    )
    assert len(raw) == 2394 and stored == raw  # PROVENANCE.md: KAZ 2,394 votes


def test_a_vote_takes_the_year_of_its_roll_call(store, raw_roll_calls):
    rows = store.con.execute(
        "SELECT rcid, year FROM un_votes WHERE source_id = 'unvotes' AND entity = 'RUS'"
    ).fetchall()
    assert rows and all(int(raw_roll_calls[rcid]["date"][:4]) == when for rcid, when in rows)
    assert min(when for _, when in rows) == 1992  # the USSR's votes, coded RU, are rejected


def test_years_outside_coverage_are_absent(store):
    span = store.con.execute("SELECT min(year), max(year) FROM un_votes WHERE source_id = 'unvotes'").fetchone()
    assert span == (1946, 2020)
    first_kaz = store.con.execute(
        "SELECT min(year) FROM un_votes WHERE source_id = 'unvotes' AND entity = 'KAZ'"
    ).fetchone()[0]
    assert first_kaz == 1992
    assert (
        store.con.execute(
            "SELECT count(*) FROM un_votes WHERE source_id = 'unvotes' AND vote NOT IN ('yes', 'no', 'abstain')"
        ).fetchone()[0]
        == 0
    )


def test_a_remembered_answer_of_voter_on_is_the_answer_asked_afresh(store):
    questions = [
        ("KZ", "iso2", date(1992, 3, 2), "country_code"),
        ("KZ", "iso2", date(1991, 12, 20), "country_code"),
        ("UA", "iso2", date(1991, 10, 1), "country_code"),
        ("XX", "iso2", date(2000, 1, 1), "country_code"),
        ("Zanzibar", "name", date(1963, 12, 16), "country"),
    ]

    def answer(on, question):
        try:
            return on(*question)
        except RowProblem as problem:
            return (problem.reason, problem.message, problem.column, problem.suggestion)

    remembering = voter_on(ParseContext(store, VOTES))
    first = [answer(remembering, q) for q in questions]
    assert [answer(remembering, q) for q in questions] == first
    assert first == [answer(voter_on(ParseContext(store, VOTES)), q) for q in questions]
    assert first[0] == "KAZ" and first[1][0] == "not_valid_in_year" and first[3][0] == "unknown_country"
