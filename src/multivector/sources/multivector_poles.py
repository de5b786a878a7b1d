"""Default pole mapping (THEORY.md §1): which states make up each great-power vector.

``data/poles/poles.csv`` lists the states of every pole but OTHER; a state it does not
list belongs to OTHER. Replace the file (or pass another with ``--poles``) to study
other poles. A state in two poles fails the whole file, at build as with ``--poles``
(``pole_mapping``, ``poles_refused``): which of the two was meant is not ours to guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from multivector.errors import BadInputFile
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv

POLE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")
POLES_HINT = "fix these lines (entity: ISO3 code or name; pole: e.g. RUS)"


def pole_mapping(entries: Iterable[tuple[int, str, str]]) -> tuple[dict[str, str], list[str]]:
    """entity → pole from (line, entity, pole) entries, and a problem per line giving a state a second pole."""
    mapping: dict[str, str] = {}
    problems = []
    for line, entity, pole in entries:
        if mapping.get(entity, pole) != pole:
            problems.append(
                f"line {line}: {entity} is in two poles ({mapping[entity]}, {pole}); keep one line per state"
            )
        mapping[entity] = pole
    return mapping, problems


def poles_refused(file_name: str, problems: list[str]) -> BadInputFile:
    """The one error for a poles file with ``problems`` (the first five shown)."""
    shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
    return BadInputFile(f"{file_name}: {shown}", POLES_HINT)


def parse_poles(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=["entity", "pole", "note"])

    def row(record: CsvRecord):
        pole = record.fields["pole"].strip()
        if not POLE_PATTERN.match(pole):
            raise RowProblem("cast_error", f"pole {pole!r} is not an upper-case id", "pole")
        entity = ctx.resolver.resolve(record.fields["entity"], "entity", None, "entity")
        return (entity,), [{"entity": entity, "pole": pole, "note": record.fields["note"].strip() or None}]

    output = parse_csv_rows(csv_file, row)
    _, problems = pole_mapping((r.line, record["entity"], record["pole"]) for r in output.rows for record in r.records)
    if problems:
        raise poles_refused(ctx.file_name, problems)
    return output


SOURCE = Source(
    id="multivector_poles",
    title="multivector default pole mapping",
    publisher="multivector contributors",
    citation="multivector contributors, default pole mapping (RUS, CHN, WEST, TUR; all other states "
    "OTHER), data/poles/poles.csv in the multivector repository.",
    licence="CC0-1.0",
    url="data/poles/poles.csv",
    origin="curated in this repository after the project's THEORY (vocabulary: poles)",
    accessed=date(2026, 11, 21),
    version="2026.11",
    year=2026,
    files=(FileSpec("poles/poles.csv", "poles", parse_poles, uses_crosswalk=True),),
)
