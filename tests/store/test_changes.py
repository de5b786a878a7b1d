"""A re-read file tells what it changed: records added, removed and changed, by key."""

from __future__ import annotations

import pyarrow as pa

from multivector.schema import TABLES
from multivector.store.changes import comparison_key, record_changes
from multivector.store.ingest import arrow_schema, ingest_file
from tests.conftest import HEADER, flows_source

SOURCE = flows_source()
SPEC = SOURCE.files[0]
FIRST = HEADER + (
    "2000,Kazakhstan,Russia,imports,10,usd_million\n"
    "2000,Kazakhstan,China,imports,4,usd_million\n"
    "2001,Kazakhstan,China,imports,5,usd_million\n"
)


def ingest(store, data_dir, body: str):
    (data_dir / SPEC.path).write_text(body, encoding="utf-8")
    return ingest_file(store, SOURCE, SPEC, data_dir)


def stored_changes(store) -> tuple:
    return store.con.execute(
        "SELECT records_added, records_removed, records_changed FROM ingest_runs "
        "WHERE source_id = 'test_flows' ORDER BY finished_at DESC LIMIT 1"
    ).fetchone()


def test_a_first_read_has_no_changes(store, data_dir):
    result = ingest(store, data_dir, FIRST)
    assert result.changes is None
    assert stored_changes(store) == (None, None, None)


def test_added_removed_and_changed_records_are_counted_by_key(store, data_dir):
    ingest(store, data_dir, FIRST)
    second = HEADER + (
        "2000,Kazakhstan,Russia,imports,11,usd_million\n"  # changed value
        "2001,Kazakhstan,China,imports,5,usd_million\n"  # unchanged, moved up a line
        "2002,Kazakhstan,China,imports,6,usd_million\n"  # added
        "2002,Kazakhstan,Russia,imports,7,usd_million\n"
    )  # added; 2000 China removed
    result = ingest(store, data_dir, second)
    assert result.status == "loaded"
    assert result.changes == {"flows": (2, 1, 1)}
    assert stored_changes(store) == (2, 1, 1)


def test_the_same_records_on_other_lines_change_nothing(store, data_dir):
    ingest(store, data_dir, FIRST)
    lines = FIRST.splitlines(keepends=True)
    result = ingest(store, data_dir, lines[0] + "\n" + "".join(reversed(lines[1:])))
    assert result.changes == {"flows": (0, 0, 0)}


def test_an_unchanged_file_is_not_re_read_and_reports_no_changes(store, data_dir):
    ingest(store, data_dir, FIRST)
    again = ingest(store, data_dir, FIRST)
    assert again.status == "unchanged" and again.changes is None


def flow(line: int, value: float, sha: str = "old") -> dict:
    return {
        "year": 2000,
        "reporter": "KAZ",
        "partner": "RUS",
        "channel": "exports",
        "value": value,
        "unit": "usd_million",
        "is_estimate": False,
        "is_mirror": False,
        "detail": None,
        "source_id": "test_flows",
        "source_version": "1",
        "file_sha256": sha,
        "file_line": line,
    }


def test_a_key_written_by_two_lines_is_compared_as_a_multiset(store):
    # flows keys hold the line, so two lines of one file may give one comparison key
    schema = arrow_schema(TABLES["flows"])
    store.con.register("_old", pa.Table.from_pylist([flow(2, 1.0), flow(3, 2.0)], schema=schema))
    store.con.execute("INSERT INTO flows SELECT * FROM _old")
    store.con.register("_new", pa.Table.from_pylist([flow(2, 3.0, "new")], schema=schema))
    assert record_changes(store.con, TABLES["flows"], "test_flows", "old", "_new") == (0, 1, 1)
    store.con.register("_same", pa.Table.from_pylist([flow(5, 2.0, "new"), flow(4, 1.0, "new")], schema=schema))
    assert record_changes(store.con, TABLES["flows"], "test_flows", "old", "_same") == (0, 0, 0)


def test_the_comparison_key_leaves_out_the_provenance_columns():
    assert comparison_key(TABLES["flows"]) == ("channel", "reporter", "partner", "year", "unit")
    assert comparison_key(TABLES["un_votes"]) == ("rcid", "entity")
