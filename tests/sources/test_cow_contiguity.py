"""COW direct contiguity: periods expanded to years, symmetric, values as in the raw file."""

from __future__ import annotations

import csv

import pytest

from multivector.sources.cow_contiguity import SOURCE
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "peacesciencer" / "cow_contdir.csv"
WHERE = "source_id = 'cow_contiguity'"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with RAW.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_one_of_the_1874_lines_is_loaded_and_expanded_to_years(ingested, raw_rows):
    store, [result] = ingested
    assert len(raw_rows) == 1874 == result.rows_in == result.rows_loaded  # PROVENANCE.md: 1,874
    assert result.rows_rejected == result.rows_deduplicated == 0
    assert store.con.execute(f"SELECT count(*) FROM rejects WHERE {WHERE}").fetchone()[0] == 0
    years = sum(int(r["enddate"][:4]) - int(r["stdate"][:4]) + 1 for r in raw_rows)
    assert result.records_written == years


def test_contiguity_is_symmetric(ingested):
    store, _ = ingested
    rows = store.con.execute(f"SELECT reporter, partner, year, value, detail FROM dyad_values WHERE {WHERE}").fetchall()
    assert sorted(rows) == sorted((b, a, y, v, d) for a, b, y, v, d in rows)


@pytest.mark.parametrize(
    ("codes", "reporter", "partner"),
    [
        (("705", "710"), "KAZ", "CHN"),
        (("705", "365"), "KAZ", "RUS"),
        (("705", "373"), "KAZ", "AZE"),
    ],
)
def test_kazakh_neighbours_in_2010_match_the_raw_file(ingested, raw_rows, codes, reporter, partner):
    store, _ = ingested
    [line] = [
        r
        for r in raw_rows
        if (r["ccode1"], r["ccode2"]) == codes and int(r["stdate"][:4]) <= 2010 <= int(r["enddate"][:4])
    ]
    got = store.con.execute(
        f"SELECT value FROM dyad_values WHERE {WHERE} AND reporter = ? AND partner = ? AND year = 2010",
        [reporter, partner],
    ).fetchall()
    assert got == [(float(line["conttype"]),)]


def test_non_contiguous_periods_are_zero_and_code_365_follows_the_years(ingested):
    store, _ = ingested
    got = dict(
        store.con.execute(
            f"SELECT year, value FROM dyad_values WHERE {WHERE} AND reporter = 'USA' "
            "AND partner IN ('RUS', 'SUN') AND year IN (1900, 1958, 1959, 2000)"
        ).fetchall()
    )
    assert got == {1900: 0.0, 1958: 0.0, 1959: 2.0, 2000: 2.0}  # Bering Strait once Alaska is a state
    partner_1959 = store.con.execute(
        f"SELECT partner FROM dyad_values WHERE {WHERE} AND reporter = 'USA' AND year = 1959 "
        "AND value = 2 AND partner IN ('RUS', 'SUN')"
    ).fetchall()
    assert partner_1959 == [("SUN",)]


def test_a_year_in_which_the_relation_changed_keeps_each_relation(ingested):
    store, _ = ingested
    several = store.con.execute(
        f"SELECT count(*) FROM (SELECT reporter, partner, year FROM dyad_values WHERE {WHERE} "
        "GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()[0]
    assert several == 1520  # documented in the module
    rows = store.con.execute(
        f"SELECT value, detail FROM dyad_values WHERE {WHERE} AND reporter = 'DEU' "
        "AND partner = 'LUX' AND year = 1990 ORDER BY detail"
    ).fetchall()
    assert [value for value, _ in rows] == [1.0, 1.0]  # West Germany's period, then Germany's
    assert [detail[-18:] for _, detail in rows] == ["1955-05 to 1990-10", "1990-10 to 2016-12"]


def test_years_after_2016_are_absent(ingested):
    store, _ = ingested
    assert store.con.execute(f"SELECT min(year), max(year) FROM dyad_values WHERE {WHERE}").fetchone() == (1816, 2016)
