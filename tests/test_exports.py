"""Exports: each format round-trips Unicode and missing values; Stata names stay distinct;
Excel formulas are neutralised and its row limit is refused before writing; writes are atomic."""

from __future__ import annotations

import csv
import io
import warnings
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from multivector import exports
from multivector.errors import MultivectorError, NotExportable, UnknownFormat, UnknownTable
from multivector.exports import EXPORT_FORMATS, export_table, stata_names, write_frame
from multivector.schema import TABLES
from multivector.store import Store

TITLES = ["Côte d’Ivoire", "Қазақстан", "Кыргызстан"]
QUOTED = 'a "quoted", comma\nand a line break'
PROVENANCE = "'test', '1', 'sha', 1"
LONG_A = "share_of_arms_imports_from_russia_pct_2014"  # the first 32 characters of both ...
LONG_B = "share_of_arms_imports_from_russia_pct_2015"  # ... are the same


def fill_roll_calls(store: Store) -> None:
    """Three roll calls: Unicode titles, a quoted title, a missing session, date and issue."""
    store.con.execute(
        f"""
        INSERT INTO un_roll_calls VALUES
          (1, 46, DATE '1992-03-02', 1992, '{TITLES[0]}', 'hr', {PROVENANCE}),
          (2, NULL, NULL, 1993, '{TITLES[1]}', NULL, {PROVENANCE}),
          (3, 48, DATE '1993-12-20', 1993, '{TITLES[2]}', ?, {PROVENANCE})""",
        [QUOTED],
    )


@pytest.fixture
def roll_calls(store: Store) -> Store:
    fill_roll_calls(store)
    return store


def research_frame() -> pa.Table:
    return pa.table(
        {
            "country": pa.array([*TITLES, None]),
            "year": pa.array([1992, None, 2014, 2020], pa.int16()),
            "share": pa.array([0.5, None, 1.25, -3.0]),
            "is_member": pa.array([True, None, False, True]),
            "since": pa.array([date(1991, 12, 26), None, date(2014, 5, 29), date(1922, 12, 30)]),
            "checked_at": pa.array([datetime(2024, 1, 2, 3, 4, 5), None, None, None]),
            LONG_A: pa.array([1.0, 2.0, None, 4.0]),
            LONG_B: pa.array([10, 20, 30, None], pa.int32()),
        }
    )


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# ---------------------------------------------------------------- csv


def test_csv_round_trips_unicode_and_leaves_missing_values_empty(roll_calls, tmp_path):
    out = tmp_path / "roll_calls.csv"
    result = export_table(roll_calls, "un_roll_calls", "csv", out)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[0] == list(TABLES["un_roll_calls"].fields)
    assert [row[4] for row in rows[1:]] == TITLES
    missing = dict(zip(rows[0], rows[2], strict=True))
    assert (missing["session"], missing["vote_date"], missing["issue"]) == ("", "", "")
    assert rows[3][5] == QUOTED
    assert raw.decode().splitlines()[2].startswith("2,,,1993,")  # empty fields, never 0
    assert (result.table, result.format, result.rows, result.columns, result.renamed) == (
        "un_roll_calls",
        "csv",
        3,
        len(TABLES["un_roll_calls"].fields),
        {},
    )


def test_csv_of_a_frame_matches_the_rules(tmp_path):
    out = tmp_path / "frame.csv"
    result = write_frame(research_frame(), "csv", out, name="shares")
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"), newline="")))
    assert [row["country"] for row in rows] == [*TITLES, ""]
    assert rows[1]["year"] == rows[1]["share"] == rows[1]["is_member"] == rows[1]["since"] == ""
    assert rows[3]["share"] == "-3.0" and rows[0]["since"] == "1991-12-26"
    assert (result.table, result.rows, result.columns) == ("shares", 4, 8)


def test_csv_writes_times_with_a_zone_in_utc(tmp_path):
    almaty = timezone(timedelta(hours=5))
    at = pa.array([datetime(2024, 1, 1, 5, tzinfo=almaty)], pa.timestamp("us", "+05:00"))
    frame = pa.table({"at": at})
    write_frame(frame, "csv", tmp_path / "at.csv")
    assert (tmp_path / "at.csv").read_text().splitlines()[1] == "2024-01-01 00:00:00+00"


def test_csv_from_a_read_only_store(tmp_path):
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        fill_roll_calls(store)
    with Store(path, read_only=True) as store:
        result = export_table(store, "un_roll_calls", "csv", tmp_path / "out.csv")
    assert result.rows == 3


# ---------------------------------------------------------------- parquet


def test_parquet_keeps_the_store_schema_and_values(roll_calls, tmp_path):
    out = tmp_path / "roll_calls.parquet"
    export_table(roll_calls, "un_roll_calls", "parquet", out)
    query = "SELECT * FROM un_roll_calls ORDER BY source_id, rcid"
    expected = roll_calls.con.sql(query).to_arrow_table()
    read = pq.read_table(out)
    assert read.column_names == expected.column_names
    assert [f.type for f in read.schema] == [f.type for f in expected.schema]
    assert read.to_pylist() == expected.to_pylist()
    assert read.schema.field("session").type == pa.int16()


def test_parquet_of_a_frame_is_the_frame(tmp_path):
    frame = research_frame()
    write_frame(frame, "parquet", tmp_path / "frame.parquet")
    assert pq.read_table(tmp_path / "frame.parquet").equals(frame)


# ---------------------------------------------------------------- Stata


def test_stata_118_round_trips_unicode_missing_values_dates_and_long_names(tmp_path):
    out = tmp_path / "frame.dta"
    result = write_frame(research_frame(), "dta", out, name="shares")
    with pd.io.stata.StataReader(out) as reader:
        read = reader.read(convert_missing=False)
        labels = reader.variable_labels()
        version = reader._format_version  # noqa: SLF001 - the only way to see the dta version
    assert version == 118
    short_a, short_b = result.renamed[LONG_A], result.renamed[LONG_B]
    assert short_a != short_b and len(short_a) <= 32 and len(short_b) <= 32
    assert (short_a, short_b) == (LONG_A[:32], LONG_A[:30] + "_2")
    assert labels[short_a] == LONG_A and labels[short_b] == LONG_B
    assert list(read.columns) == ["country", "year", "share", "is_member", "since", "checked_at", short_a, short_b]
    assert list(read["country"]) == [*TITLES, ""]  # "" is Stata's missing string
    assert pd.isna(read["year"][1]) and pd.isna(read["share"][1]) and pd.isna(read["is_member"][1])
    assert pd.isna(read[short_a][2]) and pd.isna(read[short_b][3])
    assert list(read["year"][[0, 2, 3]]) == [1992, 2014, 2020]
    assert list(read[short_b][:3]) == [10, 20, 30]
    assert read["since"][0] == pd.Timestamp("1991-12-26") and pd.isna(read["since"][1])
    assert read["since"][3] == pd.Timestamp("1922-12-30")
    assert read["checked_at"][0] == pd.Timestamp("2024-01-02 03:04:05")
    assert list(read["is_member"][[0, 2]]) == [1, 0]


def test_stata_export_of_a_store_table(roll_calls, tmp_path):
    out = tmp_path / "roll_calls.dta"
    result = export_table(roll_calls, "un_roll_calls", "dta", out)
    read = pd.read_stata(out)
    assert result.renamed == {} and result.rows == 3
    assert list(read["short_title"]) == TITLES
    assert read["issue"][2] == QUOTED
    assert pd.isna(read["session"][1]) and pd.isna(read["vote_date"][1])
    assert read["vote_date"][0] == pd.Timestamp("1992-03-02")


def test_stata_strings_over_2045_bytes_become_strl(tmp_path):
    long = "Қ" * 1100  # 1100 characters, 2200 UTF-8 bytes
    frame = pa.table({"text": [long, "short", None]})
    assert exports._strl_columns(frame, ["text"]) == ["text"]  # noqa: SLF001
    assert exports._strl_columns(pa.table({"text": ["Қ" * 1022]}), ["text"]) == []  # noqa: SLF001
    write_frame(frame, "dta", tmp_path / "long.dta")
    assert list(pd.read_stata(tmp_path / "long.dta")["text"]) == [long, "short", ""]


def test_stata_names_are_valid_distinct_and_deterministic():
    columns = [
        "year",
        "1990",
        "in",
        "class",
        "str80",
        "côte",
        "a b",
        "_ok",
        "",
        "x" * 40,
        "x" * 40 + "y",
        "x" * 32,
        "x" * 30 + "_2",
    ]
    names = stata_names(columns)
    assert names == stata_names(columns)
    assert len(set(names)) == len(names)
    assert all(exports._is_stata_name(name) for name in names)  # noqa: SLF001
    assert names[:9] == ["year", "v1990", "in_", "class_", "str80_", "cote", "a_b", "_ok", "v"]
    # the valid names "xxx…x" (32) and "xxx…x_2" keep theirs; the long ones go to _3 and _4
    assert names[9:] == ["x" * 30 + "_3", "x" * 30 + "_4", "x" * 32, "x" * 30 + "_2"]


def test_stata_writes_reserved_and_odd_names_without_pandas_renaming(tmp_path):
    frame = pa.table({"in": [1], "class": [2], "2014": [3], "share %": [4.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = write_frame(frame, "dta", tmp_path / "odd.dta")
    assert result.renamed == {"in": "in_", "class": "class_", "2014": "v2014", "share %": "share__"}
    with pd.io.stata.StataReader(tmp_path / "odd.dta") as reader:
        assert reader.variable_labels()["share__"] == "share %"


def test_stata_decodes_dictionaries_and_writes_zoned_times_in_utc(tmp_path):
    frame = pa.table(
        {
            "pole": pa.array(["RUS", None, "CHN"]).dictionary_encode(),
            "at": pa.array(
                [datetime(2024, 1, 1, 5, tzinfo=timezone(timedelta(hours=5))), None, None], pa.timestamp("us", "UTC")
            ),
        }
    )
    write_frame(frame, "dta", tmp_path / "x.dta")
    read = pd.read_stata(tmp_path / "x.dta")
    assert list(read["pole"]) == ["RUS", "", "CHN"]
    assert read["at"][0] == pd.Timestamp("2024-01-01 00:00:00") and pd.isna(read["at"][1])


def test_stata_refuses_a_type_it_cannot_hold_before_writing(tmp_path):
    frame = pa.table({"ok": [1], "items": pa.array([[1, 2]])})
    with pytest.raises(NotExportable, match="items"):
        write_frame(frame, "dta", tmp_path / "x.dta")
    assert files_in(tmp_path) == []


# ---------------------------------------------------------------- Excel

FORMULAS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_xlsx_neutralises_formulas_and_keeps_numbers(tmp_path):
    out = tmp_path / "cells.xlsx"
    frame = pa.table(
        {
            "text": [*FORMULAS, "plain", None],
            "number": pa.array([-5, 7, None, 0, 1, 2, 3, 4], pa.int64()),
            "share": [-0.5, float("nan"), None, 1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    result = write_frame(frame, "xlsx", out, name="cells")
    sheet = openpyxl.load_workbook(out)["cells"]
    texts = [sheet.cell(row, 1) for row in range(2, 10)]
    for cell, original in zip(texts, FORMULAS, strict=False):
        assert cell.data_type == "s" and cell.value.startswith("'")
        # the xlsx XML turns a carriage return into a line feed; the prefix is what matters
        assert cell.value[1:] == original.replace("\r", "\n")
    assert texts[6].value == "plain" and texts[7].value is None
    numbers = [sheet.cell(row, 2) for row in range(2, 5)]
    assert [c.value for c in numbers] == [-5, 7, None] and numbers[0].data_type == "n"
    assert sheet.cell(2, 3).value == -0.5 and sheet.cell(3, 3).value is None
    assert sheet.cell(1, 1).font.bold and sheet.cell(1, 1).value == "text"
    assert sheet.freeze_panes == "A2"
    assert (result.rows, result.columns) == (8, 3)


def test_xlsx_export_of_a_store_table_keeps_text_and_dates(roll_calls, tmp_path):
    out = tmp_path / "roll_calls.xlsx"
    export_table(roll_calls, "un_roll_calls", "xlsx", out)
    rows = list(openpyxl.load_workbook(out)["un_roll_calls"].values)
    assert rows[0] == tuple(TABLES["un_roll_calls"].fields)
    assert [row[4] for row in rows[1:]] == TITLES
    assert rows[1][2] == datetime(1992, 3, 2) and rows[2][1] is None and rows[2][2] is None


def test_xlsx_row_limit_counts_the_header(monkeypatch, tmp_path):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 4)
    write_frame(pa.table({"n": [1, 2, 3]}), "xlsx", tmp_path / "fits.xlsx")
    with pytest.raises(NotExportable) as error:
        write_frame(pa.table({"n": [1, 2, 3, 4]}), "xlsx", tmp_path / "too_long.xlsx")
    assert error.value.exit_code == 2
    assert "csv" in error.value.hint and "parquet" in error.value.hint
    assert files_in(tmp_path) == ["fits.xlsx"]


def test_xlsx_refuses_a_frame_at_the_real_limit_before_writing(tmp_path):
    frame = duckdb.sql(f"SELECT range AS n FROM range({exports.XLSX_MAX_ROWS})").to_arrow_table()
    with pytest.raises(NotExportable, match="1,048,576 rows"):
        write_frame(frame, "xlsx", tmp_path / "sub" / "big.xlsx")
    assert files_in(tmp_path) == []


def test_xlsx_refuses_a_store_table_at_the_real_limit_before_reading_it(store, tmp_path, monkeypatch):
    store.con.execute(f"""INSERT INTO un_votes
        SELECT range, 2000, 'KAZ', 'yes', {PROVENANCE} FROM range({exports.XLSX_MAX_ROWS})""")

    def no_fetch(*args):
        raise AssertionError("the rows were read before the limit was checked")

    monkeypatch.setattr(exports, "_fetch", no_fetch)
    out = tmp_path / "votes.xlsx"
    with pytest.raises(NotExportable, match="Excel"):
        export_table(store, "un_votes", "xlsx", out)
    assert not out.exists()


def test_xlsx_refuses_control_characters_and_leaves_the_old_file(tmp_path):
    out = tmp_path / "cells.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(NotExportable, match="column text, row 3 .*control character"):
        write_frame(pa.table({"text": ["fine", "bell\x07"]}), "xlsx", out)
    assert out.read_bytes() == b"old" and files_in(tmp_path) == ["cells.xlsx"]


def test_xlsx_refuses_a_cell_over_excels_length_limit(tmp_path):
    limit = exports.XLSX_MAX_CELL_CHARS
    frame = pa.table({"text": ["x" * limit, "x" * (limit + 1)]})
    with pytest.raises(NotExportable, match="row 3"):
        write_frame(frame, "xlsx", tmp_path / "long.xlsx")
    write_frame(frame.slice(0, 1), "xlsx", tmp_path / "fits.xlsx")
    assert files_in(tmp_path) == ["fits.xlsx"]


# ---------------------------------------------------------------- bad input


def test_unknown_table_lists_the_tables(store, tmp_path):
    for name in ("nope", "store_meta"):
        with pytest.raises(UnknownTable) as error:
            export_table(store, name, "csv", tmp_path / "out" / "x.csv")
        assert "flows" in error.value.hint and "un_votes" in error.value.hint
        assert error.value.exit_code == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["xls", "CSV", "json", ""])
def test_unknown_format_lists_the_formats(store, tmp_path, fmt):
    for call in (
        lambda: export_table(store, "entities", fmt, tmp_path / "x"),
        lambda: write_frame(research_frame(), fmt, tmp_path / "x"),
    ):
        with pytest.raises(UnknownFormat) as error:
            call()
        assert all(name in error.value.hint for name in EXPORT_FORMATS)
        assert isinstance(error.value, MultivectorError) and error.value.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_duplicate_column_names_are_refused(tmp_path):
    frame = pa.table([[1], [2]], names=["a", "a"])
    with pytest.raises(NotExportable, match="a"):
        write_frame(frame, "csv", tmp_path / "x.csv")


# ---------------------------------------------------------------- atomic writes


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_format_writes_a_store_table_into_a_new_folder(store, tmp_path, fmt):
    out = tmp_path / "new" / "folder" / f"entities.{fmt}"
    result = export_table(store, "entities", fmt, out)
    assert out.is_file() and out.stat().st_size > 0
    assert result.rows == store.count("entities") > 0 and result.path == out
    assert files_in(out.parent) == [out.name]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_a_failing_write_leaves_the_old_file_and_no_partial_file(tmp_path, monkeypatch, fmt):
    out = tmp_path / "shares.out"
    out.write_bytes(b"the old export")

    def half_then_fail(frame, path, name, meta):
        path.write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setitem(exports.WRITERS, fmt, half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        write_frame(research_frame(), fmt, out)
    assert out.read_bytes() == b"the old export"
    assert files_in(tmp_path) == ["shares.out"]


def test_a_failing_copy_from_the_store_leaves_the_old_file(roll_calls, tmp_path, monkeypatch):
    out = tmp_path / "out" / "roll_calls.csv"
    out.parent.mkdir()
    out.write_bytes(b"the old export")
    monkeypatch.setitem(exports.COPY_OPTIONS, "csv", "FORMAT csv, NO_SUCH_OPTION true")
    with pytest.raises(duckdb.Error):
        export_table(roll_calls, "un_roll_calls", "csv", out)
    assert out.read_bytes() == b"the old export"
    assert files_in(out.parent) == ["roll_calls.csv"]


def test_a_successful_write_replaces_the_old_file(tmp_path):
    out = tmp_path / "shares.csv"
    out.write_bytes(b"the old export")
    write_frame(research_frame(), "csv", out)
    assert out.read_text("utf-8").startswith("country,year,share")
