"""IMF DOTS 1960-2020: every line accounted for, own and mirror flows kept apart."""

from __future__ import annotations

import csv
import gc
import gzip
from collections import Counter

import pytest

from multivector.rejects import RowProblem
from multivector.sources.base import ParseContext
from multivector.sources.imf_dots import SOURCE, imf_value, parse_dots
from multivector.sources.textfile import CsvRecord
from tests.conftest import REPO_DATA

RAW = REPO_DATA / "imf_dots" / "dots_postsoviet_mongolia_plus_world_totals.csv.gz"
ROWS_IN_PROVENANCE = 243570  # PROVENANCE.md: "tidy long table (243,570 rows)"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results[0]
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with gzip.open(RAW, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_value(raw_rows, reporter: str, flow: str, partner: str, year: int) -> str:
    return next(
        r["value_usd_mn"]
        for r in raw_rows
        if (r["reporter"], r["flow"], r["partner"], r["year"]) == (reporter, flow, partner, str(year))
    )


def stored(store, reporter, partner, channel, year, mirror) -> list[tuple]:
    return store.con.execute(
        "SELECT value, is_estimate FROM flows WHERE source_id = 'imf_dots' AND reporter = ? "
        "AND partner = ? AND channel = ? AND year = ? AND is_mirror = ?",
        [reporter, partner, channel, year, mirror],
    ).fetchall()


def test_every_line_is_accounted_for(ingested, raw_rows):
    _, result = ingested
    assert result.rows_in == len(raw_rows) == ROWS_IN_PROVENANCE
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (190287, 53283, 0)


def test_rejects_are_aggregates_dead_or_unborn_states_and_the_fry_named_twice(store, raw_rows):
    reasons = dict(
        store.con.execute("SELECT reason, count(*) FROM rejects WHERE source_id = 'imf_dots' GROUP BY 1").fetchall()
    )
    aggregates = sum(1 for r in raw_rows if "True" in (r["reporter_is_aggregate"], r["partner_is_aggregate"]))
    ussr_after_1991 = sum(
        1
        for r in raw_rows
        if r["partner"] == "USSR"
        and int(r["year"]) > 1991
        and "True" not in (r["reporter_is_aggregate"], r["partner_is_aggregate"])
    )
    assert reasons == {"not_a_state": aggregates, "not_valid_in_year": 636, "conflicting_duplicate": 3}
    assert (aggregates, ussr_after_1991) == (52644, 484)
    twice = store.con.execute(
        "SELECT raw_text FROM rejects WHERE source_id = 'imf_dots' AND reason = 'conflicting_duplicate'"
    ).fetchall()
    assert all(",Yugoslavia,YUG," in text for (text,) in twice)  # 'Serbia and Montenegro' came first


def test_world_totals_are_never_stored(store, raw_rows):
    world_lines = sum(1 for r in raw_rows if "World" in (r["reporter"], r["partner"]))
    rejected = store.con.execute(
        "SELECT count(*) FROM rejects WHERE source_id = 'imf_dots' AND reason = 'not_a_state' "
        "AND (raw_text LIKE 'World,%' OR raw_text LIKE '%,World,,True,%')"
    ).fetchone()[0]
    assert rejected == world_lines == 23321  # 22,224 partner World + 1,219 reporter World - 122 both


def test_each_loaded_line_gives_its_own_flow_and_the_partners_mirror(ingested):
    store, result = ingested
    own, mirror = store.con.execute(
        "SELECT count(*) FILTER (WHERE NOT is_mirror), count(*) FILTER (WHERE is_mirror) "
        "FROM flows WHERE source_id = 'imf_dots'"
    ).fetchone()
    assert own == mirror == result.rows_loaded
    assert result.records_written == 2 * result.rows_loaded


def test_own_and_mirror_values_match_the_raw_file(store, raw_rows):
    kaz, chn = "Kazakhstan, Rep. of", "China, P.R.: Mainland"
    kaz_report = float(raw_value(raw_rows, kaz, "exports_fob", chn, 2019))
    chn_report = float(raw_value(raw_rows, chn, "imports_cif", kaz, 2019))
    assert (kaz_report, chn_report) == (7823.406348, 9258.81734)
    assert stored(store, "KAZ", "CHN", "exports", 2019, False) == [(kaz_report, False)]
    assert stored(store, "KAZ", "CHN", "exports", 2019, True) == [(chn_report, False)]
    assert stored(store, "CHN", "KAZ", "imports", 2019, False) == [(chn_report, False)]
    assert stored(store, "CHN", "KAZ", "imports", 2019, True) == [(kaz_report, False)]


def test_an_estimate_with_a_thousands_separator(store, raw_rows):
    text = raw_value(raw_rows, "Bulgaria", "imports_cif", "Russian Federation", 1993)
    assert text == "1,035.65 e"
    assert stored(store, "BGR", "RUS", "imports", 1993, False) == [(1035.65, True)]
    assert stored(store, "RUS", "BGR", "exports", 1993, True) == [(1035.65, True)]
    flagged = sum(1 for r in raw_rows if r["value_usd_mn"].endswith(" e"))
    estimates = store.con.execute("SELECT count(*) FROM flows WHERE source_id = 'imf_dots' AND is_estimate").fetchone()[
        0
    ]
    assert 0 < estimates <= 2 * flagged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.30 e", (2.3, True)),
        ("1,035.65 e", (1035.65, True)),
        ("6e-05", (6e-05, False)),
        ("12806.97853", (12806.97853, False)),
    ],
)
def test_imf_values(text, expected):
    assert imf_value(text, "value_usd_mn") == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "missing_value"), ("12,5", "decimal_comma"), ("..", "missing_value"), ("1,03.5", "cast_error")],
)
def test_bad_imf_values_reject(text, reason):
    with pytest.raises(RowProblem) as caught:
        imf_value(text, "value_usd_mn")
    assert caught.value.reason == reason


def test_the_files_iso3_disagrees_with_the_crosswalk_only_where_known(store):
    notes = {
        note
        for (note,) in store.con.execute(
            "SELECT DISTINCT regexp_extract(detail, 'file \\w+_iso3 \\w+, crosswalk \\w+') FROM flows "
            "WHERE source_id = 'imf_dots' AND detail LIKE '%crosswalk%'"
        ).fetchall()
    }
    assert {n.split(" ", 2)[2] for n in notes} == {"YEM, crosswalk YAR", "YUG, crosswalk SCG"}


def test_years_stay_inside_the_coverage_and_the_ussr_ends_in_1991(store):
    low, high = store.con.execute("SELECT min(year), max(year) FROM flows WHERE source_id = 'imf_dots'").fetchone()
    assert (low, high) == (1960, 2020)
    late_ussr = store.con.execute(
        "SELECT count(*) FROM flows WHERE source_id = 'imf_dots' AND 'SUN' IN (reporter, partner) AND year > 1991"
    ).fetchone()[0]
    assert late_ussr == 0
    first_kaz = store.con.execute(
        "SELECT min(year) FROM flows WHERE source_id = 'imf_dots' AND reporter = 'KAZ'"
    ).fetchone()[0]
    assert first_kaz == 1992


def test_every_focus_state_has_both_own_flows_through_2020(store):
    focus = ("KAZ", "UZB", "TKM", "KGZ", "TJK", "AZE", "ARM", "GEO", "UKR", "BLR", "MNG")
    found = Counter(
        store.con.execute(
            "SELECT reporter FROM flows WHERE source_id = 'imf_dots' AND year = 2020 AND NOT is_mirror "
            "GROUP BY reporter, channel"
        ).fetchall()
    )
    assert all(found[(state,)] == 2 for state in focus)


def test_a_parse_with_rejected_pairs_leaves_nothing_for_the_cyclic_collector(store):
    head = b"".join(gzip.open(RAW).readlines()[:3000])
    gc.collect()
    gc.disable()
    try:
        output = parse_dots(head, ParseContext(store, SOURCE.files[0].path))
        reasons = Counter(r.reason for r in output.rejects)
        del output
        left = [o for o in gc.get_objects() if isinstance(o, CsvRecord)]
    finally:
        gc.enable()
    assert reasons["not_a_state"] > 0
    assert left == []
