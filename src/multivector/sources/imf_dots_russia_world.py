"""IMF Direction of Trade Statistics, 2011-2023: Russia's trade by partner (2024 vintage).

Format: a tidy CSV made from two IMF workbooks downloaded in early 2024, columns
``source_file, reporter, flow, partner, year, value_usd_mn, partner_iso3``. One line is one
workbook cell: the reporter's ``exports_fob`` to (2011-2023) or ``imports_cif`` from
(2011-2022) the partner, current US dollars, millions. Reporters: 'Russian Federation'
(``rf_exports_2023.xlsx``) and 'World' (``tot_exports_2023.xlsx``); 10,965 lines.

Read like ``imf_dots`` (same names, same two records per line): Russia's own exports or
imports (reporter RUS, ``is_mirror`` false), and the partner's mirror flow from the same
number (e.g. Kazakhstan's imports from Russia as reported by Russia, ``is_mirror`` true).
Traps handled:

* The World rows (World exports to X ~ X's imports mirrored by all reporters) and
  Russia's rows for IMF aggregates are not states: rejected as ``not_a_state``.
* Residual partner rows of dissolved units ('Czechoslovakia', 'Netherlands Antilles',
  'Yugoslavia' after 2006) would be rejected as ``not_valid_in_year``, never given to a
  state; in this file they occur only in World rows, so they count as ``not_a_state``.
* This vintage carries no estimate flags (no ``" e"`` suffix), although Russia's 2022-2023
  figures are largely IMF estimates from partner data and 2023 is preliminary: nothing
  is marked as an estimate because the source marks nothing.

Overlap: ``imf_dots`` (vintage 2022) also holds Russia's flows for 2011-2020, partly
revised since. The two are separate sources with their own ids; never sum them, choose
one per year (this one for 2021-2023).
"""

from __future__ import annotations

from datetime import date

from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.imf_dots import ImfNames, flow_records, imf_flow, imf_value, iso3_notes
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import year

REQUIRED = ["source_file", "reporter", "flow", "partner", "year", "value_usd_mn"]


def parse_russia_world(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    names = ImfNames(ctx.resolver)

    def row(record: CsvRecord):
        f = record.fields
        when = year(f["year"], "year", first=1948)
        imf_flow(f["flow"])
        reporter, partner = names.pair(f, when)
        value, estimate = imf_value(f["value_usd_mn"], "value_usd_mn")
        note = "; ".join(filter(None, [f"workbook {f['source_file'].strip()}",
                                       iso3_notes(f, reporter, partner)]))
        records = flow_records(when, reporter, partner, f["flow"].strip(), value, estimate, note)
        return (when, reporter, partner, f["flow"].strip()), records

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="imf_dots_russia_world",
    title="IMF Direction of Trade Statistics: Russia's exports FOB 2011-2023 and imports CIF "
          "2011-2022 by partner",
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
    files=(FileSpec("imf_dots_russia_world/dots_2011_2023_russia_and_world_long.csv", "flows",
                    parse_russia_world, uses_crosswalk=True),),
)
