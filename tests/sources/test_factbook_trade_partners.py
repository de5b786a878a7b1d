"""Factbook trade partners: every line accounted for; shares and data years match the raw file."""

from __future__ import annotations

import csv
import gzip
from collections import Counter

import pytest

from multivector.sources import factbook_trade_partners as module
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "factbook" / "factbook_trade_partner_shares_parsed.csv.gz"


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


def flows(store, sql: str = "", params: list | None = None) -> list[dict]:
    return store.rows("SELECT * FROM flows WHERE source_id = 'factbook_trade_partners' " + sql, params or [])


def raw_line(raw_rows, edition: str, fips: str, flow: str, rank: str) -> dict:
    return next(
        r for r in raw_rows if (r["edition_year"], r["fips_code"], r["flow"], r["rank"]) == (edition, fips, flow, rank)
    )


def test_every_one_of_the_53402_lines_is_accounted_for(ingested, raw_rows):
    (result,) = ingested[1]
    assert len(raw_rows) == 53402 == result.rows_in  # PROVENANCE.md: 53,402 rows
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (50403, 2999, 0)


def test_reject_reasons_are_the_expected_ones(store, raw_rows):
    reasons = dict(
        store.con.execute(
            "SELECT reason, count(*) FROM rejects WHERE source_id = 'factbook_trade_partners' GROUP BY 1"
        ).fetchall()
    )
    assert reasons == {"missing_value": 1800, "not_a_state": 778, "unknown_country": 389, "not_valid_in_year": 32}
    no_share = sum(1 for r in raw_rows if not r["share_pct"].strip())
    assert no_share == 2141 > reasons["missing_value"]  # the rest were rejected for their names first
    eu = store.con.execute(
        "SELECT count(*) FROM rejects WHERE source_id = 'factbook_trade_partners' "
        "AND reason = 'not_a_state' AND raw_text LIKE '%,EU,%'"
    ).fetchone()[0]
    assert eu > 0


@pytest.mark.parametrize(
    ("edition", "fips", "flow", "rank", "reporter", "written", "partner"),
    [
        ("2025", "KZ", "imports", "1", "KAZ", "China", "CHN"),
        ("2010", "UZ", "exports", "1", "UZB", "Ukraine", "UKR"),
        ("2025", "KZ", "imports", "3", "KAZ", "Gambia, The", "GMB"),  # 4%, kept as published
    ],
)
def test_shares_and_data_years_match_the_raw_file(
    store, raw_rows, edition, fips, flow, rank, reporter, written, partner
):
    raw = raw_line(raw_rows, edition, fips, flow, rank)
    assert raw["partner_as_written"] == written
    (row,) = flows(
        store,
        "AND detail LIKE ? AND reporter = ? AND channel = ? AND detail LIKE ?",
        [f"edition {edition};%", reporter, flow, f"%partner rank {rank};%"],
    )
    assert row["partner"] == partner
    assert row["value"] == pytest.approx(float(raw["share_pct"]))
    assert row["year"] == int(float(raw["data_year"]))
    assert (row["unit"], row["is_mirror"], row["is_estimate"]) == ("share_pct", False, False)


def test_a_missing_data_year_is_the_edition_minus_its_usual_lag(store, raw_rows):
    lags = Counter(
        int(r["edition_year"]) - int(float(r["data_year"]))
        for r in raw_rows
        if r["edition_year"] == "1999" and r["data_year"]
    )
    assert lags.most_common(1)[0][0] == 2
    inferred = flows(store, "AND detail LIKE 'edition 1999;%' AND detail LIKE '%not printed%'")
    assert inferred and {r["year"] for r in inferred} == {1997}
    assert len(flows(store, "AND detail LIKE '%data year not printed%'")) == 234


def test_editions_repeating_one_data_year_are_all_kept(store):
    rows = flows(
        store, "AND reporter = 'TKM' AND channel = 'imports' AND year = 2017 AND partner = 'TUR' ORDER BY detail"
    )
    assert [r["detail"].split(";")[0] for r in rows] == ["edition 2018", "edition 2019", "edition 2020"]
    assert len({r["value"] for r in rows}) == 1


def test_years_outside_the_coverage_are_absent(store):
    low, high = store.con.execute(
        "SELECT min(year), max(year) FROM flows WHERE source_id = 'factbook_trade_partners'"
    ).fetchone()
    assert (low, high) == (1991, 2023)
    later = store.con.execute(
        "SELECT count(*) FROM flows WHERE source_id = 'factbook_trade_partners' "
        "AND year >= CAST(substr(detail, 9, 4) AS INTEGER)"
    ).fetchone()[0]
    assert later == 18  # data year = edition year: 18 lines of the 2002 and 2012 editions


def test_the_focus_states_have_both_directions_in_the_latest_edition(store):
    for entity in ("KAZ", "UZB", "TKM", "KGZ", "TJK", "AZE", "ARM", "GEO", "UKR", "BLR", "MNG"):
        channels = {r["channel"] for r in flows(store, "AND reporter = ? AND detail LIKE 'edition 2025;%'", [entity])}
        assert channels == {"exports", "imports"}, entity
