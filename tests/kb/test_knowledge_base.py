"""Knowledge base: every entry loads, every fact is cited, broken entries are rejected,
and facts citing a seed text can be found in the sentence they name."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from multivector.kb import sentence
from multivector.kb.entries import ANCHOR_POLES, POLES
from multivector.sources.knowledge_base import SOURCE
from multivector.store import Store
from multivector.store.ingest import ingest_file
from tests.conftest import REPO_DATA

FACTS = REPO_DATA / "facts"
SEEDS = REPO_DATA.parent.parent / "shared" / "seeds"
KIND_OF_FILE = {
    "documents.toml": "document",
    "institutions.toml": "institution",
    "events.toml": "event",
    "figures.toml": "figure",
    "infrastructure.toml": "infrastructure",
}


def raw(file_name: str) -> list[dict]:
    """Entries of a shipped file, read independently of the loader."""
    with open(FACTS / file_name, "rb") as handle:
        return tomllib.load(handle)[KIND_OF_FILE[file_name]]


@pytest.fixture(scope="module")
def loaded(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, {Path(r.file_name).name: r for r in results}
    store.close()


@pytest.fixture(scope="module")
def facts(loaded) -> list[dict]:
    store, _ = loaded
    rows = store.rows("SELECT * FROM facts WHERE source_id = 'knowledge_base'")
    for row in rows:
        row["attributes"] = json.loads(row["attributes"]) if row["attributes"] else {}
    return rows


# ------------------------------------------------------------------------ counts and rejects


@pytest.mark.parametrize("file_name", list(KIND_OF_FILE))
def test_every_entry_of_every_file_loads(loaded, file_name):
    _, results = loaded
    result = results[file_name]
    assert result.rows_in == len(raw(file_name))
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert (result.rows_rejected, result.rows_deduplicated) == (0, 0)


def test_no_shipped_entry_is_rejected(loaded):
    store, _ = loaded
    reasons = store.con.execute(
        "SELECT reason, count(*) FROM rejects WHERE source_id = 'knowledge_base' GROUP BY 1"
    ).fetchall()
    assert reasons == []


def test_an_institution_gives_one_fact_plus_one_per_member(loaded, facts):
    institutions = raw("institutions.toml")
    kinds = [f["kind"] for f in facts]
    assert kinds.count("institution") == len(institutions)
    assert kinds.count("membership") == sum(len(i.get("members", [])) for i in institutions)


def test_institutions_name_the_poles_anchoring_them_in_their_attributes(facts):
    anchors = {f["fact_id"]: f["attributes"].get("poles") for f in facts if f["kind"] == "institution"}
    assert anchors == {i["id"]: i.get("poles") for i in raw("institutions.toml")}
    assert anchors["sco"] == ["CHN", "RUS"] and anchors["osce"] == ["WEST", "RUS"]
    assert anchors["cica"] == []  # a regional format: kept as an empty list, not dropped
    assert all(set(poles) <= set(ANCHOR_POLES) for poles in anchors.values())
    assert set(ANCHOR_POLES) == set(POLES) - {"OTHER"}


# ---------------------------------------------------------------------------- citations


def test_every_fact_cites_a_loaded_document_with_a_locator(loaded, facts):
    store, _ = loaded
    documents = {r[0] for r in store.con.execute("SELECT document_id FROM documents").fetchall()}
    assert facts
    for fact in facts:
        assert fact["cites"] in documents, fact["fact_id"]
        assert fact["locator"] and fact["locator"].strip(), fact["fact_id"]
        assert fact["text"] and fact["text"].strip(), fact["fact_id"]


def test_seed_citations_use_sentence_locators(facts):
    for fact in facts:
        if fact["cites"].startswith("seed_"):
            assert re.fullmatch(r"s\d+", fact["locator"]), fact["fact_id"]


def test_the_seeds_are_registered_with_descriptive_titles(loaded):
    store, _ = loaded
    titles = dict(
        store.con.execute("SELECT document_id, title FROM documents WHERE note LIKE '%Seed text%'").fetchall()
    )
    assert titles == {
        "seed_ca_multivector_2025": "Central Asia's multi-vector diplomacy amid great-power rivalry",
        "seed_kaz_hedging_2026": "Multivectorism as post-imperial hedging: the case of Kazakhstan",
    }


# ------------------------------------------------------------------------ values and shape


def test_conflicting_estimates_are_kept_side_by_side(facts):
    border = {f["cites"]: f["value_number"] for f in facts if f["fact_id"] == "kaz_chn_border_km"}
    assert border == {"seed_kaz_hedging_2026": 1783, "cia_factbook_2026_01": 1765}
    place = {f["cites"]: f["attributes"]["place"] for f in facts if f["fact_id"] == "ca_consultative_meeting_7"}
    assert place == {"seed_ca_multivector_2025": "Dushanbe", "trend_2025_consultative_meeting": "Tashkent"}


@pytest.mark.parametrize(
    ("file_name", "fact_id", "cite"),
    [
        ("figures.toml", "cpc_crude_throughput", "seed_kaz_hedging_2026"),
        ("figures.toml", "kaz_chn_trade_turnover_2022", "nca_2023_kaz_chn_trade"),
        ("infrastructure.toml", "ca_china_gas_line_d", "gem_ggit_pipelines_2022"),
    ],
)
def test_spot_values_match_the_raw_file(facts, file_name, fact_id, cite):
    entry = next(e for e in raw(file_name) if e["id"] == fact_id and e["cite"] == cite)
    stored = next(f for f in facts if f["fact_id"] == fact_id and f["cites"] == cite)
    expected = entry.get("value", entry.get("capacity"))
    assert stored["value_number"] == pytest.approx(expected)
    assert stored["unit"] == entry.get("unit", entry.get("capacity_unit"))
    assert stored["locator"] == entry["locator"]


def test_a_range_keeps_both_ends_and_no_invented_midpoint(facts):
    energy = next(f for f in facts if f["fact_id"] == "kaz_energy_share_of_exports_2024_2025")
    assert energy["value_number"] is None
    assert (energy["attributes"]["low"], energy["attributes"]["high"]) == (51.7, 53.5)


def test_route_volumes_keep_their_route_and_parts_in_their_attributes(facts):
    stored = {f["fact_id"]: f["attributes"] for f in facts}
    cpc = stored["kaz_crude_route_2024_01_10:cpc"]
    assert (cpc["route"], cpc["commodity"], cpc["item"], cpc["period"]) == (
        ["KAZ", "RUS"],
        "crude oil",
        "cpc",
        "2024-01/2024-10",
    )
    aktau = stored["kaz_crude_route_2024_01_10:aktau"]
    assert (aktau["route"], aktau["qualifier"], aktau["as_written"]) == (["KAZ"], "more than", "3.1 million")
    assert stored["kaz_crude_transit_2024_01_10:rus_chn"]["part_of"] == "kaz_crude_transit_2024_01_10"


def test_a_part_names_a_whole_of_its_source_unit_and_period_and_follows_its_route():
    figures = {(f["id"], f["cite"]): f for f in raw("figures.toml")}
    parts = [f for f in figures.values() if "part_of" in f]
    assert parts
    for part in parts:
        whole = figures[(part["part_of"], part["cite"])]
        assert (whole["unit"], whole.get("period"), whole["commodity"]) == (
            part["unit"],
            part.get("period"),
            part["commodity"],
        ), part["id"]
        assert part["route"][: len(whole["route"])] == whole["route"], part["id"]


def test_memberships_resolve_to_states_with_ordered_dates(facts):
    memberships = [f for f in facts if f["kind"] == "membership"]
    uzb_csto = {(f["cites"], f["valid_from"], f["valid_to"]) for f in memberships if f["fact_id"] == "csto:UZB:2"}
    assert ("tass_2012_12_19_csto_suspension", None, date(2012, 12, 19)) in uzb_csto
    for fact in memberships:
        assert re.fullmatch(r"[A-Z]{3}", fact["subject"]), fact["fact_id"]
        if fact["valid_from"] and fact["valid_to"]:
            assert fact["valid_from"] <= fact["valid_to"], fact["fact_id"]


def test_directions_name_known_poles(facts):
    for fact in facts:
        for part in filter(None, (fact["direction"] or "").split(",")):
            way, pole = part.split(":")
            assert way in ("toward", "away") and pole in POLES, fact["fact_id"]


def test_no_fact_lies_outside_the_covered_years(facts):
    first = {"infrastructure": 1967}  # Soviet-built lines; everything else from 1989
    for fact in facts:
        for day in (fact["valid_from"], fact["valid_to"]):
            if day is not None:
                assert first.get(fact["kind"], 1989) <= day.year <= 2025, fact["fact_id"]


def test_facts_without_a_number_say_so_in_their_unit(facts):
    for fact in facts:
        if fact["kind"] in ("institution", "membership", "event"):
            assert (fact["value_number"], fact["unit"]) == (None, None), fact["fact_id"]


# ------------------------------------------------------------------------ broken entries

GOOD = {
    "events.toml": """
[[event]]
id = "test_event"
date = "2020-05-01"
actors = ["KAZ"]
domain = "diplomatic"
text = "A test event."
cite = "kremlin_cis_glossary"
locator = "para 1"
""",
    "institutions.toml": """
[[institution]]
id = "test_forum"
name = "Test forum"
founded = "2020"
domain = "diplomatic"
text = "A test forum."
cite = "kremlin_cis_glossary"
locator = "para 1"
members = [{ state = "KAZ", joined = "2020" }]
""",
    "infrastructure.toml": """
[[infrastructure]]
id = "test_line"
item = "test_line"
name = "Test line"
kind = "oil_pipeline"
route = ["KAZ", "CHN"]
capacity = 5
capacity_unit = "mt_per_year"
text = "A test line."
cite = "kremlin_cis_glossary"
locator = "para 1"
""",
    "figures.toml": """
[[figure]]
id = "test_route_volume"
subject = "KAZ"
value = 3.1
unit = "mt"
year = 2020
qualifier = "more than"
route = ["KAZ", "RUS"]
commodity = "crude oil"
text = "A test volume on a route."
cite = "kremlin_cis_glossary"
locator = "para 1"
""",
    "documents.toml": """
[[document]]
id = "test_document"
title = "A test document"
published = "2020"
""",
}

BROKEN = [  # (name, file, text to replace, replacement, reason, column)
    ("no_cite", "events.toml", 'cite = "kremlin_cis_glossary"\n', "", "missing_value", "cite"),
    ("bad_date", "events.toml", "2020-05-01", "2020-13-45", "cast_error", "date"),
    ("unknown_state", "events.toml", '["KAZ"]', '["XYZ"]', "unknown_country", "actors.0"),
    ("unknown_document", "events.toml", '"kremlin_cis_glossary"', '"no_such_document"', "unknown_reference", "cite"),
    (
        "unknown_key",
        "events.toml",
        'domain = "diplomatic"',
        'domain = "diplomatic"\nactor = "KAZ"',
        "extra_field",
        "actor",
    ),
    (
        "bad_pole",
        "events.toml",
        'domain = "diplomatic"',
        'domain = "diplomatic"\ndirection = "away:MARS"',
        "cast_error",
        "direction",
    ),
    (
        "seed_without_keywords",
        "events.toml",
        '"kremlin_cis_glossary"\nlocator = "para 1"',
        '"seed_ca_multivector_2025"\nlocator = "s3"',
        "missing_value",
        "keywords",
    ),
    ("unknown_member", "institutions.toml", 'state = "KAZ"', 'state = "KAX"', "unknown_country", "members.0.state"),
    (
        "other_anchors",
        "institutions.toml",
        'domain = "diplomatic"',
        'domain = "diplomatic"\npoles = ["OTHER"]',
        "cast_error",
        "poles.0",
    ),
    (
        "pole_twice",
        "institutions.toml",
        'domain = "diplomatic"',
        'domain = "diplomatic"\npoles = ["RUS", "RUS"]',
        "cast_error",
        "poles",
    ),
    (
        "member_without_locator",
        "institutions.toml",
        'joined = "2020"',
        'joined = "2020", cite = "osce_timeline_1992"',
        "cast_error",
        "members.0",
    ),
    ("negative_capacity", "infrastructure.toml", "capacity = 5", "capacity = -5", "negative_value", "capacity"),
    ("capacity_without_unit", "infrastructure.toml", 'capacity_unit = "mt_per_year"\n', "", "cast_error", None),
    ("route_unknown_state", "figures.toml", '["KAZ", "RUS"]', '["KAZ", "XYZ"]', "unknown_country", "route.1"),
    ("route_state_twice", "figures.toml", '["KAZ", "RUS"]', '["KAZ", "RUS", "KAZ"]', "cast_error", "route"),
    ("route_without_commodity", "figures.toml", 'commodity = "crude oil"\n', "", "cast_error", None),
    ("unknown_qualifier", "figures.toml", '"more than"', '"a good deal more than"', "cast_error", "qualifier"),
    (
        "part_of_itself",
        "figures.toml",
        'commodity = "crude oil"',
        'commodity = "crude oil"\npart_of = "test_route_volume"',
        "cast_error",
        None,
    ),
    ("bad_published", "documents.toml", 'published = "2020"', 'published = "last spring"', "cast_error", "published"),
]


@pytest.fixture(scope="module")
def broken(crosswalk_store_file, tmp_path_factory):
    """Ingest a copy of data/facts with broken entries (and one good one) appended per file."""
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(FACTS, root / "facts")
    lines: dict[str, tuple[str, int]] = {}
    for file_name, good in GOOD.items():
        path = root / "facts" / file_name
        text = path.read_text(encoding="utf-8")
        blocks = [(name, good.replace(old, new, 1)) for name, f, old, new, *_ in BROKEN if f == file_name]
        for name, block in [*blocks, (f"good {file_name}", good.replace('"test_', '"good_test_'))]:
            assert block != good or name.startswith("good")
            lines[name] = (f"facts/{file_name}", text.count("\n") + 2)  # the header after the blank line
            text += block
        path.write_text(text, encoding="utf-8")
    path = root / "store.duckdb"
    shutil.copyfile(crosswalk_store_file, path)
    with Store(path) as store:
        results = {spec.path: ingest_file(store, SOURCE, spec, root) for spec in SOURCE.files}
        rejects = {
            (name, line): (reason, column)
            for name, line, reason, column in store.con.execute(
                "SELECT file_name, file_line, reason, column_name FROM rejects WHERE source_id = 'knowledge_base'"
            ).fetchall()
        }
    return results, rejects, lines


@pytest.mark.parametrize(("variant", "reason", "column"), [(b[0], b[4], b[5]) for b in BROKEN])
def test_a_broken_entry_is_rejected_with_its_reason_and_line(broken, variant, reason, column):
    _, rejects, lines = broken
    assert rejects[lines[variant]] == (reason, column)


def test_broken_entries_leave_the_rest_loaded_and_the_counts_balanced(broken):
    results, rejects, lines = broken
    for file_name in GOOD:
        result = results[f"facts/{file_name}"]
        added = sum(1 for b in BROKEN if b[1] == file_name)
        assert result.rows_in == len(raw(file_name)) + added + 1
        assert (result.rows_loaded, result.rows_rejected) == (len(raw(file_name)) + 1, added)
        assert lines[f"good {file_name}"] not in rejects
    assert len(rejects) == len(BROKEN)


# ------------------------------------------------------------------------ against the seeds


def _seed_texts() -> dict[str, str]:
    return {
        d["id"]: (SEEDS / d["seed_file"]).read_text(encoding="utf-8")
        for d in raw("documents.toml")
        if d.get("seed_file")
    }


def _number(text: str) -> float:
    return float(re.search(r"\d[\d,]*(?:\.\d+)?", text).group(0).replace(",", ""))


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed texts are not beside the repository")
def test_facts_citing_a_seed_are_found_in_their_sentence(facts):
    seeds = _seed_texts()
    checked = 0
    for fact in facts:
        if fact["cites"] not in seeds:
            continue
        found = sentence(seeds[fact["cites"]], fact["locator"])
        written = fact["attributes"].get("as_written")
        if written:
            assert written in found, (fact["fact_id"], found)
            numbers = [fact["value_number"], fact["attributes"].get("low")]
            assert any(n is not None and abs(n) == pytest.approx(_number(written)) for n in numbers)
        else:
            keywords = fact["attributes"].get("keywords")
            assert keywords, fact["fact_id"]
            for word in keywords:
                assert word.casefold() in found.casefold(), (fact["fact_id"], word, found)
        checked += 1
    assert checked >= 50


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed texts are not beside the repository")
def test_no_fact_text_copies_a_run_of_seven_words_from_a_seed(facts):
    def runs(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[\w'’-]+", text.casefold())
        return {tuple(words[i : i + 7]) for i in range(len(words) - 6)}

    seed_runs = set().union(*(runs(text) for text in _seed_texts().values()))
    written = [f for f in facts if f["kind"] != "membership"]  # membership texts are generated
    copied = {f["fact_id"]: sorted(runs(f["text"]) & seed_runs) for f in written}
    assert {k: v for k, v in copied.items() if v} == {}
