"""What the national statistics offices' partner trade tables share: cells, partner names, records.

The offices (Kazakhstan's BNS, the Kyrgyz NSC, stat.uz, Armstat) publish goods trade by
partner in thousand US dollars; the store keeps it the way ``imf_dots`` does, in
``usd_million_current`` (value / 1000), one ``exports`` or ``imports`` flow per reporter,
partner and year, never mirrored and never an estimate. ``detail`` names the office and
keeps the figure as published, in thousands, so a row can be checked against the table.

Partner names are resolved, never guessed, through the project's crosswalk
(``data/codes/``) in scheme ``nso``: first the offices' own spellings and aggregates
(``names.csv`` rows of scheme ``nso``: 'Гуам (США)', 'American Saoma', ``Всего``,
``Страны СНГ`` ...), then every name of scheme ``name``, the Russian names of states among
them. An aggregate has no entity and is rejected as ``not_a_state`` with its note; an
unknown name as ``unknown_country`` with the closest known names. When a line carries
several labels (Russian and English, or a code and names), every label that resolves must
name the same entity; labels that resolve nowhere are passed over.

Workbooks (.xls through xlrd, .xlsx through openpyxl, told apart by their first bytes) are
read as grids of cell values. A workbook row has a line number that is unique in the file:
the rows of the sheets before its own, plus its row number in its sheet.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import NamedTuple, TypeGuard

from multivector.codes.resolver import CountryResolver
from multivector.errors import BadInputFile
from multivector.rejects import RowProblem
from multivector.sources.imf_dots import UNIT
from multivector.sources.values import optional_number

SCHEME = "nso"  # the offices' spellings and aggregates, then every name of scheme "name"
THOUSANDS_PER_UNIT = 1000.0
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF in an OLE2 compound file)
_ZIP = b"PK\x03\x04"  # .xlsx
_LABEL_PROBLEMS = ("unknown_country", "lookalike_characters")  # a label the crosswalk does not know

Cell = str | float | int | bool | None


class Sheet(NamedTuple):
    name: str
    first_line: int  # line number of the sheet's row 1 in the workbook
    rows: list[tuple[Cell, ...]]


# --- workbooks -------------------------------------------------------------------------------


def read_workbook(data: bytes, file_name: str) -> list[Sheet]:
    """Every sheet of an .xls or .xlsx workbook as rows of cell values (text, number or None)."""
    if data.startswith(_OLE2):
        grids = _xls_grids(data, file_name)
    elif data.startswith(_ZIP):
        grids = _xlsx_grids(data, file_name)
    else:
        raise BadInputFile(
            f"{file_name}: not an Excel workbook (.xls or .xlsx)", "ship the workbook as the office published it"
        )
    sheets, first = [], 1
    for name, rows in grids:
        sheets.append(Sheet(name, first, rows))
        first += len(rows)
    return sheets


def _xls_grids(data: bytes, file_name: str) -> list[tuple[str, list[tuple]]]:
    import xlrd

    try:  # xlrd's warnings go to its log, not to stdout
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except Exception as error:  # xlrd raises many kinds for a broken compound file
        raise BadInputFile(
            f"{file_name}: unreadable .xls workbook ({type(error).__name__}: {error})",
            "ship the workbook as the office published it",
        ) from None
    try:
        return [
            (sheet.name, [tuple(_xls_value(cell) for cell in sheet.row(index)) for index in range(sheet.nrows)])
            for sheet in book.sheets()
        ]
    finally:
        book.release_resources()


def _xls_value(cell) -> Cell:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def _xlsx_grids(data: bytes, file_name: str) -> list[tuple[str, list[tuple]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken zip or XML
        raise BadInputFile(
            f"{file_name}: unreadable .xlsx workbook ({type(error).__name__})",
            "ship the workbook as the office published it",
        ) from None
    try:
        return [(sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)]) for sheet in book.worksheets]
    finally:
        book.close()


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def is_number(cell: Cell) -> TypeGuard[int | float]:
    """A numeric cell (a bool is not one, though Python counts it an int)."""
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def text(cell: Cell) -> str:
    """A cell as text: numbers as Python writes them, empty as ''."""
    if cell is None:
        return ""
    return cell.strip() if isinstance(cell, str) else str(cell)


def folded(cell: Cell) -> str:
    return " ".join(text(cell).split()).casefold()


def row_text(sheet: Sheet, index: int) -> str:
    """The raw text of a workbook row for a reject: sheet, row number and its cells."""
    cells = list(sheet.rows[index])
    while cells and is_blank(cells[-1]):
        cells.pop()
    return f"{sheet.name}!{index + 1}: " + " | ".join(text(cell) for cell in cells)


def thousand_usd(cell: Cell, column: str) -> float | None:
    """A value in thousand US$: None when missing ('', '-'); text is read strictly."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise RowProblem("cast_error", f"{column} {cell!r} is not a number", column)
    if is_number(cell):
        value = float(cell)
        if not math.isfinite(value):
            raise RowProblem("cast_error", f"{column} {cell!r} is not a finite number", column)
        if value < 0:
            raise RowProblem("negative_value", f"{column} {cell!r} is negative", column)
        return value
    return optional_number(str(cell), column)


# --- records ---------------------------------------------------------------------------------


def flow_record(when: int, reporter: str, partner: str, channel: str, thousands: float, detail: str) -> dict:
    """One flow, stored in millions as ``imf_dots`` stores it; the published thousands in detail."""
    return {
        "year": when,
        "reporter": reporter,
        "partner": partner,
        "channel": channel,
        "value": thousands / THOUSANDS_PER_UNIT,
        "unit": UNIT,
        "is_estimate": False,
        "is_mirror": False,
        "detail": f"{detail}: {thousands!r} thousand US$",
    }


# --- partner names ---------------------------------------------------------------------------


def require_state(resolver: CountryResolver, labels: Sequence[tuple[str, str]]) -> None:
    """RowProblem ``not_a_state`` if any label is a known aggregate or non-state (any year)."""
    for column, label in labels:
        if label.strip():
            outcome = _one(resolver, label, SCHEME, None, column)
            if isinstance(outcome, RowProblem) and outcome.reason == "not_a_state":
                raise outcome


def partner_entity(
    resolver: CountryResolver,
    labels: Sequence[tuple[str, str]],
    when: int | None,
    codes: Sequence[tuple[str, str, str]] = (),
) -> str:
    """The one entity that ``labels`` ((column, name)) and ``codes`` ((column, code, scheme))
    denote in ``when``; RowProblem if none, a non-state, or two that disagree."""
    outcomes = [_one(resolver, code, scheme, when, column) for column, code, scheme in codes]
    outcomes += [_one(resolver, label, SCHEME, when, column) for column, label in labels if label.strip()]
    if not outcomes:
        column = labels[0][0] if labels else None
        raise RowProblem("missing_value", "the partner has no name", column)
    problems = [o for o in outcomes if isinstance(o, RowProblem)]
    states = [p for p in problems if p.reason == "not_a_state"]
    decisive = [p for p in problems if p.reason not in _LABEL_PROBLEMS]
    if states or decisive:
        raise (states or decisive)[0]
    found = {o for o in outcomes if isinstance(o, str)}
    if len(found) > 1:
        said = ", ".join(f"{value!r} → {entity}" for value, entity in _said(resolver, labels, codes, when))
        raise RowProblem(
            "ambiguous_country",
            f"the partner's labels disagree: {said}",
            (codes or labels)[0][0],
            "correct the label that is wrong",
        )
    if found:
        return found.pop()
    hinted = [p for p in problems if p.suggestion and p.suggestion.startswith("did you")]
    raise (hinted or problems)[0]


def _said(resolver, labels, codes, when):
    for column, code, scheme in codes:
        outcome = _one(resolver, code, scheme, when, column)
        if isinstance(outcome, str):
            yield code, outcome
    for column, label in labels:
        outcome = _one(resolver, label, SCHEME, when, column)
        if isinstance(outcome, str):
            yield label, outcome


def _one(resolver: CountryResolver, value: str, scheme: str, when: int | None, column: str) -> str | RowProblem:
    """What one label or code denotes: an entity, or the problem (without a traceback)."""
    try:
        return resolver.resolve(value, scheme, when, column)
    except RowProblem as problem:
        return problem.with_traceback(None)
