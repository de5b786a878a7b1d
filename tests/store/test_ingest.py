"""Ingest loses nothing: every line is loaded, rejected or deduplicated, atomically."""

from __future__ import annotations

import gc

import pytest

from multivector.errors import BadInputFile, CountNotBalanced
from multivector.schema import TABLES
from multivector.sources.base import ParsedRow
from multivector.sources.textfile import CsvRecord
from multivector.store.ingest import cyclic_gc_paused, ingest_file, settle
from tests.conftest import HEADER, flows_source, snapshot

SOURCE = flows_source()
SPEC = SOURCE.files[0]


def write(data_dir, body: bytes | str) -> None:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    (data_dir / SPEC.path).write_bytes(raw)


def ingest(store, data_dir):
    return ingest_file(store, SOURCE, SPEC, data_dir)


def rejects(store) -> dict[int, tuple]:
    rows = store.con.execute(
        "SELECT file_line, reason, column_name, suggestion FROM rejects WHERE source_id = 'test_flows'"
    ).fetchall()
    return {line: (reason, column, suggestion) for line, reason, column, suggestion in rows}


def test_a_clean_file_loads_with_provenance_on_every_row(store, data_dir):
    write(
        data_dir,
        HEADER + "2000,Kazakhstan,Russia,imports,10.5,usd_million\n2000,Kazakhstan,China,imports,4,usd_million\n",
    )
    result = ingest(store, data_dir)
    assert (result.rows_in, result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (2, 2, 0, 0)
    rows = store.rows("SELECT * FROM flows ORDER BY file_line")
    assert [(r["partner"], r["value"], r["file_line"]) for r in rows] == [("RUS", 10.5, 2), ("CHN", 4.0, 3)]
    assert all(
        r["source_id"] == "test_flows" and r["source_version"] == "1" and len(r["file_sha256"]) == 64 for r in rows
    )
    run = store.rows("SELECT * FROM ingest_runs WHERE source_id = 'test_flows'")[0]
    assert (run["rows_in"], run["rows_loaded"]) == (2, 2)


BAD_LINES = {
    "2000,Kazakhstan,Russia,imports,1;5,usd": "cast_error",
    '2000,Kazakhstan,Russia,imports,"1,5",usd': "decimal_comma",
    "2000,Kazakhstan,Russia,imports,NaN,usd": "missing_value",
    "2000,Kazakhstan,Russia,imports,..,usd": "missing_value",
    "2000,Kazakhstan,Russia,imports,-3,usd": "negative_value",
    "20x0,Kazakhstan,Russia,imports,1,usd": "cast_error",
    "2000,Kazakhstan,Russia,imports,1": "missing_field",
    "2000,Kazakhstan,Russia,imports,1,usd,extra": "extra_field",
    '2000,"Kazakhstan,Russia,imports,1,usd': "unterminated_quote",
    "2000,Kazakstan,Russia,imports,1,usd": "unknown_country",
    "2000,Kazakhstan,Soviet Union,imports,1,usd": "not_valid_in_year",
    "1985,Kazakhstan,Soviet Union,imports,1,usd": "not_valid_in_year",
    "2000,Kazakhstan,World,imports,1,usd": "not_a_state",
    "2000,КAZAKHSTAN,Russia,imports,1,usd": "lookalike_characters",
    "2000,Kazakhstan,Russia,bananas,1,usd": "cast_error",
}


@pytest.mark.parametrize(("line", "reason"), BAD_LINES.items())
def test_each_bad_line_is_rejected_with_its_reason_and_the_rest_loads(store, data_dir, line, reason):
    write(data_dir, HEADER + line + "\n2001,Kazakhstan,China,imports,2,usd\n")
    result = ingest(store, data_dir)
    assert (result.rows_in, result.rows_loaded, result.rows_rejected) == (2, 1, 1)
    assert rejects(store)[2][0] == reason
    raw = store.con.execute("SELECT raw_text FROM rejects").fetchone()[0]
    assert raw == line


def test_the_unknown_country_reject_names_the_column_and_a_suggestion(store, data_dir):
    write(data_dir, HEADER + "2000,Kazakstan,Russia,imports,1,usd\n")
    ingest(store, data_dir)
    reason, column, suggestion = rejects(store)[2]
    assert column == "reporter" and "Kazakhstan" in suggestion


def test_the_dissolved_ussr_is_never_read_as_russia(store, data_dir):
    write(data_dir, HEADER + "1990,Soviet Union,China,imports,1,usd\n1995,Russia,China,imports,2,usd\n")
    ingest(store, data_dir)
    assert store.con.execute("SELECT year, reporter FROM flows ORDER BY year").fetchall() == [
        (1990, "SUN"),
        (1995, "RUS"),
    ]


def test_cp1251_bytes_inside_utf8_reject_that_line_only(store, data_dir):
    body = (
        HEADER + "2000,Kazakhstan,Russia,imports,1,usd\n"
    ).encode() + "2000,Казахстан,Russia,imports,1,usd\n".encode("cp1251")
    write(data_dir, body)
    result = ingest(store, data_dir)
    assert (result.rows_loaded, result.rows_rejected) == (1, 1)
    assert rejects(store)[3][0] == "encoding_error"


def test_utf8_with_bom_loads(store, data_dir):
    write(data_dir, b"\xef\xbb\xbf" + (HEADER + "2000,Oʻzbekiston,Russia,imports,1,usd\n").encode())
    assert ingest(store, data_dir).rows_loaded == 1
    assert store.con.execute("SELECT reporter FROM flows").fetchone() == ("UZB",)


def test_duplicate_rows_are_deduplicated_and_conflicts_rejected(store, data_dir):
    write(
        data_dir,
        HEADER + "2000,Kazakhstan,Russia,imports,1,usd\n"
        "2000,Kazakhstan,Russia,imports,1,usd\n"
        "2000,Kazakhstan,Russia,imports,2,usd\n",
    )
    result = ingest(store, data_dir)
    assert (result.rows_in, result.rows_loaded, result.rows_deduplicated, result.rows_rejected) == (3, 1, 1, 1)
    reason, _, suggestion = rejects(store)[4]
    assert reason == "conflicting_duplicate" and "2" in suggestion


def test_reingesting_identical_content_changes_nothing(store, data_dir):
    write(data_dir, HEADER + "2000,Kazakhstan,Russia,imports,1,usd\n2000,Kazakhstan,Mars,imports,1,usd\n")
    first = ingest(store, data_dir)
    before = snapshot(store)
    second = ingest(store, data_dir)
    assert second.status == "unchanged" and second.run_id == first.run_id
    assert snapshot(store) == before


def test_a_new_version_of_a_file_replaces_the_old_rows_and_rejects(store, data_dir):
    write(data_dir, HEADER + "2000,Kazakhstan,Russia,imports,1,usd\n2000,Kazakhstan,Mars,imports,1,usd\n")
    ingest(store, data_dir)
    write(data_dir, HEADER + "2001,Kazakhstan,China,imports,5,usd\n")
    ingest(store, data_dir)
    assert store.con.execute("SELECT year, partner, value FROM flows").fetchall() == [(2001, "CHN", 5.0)]
    assert store.count("rejects") == 0
    assert store.con.execute("SELECT count(*) FROM ingest_runs WHERE source_id = 'test_flows'").fetchone() == (2,)


def test_a_missing_column_is_a_clear_error_and_the_store_is_untouched(store, data_dir):
    write(data_dir, HEADER + "2000,Kazakhstan,Russia,imports,1,usd\n")
    ingest(store, data_dir)
    before = snapshot(store)
    write(data_dir, "year,reporter,partner,value,unit\n2000,Kazakhstan,Russia,1,usd\n")
    with pytest.raises(BadInputFile, match="missing column.*channel"):
        ingest(store, data_dir)
    assert snapshot(store) == before


def test_extra_header_columns_are_read_and_ignored(store, data_dir):
    write(data_dir, "year,reporter,partner,channel,value,unit,comment\n2000,Kazakhstan,Russia,imports,1,usd,hi\n")
    assert ingest(store, data_dir).rows_loaded == 1


def test_a_change_in_the_crosswalk_reingests_dependent_files(store, data_dir):
    write(data_dir, HEADER + "2000,Kazakhstan,Qazaqstan,imports,1,usd\n")
    assert ingest(store, data_dir).rows_rejected == 1
    names = data_dir / "codes" / "names.csv"
    names.write_text(names.read_text(encoding="utf-8") + "name,Qazaqstan,KAZ,,,Kazakh name\n", encoding="utf-8")
    from tests.conftest import load_codes

    load_codes(store, data_dir)
    result = ingest(store, data_dir)
    assert result.status == "loaded" and result.rows_loaded == 1


def parsed(line: int, key: tuple, *records: dict) -> ParsedRow:
    return ParsedRow(line, f"line {line}", key, records)


def vote(rcid: int, entity: str, cast: str = "yes") -> dict:
    return {"rcid": rcid, "year": 2000, "entity": entity, "vote": cast}


def test_settle_rejects_a_key_clash_and_forgets_the_rejected_lines_natural_key():
    rows = [
        parsed(2, ("a",), vote(1, "KAZ")),
        parsed(3, ("b",), vote(1, "KAZ", "no")),  # another natural key, same stored key
        parsed(4, ("b",), vote(2, "KAZ")),  # line 3 was rejected: not a duplicate of it
        parsed(5, ("a",), vote(1, "KAZ")),  # an exact repeat of line 2
        parsed(6, ("a",), vote(1, "KAZ", "no")),
    ]  # line 2's natural key, other values
    loaded, duplicates, rejects = settle(rows, TABLES["un_votes"], "sha", SOURCE)
    assert [row.line for row in loaded] == [2, 4]
    assert duplicates == 1
    assert [(r.line, r.reason) for r in rejects] == [(3, "duplicate_key"), (6, "conflicting_duplicate")]
    assert "line 2" in rejects[0].message


def test_settle_checks_keys_within_a_line_and_between_rows_of_one_line():
    rows = [
        parsed(2, ("a",), vote(1, "KAZ"), vote(1, "RUS")),
        parsed(2, ("b",), vote(1, "RUS")),
    ]  # a second row of line 2 storing its key again
    loaded, _, rejects = settle(rows, TABLES["un_votes"], "sha", SOURCE)
    assert [row.key for row in loaded] == [("a",)]
    assert [(r.line, r.reason) for r in rejects] == [(2, "duplicate_key")]
    with pytest.raises(CountNotBalanced, match="two records with one key"):
        settle([parsed(2, ("a",), vote(1, "KAZ"), vote(1, "KAZ", "no"))], TABLES["un_votes"], "sha", SOURCE)


def test_settle_keys_per_line_tables_by_line():
    flow = {"year": 2000, "reporter": "KAZ", "partner": "RUS", "channel": "imports", "unit": "usd"}
    rows = [parsed(2, ("a",), flow), parsed(3, ("b",), flow)]  # one key on two lines: both stored
    loaded, _, rejects = settle(rows, TABLES["flows"], "sha", SOURCE)
    assert [row.line for row in loaded] == [2, 3] and rejects == []
    with pytest.raises(CountNotBalanced):
        settle([parsed(2, ("a",), flow, dict(flow))], TABLES["flows"], "sha", SOURCE)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cyclic_collector_is_paused_during_an_ingest_and_restored(enabled, monkeypatch):
    seen = []
    monkeypatch.setattr(gc, "isenabled", lambda: enabled)
    monkeypatch.setattr(gc, "disable", lambda: seen.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: seen.append("enable"))
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        raise RuntimeError("the parse failed")
    assert seen == (["disable", "enable"] if enabled else ["disable"])


def test_an_ingest_leaves_no_parse_behind_for_the_cyclic_collector(store, data_dir):
    # lines rejected by the country resolver, whose remembered problems once held the parse's
    # frames: the records then lived on in a reference cycle until the collector ran
    write(
        data_dir,
        HEADER
        + "".join(
            f"{2000 + i % 20},Kazakhstan,{partner},imports,1,usd\n"
            for i, partner in enumerate(["Russia", "Mars", "Soviet Union"] * 200)
        ),
    )
    gc.collect()
    gc.disable()
    try:
        result = ingest(store, data_dir)
        left = [o for o in gc.get_objects() if isinstance(o, ParsedRow | CsvRecord)]
    finally:
        gc.enable()
    assert result.rows_rejected == 400 and result.rows_loaded == 20
    assert left == []
