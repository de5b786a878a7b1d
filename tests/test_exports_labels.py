"""What an exported file says about itself: Stata labels and notes, Parquet footer metadata,
Excel dates before 1900 as text, the format read from the file's suffix, the rows chosen."""

from __future__ import annotations

import json
import struct
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from multivector import __version__
from multivector.errors import UnknownFormat
from multivector.exports import Rows, export_table, format_of, write_frame
from multivector.measure.grammar_labels import grammar_columns, panel_columns
from multivector.schema import TABLES
from multivector.schema.labels import Citation, ColumnMeta, TableMeta, stata_label, store_table_meta
from multivector.store import Store

LONG = "A label of a column that runs on and on, far past what Stata keeps in a variable label"
META = TableMeta(
    "Shares of the poles in Kazakhstan's trade",
    {
        "share": ColumnMeta("Share of China, economic domain", "share 0-1", "China's share of the vector."),
        "long": ColumnMeta(LONG, "US dollars, millions"),
    },
    (
        Citation("imf_dots", "IMF. Direction of Trade Statistics.", "@misc{imf_dots,\n  title = {{DOTS}}\n}"),
        Citation("sipri", "SIPRI Arms Transfers Database.", "@misc{sipri,\n  title = {{SIPRI}}\n}"),
    ),
)


def frame() -> pa.Table:
    return pa.table({"year": [1992, 1993], "share": [0.25, None], "long": [1.5, 2.5], "plain": ["a", "b"]})


def stata_notes(path: Path) -> dict[str, str]:
    """The ``_dta`` characteristics of a dta 118 file, read from its bytes (pandas skips them)."""
    raw = path.read_bytes()
    order = "<" if raw[raw.index(b"<byteorder>") + 11 : raw.index(b"</byteorder>")] == b"LSF" else ">"
    at = raw.index(b"<characteristics>") + len(b"<characteristics>")
    found = {}
    while raw.startswith(b"<ch>", at):
        (length,) = struct.unpack(order + "I", raw[at + 4 : at + 8])
        record = raw[at + 8 : at + 8 + length]
        variable, name = record[:129].rstrip(b"\0").decode(), record[129:258].rstrip(b"\0").decode()
        assert variable == "_dta" and record.endswith(b"\0")
        found[name] = record[258:-1].decode("utf-8")
        assert raw.startswith(b"</ch>", at + 8 + length)
        at += 8 + length + len(b"</ch>")
    assert raw.startswith(b"</characteristics>", at)
    return found


# ---------------------------------------------------------------- Stata


def test_stata_variable_labels_carry_the_unit_and_fit_80_characters(tmp_path):
    out = tmp_path / "shares.dta"
    result = write_frame(frame(), "dta", out, name="shares", meta=META)
    assert result.renamed == {"long": "long_"}  # a reserved word: the label follows the column
    with pd.io.stata.StataReader(out) as reader:
        labels = reader.variable_labels()
        data_label = reader.data_label
        read = reader.read()
    assert labels["share"] == "Share of China, economic domain (share 0-1)"
    assert len(labels["long_"]) == 80 and labels["long_"].endswith("… (US dollars, millions)")
    assert (labels["year"], labels["plain"]) == ("year", "plain")  # nothing described: the name
    assert data_label == "Shares of the poles in Kazakhstan's trade"
    assert pd.isna(read["share"][1]) and list(read["long_"]) == [1.5, 2.5]


def test_stata_notes_hold_each_citation_and_the_tool(tmp_path):
    out = tmp_path / "shares.dta"
    write_frame(frame(), "dta", out, meta=META)
    notes = stata_notes(out)
    assert notes == {
        "note0": "3",
        "note1": "[imf_dots] IMF. Direction of Trade Statistics.",
        "note2": "[sipri] SIPRI Arms Transfers Database.",
        "note3": f"Written by multivector {__version__}.",
    }


def test_stata_label_cuts_the_label_not_the_unit():
    assert stata_label(ColumnMeta("x" * 90)) == "x" * 79 + "…"
    assert stata_label(ColumnMeta("Year", "year")) == "Year (year)"
    assert len(stata_label(ColumnMeta("y" * 100, "share 0-1"))) == 80


# ---------------------------------------------------------------- Parquet


def test_parquet_footer_holds_units_descriptions_and_bibtex(tmp_path):
    out = tmp_path / "shares.parquet"
    write_frame(frame(), "parquet", out, name="shares", meta=META)
    footer = pq.read_metadata(out).metadata
    described = json.loads(footer[b"multivector"])
    assert described["table"] == "shares" and described["description"] == META.description
    assert described["columns"]["share"] == {
        "label": "Share of China, economic domain",
        "unit": "share 0-1",
        "description": "China's share of the vector.",
    }
    assert described["columns"]["plain"] == {"label": "plain", "unit": "", "description": ""}
    assert [c["key"] for c in described["citations"]] == ["imf_dots", "sipri"]
    assert described["tool"] == f"multivector {__version__}"
    assert footer[b"bibtex"].decode() == META.citations[0].bibtex + "\n\n" + META.citations[1].bibtex
    assert pq.read_table(out).equals(frame())


def test_a_store_table_in_parquet_carries_the_field_registry(store, tmp_path):
    out = tmp_path / "entities.parquet"
    export_table(store, "entities", "parquet", out)
    described = json.loads(pq.read_metadata(out).metadata[b"multivector"])
    assert described["description"] == TABLES["entities"].description
    assert described["columns"]["valid_from"]["unit"] == "date"
    assert described["columns"]["name"] == {
        "label": "English short name",
        "unit": "",
        "description": "English short name.",
    }
    assert list(described["columns"]) == list(TABLES["entities"].fields)


def test_the_registry_gives_every_field_of_a_table_a_label():
    meta = store_table_meta(TABLES["flows"])
    assert meta.column("is_mirror").unit == "1 = yes, 0 = no"
    assert meta.column("value").label == "The flow's value, in the row's unit"
    assert meta.column("nobody") == ColumnMeta("nobody")


# ---------------------------------------------------------------- the grammar's and the panel's labels


def test_grammar_labels_name_the_hegemon_and_fall_back_to_the_column_name():
    meta = grammar_columns(
        ["dependence_economic", "share_security_WEST", "hhi_exports", "share_imports", "votes_agreement_CHN"],
        hegemon="RUS",
        names={"RUS": "Russia"},
    )
    assert stata_label(meta["dependence_economic"]) == "Dependence on Russia, economic domain (share 0-1)"
    assert meta["share_security_WEST"].label == "Share of the West, security domain"
    assert meta["hhi_exports"].label == "Partner concentration (HHI), exports"
    assert meta["share_imports"].label == "Partner's share of the state's imports"
    assert meta["votes_agreement_CHN"] == ColumnMeta("votes_agreement_CHN")
    another = grammar_columns(["dependence_security"], hegemon="CHN", names={"CHN": "China"})
    assert another["dependence_security"].label == "Dependence on China, security domain"


def test_panel_labels_read_the_stored_panel_columns():
    meta = panel_columns(["reporter", "dependence", "exports_share", "share_q05"], names={"RUS": "Russia"})
    assert meta["dependence"].label == "Dependence on Russia"
    assert meta["exports_share"].label == "Russia's share of exports"
    assert meta["share_q05"].label == "Share of the pole, 5th percentile"


# ---------------------------------------------------------------- Excel dates before 1900


def test_xlsx_writes_dates_before_1900_as_iso_text(tmp_path):
    out = tmp_path / "dates.xlsx"
    days = pa.array([date(1815, 6, 9), date(1900, 1, 1), None, date(1991, 12, 26)])
    times = pa.array([datetime(1899, 12, 31, 23, 59, 1), None, None, datetime(2024, 1, 2, 3, 4, 5)])
    write_frame(pa.table({"since": days, "at": times}), "xlsx", out, name="dates")
    rows = list(openpyxl.load_workbook(out)["dates"].values)[1:]
    assert [row[0] for row in rows] == ["1815-06-09", datetime(1900, 1, 1), None, datetime(1991, 12, 26)]
    assert rows[0][1] == "1899-12-31 23:59:01" and rows[3][1] == datetime(2024, 1, 2, 3, 4, 5)


# ---------------------------------------------------------------- the format and the rows


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.csv", "csv"), ("b.PARQUET", "parquet"), ("c.dta", "dta"), ("d.xlsx", "xlsx")]
)
def test_the_format_comes_from_the_suffix(name, fmt):
    assert format_of(Path(name)) == fmt
    assert format_of(Path("panel.out"), "dta") == "dta"  # a format given wins


@pytest.mark.parametrize("name", ["panel.txt", "panel", "panel.xls"])
def test_an_unknown_suffix_without_a_format_names_the_fix(name):
    with pytest.raises(UnknownFormat) as error:
        format_of(Path(name))
    assert "--format" in error.value.hint and ".dta" in error.value.hint and error.value.exit_code == 2


def test_rows_choose_states_channels_and_years(store: Store, tmp_path):
    store.con.execute(
        """INSERT INTO flows VALUES
          (2014, 'KAZ', 'RUS', 'exports', 1.0, 'usd_million_current', false, false, NULL, 't', '1', 'sha', 1),
          (2015, 'KAZ', 'RUS', 'exports', 2.0, 'usd_million_current', false, false, NULL, 't', '1', 'sha', 2),
          (2014, 'KAZ', 'CHN', 'imports', 3.0, 'usd_million_current', false, false, NULL, 't', '1', 'sha', 3),
          (2014, 'UZB', 'RUS', 'exports', 4.0, 'usd_million_current', false, false, NULL, 't', '1', 'sha', 4)"""
    )
    out = tmp_path / "flows.parquet"
    rows = Rows({"reporter": ["KAZ"], "channel": ["exports"]}, (2014, 2014))
    result = export_table(store, "flows", "parquet", out, rows=rows)
    assert result.rows == 1 and pq.read_table(out).column("value").to_pylist() == [1.0]
    result = export_table(store, "flows", "xlsx", tmp_path / "flows.xlsx", rows=Rows({"reporter": ["KAZ"]}))
    assert result.rows == 3
    assert Rows({"reporter": ["O'Neil"]}).where() == " WHERE reporter IN ('O''Neil')"
    assert Rows().where() == ""


def test_a_source_the_registry_lacks_is_cited_by_its_id_without_bibtex(tmp_path):
    from multivector.measure.exportable import citations
    from multivector.sources import get_source

    found = citations(["test_flows", "imf_dots", "imf_dots"])
    assert [c.key for c in found] == ["imf_dots", "test_flows"]
    assert found[0].bibtex == get_source("imf_dots").bibtex() and found[1] == Citation("test_flows", "test_flows", "")
    out = tmp_path / "x.parquet"
    write_frame(frame(), "parquet", out, meta=TableMeta("x", {}, found))
    assert pq.read_metadata(out).metadata[b"bibtex"].decode() == found[0].bibtex
