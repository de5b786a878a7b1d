"""Kazakhstan's Bureau of National Statistics (BNS): exports and imports by partner, 2018-2023.

Format: the BNS workbooks "Основные показатели внешней торговли Республики Казахстан (по
странам)" as published (.xls), one per reporting year. A table sheet has title rows (the
period, "за январь-декабрь 2019 года" or "2023 год", and the unit "тыс. долларов США"), a
header of two rows (Наименование | Товарооборот | | Экспорт | | Импорт | with "всего" and
"удельный вес ..., %" under each flow), then one row per partner, aggregates mixed in.
Values are thousand US dollars, current.

Which sheet gives which year: each workbook holds its own year and, as a comparison sheet,
the year before. A year is loaded once, from the workbook that reports it as its own year:
2019 to 2023 from their own workbooks, and 2018, which has no workbook here, from the
comparison sheet ``12_2018`` of the 2019 workbook. The other comparison sheets are not
read: the years they repeat come from their own workbooks. ``rows_in`` counts the non-blank
rows below the header of the sheets read; the 2023 workbook's cover, legend, contents and
methodology sheets hold no table.

One partner row gives an ``exports`` and an ``imports`` flow of Kazakhstan (see
``nso_trade`` for the unit), each only when its cell has a value: an empty cell is no
reported trade, left missing, never zero. Turnover is not stored (it is exports plus
imports) but checked, so that a shifted column cannot pass; shares are not read.

Traps handled:

* Aggregate rows (Всего, Страны СНГ, Страны ЕАЭС, Страны вне ЕАЭС, Остальные страны мира,
  Европа, Страны ЕС, Страны вне ЕС, Азия, Америка, Африка, Австралия и Океания) are rejected
  as ``not_a_state`` with their note, never loaded as partners.
* Partner names are Russian and their spelling varies between years ('Гуам (Сша)', 'Гуам
  (США)', 'Французкие южные территории'); they resolve as ``nso_trade`` says, and an unknown
  name is rejected as ``unknown_country`` with the closest known names.
* A row whose exports and imports do not add up to its turnover (beyond rounding) is
  rejected as ``out_of_range``; one with neither value as ``missing_value``; a text value
  ("1 234,5") as ``cast_error`` or ``decimal_comma``.
* A sheet whose layout moved is refused whole (BadInputFile): no flow column, a header whose
  "всего" and "удельный вес" are not under the flows, a first row that is not the total
  with 100 % shares (the header moved sideways against the figures), figures above the
  header, a title without the year or with a year other than the sheet name's, a period
  shorter than January-December, no "тыс. долларов США".
* BNS methodology: exports by country of destination, imports by country of origin; trade
  with the other EAEU members comes from enterprise reports (form 1-ТС), the rest from
  customs declarations. The 2018 sheet rounds to one decimal, the others to five.
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

REPORTER = "KAZ"
NAME = "Наименование"
FLOWS = {"товарооборот": "turnover", "экспорт": "exports", "импорт": "imports"}
COLUMN_NAMES = {"turnover": "Товарооборот", "exports": "Экспорт", "imports": "Импорт"}
UNIT_LABEL = "тыс. долларов сша"
TOTAL_LABEL = "всего"
SHARE_LABEL = "удельный вес"
TURNOVER_TOLERANCE = 1.0  # thousand US$: the 2018 sheet rounds each figure to 0.1
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SHORT_PERIOD = re.compile(r"январь\s*-\s*(?!декабрь)[а-я]+")

FOLDER = "nso-trade/kazakhstan"
WORKBOOKS = {  # workbook -> the years loaded from it (its own year first)
    "Основные показатели внешней торговли_2019.xls": (2019, 2018),
    "Основные показатели внешней торговли_2020.xls": (2020,),
    "Основные показатели внешней торговли_2021.xls": (2021,),
    "Основные показатели внешней торговли по странам_2022.xls": (2022,),
    "Основные показатели внешней торговли по странам_2023.xls": (2023,),
}


class Table(NamedTuple):
    sheet: Sheet
    year: int
    header: int  # index of the header row; the "всего" row follows, then the partners
    columns: dict[str, int]  # turnover, exports, imports -> column index


def _cell(row: tuple, column: int) -> Cell:
    return row[column] if column < len(row) else None


def find_table(sheet: Sheet, file_name: str) -> Table | None:
    """The sheet's table, checked; None for a sheet without one (cover, contents ...)."""
    starts = NAME.casefold()
    header = next((i for i, row in enumerate(sheet.rows) if row and folded(row[0]).startswith(starts)), None)
    if header is None:
        return None
    where = f"{file_name}, sheet {sheet.name!r}"
    table = Table(sheet, _title_year(sheet, header, where), header, _flow_columns(sheet, header, where))
    _check_total_row(table, where)
    return table


def _flow_columns(sheet: Sheet, header: int, where: str) -> dict[str, int]:
    """Where the flows are: each named in the header row, over 'всего' and then 'удельный вес'."""
    labels = {folded(cell): index for index, cell in enumerate(sheet.rows[header])}
    missing = [COLUMN_NAMES[flow] for label, flow in FLOWS.items() if label not in labels]
    if missing:
        raise BadInputFile(
            f"{where}: header row {header + 1} lacks column(s) {', '.join(missing)}",
            "the header must name Товарооборот, Экспорт and Импорт",
        )
    columns = {flow: labels[label] for label, flow in FLOWS.items()}
    below = sheet.rows[header + 1] if header + 1 < len(sheet.rows) else ()
    for flow, column in columns.items():
        value, share = _cell(below, column), _cell(below, column + 1)
        if folded(value) != TOTAL_LABEL or not folded(share).startswith(SHARE_LABEL):
            raise BadInputFile(
                f"{where}: the header is shifted: under {COLUMN_NAMES[flow]} row {header + 2} "
                f"has {text(value)!r} and {text(share)!r}",
                "restore the layout: each flow is headed 'всего', then 'удельный вес ...'",
            )
    return columns


def _check_total_row(table: Table, where: str) -> None:
    """The first row under the header is the total, with a share of 100 % in every flow: so the
    header lines up with the figures (a header moved sideways as a block is caught here)."""
    rows = table.sheet.rows[table.header + 2 :]
    first = next((row for row in rows if not all(is_blank(cell) for cell in row)), ())
    shares = [_cell(first, column + 1) for column in table.columns.values()]
    if not folded(_cell(first, 0)).startswith(TOTAL_LABEL) or not all(
        is_number(share) and abs(share - 100.0) < 0.01 for share in shares
    ):
        raise BadInputFile(
            f"{where}: the first row under the header is not the total with 100 % shares "
            f"({text(_cell(first, 0))!r}: {', '.join(text(share) for share in shares)})",
            "the header does not line up with the figures",
        )


def _title_year(sheet: Sheet, header: int, where: str) -> int:
    """The year the title rows name, checked against the sheet name and the unit."""
    title = [cell for row in sheet.rows[:header] for cell in row if not is_blank(cell)]
    if any(is_number(cell) for cell in title):
        raise BadInputFile(
            f"{where}: figures above the header (row {header + 1})", "the header must be the first row of the table"
        )
    words = " ".join(folded(cell) for cell in title)
    if UNIT_LABEL not in words:
        raise BadInputFile(
            f"{where}: no unit 'тыс. долларов США' above the header", "the figures must be in thousand US dollars"
        )
    if short := _SHORT_PERIOD.search(words):
        raise BadInputFile(
            f"{where}: the period {short.group()!r} is not a whole year",
            "load January-December tables only",
        )
    years = set(_YEAR.findall(words))
    named = set(_YEAR.findall(sheet.name))
    if len(years) != 1 or (named and named != years):
        raise BadInputFile(
            f"{where}: the title names year(s) {sorted(years) or 'none'}, the sheet name {sorted(named) or 'none'}",
            "one year, the same in the title and the sheet name",
        )
    return int(years.pop())


def partner_row(row: tuple, table: Table, resolver: CountryResolver) -> tuple[tuple, list[dict]]:
    label = text(_cell(row, 0))
    if not label:
        raise RowProblem("missing_value", "the partner name is empty", NAME)
    require_state(resolver, [(NAME, label)])
    value = {flow: thousand_usd(_cell(row, column), COLUMN_NAMES[flow]) for flow, column in table.columns.items()}
    if value["exports"] is None and value["imports"] is None:
        raise RowProblem("missing_value", "neither exports nor imports has a value", COLUMN_NAMES["exports"])
    total = (value["exports"] or 0.0) + (value["imports"] or 0.0)
    if value["turnover"] is not None and abs(total - value["turnover"]) > TURNOVER_TOLERANCE:
        raise RowProblem(
            "out_of_range",
            f"exports + imports = {total!r} but Товарооборот is {value['turnover']!r}",
            COLUMN_NAMES["turnover"],
            "check the columns",
        )
    partner = partner_entity(resolver, [(NAME, label)], table.year)
    if partner == REPORTER:
        raise RowProblem("self_dyad", f"{label!r} is Kazakhstan itself", NAME)
    records = [
        flow_record(
            table.year,
            REPORTER,
            partner,
            channel,
            amount,
            f"BNS Kazakhstan, {channel} (sheet {table.sheet.name})",
        )
        for channel in ("exports", "imports")
        if (amount := value[channel]) is not None
    ]
    return (table.year, partner), records


def read_table(table: Table, resolver: CountryResolver, output: ParseOutput) -> None:
    sheet = table.sheet
    for index in range(table.header + 2, len(sheet.rows)):
        row = sheet.rows[index]
        if all(is_blank(cell) for cell in row):
            continue
        output.rows_in += 1
        line, raw = sheet.first_line + index, row_text(sheet, index)
        try:
            key, records = partner_row(row, table, resolver)
        except RowProblem as problem:
            output.rejects.append(problem.at(line, raw))
            continue
        output.rows.append(ParsedRow(line, raw, key, tuple(records)))


def workbook_parser(years: tuple[int, ...]) -> Parser:
    """A parser for a BNS workbook that loads the tables of ``years`` and no other."""

    def parse(data: bytes, ctx: ParseContext) -> ParseOutput:
        tables: dict[int, Table] = {}
        for sheet in read_workbook(data, ctx.file_name):
            table = find_table(sheet, ctx.file_name)
            if table is None:
                continue
            if table.year in tables:
                raise BadInputFile(
                    f"{ctx.file_name}: sheets {tables[table.year].sheet.name!r} and "
                    f"{sheet.name!r} both hold {table.year}",
                    "keep one table per year",
                )
            tables[table.year] = table
        missing = [str(when) for when in years if when not in tables]
        if missing:
            raise BadInputFile(
                f"{ctx.file_name}: no table for {', '.join(missing)}",
                f"the workbook holds {', '.join(map(str, sorted(tables))) or 'no table'}",
            )
        output = ParseOutput(rows_in=0)
        for when in years:
            read_table(tables[when], ctx.resolver, output)
        return output

    return parse


SOURCE = Source(
    id="nso_kazakhstan_trade",
    title="Bureau of National Statistics of Kazakhstan: main indicators of foreign trade by "
    "partner country (exports and imports), 2018-2023",
    publisher="Bureau of National Statistics, Agency for Strategic Planning and Reforms of the Republic of Kazakhstan",
    citation="Bureau of National Statistics of the Agency for Strategic Planning and Reforms of the "
    "Republic of Kazakhstan. Основные показатели внешней торговли Республики Казахстан "
    "(по странам) [Main indicators of foreign trade of the Republic of Kazakhstan, by "
    "country], annual workbooks 2019-2023 (the 2023 edition published 2024-07-25), "
    "thousand US dollars. Astana: stat.gov.kz.",
    licence="official statistics: cite the Bureau of National Statistics (the copy states no terms of "
    "its own); the redistributing repository is Apache-2.0",
    url="https://stat.gov.kz",
    origin="mary-lev/eu-export-sanctions @ 4b6a5dfc864ab3352104974a4516458fd7347b38, "
    "data/kazakhstan_data/*.xls (five workbooks, unchanged)",
    accessed=date(2026, 12, 4),
    version="editions 2019-2023 (data 2018-2023)",
    year=2024,
    files=tuple(
        FileSpec(f"{FOLDER}/{name}", "flows", workbook_parser(years), uses_crosswalk=True)
        for name, years in WORKBOOKS.items()
    ),
)
