"""Factbook January 2026 profiles: every partner entry accounted for; shares match the JSON."""

from __future__ import annotations

import json

import pytest

from multivector.sources import factbook_2026 as module
from multivector.sources.factbook_2026 import split_partners
from tests.conftest import REPO_DATA

FOLDER = REPO_DATA / "factbook-json"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(module.SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


def raw_list(code: str, field: str) -> str:
    profile = json.loads((FOLDER / f"{code}.json").read_text(encoding="utf-8"))
    return profile["Economy"][field]["text"]


def stored(store, reporter: str, channel: str) -> list[dict]:
    return store.rows("SELECT * FROM flows WHERE source_id = 'factbook_2026' AND reporter = ? "
                      "AND channel = ? ORDER BY file_line", [reporter, channel])


def test_every_partner_entry_of_the_31_files_is_accounted_for(ingested):
    results = ingested[1]
    assert len(results) == 31 == len(list(FOLDER.glob("*.json")))  # PROVENANCE.md: 31 files
    for result in results:
        code = result.file_name.removeprefix("factbook-json/").removesuffix(".json")
        entries = sum(raw_list(code, field).count("%") for field in module.FIELDS)
        assert result.rows_in == entries == 10, code
        assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert sum(r.rows_loaded for r in results) == 300


def test_only_the_eu_profile_is_rejected_as_not_a_state(store):
    rejects = store.rows("SELECT file_name, reason FROM rejects WHERE source_id = 'factbook_2026'")
    assert {(r["file_name"], r["reason"]) for r in rejects} == {("factbook-json/ee.json", "not_a_state")}
    assert len(rejects) == 10


@pytest.mark.parametrize(("code", "reporter", "field", "channel"), [
    ("kz", "KAZ", "Imports - partners", "imports"),
    ("mg", "MNG", "Exports - partners", "exports"),
    ("tx", "TKM", "Exports - partners", "exports"),
])
def test_shares_match_the_json(store, code, reporter, field, channel):
    text = raw_list(code, field)
    printed = [piece.rsplit(" ", 1)[-1].rstrip("%") for piece in text.split(" (")[0].split(", ")
               if piece.endswith("%")]
    rows = stored(store, reporter, channel)
    assert [r["value"] for r in rows] == [float(share) for share in printed]
    assert {(r["year"], r["unit"], r["is_estimate"], r["is_mirror"]) for r in rows} == {
        (int(text[-5:-1]), "share_pct", False, False)}


def test_named_partners(store):
    kaz = {r["partner"]: r["value"] for r in stored(store, "KAZ", "imports")}
    assert kaz == {"CHN": 28.0, "RUS": 24.0, "GMB": 4.0, "TUR": 4.0, "USA": 4.0}  # 'Gambia, The' whole
    mng = {r["partner"]: r["value"] for r in stored(store, "MNG", "exports")}
    assert mng["THA"] == 0.0 and mng["JPN"] == 0.0  # printed 0%: a rounded share, not missing


def test_file_line_is_the_entry_number_and_detail_the_json_line(store):
    rows = stored(store, "KAZ", "imports")
    assert [r["file_line"] for r in rows] == [6, 7, 8, 9, 10]
    json_line = int(rows[0]["detail"].rsplit("JSON line ", 1)[1])
    lines = (FOLDER / "kz.json").read_text(encoding="utf-8").splitlines()
    assert "Gambia, The 4%" in lines[json_line - 1]


def test_years_outside_the_coverage_are_absent(store):
    years = store.con.execute("SELECT DISTINCT year FROM flows WHERE source_id = 'factbook_2026'").fetchall()
    assert years == [(2023,)]


def test_split_partners_keeps_names_with_commas_and_flags_estimates():
    assert split_partners("China 16%, Gambia, The 4%, Korea, South 3.5% (2023 est.)") == (
        [("China", 16.0), ("Gambia, The", 4.0), ("Korea, South", 3.5)], 2023, True)
    assert split_partners("<b>Russia</b> 39%, Ukraine, US 5% (1998)") == (
        [("Russia", 39.0), ("Ukraine", None), ("US", 5.0)], 1998, False)
    assert split_partners("Italy 37%") == ([("Italy", 37.0)], None, False)
