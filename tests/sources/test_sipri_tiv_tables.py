"""SIPRI TIV tables (360info's merge): every line accounted for; values match SIPRI's own tables."""

from __future__ import annotations

import csv
import gzip

import pytest

from multivector.sources.sipri_tiv_tables import BELOW_HALF, SOURCE
from tests.conftest import REPO_DATA

FOLDER = REPO_DATA / "sipri-tiv"
TIDY = FOLDER / "sipri-exports-processed.csv.gz"
RAW_TABLES = FOLDER / "trademap-raw"
WHERE = "source_id = 'sipri_tiv_tables'"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def tidy() -> list[dict]:
    with gzip.open(TIDY, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def raw_cells() -> dict[tuple[str, str, int], str]:
    """SIPRI's original tables: (supplier, recipient, year) -> cell, read independently."""
    cells = {}
    for path in sorted(RAW_TABLES.glob("TIV-Export-*.csv")):
        lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        supplier = lines[0][0].removeprefix("TIV of arms exports from ").rsplit(",", 1)[0]
        header = lines[10]
        for line in lines[11:]:
            if not line or line[0] in ("", "Total"):
                continue
            for when, cell in zip(header[1:-1], line[1:-1], strict=True):
                if cell:
                    cells[(supplier, line[0], int(when))] = cell
    return cells


def stored(store, reporter: str, partner: str, when: int) -> list[float]:
    return [
        r[0]
        for r in store.con.execute(
            f"SELECT value FROM flows WHERE {WHERE} AND reporter = ? AND partner = ? AND year = ?",
            [reporter, partner, when],
        ).fetchall()
    ]


def test_every_one_of_the_21324_lines_is_accounted_for(ingested, tidy):
    _, [result] = ingested
    assert len(tidy) == 21324 == result.rows_in  # PROVENANCE.md: 21,324 rows
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert result.rows_deduplicated == 0


def test_only_non_states_and_pre_independence_deliveries_are_rejected(ingested, tidy):
    store, _ = ingested
    reasons = dict(store.con.execute(f"SELECT reason, count(*) FROM rejects WHERE {WHERE} GROUP BY 1").fetchall())
    assert reasons == {"not_a_state": 557, "not_valid_in_year": 42}
    marked = sum(
        1
        for r in tidy
        if any(r[side].endswith("*") or r[side].startswith("Unknown") for side in ("supplier", "recipient"))
    )
    assert marked <= reasons["not_a_state"]
    early = {
        r[0]
        for r in store.con.execute(
            f"SELECT raw_text FROM rejects WHERE {WHERE} AND reason = 'not_valid_in_year'"
        ).fetchall()
    }
    assert any(",Brunei,1965," in line for line in early)


@pytest.mark.parametrize(
    ("supplier", "recipient", "reporter", "partner", "when"),
    [
        ("Russia", "Tajikistan", "TJK", "RUS", 1994),
        ("Russia", "Armenia", "ARM", "RUS", 1994),
        ("Ukraine", "Azerbaijan", "AZE", "UKR", 1993),
    ],
)
def test_1990s_deliveries_match_the_tidy_file_and_sipri_own_table(
    ingested, tidy, raw_cells, supplier, recipient, reporter, partner, when
):
    store, _ = ingested
    [line] = [r for r in tidy if (r["supplier"], r["recipient"], int(r["year"])) == (supplier, recipient, when)]
    assert stored(store, reporter, partner, when) == [float(line["value"])]
    assert float(raw_cells[(supplier, recipient, when)]) == float(line["value"])


def test_soviet_deliveries_are_the_ussr_and_later_ones_russia(ingested, tidy):
    store, _ = ingested
    suppliers = dict(
        store.con.execute(
            f"SELECT partner, max(year) FROM flows WHERE {WHERE} AND partner IN ('SUN', 'RUS') GROUP BY 1"
        ).fetchall()
    )
    assert suppliers["SUN"] == 1991
    first_russian = min(int(r["year"]) for r in tidy if r["supplier"] == "Russia")
    assert (
        store.con.execute(f"SELECT min(year) FROM flows WHERE {WHERE} AND partner = 'RUS'").fetchone()[0]
        == first_russian
        == 1992
    )


def test_zero_means_below_half_a_million_and_is_kept(ingested):
    store, _ = ingested
    zeros = store.con.execute(
        f"SELECT count(*), count(DISTINCT detail), min(detail) FROM flows WHERE {WHERE} AND value = 0"
    ).fetchone()
    assert zeros[0] > 0 and zeros[1:] == (1, BELOW_HALF)
    assert (
        store.con.execute(f"SELECT count(*) FROM flows WHERE {WHERE} AND value > 0 AND detail IS NOT NULL").fetchone()[
            0
        ]
        == 0
    )


def test_years_outside_1950_2021_are_absent(ingested):
    store, _ = ingested
    span = store.con.execute(f"SELECT min(year), max(year) FROM flows WHERE {WHERE}").fetchone()
    assert span == (1950, 2021)


def test_the_merge_agrees_with_sipri_tables_but_lacks_901_cells(tidy, raw_cells):
    merged = {(r["supplier"], r["recipient"], int(r["year"])): r["value"] for r in tidy}
    assert all(raw_cells[key] == value for key, value in merged.items())
    lost = set(raw_cells) - set(merged)
    # ORIGIN.md: cells of SIPRI's tables that 360info's merge lacks
    assert len(lost) == 901 == len(raw_cells) - len(tidy)
    assert ("Russia", "Croatia", 1992) in lost
