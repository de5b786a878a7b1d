"""A user's pole mapping (``--poles FILE``): the shipped file's format, checked as a whole.

The file has columns ``entity`` and ``pole`` (``note`` optional); an entity is an ISO3
code, a project id (SUN for the USSR) or a name. States it does not list belong to OTHER.
Every bad line is reported at once, each with the closest known names; nothing is guessed.
"""

from __future__ import annotations

import re
from pathlib import Path

import ibis

from multivector.codes.resolver import CountryResolver
from multivector.errors import BadInputFile
from multivector.rejects import RowProblem
from multivector.sources.multivector_poles import POLE_PATTERN, pole_mapping, poles_refused
from multivector.sources.textfile import read_csv
from multivector.store import Store

FORMAT = "a UTF-8 CSV file with the header entity,pole and lines such as KAZ,RUS"
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def read_poles_file(path: Path, store: Store) -> ibis.Table:
    path = Path(path)
    csv_file = read_csv(_text_bytes(path), file_name=path.name, required=["entity", "pole"])
    resolver = CountryResolver.from_store(store)
    problems = [f"line {r.line}: {r.message}" for r in csv_file.rejects]
    entries = []
    for record in csv_file.records:
        text, pole = record.fields["entity"].strip(), record.fields["pole"].strip()
        if not POLE_PATTERN.match(pole):
            problems.append(f"line {record.line}: pole {pole!r} is not an upper-case id")
            continue
        entity = _resolve(resolver, text, record.line, problems)
        if entity is not None:
            entries.append((record.line, entity, pole))
    mapping, two_poles = pole_mapping(entries)
    problems += two_poles
    if problems:
        raise poles_refused(path.name, problems)
    if not mapping:
        raise BadInputFile(f"{path.name} maps no state to a pole", "add lines entity,pole")
    return ibis.memtable({"entity": list(mapping), "pole": list(mapping.values())})


def _text_bytes(path: Path) -> bytes:
    """The bytes of a text file, or one error saying why ``path`` is none: missing, a folder,
    unreadable, empty, binary, or in an encoding other than UTF-8."""
    if not path.exists():
        raise BadInputFile(f"no poles file at {path}", f"give {FORMAT}")
    if not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file"
        raise BadInputFile(f"the poles file {path} is {kind}", f"give {FORMAT}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInputFile(
            f"cannot read the poles file {path}: {error.strerror}", "make the file readable, or give another one"
        ) from None
    if not data.strip():
        raise BadInputFile(f"the poles file {path.name} is empty", f"give {FORMAT}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInputFile(f"the poles file {path.name} is UTF-16", "re-save it as UTF-8")
    if _looks_binary(data):
        raise BadInputFile(f"the poles file {path.name} is not a text file", f"give {FORMAT}")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadInputFile(
            f"the poles file {path.name} is not UTF-8 (line {line}){_legacy(data)}",
            "re-save it as UTF-8 (in Excel: CSV UTF-8)",
        ) from None
    return data


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than 5% control bytes other than tab and line ends: no CSV."""
    head = data[:4096]
    controls = sum(byte < 32 and byte not in (9, 10, 13) for byte in head)
    return b"\x00" in head or controls > 0.05 * len(head)


def _legacy(data: bytes) -> str:
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return ""
    return "; it reads as Windows-1251 (Cyrillic)" if _CYRILLIC.search(text) else ""


def _resolve(resolver: CountryResolver, text: str, line: int, problems: list[str]) -> str | None:
    try:
        return resolver.resolve_first(text)
    except RowProblem as problem:
        hint = f" ({problem.suggestion})" if problem.suggestion else ""
        problems.append(f"line {line}: {problem.message}{hint}")
        return None
