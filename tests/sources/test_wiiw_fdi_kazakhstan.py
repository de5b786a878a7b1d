"""wiiw FDI by partner for Kazakhstan: every line accounted for; values match the raw file."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from multivector.sources.wiiw_fdi_kazakhstan import SOURCE
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "wiiw_fdi_kazakhstan" / "wiiw_fdi_kazakhstan_by_partner_original.csv"
AGGREGATES = {"WORLD", "EU27_2020", "EU28_2013", "EU15_1995"}
UNITS = {
    ("FDI inflow", "EUR m"): "eur_million_inflow",
    ("FDI inflow", "in % of total"): "share_pct_inflow",
    ("FDI inward stock", "EUR m"): "eur_million_stock",
    ("FDI inward stock", "in % of total"): "share_pct_stock",
}


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with RAW.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_value(raw_rows, direction, unit, code, year) -> float:
    row = next(r for r in raw_rows if (r["Direction"], r["Unit"], r["Partner-Code"]) == (direction, unit, code))
    return float(row[f"_{year}"])


def stored(store, partner, unit, year):
    rows = store.con.execute(
        "SELECT value FROM flows WHERE source_id = 'wiiw_fdi_kazakhstan' AND partner = ? AND unit = ? AND year = ?",
        [partner, unit, year],
    ).fetchall()
    assert len(rows) == 1
    return rows[0][0]


def test_every_one_of_the_336_lines_is_accounted_for(ingested, raw_rows):
    (result,) = ingested[1]
    assert len(raw_rows) == 336 == result.rows_in  # PROVENANCE.md: 336 rows
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (318, 18, 0)


def test_only_aggregates_and_the_dissolved_antilles_are_rejected(ingested, raw_rows):
    store = ingested[0]
    rejects = store.rows("SELECT file_line, reason, message FROM rejects WHERE source_id = 'wiiw_fdi_kazakhstan'")
    assert Counter(r["reason"] for r in rejects) == {"not_a_state": 16, "not_valid_in_year": 2}
    aggregate_lines = {i + 2 for i, r in enumerate(raw_rows) if r["Partner-Code"] in AGGREGATES}
    assert {r["file_line"] for r in rejects if r["reason"] == "not_a_state"} == aggregate_lines
    # The Netherlands Antilles were dissolved in 2010 but NBK still reports stocks for 2011-2012.
    late = [r for r in rejects if r["reason"] == "not_valid_in_year"]
    assert all("'AN'" in r["message"] and "2011, 2012" in r["message"] for r in late)


@pytest.mark.parametrize(("code", "entity"), [("NL", "NLD"), ("US", "USA"), ("CN", "CHN"), ("RU", "RUS")])
def test_inward_stocks_2021_match_the_raw_file(ingested, raw_rows, code, entity):
    expected = raw_value(raw_rows, "FDI inward stock", "EUR m", code, 2021)
    assert stored(ingested[0], entity, "eur_million_stock", 2021) == pytest.approx(expected, rel=1e-12)
    share = raw_value(raw_rows, "FDI inward stock", "in % of total", code, 2021)
    assert stored(ingested[0], entity, "share_pct_stock", 2021) == pytest.approx(share, rel=1e-12)


def test_provenance_example_stocks(ingested):
    # PROVENANCE.md: inward stock EUR m 2021 Netherlands 52,143; United States 35,141; China 4,831
    assert stored(ingested[0], "NLD", "eur_million_stock", 2021) == pytest.approx(52143, abs=1)
    assert stored(ingested[0], "USA", "eur_million_stock", 2021) == pytest.approx(35141, abs=1)
    assert stored(ingested[0], "CHN", "eur_million_stock", 2021) == pytest.approx(4831, abs=1)


def test_disinvestment_stays_negative(ingested, raw_rows):
    expected = raw_value(raw_rows, "FDI inflow", "EUR m", "CN", 2016)
    assert expected < 0
    assert stored(ingested[0], "CHN", "eur_million_inflow", 2016) == pytest.approx(expected, rel=1e-12)


def test_missing_years_stay_missing(ingested, raw_rows):
    store = ingested[0]
    years = [c for c in raw_rows[0] if re.fullmatch(r"_\d{4}", c)]
    kept = [
        r
        for r in raw_rows
        if r["Partner-Code"] not in AGGREGATES
        and not (r["Partner-Code"] == "AN" and r["Direction"] == "FDI inward stock")
    ]
    present = sum(1 for r in kept for y in years if r[y] != ".")
    assert present < len(kept) * len(years)
    count = store.con.execute("SELECT count(*) FROM flows WHERE source_id = 'wiiw_fdi_kazakhstan'").fetchone()[0]
    assert count == present
    serbia = store.con.execute(
        "SELECT min(year) FROM flows WHERE source_id = 'wiiw_fdi_kazakhstan' AND partner = 'SRB'"
    ).fetchone()
    assert serbia == (2008,)  # '.' for 2003-2007


def test_inflows_and_stocks_are_kept_apart_and_within_coverage(ingested):
    store = ingested[0]
    rows = store.rows(
        "SELECT unit, min(year) AS first, max(year) AS last, count(DISTINCT reporter) AS reporters, "
        "bool_or(is_mirror) AS mirror, bool_or(is_estimate) AS estimate, "
        "count(DISTINCT channel) AS channels FROM flows "
        "WHERE source_id = 'wiiw_fdi_kazakhstan' GROUP BY unit"
    )
    assert {r["unit"] for r in rows} == set(UNITS.values())
    for r in rows:
        assert (r["first"], r["last"]) == (2003, 2021)
        assert (r["reporters"], r["channels"], r["mirror"], r["estimate"]) == (1, 1, False, False)
    assert store.con.execute(
        "SELECT DISTINCT reporter, channel FROM flows WHERE source_id = 'wiiw_fdi_kazakhstan'"
    ).fetchall() == [("KAZ", "fdi")]
