"""Default pole mapping (THEORY.md §1): which states make up each great-power vector.

``data/poles/poles.csv`` lists the states of every pole but OTHER; a state it does not
list belongs to OTHER. Replace the file (or pass another with ``--poles``) to study
other poles.
"""

from __future__ import annotations

import re
from datetime import date

from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.store.rejects import RowProblem

POLE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")


def parse_poles(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=["entity", "pole", "note"])

    def row(record: CsvRecord):
        pole = record.fields["pole"].strip()
        if not POLE_PATTERN.match(pole):
            raise RowProblem("cast_error", f"pole {pole!r} is not an upper-case id", "pole")
        entity = ctx.resolver.resolve(record.fields["entity"], "entity", None, "entity")
        return (entity,), [{"entity": entity, "pole": pole,
                            "note": record.fields["note"].strip() or None}]

    return parse_csv_rows(csv_file, row)


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
