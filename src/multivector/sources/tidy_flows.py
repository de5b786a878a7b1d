"""A tidy flows file: one directed dyad-year value per line, countries by name or code.

Columns: ``year, reporter, partner, channel, value, unit`` and optionally ``is_estimate``.
This is the shape a user's own data takes; the tests feed it every kind of bad input.
"""

from __future__ import annotations

from multivector.channels import CHANNELS
from multivector.rejects import RowProblem
from multivector.sources.base import ParseContext, Parser, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import number, year, yes_no

REQUIRED = ["year", "reporter", "partner", "channel", "value", "unit"]


def tidy_flows_parser(scheme: str = "name", *, is_mirror: bool = False) -> Parser:
    """A parser for tidy flow files whose countries are written in ``scheme``."""

    def parse(data: bytes, ctx: ParseContext):
        csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)

        def row(record: CsvRecord):
            f = record.fields
            when = year(f["year"], "year")
            channel = f["channel"].strip()
            if channel not in CHANNELS:
                raise RowProblem("cast_error", f"channel {channel!r} is not one of {', '.join(CHANNELS)}", "channel")
            reporter = ctx.resolver.resolve(f["reporter"], scheme, when, "reporter")
            partner = ctx.resolver.resolve(f["partner"], scheme, when, "partner")
            value = number(f["value"], "value")
            estimate = yes_no(f["is_estimate"], "is_estimate") if f.get("is_estimate", "").strip() else False
            return (when, reporter, partner, channel), [
                {
                    "year": when,
                    "reporter": reporter,
                    "partner": partner,
                    "channel": channel,
                    "value": value,
                    "unit": f["unit"].strip(),
                    "is_estimate": estimate,
                    "is_mirror": is_mirror,
                    "detail": None,
                }
            ]

        return parse_csv_rows(csv_file, row)

    return parse
