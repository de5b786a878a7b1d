"""Write a table to a file for researchers: csv, parquet, Stata (dta 118) or Excel (xlsx).

``export_table`` writes one of the store's canonical tables (or a stored table described
by a ``Table``, such as the panel's), rows ordered by its primary key and chosen by ``Rows``;
``write_frame`` writes any Arrow table (an indicator's result, say) with the same rules.
``format_of`` reads the format from the file's suffix when none is given.

What the file says about itself comes as a ``TableMeta`` (``schema.labels``): each column's
label, unit and description, the table's description and its sources' citations.

* csv: UTF-8 without BOM, a header row, comma-separated, quoted as RFC 4180 asks (a field
  holding a comma, quote or line break is put in double quotes, a quote is doubled);
  lines end in LF; a missing value is an empty field, never 0; times with a zone in UTC.
* parquet: the schema as it is (the store's column types, or the frame's Arrow schema); the
  footer's key-value metadata holds ``multivector`` (JSON: table, description, each column's
  label, unit and description, the citations, the tool and its version) and ``bibtex``.
* dta: Stata 118 (UTF-8). Names follow ``stata_names`` (renamed columns are reported in
  ``ExportResult.renamed``). Each variable's label is its label and unit in words (a column
  without one: its original name), at most 80 characters; the data label is the table's
  description; the dataset's notes (``_dta[note1]`` ...) give the short citation of every
  source and the tool's name and version (``notes`` in Stata). Strings over 2045
  UTF-8 bytes become strL; dates are ``%td``, timestamps ``%tc`` (a zoned time in UTC);
  missing numbers and dates are Stata's ``.``, a missing string is ``""`` (Stata's missing
  string). A column type Stata lacks (lists, binary ...) is refused before writing.
* xlsx: one sheet, bold header; a string cell that Excel would read as a formula (it
  starts with ``= + - @``, tab or carriage return) is prefixed with ``'``; numbers stay
  numbers; NaN and infinities are empty cells; a date before 1900 (Excel has none) is the
  text ``YYYY-MM-DD`` (a time: ``YYYY-MM-DD HH:MM:SS``). Refused before writing: more than
  ``XLSX_MAX_ROWS`` rows (header included), a cell over 32,767 characters, a control
  character. (The xlsx XML turns a carriage return inside a cell into a line feed.)

Every write goes through ``multivector.outputs``: only a regular file (or a symlink to one,
written through) is written, to a temporary file beside it renamed over it at the end; after
an error there is no partial file, and a file already at ``out`` is unchanged.
"""

from __future__ import annotations

import math
import os
import re
import struct
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal, cast

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from pandas.errors import InvalidColumnName
from pandas.io.stata import StataWriterUTF8  # type: ignore[attr-defined]  # missing from pandas-stubs

from multivector.errors import NotExportable, UnknownFormat, UnknownTable
from multivector.outputs import EXAMPLE, atomic_output, os_error_in, ready_output
from multivector.schema import TABLES, Table
from multivector.schema.labels import TableMeta, parquet_metadata, shortened, stata_label, stata_notes, store_table_meta
from multivector.store import Store
from multivector.store.connection import OFFLINE_CONFIG, first_value

ExportFormat = Literal["csv", "parquet", "dta", "xlsx"]
EXPORT_FORMATS: tuple[str, ...] = ("csv", "parquet", "dta", "xlsx")

XLSX_MAX_ROWS = 1_048_576  # rows of one Excel sheet, the header row included
XLSX_MAX_COLUMNS = 16_384
XLSX_MAX_CELL_CHARS = 32_767
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_FIRST_YEAR = 1900  # Excel's dates begin on 1900-01-01

STATA_NAME_MAX = 32
STATA_STR_MAX_BYTES = 2045  # longer strings are written as strL
STATA_LABEL_MAX = 80
STATA_CHARACTERISTIC_NAME = 129  # bytes of a characteristic's variable and name fields in dta 118
# Stata's reserved names, and the older reserved words that pandas also refuses as names.
STATA_RESERVED = frozenset(
    (
        "_all _b _coef _cons _n _N _pi _pred _rc _se _skip byte double float if in int long "
        "strL using with NULL aggregate array boolean break case catch class colvector complex "
        "const continue default delegate delete do else eltypedef end enum explicit export "
        "external for friend function global goto inline local pragma protected quad rowvector "
        "short typedef typename virtual"
    ).split()
)
_STATA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STATA_STR_TYPE = re.compile(r"str[0-9]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")
_CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"  # RE2, as in ILLEGAL_CHARACTERS_RE
_SHEET_TITLE_BAD = re.compile(r"[\\/*?:\[\]]")
_WIDER_FORMATS = "export as csv or parquet instead (`--format csv` or `--format parquet`)"


@dataclass(frozen=True)
class ExportResult:
    """What was written: ``renamed`` maps original → exported names the format forced."""

    table: str
    format: str
    path: Path
    rows: int
    columns: int
    renamed: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "table": self.table,
            "format": self.format,
            "path": str(self.path),
            "rows": self.rows,
            "columns": self.columns,
            "renamed": dict(self.renamed),
        }


@dataclass(frozen=True)
class Rows:
    """Which rows of a stored table to write: those whose ``values[column]`` is one of the
    values given (every column), and whose ``year`` lies in ``years`` (first, last)."""

    values: Mapping[str, Sequence[str]] = field(default_factory=dict)
    years: tuple[int, int] | None = None

    def where(self) -> str:
        """The SQL condition (``""`` for every row); the values are quoted as SQL text."""
        terms = [f"{column} IN ({', '.join(map(_sql_text, chosen))})" for column, chosen in self.values.items()]
        if self.years is not None:
            terms.append(f"year BETWEEN {int(self.years[0])} AND {int(self.years[1])}")
        return " WHERE " + " AND ".join(terms) if terms else ""


# ---------------------------------------------------------------- the entry points


def export_table(
    store: Store,
    table: str | Table,
    fmt: ExportFormat,
    out: Path,
    *,
    meta: TableMeta | None = None,
    rows: Rows | None = None,
) -> ExportResult:
    """Write the table ``table`` of ``store`` to ``out``, ordered by its primary key.

    ``table``: a canonical table's name, or a ``Table`` describing another stored table
    (its name, columns and key). ``meta`` defaults to the field registry's; ``rows`` to all.
    csv and parquet stream from DuckDB (``COPY ... TO``); dta and xlsx go through
    ``write_frame``. For xlsx the row count is checked before any row is read.
    """
    spec = table if isinstance(table, Table) else _canonical_table(table)
    _check_format(fmt)
    out = Path(out)
    ready_output(out)
    meta = meta or (store_table_meta(spec) if spec.name in TABLES else TableMeta())
    query = _ordered_query(spec, rows or Rows())
    if fmt in ("csv", "parquet"):
        return _copy_table(store, spec, query, fmt, out, meta)
    if fmt == "xlsx":
        _check_xlsx_shape(_count(store, query), len(spec.fields))
    return write_frame(_fetch(store, query), fmt, out, name=spec.name, meta=meta)


def write_frame(
    frame: pa.Table,
    fmt: ExportFormat,
    out: Path,
    *,
    name: str = "",
    example: str = EXAMPLE,
    meta: TableMeta | None = None,
) -> ExportResult:
    """Write an Arrow table to ``out`` in format ``fmt``; ``name`` labels the result (and sheet).

    ``example`` is the option and file name an error about ``out`` shows as the fix; ``meta``
    what the file says of its columns, its table and its sources (none by default).
    """
    _check_format(fmt)
    out = Path(out)
    ready_output(out, example=example)
    _check_unique_names(frame.column_names)
    if fmt == "xlsx":
        _check_xlsx_shape(frame.num_rows, frame.num_columns)
        _check_xlsx_text(frame)
    with atomic_output(out, example=example) as temporary:
        renamed = WRITERS[fmt](frame, temporary, name, meta or TableMeta())
    return ExportResult(name, fmt, out, frame.num_rows, frame.num_columns, renamed)


def format_of(out: Path, fmt: str | None = None) -> ExportFormat:
    """``fmt`` checked, or when None the format named by ``out``'s suffix (``.dta`` → dta)."""
    if fmt is not None:
        _check_format(fmt)
        return cast(ExportFormat, fmt)
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in EXPORT_FORMATS:
        raise UnknownFormat(
            f"cannot tell the format of {Path(out).name!r} from its suffix",
            f"name a .csv, .parquet, .dta or .xlsx file, or give --format ({', '.join(EXPORT_FORMATS)})",
        )
    return cast(ExportFormat, suffix)


# ---------------------------------------------------------------- checks


def _canonical_table(table: str) -> Table:
    if table not in TABLES:
        raise UnknownTable(f"no table {table!r} in the store", f"choose one of: {', '.join(TABLES)}")
    return TABLES[table]


def _check_format(fmt: str) -> None:
    if fmt not in EXPORT_FORMATS:
        raise UnknownFormat(f"no export format {fmt!r}", f"choose one of: {', '.join(EXPORT_FORMATS)}")


def _check_unique_names(columns: Sequence[str]) -> None:
    repeated = sorted(name for name, count in Counter(columns).items() if count > 1)
    if repeated:
        raise NotExportable(f"column names occur twice: {', '.join(repeated)}", "rename the columns before exporting")


def _check_xlsx_shape(rows: int, columns: int) -> None:
    """Excel holds at most ``XLSX_MAX_ROWS`` rows (header included) and ``XLSX_MAX_COLUMNS``."""
    if rows + 1 > XLSX_MAX_ROWS:
        raise NotExportable(
            f"{rows:,} rows do not fit in an Excel sheet (at most {XLSX_MAX_ROWS - 1:,} rows below the header)",
            _WIDER_FORMATS,
        )
    if columns > XLSX_MAX_COLUMNS:
        raise NotExportable(
            f"{columns:,} columns do not fit in an Excel sheet (at most {XLSX_MAX_COLUMNS:,})", _WIDER_FORMATS
        )


def _check_xlsx_text(frame: pa.Table) -> None:
    """An Excel cell holds at most ``XLSX_MAX_CELL_CHARS`` characters and no control
    character other than tab, line feed and carriage return."""
    frame = _decoded(frame)
    for name in frame.column_names:
        if ILLEGAL_CHARACTERS_RE.search(name):
            raise NotExportable(
                f"the column name {name!r} holds a control character Excel cannot store", _WIDER_FORMATS
            )
    for name, column in zip(frame.column_names, frame.columns, strict=True):
        if _is_text(column.type):
            _refuse_first(
                pc.greater(pc.utf8_length(column), XLSX_MAX_CELL_CHARS),
                name,
                f"more than {XLSX_MAX_CELL_CHARS:,} characters, Excel's limit per cell",
            )
            _refuse_first(
                pc.match_substring_regex(column, _CONTROL_CHARACTERS),
                name,
                "a control character that Excel cannot store",
            )


def _refuse_first(offending: pa.ChunkedArray, column: str, problem: str) -> None:
    first = pc.index(offending, True).as_py()
    if first >= 0:
        raise NotExportable(f"column {column}, row {first + 2} (header is row 1): {problem}", _WIDER_FORMATS)


# ---------------------------------------------------------------- csv and parquet

# The path is already a temporary file of ``atomic_output``: DuckDB need not make its own.
COPY_OPTIONS = {
    "csv": "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NULLSTR '', USE_TMP_FILE false",
    "parquet": "FORMAT parquet, USE_TMP_FILE false",
}


def _copy(connection: duckdb.DuckDBPyConnection, query: str, fmt: str, path: Path, options: str = "") -> int:
    """``COPY (query) TO path`` with ``options`` (default ``COPY_OPTIONS[fmt]``); returns the
    number of rows written.

    DuckDB tells a failed write (no space, permission ...) as an IOException; it is raised as
    the ``OSError`` it stands for, which ``atomic_output`` reports.
    """
    target = str(path).replace("'", "''")
    try:
        return first_value(connection.execute(f"COPY ({query}) TO '{target}' ({options or COPY_OPTIONS[fmt]})"))
    except duckdb.IOException as exc:
        code = os_error_in(str(exc))
        if code is None:
            raise
        raise OSError(code, os.strerror(code), str(path)) from exc


def _ordered_query(spec: Table, rows: Rows) -> str:
    return f"SELECT * FROM {spec.name}{rows.where()} ORDER BY {', '.join(spec.primary_key)}"


def _sql_text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _copy_table(store: Store, spec: Table, query: str, fmt: str, out: Path, meta: TableMeta) -> ExportResult:
    options = COPY_OPTIONS[fmt]
    if fmt == "parquet":
        footer = parquet_metadata(meta, spec.name, spec.fields)
        pairs = ", ".join(f"{key}: {_sql_text(value)}" for key, value in footer.items())
        options = f"{options}, KV_METADATA {{{pairs}}}"
    cursor = store.con.cursor()
    try:
        with atomic_output(out) as temporary:
            rows = _copy(cursor, query, fmt, temporary, options)
    finally:
        cursor.close()
    return ExportResult(spec.name, fmt, out, rows, len(spec.fields), {})


def _fetch(store: Store, query: str) -> pa.Table:
    cursor = store.con.cursor()
    try:
        return cursor.sql(query).to_arrow_table()
    finally:
        cursor.close()


def _count(store: Store, query: str) -> int:
    cursor = store.con.cursor()
    try:
        return first_value(cursor.execute(f"SELECT count(*) FROM ({query})"))
    finally:
        cursor.close()


def _write_csv(frame: pa.Table, path: Path, name: str, meta: TableMeta) -> dict[str, str]:
    """Through an in-memory DuckDB, so a frame and a store table give the same csv."""
    connection = duckdb.connect(config=OFFLINE_CONFIG)
    try:
        connection.execute("SET TimeZone = 'UTC'")  # times with a zone are written in UTC
        connection.register("frame", frame)
        _copy(connection, "SELECT * FROM frame", "csv", path)
    finally:
        connection.close()
    return {}


def _write_parquet(frame: pa.Table, path: Path, name: str, meta: TableMeta) -> dict[str, str]:
    footer = parquet_metadata(meta, name, frame.column_names)
    pq.write_table(frame.replace_schema_metadata({**(frame.schema.metadata or {}), **footer}), path)
    return {}


# ---------------------------------------------------------------- Stata


def stata_names(columns: Sequence[str]) -> list[str]:
    """Valid, distinct Stata names for ``columns``, in order.

    A valid name (``[A-Za-z_][A-Za-z0-9_]*``, at most 32 characters, not reserved) is kept.
    Any other is rewritten: accents dropped, other characters outside ``[A-Za-z0-9_]``
    become ``_``, ``v`` is put before a leading digit, ``_`` after a reserved word, and the
    result is cut to 32 characters. If that name is taken, it is cut shorter to make room
    for ``_2``, ``_3`` … until it is free. Kept names are claimed first, so a rewritten
    name never displaces one that was valid.

    >>> stata_names(["year", "1990", "in", "a" * 40, "a" * 40 + "b"])
    ['year', 'v1990', 'in_', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_2']
    """
    taken = {name for name in columns if _is_stata_name(name)}
    names = []
    for column in columns:
        name = column if _is_stata_name(column) else _first_free(_stata_base(column), taken)
        taken.add(name)
        names.append(name)
    return names


def _is_stata_name(name: str) -> bool:
    return len(name) <= STATA_NAME_MAX and _STATA_NAME.fullmatch(name) is not None and not _is_reserved(name)


def _is_reserved(name: str) -> bool:
    return name in STATA_RESERVED or _STATA_STR_TYPE.fullmatch(name) is not None


def _stata_base(column: str) -> str:
    name = "".join(_ascii_char(char) for char in column) or "v"
    if name[0].isdigit():
        name = "v" + name
    if _is_reserved(name):
        name += "_"
    return name[:STATA_NAME_MAX]


def _ascii_char(char: str) -> str:
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return plain if _ASCII_WORD.fullmatch(plain) else "_"


def _first_free(base: str, taken: set[str]) -> str:
    name, number = base, 2
    while name in taken:
        suffix = f"_{number}"
        name = base[: STATA_NAME_MAX - len(suffix)] + suffix
        number += 1
    return name


def _write_dta(frame: pa.Table, path: Path, name: str, meta: TableMeta) -> dict[str, str]:
    """Stata 118 with the names of ``stata_names``, ``stata_label`` labels and notes."""
    frame = _stata_ready(_naive_utc(_decoded(frame)))
    names = stata_names(frame.column_names)
    renamed = {old: new for old, new in zip(frame.column_names, names, strict=True) if old != new}
    data = frame.to_pandas(types_mapper=_nullable_pandas_type, date_as_object=False)
    data.columns = pd.Index(names)
    labels = {new: stata_label(meta.column(old)) for old, new in zip(frame.column_names, names, strict=True)}
    with warnings.catch_warnings():
        warnings.simplefilter("error", InvalidColumnName)  # pandas must never rename on its own
        try:
            writer = NotedStataWriter(
                path,
                data,
                write_index=False,
                version=118,
                convert_dates=_stata_date_formats(frame, names),
                convert_strl=_strl_columns(frame, names),
                variable_labels=labels,
                data_label=shortened(meta.description or name, STATA_LABEL_MAX) or None,
                notes=stata_notes(meta),
            )
            writer.write_file()
        except ValueError as exc:
            raise NotExportable(f"Stata cannot hold this table: {exc}", "export as parquet or csv") from exc
    return renamed


class NotedStataWriter(StataWriterUTF8):
    """pandas' Stata 118 writer that also writes the dataset's notes.

    Stata keeps notes as characteristics of ``_dta``: ``note0`` holds their count, ``note1``
    … the texts. pandas writes an empty ``<characteristics>`` block; this class overrides
    that one private method (``_write_characteristics``) and writes each characteristic as
    the dta 117/118 format asks: ``<ch>``, a 4-byte length in the file's byte order, the
    variable name and the characteristic's name (129 bytes each, zero-padded), the
    zero-terminated UTF-8 contents, ``</ch>``.
    """

    def __init__(self, *args, notes: Sequence[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._notes = list(notes)

    def _write_characteristics(self) -> None:
        self._update_map("characteristics")
        notes = [str(len(self._notes)), *self._notes] if self._notes else []
        body = b"".join(self._tag(self._characteristic("_dta", f"note{i}", text), "ch") for i, text in enumerate(notes))
        self._write_bytes(self._tag(body, "characteristics"))

    def _characteristic(self, variable: str, name: str, contents: str) -> bytes:
        record = _zero_padded(variable) + _zero_padded(name) + contents.encode("utf-8") + b"\0"
        return struct.pack(self._byteorder + "I", len(record)) + record


def _zero_padded(name: str) -> bytes:
    return name.encode("utf-8").ljust(STATA_CHARACTERISTIC_NAME, b"\0")


def _stata_ready(frame: pa.Table) -> pa.Table:
    """Each column as a type Stata holds; a missing string becomes ``""``; others refused."""
    columns, refused = [], []
    for name, column in zip(frame.column_names, frame.columns, strict=True):
        converted = _stata_column(column)
        if converted is None:
            refused.append(f"{name} ({column.type})")
        columns.append(converted)
    if refused:
        raise NotExportable(
            f"Stata has no type for the columns {', '.join(refused)}", "export as parquet, or cast these columns first"
        )
    return pa.table(columns, names=frame.column_names)


def _stata_column(column: pa.ChunkedArray) -> pa.ChunkedArray | None:
    kind = column.type
    if _is_text(kind):
        return pc.fill_null(column.cast(pa.string()), "")
    if pa.types.is_null(kind) or pa.types.is_decimal(kind):
        return column.cast(pa.float64())
    if (
        pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_date(kind)
        or pa.types.is_timestamp(kind)
    ):
        return column
    return None


def _nullable_pandas_type(kind: pa.DataType):
    """Integers and booleans as pandas' nullable types, so a missing value stays missing."""
    if pa.types.is_boolean(kind):
        return pd.BooleanDtype()
    if pa.types.is_integer(kind):
        signed = "UInt" if pa.types.is_unsigned_integer(kind) else "Int"
        return pd.api.types.pandas_dtype(f"{signed}{kind.bit_width}")
    return None


def _stata_date_formats(frame: pa.Table, names: list[str]) -> dict[str, str]:
    formats = {}
    for name, column in zip(names, frame.columns, strict=True):
        if pa.types.is_date(column.type):
            formats[name] = "td"
        elif pa.types.is_timestamp(column.type):
            formats[name] = "tc"
    return formats


def _strl_columns(frame: pa.Table, names: list[str]) -> list[str]:
    """String columns with a value over ``STATA_STR_MAX_BYTES`` UTF-8 bytes."""
    long = []
    for name, column in zip(names, frame.columns, strict=True):
        if pa.types.is_string(column.type) and len(column):
            longest = pc.max(pc.binary_length(column)).as_py() or 0
            if longest > STATA_STR_MAX_BYTES:
                long.append(name)
    return long


def _decoded(frame: pa.Table) -> pa.Table:
    """Dictionary-encoded columns as plain columns of their values."""
    for index, column in enumerate(frame.columns):
        if pa.types.is_dictionary(column.type):
            frame = frame.set_column(index, frame.field(index).name, column.cast(column.type.value_type))
    return frame


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)


def _naive_utc(frame: pa.Table) -> pa.Table:
    """Timestamps with a time zone as UTC without one (Stata and Excel have no time zones)."""
    for index, column in enumerate(frame.columns):
        if pa.types.is_timestamp(column.type) and column.type.tz is not None:
            frame = frame.set_column(index, frame.field(index).name, column.cast(pa.timestamp(column.type.unit)))
    return frame


# ---------------------------------------------------------------- Excel


def neutralise(value: str) -> str:
    """Prefix ``'`` to a string Excel would take for a formula (it starts with = + - @ tab CR)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _write_xlsx(frame: pa.Table, path: Path, name: str, meta: TableMeta) -> dict[str, str]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(name))
    sheet.freeze_panes = "A2"  # before the first row: a streamed sheet writes its view first
    bold = Font(bold=True)
    header = [WriteOnlyCell(sheet, value=neutralise(column)) for column in frame.column_names]
    for cell in header:
        cell.font = bold
    try:
        sheet.append(header)
        for row in _rows(_naive_utc(_decoded(frame))):
            sheet.append([_excel_value(value) for value in row])
        workbook.save(path)
    except OSError:
        _close_quietly(sheet)
        raise
    return {}


def _close_quietly(sheet) -> None:
    """End a streamed sheet whose write failed; left open, it fails again when collected and
    Python prints that second failure, with a traceback, on stderr."""
    writer = getattr(sheet, "_writer", None)
    try:
        if writer is not None:
            writer.close()
    except OSError:
        pass  # the first failure is the one reported


def _sheet_title(name: str) -> str:
    """Excel sheet titles: at most 31 characters, none of \\ / * ? : [ ]."""
    return _SHEET_TITLE_BAD.sub("_", name)[:31] or "data"


def _rows(frame: pa.Table) -> Iterator[tuple]:
    for batch in frame.to_batches():
        yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)


def _excel_value(value):
    """A cell value: strings neutralised, NaN and infinities left empty (Excel has neither),
    a date before 1900 as ISO text (Excel's dates begin in 1900)."""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, date) and value.year < EXCEL_FIRST_YEAR:
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return value


Writer = Callable[[pa.Table, Path, str, TableMeta], dict[str, str]]
WRITERS: dict[str, Writer] = {
    "csv": _write_csv,
    "parquet": _write_parquet,
    "dta": _write_dta,
    "xlsx": _write_xlsx,
}
