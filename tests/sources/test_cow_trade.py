"""COW dyadic trade v4.0: every line accounted for, one imports record per present direction."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import importlib.util
import shutil
from pathlib import Path

import pandas as pd
import pytest

from multivector.sources.cow_trade import SOURCE
from multivector.store import Store
from multivector.store.ingest import ingest_file
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "cow_trade" / "cow_trade_dyads.csv.gz"
RDS = Path(__file__).resolve().parents[3] / "shared" / "data" / "cow-trade-v4" / "cow_trade_ddy.rds"
ROWS_IN_ORIGIN = 673654  # ORIGIN.md: half of the .rds's 1,347,308 directed lines
UNIT = "usd_million_current"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results[0]
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The shipped lines, flows as floats (NaN where the file is empty), keyed by ccode1, ccode2, year."""
    table = pd.read_csv(RAW, usecols=["ccode1", "ccode2", "year", "flow1", "flow2"])
    return table.set_index(["ccode1", "ccode2", "year"]).sort_index()


def raw_imports(raw: pd.DataFrame, importer: int, exporter: int, year: int) -> float:
    """The imports of ``importer`` from ``exporter`` as the file gives them, from whichever side holds the line."""
    if (importer, exporter, year) in raw.index:
        return float(raw.loc[(importer, exporter, year), "flow1"])
    return float(raw.loc[(exporter, importer, year), "flow2"])


def stored(store, reporter: str, partner: str, year: int) -> list[tuple]:
    return store.con.execute(
        "SELECT value, unit, is_estimate, is_mirror FROM flows WHERE source_id = 'cow_trade' "
        "AND channel = 'imports' AND reporter = ? AND partner = ? AND year = ?",
        [reporter, partner, year],
    ).fetchall()


def test_each_dyad_year_is_one_line_and_every_line_is_loaded(ingested, raw):
    _, result = ingested
    ccode1, ccode2 = raw.index.get_level_values("ccode1"), raw.index.get_level_values("ccode2")
    assert len(raw) == ROWS_IN_ORIGIN and raw.index.is_unique
    assert (ccode1 < ccode2).all()  # the mirror line of each dyad-year is not shipped
    assert (result.rows_in, result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (
        ROWS_IN_ORIGIN,
        ROWS_IN_ORIGIN,
        0,
        0,
    )


def test_nothing_is_rejected(store):
    reasons = store.con.execute(
        "SELECT reason, count(*) FROM rejects WHERE source_id = 'cow_trade' GROUP BY 1"
    ).fetchall()
    assert reasons == []


def test_one_record_per_present_flow_and_none_for_a_missing_one(ingested, raw):
    store, result = ingested
    assert result.records_written == int(raw.flow1.notna().sum() + raw.flow2.notna().sum())
    # Moldova-Uruguay 1992, the line (165, 359): Uruguay's imports 0.0, Moldova's missing
    assert raw_imports(raw, 165, 359, 1992) == 0.0 and pd.isna(raw_imports(raw, 359, 165, 1992))
    assert stored(store, "MDA", "URY", 1992) == []
    assert stored(store, "URY", "MDA", 1992) == [(0.0, UNIT, False, False)]


@pytest.mark.parametrize(
    ("ccode1", "ccode2", "year", "importer", "exporter"),
    [
        (705, 710, 2010, "KAZ", "CHN"),
        (704, 365, 2014, "UZB", "RUS"),
        (365, 2, 1980, "SUN", "USA"),
        (433, 220, 2010, "SEN", "FRA"),  # two states outside the former subset
        (2, 20, 1920, "USA", "CAN"),
    ],
)
def test_values_match_the_raw_file_in_both_directions(store, raw, ccode1, ccode2, year, importer, exporter):
    assert stored(store, importer, exporter, year) == [(raw_imports(raw, ccode1, ccode2, year), UNIT, False, False)]
    assert stored(store, exporter, importer, year) == [(raw_imports(raw, ccode2, ccode1, year), UNIT, False, False)]


def test_every_state_reports_with_every_partner(store):
    """The file is whole: a state far from the former USSR has its own partners, not only post-Soviet ones."""
    senegal = dict(
        store.con.execute(
            "SELECT partner, value FROM flows WHERE source_id = 'cow_trade' AND reporter = 'SEN' AND year = 2010"
        ).fetchall()
    )
    assert len(senegal) > 150 and senegal["FRA"] > senegal["RUS"] > 0
    reporters = store.con.execute(
        "SELECT count(DISTINCT reporter) FROM flows WHERE source_id = 'cow_trade' AND year = 2010"
    ).fetchone()[0]
    assert reporters > 180


def test_a_dyad_listed_from_both_sides_is_stored_once(crosswalk_store_file, tmp_path):
    """peacesciencer's own export lists each dyad twice; the loader keeps one, and rejects a mirror that disagrees."""
    header = "ccode1,ccode2,iso3_1,iso3_2,year,flow1,flow2,smoothflow1,smoothflow2\n"
    lines = [
        "365,705,RUS,KAZ,2005,3176.0,9736.0,3176.0,9736.0",
        "705,365,KAZ,RUS,2005,9736.0,3176.0,9736.0,3176.0",
        "365,704,RUS,UZB,2005,1000.0,800.0,1000.0,800.0",
        "704,365,UZB,RUS,2005,800.0,999.0,800.0,999.0",
    ]
    spec = dataclasses.replace(SOURCE.files[0], path="cow_trade/both_sides.csv.gz")
    (tmp_path / "cow_trade").mkdir()
    (tmp_path / spec.path).write_bytes(gzip.compress((header + "\n".join(lines) + "\n").encode()))
    shutil.copyfile(crosswalk_store_file, tmp_path / "store.duckdb")
    with Store(tmp_path / "store.duckdb") as store:
        result = ingest_file(store, dataclasses.replace(SOURCE, files=(spec,)), spec, tmp_path)
        reasons = store.con.execute("SELECT reason FROM rejects WHERE source_id = 'cow_trade'").fetchall()
        assert (result.rows_in, result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (4, 2, 1, 1)
        assert reasons == [("conflicting_duplicate",)]
        assert stored(store, "KAZ", "RUS", 2005) == [(9736.0, UNIT, False, False)]
        assert stored(store, "RUS", "KAZ", 2005) == [(3176.0, UNIT, False, False)]


def test_cow_365_is_the_ussr_from_1923_to_1991_and_russia_otherwise(store):
    spans = dict(
        (entity, (low, high))
        for entity, low, high in store.con.execute(
            "SELECT reporter, min(year), max(year) FROM flows WHERE source_id = 'cow_trade' "
            "AND reporter IN ('SUN', 'RUS') GROUP BY 1"
        ).fetchall()
    )
    assert spans["SUN"] == (1923, 1991)
    russia_in_soviet_years = store.con.execute(
        "SELECT count(*) FROM flows WHERE source_id = 'cow_trade' AND 'RUS' IN (reporter, partner) "
        "AND year BETWEEN 1923 AND 1991"
    ).fetchone()[0]
    assert russia_in_soviet_years == 0


def test_years_stay_inside_the_coverage(store):
    low, high = store.con.execute("SELECT min(year), max(year) FROM flows WHERE source_id = 'cow_trade'").fetchone()
    assert (low, high) == (1870, 2014)
    kazakh_first = store.con.execute(
        "SELECT min(year) FROM flows WHERE source_id = 'cow_trade' AND reporter = 'KAZ'"
    ).fetchone()[0]
    assert kazakh_first == 1992


def test_the_shipped_file_has_the_sha256_its_origin_states():
    origin = (REPO_DATA / "cow_trade" / "ORIGIN.md").read_text(encoding="utf-8")
    line = next(line for line in origin.splitlines() if line.startswith(f"| `{RAW.name}`"))
    assert hashlib.sha256(RAW.read_bytes()).hexdigest() in line


def test_the_file_is_derived_the_same_way_twice():
    if not RDS.is_file():
        pytest.skip("peacesciencer's cow_trade_ddy.rds is not beside the checkout")
    spec = importlib.util.spec_from_file_location("derive_cow_trade", REPO_DATA / "cow_trade" / "derive.py")
    assert spec is not None and spec.loader is not None
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    first, second = derive.derive(RDS), derive.derive(RDS)
    assert first == second == RAW.read_bytes()
