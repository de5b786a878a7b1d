"""GEM gas pipelines: one fact per pipeline, capacities and routes as in the raw files."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date

import pytest

from multivector.sources import gem_gas_pipelines as module
from tests.conftest import REPO_DATA

GGIT = REPO_DATA / "gem" / "GEM_GGIT_gas_pipelines_2022_postsoviet_mongolia_noWKT.csv"
AGT = REPO_DATA / "gem" / "GEM_asia_gas_tracker_2024-05_postsoviet_mongolia_subset.csv"


def read(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def ggit_rows() -> list[dict]:
    return read(GGIT)


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(module.SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def facts(ingested) -> dict[str, dict]:
    rows = ingested[0].rows("SELECT * FROM facts WHERE source_id = 'gem_gas_pipelines'")
    return {r["fact_id"]: {**r, "attributes": json.loads(r["attributes"])} for r in rows}


def test_every_line_is_one_fact(ingested, ggit_rows):
    ggit, agt = ingested[1]
    assert len(ggit_rows) == ggit.rows_in == ggit.rows_loaded == 106  # PROVENANCE.md: 106 x 34
    assert len(read(AGT)) == agt.rows_in == agt.rows_loaded == 11  # PROVENANCE.md: 11 x 17
    for result in (ggit, agt):
        assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
        assert result.rows_rejected == result.rows_deduplicated == 0
    rejects = (
        ingested[0].con.execute("SELECT count(*) FROM rejects WHERE source_id = 'gem_gas_pipelines'").fetchone()[0]
    )
    assert rejects == 0


def test_statuses_match_the_provenance(facts):
    ggit = Counter(f["status"] for f in facts.values() if f["attributes"]["tracker"] == "GGIT ~2022")
    assert ggit == {"operating": 85, "proposed": 13, "construction": 4, "cancelled": 2, "retired": 1, "mothballed": 1}


def test_central_asia_china_line_a(facts, ggit_rows):
    raw = next(r for r in ggit_rows if r["ProjectID"] == "P2299")
    fact = facts["gem:P2299"]
    assert (fact["subject"], fact["object"]) == ("TKM", "CHN")
    assert fact["text"] == f"{raw['PipelineName']}, {raw['SegmentName']}"
    assert fact["text"] == "Central Asia–China Gas Pipeline, Line A"
    assert fact["value_number"] == float(raw["Capacity"]) == 15.0  # 'bcm/year', not converted by GEM
    assert fact["valid_from"] == date(int(float(raw["StartYear1"])), 1, 1) == date(2009, 1, 1)
    assert fact["attributes"]["transit"] == ["UZB", "KAZ"]
    assert fact["attributes"]["length_km"] == float(raw["LengthMergedKm"])
    assert (fact["kind"], fact["domain"], fact["unit"], fact["cites"]) == (
        "infrastructure",
        "economic",
        "bcm_per_year",
        "gem_gas_pipelines",
    )
    assert fact["locator"] == f"row {fact['file_line']}" == f"row {ggit_rows.index(raw) + 2}"


def test_capacity_conversions_and_unknowns(facts, ggit_rows):
    by_id = {r["ProjectID"]: r for r in ggit_rows}
    assert by_id["P0449"]["CapacityUnits"] == "MMcf/d"
    assert facts["gem:P0449"]["value_number"] == float(by_id["P0449"]["CapacityBcm/y"]) == 2.0
    assert facts["gem:P0773"]["value_number"] is None  # no capacity published: null, not 0
    unknown = sum(1 for r in ggit_rows if r["CapacityBcm/y"] == "--" and r["CapacityUnits"] not in module.BCM_UNITS)
    assert sum(1 for f in facts.values() if f["value_number"] is None) == unknown
    agt = facts["gem:agt:Iran-Armenia Gas Pipeline"]
    assert agt["value_number"] == pytest.approx(222.5 * module.BCM_PER_YEAR_PER_MMCF_PER_DAY, abs=1e-4)
    assert round(agt["value_number"]) == facts["gem:P0449"]["value_number"]


def test_planned_start_years_are_not_valid_from(facts):
    planned = [f for f in facts.values() if f["status"] in {"proposed", "construction", "cancelled"}]
    assert planned and all(f["valid_from"] is None for f in planned)
    assert facts["gem:P0764"]["attributes"]["start_year_planned"] == 2023  # Trans-Caspian
    retired = [f for f in facts.values() if f["status"] == "retired"]
    assert [f["valid_to"] for f in retired] == [date(2007, 12, 31)]


def test_asia_gas_tracker_ends_agree_with_ggit(facts):
    ggit = {
        (f["attributes"]["wiki"], f["attributes"]["segment"]): f
        for f in facts.values()
        if f["attributes"]["tracker"] == "GGIT ~2022"
    }
    matched, differ = 0, []
    for fact in facts.values():
        if fact["attributes"]["tracker"] != "GGIT ~2022":
            twin = ggit.get((fact["attributes"]["wiki"], fact["attributes"]["segment"]))
            if twin is not None:
                matched += 1
                if (fact["subject"], fact["object"]) != (twin["subject"], twin["object"]):
                    differ.append((fact["text"], fact["object"], twin["object"]))
    assert matched == 9
    # GGIT ends Line D in Kyrgyzstan although its own country list runs on to China
    assert differ == [("Central Asia–China Gas Pipeline, Line D", "CHN", "KGZ")]
