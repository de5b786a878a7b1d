"""COW dyadic trade v4.0: every line accounted for, one imports record per present direction."""

from __future__ import annotations

import csv
import gzip

import pytest

from multivector.sources.cow_trade import SOURCE
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "cow_trade" / "cow_trade_ddy_postsoviet_mongolia.csv.gz"
ROWS_IN_PROVENANCE = 65485  # PROVENANCE.md: "subset (65,485 rows)"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results[0]
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with gzip.open(RAW, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_flow(raw_rows, ccode1: str, ccode2: str, year: int) -> dict:
    return next(r for r in raw_rows if (r["ccode1"], r["ccode2"], r["year"]) == (ccode1, ccode2, str(year)))


def stored(store, reporter: str, partner: str, year: int) -> list[tuple]:
    return store.con.execute(
        "SELECT value, unit, is_estimate, is_mirror FROM flows WHERE source_id = 'cow_trade' "
        "AND channel = 'imports' AND reporter = ? AND partner = ? AND year = ?",
        [reporter, partner, year],
    ).fetchall()


def test_every_line_is_loaded_or_deduplicated(ingested, raw_rows):
    _, result = ingested
    assert result.rows_in == len(raw_rows) == ROWS_IN_PROVENANCE
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    lines = {(r["ccode1"], r["ccode2"], r["year"]) for r in raw_rows}
    seen_twice = sum(1 for a, b, y in lines if (b, a, y) in lines) // 2
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (
        ROWS_IN_PROVENANCE - seen_twice,
        0,
        seen_twice,
    )
    assert seen_twice == 2852


def test_nothing_is_rejected(store):
    reasons = store.con.execute(
        "SELECT reason, count(*) FROM rejects WHERE source_id = 'cow_trade' GROUP BY 1"
    ).fetchall()
    assert reasons == []


def test_one_record_per_present_flow_and_none_for_a_missing_one(ingested, raw_rows):
    store, result = ingested
    dyads = {}
    for r in raw_rows:
        a, b = sorted((r["ccode1"], r["ccode2"]))
        dyads[(a, b, r["year"])] = (r["flow1"] != "") + (r["flow2"] != "")
    assert result.records_written == sum(dyads.values())
    line = raw_flow(raw_rows, "359", "165", 1992)  # Moldova-Uruguay: flow1 empty, flow2 0.0
    assert line["flow1"] == "" and line["flow2"] == "0.0"
    assert stored(store, "MDA", "URY", 1992) == []
    assert stored(store, "URY", "MDA", 1992) == [(0.0, "usd_million_current", False, False)]


@pytest.mark.parametrize(
    ("ccode1", "ccode2", "year", "importer", "exporter"),
    [
        ("705", "710", 2010, "KAZ", "CHN"),
        ("704", "365", 2014, "UZB", "RUS"),
        ("365", "2", 1980, "SUN", "USA"),
    ],
)
def test_values_match_the_raw_file_in_both_directions(store, raw_rows, ccode1, ccode2, year, importer, exporter):
    line = raw_flow(raw_rows, ccode1, ccode2, year)
    assert stored(store, importer, exporter, year) == [(float(line["flow1"]), "usd_million_current", False, False)]
    assert stored(store, exporter, importer, year) == [(float(line["flow2"]), "usd_million_current", False, False)]


def test_a_dyad_listed_from_both_sides_is_stored_once(store, raw_rows):
    kaz_rus, rus_kaz = raw_flow(raw_rows, "705", "365", 2005), raw_flow(raw_rows, "365", "705", 2005)
    assert (kaz_rus["flow1"], kaz_rus["flow2"]) == (rus_kaz["flow2"], rus_kaz["flow1"])
    assert stored(store, "KAZ", "RUS", 2005) == [(float(kaz_rus["flow1"]), "usd_million_current", False, False)]
    assert stored(store, "RUS", "KAZ", 2005) == [(float(kaz_rus["flow2"]), "usd_million_current", False, False)]


def test_cow_365_is_the_ussr_from_1923_to_1991_and_russia_otherwise(store):
    spans = dict(
        (entity, (low, high))
        for entity, low, high in store.con.execute(
            "SELECT reporter, min(year), max(year) FROM flows WHERE source_id = 'cow_trade' "
            "AND reporter IN ('SUN', 'RUS') GROUP BY 1"
        ).fetchall()
    )
    assert spans["SUN"] == (1923, 1991)
    russia_in_soviet_years = store.con.execute(
        "SELECT count(*) FROM flows WHERE source_id = 'cow_trade' AND 'RUS' IN (reporter, partner) "
        "AND year BETWEEN 1923 AND 1991"
    ).fetchone()[0]
    assert russia_in_soviet_years == 0


def test_years_stay_inside_the_coverage(store):
    low, high = store.con.execute("SELECT min(year), max(year) FROM flows WHERE source_id = 'cow_trade'").fetchone()
    assert (low, high) == (1870, 2014)
    kazakh_first = store.con.execute(
        "SELECT min(year) FROM flows WHERE source_id = 'cow_trade' AND reporter = 'KAZ'"
    ).fetchone()[0]
    assert kazakh_first == 1992
