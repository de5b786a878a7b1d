"""The curated knowledge base: cited documents and facts in TOML files under ``data/facts/``.

Format: each file holds one array of tables, one entry per ``[[...]]`` header
(``[[document]]`` in ``documents.toml``, ``[[institution]]``, ``[[event]]``, ``[[figure]]``,
``[[infrastructure]]`` in the others); ``data/facts/README.md`` shows one of each. An
entry is one row in: ``rows_in`` is the number of entries and an entry's ``file_line``
is the line of its header. Files are the project's own (CC0), written by hand.

Units: a figure carries its own unit as written by its source (``usd_billion_current``,
``share_pct``, ``km``, ``million_bbl_per_day`` ...); capacities of infrastructure the same
(``bcm_per_year``, ``mt_per_year``). A fact without a number has unit ``none`` (the column
is NOT NULL). Coverage: memberships from 1991, events 1992-2025, figures 1989-2025,
infrastructure start years from 1967 (Soviet-built gas lines).

What is loaded:

* ``documents.toml`` → ``documents``: the two seed texts (never shipped) and the public
  sources facts cite;
* every other file → ``facts``. An institution gives a fact of kind ``institution`` and
  one of kind ``membership`` per member (subject = the member, object = the institution,
  ``valid_from``/``valid_to`` = joined/left); an event, a figure or an infrastructure
  item gives one fact of its kind. Fields without a column of their own (actors, place,
  capacity, route, transit, owners, date precision, keywords ...) go to ``attributes``
  as JSON. A figure that is a volume on a route keeps its ``route`` (states resolved like an
  infrastructure item's), ``commodity``, ``name``, ``item`` and ``part_of`` there too. An
  institution's ``poles`` (the poles anchoring it) go there too, an empty list included:
  ``"poles": []`` says it is anchored by no pole, while no ``poles`` key says the anchors
  were not recorded.

Traps handled:

* a file that is not UTF-8 TOML, holds other top-level keys, or whose headers do not
  stand on lines of their own fails as a whole (BadInputFile), before the store is touched;
* every entry is validated (``kb/entries.py``); a bad one is rejected, not repaired:
  no cite or locator → ``missing_value``; a bad date, type or unit → ``cast_error``;
  an unknown key → ``extra_field``; a negative capacity or length → ``negative_value``;
  a state the crosswalk does not know → ``unknown_country`` (states are entity ids,
  resolved in the year of the event or of joining; figures and routes as of today,
  since a source names e.g. the Kazakh SSR of 1989 by today's state);
* a cite (or a ``primary``) that is not an entry of ``documents.toml`` in the same folder
  is rejected (``cast_error``, with the closest known ids);
* a citation of a seed text needs ``keywords`` or, for a figure, ``as_written``: the
  words or number that let a test find the fact in the cited sentence;
* dates may be known to the year or month only: they are stored as the first day of the
  period with their precision in ``attributes`` (``valid_from_precision``); a figure
  for year Y is valid from Y-01-01 to Y-12-31 (or ``year_to``);
* estimates that disagree keep one ``fact_id`` and differ by ``cites`` (and locator):
  both are loaded, side by side; the same entry twice is deduplicated.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from multivector.errors import BadInputFile
from multivector.kb.entries import (
    FACT_KINDS,
    KINDS,
    Document,
    Entry,
    Event,
    Figure,
    Infrastructure,
    Institution,
    When,
    problem_of,
)
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, ParsedRow, ParseOutput, Source

DOCUMENTS_FILE = "documents.toml"

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class RawEntry:
    line: int
    raw: str
    fields: dict


def read_entries(data: bytes, file_name: str, kind: str) -> list[RawEntry]:
    """The ``[[kind]]`` entries of a TOML file, each with its header line and its text."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        document = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadInputFile(
            f"{file_name}: not valid UTF-8 TOML ({exc})", "fix the file at the line the message names"
        ) from None
    unexpected = sorted(set(document) - {kind})
    if unexpected:
        raise BadInputFile(
            f"{file_name}: unexpected top-level key(s) {', '.join(unexpected)}",
            f"the file holds only [[{kind}]] entries",
        )
    entries = document.get(kind, [])
    lines = text.splitlines()
    header = re.compile(rf"^\s*\[\[\s*{re.escape(kind)}\s*\]\]\s*(#.*)?$")
    starts = [number for number, line in enumerate(lines, start=1) if header.match(line)]
    if len(starts) != len(entries):
        raise BadInputFile(
            f"{file_name}: {len(entries)} [[{kind}]] entries but {len(starts)} header lines",
            f"write each header as a line of its own: [[{kind}]]",
        )
    ends = starts[1:] + [len(lines) + 1]
    return [
        RawEntry(start, _block(lines, start, end), fields)
        for start, end, fields in zip(starts, ends, entries, strict=True)
    ]


def _block(lines: list[str], start: int, end: int) -> str:
    block = lines[start - 1 : end - 1]
    while block and (not block[-1].strip() or block[-1].lstrip().startswith("#")):
        block.pop()
    return "\n".join(block)


def validate(entry: RawEntry, kind: str) -> BaseModel:
    """The entry as its kind's model; a RowProblem naming the first field that is wrong."""
    return _validated(KINDS[kind], entry)


def validate_document(entry: RawEntry) -> Document:
    """The entry as a Document (``validate(entry, "document")``, typed)."""
    return _validated(Document, entry)


def validate_fact(entry: RawEntry, kind: str) -> Entry:
    """The entry as the model of a fact kind (``validate(entry, kind)``, typed)."""
    return _validated(FACT_KINDS[kind], entry)


def _validated(model: type[Model], entry: RawEntry) -> Model:
    try:
        return model.model_validate(entry.fields)
    except ValidationError as error:
        raise problem_of(error) from None


def _known_documents(ctx: ParseContext) -> dict[str, Document]:
    """The valid entries of documents.toml beside the file being read."""
    if ctx.path is None:
        raise BadInputFile(
            f"{ctx.file_name}: no folder to find {DOCUMENTS_FILE} in", "ingest the file from the data folder"
        )
    path = Path(ctx.path).parent / DOCUMENTS_FILE
    if not path.is_file():
        raise BadInputFile(
            f"{ctx.file_name}: {DOCUMENTS_FILE} is missing beside it", "restore data/facts/documents.toml"
        )
    known: dict[str, Document] = {}
    for entry in read_entries(path.read_bytes(), DOCUMENTS_FILE, "document"):
        try:
            document = validate_document(entry)
        except RowProblem:
            continue
        known.setdefault(document.id, document)
    return known


def parse_documents(data: bytes, ctx: ParseContext) -> ParseOutput:
    entries = read_entries(data, ctx.file_name, "document")
    output = ParseOutput(rows_in=len(entries))
    for entry in entries:
        try:
            document = validate_document(entry)
        except RowProblem as problem:
            output.rejects.append(problem.at(entry.line, entry.raw))
            continue
        note = document.note
        if document.seed_file:
            note = f"{note} Seed text {document.seed_file} (not shipped).".strip()
        record = {
            "document_id": document.id,
            "title": document.title,
            "author": document.author or None,
            "publisher": document.publisher or None,
            "published": document.published,
            "url": document.url or None,
            "note": note or None,
        }
        output.rows.append(ParsedRow(entry.line, entry.raw, ("document", document.id), (record,)))
    return output


class FactBuilder:
    """Turns validated entries into ``facts`` records, checking cites and states."""

    def __init__(self, ctx: ParseContext) -> None:
        self.ctx = ctx
        self.documents = _known_documents(ctx)
        self.seeds = {d.id for d in self.documents.values() if d.seed_file}

    def records(self, model: Entry) -> list[dict]:
        """The ``facts`` records of one validated entry, once its cites are known documents."""
        self._check_cite(model.cite, model.locator, "cite")
        if model.primary is not None:
            self._check_cite(model.primary, None, "primary")
        if isinstance(model, Institution):
            return self._institution(model)
        if isinstance(model, Event):
            return self._event(model)
        if isinstance(model, Figure):
            return self._figure(model)
        if isinstance(model, Infrastructure):
            return self._infrastructure(model)
        raise TypeError(f"no facts are built from a {type(model).__name__}")

    def _check_cite(self, cite: str, locator: str | None, column: str) -> None:
        if cite not in self.documents:
            close = difflib.get_close_matches(cite, list(self.documents), n=3, cutoff=0.6)
            hint = f"did you mean {' or '.join(close)}?" if close else f"add the document to {DOCUMENTS_FILE}"
            raise RowProblem(
                "unknown_reference", f"{column} {cite!r} is not a document of {DOCUMENTS_FILE}", column, hint
            )
        if locator is not None and cite in self.seeds and not re.fullmatch(r"s\d+", locator):
            raise RowProblem(
                "cast_error",
                f"locator {locator!r} of a seed text is not s<N>",
                "locator",
                "number the sentence with multivector.kb.split_sentences",
            )

    def _need_findable(self, cite: str, keywords, as_written=None, column: str = "keywords") -> None:
        if cite in self.seeds and not keywords and not as_written:
            raise RowProblem(
                "missing_value",
                f"a citation of the seed {cite!r} needs keywords "
                "(or as_written for a figure) to find it in its sentence",
                column,
            )

    def _state(self, code: str, year: int | None, column: str) -> str:
        return self.ctx.resolver.resolve(code, "entity", year, column)

    def _institution(self, entry: Institution) -> list[dict]:
        self._need_findable(entry.cite, entry.keywords)
        attributes = {
            "name": entry.name,
            "keywords": entry.keywords,
            "primary": entry.primary,
            "note": entry.note or None,
            "poles": entry.poles,
        }
        out = [
            _fact(
                entry.id,
                "institution",
                None,
                entry.id,
                entry.text,
                domain=entry.domain,
                valid_from=entry.founded,
                attributes=attributes,
                cites=entry.cite,
                locator=entry.locator,
                keep_empty=("poles",),
            )
        ]
        for index, member in enumerate(entry.members):
            column = f"members.{index}"
            cite, locator = member.cite or entry.cite, member.locator or entry.locator
            keywords = member.keywords or entry.keywords
            if member.cite is not None:
                self._check_cite(cite, locator, f"{column}.cite")
            self._need_findable(cite, keywords, column=f"{column}.keywords")
            year = member.joined.first_day.year if member.joined else None
            state = self._state(member.state, year, f"{column}.state")
            text = (
                f"{state}: {member.status} member of {entry.name}"
                + (f" from {member.joined.iso()}" if member.joined else "")
                + (f" to {member.left.iso()}" if member.left else "")
                + "."
            )
            out.append(
                _fact(
                    f"{entry.id}:{state}:{member.spell}",
                    "membership",
                    state,
                    entry.id,
                    text,
                    domain=entry.domain,
                    status=member.status,
                    valid_from=member.joined,
                    valid_to=member.left,
                    attributes={"keywords": keywords, "note": member.note or None},
                    cites=cite,
                    locator=locator,
                )
            )
        keys = [(fact["fact_id"], fact["cites"], fact["locator"]) for fact in out]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise RowProblem(
                "duplicate_key",
                f"two member rows give the fact {twice[0]}",
                "members",
                "give one of them another cite or locator, or another spell",
            )
        return out

    def _event(self, entry: Event) -> list[dict]:
        self._need_findable(entry.cite, entry.keywords)
        year = entry.date.first_day.year
        actors = [self._state(code, year, f"actors.{i}") for i, code in enumerate(entry.actors)]
        attributes = {
            "actors": actors,
            "place": entry.place or None,
            "keywords": entry.keywords,
            "primary": entry.primary,
            "note": entry.note or None,
        }
        return [
            _fact(
                entry.id,
                "event",
                actors[0],
                entry.object,
                entry.text,
                domain=entry.domain,
                direction=entry.direction,
                valid_from=entry.date,
                valid_to=entry.date,
                attributes=attributes,
                cites=entry.cite,
                locator=entry.locator,
            )
        ]

    def _figure(self, entry: Figure) -> list[dict]:
        self._need_findable(entry.cite, entry.keywords, entry.as_written)
        subject = self._state(entry.subject, None, "subject") if entry.subject else None
        partner = self._state(entry.partner, None, "partner") if entry.partner else None
        route = [self._state(code, None, f"route.{i}") for i, code in enumerate(entry.route)]
        start = When(first_day=date(entry.year, 1, 1), precision="year") if entry.year else None
        end = date(entry.year_to or entry.year, 12, 31) if entry.year else None
        attributes = {
            "low": entry.low,
            "high": entry.high,
            "year": entry.year,
            "year_to": entry.year_to,
            "period": entry.period or None,
            "qualifier": entry.qualifier,
            "as_written": entry.as_written,
            "route": route,
            "commodity": entry.commodity or None,
            "name": entry.name or None,
            "item": entry.item,
            "part_of": entry.part_of,
            "keywords": entry.keywords,
            "primary": entry.primary,
            "note": entry.note or None,
        }
        return [
            _fact(
                entry.id,
                "figure",
                subject,
                partner,
                entry.text,
                value=entry.value,
                unit=entry.unit,
                domain=entry.domain,
                valid_from=start,
                valid_to=end,
                attributes=attributes,
                cites=entry.cite,
                locator=entry.locator,
            )
        ]

    def _infrastructure(self, entry: Infrastructure) -> list[dict]:
        self._need_findable(entry.cite, entry.keywords)
        route = [self._state(code, None, f"route.{i}") for i, code in enumerate(entry.route)]
        transit = [self._state(code, None, f"transit.{i}") for i, code in enumerate(entry.transit)]
        attributes = {
            "item": entry.item,
            "name": entry.name,
            "infrastructure_kind": entry.kind,
            "commodity": entry.commodity or None,
            "route": route,
            "transit": transit,
            "length_km": entry.length_km,
            "owners": entry.owners,
            "operator": entry.operator or None,
            "keywords": entry.keywords,
            "primary": entry.primary,
            "note": entry.note or None,
        }
        return [
            _fact(
                entry.id,
                "infrastructure",
                route[0],
                entry.item,
                entry.text,
                value=entry.capacity,
                unit=entry.capacity_unit,
                domain="economic",
                status=entry.status,
                valid_from=entry.start,
                valid_to=entry.end,
                attributes=attributes,
                cites=entry.cite,
                locator=entry.locator,
            )
        ]


def _fact(
    fact_id,
    kind,
    subject,
    obj,
    text,
    *,
    cites,
    locator,
    value=None,
    unit=None,
    domain=None,
    direction=None,
    status=None,
    valid_from: When | date | None = None,
    valid_to: When | date | None = None,
    attributes: dict,
    keep_empty: tuple[str, ...] = (),
) -> dict:
    """One facts row; empty attributes are left out, except an empty list named in ``keep_empty``."""
    extra = {
        key: value
        for key, value in attributes.items()
        if value not in (None, [], "") or (key in keep_empty and value == [])
    }
    for name, when in (("valid_from", valid_from), ("valid_to", valid_to)):
        if isinstance(when, When):
            extra[f"{name}_precision"] = when.precision
    return {
        "fact_id": fact_id,
        "kind": kind,
        "subject": subject,
        "object": obj,
        "text": text,
        "value_number": value,
        "unit": unit or None,
        "valid_from": _day(valid_from),
        "valid_to": _day(valid_to),
        "domain": domain,
        "direction": direction,
        "status": status,
        "attributes": json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None,
        "cites": cites,
        "locator": locator,
    }


def _day(when: When | date | None) -> date | None:
    return when.first_day if isinstance(when, When) else when


def facts_parser(kind: str):
    """A parser for a file of ``[[kind]]`` entries that load into ``facts``."""

    def parse(data: bytes, ctx: ParseContext) -> ParseOutput:
        entries = read_entries(data, ctx.file_name, kind)
        builder = FactBuilder(ctx)
        output = ParseOutput(rows_in=len(entries))
        for entry, records in _built(entries, kind, builder, output):
            key = (kind, entry.fields.get("id"), entry.fields.get("cite"), entry.fields.get("locator"))
            output.rows.append(ParsedRow(entry.line, entry.raw, key, tuple(records)))
        return output

    return parse


def _built(entries, kind, builder: FactBuilder, output: ParseOutput) -> Iterator[tuple[RawEntry, list]]:
    for entry in entries:
        try:
            yield entry, builder.records(validate_fact(entry, kind))
        except RowProblem as problem:
            output.rejects.append(problem.at(entry.line, entry.raw))


SOURCE = Source(
    id="knowledge_base",
    title="multivector knowledge base: cited institutions, memberships, events, figures and "
    "infrastructure of post-Soviet multi-vector policy",
    publisher="multivector project",
    citation="multivector knowledge base (data/facts), curated facts each citing its document "
    "and locator, version 2026-11-21. Cite the documents named in each fact's "
    "'cites' column for the facts themselves.",
    licence="CC0-1.0 (the project's own curation; the cited documents keep their own terms)",
    url="",
    origin="curated by hand in this repository, data/facts/*.toml",
    accessed=date(2026, 11, 21),
    version="2026-11-21",
    year=2026,
    files=(
        FileSpec("facts/documents.toml", "documents", parse_documents),
        *(
            FileSpec(
                f"facts/{kind}s.toml" if kind != "infrastructure" else "facts/infrastructure.toml",
                "facts",
                facts_parser(kind),
                uses_crosswalk=True,
                depends_on=("facts/documents.toml",),
            )
            for kind in ("institution", "event", "figure", "infrastructure")
        ),
    ),
)
