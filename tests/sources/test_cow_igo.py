"""COW IGO v3: memberships and shared-IGO counts; every line accounted for, symmetric, as in the raw files."""

from __future__ import annotations

import csv
import gzip

import pytest

from multivector.rejects import RowProblem
from multivector.sources.cow_igo import DYADS, MEMBERSHIPS, SOURCE, membership_status
from tests.conftest import REPO_DATA

KEPT = {705, 704, 701, 703, 702, 373, 371, 372, 369, 370, 359, 365, 366, 367, 368, 712, 2, 710, 640, 750, 630, 740, 732}


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, {result.file_name: result for result in results}
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


def read(path: str) -> list[dict]:
    with gzip.open(REPO_DATA / path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def raw_memberships() -> list[dict]:
    return read(MEMBERSHIPS)


@pytest.fixture(scope="module")
def raw_dyads() -> list[dict]:
    return read(DYADS)


@pytest.mark.parametrize(
    ("path", "expected_rows"),
    [
        (MEMBERSHIPS, 43649),  # PROVENANCE.md: 43,649 rows
        (DYADS, 177365),  # the subset of cow_igo_ndy's 917,695 rows, see ORIGIN.md
    ],
)
def test_every_line_is_accounted_for(ingested, path, expected_rows):
    result = ingested[1][path]
    assert result.rows_in == expected_rows
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated


def test_nothing_is_rejected(ingested, store, raw_memberships, raw_dyads):
    assert (len(raw_memberships), len(raw_dyads)) == (43649, 177365)
    assert store.con.execute("SELECT count(*) FROM rejects WHERE source_id = 'cow_igo'").fetchone() == (0,)
    assert ingested[1][DYADS].records_written == 2 * 177365


def test_the_dyad_subset_keeps_only_dyads_with_a_focus_state_or_great_power(raw_dyads):
    assert all(int(r["ccode1"]) in KEPT or int(r["ccode2"]) in KEPT for r in raw_dyads)
    assert all(int(r["ccode1"]) < int(r["ccode2"]) for r in raw_dyads)


def test_kazakhstan_memberships_2014_match_the_raw_file(store, raw_memberships):
    expected = {
        (r["ioname"], r["status_label"]) for r in raw_memberships if r["ccode"] == "705" and r["year"] == "2014"
    }
    stored = set(
        store.con.execute(
            "SELECT organisation, status FROM igo_memberships WHERE source_id = 'cow_igo' "
            "AND entity = 'KAZ' AND year = 2014"
        ).fetchall()
    )
    assert stored == expected
    assert {
        ("cis", "full"),
        ("csto", "full"),
        ("eaec", "full"),
        ("sco", "full"),
        ("osce", "full"),
        ("nam", "observer"),
    } <= stored  # PROVENANCE.md example


def test_membership_status_codes():
    assert membership_status({"status": "1", "status_label": "full"}) == "full"
    assert membership_status({"status": "3"}) == "observer"
    assert membership_status({"status": "0"}) is None  # not a member: nothing stored
    for code, reason in (("-9", "missing_value"), ("-1", "not_valid_in_year"), ("4", "out_of_range")):
        with pytest.raises(RowProblem) as problem:
            membership_status({"status": code})
        assert problem.value.reason == reason
    with pytest.raises(RowProblem):
        membership_status({"status": "2", "status_label": "full"})


@pytest.mark.parametrize(
    ("ccode1", "ccode2", "year", "first", "second"),
    [
        ("365", "705", "2014", "RUS", "KAZ"),
        ("705", "710", "1992", "KAZ", "CHN"),
        ("2", "705", "2014", "USA", "KAZ"),
    ],
)
def test_shared_igo_counts_match_the_raw_file(store, raw_dyads, ccode1, ccode2, year, first, second):
    expected = next(
        float(r["dyadigos"]) for r in raw_dyads if (r["ccode1"], r["ccode2"], r["year"]) == (ccode1, ccode2, year)
    )
    stored = dict(
        store.con.execute(
            "SELECT reporter, value FROM flows WHERE source_id = 'cow_igo' AND channel = 'igo' AND year = ? "
            "AND reporter IN (?, ?) AND partner IN (?, ?)",
            [int(year), first, second, first, second],
        ).fetchall()
    )
    assert stored == {first: expected, second: expected}


def test_shared_igos_are_symmetric(store):
    asymmetric = store.con.execute("""
        SELECT count(*) FROM flows a LEFT JOIN flows b
          ON b.source_id = a.source_id AND b.channel = a.channel AND b.year = a.year
         AND b.reporter = a.partner AND b.partner = a.reporter
        WHERE a.source_id = 'cow_igo' AND (b.value IS NULL OR b.value <> a.value)""").fetchone()[0]
    assert asymmetric == 0
    units = store.con.execute("SELECT DISTINCT unit FROM flows WHERE source_id = 'cow_igo'").fetchall()
    assert units == [("count_shared_igos",)]


def test_ussr_before_1992_russia_after(store):
    spans = dict(
        (e, (lo, hi))
        for e, lo, hi in store.con.execute(
            "SELECT reporter, min(year), max(year) FROM flows WHERE source_id = 'cow_igo' "
            "AND reporter IN ('SUN', 'RUS') GROUP BY 1"
        ).fetchall()
    )
    assert spans["SUN"] == (1923, 1991) and spans["RUS"] == (1816, 2014)  # RUS to 1922: the Russian Empire


def test_years_outside_coverage_are_absent(store):
    memberships = "SELECT min(year), max(year) FROM igo_memberships WHERE source_id = 'cow_igo'"
    assert store.con.execute(memberships).fetchone() == (1991, 2014)
    assert store.con.execute("SELECT max(year) FROM flows WHERE source_id = 'cow_igo'").fetchone() == (2014,)
    assert store.con.execute(
        "SELECT min(year) FROM flows WHERE source_id = 'cow_igo' AND reporter = 'KAZ'"
    ).fetchone() == (1991,)
