"""ATOP alliances: a directed file stored once per direction; symmetric ties; obligations in detail."""

from __future__ import annotations

import csv
import gzip

import pytest

from multivector.sources.atop_alliances import OBLIGATIONS, SOURCE
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "peacesciencer" / "atop_alliance.csv.gz"
WHERE = "source_id = 'atop_alliances'"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def raw() -> dict[tuple[str, str, str], dict]:
    with gzip.open(RAW, "rt", encoding="utf-8", newline="") as handle:
        return {(r["ccode1"], r["ccode2"], r["year"]): r for r in csv.DictReader(handle)}


def test_every_one_of_the_273296_lines_is_accounted_for(ingested, raw):
    store, [result] = ingested
    assert len(raw) == 273296 == result.rows_in  # PROVENANCE.md: 273,296 rows, no duplicate key
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    reasons = dict(store.con.execute(f"SELECT reason, count(*) FROM rejects WHERE {WHERE} GROUP BY 1").fetchall())
    assert reasons == {"not_valid_in_year": 974, "conflicting_duplicate": 2}
    # 1990: West Germany (260) and Germany (255) are both DEU; 62 of their lines agree
    assert result.rows_deduplicated == 62
    conflicts = store.con.execute(
        f"SELECT raw_text FROM rejects WHERE {WHERE} AND reason = 'conflicting_duplicate'"
    ).fetchall()
    assert sorted(r[0] for r in conflicts) == ["260,365,1990,0,0,0,1,0", "365,260,1990,0,0,0,1,0"]


def test_the_file_is_directed_with_both_directions_listed(raw):
    assert all((b, a, y) in raw for a, b, y in raw)
    differing = [k for k, r in raw.items() if any(r[c] != raw[(k[1], k[0], k[2])][c] for c in OBLIGATIONS)]
    assert differing  # obligations can be one-sided, so they stay with their direction


def test_alliance_ties_are_symmetric_and_stored_once_per_direction(ingested):
    store, _ = ingested
    rows = store.con.execute(f"SELECT reporter, partner, year, value FROM flows WHERE {WHERE}").fetchall()
    dyads = {(a, b, y) for a, b, y, _ in rows}
    assert len(dyads) == len(rows)
    assert dyads == {(b, a, y) for a, b, y in dyads}
    assert {value for *_, value in rows} == {1.0}


@pytest.mark.parametrize(
    ("key", "reporter", "partner"),
    [
        (("705", "365", "2010"), "KAZ", "RUS"),
        (("705", "710", "2010"), "KAZ", "CHN"),
        (("705", "2", "2010"), "KAZ", "USA"),
    ],
)
def test_obligations_of_a_direction_are_in_its_detail(ingested, raw, key, reporter, partner):
    store, _ = ingested
    [(detail,)] = store.con.execute(
        f"SELECT detail FROM flows WHERE {WHERE} AND reporter = ? AND partner = ? AND year = ?",
        [reporter, partner, int(key[2])],
    ).fetchall()
    held = [label for column, label in OBLIGATIONS.items() if raw[key][column] == "1"]
    assert detail == "ATOP obligations towards the partner: " + ", ".join(held)
    if key[1] == "365":
        assert "defense" in held  # the CSTO


def test_code_365_is_the_ussr_to_1991_and_russia_after(ingested):
    store, _ = ingested
    spans = dict(
        store.con.execute(
            f"SELECT reporter, max(year) FROM flows WHERE {WHERE} AND reporter IN ('SUN', 'RUS') "
            "AND year > 1945 GROUP BY 1"
        ).fetchall()
    )
    assert spans == {"SUN": 1991, "RUS": 2018}


def test_years_after_2018_are_absent(ingested):
    store, _ = ingested
    assert store.con.execute(f"SELECT max(year) FROM flows WHERE {WHERE}").fetchone()[0] == 2018
