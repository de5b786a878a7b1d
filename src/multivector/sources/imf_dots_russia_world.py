"""IMF Direction of Trade Statistics, 2011-2023: Russia's trade by partner, and the World's (2024 vintage).

Format: a tidy CSV made from two IMF workbooks downloaded in early 2024, columns
``source_file, reporter, flow, partner, year, value_usd_mn, partner_iso3``. One line is one
workbook cell: the reporter's ``exports_fob`` to (2011-2023) or ``imports_cif`` from
(2011-2022) the partner, current US dollars, millions. Reporters: 'Russian Federation'
(``rf_exports_2023.xlsx``, 5,133 lines) and 'World' (``tot_exports_2023.xlsx``, 5,832 lines).

Two sources read the file, each its own lines, so that every line is counted (rows in =
loaded + rejected + deduplicated) and rejected at most once:

* ``imf_dots_russia_world`` → ``flows``: the lines whose reporter is not 'World' (and any
  line the CSV reader rejects). Read like ``imf_dots`` (same names, same two records per
  line): Russia's own exports or imports (reporter RUS, ``is_mirror`` false), and the
  partner's mirror flow from the same number (e.g. Kazakhstan's imports from Russia as
  reported by Russia, ``is_mirror`` true).
* ``imf_dots_russia_world_totals`` → ``state_values``: the 'World' lines. One line gives one
  record of the partner state X: ``imf_world_exports_to`` (the World's exports FOB to X,
  i.e. X's imports from all partners as the partners report them) or
  ``imf_world_imports_from`` (the World's imports CIF from X: X's exports mirrored), unit
  ``usd_million_current``. They are mirror totals, not X's own reports, and the
  denominators of Russia's share of X's trade (``indicators.hegemon_share``).

Two sources, not two file specs of one, because the store keys an ingest by source and
file (run id, previous run, rejects) and a line's reject by file and line: a second spec
of one source would replace the first one's rejects, and a line both rejected would clash.

Traps handled:

* Russia's rows for IMF aggregates ('World', 'Advanced Economies' ...) and the World's
  rows for them are not states: rejected as ``not_a_state``.
* Residual partner rows of dissolved units ('Czechoslovakia', 'Netherlands Antilles',
  'Yugoslavia' after 2006) are rejected as ``not_valid_in_year``, never given to a state;
  in this file they occur only in World rows.
* This vintage carries no estimate flags (no ``" e"`` suffix), although Russia's 2022-2023
  figures are largely IMF estimates from partner data and 2023 is preliminary: nothing
  is marked as an estimate because the source marks nothing.

Overlap: ``imf_dots`` (vintage 2022) also holds Russia's flows for 2011-2020, partly
revised since. The two are separate sources with their own ids; never sum them, choose
one per year (this one for 2021-2023).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.imf_dots import UNIT, ImfNames, flow_records, imf_flow, imf_value, iso3_notes
from multivector.sources.textfile import CsvFile, CsvRecord, read_csv
from multivector.sources.values import year

REQUIRED = ["source_file", "reporter", "flow", "partner", "year", "value_usd_mn"]
PATH = "imf_dots_russia_world/dots_2011_2023_russia_and_world_long.csv"
WORLD = "World"
# IMF flow of the World reporter -> the state_values variable of the partner state
WORLD_VARIABLES = {"exports_fob": "imf_world_exports_to", "imports_cif": "imf_world_imports_from"}
MIRRORED = {"exports_fob": "imports from all partners", "imports_cif": "exports to all partners"}


def lines_of(csv_file: CsvFile, world: bool) -> CsvFile:
    """The lines one source reads: the World reporter's, or all others with the reader's rejects."""
    mine = [r for r in csv_file.records if (r.fields["reporter"].strip() == WORLD) == world]
    rejects = [] if world else csv_file.rejects
    others = len(csv_file.records) - len(mine)
    rows_in = len(mine) if world else csv_file.rows_in - others
    return replace(csv_file, records=mine, rejects=list(rejects), rows_in=rows_in)


def parse_russia_world(data: bytes, ctx: ParseContext):
    csv_file = lines_of(read_csv(data, file_name=ctx.file_name, required=REQUIRED), world=False)
    names = ImfNames(ctx.resolver)

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1948)
        imf_flow(f["flow"])
        reporter, partner = names.pair(f, when)
        value, estimate = imf_value(f["value_usd_mn"], "value_usd_mn")
        note = "; ".join(filter(None, [f"workbook {f['source_file'].strip()}", iso3_notes(f, reporter, partner)]))
        records = flow_records(when, reporter, partner, f["flow"].strip(), value, estimate, note)
        return (when, reporter, partner, f["flow"].strip()), records

    return parse_csv_rows(csv_file, row)


def parse_world_totals(data: bytes, ctx: ParseContext):
    csv_file = lines_of(read_csv(data, file_name=ctx.file_name, required=REQUIRED), world=True)
    names = ImfNames(ctx.resolver)

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1948)
        _, _, valuation, preposition = imf_flow(f["flow"])
        flow = f["flow"].strip()
        entity = names.entity(f["partner"], when, "partner")
        value, estimate = imf_value(f["value_usd_mn"], "value_usd_mn")
        detail = (
            f"mirror: the World's {valuation} {preposition} {entity}, {entity}'s {MIRRORED[flow]} "
            f"as the partners report them (IMF DOTS; workbook {f['source_file'].strip()})"
        )
        return (when, entity, flow), [
            {
                "entity": entity,
                "year": when,
                "variable": WORLD_VARIABLES[flow],
                "value": value,
                "unit": UNIT,
                "is_estimate": estimate,
                "detail": detail,
            }
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="imf_dots_russia_world",
    title="IMF Direction of Trade Statistics: Russia's exports FOB 2011-2023 and imports CIF 2011-2022 by partner",
    publisher="International Monetary Fund",
    author="International Monetary Fund",
    citation="International Monetary Fund. Direction of Trade Statistics (DOTS): Russian "
    "Federation, Exports, FOB to Partner Countries (2011-2023) and Imports, CIF from "
    "Partner Countries (2011-2022), annual, US dollars millions. Washington, DC: IMF; "
    "downloaded from the IMF data portal in early 2024. Source: International Monetary "
    "Fund, Direction of Trade Statistics.",
    licence="IMF data: re-use with attribution under the IMF copyright and usage terms; "
    "no licence in the redistributing repository",
    url="https://data.imf.org/?sk=9d6028d4-f14a-464c-a2f2-59b2cd424b85",
    origin="zleffel-afk/Visualization-of-NAM-country-data @ "
    "bba038e34b90ed2fa380b73bf7657f9239af3ac1, rf_exports_2023.xlsx and "
    "tot_exports_2023.xlsx (tidy long CSV)",
    accessed=date(2026, 11, 21),
    version="2024 vintage (data to 2023)",
    year=2024,
    files=(FileSpec(PATH, "flows", parse_russia_world, parser_version="2", uses_crosswalk=True),),
)

WORLD_TOTALS = replace(
    SOURCE,
    id="imf_dots_russia_world_totals",
    title="IMF Direction of Trade Statistics: the World's exports FOB to and imports CIF from each "
    "partner, 2011-2023 (imports 2011-2022)",
    citation="International Monetary Fund. Direction of Trade Statistics (DOTS): World, Exports, "
    "FOB to Partner Countries (2011-2023) and Imports, CIF from Partner Countries "
    "(2011-2022), annual, US dollars millions. Washington, DC: IMF; downloaded from the "
    "IMF data portal in early 2024. Source: International Monetary Fund, Direction of "
    "Trade Statistics.",
    origin="zleffel-afk/Visualization-of-NAM-country-data @ "
    "bba038e34b90ed2fa380b73bf7657f9239af3ac1, tot_exports_2023.xlsx (tidy long CSV, "
    "shared with imf_dots_russia_world)",
    files=(FileSpec(PATH, "state_values", parse_world_totals, uses_crosswalk=True),),
)
