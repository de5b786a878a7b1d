"""CIA World Factbook 1990-2025: land boundary length with each neighbour, per edition.

Reads ``factbook_land_boundaries_parsed.csv.gz``: the "Land boundaries" field of every
Factbook edition (as archived by MilkMp/CIA-World-Factbooks-Archive-1990-2025) split into
one line per neighbour: ``edition_year, fips_code, iso2, country_name,
total_land_boundary_km, neighbour_as_written, qualifier_in_parentheses, border_km,
field_id``. One line gives one ``dyad_values`` record: reporter = the country whose entry
it is, partner = the neighbour, variable ``border_km``, unit ``km``.

Year = the edition year: a boundary has no data year, and an edition describes the map
as of its own year. ``detail`` names the edition.

Traps handled:

* **Not forced symmetric.** The Factbook lists a border in both countries' entries and
  the two figures can differ (rounding, resurveys, one side updated first). Each side's
  own figure is stored as that side's record; the reverse record comes from the other
  country's line. The tests check that, for the focus states, each border listed by one
  side is listed by the other in the same edition.
* **Segments.** A border in several pieces is listed once per piece with a qualifier
  (China-Russia "northeast" 4,133 km and "northwest" 46 km; Russia-Lithuania and
  Russia-Poland "Kaliningrad Oblast"; Azerbaijan's borders with Armenia and Iran "with
  Azerbaijan-proper" and "with Azerbaijan-Naxcivan exclave", listed by Armenia and Iran
  as two neighbours "Azerbaijan-proper" and "Azerbaijan-Naxcivan exclave", both AZE). Each piece is
  its own record with the qualifier in ``detail``; the length of a dyad's border is the sum of its
  pieces in one edition.
* **Two states under one name.** The archive files the 1990 edition's East and West
  German entries under "Germany" and the North and South Yemen entries under "Yemen";
  when one edition holds two different lists for one country, every line of both is
  ambiguous_country. Identical repeated lists (Serbia 2008, Australia 2015, Latvia 2017)
  are deduplicated.
* **Predecessor states.** Names resolve through the crosswalk's ``factbook`` scheme in the
  edition year, and the country whose entry it is must have existed for most of that
  year: the archive files the 1990-1991 USSR entry under "Russia", and those lines are
  not_valid_in_year (so is South Sudan's own first entry, of 2011, its neighbours' lines
  listing it stay). "USSR" as a neighbour is the Soviet Union (SUN); the 1990 edition's
  neighbours "YAR" and "PDRY" are the two Yemens, as on 1 January 1990.
* **Editions 2018-2020** hold the total only ("border countries (5):" with the list cut
  off in the archive), so those years have no records.
* **Non-state neighbours** (Guantanamo naval base, the UK bases on Cyprus, the
  Iraq-Saudi Arabia Neutral Zone) are not_a_state; the EU's own entry (its external
  border) likewise. Parser residue ("Montenegro and Serbia is") is unknown_country.
* **Baikonur.** Kazakhstan's entry never lists the Baikonur Cosmodrome: the area Russia
  leases is Kazakh territory (named only under "Disputes - international" in 1999-2000),
  so Kazakhstan-Russia is one border of 6,846 km (editions to 2014) or 7,644 km (from 2015). Should a
  release list the lease as a neighbour, that line is rejected as not_a_state.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import number, year

REQUIRED = [
    "edition_year",
    "fips_code",
    "country_name",
    "neighbour_as_written",
    "qualifier_in_parentheses",
    "border_km",
    "field_id",
]
_LEASED_AREA = re.compile(r"ba[iy]k[oa]nu?r", re.IGNORECASE)


def merged_entries(records: list[CsvRecord]) -> dict[tuple[str, str], list[str]]:
    """(edition, fips) whose lines come from two different lists: two states under one name."""
    lists: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        f = record.fields
        entry = (f["edition_year"].strip(), f["fips_code"].strip())
        lists[entry][f["field_id"].strip()].append(
            (f["neighbour_as_written"], f["qualifier_in_parentheses"], f["border_km"])
        )
    return {
        entry: sorted(by_field)
        for entry, by_field in lists.items()
        if len({tuple(items) for items in by_field.values()}) > 1
    }


def _check_most_of_year(ctx: ParseContext, entity: str, edition: int) -> None:
    """An edition's entry belongs to a state that existed for most of the edition year.

    The archive files the 1991 edition's USSR entry under 'Russia' (RUS from 1991-12-26):
    resolved alone, that name would give Russia the USSR's borders for 1991.
    """
    info = ctx.resolver.entities[entity]
    first = max(info.valid_from or date.min, date(edition, 1, 1))
    last = min(info.valid_to or date.max, date(edition, 12, 31))
    days = max(0, (last - first).days + 1)
    if days <= 183:
        held = f" (before it: {info.successor_of})" if info.successor_of else ""
        raise RowProblem(
            "not_valid_in_year",
            f"{entity} existed for {days} days of {edition}: the {edition} edition's entry is another state's{held}",
            "country_name",
        )


def parse_boundaries(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=REQUIRED)
    merged = merged_entries(csv_file.records)

    def row(record: CsvRecord):
        f = record.fields
        edition = year(f["edition_year"], "edition_year", first=1990)
        fips, name = f["fips_code"].strip(), f["country_name"].strip()
        fields = merged.get((f["edition_year"].strip(), fips))
        if fields:
            raise RowProblem(
                "ambiguous_country",
                f"the {edition} edition gives {len(fields)} different land-boundary lists under "
                f"{name!r} (field ids {', '.join(fields)}): two entities filed under one name",
                "country_name",
                "read the edition's own entries to tell the two states apart",
            )
        neighbour = f["neighbour_as_written"].strip()
        if _LEASED_AREA.search(neighbour):
            raise RowProblem(
                "not_a_state",
                f"{neighbour!r} is an area leased inside Kazakhstan, not a neighbouring state",
                "neighbour_as_written",
            )
        reporter = ctx.resolver.resolve(name, "factbook", edition, "country_name")
        _check_most_of_year(ctx, reporter, edition)
        partner = ctx.resolver.resolve(neighbour, "factbook", edition, "neighbour_as_written")
        length = number(f["border_km"], "border_km")
        segment = f["qualifier_in_parentheses"].strip()
        detail = "; ".join(
            filter(
                None,
                [
                    f"edition {edition}",
                    f"neighbour as written {neighbour!r}",
                    f"segment ({segment})" if segment else "",
                ],
            )
        )
        key = (edition, fips, neighbour, segment)
        return key, [
            {
                "year": edition,
                "reporter": reporter,
                "partner": partner,
                "variable": "border_km",
                "value": length,
                "unit": "km",
                "detail": detail,
            }
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="factbook_land_boundaries",
    title="CIA World Factbook 1990-2025: land boundaries (length of the border with each neighbour)",
    publisher="Central Intelligence Agency (CIA)",
    citation="Central Intelligence Agency, The World Factbook, editions 1990-2025, field "
    "'Land boundaries', as archived in the CIA World Factbooks Archive 1990-2025 "
    "(MilkMp/CIA-World-Factbooks-Archive-1990-2025, commit "
    "b998f60a91d7de6fde80f3d4d216fa0e591a099e), split into one row per neighbour.",
    licence="Public domain (US Government work, 17 U.S.C. 105); archive released under CC0 1.0 "
    "(README) / MIT (LICENSE)",
    url="https://github.com/MilkMp/CIA-World-Factbooks-Archive-1990-2025",
    origin="MilkMp/CIA-World-Factbooks-Archive-1990-2025 @ b998f60a91d7de6fde80f3d4d216fa0e591a099e, "
    "data/fields/country_fields_<YEAR>.sql.gz and data/reference_tables/ (parsed into "
    "factbook_land_boundaries_parsed.csv.gz)",
    accessed=date(2026, 11, 21),
    version="editions 1990-2025, archive b998f60 (2026-04-09)",
    year=2026,
    author="Central Intelligence Agency",
    files=(
        FileSpec(
            "factbook/factbook_land_boundaries_parsed.csv.gz", "dyad_values", parse_boundaries, uses_crosswalk=True
        ),
    ),
)
