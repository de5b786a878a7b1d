"""AidData GCDF 3.0 recipient-years: every line accounted for; values match the raw file."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from multivector.sources.aiddata_gcdf import SOURCE
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "aiddata_gcdf" / "cow_gcdf.csv"
ADJUSTED = ("oof_adj", "oda_adj", "vof_adj")
UNADJUSTED = ("oof_amt", "oda_amt", "vof_amt")


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with RAW.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def total(row: dict, columns=ADJUSTED) -> float:
    return sum(float(row[c]) for c in columns)


def stored(store, reporter: str, year: int | None = None) -> float | None:
    query = "SELECT sum(value) FROM flows WHERE source_id = 'aiddata_gcdf' AND reporter = ?" + (
        " AND year = ?" if year else ""
    )
    return store.con.execute(query, [reporter, year] if year else [reporter]).fetchone()[0]


def test_every_one_of_the_2458_lines_is_accounted_for(ingested, raw_rows):
    (result,) = ingested[1]
    assert len(raw_rows) == 2458 == result.rows_in  # PROVENANCE.md: 2,458 rows
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (2174, 284, 0)


def test_rejects_are_unknown_amounts_and_south_sudan_before_independence(ingested, raw_rows):
    rejects = ingested[0].rows("SELECT file_line, reason FROM rejects WHERE source_id = 'aiddata_gcdf'")
    assert Counter(r["reason"] for r in rejects) == {"missing_value": 280, "not_valid_in_year": 4}
    early = {i + 2 for i, r in enumerate(raw_rows) if r["ccode"] == "626" and int(r["year"]) < 2011}
    assert {r["file_line"] for r in rejects if r["reason"] == "not_valid_in_year"} == early
    no_amount = {i + 2 for i, r in enumerate(raw_rows) if total(r) == 0} - early
    assert {r["file_line"] for r in rejects if r["reason"] == "missing_value"} == no_amount


@pytest.mark.parametrize(
    ("ccode", "entity", "provenance_bn"),
    [
        ("705", "KAZ", 61.4 + 0.6 + 2.1),
        ("704", "UZB", 13.9 + 2.6 + 1.7),
        ("702", "TJK", 4.6 + 1.5 + 0.1),
    ],
)
def test_totals_match_the_raw_file_and_the_provenance(ingested, raw_rows, ccode, entity, provenance_bn):
    expected = sum(total(r) for r in raw_rows if r["ccode"] == ccode)
    assert stored(ingested[0], entity) == pytest.approx(expected, rel=1e-12)
    assert expected / 1e9 == pytest.approx(provenance_bn, abs=0.15)  # PROVENANCE.md rounds each class


def test_the_value_is_the_adjusted_total_with_its_parts_in_the_detail(ingested, raw_rows):
    row = next(r for r in raw_rows if (r["ccode"], r["year"]) == ("160", "2016"))  # Argentina: swap roll-overs
    assert total(row, UNADJUSTED) > 10 * total(row)
    stored_row = ingested[0].rows(
        "SELECT value, unit, partner, channel, detail FROM flows WHERE source_id = 'aiddata_gcdf' "
        "AND reporter = 'ARG' AND year = 2016"
    )[0]
    assert stored_row["value"] == pytest.approx(total(row), rel=1e-12)
    assert (stored_row["unit"], stored_row["partner"], stored_row["channel"]) == (
        "usd_2021_constant",
        "CHN",
        "development_finance",
    )
    assert f"oof {float(row['oof_adj']):.0f}" in stored_row["detail"]
    assert f"oof {float(row['oof_amt']):.0f}" in stored_row["detail"]


def test_years_without_a_known_commitment_stay_missing(ingested, raw_rows):
    store = ingested[0]
    turkmen = {int(r["year"]): total(r) for r in raw_rows if r["ccode"] == "701"}
    loaded = {
        y
        for (y,) in store.con.execute(
            "SELECT year FROM flows WHERE source_id = 'aiddata_gcdf' AND reporter = 'TKM'"
        ).fetchall()
    }
    assert loaded == {y for y, value in turkmen.items() if value > 0}
    assert set(range(2000, 2022)) - loaded  # no row, or a row of zeros: missing, never 0
    span = store.con.execute(
        "SELECT min(year), max(year), min(value), count(DISTINCT partner) FROM flows WHERE source_id = 'aiddata_gcdf'"
    ).fetchone()
    assert span[:2] == (2000, 2021)
    assert span[2] > 0
    assert span[3] == 1
