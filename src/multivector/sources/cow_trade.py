"""Correlates of War Dyadic Trade v4.0, as directed dyad-years (peacesciencer), 1870-2014.

Format: a gzipped CSV with ``ccode1, ccode2, year, flow1, flow2, smoothflow1,
smoothflow2`` (the two ISO3 columns ``derive.py`` adds are not read). One line is a
dyad-year seen from ``ccode1``: ``flow1`` is the imports of ``ccode1`` from ``ccode2``,
``flow2`` the imports of ``ccode2`` from ``ccode1``. Units: current US dollars, millions;
every value of this copy is a whole million (the repackager says three decimals, the file
has none), so a flow under half a million may be 0. COW has no export series.

Shipped file: every COW state, every dyad-year once (673,654 lines, years 1870-2014).
peacesciencer lists each dyad-year twice, once from each side with the values swapped;
one line holds both directions, so ``data/cow_trade/derive.py`` keeps the line with
``ccode1 < ccode2`` (after checking that every mirror line holds the same values).

Each line gives one ``imports`` record per direction that is present (reporter = the
importer), never a zero for a missing value. Traps handled:

* COW 365 is the Russian Empire to 1922, the USSR (SUN) to 1991-12-25, Russia after; the
  crosswalk resolves it by year, so 365 in 1991 is SUN and in 1992 RUS.
* A file listing a dyad from both sides (KAZ-RUS and RUS-KAZ, as peacesciencer's own
  export does) gives the same records twice: the second line is deduplicated, not stored
  twice; if the two ever disagree, the second is rejected as a conflicting duplicate.
* Missing flows are empty (NA) in this version; COW's older ``-9`` code is read as missing
  too. A line with both flows missing is rejected as ``missing_value``.
* A 0 is a value COW gives, kept as 0; COW's zeros include unrecorded trade (USSR-Mongolia
  1981-1990 is 0), so a zero is weaker evidence than a positive flow.
* COW v4.0 fills gaps from partner reports and IMF data without flagging single values,
  so nothing is marked as mirror or estimate; the smoothed flow goes into ``detail``.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, optional_number, year

REQUIRED = ["ccode1", "ccode2", "year", "flow1", "flow2", "smoothflow1", "smoothflow2"]
UNIT = "usd_million_current"
COW_MISSING = -9.0


def cow_flow(text: str, column: str) -> float | None:
    """A COW flow: None when missing (empty, NA or COW's -9), else a non-negative number."""
    value = optional_number(text, column, allow_negative=True)
    if value is None or value == COW_MISSING:
        return None
    if value < 0:
        raise RowProblem("negative_value", f"{column} {text.strip()!r} is negative", column)
    return value


def _imports(when: int, importer: str, exporter: str, value: float, smoothed: str) -> dict:
    shown = smoothed.strip() or "missing"
    return {
        "year": when,
        "reporter": importer,
        "partner": exporter,
        "channel": "imports",
        "value": value,
        "unit": UNIT,
        "is_estimate": False,
        "is_mirror": False,
        "detail": f"COW smoothed flow {shown}",
    }


def parse_dyadic_trade(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1870)
        one = ctx.resolver.resolve(str(integer(f["ccode1"], "ccode1")), "cow", when, "ccode1")
        two = ctx.resolver.resolve(str(integer(f["ccode2"], "ccode2")), "cow", when, "ccode2")
        if one == two:
            raise RowProblem("self_dyad", f"ccode1 and ccode2 are both {one} in {when}", "ccode2")
        into_one = cow_flow(f["flow1"], "flow1")
        into_two = cow_flow(f["flow2"], "flow2")
        if into_one is None and into_two is None:
            raise RowProblem("missing_value", "flow1 and flow2 are both missing", "flow1")
        records = []
        if into_one is not None:
            records.append(_imports(when, one, two, into_one, f["smoothflow1"]))
        if into_two is not None:
            records.append(_imports(when, two, one, into_two, f["smoothflow2"]))
        records.sort(key=lambda rec: rec["reporter"])
        return (when, *sorted((one, two))), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="cow_trade",
    title="Correlates of War Dyadic Trade v4.0, dyad-years 1870-2014 (every COW state)",
    publisher="Correlates of War Project",
    author="Barbieri, Katherine and Keshk, Omar M. G.",
    citation="Barbieri, Katherine, and Omar M. G. Keshk. 2016. Correlates of War Project Trade "
    "Data Set Codebook, Version 4.0. Online: https://correlatesofwar.org. Barbieri, "
    'Katherine, Omar M. G. Keshk, and Brian M. Pollins. 2009. "Trading Data: Evaluating '
    'our Assumptions and Coding Rules." Conflict Management and Peace Science 26(5): '
    '471-491. Directed dyad-year version from Miller, Steven V. 2022. "peacesciencer: An '
    'R Package for Quantitative Peace Science Research." Conflict Management and Peace '
    "Science 39(6): 755-779.",
    licence="COW data: free for research use with citation of the data set and codebook; "
    "no licence file in the redistributing repository (peacesciencer is GPL-2)",
    url="https://correlatesofwar.org/data-sets/bilateral-trade/",
    origin="samagashreyas/samagashreyas.github.io @ 6e427d057bc9cd0cb83fea07d3c324d385681ea0, "
    "R/peacesciencer/cow_trade_ddy.rds (each dyad-year once, ccode1 < ccode2, as CSV)",
    accessed=date(2026, 11, 21),
    version="4.0",
    year=2016,
    files=(FileSpec("cow_trade/cow_trade_dyads.csv.gz", "flows", parse_dyadic_trade, uses_crosswalk=True),),
)
