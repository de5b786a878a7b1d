"""Factbook January 2026 profiles: every partner and export-commodity entry accounted for;
shares and commodities match the JSON."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date

import pytest

from multivector.sources import factbook_2026 as module
from multivector.sources.base import ParseContext
from multivector.sources.factbook_2026 import split_commodities, split_partners
from multivector.store.ingest import ingest_file
from tests.conftest import REPO_DATA, snapshot

FOLDER = REPO_DATA / "factbook-json"
COMMODITIES = "Exports - commodities"


def ingest_both(ingest_source):
    """Both sources of the module in one store, as ``build`` loads them: partners first."""
    store, partners = ingest_source(module.SOURCE)
    commodities = [
        ingest_file(store, module.EXPORT_COMMODITIES, spec, REPO_DATA) for spec in module.EXPORT_COMMODITIES.files
    ]
    return store, partners, commodities


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, partners, commodities = ingest_both(ingest_source)
    yield store, partners, commodities
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


def raw_list(code: str, field: str) -> str:
    profile = json.loads((FOLDER / f"{code}.json").read_text(encoding="utf-8"))
    return profile["Economy"][field]["text"]


def stored(store, reporter: str, channel: str) -> list[dict]:
    return store.rows(
        "SELECT * FROM flows WHERE source_id = 'factbook_2026' AND reporter = ? AND channel = ? ORDER BY file_line",
        [reporter, channel],
    )


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


@pytest.mark.parametrize(
    ("code", "reporter", "field", "channel"),
    [
        ("kz", "KAZ", "Imports - partners", "imports"),
        ("mg", "MNG", "Exports - partners", "exports"),
        ("tx", "TKM", "Exports - partners", "exports"),
    ],
)
def test_shares_match_the_json(store, code, reporter, field, channel):
    text = raw_list(code, field)
    printed = [piece.rsplit(" ", 1)[-1].rstrip("%") for piece in text.split(" (")[0].split(", ") if piece.endswith("%")]
    rows = stored(store, reporter, channel)
    assert [r["value"] for r in rows] == [float(share) for share in printed]
    assert {(r["year"], r["unit"], r["is_estimate"], r["is_mirror"]) for r in rows} == {
        (int(text[-5:-1]), "share_pct", False, False)
    }


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
        [("China", 16.0), ("Gambia, The", 4.0), ("Korea, South", 3.5)],
        2023,
        True,
    )
    assert split_partners("<b>Russia</b> 39%, Ukraine, US 5% (1998)") == (
        [("Russia", 39.0), ("Ukraine", None), ("US", 5.0)],
        1998,
        False,
    )
    assert split_partners("Italy 37%") == ([("Italy", 37.0)], None, False)


# Exports - commodities → facts (source factbook_2026_commodities)


def commodities_in_json(code: str) -> list[str]:
    """The commodities as printed, read without the module's parser."""
    text = re.sub(r"<[^>]+>", "", raw_list(code, COMMODITIES))
    return [piece.strip() for piece in text.rsplit(" (", 1)[0].split(",") if piece.strip()]


def commodity_facts(store, subject: str) -> list[dict]:
    return store.rows(
        "SELECT * FROM facts WHERE source_id = 'factbook_2026_commodities' AND subject = ? ORDER BY value_number",
        [subject],
    )


def test_every_commodity_entry_is_accounted_for(ingested):
    results = ingested[2]
    assert len(results) == 31
    for result in results:
        code = result.file_name.removeprefix("factbook-json/").removesuffix(".json")
        assert result.rows_in == len(commodities_in_json(code)) == 5, code
        assert result.balanced and result.rows_deduplicated == 0, code
        assert (result.rows_rejected == 5) == (code == "ee"), code
    assert sum(r.rows_in for r in results) == 155
    assert (
        sum(r.rows_loaded for r in results)
        == 150
        == ingested[0].count("facts WHERE source_id = 'factbook_2026_commodities'")
    )


def test_the_eu_commodities_are_rejected_as_not_a_state_after_its_partner_entries(store):
    rejects = store.rows(
        "SELECT file_name, file_line, reason FROM rejects "
        "WHERE source_id = 'factbook_2026_commodities' ORDER BY file_line"
    )
    assert [(r["file_name"], r["reason"]) for r in rejects] == [("factbook-json/ee.json", "not_a_state")] * 5
    assert [r["file_line"] for r in rejects] == [11, 12, 13, 14, 15]  # partners are entries 1-10


@pytest.mark.parametrize(("subject", "code"), [("KAZ", "kz"), ("TKM", "tx"), ("MNG", "mg"), ("UKR", "up")])
def test_commodities_match_the_json_in_rank_order(store, subject, code):
    assert [f["text"] for f in commodity_facts(store, subject)] == commodities_in_json(code)


def test_kazakh_and_turkmen_first_commodities(store):
    kaz, tkm = commodity_facts(store, "KAZ"), commodity_facts(store, "TKM")
    assert (kaz[0]["fact_id"], kaz[0]["text"], tkm[0]["text"]) == (
        "export_commodity:KAZ:1",
        "crude petroleum",
        "natural gas",
    )
    assert (kaz[0]["valid_from"], kaz[0]["valid_to"]) == (date(2023, 1, 1), date(2023, 12, 31))
    assert [f["value_number"] for f in kaz] == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_a_commodity_fact_is_cited_and_described(store):
    fact = commodity_facts(store, "KAZ")[0]
    assert {key: fact[key] for key in ("kind", "object", "unit", "domain", "cites", "locator")} == {
        "kind": "figure",
        "object": None,
        "unit": "rank_by_export_value",
        "domain": "economic",
        "cites": "cia_factbook_2026_01",
        "locator": 'kz.json: Economy."Exports - commodities"',
    }
    attributes = json.loads(fact["attributes"])
    assert {key: attributes[key] for key in ("field", "rank", "data_year", "note", "is_estimate")} == {
        "field": COMMODITIES,
        "rank": 1,
        "data_year": 2023,
        "is_estimate": False,
        "note": "top five export commodities based on value in dollars",
    }
    lines = (FOLDER / "kz.json").read_text(encoding="utf-8").splitlines()
    assert "crude petroleum, gold" in lines[attributes["json_line"] - 1]


def test_the_cited_document_is_registered():
    assert 'id = "cia_factbook_2026_01"' in (REPO_DATA / "facts" / "documents.toml").read_text(encoding="utf-8")


def test_a_second_ingest_changes_nothing_and_a_reparse_gives_the_same_rows(ingest_source):
    store, _, _ = ingest_both(ingest_source)
    try:
        before = snapshot(store)
        again = [
            ingest_file(store, source, spec, REPO_DATA)
            for source in (module.SOURCE, module.EXPORT_COMMODITIES)
            for spec in source.files
        ]
        assert {r.status for r in again} == {"unchanged"}
        assert snapshot(store) == before
        for spec in module.EXPORT_COMMODITIES.files:
            ingest_file(store, module.EXPORT_COMMODITIES, replace(spec, parser_version="reparse"), REPO_DATA)
        assert snapshot(store)["facts"] == before["facts"]
        assert store.count("rejects") == len(before["rejects"])
    finally:
        store.close()


def test_split_commodities_strips_tags_and_reads_the_year():
    assert split_commodities("<b>crude petroleum</b>, gold, refined copper (2023 est.)") == (
        ["crude petroleum", "gold", "refined copper"],
        2023,
        True,
    )
    assert split_commodities("natural gas, cotton") == (["natural gas", "cotton"], None, False)


def test_a_list_without_a_year_is_rejected_and_a_missing_field_gives_no_entries():
    def parse(economy: dict):
        profile = {
            "Government": {"Country name": {"conventional short form": {"text": "Kazakhstan"}}},
            "Economy": economy,
        }
        return module.parse_commodities(json.dumps(profile).encode(), ParseContext(None, "factbook-json/xx.json"))

    undated = parse({COMMODITIES: {"text": "gold, coal"}, "Exports - partners": {"text": "China 50% (2023)"}})
    assert undated.rows_in == 2 and not undated.rows
    assert [(r.line, r.reason) for r in undated.rejects] == [(2, "missing_value"), (3, "missing_value")]
    assert parse({}).rows_in == 0
