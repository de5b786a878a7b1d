"""The country crosswalk read straight from ``data/codes/``, without a store.

The store's resolver (``CountryResolver.from_store``) reads the tables that ``multivector
build`` loads from these same files; a preset is read before, or without, any build, so it
builds the same resolver from the files: the entities (``entities.csv``), the dated code
meanings (``code_periods.csv``), the names (``names.csv``) and countrycode's code list,
whose codes ``code_periods.csv`` dates are taken from there instead, as the build does
(``multivector.sources.countrycode``). Nothing is guessed: an unknown name is refused by the
resolver with its closest known names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from multivector.codes.normalize import code_key, name_key
from multivector.codes.resolver import CountryResolver, EntityInfo, Mapping
from multivector.errors import DataFileMissing
from multivector.sources.countrycode import CODE_COLUMNS, NAME_COLUMNS
from multivector.sources.multivector_codes import NAME_SCHEME_ALIASES

CODELIST = Path("countrycode") / "codelist.csv"


@dataclass(frozen=True)
class Crosswalk:
    """The resolver, each entity's kind (state, dissolved_state, territory), and countrycode's
    code list as rows keyed by entity (for its ``continent`` and ``region`` columns)."""

    resolver: CountryResolver
    kinds: dict[str, str]
    codelist: dict[str, dict[str, str]]
    #: code-list lines that match no entity (the build rejects them): listed, never dropped unseen
    unmatched: tuple[dict[str, str], ...] = ()


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(file)]


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


FILES = ("entities.csv", "code_periods.csv", "names.csv", str(CODELIST))


def crosswalk(codes_dir: Path) -> Crosswalk:
    """The crosswalk of ``codes_dir`` (``data/codes``), read again only when one of its files changed."""
    codes_dir = Path(codes_dir).resolve()
    missing = [name for name in FILES if not (codes_dir / name).is_file()]
    if missing:
        raise DataFileMissing(
            f"the crosswalk folder {codes_dir.name}/ lacks {', '.join(missing)}", "give the data folder of a checkout"
        )
    stamp = tuple((codes_dir / name).stat().st_mtime_ns for name in FILES)
    return _crosswalk(codes_dir, stamp)


@lru_cache(maxsize=4)
def _crosswalk(codes_dir: Path, stamp: tuple[int, ...]) -> Crosswalk:
    entity_rows = read_rows(codes_dir / "entities.csv")
    entities = [
        EntityInfo(r["entity"], r["name"], _day(r["valid_from"]), _day(r["valid_to"]), r["successor_of"] or None)
        for r in entity_rows
    ]
    periods = [
        Mapping(r["scheme"], code_key(r["code"]), r["entity"], _day(r["valid_from"]), _day(r["valid_to"]), r["note"])
        for r in read_rows(codes_dir / "code_periods.csv")
    ]
    names = [
        Mapping(
            NAME_SCHEME_ALIASES[r["scheme"]],
            r["name"],
            r["entity"] or None,
            _day(r["valid_from"]),
            _day(r["valid_to"]),
            r["note"] or None,
        )
        for r in read_rows(codes_dir / "names.csv")
    ]
    listed, codelist, unmatched = _codelist(codes_dir / CODELIST, {e.entity: e.name for e in entities}, periods)
    resolver = CountryResolver([*periods, *names, *listed], entities)
    return Crosswalk(resolver, {r["entity"]: r["kind"] for r in entity_rows}, codelist, tuple(unmatched))


def _codelist(
    path: Path, names: dict[str, str], periods: list[Mapping]
) -> tuple[list[Mapping], dict[str, dict[str, str]], list[dict[str, str]]]:
    """countrycode's codes and names of each entity it has a line for, as the build reads them."""
    by_name = {name_key(name): entity for entity, name in names.items()}
    dated = {(m.scheme, m.code) for m in periods}
    mappings: list[Mapping] = []
    rows: dict[str, dict[str, str]] = {}
    unmatched: list[dict[str, str]] = []
    for row in read_rows(path):
        entity = row["iso3c"] or by_name.get(name_key(row["country.name.en"]))
        if entity is None or entity not in names:
            unmatched.append(row)
            continue
        rows[entity] = row
        for column, scheme in CODE_COLUMNS.items():
            if row[column] and (scheme, code_key(row[column])) not in dated:
                mappings.append(Mapping(scheme, code_key(row[column]), entity, None, None))
        seen: set[str] = set()
        for column in NAME_COLUMNS:
            if row[column] and name_key(row[column]) not in seen:
                seen.add(name_key(row[column]))
                mappings.append(Mapping("name", row[column], entity, None, None))
    return mappings, rows, unmatched
