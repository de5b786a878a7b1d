"""Statistics Agency of Uzbekistan: exports and imports by partner country, 2010-2023.

Format: two CSV files of the agency's open data portal (SDMX-style), as downloaded:
``sdmx_data_1105.csv`` (exports) and ``sdmx_data_1176.csv`` (imports), columns ``Code,
Klassifikator, Klassifikator_ru, Klassifikator_en, 2010, ..., 2023``: the partner's ISO 3166
numeric code, its name in Uzbek, Russian and English, then one value per year (the year
columns are read from the header). Values are thousand US dollars, current; the portal
writes 0.0 where a partner had no trade, and a 0 is kept as the value the agency gives.

One line gives one flow of Uzbekistan per year: ``exports`` from 1105, ``imports`` from
1176 (see ``nso_trade`` for the unit).

Traps handled:

* Code 0, 'Другие страны' / 'Other countries', is the partners the agency does not show
  (in 2023, 42% of exports: presumably gold, which is not shown by partner); rejected as
  ``not_a_state``, like any aggregate, so a partner's share of the stored flows is a share
  of the attributed trade.
* A partner is its ISO numeric code, resolved year by year, and its names must agree: in a
  few lines the Russian and English columns are swapped ('Bosnia and Herzegovina' under
  ``Klassifikator_ru``), so both name columns are tried, and any that resolves must give
  the code's entity (``ambiguous_country`` otherwise).
* A code that no longer denoted a state in a year of the line (736, Sudan before South
  Sudan's independence, still used for 2012-2023; 530, the Netherlands Antilles after 2010)
  rejects the whole line as ``not_valid_in_year``, naming the years.
* A value with a thousands separator or a decimal comma ("1,234.5", "1 234,5", "12,5")
  rejects its line (``cast_error``, ``decimal_comma``); a header that lacks a year column
  its lines have rejects them (``extra_field``).
"""

from __future__ import annotations

import re
from datetime import date

from multivector.errors import BadInputFile
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, ParseOutput, Parser, Source, parse_csv_rows
from multivector.sources.nso_trade import flow_record, partner_entity, require_state
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import optional_number

REPORTER = "UZB"
REQUIRED = ["Code", "Klassifikator", "Klassifikator_ru", "Klassifikator_en"]
NAME_COLUMNS = ("Klassifikator_ru", "Klassifikator_en")
_YEAR_COLUMN = re.compile(r"(?:19|20)\d\d")

FOLDER = "nso-trade/uzbekistan"
DATASETS = {"sdmx_data_1105.csv": "exports", "sdmx_data_1176.csv": "imports"}


def _year_columns(header: list[str], file_name: str) -> dict[str, int]:
    columns = {name: int(name) for name in header if _YEAR_COLUMN.fullmatch(name)}
    if not columns:
        raise BadInputFile(f"{file_name}: no year columns", "the agency names them 2010, 2011 ...")
    return columns


def dataset_parser(channel: str) -> Parser:
    """A parser for a stat.uz partner table of ``channel`` (exports or imports)."""

    def parse(data: bytes, ctx: ParseContext) -> ParseOutput:
        csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
        years = _year_columns(csv_file.header, ctx.file_name)

        def row(record: CsvRecord):
            f = record.fields
            labels = [(column, f[column].strip()) for column in NAME_COLUMNS]
            code = f["Code"].strip()
            if not code:
                raise RowProblem("missing_value", "Code is empty", "Code")
            require_state(ctx.resolver, labels)
            values = {}
            for column, when in years.items():
                value = optional_number(f[column], column)
                if value is not None:
                    values[when] = value
            if not values:
                raise RowProblem("missing_value", "no year has a value", next(iter(years)))
            partners, failed = {}, {}
            for when in values:
                try:
                    partners[when] = partner_entity(ctx.resolver, labels, when, codes=[("Code", code, "iso_numeric")])
                except RowProblem as problem:
                    failed[when] = problem.with_traceback(None)
            if failed:
                first = next(iter(failed.values()))
                raise RowProblem(
                    first.reason,
                    f"{first.message}; the line's values for "
                    f"{', '.join(map(str, failed))} cannot be placed, so none is loaded",
                    first.column,
                    first.suggestion,
                )
            if REPORTER in partners.values():
                raise RowProblem("self_dyad", f"code {code} is Uzbekistan itself", "Code")
            detail = f"Statistics Agency of Uzbekistan, {channel}"
            return (code,), [
                flow_record(when, REPORTER, partners[when], channel, value, detail) for when, value in values.items()
            ]

        return parse_csv_rows(csv_file, row)

    return parse


SOURCE = Source(
    id="nso_uzbekistan_trade",
    title="Statistics Agency of Uzbekistan: exports and imports by partner country, 2010-2023 "
    "(open data sets 1105 and 1176)",
    publisher="Statistics Agency under the President of the Republic of Uzbekistan",
    citation="Statistics Agency under the President of the Republic of Uzbekistan. Open data, "
    "foreign trade by partner country: exports (data set 1105) and imports (data set 1176), "
    "2010-2023, thousand US dollars, SDMX CSV. Tashkent: stat.uz.",
    licence="official open data: cite the Statistics Agency (the copy states no terms of its own); "
    "the redistributing repository is Apache-2.0",
    url="https://stat.uz",
    origin="mary-lev/eu-export-sanctions @ 4b6a5dfc864ab3352104974a4516458fd7347b38, "
    "data/uzbekistan_data/sdmx_data_1105.csv and sdmx_data_1176.csv (unchanged)",
    accessed=date(2026, 12, 4),
    version="copy of 2025-01-09 (data 2010-2023)",
    year=2024,
    files=tuple(
        FileSpec(f"{FOLDER}/{name}", "flows", dataset_parser(channel), uses_crosswalk=True)
        for name, channel in DATASETS.items()
    ),
)
