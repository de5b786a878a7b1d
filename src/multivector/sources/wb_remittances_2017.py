"""World Bank bilateral remittance estimates and bilateral migrant stocks, 2017.

The World Bank publishes both as country-by-country matrices in Excel (remittances:
rows = sending country, columns = receiving country, million current US$, April 2018
version; migrants: rows = origin, columns = destination, persons). The shipped files
are those matrices in long form, one cell a line, with the World Bank's country names:

* ``bilateral_remittances_2017_long.csv.gz`` — ``sending,receiving,remittances_usd_mn``;
  one line gives one ``remittances`` flow, reporter = the receiving country, partner =
  the sending country, unit ``usd_million_current``, year 2017. The World Bank calls
  these analytical estimates (migrant stocks times host and origin incomes, Ratha-Shaw
  method), not reported data, so every flow is ``is_estimate``.
* ``bilateral_migrant_stocks_2017_long.csv.gz`` — ``origin,destination,migrants``; one
  line gives one ``dyad_values`` row, variable ``migrant_stock``, reporter = the
  destination (where the migrants live), partner = the origin (where they were born),
  unit ``persons``. The same corridor therefore appears the other way round in the
  remittances: Kyrgyz migrants in Russia are (reporter RUS, partner KGZ) here and their
  remittances are (reporter KGZ, partner RUS) there.

Traps handled:

* The matrices fill every empty corridor with 0, and the World Bank does not say that a
  0 is a measured absence (its notes call the migrant data incomplete). The long files
  keep only the non-zero cells; a 0 that does appear is rejected as ``missing_value``,
  so an absent corridor stays missing, never zero.
* The totals and residual groups (``WORLD``, ``World``, ``Other North``, ``Other South``)
  are rejected as ``not_a_state`` before any name is looked up.
* A cell on the diagonal (Vanuatu to Vanuatu) is no bilateral relation and is rejected
  as ``self_dyad``.
* Names are World Bank names resolved with the ``name`` scheme in 2017; those not yet
  in the crosswalk (``Korea, Rep.``, ``Iran, Islamic Rep.`` ...) are rejected as
  ``unknown_country`` until ``data/codes/names.csv`` has them.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Parser, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import number

YEAR = 2017
AGGREGATES = frozenset({"world", "other north", "other south"})
REMITTANCES = ("sending", "receiving", "remittances_usd_mn")
MIGRANTS = ("origin", "destination", "migrants")


def _positive(text: str, column: str) -> float:
    value = number(text, column)
    if value == 0:
        raise RowProblem(
            "missing_value", f"{column} is 0: an empty cell of the World Bank matrix, not a measured zero", column
        )
    return value


def _names(record: CsvRecord, columns) -> tuple[str, ...]:
    return tuple(record.fields[column].strip() for column in columns)


def _dyad(record: CsvRecord, ctx: ParseContext, columns: tuple[str, str], year: int):
    """The two countries of a line, resolved; aggregates and the diagonal rejected."""
    names = _names(record, columns)
    for name, column in zip(names, columns, strict=True):
        if name.casefold() in AGGREGATES:
            raise RowProblem("not_a_state", f"{name!r} is a World Bank total or residual group", column)
    if names[0] == names[1]:
        raise RowProblem("self_dyad", f"{names[0]!r} to itself is no bilateral corridor", columns[1])
    return tuple(ctx.resolver.resolve(name, "name", year, column) for name, column in zip(names, columns, strict=True))


def remittances_parser(year: int = YEAR) -> Parser:
    """Remittances received by ``receiving`` from ``sending`` in ``year`` (one matrix, long)."""
    sending, receiving, value_column = REMITTANCES

    def parse(data: bytes, ctx: ParseContext):
        csv_file = read_csv(data, file_name=ctx.file_name, required=REMITTANCES)

        def row(record: CsvRecord):
            sender, receiver = _dyad(record, ctx, (sending, receiving), year)
            value = _positive(record.fields[value_column], value_column)
            return _names(record, REMITTANCES[:2]), [
                {
                    "year": year,
                    "reporter": receiver,
                    "partner": sender,
                    "channel": "remittances",
                    "value": value,
                    "unit": "usd_million_current",
                    "is_estimate": True,
                    "is_mirror": False,
                    "detail": "World Bank analytical estimate from migrant stocks and incomes",
                }
            ]

        return parse_csv_rows(csv_file, row)

    return parse


def migrant_stocks_parser(year: int = YEAR) -> Parser:
    """Persons born in ``origin`` living in ``destination`` in ``year`` (one matrix, long)."""
    origin_column, destination_column, value_column = MIGRANTS

    def parse(data: bytes, ctx: ParseContext):
        csv_file = read_csv(data, file_name=ctx.file_name, required=MIGRANTS)

        def row(record: CsvRecord):
            origin, destination = _dyad(record, ctx, (origin_column, destination_column), year)
            value = _positive(record.fields[value_column], value_column)
            return _names(record, MIGRANTS[:2]), [
                {
                    "year": year,
                    "reporter": destination,
                    "partner": origin,
                    "variable": "migrant_stock",
                    "value": value,
                    "unit": "persons",
                    "detail": "World Bank staff estimate: persons born in partner living in reporter",
                }
            ]

        return parse_csv_rows(csv_file, row)

    return parse


SOURCE = Source(
    id="wb_remittances_2017",
    title="World Bank bilateral remittance estimates 2017 and bilateral migrant stocks 2017",
    publisher="World Bank (Migration and Remittances team, KNOMAD)",
    citation="World Bank, Bilateral Remittance Estimates for 2017 using Migrant Stocks, Host Country "
    "Incomes, and Origin Country Incomes (millions of US$), April 2018 Version; and World "
    "Bank, Bilateral Estimates of Migrant Stocks in 2017 (Bilateral Migration Matrix 2017). "
    "Washington, DC: World Bank, "
    "https://www.worldbank.org/en/topic/migrationremittancesdiasporaissues/brief/migration-remittances-data.",
    licence="World Bank open data terms (CC BY 4.0); no licence stated in the repository",
    url="https://www.worldbank.org/en/topic/migrationremittancesdiasporaissues/brief/migration-remittances-data",
    origin="hbenveniste/mig-fund @ 1ae38617de270cb108e94532400631998bd5111f, "
    "input_data/WB_Bilateral_Remittance_Estimates_2017.xlsx and "
    "input_data/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx (melted to long form)",
    accessed=date(2026, 11, 21),
    version="April 2018",
    year=2018,
    files=(
        FileSpec(
            "wb_remittances_2017/bilateral_remittances_2017_long.csv.gz",
            "flows",
            remittances_parser(),
            uses_crosswalk=True,
        ),
        FileSpec(
            "wb_remittances_2017/bilateral_migrant_stocks_2017_long.csv.gz",
            "dyad_values",
            migrant_stocks_parser(),
            uses_crosswalk=True,
        ),
    ),
)
