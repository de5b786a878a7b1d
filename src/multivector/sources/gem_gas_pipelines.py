"""Global Energy Monitor gas pipelines: GGIT (~2022) and Asia Gas Tracker (May 2024).

Two files, both into ``facts`` (kind ``infrastructure``, domain ``economic``), one fact per
pipeline or pipeline segment, cited to this source with ``locator = 'row <n>'`` (n = the
1-based physical line of the file, as a spreadsheet numbers rows with the header as row 1):

1. **GGIT** (Global Gas Infrastructure Tracker, gas pipelines, release of about 2022),
   subset of pipelines crossing a post-Soviet state or Mongolia, route geometry dropped.
   Columns as GEM exports them (``ProjectID, StartCountry, EndCountry, Countries,
   PipelineName, SegmentName, Parent, Status, StartYear1, Capacity, CapacityUnits,
   CapacityBcm/y, LengthMergedKm`` ...). The delimiter is read from the header, so GEM's
   semicolon export of the whole file (with ``WKTFormat``) loads unchanged.
   ``fact_id = 'gem:' + ProjectID``.
2. **Asia Gas Tracker** map data (``project, unit, parent, countries, status_tabular,
   capacity, units, url`` ...), the rows whose countries include those states. It has no
   project id: ``fact_id = 'gem:agt:<project>[ / <unit>]'``. Its ``start_year`` is
   truncated in GEM's export ("2", "197") and is not used.

Each fact: ``subject`` = start country, ``object`` = end country (entity ids),
``text`` = pipeline name (and segment), ``value_number`` = capacity in ``bcm_per_year``,
``status`` = GEM's status in lower case, ``attributes`` = JSON with owners (GEM's
``Parent``: owners with their shares), operators (not in either file: null), length,
diameter, every country crossed as an entity id (``countries``) and the transit states
between the ends (``transit``), the capacity as published, start years, FID and the GEM
wiki page, which links a GGIT and an Asia Gas Tracker fact about one pipeline.

Traps handled:

* **Capacity in several units.** GGIT's own ``CapacityBcm/y`` is used where it converted
  the figure; ``--`` there with ``Capacity`` already in bcm/y or bcm/year uses that;
  any other unit stays unconverted and ``value_number`` null. The Asia Gas Tracker's
  MMcf/d figures are converted at 1 MMcf/d = 0.0103356 bcm/y (28,316.8 m3 a day for 365
  days), the factor behind GGIT's own conversions. Unknown capacity stays null, never 0.
* **Lists in number columns**: a pipeline of several strings gives several diameters
  ("10, 40, 42"); attributes keep such a value as published, numbers as numbers.
* **Planned dates are not facts.** ``valid_from`` (StartYear1 as YYYY-01-01) is set only
  for pipelines that have been built (operating, idle, mothballed, retired); for
  proposed, construction and cancelled ones the planned year stays in ``attributes``
  (``start_year_planned``). ``valid_to`` is StopYear as YYYY-12-31 where given.
* **Countries are today's.** GEM names the countries a Soviet-era line crosses by their
  present names, so names resolve (scheme ``name``) in the tracker's release year (2022,
  2024), not in the start year (Ukraine in 1969 was not a state). A country crossed
  that does not resolve is kept as written under ``countries_unresolved``; an end
  country that does not resolve rejects the line.
* **Asia Gas Tracker ends** are the first and last of its ``countries`` list, which GEM
  orders along the route. For 8 of the 9 pipelines in both files it agrees with GGIT's
  start and end countries; for Central Asia-China Line D GGIT's EndCountry is Kyrgyzstan
  although its own ``Countries`` list runs on to China, where the tracker ends it.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date

from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import optional_number

SOURCE_ID = "gem_gas_pipelines"
GGIT_RELEASE_YEAR = 2022
AGT_RELEASE_YEAR = 2024
BCM_PER_YEAR_PER_MMCF_PER_DAY = 0.0283168466 * 365 / 1000
BUILT = frozenset({"operating", "idle", "mothballed", "retired"})
BCM_UNITS = frozenset({"bcm/y", "bcm/year"})
GGIT_REQUIRED = [
    "ProjectID",
    "StartCountry",
    "EndCountry",
    "Countries",
    "Wiki",
    "PipelineName",
    "SegmentName",
    "OtherNames",
    "Parent",
    "Status",
    "StartYear1",
    "StartYear2",
    "StartYear3",
    "StopYear",
    "Capacity",
    "CapacityUnits",
    "CapacityBcm/y",
    "LengthKnownKm",
    "LengthEstimateKm",
    "LengthMergedKm",
    "Diameter",
    "DiameterUnits",
    "Source",
    "StartLocation",
    "EndLocation",
    "FID",
    "FIDYear",
]
AGT_REQUIRED = ["project", "unit", "owner", "parent", "countries", "status_tabular", "capacity", "units", "url"]


def _missing(text: str) -> bool:
    return text.strip() in {"", "--"}


def _number(text: str, column: str) -> float | None:
    return None if _missing(text) else optional_number(text, column)


def _measure(text: str) -> float | str | None:
    """An attribute as a number where it is one, else as published ('10, 40, 42' diameters)."""
    if _missing(text):
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return text.strip()
    return value if math.isfinite(value) else text.strip()


def _year(text: str, column: str) -> int | None:
    """'2007.0' or '2007' → 2007; empty or '--' → None."""
    if _missing(text):
        return None
    stripped = text.strip()
    if not re.fullmatch(r"\d{4}(\.0)?", stripped):
        raise RowProblem("cast_error", f"{column} {stripped!r} is not a year", column)
    return int(stripped[:4])


def _names(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


def _countries(ctx: ParseContext, names: list[str], when: int) -> tuple[list[str], list[str]]:
    resolved, unresolved = [], []
    for name in names:
        try:
            entity = ctx.resolver.resolve(name, "name", when, "Countries")
        except RowProblem:
            unresolved.append(name)
            continue
        if entity not in resolved:
            resolved.append(entity)
    return resolved, unresolved


def _fact(*, fact_id, subject, obj, text, capacity, status, valid_from, valid_to, attributes, line) -> dict:
    return {
        "fact_id": fact_id,
        "kind": "infrastructure",
        "subject": subject,
        "object": obj,
        "text": text,
        "value_number": capacity,
        "unit": "bcm_per_year",
        "valid_from": valid_from,
        "valid_to": valid_to,
        "domain": "economic",
        "direction": None,
        "status": status,
        "attributes": json.dumps(attributes, ensure_ascii=False, sort_keys=True),
        "cites": SOURCE_ID,
        "locator": f"row {line}",
    }


def _delimiter(data: bytes) -> str:
    header = data.split(b"\n", 1)[0]
    return ";" if header.count(b";") > header.count(b",") else ","


def ggit_capacity(f: dict[str, str]) -> float | None:
    converted = _number(f["CapacityBcm/y"], "CapacityBcm/y")
    if converted is not None:
        return converted
    if f["CapacityUnits"].strip().casefold() in BCM_UNITS:
        return _number(f["Capacity"], "Capacity")
    return None


def parse_ggit(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=GGIT_REQUIRED, delimiter=_delimiter(data))

    def row(record: CsvRecord):
        f = record.fields
        project = f["ProjectID"].strip()
        if not project:
            raise RowProblem("missing_value", "ProjectID is missing", "ProjectID")
        start = ctx.resolver.resolve(f["StartCountry"], "name", GGIT_RELEASE_YEAR, "StartCountry")
        end = ctx.resolver.resolve(f["EndCountry"], "name", GGIT_RELEASE_YEAR, "EndCountry")
        crossed, unresolved = _countries(ctx, _names(f["Countries"], ","), GGIT_RELEASE_YEAR)
        status = f["Status"].strip().casefold() or None
        first = _year(f["StartYear1"], "StartYear1")
        stop = _year(f["StopYear"], "StopYear")
        built = status in BUILT
        name = f["PipelineName"].strip()
        segment = f["SegmentName"].strip()
        attributes = {
            "project_id": project,
            "segment": segment or None,
            "other_names": f["OtherNames"].strip() or None,
            "owners": _names(f["Parent"], ";"),
            "operators": None,
            "countries": crossed,
            "transit": [c for c in crossed if c not in (start, end)],
            "countries_unresolved": unresolved,
            "capacity_as_published": f["Capacity"].strip() or None,
            "capacity_units": f["CapacityUnits"].strip() or None,
            "length_km": _measure(f["LengthMergedKm"]),
            "length_known_km": _measure(f["LengthKnownKm"]),
            "length_estimate_km": _measure(f["LengthEstimateKm"]),
            "diameter": _measure(f["Diameter"]),
            "diameter_units": f["DiameterUnits"].strip() or None,
            "start_year": first if built else None,
            "start_year_planned": None if built else first,
            "later_start_years": [
                y for y in (_year(f["StartYear2"], "StartYear2"), _year(f["StartYear3"], "StartYear3")) if y
            ],
            "stop_year": stop,
            "fid": f["FID"].strip() or None,
            "fid_year": _year(f["FIDYear"], "FIDYear"),
            "gas_source": f["Source"].strip() or None,
            "start_location": f["StartLocation"].strip() or None,
            "end_location": f["EndLocation"].strip() or None,
            "wiki": f["Wiki"].strip() or None,
            "tracker": "GGIT ~2022",
        }
        fact = _fact(
            fact_id=f"gem:{project}",
            subject=start,
            obj=end,
            text=f"{name}, {segment}" if segment else name,
            capacity=ggit_capacity(f),
            status=status,
            valid_from=date(first, 1, 1) if built and first else None,
            valid_to=date(stop, 12, 31) if stop else None,
            attributes=attributes,
            line=record.line,
        )
        return (project,), [fact]

    return parse_csv_rows(csv_file, row)


def agt_capacity(f: dict[str, str]) -> float | None:
    units = f["units"].strip().casefold()
    if units in BCM_UNITS:
        return _number(f["capacity"], "capacity")
    if units == "mmcf/d":
        published = _number(f["capacity"], "capacity")
        return None if published is None else round(published * BCM_PER_YEAR_PER_MMCF_PER_DAY, 4)
    return None


def parse_agt(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=AGT_REQUIRED, delimiter=_delimiter(data))

    def row(record: CsvRecord):
        f = record.fields
        project, unit = f["project"].strip(), f["unit"].strip()
        if not project:
            raise RowProblem("missing_value", "project is missing", "project")
        names = _names(f["countries"], ",")
        if not names:
            raise RowProblem("missing_value", "countries is empty", "countries")
        start = ctx.resolver.resolve(names[0], "name", AGT_RELEASE_YEAR, "countries")
        end = ctx.resolver.resolve(names[-1], "name", AGT_RELEASE_YEAR, "countries")
        crossed, unresolved = _countries(ctx, names, AGT_RELEASE_YEAR)
        attributes = {
            "segment": unit or None,
            "owners": _names(f["owner"], ";"),
            "parents": _names(f["parent"], ";"),
            "operators": None,
            "countries": crossed,
            "transit": [c for c in crossed if c not in (start, end)],
            "countries_unresolved": unresolved,
            "capacity_as_published": f["capacity"].strip() or None,
            "capacity_units": f["units"].strip() or None,
            "status_detail": f.get("status", "").strip() or None,
            "wiki": f["url"].strip() or None,
            "tracker": "Asia Gas Tracker 2024-05",
        }
        fact = _fact(
            fact_id=f"gem:agt:{project}" + (f" / {unit}" if unit else ""),
            subject=start,
            obj=end,
            text=f"{project}, {unit}" if unit else project,
            capacity=agt_capacity(f),
            status=f["status_tabular"].strip().casefold() or None,
            valid_from=None,
            valid_to=None,
            attributes=attributes,
            line=record.line,
        )
        return (project, unit), [fact]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id=SOURCE_ID,
    title="Global Energy Monitor: gas pipelines of Eurasia (Global Gas Infrastructure Tracker ~2022; "
    "Asia Gas Tracker 2024-05)",
    publisher="Global Energy Monitor (GEM)",
    citation="Global Energy Monitor, Global Gas Infrastructure Tracker, gas pipelines (release of "
    "about 2022), and Global Energy Monitor, Asia Gas Tracker map data (May 2024); "
    "subsets of pipelines crossing post-Soviet states or Mongolia.",
    licence="CC BY 4.0 (attribution: Global Energy Monitor, Global Gas Infrastructure Tracker)",
    url="https://globalenergymonitor.org/projects/global-gas-infrastructure-tracker/",
    origin="muratk5n/thirdwave @ cac4e5abfc500de923a3115df6298d925f5e51e0, en/2019/05/pipelines.csv; "
    "GlobalEnergyMonitor/asia-gas-tracker-greeninfo-map @ "
    "15c3f54dc555b20396f4ad895f73f7ba6e732b27, static/data/data.csv",
    accessed=date(2026, 11, 21),
    version="GGIT ~2022-06; Asia Gas Tracker 2024-05-15",
    year=2024,
    author="Global Energy Monitor",
    files=(
        FileSpec(
            "gem/GEM_GGIT_gas_pipelines_2022_postsoviet_mongolia_noWKT.csv", "facts", parse_ggit, uses_crosswalk=True
        ),
        FileSpec(
            "gem/GEM_asia_gas_tracker_2024-05_postsoviet_mongolia_subset.csv", "facts", parse_agt, uses_crosswalk=True
        ),
    ),
)
