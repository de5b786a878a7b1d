"""COW National Material Capabilities: present values stored with units, missing ones absent."""

from __future__ import annotations

import csv

import pytest

from multivector.sources.cow_nmc import SOURCE, UNITS
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "peacesciencer" / "cow_nmc.csv"
WHERE = "source_id = 'cow_nmc'"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def raw() -> dict[tuple[str, int], dict]:
    with RAW.open(encoding="utf-8", newline="") as handle:
        return {(r["ccode"], int(r["year"])): r for r in csv.DictReader(handle)}


def value_of(store, entity: str, when: int, variable: str):
    return store.con.execute(
        f"SELECT value, unit, detail FROM state_values WHERE {WHERE} AND entity = ? AND year = ? AND variable = ?",
        [entity, when, variable],
    ).fetchall()


def test_every_one_of_the_17121_lines_is_accounted_for(ingested, raw):
    store, [result] = ingested
    assert len(raw) == 17121 == result.rows_in  # PROVENANCE.md: 17,121 rows
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (17120, 1, 0)
    [(reason, text)] = store.con.execute(f"SELECT reason, raw_text FROM rejects WHERE {WHERE}").fetchall()
    assert reason == "conflicting_duplicate" and text.startswith("260,1990,")  # West Germany = DEU


def test_only_present_values_are_stored(ingested, raw):
    store, _ = ingested
    stored = dict(store.con.execute(f"SELECT variable, count(*) FROM state_values WHERE {WHERE} GROUP BY 1").fetchall())
    loaded = [r for key, r in raw.items() if key != ("260", 1990)]
    assert stored == {v: sum(1 for r in loaded if r[v] != "") for v in UNITS}
    assert sum(1 for r in raw.values() if r["milex"] == "") > 2000  # NMC's -9, now empty


@pytest.mark.parametrize(
    ("code", "entity", "when", "variable", "unit"),
    [
        ("705", "KAZ", 2010, "milex", "usd_thousand_current"),
        ("705", "KAZ", 2010, "cinc", "share_of_system"),
        ("365", "RUS", 1992, "tpop", "persons_thousand"),
        ("200", "GBR", 1900, "milex", "gbp_thousand_current"),
    ],
)
def test_spot_values_match_the_raw_file_with_units(ingested, raw, code, entity, when, variable, unit):
    store, _ = ingested
    [(value, got_unit, _)] = value_of(store, entity, when, variable)
    assert (value, got_unit) == (float(raw[(code, when)][variable]), unit)


def test_the_1991_line_of_code_365_is_the_ussr_with_a_warning(ingested, raw):
    store, _ = ingested
    [(value, _, detail)] = value_of(store, "SUN", 1991, "tpop")
    assert value == float(raw[("365", 1991)]["tpop"]) < 150_000  # Russia's population, not the USSR's
    assert "Russia's alone" in detail
    assert value_of(store, "RUS", 1991, "tpop") == []


def test_years_outside_1816_2022_are_absent(ingested):
    store, _ = ingested
    assert store.con.execute(f"SELECT min(year), max(year) FROM state_values WHERE {WHERE}").fetchone() == (1816, 2022)
