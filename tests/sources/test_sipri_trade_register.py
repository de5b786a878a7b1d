"""SIPRI trade register: every line accounted for; values match the raw file."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from tests.conftest import REPO_DATA

RAW = REPO_DATA / "sipri" / "trade_register_deliveries_1995_2024_original.csv"


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    lines = RAW.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID"))
    return list(csv.DictReader(line.removesuffix(";") for line in lines[start:]))


def run_of(store):
    return store.rows("SELECT * FROM ingest_runs WHERE source_id = 'sipri_trade_register'")[-1]


def test_every_one_of_the_25024_lines_is_accounted_for(built_store, raw_rows):
    run = run_of(built_store)
    assert len(raw_rows) == 25024 == run["rows_in"]  # PROVENANCE.md: 25,024 rows
    assert run["rows_in"] == run["rows_loaded"] + run["rows_rejected"] + run["rows_deduplicated"]


def test_only_non_state_parties_are_rejected(built_store, raw_rows):
    reasons = dict(
        built_store.con.execute(
            "SELECT reason, count(*) FROM rejects WHERE source_id = 'sipri_trade_register' GROUP BY 1"
        ).fetchall()
    )
    assert set(reasons) == {"not_a_state", "not_valid_in_year"}
    early = built_store.con.execute(
        "SELECT DISTINCT raw_text LIKE '%South Sudan%' FROM rejects "
        "WHERE source_id = 'sipri_trade_register' AND reason = 'not_valid_in_year'"
    ).fetchall()
    assert early == [(True,)]  # South Sudan's deliveries of 2007-2010, before 2011-07-09
    non_state = sum(
        1
        for r in raw_rows
        if r["Supplier"].endswith("*")
        or r["Recipient"].endswith("*")
        or r["Supplier"].startswith("unknown")
        or r["Recipient"].startswith("unknown")
    )
    assert reasons["not_a_state"] >= non_state


@pytest.mark.parametrize(
    ("entity", "name", "provenance_total"),
    [
        ("KAZ", "Kazakhstan", 4003),
        ("TKM", "Turkmenistan", 1692),
        ("UZB", "Uzbekistan", 562),
        ("KGZ", "Kyrgyzstan", 129),
        ("TJK", "Tajikistan", 95),
    ],
)
def test_arms_import_totals_match_the_raw_file_and_the_provenance(
    built_store, raw_rows, entity, name, provenance_total
):
    stored = built_store.con.execute(
        "SELECT sum(value) FROM flows WHERE source_id = 'sipri_trade_register' AND reporter = ?", [entity]
    ).fetchone()[0]
    from_states, from_all = defaultdict(float), defaultdict(float)
    for r in raw_rows:
        if r["Recipient"] == name:
            from_all[name] += float(r["TIV delivery values"])
            if not r["Supplier"].endswith("*") and not r["Supplier"].startswith("unknown"):
                from_states[name] += float(r["TIV delivery values"])
    assert stored == pytest.approx(from_states[name], abs=1e-6)
    assert from_all[name] == pytest.approx(provenance_total, abs=1.0)  # the provenance rounds totals


def test_a_line_is_stored_as_a_directed_flow_with_its_provenance(built_store):
    row = built_store.rows("SELECT * FROM flows WHERE source_id = 'sipri_trade_register' AND file_line = 13")[0]
    assert (row["year"], row["reporter"], row["partner"], row["channel"]) == (2011, "BFA", "ALB", "arms_imports")
    assert (row["value"], row["unit"], row["is_estimate"], row["is_mirror"]) == (1.2, "sipri_tiv_million", False, False)
    assert row["detail"].startswith("deal 55238: 12.0 x PM-43 120mm")


def test_estimates_are_flagged(built_store, raw_rows):
    flagged = built_store.con.execute(
        "SELECT count(*) FROM flows WHERE source_id = 'sipri_trade_register' AND is_estimate"
    ).fetchone()[0]
    assert flagged > 0
