"""wiiw FDI Database: Kazakhstan's FDI inflows and inward stocks by partner, 2003-2021.

Reads wiiw's own CSV export as downloaded: one header line, then one line per
direction (``FDI inflow`` or ``FDI inward stock``), partner and unit (``EUR m`` or
``in % of total``), with one column per year (``_2003`` ... ``_2021``; the year columns
are read from the header, so a release with more years needs no change). Figures are
the National Bank of Kazakhstan's, by *immediate* partner under the BPM6 directional
principle (from 2013; 2011-2012 unrevised): money routed through the Netherlands,
Cyprus or offshore centres shows up there, not under its ultimate owner.

One line gives one ``fdi`` flow per year with a value: reporter = Kazakhstan (the
receiving state), partner = the investing country. Inflows and stocks are kept apart
by unit: ``eur_million_inflow``, ``eur_million_stock``, and the shares wiiw computed,
which the file holds as lines of their own, ``share_pct_inflow`` and
``share_pct_stock`` (percent of wiiw's world total, which includes partners that are
not states).

Traps handled:

* ``.`` is wiiw's missing value: that year is left out (missing, never zero); a line
  with no value at all is rejected as ``missing_value``.
* Negative values are real and kept: disinvestment in inflows, and net inward
  positions below zero in stocks (under the directional principle reverse investment
  and intra-group debt are netted out).
* wiiw's own aggregates (``WORLD``, ``EU27_2020``, ``EU28_2013``, ``EU15_1995``) are
  rejected as ``not_a_state``. Territories (Hong Kong, Jersey, the Cayman Islands ...)
  resolve to their crosswalk entities.
* Partners are ISO2 codes resolved year by year: a line whose partner did not exist
  in one of its years (the Netherlands Antilles still reported in 2011-2012, after
  its dissolution) is rejected whole, with the years in the message, so no value of
  it is dropped silently.
"""

from __future__ import annotations

import re
from datetime import date

from multivector.errors import BadInputFile
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import optional_number

REQUIRED = ["Country-Code", "Direction", "Partner-Code", "Partner", "Unit", "Footnotes", "Sources"]
YEAR_COLUMN = re.compile(r"_(\d{4})")
WIIW_MISSING = "."
AGGREGATE_CODE = re.compile(r"WORLD|EU\d+_\d{4}|EA\d+_\d{4}")
DIRECTIONS = {"FDI inflow": "inflow", "FDI inward stock": "stock"}
UNITS = {"EUR m": "eur_million", "in % of total": "share_pct"}


def _choice(text: str, choices: dict[str, str], column: str) -> str:
    try:
        return choices[text.strip()]
    except KeyError:
        raise RowProblem(
            "cast_error", f"{column} {text.strip()!r} is not one of {', '.join(choices)}", column
        ) from None


def _year_columns(header: list[str], file_name: str) -> dict[str, int]:
    columns = {name: int(m.group(1)) for name in header if (m := YEAR_COLUMN.fullmatch(name))}
    if not columns:
        raise BadInputFile(f"{file_name}: no year columns", "wiiw names them _2003, _2004 ...")
    return columns


def _values(fields: dict[str, str], years: dict[str, int]) -> dict[int, float]:
    present = {}
    for column, when in years.items():
        text = fields[column]
        if text.strip() == WIIW_MISSING:
            continue
        value = optional_number(text, column, allow_negative=True)
        if value is not None:
            present[when] = value
    return present


def parse_by_partner(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    years = _year_columns(csv_file.header, ctx.file_name)

    def row(record: CsvRecord):
        f = record.fields
        direction = _choice(f["Direction"], DIRECTIONS, "Direction")
        unit = f"{_choice(f['Unit'], UNITS, 'Unit')}_{direction}"
        code = f["Partner-Code"].strip()
        if AGGREGATE_CODE.fullmatch(code):
            raise RowProblem("not_a_state", f"{code!r} ({f['Partner'].strip()}) is a wiiw aggregate", "Partner-Code")
        values = _values(f, years)
        if not values:
            raise RowProblem("missing_value", "no year has a value (all '.')", next(iter(years)))
        detail = f"{f['Direction'].strip()}, {f['Unit'].strip()}, by immediate partner; {f['Sources'].strip()}"
        records, failed = [], {}
        for when, value in sorted(values.items()):
            try:
                reporter = ctx.resolver.resolve(f["Country-Code"], "iso2", when, "Country-Code")
                partner = ctx.resolver.resolve(code, "iso2", when, "Partner-Code")
            except RowProblem as problem:
                failed[when] = problem.with_traceback(None)  # its traceback would hold the parse
                continue
            records.append(
                {
                    "year": when,
                    "reporter": reporter,
                    "partner": partner,
                    "channel": "fdi",
                    "value": value,
                    "unit": unit,
                    "is_estimate": False,
                    "is_mirror": False,
                    "detail": detail,
                }
            )
        if failed:
            first = next(iter(failed.values()))
            raise RowProblem(
                first.reason,
                f"{first.message}; the line's values for "
                f"{', '.join(map(str, failed))} cannot be placed, so none is loaded",
                first.column,
                first.suggestion,
            )
        return (f["Direction"].strip(), code, f["Unit"].strip()), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="wiiw_fdi_kazakhstan",
    title="wiiw FDI Database: Kazakhstan, FDI inflows and inward stocks by partner 2003-2021",
    publisher="The Vienna Institute for International Economic Studies (wiiw)",
    citation="wiiw FDI Database, The Vienna Institute for International Economic Studies (wiiw), "
    "Kazakhstan: FDI inflow and FDI inward stock by partner country, EUR million and "
    "% of total, 2003-2021; underlying data National Bank of Kazakhstan; export as shared "
    'in D. Shapiro, "Kazakhstan and Foreign Direct Investment" (2023), '
    "https://github.com/dfshapir/kazakhstan_ipe.",
    licence="wiiw terms of use (attribution required; no licence stated in the repository); "
    "figures are official National Bank of Kazakhstan statistics",
    url="https://wiiw.ac.at",
    origin="dfshapir/kazakhstan_ipe @ 5f27536460c52f75729c9dc60b60f3b7365894af, wiiw_partners.csv",
    accessed=date(2026, 11, 21),
    version="2023 export (data to 2021)",
    year=2023,
    files=(
        FileSpec(
            "wiiw_fdi_kazakhstan/wiiw_fdi_kazakhstan_by_partner_original.csv",
            "flows",
            parse_by_partner,
            uses_crosswalk=True,
        ),
    ),
)
