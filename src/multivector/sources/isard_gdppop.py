"""GDP, GDP per capita and population estimates for COW state-years, 1816-2019 (isard's ``cw_gdppop``).

File: ``cw_gdppop.csv.gz``: ``ccode, iso3, year, mrgdppc, sd_mrgdppc, pwtrgdp, sd_pwtrgdp,
pwtpop, sd_pwtpop``, one line per COW state-year. The state is resolved from ``ccode``
(scheme ``cow``, in the row's year: 365 is the USSR to 1991 and Russia from 1992);
``iso3`` was added when the file was converted from R and is not used. The values are
the means and standard deviations of Fariss, Anders, Markowitz and Barnum's (2022) latent
simulations, so every record is flagged ``is_estimate``. Each present value becomes one
``state_values`` record, variable = the column name:

* ``mrgdppc`` / ``sd_mrgdppc``: real GDP per capita, 2011 international dollars (PPP),
  anchored on the Maddison Project (unit ``intl_usd_2011_ppp``);
* ``pwtrgdp`` / ``sd_pwtrgdp``: expenditure-side real GDP, millions of 2017 international
  dollars (PPP), anchored on Penn World Table 10.0 (unit ``intl_usd_2017_ppp_million``);
* ``pwtpop`` / ``sd_pwtpop``: population, millions (unit ``persons_million``), PWT-anchored.

Traps handled: the simulations follow the Gleditsch-Ward state list, so merged into COW
codes some cases collide (post-war Germany, unified Yemen, Serbia/Yugoslavia) and the
values of code 365 before 1992 — stored under SUN as the COW code says — follow the
simulations' own territory; use them with care. Missing values are empty fields (43
lines, e.g. Serbia 1916-1917, Morocco 1905-1912): a line with no value is rejected as
``missing_value``, never stored as 0. Coverage 1816-2019; later years are missing. The
natural key is the resolved state-year: in 1990 both West Germany (260) and Germany (255)
denote DEU with the same values, so the 260 line is deduplicated.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import optional_number, year

UNITS = {
    "mrgdppc": "intl_usd_2011_ppp",
    "sd_mrgdppc": "intl_usd_2011_ppp",
    "pwtrgdp": "intl_usd_2017_ppp_million",
    "sd_pwtrgdp": "intl_usd_2017_ppp_million",
    "pwtpop": "persons_million",
    "sd_pwtpop": "persons_million",
}
REQUIRED = ["ccode", "year", *UNITS]
DETAIL = "Fariss et al. (2022) latent simulations: {}"


def parse_gdppop(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1816)
        entity = ctx.resolver.resolve(f["ccode"], "cow", when, "ccode")
        records = []
        for variable, unit in UNITS.items():
            value = optional_number(f[variable], variable)
            if value is not None:
                kind = "standard deviation" if variable.startswith("sd_") else "mean"
                records.append(
                    {
                        "entity": entity,
                        "year": when,
                        "variable": variable,
                        "value": value,
                        "unit": unit,
                        "is_estimate": True,
                        "detail": DETAIL.format(kind),
                    }
                )
        if not records:
            raise RowProblem("missing_value", "every GDP and population value of the line is missing", "mrgdppc")
        return (entity, when), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="isard_gdppop",
    title="GDP, GDP per capita and population estimates for COW state-years, 1816-2019",
    publisher="Steven V. Miller (R package isard)",
    author="Miller, Steven V.",
    citation="Miller, Steven V. (2025). isard: Sundry data sets for international relations, R package "
    "0.2.0, data set cw_gdppop. Underlying data: Fariss, Christopher J., Therese Anders, "
    "Jonathan N. Markowitz, and Miriam Barnum. 2022. 'New Estimates of Over 500 Years of "
    "Historic GDP and Population Data.' Journal of Conflict Resolution 66(3): 553-591; "
    "anchored on the Maddison Project Database (Bolt et al. 2018) and Penn World Table 10.0 "
    "(Feenstra, Inklaar and Timmer 2015).",
    licence="GPL-2.0 (isard); underlying data under their producers' terms, free for research with citation",
    url="https://github.com/svmiller/isard",
    origin="svmiller/isard @ 46944ad97a5532cd8e3b33129463c8435a69846a, data/cw_gdppop.rda "
    "(as CSV with an added iso3 column, gzipped)",
    accessed=date(2026, 11, 21),
    version="0.2.0",
    year=2025,
    files=(FileSpec("isard/cw_gdppop.csv.gz", "state_values", parse_gdppop, uses_crosswalk=True),),
)
