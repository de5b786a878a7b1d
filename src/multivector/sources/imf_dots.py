"""IMF Direction of Trade Statistics (DOTS): exports FOB and imports CIF by partner, 1960-2020.

Format: a gzipped tidy CSV made from the IMF's per-reporter workbooks (vintage early 2022),
columns ``reporter, reporter_iso3, reporter_is_aggregate, flow, partner, partner_iso3,
partner_is_aggregate, year, value_usd_mn``. One line is one cell of a workbook: the
reporter's ``exports_fob`` to, or ``imports_cif`` from, the partner in a year, in current
US dollars, millions. Coverage: every cell where the reporter or the partner is one of the
fifteen post-Soviet states, the USSR or Mongolia, plus every reporter's World total
(243,570 lines, 1960-2020; post-Soviet reporters from 1992).

Each line gives two records, kept apart by ``is_mirror``:

* the reporter's own flow (``exports`` or ``imports``, reporter = the IMF reporter);
* the same number as the partner's mirror flow (reporter = the IMF partner, the opposite
  channel, ``is_mirror`` true): Germany's imports from Kazakhstan are Kazakhstan's
  partner-reported exports to Germany. A mirror value keeps the valuation of the state
  that reported it (Germany's imports: CIF), named in ``detail``.

Traps handled:

* Names resolve with the crosswalk's ``imf_name`` scheme in the line's year; the file's
  ISO3 columns (added by the repackager with country_converter) are only checked against
  the result and a disagreement is written into ``detail``. Known ones: 'Yemen Arab Rep.'
  (file YEM, crosswalk YAR) and 'Yugoslavia' after April 1992 (file YUG, crosswalk SCG).
* IMF aggregates (World, Euro Area, 'Asia not specified' ...) are not states: their lines
  are rejected as ``not_a_state`` (World totals are kept only in the raw file).
  Colonies before independence and residual partner rows of dissolved states (USSR
  after 1991) are rejected as ``not_valid_in_year``; a name the crosswalk maps to a state
  in a year the state did not exist is rejected the same way, never stored.
* IMF estimates carry an ``" e"`` suffix (``"2.30 e"``, ``"1,035.65 e"`` with a
  thousands separator): the flag becomes ``is_estimate``. A thousands separator is read
  only in strict groups of three digits; any other comma rejects (``decimal_comma`` or
  ``cast_error``). Values in exponent form (``6e-05``) are numbers, not estimates. An
  empty or '..' value rejects as ``missing_value`` (the shipped file has none).
* Non-reporting states (Turkmenistan, Uzbekistan before ~2017, Tajikistan) have series
  the IMF filled from partner data; they stay the reporter's series (not mirror) and
  carry the IMF's estimate flags where the IMF set them.
* Two IMF names that denote one state in a year (FRY as 'Yugoslavia' and as 'Serbia and
  Montenegro') give the same key: the second line is deduplicated if equal, else
  rejected as a conflicting duplicate.

Overlaps ``imf_dots_russia_world`` (a 2024 vintage) in 2011-2020: different source ids,
never summed.
"""

from __future__ import annotations

import re
from datetime import date

from multivector.codes.resolver import CountryResolver
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import number, year

REQUIRED = ["reporter", "flow", "partner", "year", "value_usd_mn"]
UNIT = "usd_million_current"
ESTIMATE_SUFFIX = " e"
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")

# IMF flow -> (the reporter's channel, the partner's mirror channel, valuation, preposition)
FLOWS = {
    "exports_fob": ("exports", "imports", "exports FOB", "to"),
    "imports_cif": ("imports", "exports", "imports CIF", "from"),
}


def imf_value(text: str, column: str) -> tuple[float, bool]:
    """An IMF cell: (value, is_estimate); ' e' marks an estimate, '1,035.65' groups thousands."""
    stripped = text.strip()
    estimate = stripped.endswith(ESTIMATE_SUFFIX)
    if estimate:
        stripped = stripped.removesuffix(ESTIMATE_SUFFIX).strip()
    if _THOUSANDS.match(stripped):
        stripped = stripped.replace(",", "")
    return number(stripped, column), estimate


def imf_flow(text: str, column: str = "flow") -> tuple[str, str, str, str]:
    flow = text.strip()
    if flow not in FLOWS:
        raise RowProblem("cast_error", f"{column} {flow!r} is not one of {', '.join(FLOWS)}", column)
    return FLOWS[flow]


def _exists_in(resolver: CountryResolver, entity: str, when: int) -> bool:
    info = resolver.entities.get(entity)
    if info is None:
        return True
    starts = info.valid_from.year if info.valid_from else when
    ends = info.valid_to.year if info.valid_to else when
    return starts <= when <= ends


def resolve_imf_name(resolver: CountryResolver, name: str, when: int, column: str) -> str:
    """The state an IMF name denotes in a year; RowProblem if none existed then."""
    entity = resolver.resolve(name, "imf_name", when, column)
    if not _exists_in(resolver, entity, when):
        raise RowProblem(
            "not_valid_in_year",
            f"{name!r} maps to {entity}, which did not exist in {when}",
            column,
            "date the name's row in data/codes/names.csv",
        )
    return entity


class ImfNames:
    """IMF names resolved once per (name, year, column): a file repeats a few hundred names."""

    def __init__(self, resolver: CountryResolver) -> None:
        self.resolver = resolver
        # the entity, or the arguments of the RowProblem (kept without its traceback)
        self._memo: dict[tuple[str, int, str], str | tuple[str, str, str | None, str | None]] = {}

    def entity(self, name: str, when: int, column: str) -> str:
        key = (name, when, column)
        hit = self._memo.get(key)
        if hit is None:
            try:
                hit = resolve_imf_name(self.resolver, name, when, column)
            except RowProblem as problem:
                hit = (problem.reason, problem.message, problem.column, problem.suggestion)
            self._memo[key] = hit
        if isinstance(hit, tuple):
            raise RowProblem(*hit)
        return hit

    def pair(self, fields: dict[str, str], when: int) -> tuple[str, str]:
        """Reporter and partner; an aggregate on either side makes the line not_a_state."""
        found, problems = {}, []
        for column in ("reporter", "partner"):
            try:
                found[column] = self.entity(fields[column], when, column)
            except RowProblem as problem:
                problems.append(problem.with_traceback(None))
        if problems:  # raised afresh: a problem held here with its traceback would hold the parse
            first = next((p for p in problems if p.reason == "not_a_state"), problems[0])
            raise RowProblem(first.reason, first.message, first.column, first.suggestion)
        if found["reporter"] == found["partner"]:
            raise RowProblem("self_dyad", f"reporter and partner are both {found['reporter']}", "partner")
        return found["reporter"], found["partner"]


def iso3_notes(fields: dict[str, str], reporter: str, partner: str) -> str:
    """Where the file's own ISO3 columns disagree with the crosswalk, say so."""
    notes = []
    for column, entity in (("reporter_iso3", reporter), ("partner_iso3", partner)):
        given = fields.get(column, "").strip()
        if given and given != entity:
            notes.append(f"file {column} {given}, crosswalk {entity}")
    return "; ".join(notes)


def flow_records(
    when: int, reporter: str, partner: str, flow: str, value: float, estimate: bool, note: str = ""
) -> list[dict]:
    """The reporter's own flow and the partner's mirror flow from one IMF cell."""
    own, mirror, valuation, preposition = imf_flow(flow)
    suffix = f" ({note})" if note else ""
    base = {"year": when, "value": value, "unit": UNIT, "is_estimate": estimate}
    return [
        {
            **base,
            "reporter": reporter,
            "partner": partner,
            "channel": own,
            "is_mirror": False,
            "detail": f"{reporter}'s {valuation} {preposition} {partner} (IMF DOTS){suffix}",
        },
        {
            **base,
            "reporter": partner,
            "partner": reporter,
            "channel": mirror,
            "is_mirror": True,
            "detail": f"mirror: {reporter}'s {valuation} {preposition} {partner} (IMF DOTS){suffix}",
        },
    ]


def parse_dots(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    names = ImfNames(ctx.resolver)

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1948)
        imf_flow(f["flow"])
        reporter, partner = names.pair(f, when)
        value, estimate = imf_value(f["value_usd_mn"], "value_usd_mn")
        records = flow_records(
            when, reporter, partner, f["flow"].strip(), value, estimate, iso3_notes(f, reporter, partner)
        )
        return (when, reporter, partner, f["flow"].strip()), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="imf_dots",
    title="IMF Direction of Trade Statistics: exports FOB and imports CIF by partner, 1960-2020 "
    "(post-Soviet states, USSR and Mongolia with all partners)",
    publisher="International Monetary Fund",
    author="International Monetary Fund",
    citation="International Monetary Fund. Direction of Trade Statistics (DOTS): Exports, FOB to "
    "Partner Countries and Imports, CIF from Partner Countries, annual, US dollars "
    "millions, 1960-2020. Washington, DC: IMF; downloaded from the IMF data portal in "
    "early 2022. Source: International Monetary Fund, Direction of Trade Statistics.",
    licence="IMF data: re-use with attribution under the IMF copyright and usage terms; "
    "the redistributing repository is MIT-licensed (code only)",
    url="https://data.imf.org/?sk=9d6028d4-f14a-464c-a2f2-59b2cd424b85",
    origin="SamLeBlanc/Direction-of-Trade-Map @ a0b40afbac7cefc59a4b35c1ebe541ac546aafad, "
    "data/DOTS/DOTS_1.xlsx ... DOTS_235.xlsx (tidy subset as CSV)",
    accessed=date(2026, 11, 21),
    version="2022 vintage (data to 2020)",
    year=2022,
    files=(
        FileSpec(
            "imf_dots/dots_postsoviet_mongolia_plus_world_totals.csv.gz", "flows", parse_dots, uses_crosswalk=True
        ),
    ),
)
