"""Joint exercises with Russia: every line gives both directions; counts match the raw file."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from multivector.sources.russia_exercises import SOURCE, exercise_format
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "exercises" / "joint_military_exercises_involving_russia_long.csv"
WHERE = "source_id = 'russia_exercises'"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with RAW.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_one_of_the_278_lines_is_loaded(ingested, raw_rows):
    store, [result] = ingested
    assert len(raw_rows) == 278 == result.rows_in == result.rows_loaded  # PROVENANCE.md: 278
    assert result.rows_rejected == result.rows_deduplicated == 0
    assert store.con.execute(f"SELECT count(*) FROM rejects WHERE {WHERE}").fetchone()[0] == 0
    assert result.records_written == 2 * 278


def test_each_exercise_partner_line_is_stored_in_both_directions(ingested):
    store, _ = ingested
    rows = store.con.execute(
        f"SELECT file_line, reporter, partner, year, value, unit, detail FROM flows WHERE {WHERE}"
    ).fetchall()
    assert Counter((line, a, b, y, v, u, d) for line, a, b, y, v, u, d in rows) == Counter(
        (line, b, a, y, v, u, d) for line, a, b, y, v, u, d in rows
    )
    assert all("RUS" in (a, b) and a != b for _, a, b, *_ in rows)
    assert {(v, u) for *_, v, u, _ in rows} == {(1.0, "count_exercises")}


@pytest.mark.parametrize(
    ("partner", "name", "provenance_count"),
    [
        ("KAZ", "Kazakhstan", 23),
        ("BLR", "Belarus", 25),
        ("CHN", "China", 12),
        ("UZB", "Uzbekistan", 2),
    ],
)
def test_exercise_counts_match_the_raw_file_and_the_provenance(ingested, raw_rows, partner, name, provenance_count):
    store, _ = ingested
    by_year = Counter(int(r["yr"]) for r in raw_rows if r["partner"] == name)
    assert sum(by_year.values()) == provenance_count
    for direction in ("reporter = 'RUS' AND partner = ?", "partner = 'RUS' AND reporter = ?"):
        got = dict(
            store.con.execute(
                f"SELECT year, sum(value) FROM flows WHERE {WHERE} AND {direction} GROUP BY 1", [partner]
            ).fetchall()
        )
        assert got == {year: float(count) for year, count in by_year.items()}


def test_formats_come_from_the_series_not_from_lookalike_names(ingested):
    store, _ = ingested
    details = {r[0] for r in store.con.execute(f"SELECT DISTINCT detail FROM flows WHERE {WHERE}").fetchall()}
    assert "exercise 80: Взаимодействие-2009 (CSTO)" in details
    assert "exercise 79: Мирная миссия-2009 (SCO)" in details
    assert "exercise 89: Богородск - ШОС (SCO)" in details
    assert "exercise 18: Морское взаимодействие – 2015 (bilateral)" in details
    bold_monarch = "exercise 55: Болд Монарх-2011 (multilateral); the source lists all NATO"
    assert any(d.startswith(bold_monarch) for d in details)
    assert exercise_format("Боевое содружество-2013", 4) == "CIS"
    assert exercise_format("Балтопс-2012", 11) == "multilateral"


def test_only_2009_2018_is_covered(ingested):
    store, _ = ingested
    span = store.con.execute(f"SELECT min(year), max(year) FROM flows WHERE {WHERE}").fetchone()
    assert span == (2009, 2018)
