"""SIPRI TIV tables by exporter, 1950-2021 (generated 28 July 2022), in 360info's tidy merge.

File: ``sipri-exports-processed.csv.gz``, a comma-separated file with one line per
supplier-recipient-year: ``supplier, recipient, year, value`` (plus COW codes and map
coordinates that 360info added; not used). ``value`` is SIPRI's trend-indicator value
(TIV) in millions, a volume index, not money, rounded by SIPRI to whole millions.
Loaded as channel ``arms_imports``: reporter = recipient, partner = supplier, unit
``sipri_tiv_million``. Coverage 1950-2021, 134 suppliers; it fills 1992-1994 and the
earlier history that the trade register (``sipri_trade_register``, 1995-2024) lacks.
The two sets overlap for 1995-2021 and SIPRI revises past values in every release:
never add them up.

Traps handled:

* SIPRI names are resolved with the ``sipri`` scheme in the row's year: 'Soviet Union'
  is SUN to 1991 and 'Russia' is RUS from 1992; 'East Germany (GDR)', 'Czechoslovakia'
  and 'Yugoslavia' are their own dissolved entities.
* A value of 0 is SIPRI's own entry for deliveries below 0.5 TIV million, not a missing
  value: it is stored as 0 with that meaning in ``detail``. Cells SIPRI left empty have no
  line at all, so a missing supplier-recipient-year is missing, never zero.
* Non-state parties (SIPRI marks them * and **), 'Unknown supplier(s)' and 'Unknown
  recipient(s)' are rejected as ``not_a_state``; deliveries to a territory before its
  independence (Brunei 1965-1983, UAE 1968-1970 ...) as ``not_valid_in_year``.
* 360info's merge is not complete: it lacks 901 of the 22,225 cells of SIPRI's own tables
  (shipped unchanged in ``trademap-raw/``, not loaded, to avoid counting a delivery
  twice): West Germany ('Germany' up to 1990) as supplier and recipient, and 60 others
  such as Russia to Croatia 1992 and the United States to Slovenia 1992. No post-Soviet
  recipient loses a cell. See ORIGIN.md.
"""

from __future__ import annotations

from datetime import date

from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import number, year

REQUIRED = ["supplier", "recipient", "year", "value"]
BELOW_HALF = "SIPRI: deliveries below 0.5 TIV million (shown as 0)"


def parse_tiv_tables(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1950)
        recipient = ctx.resolver.resolve(f["recipient"], "sipri", when, "recipient")
        supplier = ctx.resolver.resolve(f["supplier"], "sipri", when, "supplier")
        tiv = number(f["value"], "value")
        key = (f["supplier"].strip(), f["recipient"].strip(), when)
        return key, [
            {
                "year": when,
                "reporter": recipient,
                "partner": supplier,
                "channel": "arms_imports",
                "value": tiv,
                "unit": "sipri_tiv_million",
                "is_estimate": False,
                "is_mirror": False,
                "detail": BELOW_HALF if tiv == 0 else None,
            }
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="sipri_tiv_tables",
    title="SIPRI Arms Transfers Database: TIV of arms exports by supplier and recipient, 1950-2021",
    publisher="Stockholm International Peace Research Institute (SIPRI)",
    citation="SIPRI Arms Transfers Database, Stockholm International Peace Research Institute, "
    "'TIV of arms exports from <supplier>, 1950-2021' tables for 134 suppliers, generated "
    "28 July 2022, https://www.sipri.org/databases/armstransfers; merged into one tidy "
    "table by James Goldie, 360info (2022), report 'Arms trade', "
    "https://github.com/360-info/report-arms-trade.",
    licence="(c) SIPRI; free to use for research with citation of the source (360info's merge: CC BY 4.0)",
    url="https://www.sipri.org/databases/armstransfers",
    origin="360-info/report-arms-trade @ e00d2d3e57d1d6dd409f60fc367e088cce34c86e, "
    "data/sipri-exports-processed.csv (gzipped) and data/trademap-raw/",
    accessed=date(2026, 11, 21),
    version="2022-07-28",
    year=2022,
    files=(FileSpec("sipri-tiv/sipri-exports-processed.csv.gz", "flows", parse_tiv_tables, uses_crosswalk=True),),
)
