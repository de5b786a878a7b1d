"""CIA World Factbook 1990-2025: top export and import partners with their % shares.

Reads ``factbook_trade_partner_shares_parsed.csv.gz``: the "Exports - partners" and
"Imports - partners" fields of every Factbook edition (as archived by
MilkMp/CIA-World-Factbooks-Archive-1990-2025), split into one line per partner with
``edition_year, fips_code, iso2, country_name, flow, rank, partner_as_written,
share_pct, data_year, field_id``. One line gives one flow: reporter = the country whose
Factbook entry it is, channel ``exports`` or ``imports``, unit ``share_pct`` (per cent
of the reporter's own total exports or imports, not money). Partners listed are the
top few only (usually >= 4-5%), so shares of one list do not sum to 100. Editions
1999-2025 (data years 1991-2023); earlier editions named partners inside the Exports and
Imports fields, mostly without shares, and are not in the file.

Traps handled:

* **Year = the data year, not the edition.** ``data_year`` is the year printed in
  parentheses after the list. Where the edition printed none (2.2% of lines, most in
  the 1999-2002 editions) the year is the edition year minus that edition's usual lag:
  the most common ``edition_year - data_year`` among the lines of the same edition that
  do print a year (ties: the shorter lag; an edition with no printed year at all: 2).
  ``detail`` then says the year was inferred.
* **Editions repeat stale data** (2018-2020 print the same 2017 lists). The natural key
  is edition, country, flow and rank, so several editions reporting one data year are
  all stored, each with ``edition N`` in ``detail``: pick one edition per data year
  (e.g. the latest) before summing or comparing.
* **Lists without shares** (old editions: "Russia, UK, Ukraine ... (1997)") leave
  ``share_pct`` empty: missing_value, never 0. A printed 0% is stored as 0.
* **Groups are not states**: EU, OPEC, CIS, "other" ... are not_a_state; the EU's and
  the World's own entries (reporters) likewise. Names resolve through the crosswalk's
  ``factbook`` scheme in the data year, so a name that did not denote a state then
  (Serbia and Montenegro in 2009) is not_valid_in_year.
* **Parser residue** of the archive ("EU 51.6% (Germany", "Austria 3%)") is
  unknown_country; ``data/codes/NAMES_SKIPPED.md`` lists those strings.
* **Estimates**: the parsed file does not carry the Factbook's "est." marker, so no
  flow is flagged ``is_estimate``.
* **One field, two lists**: Cyprus prints Greek and Turkish Cypriot lists in one field
  (1999-2002); each printed rank keeps its own record, so a partner (UK) can appear twice
  in one edition's list. The first name of each area's list carries the area's label
  ("Greek Cypriot area: Russia") and is unknown_country.
* **Re-imports**: China lists China among its import partners in the 2024 edition
  (goods re-imported); the line is stored as published, a flow with reporter = partner.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import integer, is_missing, number, year

REQUIRED = ["edition_year", "fips_code", "country_name", "flow", "rank", "partner_as_written", "share_pct", "data_year"]
CHANNELS = {"exports": "exports", "imports": "imports"}
DEFAULT_LAG = 2


def data_year_text(text: str) -> str:
    """'1997.0' (the archive writes years as floats) → '1997'; other text unchanged."""
    stripped = text.strip()
    return stripped[:-2] if re.fullmatch(r"\d{4}\.0", stripped) else stripped


def usual_lags(records: list[CsvRecord]) -> dict[int, int]:
    """Per edition, the most common edition − data year among lines printing a data year."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for record in records:
        edition, printed = record.fields["edition_year"].strip(), data_year_text(record.fields["data_year"])
        if re.fullmatch(r"\d{4}", edition) and re.fullmatch(r"\d{4}", printed):
            counts[int(edition)][int(edition) - int(printed)] += 1
    return {edition: max(lags.items(), key=lambda item: (item[1], -item[0]))[0] for edition, lags in counts.items()}


def parse_partners(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    lags = usual_lags(csv_file.records)

    def row(record: CsvRecord):
        f = record.fields
        edition = year(f["edition_year"], "edition_year", first=1990)
        channel = CHANNELS.get(f["flow"].strip())
        if channel is None:
            raise RowProblem("cast_error", f"flow {f['flow'].strip()!r} is not exports or imports", "flow")
        rank = integer(f["rank"], "rank")
        if is_missing(f["data_year"]):
            lag = lags.get(edition, DEFAULT_LAG)
            when, dated = edition - lag, f"data year not printed, taken as edition - {lag}"
        else:
            when = year(data_year_text(f["data_year"]), "data_year", first=1980, last=edition)
            dated = ""
        reporter = ctx.resolver.resolve(f["country_name"], "factbook", when, "country_name")
        partner = ctx.resolver.resolve(f["partner_as_written"], "factbook", when, "partner_as_written")
        share = number(f["share_pct"], "share_pct")
        if share > 100:
            raise RowProblem("out_of_range", f"share_pct {share} is above 100", "share_pct")
        detail = "; ".join(
            filter(
                None,
                [
                    f"edition {edition}",
                    f"{channel} partner rank {rank}",
                    f"as written {f['partner_as_written'].strip()!r}",
                    dated,
                ],
            )
        )
        key = (edition, f["fips_code"].strip(), channel, rank)
        return key, [
            {
                "year": when,
                "reporter": reporter,
                "partner": partner,
                "channel": channel,
                "value": share,
                "unit": "share_pct",
                "is_estimate": False,
                "is_mirror": False,
                "detail": detail,
            }
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="factbook_trade_partners",
    title="CIA World Factbook 1990-2025: export and import partners (shares of the top partners)",
    publisher="Central Intelligence Agency (CIA)",
    citation="Central Intelligence Agency, The World Factbook, editions 1999-2025, fields "
    "'Exports - partners' and 'Imports - partners', as archived in the CIA World "
    "Factbooks Archive 1990-2025 (MilkMp/CIA-World-Factbooks-Archive-1990-2025, "
    "commit b998f60a91d7de6fde80f3d4d216fa0e591a099e), split into one row per partner.",
    licence="Public domain (US Government work, 17 U.S.C. 105); archive released under CC0 1.0 "
    "(README) / MIT (LICENSE)",
    url="https://github.com/MilkMp/CIA-World-Factbooks-Archive-1990-2025",
    origin="MilkMp/CIA-World-Factbooks-Archive-1990-2025 @ b998f60a91d7de6fde80f3d4d216fa0e591a099e, "
    "data/fields/country_fields_<YEAR>.sql.gz and data/reference_tables/ (parsed into "
    "factbook_trade_partner_shares_parsed.csv.gz)",
    accessed=date(2026, 11, 21),
    version="editions 1990-2025, archive b998f60 (2026-04-09)",
    year=2026,
    author="Central Intelligence Agency",
    files=(
        FileSpec("factbook/factbook_trade_partner_shares_parsed.csv.gz", "flows", parse_partners, uses_crosswalk=True),
    ),
)
