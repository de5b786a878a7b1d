"""Factbook land boundaries: every line accounted for; each side's figure kept; both sides listed."""

from __future__ import annotations

import csv
import gzip

import pytest

from multivector.sources import factbook_land_boundaries as module
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "factbook" / "factbook_land_boundaries_parsed.csv.gz"
FOCUS = ("KAZ", "UZB", "TKM", "KGZ", "TJK", "AZE", "ARM", "GEO", "UKR", "BLR", "MNG")
# Listed by one side only: the other side's entry is not loaded (USSR filed under 'Russia' in
# 1990-1991; Czechoslovakia filed under 'Slovakia' in 1992, before Slovakia existed).
ONE_SIDED = {(1990, "MNG", "SUN"), (1991, "MNG", "SUN"), (1992, "UKR", "CSK")}


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with gzip.open(RAW, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(module.SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


def borders(store) -> dict[tuple[int, str, str], float]:
    """(year, reporter, partner) → border length, segments added up."""
    rows = store.con.execute(
        "SELECT year, reporter, partner, sum(value) FROM dyad_values "
        "WHERE source_id = 'factbook_land_boundaries' AND variable = 'border_km' GROUP BY ALL"
    ).fetchall()
    return {(y, a, b): km for y, a, b, km in rows}


def raw_km(raw_rows, edition: str, fips: str, neighbour: str) -> list[float]:
    return [
        float(r["border_km"])
        for r in raw_rows
        if (r["edition_year"], r["fips_code"], r["neighbour_as_written"]) == (edition, fips, neighbour)
    ]


def test_every_one_of_the_21207_lines_is_accounted_for(ingested, raw_rows):
    (result,) = ingested[1]
    assert len(raw_rows) == 21207 == result.rows_in  # PROVENANCE.md: 21,207 rows
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (20710, 477, 20)


def test_reject_reasons_are_the_expected_ones(store):
    reasons = dict(
        store.con.execute(
            "SELECT reason, count(*) FROM rejects WHERE source_id = 'factbook_land_boundaries' GROUP BY 1"
        ).fetchall()
    )
    assert reasons == {"not_a_state": 385, "not_valid_in_year": 60, "ambiguous_country": 17, "unknown_country": 15}
    ambiguous = store.con.execute(
        "SELECT DISTINCT substr(raw_text, 1, 7) FROM rejects WHERE source_id = 'factbook_land_boundaries' "
        "AND reason = 'ambiguous_country' ORDER BY 1"
    ).fetchall()
    assert ambiguous == [("1990,GM",), ("1990,YM",)]  # East/West Germany, North/South Yemen


def test_lengths_match_the_raw_file(store, raw_rows):
    got = borders(store)
    assert got[(2025, "KAZ", "RUS")] == raw_km(raw_rows, "2025", "KZ", "Russia")[0] == 7644
    assert got[(1992, "KAZ", "CHN")] == raw_km(raw_rows, "1992", "KZ", "China")[0] == 1533
    pieces = raw_km(raw_rows, "2025", "CH", "Russia")
    assert sorted(pieces) == [46.0, 4133.0]  # northwest and northeast segments
    assert got[(2025, "CHN", "RUS")] == sum(pieces)
    segments = store.rows(
        "SELECT detail FROM dyad_values WHERE source_id = 'factbook_land_boundaries' "
        "AND year = 2025 AND reporter = 'CHN' AND partner = 'RUS' ORDER BY value"
    )
    assert [r["detail"].split("; ")[-1] for r in segments] == ["segment (northwest)", "segment (northeast)"]


def test_every_focus_border_is_listed_by_both_sides(store):
    got = borders(store)
    focus = {key for key in got if key[1] in FOCUS or key[2] in FOCUS}
    one_sided = {(y, a, b) for (y, a, b) in focus if (y, b, a) not in got}
    assert one_sided == ONE_SIDED


def test_each_side_keeps_its_own_figure(store):
    got = borders(store)
    assert (got[(2014, "KAZ", "RUS")], got[(2014, "RUS", "KAZ")]) == (6846, 7644)  # one side updated first
    assert (got[(2014, "KAZ", "CHN")], got[(2014, "CHN", "KAZ")]) == (1533, 1765)
    disagree = {(y, a, b) for (y, a, b), km in got.items() if a in FOCUS and (y, b, a) in got and got[(y, b, a)] != km}
    assert len(disagree) == 45  # mostly the 2014 edition, and Mongolia-Russia 2004-2014
    agree = sum(1 for (y, a, b), km in got.items() if a in FOCUS and got.get((y, b, a)) == km)
    assert agree > 10 * len(disagree)


def test_baikonur_is_no_neighbour_and_the_kazakh_russian_border_is_whole(store, raw_rows):
    assert not [r for r in raw_rows if "konur" in r["neighbour_as_written"].lower()]
    partners = {
        r["partner"]
        for r in store.rows(
            "SELECT partner FROM dyad_values WHERE source_id = 'factbook_land_boundaries' AND reporter = 'KAZ'"
        )
    }
    assert partners == {"CHN", "KGZ", "RUS", "TKM", "UZB"}


def test_the_ussr_entry_is_not_russia(store):
    rows = store.rows(
        "SELECT * FROM dyad_values WHERE source_id = 'factbook_land_boundaries' "
        "AND year < 1992 AND 'RUS' IN (reporter, partner)"
    )
    assert rows == []
    assert borders(store)[(1991, "MNG", "SUN")] == 3441


def test_years_outside_the_coverage_are_absent(store):
    years = {
        y
        for (y,) in store.con.execute(
            "SELECT DISTINCT year FROM dyad_values WHERE source_id = 'factbook_land_boundaries'"
        ).fetchall()
    }
    assert years == set(range(1990, 2018)) | set(range(2021, 2026))  # 2018-2020 lists cut off in the archive
