"""Statistical Committee of Armenia (Armstat): exports and imports by partner country, 2017-2022.

Format: one CSV file as collected from Armstat's monthly foreign trade tables, columns
``country, export, import_consigment, import_origin, timeperiod, year`` (CRLF, a blank
line after every line). One line is a partner in a month (``timeperiod`` 1-12) or, with
``timeperiod`` ``Year``, Armstat's total of the partner's year. Values are thousand US
dollars, current; '-' is no reported trade (missing, never zero). A month without trade has
no line, so a partner's months are no test of a whole year; the file's months are: it holds
every month of 2017-2022 and only January of 2023.

What is stored: the ``Year`` lines of whole years (sums of the months only where all twelve
are in the file), each giving Armenia's ``exports`` (``export``) and ``imports`` by country
of origin (``import_origin``; imports by country of consignment are read and checked, not
stored, so that imports are counted once and attributed as the other offices attribute
them). ``detail`` gives what the partner's month lines sum to: Armstat's annual figure can
differ from it (by rounding, in a few cases by more).

Traps handled:

* A month line is read and checked (partner, values) and stores nothing: the store has no
  month grain, and its figure is part of its year's total.
* A ``Year`` line of a year the file does not hold whole (2023, January only: a
  year-to-date total) is rejected as ``missing_value`` with the months it has: a part of
  a year is never stored as a year.
* Partners are English names: 'Unknown country', 'EU countries not specified' and lines
  whose country is empty (67, names lost when the file was collected) are rejected
  (``not_a_state``, ``missing_value``); Armstat's spellings ('Korea, Republic of',
  'American Saoma', 'Saint-Barth?lemy' with its é lost) resolve as ``nso_trade`` says.
* Two lines for one partner, year and period (two names of one state) are one key: the
  second is deduplicated if equal, rejected as ``conflicting_duplicate`` if not.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, ParseOutput, Source, parse_csv_rows
from multivector.sources.nso_trade import flow_record, partner_entity, require_state
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, optional_number, year

REPORTER = "ARM"
VALUES = {"export": "exports", "import_origin": "imports", "import_consigment": None}
REQUIRED = ["country", *VALUES, "timeperiod", "year"]
WHOLE_YEAR = "Year"
MONTHS = frozenset(range(1, 13))

FOLDER = "nso-trade/armenia"
FILE = "armenia_data.csv"


def _period(text: str) -> str | int:
    """``Year`` or a month 1-12."""
    stripped = text.strip()
    if stripped == WHOLE_YEAR:
        return WHOLE_YEAR
    month = integer(stripped, "timeperiod")
    if month not in MONTHS:
        raise RowProblem("out_of_range", f"timeperiod {month} is not a month (1-12) or 'Year'", "timeperiod")
    return month


def _survey(records: list[CsvRecord]) -> tuple[dict[int, set[int]], dict[tuple, float]]:
    """The months the file holds per year, and each (country, year, column)'s sum over months.

    A line that does not read is passed over here; its own parse rejects it.
    """
    months: dict[int, set[int]] = defaultdict(set)
    sums: dict[tuple, float] = defaultdict(float)
    for record in records:
        f = record.fields
        try:
            when, period = year(f["year"], "year"), _period(f["timeperiod"])
            figures = {column: optional_number(f[column], column) for column in VALUES}
        except RowProblem:
            continue
        if isinstance(period, str):  # the WHOLE_YEAR line
            continue
        months[when].add(period)
        for column, value in figures.items():
            sums[(f["country"].strip(), when, column)] += value or 0.0
    return months, sums


def parse_monthly(data: bytes, ctx: ParseContext) -> ParseOutput:
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    months, sums = _survey(csv_file.records)

    def row(record: CsvRecord):
        f = record.fields
        when, period = year(f["year"], "year"), _period(f["timeperiod"])
        country = f["country"].strip()
        if not country:
            raise RowProblem("missing_value", "country is empty", "country")
        require_state(ctx.resolver, [("country", country)])
        figures = {column: optional_number(f[column], column) for column in VALUES}
        partner = partner_entity(ctx.resolver, [("country", country)], when)
        if partner == REPORTER:
            raise RowProblem("self_dyad", f"{country!r} is Armenia itself", "country")
        if period != WHOLE_YEAR:  # identical month lines are duplicates; others store nothing
            return (partner, when, period, *figures.values()), []
        held = months.get(when, set())
        if held != MONTHS:
            shown = ", ".join(map(str, sorted(held))) or "none"
            raise RowProblem(
                "missing_value",
                f"{when} is not whole in the file (months {shown}): its 'Year' line is a part-year total, not a year",
                "timeperiod",
                "load the year once the file holds all twelve months",
            )
        if figures["export"] is None and figures["import_origin"] is None:
            raise RowProblem(
                "missing_value",
                "neither export nor import_origin has a value "
                f"(import_consigment, not stored, has {f['import_consigment'].strip()!r})",
                "export",
            )
        records = [
            flow_record(
                when,
                REPORTER,
                partner,
                channel,
                amount,
                f"Armstat, {channel} (annual total; the month lines sum to {sums[(country, when, column)]:.1f})",
            )
            for column, channel in VALUES.items()
            if channel and (amount := figures[column]) is not None
        ]
        return (partner, when, period), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="nso_armenia_trade",
    title="Statistical Committee of the Republic of Armenia: exports and imports (by country of origin) "
    "by partner country, 2017-2022",
    publisher="Statistical Committee of the Republic of Armenia (Armstat)",
    citation="Statistical Committee of the Republic of Armenia. Foreign trade of the Republic of Armenia "
    "by countries: exports, imports by country of consignment and by country of origin, "
    "monthly and annual, 2017-2023 (2023: January), thousand US dollars. Yerevan: armstat.am.",
    licence="official statistics: cite Armstat (the copy states no terms of its own); the redistributing "
    "repository is Apache-2.0",
    url="https://armstat.am",
    origin="mary-lev/eu-export-sanctions @ 4b6a5dfc864ab3352104974a4516458fd7347b38, "
    "data/armenia_data/armenia_data.csv (unchanged)",
    accessed=date(2026, 12, 4),
    version="copy of 2025-01-09 (data January 2017 to January 2023)",
    year=2023,
    files=(FileSpec(f"{FOLDER}/{FILE}", "flows", parse_monthly, uses_crosswalk=True),),
)
