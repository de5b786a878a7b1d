"""countrycode's code list (Arel-Bundock et al.): ISO, M49, COW, GW, FIPS and IMF codes and names.

Each line gives the codes of one entity. A (scheme, code) that ``data/codes/code_periods.csv``
dates is taken from there instead (COW 365 is not simply Russia). The list's regular
expressions are not used: they match 'Soviet Union' to Russia.
"""

from __future__ import annotations

from datetime import date

from multivector.codes.normalize import code_key, name_key
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, Source, parse_csv_rows
from multivector.sources.textfile import CsvRecord, read_csv

CODE_COLUMNS = {
    "iso3c": "iso3",
    "iso2c": "iso2",
    "iso3n": "iso_numeric",
    "un": "m49",
    "cown": "cow",
    "cowc": "cow_abb",
    "gwn": "gw",
    "gwc": "gw_abb",
    "fips": "fips",
    "imf": "imf",
}
NAME_COLUMNS = ("country.name.en", "iso.name.en", "un.name.en", "cow.name")


def parse_codelist(data: bytes, ctx: ParseContext):
    csv_file = read_csv(data, file_name=ctx.file_name, required=[*NAME_COLUMNS, *CODE_COLUMNS])
    entities = dict(ctx.store.con.execute("SELECT entity, name FROM entities").fetchall())
    by_name = {name_key(name): entity for entity, name in entities.items()}
    dated = {
        (s, c)
        for s, c in ctx.store.con.execute(
            "SELECT scheme, code FROM country_codes WHERE source_id = 'multivector_codes' "
            "AND scheme NOT IN ('name', 'sipri', 'imf_name', 'factbook', 'nso')"
        ).fetchall()
    }

    def row(record: CsvRecord):
        f = {k: v.strip() for k, v in record.fields.items()}
        name = f["country.name.en"]
        entity = f["iso3c"] or by_name.get(name_key(name))
        if entity is None or entity not in entities:
            raise RowProblem(
                "unknown_country",
                f"{name!r} ({f['iso3c'] or 'no ISO3'}) is not in entities.csv",
                "iso3c",
                "add the entity to data/codes/entities.csv",
            )
        records = []
        for column, scheme in CODE_COLUMNS.items():
            if f[column] and (scheme, code_key(f[column])) not in dated:
                records.append(_code(entity, scheme, code_key(f[column])))
        seen = set()
        for column in NAME_COLUMNS:
            if f[column] and name_key(f[column]) not in seen:
                seen.add(name_key(f[column]))
                records.append(_code(entity, "name", f[column]))
        return (entity,), records

    return parse_csv_rows(csv_file, row)


def _code(entity: str, scheme: str, code: str) -> dict:
    return {"entity": entity, "scheme": scheme, "code": code, "valid_from": None, "valid_to": None, "note": None}


SOURCE = Source(
    id="countrycode",
    title="countrycode: Convert Country Names and Country Codes (code list)",
    publisher="Vincent Arel-Bundock",
    author="Arel-Bundock, Vincent and Enevoldsen, Nils and Yetman, CJ",
    citation="Arel-Bundock, Vincent, Nils Enevoldsen, and CJ Yetman (2018). countrycode: An R package "
    "to convert country names and country codes. Journal of Open Source Software 3(28), 848. "
    "Code list of package version 1.8.0.",
    licence="GPL-3.0",
    url="https://github.com/vincentarelbundock/countrycode",
    origin="vincentarelbundock/countrycode @ 284d6a2f7e49d826e10894227a05d4c857e21540, data/codelist.rda "
    "(selected columns as CSV)",
    accessed=date(2026, 11, 21),
    version="1.8.0",
    year=2018,
    bibtex_type="article",
    files=(FileSpec("codes/countrycode/codelist.csv", "country_codes", parse_codelist, uses_crosswalk=True),),
)
