"""The project's own curated crosswalk: entities with dates, dated code meanings, names.

Three human-editable files under ``data/codes/``; each row says why it is as it is.
They hold what general code lists get wrong for this field: COW 365 is the USSR until
1991-12-25; SIPRI's 'Serbia' before 2006 is Serbia and Montenegro; 'Oʻzbekiston' is
written with four different apostrophes.
"""

from __future__ import annotations

from datetime import date

from multivector.codes.normalize import code_key
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv
from multivector.sources.values import iso_date

KINDS = ("state", "dissolved_state", "territory")
NAME_SCHEME_ALIASES = {"imf": "imf_name", "sipri": "sipri", "factbook": "factbook", "nso": "nso", "name": "name"}
CODE_SCHEMES = ("iso3", "iso2", "iso_numeric", "m49", "cow", "cow_abb", "gw", "gw_abb", "fips", "imf")


def _dates(record: CsvRecord) -> tuple[date | None, date | None]:
    start = iso_date(record.fields["valid_from"], "valid_from")
    end = iso_date(record.fields["valid_to"], "valid_to")
    if start and end and start > end:
        raise RowProblem("out_of_range", f"valid_from {start} is after valid_to {end}", "valid_from")
    return start, end


def _known_entities(ctx: ParseContext) -> set[str]:
    return {row[0] for row in ctx.store.con.execute("SELECT entity FROM entities").fetchall()}


def _require_entity(entity: str, known: set[str], column: str = "entity") -> str:
    if entity not in known:
        raise RowProblem(
            "unknown_country",
            f"entity {entity!r} is not in data/codes/entities.csv",
            column,
            "add the entity to data/codes/entities.csv first",
        )
    return entity


def parse_entities(data: bytes, ctx: ParseContext):
    fields = ["entity", "name", "kind", "valid_from", "valid_to", "successor_of", "note"]
    csv_file = read_csv(data, file_name=ctx.file_name, required=fields)
    ids = {r.fields["entity"].strip() for r in csv_file.records}

    def row(record: CsvRecord):
        f = {k: v.strip() for k, v in record.fields.items()}
        if not (len(f["entity"]) == 3 and f["entity"].isascii() and f["entity"].isupper()):
            raise RowProblem("cast_error", f"entity {f['entity']!r} is not three capital letters", "entity")
        if f["kind"] not in KINDS:
            raise RowProblem("cast_error", f"kind {f['kind']!r} is not one of {', '.join(KINDS)}", "kind")
        if f["successor_of"]:
            _require_entity(f["successor_of"], ids, "successor_of")
        start, end = _dates(record)
        return (f["entity"],), [
            {
                "entity": f["entity"],
                "name": f["name"],
                "kind": f["kind"],
                "valid_from": start,
                "valid_to": end,
                "successor_of": f["successor_of"] or None,
                "note": f["note"] or None,
            }
        ]

    return parse_csv_rows(csv_file, row)


def parse_code_periods(data: bytes, ctx: ParseContext):
    fields = ["scheme", "code", "entity", "valid_from", "valid_to", "note"]
    csv_file = read_csv(data, file_name=ctx.file_name, required=fields)
    known = _known_entities(ctx)

    def row(record: CsvRecord):
        f = {k: v.strip() for k, v in record.fields.items()}
        if f["scheme"] not in CODE_SCHEMES:
            raise RowProblem("cast_error", f"scheme {f['scheme']!r} is not one of {', '.join(CODE_SCHEMES)}", "scheme")
        start, end = _dates(record)
        code = code_key(f["code"])
        return (f["scheme"], code, start), [
            {
                "entity": _require_entity(f["entity"], known),
                "scheme": f["scheme"],
                "code": code,
                "valid_from": start,
                "valid_to": end,
                "note": f["note"] or None,
            }
        ]

    return parse_csv_rows(csv_file, row)


def parse_names(data: bytes, ctx: ParseContext):
    fields = ["scheme", "name", "entity", "valid_from", "valid_to", "note"]
    csv_file = read_csv(data, file_name=ctx.file_name, required=fields)
    known = _known_entities(ctx)

    def row(record: CsvRecord):
        f = {k: v.strip() for k, v in record.fields.items()}
        scheme = NAME_SCHEME_ALIASES.get(f["scheme"])
        if scheme is None:
            raise RowProblem(
                "cast_error", f"scheme {f['scheme']!r} is not one of {', '.join(NAME_SCHEME_ALIASES)}", "scheme"
            )
        if not f["name"]:
            raise RowProblem("missing_value", "name is empty", "name")
        entity = _require_entity(f["entity"], known) if f["entity"] else None
        if entity is None and not f["note"]:
            raise RowProblem("missing_value", "a name that is not a state needs a note saying what it is", "note")
        start, end = _dates(record)
        return (scheme, f["name"], start), [
            {
                "entity": entity,
                "scheme": scheme,
                "code": f["name"],
                "valid_from": start,
                "valid_to": end,
                "note": f["note"] or None,
            }
        ]

    return parse_csv_rows(csv_file, row)


SOURCE = Source(
    id="multivector_codes",
    title="multivector curated country crosswalk",
    publisher="multivector contributors",
    citation="multivector contributors, curated country crosswalk (entities, dated code meanings, "
    "source-specific names), data/codes in the multivector repository.",
    licence="CC0-1.0",
    url="data/codes",
    origin="curated in this repository from the countrycode and isard code lists, SIPRI, IMF DOTS, "
    "CIA World Factbook and national statistics offices' partner names",
    accessed=date(2026, 11, 21),
    version="2026.11",
    year=2026,
    files=(
        FileSpec("codes/entities.csv", "entities", parse_entities),
        FileSpec("codes/code_periods.csv", "country_codes", parse_code_periods),
        FileSpec("codes/names.csv", "country_codes", parse_names),
    ),
)
