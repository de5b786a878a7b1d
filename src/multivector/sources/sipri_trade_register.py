"""SIPRI Arms Transfers Database, trade register of deliveries (the original export).

Reads SIPRI's own CSV as downloaded: eleven note lines, then a table whose lines end in
';' (CRLF). One line is one deal's deliveries in one year; its 'TIV delivery values' is
the volume to sum for supplier-recipient-year arms imports. TIV is SIPRI's trend-indicator
value, a volume index in millions, not money. An empty estimate flag (as in the 2024
lines) means SIPRI marked nothing, so the value is not flagged as an estimate. Non-state parties (SIPRI marks them * and
**) and unknown suppliers are rejected as not states, with their count in the run record.
"""

from __future__ import annotations

from datetime import date

from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, number, optional_number, year, yes_no

HEADER_START = "SIPRI AT Database ID"
REQUIRED = [
    "SIPRI AT Database ID",
    "Supplier",
    "Recipient",
    "Designation",
    "Description",
    "Armament category",
    "Numbers delivered",
    "Numbers delivered is estimate",
    "Delivery year",
    "Delivery year is estimate",
    "Status",
    "TIV delivery values",
]


def _flag(text: str, column: str) -> bool:
    """SIPRI's estimate flags: Yes, No, or empty where SIPRI marked nothing (not an estimate)."""
    return False if not text.strip() else yes_no(text, column)


def parse_register(data: bytes, ctx: ParseContext):
    csv_file = read_csv(
        data, file_name=ctx.file_name, required=REQUIRED, header_starts_with=HEADER_START, line_suffix=";"
    )

    def row(record: CsvRecord):
        f = record.fields
        deal = integer(f["SIPRI AT Database ID"], "SIPRI AT Database ID")
        when = year(f["Delivery year"], "Delivery year", first=1950)
        recipient = ctx.resolver.resolve(f["Recipient"], "sipri", when, "Recipient")
        supplier = ctx.resolver.resolve(f["Supplier"], "sipri", when, "Supplier")
        tiv = number(f["TIV delivery values"], "TIV delivery values")
        units = optional_number(f["Numbers delivered"], "Numbers delivered")
        estimate = _flag(f["Numbers delivered is estimate"], "Numbers delivered is estimate") or _flag(
            f["Delivery year is estimate"], "Delivery year is estimate"
        )
        detail = (
            f"deal {deal}: {units if units is not None else '?'} x {f['Designation'].strip()} "
            f"({f['Description'].strip()}, {f['Armament category'].strip()}), {f['Status'].strip()}"
        )
        return (deal, when), [
            {
                "year": when,
                "reporter": recipient,
                "partner": supplier,
                "channel": "arms_imports",
                "value": tiv,
                "unit": "sipri_tiv_million",
                "is_estimate": estimate,
                "is_mirror": False,
                "detail": detail,
            }
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="sipri_trade_register",
    title="SIPRI Arms Transfers Database: trade register of deliveries 1995-2024",
    publisher="Stockholm International Peace Research Institute (SIPRI)",
    citation="SIPRI Arms Transfers Database, Stockholm International Peace Research Institute, "
    "trade register of transfers of major conventional arms, deliveries 1995-2024, "
    "data generated 12 February 2026, https://www.sipri.org/databases/armstransfers.",
    licence="(c) SIPRI; free to use for research with citation of the source",
    url="https://www.sipri.org/databases/armstransfers",
    origin="nagehanrdogan/Global-Arms-Trade-Network-Analysis-1995-2024- @ "
    "bdf78c664d67991f2b199a771dcb9e7ac392ebb7, trade_register.csv",
    accessed=date(2026, 11, 21),
    version="2026-02-12",
    year=2026,
    files=(
        FileSpec(
            "sipri/trade_register_deliveries_1995_2024_original.csv",
            "flows",
            parse_register,
            parser_version="2",
            uses_crosswalk=True,
        ),
    ),
)
