"""Democracy estimates for COW state-years, 1816-2025 (isard's ``cw_democracy``).

File: ``cw_democracy.csv.gz``: ``ccode, iso3, year, euds, aeuds, polity2, v2x_polyarchy``,
one line per COW state-year. The state is resolved from ``ccode`` (scheme ``cow``, in the
row's year: 365 is the USSR to 1991 and Russia from 1992); ``iso3`` was added when the
file was converted from R and is not used. Each present value becomes one ``state_values``
record, variable = the column name:

* ``euds``: extended Unified Democracy Score (Marquez 2016; democracyData 0.7.1), a latent
  scale centred near 0 (unit ``uds_latent``);
* ``aeuds``: the same, shifted so that 0 is the average cut-point of the dichotomous
  democracy measures (unit ``uds_latent_adjusted``);
* ``polity2``: Polity5 combined score, -10 (autocracy) to 10 (democracy)
  (unit ``polity_scale``);
* ``v2x_polyarchy``: V-Dem v16 electoral democracy index, 0-1 (unit ``index_0_1``).

Traps handled: -9 is a real ``polity2`` score (a strong autocracy), not the -9 missing code
of other COW-family files, so it is stored; negative UDS scores are stored too. Missing
values are empty fields: a line stores only its present values, and a line with none is
rejected as ``missing_value``. A ``polity2`` outside -10..10 or a ``v2x_polyarchy``
outside 0..1 is rejected as ``out_of_range``. Coverage 1816-2025 (UDS and V-Dem to 2025,
``polity2`` to 2020); a state-year without a record is missing. The natural key is the
resolved state-year: in 1990 both West Germany (260) and Germany (255) denote DEU, and the
later 260 line, which differs, is rejected as ``conflicting_duplicate``.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import optional_number, year

# variable -> (unit, lowest, highest)
VARIABLES = {
    "euds": ("uds_latent", None, None),
    "aeuds": ("uds_latent_adjusted", None, None),
    "polity2": ("polity_scale", -10.0, 10.0),
    "v2x_polyarchy": ("index_0_1", 0.0, 1.0),
}
REQUIRED = ["ccode", "year", *VARIABLES]


def _value(text: str, variable: str) -> float | None:
    value = optional_number(text, variable, allow_negative=True)
    _, lowest, highest = VARIABLES[variable]
    if value is not None and lowest is not None and highest is not None and not lowest <= value <= highest:
        raise RowProblem("out_of_range", f"{variable} {value} is outside {lowest}..{highest}", variable)
    return value


def parse_democracy(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1816)
        entity = ctx.resolver.resolve(f["ccode"], "cow", when, "ccode")
        records = []
        for variable, (unit, _, _) in VARIABLES.items():
            value = _value(f[variable], variable)
            if value is not None:
                records.append(
                    {
                        "entity": entity,
                        "year": when,
                        "variable": variable,
                        "value": value,
                        "unit": unit,
                        "is_estimate": False,
                        "detail": None,
                    }
                )
        if not records:
            raise RowProblem("missing_value", "every democracy score of the line is missing", "euds")
        return (entity, when), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="isard_democracy",
    title="Democracy estimates for COW state-years (extended UDS, Polity5, V-Dem), 1816-2025",
    publisher="Steven V. Miller (R package isard)",
    author="Miller, Steven V.",
    citation="Miller, Steven V. (2025). isard: Sundry data sets for international relations, R package "
    "0.2.0, data set cw_democracy. Underlying data: Marquez, Xavier. 2016. 'A Quick Method for "
    "Extending the Unified Democracy Scores', doi:10.2139/ssrn.2753830 (democracyData 0.7.1); "
    "Pemstein, Daniel, Stephen Meserve, and James Melton. 2010. 'Democratic Compromise: A "
    "Latent Variable Analysis of Ten Measures of Regime Type.' Political Analysis 18(4): "
    "426-449; Marshall, Monty G. 2020. 'Polity5: Dataset Users' Manual v2018.' Center for "
    "Systemic Peace; Coppedge, Michael, et al. 'V-Dem Country-Year Dataset v16.' Varieties "
    "of Democracy (V-Dem) Project.",
    licence="GPL-2.0 (isard); underlying data under their producers' terms, free for research with citation",
    url="https://github.com/svmiller/isard",
    origin="svmiller/isard @ 46944ad97a5532cd8e3b33129463c8435a69846a, data/cw_democracy.rda "
    "(as CSV with an added iso3 column, gzipped)",
    accessed=date(2026, 11, 21),
    version="0.2.0",
    year=2025,
    files=(FileSpec("isard/cw_democracy.csv.gz", "state_values", parse_democracy, uses_crosswalk=True),),
)
