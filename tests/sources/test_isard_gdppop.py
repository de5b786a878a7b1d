"""isard GDP and population: estimates with units, missing lines rejected, values as in the raw file."""

from __future__ import annotations

import csv
import gzip

import pytest

from multivector.sources.isard_gdppop import SOURCE, UNITS
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "isard" / "cw_gdppop.csv.gz"
WHERE = "source_id = 'isard_gdppop'"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def raw() -> dict[tuple[str, int], dict]:
    with gzip.open(RAW, "rt", encoding="utf-8", newline="") as handle:
        return {(r["ccode"], int(r["year"])): r for r in csv.DictReader(handle)}


def test_every_one_of_the_16536_lines_is_accounted_for(ingested, raw):
    store, [result] = ingested
    assert len(raw) == 16536 == result.rows_in  # PROVENANCE.md: 16,536 rows
    # 43 lines without any value; West Germany 1990 repeats Germany 1990 (both DEU)
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (16492, 43, 1)
    reasons = dict(store.con.execute(f"SELECT reason, count(*) FROM rejects WHERE {WHERE} GROUP BY 1").fetchall())
    assert (
        reasons
        == {"missing_value": 43}
        == {"missing_value": sum(1 for r in raw.values() if all(r[v] == "" for v in UNITS))}
    )


def test_every_value_is_an_estimate_with_its_unit(ingested):
    store, _ = ingested
    got = set(store.con.execute(f"SELECT variable, unit, is_estimate FROM state_values WHERE {WHERE}").fetchall())
    assert got == {(variable, unit, True) for variable, unit in UNITS.items()}


@pytest.mark.parametrize(("code", "entity", "when"), [("705", "KAZ", 1992), ("702", "TJK", 2019), ("365", "RUS", 2000)])
def test_spot_values_match_the_raw_file(ingested, raw, code, entity, when):
    store, _ = ingested
    got = dict(
        store.con.execute(
            f"SELECT variable, value FROM state_values WHERE {WHERE} AND entity = ? AND year = ?", [entity, when]
        ).fetchall()
    )
    assert got == {v: float(raw[(code, when)][v]) for v in UNITS}


def test_years_outside_1816_2019_are_absent(ingested):
    store, _ = ingested
    assert store.con.execute(f"SELECT min(year), max(year) FROM state_values WHERE {WHERE}").fetchone() == (1816, 2019)
