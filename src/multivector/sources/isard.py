"""isard's state-system panels (Steven V. Miller): COW and Gleditsch-Ward state-years to 2025.

Each panel line is a state-year of one system with the other system's code where there is
one. A line whose own code is empty (a state-year of the other system only) is rejected as
``missing_value``; a code the crosswalk dates differently (GW and COW disagree on some
nineteenth-century German and Italian states) as ``not_valid_in_year``.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, is_missing, year


def _panel_parser(system: str, code_column: str):
    scheme = "cow" if system == "cow" else "gw"

    def parse(data: bytes, ctx: ParseContext):
        csv_file = read_csv(data, file_name=ctx.file_name, required=["stateabb", "year", "gwcode", "ccode"])

        def row(record: CsvRecord):
            when = year(record.fields["year"], "year")
            if is_missing(record.fields[code_column]):
                raise RowProblem(
                    "missing_value",
                    f"{code_column} is empty: the panel lists this state-year outside the {system.upper()} system",
                    code_column,
                )
            code = integer(record.fields[code_column], code_column)
            entity = ctx.resolver.resolve(str(code), scheme, when, code_column)
            return (code, when), [{"entity": entity, "year": when, "system": system, "system_code": code}]

        return parse_csv_rows(csv_file, row)

    return parse


SOURCE = Source(
    id="isard",
    title="isard: Sundry data sets for international relations (state-system panels)",
    publisher="Steven V. Miller",
    author="Miller, Steven V.",
    citation="Miller, Steven V. (2025). isard: Sundry data sets for international relations, R package "
    "0.2.0; COW state system (Correlates of War Project, State System Membership v2016) and "
    "Gleditsch-Ward system (Gleditsch and Ward 1999), extended to 2025.",
    licence="GPL-2.0",
    url="https://github.com/svmiller/isard",
    origin="svmiller/isard @ 46944ad97a5532cd8e3b33129463c8435a69846a, data/cw_gw_panel.rda and "
    "data/gw_cw_panel.rda (as CSV)",
    accessed=date(2026, 11, 21),
    version="0.2.0",
    year=2025,
    files=(
        FileSpec("codes/isard/isard_cw_gw_panel.csv", "states", _panel_parser("cow", "ccode"), uses_crosswalk=True),
        FileSpec("codes/isard/isard_gw_cw_panel.csv", "states", _panel_parser("gw", "gwcode"), uses_crosswalk=True),
    ),
)
