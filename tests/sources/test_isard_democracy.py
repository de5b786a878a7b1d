"""isard democracy scores: present values stored, -9 a real polity2 score, values as in the raw file."""

from __future__ import annotations

import csv
import gzip

import pytest

from multivector.sources.isard_democracy import SOURCE, VARIABLES
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "isard" / "cw_democracy.csv.gz"
WHERE = "source_id = 'isard_democracy'"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def raw() -> dict[tuple[str, int], dict]:
    with gzip.open(RAW, "rt", encoding="utf-8", newline="") as handle:
        return {(r["ccode"], int(r["year"])): r for r in csv.DictReader(handle)}


def test_every_one_of_the_17706_lines_is_accounted_for(ingested, raw):
    store, [result] = ingested
    assert len(raw) == 17706 == result.rows_in  # PROVENANCE.md: 17,706 rows
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (17704, 2, 0)
    rejects = dict(store.con.execute(f"SELECT reason, raw_text FROM rejects WHERE {WHERE}").fetchall())
    assert set(rejects) == {"missing_value", "conflicting_duplicate"}
    assert rejects["missing_value"] == "329,,1861,,,,"  # Two Sicilies 1861: no score at all
    assert rejects["conflicting_duplicate"].startswith("260,,1990,")  # West Germany 1990 = DEU


def test_minus_nine_is_a_polity2_score_and_empty_stays_missing(ingested, raw):
    store, _ = ingested
    stored = dict(store.con.execute(f"SELECT variable, count(*) FROM state_values WHERE {WHERE} GROUP BY 1").fetchall())
    loaded = [r for key, r in raw.items() if key not in {("260", 1990), ("329", 1861)}]
    assert stored == {v: sum(1 for r in loaded if r[v] != "") for v in VARIABLES}
    minus_nine = store.con.execute(
        f"SELECT count(*) FROM state_values WHERE {WHERE} AND variable = 'polity2' AND value = -9"
    ).fetchone()[0]
    assert minus_nine == sum(1 for r in loaded if r["polity2"] == "-9") > 1000


@pytest.mark.parametrize(("code", "entity", "when"), [("705", "KAZ", 2018), ("701", "TKM", 2000), ("365", "SUN", 1985)])
def test_spot_scores_match_the_raw_file(ingested, raw, code, entity, when):
    store, _ = ingested
    got = dict(
        store.con.execute(
            f"SELECT variable, value FROM state_values WHERE {WHERE} AND entity = ? AND year = ?", [entity, when]
        ).fetchall()
    )
    assert got == {v: float(raw[(code, when)][v]) for v in VARIABLES if raw[(code, when)][v] != ""}


def test_years_outside_1816_2025_are_absent_and_polity_ends_in_2020(ingested):
    store, _ = ingested
    assert store.con.execute(f"SELECT min(year), max(year) FROM state_values WHERE {WHERE}").fetchone() == (1816, 2025)
    assert (
        store.con.execute(f"SELECT max(year) FROM state_values WHERE {WHERE} AND variable = 'polity2'").fetchone()[0]
        == 2020
    )
