"""A user's pole mapping (``--poles FILE``): the shipped file's format, checked as a whole.

The file has columns ``entity`` and ``pole`` (``note`` optional); an entity is an ISO3
code, a project id (SUN for the USSR) or a name. States it does not list belong to OTHER.
Every bad line is reported at once, each with the closest known names; nothing is guessed.
"""

from __future__ import annotations

from pathlib import Path

import ibis

from multivector.codes.resolver import CountryResolver
from multivector.errors import BadInputFile
from multivector.sources.multivector_poles import POLE_PATTERN
from multivector.sources.textfile import read_csv
from multivector.store import Store
from multivector.store.rejects import RowProblem


def read_poles_file(path: Path, store: Store) -> ibis.Table:
    path = Path(path)
    if not path.is_file():
        raise BadInputFile(f"no poles file at {path}", "give a CSV with columns entity,pole")
    csv_file = read_csv(path.read_bytes(), file_name=path.name, required=["entity", "pole"])
    resolver = CountryResolver.from_store(store)
    problems = [f"line {r.line}: {r.message}" for r in csv_file.rejects]
    mapping: dict[str, str] = {}
    for record in csv_file.records:
        text, pole = record.fields["entity"].strip(), record.fields["pole"].strip()
        if not POLE_PATTERN.match(pole):
            problems.append(f"line {record.line}: pole {pole!r} is not an upper-case id")
            continue
        entity = _resolve(resolver, text, record.line, problems)
        if entity is None:
            continue
        if mapping.get(entity, pole) != pole:
            problems.append(f"line {record.line}: {entity} is in two poles ({mapping[entity]}, {pole})")
        mapping[entity] = pole
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise BadInputFile(f"{path.name}: {shown}", "fix these lines (entity: ISO3 code or name; pole: e.g. RUS)")
    if not mapping:
        raise BadInputFile(f"{path.name} maps no state to a pole", "add lines entity,pole")
    return ibis.memtable({"entity": list(mapping), "pole": list(mapping.values())})


def _resolve(resolver: CountryResolver, text: str, line: int, problems: list[str]) -> str | None:
    problem = None
    for scheme in ("entity", "iso3", "name"):
        try:
            return resolver.resolve(text, scheme)
        except RowProblem as found:
            problem = found
    hint = f" (did you mean {problem.suggestion}?)" if problem.suggestion else ""
    problems.append(f"line {line}: unknown state {text!r}{hint}")
    return None
