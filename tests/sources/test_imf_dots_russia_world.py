"""IMF DOTS 2011-2023, Russia by partner: every line accounted for, World rows rejected."""

from __future__ import annotations

import csv

import pytest

from multivector.sources.imf_dots_russia_world import SOURCE
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "imf_dots_russia_world" / "dots_2011_2023_russia_and_world_long.csv"
ROWS_IN_PROVENANCE = 10965  # PROVENANCE.md: "10,965 rows"


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
    with RAW.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_line_is_accounted_for(ingested, raw_rows):
    _, result = ingested
    assert result.rows_in == len(raw_rows) == ROWS_IN_PROVENANCE
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (4644, 6321, 0)


def test_only_world_rows_and_aggregate_partners_are_rejected(store, raw_rows):
    reasons = dict(store.con.execute(
        "SELECT reason, count(*) FROM rejects WHERE source_id = 'imf_dots_russia_world' GROUP BY 1"
    ).fetchall())
    world = sum(1 for r in raw_rows if r["reporter"] == "World")
    russian_aggregates = sum(1 for r in raw_rows if r["reporter"] == "Russian Federation"
                             and not r["partner_iso3"])
    assert (world, russian_aggregates) == (5832, 489)
    assert reasons == {"not_a_state": world + russian_aggregates}


def test_russia_is_the_reporter_and_the_partner_gets_the_mirror(ingested):
    store, result = ingested
    rows = store.con.execute(
        "SELECT is_mirror, count(*), count(*) FILTER (WHERE reporter = 'RUS'), "
        "count(*) FILTER (WHERE partner = 'RUS') FROM flows "
        "WHERE source_id = 'imf_dots_russia_world' GROUP BY 1 ORDER BY 1").fetchall()
    n = result.rows_loaded
    assert rows == [(False, n, n, 0), (True, n, 0, n)]


@pytest.mark.parametrize(("year", "provenance_value"), [
    (2019, 13683), (2021, 18474), (2022, 19612), (2023, 13964)])
def test_russian_exports_to_kazakhstan_match_the_raw_file_and_provenance(store, raw_rows, year,
                                                                       provenance_value):
    raw = next(float(r["value_usd_mn"]) for r in raw_rows
               if (r["reporter"], r["flow"], r["partner"], r["year"])
               == ("Russian Federation", "exports_fob", "Kazakhstan, Rep. of", str(year)))
    values = store.con.execute(
        "SELECT is_mirror, reporter, channel, value, is_estimate FROM flows "
        "WHERE source_id = 'imf_dots_russia_world' AND year = ? AND 'KAZ' IN (reporter, partner) "
        "AND ((reporter = 'RUS' AND channel = 'exports') OR (reporter = 'KAZ' AND channel = 'imports')) "
        "ORDER BY is_mirror", [year]).fetchall()
    assert values == [(False, "RUS", "exports", raw, False), (True, "KAZ", "imports", raw, False)]
    assert raw == pytest.approx(provenance_value, abs=0.5)


def test_russian_imports_from_turkmenistan_2021(store, raw_rows):
    raw = next(float(r["value_usd_mn"]) for r in raw_rows
               if (r["reporter"], r["flow"], r["partner"], r["year"])
               == ("Russian Federation", "imports_cif", "Turkmenistan", "2021"))
    stored = store.con.execute(
        "SELECT value FROM flows WHERE source_id = 'imf_dots_russia_world' AND reporter = 'RUS' "
        "AND partner = 'TKM' AND channel = 'imports' AND year = 2021 AND NOT is_mirror").fetchall()
    assert stored == [(raw,)] == [(140.494591,)]


def test_years_stay_inside_the_coverage(store):
    spans = dict((channel, (low, high)) for channel, low, high in store.con.execute(
        "SELECT channel, min(year), max(year) FROM flows WHERE source_id = 'imf_dots_russia_world' "
        "AND reporter = 'RUS' GROUP BY 1").fetchall())
    assert spans == {"exports": (2011, 2023), "imports": (2011, 2022)}
