"""National Statistical Committee of the Kyrgyz Republic: goods exports and imports by partner, 1994-2023.

Format: the NSC's tables 4.03.00.18 (geographic distribution of exports of goods) and
4.03.00.20 (of imports) as published (.xlsx), one sheet each: title rows (the number and
name in Kyrgyz, Russian and English, the unit "(тыс. долларов США)"), a header row with the
years 1994 ... 2023 from the fourth column on, then one row per partner with its name in
Kyrgyz, Russian and English in the first three columns. Values are thousand US dollars,
current; '-' is no reported trade (missing, never zero); a 0 is a value the NSC gives.

One partner row gives one flow of Kyrgyzstan per year with a value: ``exports`` from
4.03.00.18, ``imports`` from 4.03.00.20 (see ``nso_trade`` for the unit). ``rows_in``
counts the non-blank rows below the header, the closing note included. Not all trade is
attributed to partners: in 2021 the partner rows of the exports table sum to US$1,647 m of
a total of US$2,752 m (presumably gold), so a partner's share of the stored flows is a share
of the attributed trade.

Traps handled:

* Aggregates (Всего, ЕС, СНГ, ШОС, ЕАЭС, the continents), the EU as a partner of origin
  ('Европейский союз (ЕС)'), the UN ('ООН') and 'Неопределенная страна' (partner not
  identified) are rejected as ``not_a_state`` with their note, never loaded as partners.
  They are rejected before their figures are read (the imports table's continents are
  formulas).
* A partner is resolved from its Russian and its English name; where both resolve they
  must agree (``ambiguous_country`` otherwise). The English names are the NSC's own and
  partly odd ('Butane' for Bhutan, 'Eastern SAMOA' for American Samoa), so the Russian one
  often decides; see ``nso_trade``.
* A partner is resolved in every year of the row with a value; a row with a year its partner
  did not exist in (the Netherlands Antilles after 2010) is rejected whole, naming the years.
  Two rows for one partner in a table: the second is rejected (``conflicting_duplicate``).
* A year in the header with a footnote mark ('2023 1' in the imports table) is the NSC's
  preliminary data: its flows say so in ``detail`` (``is_estimate`` stays false:
  preliminary is not estimated). The footnote line itself is read and stores nothing. The
  exports table marks no year, so its 2023 flows are not called preliminary.
* A table whose layout moved is refused whole (BadInputFile): no header row of years, a year
  row not starting in the fourth column, years out of sequence, values under a column
  without a year, figures above the header, no "тыс. долларов США", a second sheet with
  content. A value written as text with separators ("1 234,5") rejects its row.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from multivector.codes.resolver import CountryResolver
from multivector.errors import BadInputFile
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, ParsedRow, ParseOutput, Parser, Source
from multivector.sources.nso_trade import (
    Cell,
    Sheet,
    flow_record,
    folded,
    is_blank,
    is_number,
    partner_entity,
    read_workbook,
    require_state,
    row_text,
    text,
    thousand_usd,
)

REPORTER = "KGZ"
FIRST_YEAR_COLUMN = 3  # columns 0, 1, 2: the partner's Kyrgyz, Russian and English names
LABELS = ((1, "name_ru"), (2, "name_en"))
UNIT_LABEL = "тыс. долларов сша"
_YEAR = re.compile(r"((?:19|20)\d\d)(?:\s*(\d))?")  # '2023 1': year 2023, footnote 1
_NOTE = re.compile(r"(\d)\s+\S")  # '1 Предварительные данные'

FOLDER = "nso-trade/kyrgyzstan"
EXPORTS = "4.03.00.18  Географическое распределение экспорта товаров     ..xlsx"
IMPORTS = "4.03.00.20 Географическое распределение импорта товаров..xlsx"


class YearColumn(NamedTuple):
    column: int
    year: int
    mark: str | None  # footnote mark in the header cell


class Table(NamedTuple):
    sheet: Sheet
    header: int
    years: tuple[YearColumn, ...]
    notes: dict[str, str]  # footnote mark -> its text (Russian)


def _year_cell(cell: Cell) -> tuple[int, str | None] | None:
    if is_number(cell) and float(cell).is_integer() and 1900 <= cell <= 2100:
        return int(cell), None
    if isinstance(cell, str) and (match := _YEAR.fullmatch(cell.strip())):
        return int(match.group(1)), match.group(2)
    return None


def _is_year_row(row: tuple) -> bool:
    return sum(_year_cell(cell) is not None for cell in row) >= 2


def find_table(sheets: list[Sheet], file_name: str) -> Table:
    """The one sheet with a header row of years, checked."""
    found = [(sheet, index) for sheet in sheets for index, row in enumerate(sheet.rows) if _is_year_row(row)]
    if not found:
        raise BadInputFile(f"{file_name}: no header row of years", "the table needs a row 1994, 1995 ...")
    sheet, header = found[0]
    others = [
        other.name
        for other in sheets
        if other is not sheet and any(not is_blank(cell) for row in other.rows for cell in row)
    ]
    if len({s.name for s, _ in found}) > 1 or others:
        raise BadInputFile(
            f"{file_name}: more than one sheet has content ({sheet.name!r}, "
            f"{', '.join(repr(name) for name in others)})",
            "keep the table on one sheet",
        )
    where = f"{file_name}, sheet {sheet.name!r}"
    _check_title(sheet, header, where)
    years = _year_columns(sheet.rows[header], header, where)
    _check_unheaded_values(sheet, header, years, where)
    return Table(sheet, header, years, _notes(sheet, header))


def _check_title(sheet: Sheet, header: int, where: str) -> None:
    title = [cell for row in sheet.rows[:header] for cell in row if not is_blank(cell)]
    if any(is_number(cell) for cell in title):
        raise BadInputFile(
            f"{where}: figures above the header (row {header + 1})", "the row of years must head the table"
        )
    if UNIT_LABEL not in " ".join(folded(cell) for cell in title):
        raise BadInputFile(
            f"{where}: no unit 'тыс. долларов США' above the header", "the figures must be in thousand US dollars"
        )


def _year_columns(row: tuple, header: int, where: str) -> tuple[YearColumn, ...]:
    columns = [YearColumn(i, *found) for i, cell in enumerate(row) if (found := _year_cell(cell))]
    if columns[0].column != FIRST_YEAR_COLUMN:
        raise BadInputFile(
            f"{where}: the header row {header + 1} is shifted: its first year is in column "
            f"{columns[0].column + 1}, not {FIRST_YEAR_COLUMN + 1}",
            "names in the first three columns, years from the fourth",
        )
    for before, after in zip(columns, columns[1:], strict=False):
        if (after.column, after.year) != (before.column + 1, before.year + 1):
            raise BadInputFile(
                f"{where}: year columns out of sequence: {before.year} then {after.year} "
                f"(columns {before.column + 1} and {after.column + 1})",
                "one column per year, in order, none missing",
            )
    return tuple(columns)


def _check_unheaded_values(sheet: Sheet, header: int, years, where: str) -> None:
    headed = {year.column for year in years}
    for index in range(header + 1, len(sheet.rows)):
        for column, cell in enumerate(sheet.rows[index]):
            if column >= FIRST_YEAR_COLUMN and column not in headed and not is_blank(cell):
                raise BadInputFile(
                    f"{where}: row {index + 1} has a value in column {column + 1}, which has no year",
                    "every value column needs its year in the header",
                )


def _notes(sheet: Sheet, header: int) -> dict[str, str]:
    notes = {}
    for row in sheet.rows[header + 1 :]:
        match = _NOTE.match(text(row[1])) if _is_note(row) else None
        if match:
            notes[match.group(1)] = text(row[1])[match.end(1) :].strip()
    return notes


def _is_note(row: tuple) -> bool:
    """A footnote line: '1 Предварительные данные' in the name columns and no values."""
    names = [text(row[i]) if i < len(row) else "" for i in range(FIRST_YEAR_COLUMN)]
    values = row[FIRST_YEAR_COLUMN:]
    return bool(_NOTE.match(names[1])) and all(is_blank(cell) for cell in values)


def partner_row(row: tuple, table: Table, channel: str, resolver: CountryResolver) -> tuple[tuple, list[dict]]:
    labels = [(column_name, text(row[i]) if i < len(row) else "") for i, column_name in LABELS]
    if not any(label for _, label in labels):
        raise RowProblem("missing_value", "the partner has no Russian or English name", "name_ru")
    require_state(resolver, labels)
    values = {}
    for year in table.years:
        value = thousand_usd(row[year.column] if year.column < len(row) else None, str(year.year))
        if value is not None:
            values[year] = value
    if not values:
        raise RowProblem("missing_value", "no year has a value (all '-')", str(table.years[0].year))
    partners, failed = {}, {}
    for year in values:
        try:
            partners[year] = partner_entity(resolver, labels, year.year)
        except RowProblem as problem:
            failed[year.year] = problem.with_traceback(None)
    if failed:
        first = next(iter(failed.values()))
        raise RowProblem(
            first.reason,
            f"{first.message}; the row's values for {', '.join(map(str, failed))} cannot be placed, so none is loaded",
            first.column,
            first.suggestion,
        )
    if REPORTER in partners.values():
        raise RowProblem("self_dyad", f"{labels[0][1]!r} is Kyrgyzstan itself", "name_ru")
    records = [
        flow_record(year.year, REPORTER, partners[year], channel, value, _detail(channel, year, table))
        for year, value in values.items()
    ]
    return tuple(sorted(set(partners.values()))), records


def _detail(channel: str, year: YearColumn, table: Table) -> str:
    note = f", {table.notes.get(year.mark, 'footnote ' + year.mark)}" if year.mark else ""
    return f"NSC Kyrgyz Republic, {channel} of goods{note}"


def table_parser(channel: str) -> Parser:
    """A parser for an NSC geographic distribution table of ``channel`` (exports or imports)."""

    def parse(data: bytes, ctx: ParseContext) -> ParseOutput:
        table = find_table(read_workbook(data, ctx.file_name), ctx.file_name)
        output, sheet = ParseOutput(rows_in=0), table.sheet
        for index in range(table.header + 1, len(sheet.rows)):
            row = sheet.rows[index]
            if all(is_blank(cell) for cell in row):
                continue
            output.rows_in += 1
            line, raw = sheet.first_line + index, row_text(sheet, index)
            if _is_note(row):
                output.rows.append(ParsedRow(line, raw, ("note", index), ()))
                continue
            try:
                key, records = partner_row(row, table, channel, ctx.resolver)
            except RowProblem as problem:
                output.rejects.append(problem.at(line, raw))
                continue
            output.rows.append(ParsedRow(line, raw, key, tuple(records)))
        return output

    return parse


SOURCE = Source(
    id="nso_kyrgyzstan_trade",
    title="National Statistical Committee of the Kyrgyz Republic: geographic distribution of exports "
    "and imports of goods, 1994-2023",
    publisher="National Statistical Committee of the Kyrgyz Republic",
    citation="National Statistical Committee of the Kyrgyz Republic. 4.03.00.18 Географическое "
    "распределение экспорта товаров / Geographic distribution of exports of goods, and "
    "4.03.00.20 Географическое распределение импорта товаров / Geographic distribution of "
    "imports of goods, 1994-2023 (2023 preliminary), thousand US dollars. Bishkek: stat.gov.kg.",
    licence="official statistics: cite the National Statistical Committee (the copy states no terms of "
    "its own); the redistributing repository is Apache-2.0",
    url="https://stat.gov.kg",
    origin="mary-lev/eu-export-sanctions @ 4b6a5dfc864ab3352104974a4516458fd7347b38, "
    "data/kyrgyzstan_data/4.03.00.18 ... .xlsx and 4.03.00.20 ... .xlsx (unchanged)",
    accessed=date(2026, 12, 4),
    version="copy of 2025-01-09 (data 1994-2023, 2023 preliminary)",
    year=2024,
    files=(
        FileSpec(f"{FOLDER}/{EXPORTS}", "flows", table_parser("exports"), uses_crosswalk=True),
        FileSpec(f"{FOLDER}/{IMPORTS}", "flows", table_parser("imports"), uses_crosswalk=True),
    ),
)
