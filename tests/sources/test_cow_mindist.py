"""Minimum distance (CShapes 2.0): both directions of every pair, values as in the raw file."""

from __future__ import annotations

import csv
import gzip

import pytest

from multivector.sources.cow_mindist import SOURCE
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "peacesciencer" / "cow_mindist_postsoviet_mongolia.csv.gz"
WHERE = "source_id = 'cow_mindist'"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def raw() -> dict[tuple[str, str, int], str]:
    with gzip.open(RAW, "rt", encoding="utf-8", newline="") as handle:
        return {(r["ccode1"], r["ccode2"], int(r["year"])): r["mindist"] for r in csv.DictReader(handle)}


def test_every_one_of_the_101094_lines_gives_two_records(ingested, raw):
    store, [result] = ingested
    assert len(raw) == 101094 == result.rows_in == result.rows_loaded  # PROVENANCE.md: 101,094
    assert result.rows_rejected == result.rows_deduplicated == 0
    assert store.con.execute(f"SELECT count(*) FROM rejects WHERE {WHERE}").fetchone()[0] == 0
    assert result.records_written == 2 * 101094


def test_distance_is_symmetric(ingested):
    store, _ = ingested
    rows = store.con.execute(f"SELECT reporter, partner, year, value FROM dyad_values WHERE {WHERE}").fetchall()
    assert set(rows) == {(b, a, y, v) for a, b, y, v in rows}
    assert len(set(rows)) == len(rows)


@pytest.mark.parametrize(
    ("key", "pair"),
    [
        (("705", "710", 2010), ("KAZ", "CHN")),  # a shared border: 0 km
        (("369", "705", 2010), ("UKR", "KAZ")),
        (("365", "712", 2019), ("RUS", "MNG")),
        (("2", "365", 1950), ("USA", "SUN")),
    ],
)
def test_spot_distances_match_the_raw_file(ingested, raw, key, pair):
    store, _ = ingested
    for reporter, partner in (pair, pair[::-1]):
        got = store.con.execute(
            f"SELECT value, unit FROM dyad_values WHERE {WHERE} AND reporter = ? AND partner = ? AND year = ?",
            [reporter, partner, key[2]],
        ).fetchall()
        assert got == [(float(raw[key]), "km")]


def test_years_outside_1886_2019_are_absent(ingested):
    store, _ = ingested
    assert store.con.execute(f"SELECT min(year), max(year) FROM dyad_values WHERE {WHERE}").fetchone() == (1886, 2019)
