"""What a source module declares: its origin, its files, and a parser per file."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from multivector.codes.resolver import CountryResolver, StoreReader
from multivector.rejects import Reject, RowProblem
from multivector.sources.textfile import CsvFile, CsvRecord


class ParsedRow(NamedTuple):
    """One source line that parsed: its natural key and the table records it gives."""

    line: int
    raw: str
    key: tuple
    records: tuple[dict, ...]


@dataclass
class ParseOutput:
    rows_in: int
    rows: list[ParsedRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


@dataclass
class ParseContext:
    """What a parser may consult: the store as loaded so far, and the country resolver."""

    store: StoreReader
    file_name: str
    path: Path | None = None
    _resolver: CountryResolver | None = None

    @property
    def resolver(self) -> CountryResolver:
        if self._resolver is None:
            self._resolver = shared_resolver(self.store)
        return self._resolver


class SharedResolver(CountryResolver):
    """A country resolver that the files ingested into one store share while the crosswalk
    stays the same, so each file neither builds its own nor works out again what the
    files before it asked (the resolver remembers its answers)."""


# What a resolver is built from: the rows of both tables (as an order-blind sum of row
# hashes) and the ingest runs that wrote them (a re-ingest can reorder equal rows).
_CROSSWALK_STATE = """
    SELECT (SELECT count(*) FROM entities), (SELECT sum(hash(e)) FROM entities e),
           (SELECT count(*) FROM country_codes), (SELECT sum(hash(c)) FROM country_codes c),
           (SELECT count(*) FROM ingest_runs WHERE target_table IN ('entities', 'country_codes')),
           (SELECT max(finished_at) FROM ingest_runs WHERE target_table IN ('entities', 'country_codes'))
"""
_SHARED: weakref.WeakKeyDictionary[StoreReader, tuple[tuple | None, SharedResolver]] = weakref.WeakKeyDictionary()


def shared_resolver(store: StoreReader) -> SharedResolver:
    """The store's resolver for its crosswalk as it is now: the last one if unchanged, else anew."""
    state = store.con.execute(_CROSSWALK_STATE).fetchone()
    last = _SHARED.get(store)
    if last is None or last[0] != state:
        last = (state, SharedResolver.from_store(store))
        _SHARED[store] = last
    return last[1]


Parser = Callable[[bytes, ParseContext], ParseOutput]
RowParser = Callable[[CsvRecord], tuple[tuple, Iterable[dict]]]


@dataclass(frozen=True)
class FileSpec:
    """One shipped file of a source, the table it loads into and how to read it."""

    path: str
    table: str
    parse: Parser
    parser_version: str = "1"
    uses_crosswalk: bool = False
    depends_on: tuple[str, ...] = ()  # other data files (relative to data/) the parser reads


@dataclass(frozen=True)
class Source:
    """Origin record of a source: enough to cite it and to trace every row to it."""

    id: str
    title: str
    publisher: str
    citation: str
    licence: str
    url: str
    origin: str
    accessed: date
    version: str
    year: int
    files: tuple[FileSpec, ...]
    author: str = ""
    bibtex_type: str = "misc"

    def bibtex(self) -> str:
        """A BibTeX entry for the source."""
        fields = {
            "title": "{" + self.title + "}",
            "author": "{" + (self.author or self.publisher) + "}",
            "publisher": self.publisher,
            "year": str(self.year),
            "version": self.version,
            "url": self.url,
            "urldate": self.accessed.isoformat(),
            "note": f"{self.citation} Licence: {self.licence}.",
        }
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
        return f"@{self.bibtex_type}{{{self.id},\n{body}\n}}"


def parse_csv_rows(csv_file: CsvFile, row_parser: RowParser) -> ParseOutput:
    """Apply ``row_parser`` to every record; a RowProblem rejects that line only."""
    output = ParseOutput(rows_in=csv_file.rows_in, rejects=list(csv_file.rejects))
    add_row, add_reject = output.rows.append, output.rejects.append
    for record in csv_file.records:
        try:
            key, records = row_parser(record)
        except RowProblem as problem:
            add_reject(problem.at(record.line, record.raw))
            continue
        add_row(ParsedRow(record.line, record.raw, key, tuple(records)))
    return output
