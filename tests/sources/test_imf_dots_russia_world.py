"""IMF DOTS 2011-2023, Russia by partner and the World's totals: two sources, one file,
every line counted and rejected at most once."""

from __future__ import annotations

import csv
import hashlib

import pytest

from multivector.sources.imf_dots_russia_world import SOURCE, WORLD_TOTALS
from multivector.store.ingest import ingest_file
from multivector.store.quality import stored_warnings
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "imf_dots_russia_world" / "dots_2011_2023_russia_and_world_long.csv"
ROWS_IN_PROVENANCE = 10965  # PROVENANCE.md: "10,965 rows"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results[0]
    store.close()


@pytest.fixture(scope="module")
def totals(ingested):
    """The World totals ingested into the same store after Russia's flows, as the build does."""
    store, _ = ingested
    [spec] = WORLD_TOTALS.files
    return ingest_file(store, WORLD_TOTALS, spec, REPO_DATA)


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with RAW.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_line_is_counted_by_exactly_one_of_the_two_sources(ingested, totals, raw_rows):
    _, result = ingested
    world = sum(1 for r in raw_rows if r["reporter"] == "World")
    assert len(raw_rows) == ROWS_IN_PROVENANCE
    assert (result.rows_in, totals.rows_in) == (ROWS_IN_PROVENANCE - world, world) == (5133, 5832)
    for counts in (result, totals):
        assert counts.rows_in == counts.rows_loaded + counts.rows_rejected + counts.rows_deduplicated
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (4644, 489, 0)
    assert (totals.rows_loaded, totals.rows_rejected, totals.rows_deduplicated) == (5250, 582, 0)


def test_only_aggregate_partners_of_russia_are_rejected(store, raw_rows):
    reasons = dict(store.con.execute(
        "SELECT reason, count(*) FROM rejects WHERE source_id = 'imf_dots_russia_world' GROUP BY 1"
    ).fetchall())
    russian_aggregates = sum(1 for r in raw_rows if r["reporter"] == "Russian Federation"
                             and not r["partner_iso3"])
    assert russian_aggregates == 489
    assert reasons == {"not_a_state": russian_aggregates}


def test_world_rows_reject_aggregates_and_dissolved_units_only(store, totals):
    reasons = dict(store.con.execute(
        "SELECT reason, count(*) FROM rejects WHERE source_id = 'imf_dots_russia_world_totals' GROUP BY 1"
    ).fetchall())
    dissolved = {name for (name,) in store.con.execute(
        "SELECT DISTINCT split_part(raw_text, ',', 4) FROM rejects "
        "WHERE source_id = 'imf_dots_russia_world_totals' AND reason = 'not_valid_in_year'").fetchall()}
    assert reasons == {"not_a_state": 559, "not_valid_in_year": 23}
    assert dissolved == {"Czechoslovakia", "Netherlands Antilles", "Yugoslavia"}


def test_no_line_is_rejected_twice_and_neither_file_is_beyond_the_quality_gates(store, totals):
    lines = store.con.execute("SELECT count(*), count(DISTINCT file_line) FROM rejects "
                              "WHERE source_id LIKE 'imf_dots_russia_world%'").fetchone()
    assert lines == (489 + 582, 489 + 582)
    judged = stored_warnings(store)
    assert not [key for key in judged if key[0] in (SOURCE.id, WORLD_TOTALS.id)]


@pytest.mark.parametrize(("variable", "flow", "year", "value"), [
    ("imf_world_exports_to", "exports_fob", 2021, 47970.75381),
    ("imf_world_imports_from", "imports_cif", 2022, 79613.34619)])
def test_world_totals_of_kazakhstan_match_the_raw_file(store, totals, raw_rows, variable, flow, year, value):
    line, raw = next((n, float(r["value_usd_mn"])) for n, r in enumerate(raw_rows, start=2)
                     if (r["reporter"], r["flow"], r["partner"], r["year"])
                     == ("World", flow, "Kazakhstan, Rep. of", str(year)))
    stored = store.con.execute(
        "SELECT value, unit, is_estimate, file_line, file_sha256 FROM state_values "
        "WHERE source_id = 'imf_dots_russia_world_totals' AND entity = 'KAZ' AND variable = ? AND year = ?",
        [variable, year]).fetchall()
    sha256 = hashlib.sha256(RAW.read_bytes()).hexdigest()
    assert stored == [(raw, "usd_million_current", False, line, sha256)]
    assert raw == value


def test_world_totals_stay_inside_the_coverage(store, totals):
    spans = {variable: (low, high, states) for variable, low, high, states in store.con.execute(
        "SELECT variable, min(year), max(year), count(DISTINCT entity) FROM state_values "
        "WHERE source_id = 'imf_dots_russia_world_totals' GROUP BY 1").fetchall()}
    assert spans == {"imf_world_exports_to": (2011, 2023, 210), "imf_world_imports_from": (2011, 2022, 210)}


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
