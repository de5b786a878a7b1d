"""CIA World Factbook, last edition (factbook.json snapshot of 22 January 2026): trade
partners and top export commodities.

Reads the country profiles of ``factbook/factbook.json`` as published (one JSON file per
country, named by its GEC/FIPS code: ``kz.json``, ``ch.json`` ...). From each file only
the country's name and three fields of ``Economy`` are used; the Factbook was discontinued
on 4 February 2026 and this is its last content. Two sources read the same 31 files:

* ``factbook_2026`` → ``flows``: ``"Exports - partners"`` and ``"Imports - partners"``,
  e.g. ``"China 16%, UK 15%, Russia 10%, Turkey 6%, Italy 5% (2023)"``: the top five
  partners with their share of the country's exports or imports, then the data year.
  Each partner entry gives one flow like ``factbook_trade_partners``: reporter = the
  country of the file, channel ``exports`` / ``imports``, unit ``share_pct`` (a share of
  the reporter's own total, not money), year = the year in parentheses (2023 in all 31
  files); "(2023 est.)" sets ``is_estimate``.
* ``factbook_2026_commodities`` → ``facts``: ``"Exports - commodities"``, e.g. ``"crude
  petroleum, gold, radioactive chemicals, refined copper, copper ore (2023)"``, noted
  "top five export commodities based on value in dollars". Each commodity gives one fact
  of kind ``figure``: ``fact_id = 'export_commodity:<reporter>:<rank>'``, subject = the
  reporter, text = the commodity as written, ``value_number`` = its rank (1 = largest),
  unit ``rank_by_export_value``, valid through the data year, domain ``economic``, cited
  to the document ``cia_factbook_2026_01`` with locator
  ``<gec>.json: Economy."Exports - commodities"``; ``attributes`` keep the field, rank,
  data year, estimate flag, the note without tags and the JSON line.

Two sources, not two file specs of one, because the store keys an ingest by source and
file (its run id, its previous run, its rejects, the latest run ``multivector sources``
counts): a second spec of ``factbook_2026`` over the same file would share the first
one's run id and replace its rejects.

A JSON file is not a CSV file, so the parsers make their own lines: one per entry of the
fields read, numbered 1, 2, 3 ... through the file in one sequence: export partners,
import partners (as printed), then export commodities (``kz.json``: partners 1-10,
commodities 11-15). ``file_line`` is that entry number, not a physical line: the five
entries of a list share one physical JSON line, which could not identify a rejected entry
on its own; one sequence for both sources keeps (file, entry) unique in ``rejects``.
``detail`` (flows), ``attributes`` (facts) and the raw text of a reject give the physical
JSON line (1-based) of the list and the entry's rank. ``rows_in`` is the number of
entries of the source's fields found in the file.

Traps handled:

* **Commas inside names**: "Gambia, The 4%" is one partner. An entry ends at its "N%";
  a piece without a share joins the next one when that one is a name's tail ("The ...",
  "South", "North", "Republic of ..."), otherwise it is an entry without a share and is
  rejected as missing_value.
* **0%** ("Thailand 0%, Japan 0%" in Mongolia's exports) is the published, rounded share
  of a listed top partner: stored as 0, not treated as missing.
* The reporter is named by the file's own ``Government."Country name"`` (or
  ``"Union name"`` for the EU) in the crosswalk's ``factbook`` scheme: the EU file's
  entries (partners and commodities) are not_a_state, as are partners such as "EU".
  HTML tags are stripped.
* A list without a data year in parentheses rejects its entries as missing_value; a
  missing field gives no entries.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date

from multivector.errors import BadInputFile
from multivector.rejects import RowProblem
from multivector.sources.base import FileSpec, ParseContext, ParsedRow, ParseOutput, Source

FIELDS = {"Exports - partners": "exports", "Imports - partners": "imports"}
COMMODITIES = "Exports - commodities"
COMMODITY_UNIT = "rank_by_export_value"
DOCUMENT = "cia_factbook_2026_01"
GEC_CODES = (
    "kz",
    "uz",
    "tx",
    "kg",
    "ti",
    "aj",
    "am",
    "gg",
    "up",
    "bo",
    "md",
    "en",
    "lg",
    "lh",
    "mg",
    "rs",
    "ch",
    "us",
    "ee",
    "gm",
    "fr",
    "it",
    "pl",
    "uk",
    "tu",
    "in",
    "ir",
    "ja",
    "ks",
    "pk",
    "af",
)
SNAPSHOT = "factbook.json 2026-01-22"
_YEAR = re.compile(r"\((\d{4})(\s*est\.?)?\)\s*$")
_SHARE = re.compile(r"^(?P<name>.+?)\s+(?P<share>\d+(?:\.\d+)?)\s*%$")
_NAME_TAIL = re.compile(
    r"^(The|the|South|North|Republic|Rep\.|Democratic|Dem\.|Islamic|"
    r"Federated|People's)\b"
)
_TAG = re.compile(r"<[^>]+>")
_NOTE_LABEL = re.compile(r"^note:\s*", re.I)


def _data_year(text: str) -> tuple[str, int | None, bool]:
    """'<b>gold</b>, coal (2023 est.)' → ('gold, coal', 2023, True): tags and year removed."""
    body = _TAG.sub("", text).strip()
    found = _YEAR.search(body)
    if not found:
        return body, None, False
    return body[: found.start()].strip(), int(found.group(1)), bool(found.group(2))


def split_commodities(text: str) -> tuple[list[str], int | None, bool]:
    """'crude petroleum, gold (2023)' → (['crude petroleum', 'gold'], 2023, False)."""
    body, when, estimate = _data_year(text)
    return [piece.strip() for piece in body.split(",") if piece.strip()], when, estimate


def split_partners(text: str) -> tuple[list[tuple[str, float | None]], int | None, bool]:
    """'China 16%, Gambia, The 4% (2023 est.)' → ([('China', 16.0), ('Gambia, The', 4.0)], 2023, True)."""
    body, when, estimate = _data_year(text)
    pieces = [piece.strip() for piece in body.split(",") if piece.strip()]
    entries: list[tuple[str, float | None]] = []
    pending = ""
    for index, piece in enumerate(pieces):
        name = f"{pending}, {piece}" if pending else piece
        share = _SHARE.match(name)
        if share:
            entries.append((share.group("name").strip(), float(share.group("share"))))
            pending = ""
        elif index + 1 < len(pieces) and _NAME_TAIL.match(pieces[index + 1]):
            pending = name
        else:
            entries.append((name, None))
            pending = ""
    return entries, when, estimate


def _country_name(profile: dict, file_name: str) -> str:
    government = profile.get("Government", {})
    named = government.get("Country name") or government.get("Union name") or {}
    for form in ("conventional short form", "conventional long form"):
        text = _TAG.sub("", named.get(form, {}).get("text", "")).strip()
        if text and text.casefold() != "none":
            return text
    raise BadInputFile(
        f"{file_name}: no Government 'Country name' or 'Union name'", "the file must be a factbook.json country profile"
    )


def _json_line(lines: list[str], field: str, text: str) -> int:
    """1-based physical line of the field's text string (else of the field's key)."""
    encoded = (json.dumps(text), json.dumps(text, ensure_ascii=False))
    key_line = next((n for n, line in enumerate(lines, 1) if f'"{field}"' in line), 0)
    for number in range(max(key_line, 1), len(lines) + 1):
        if any(form in lines[number - 1] for form in encoded):
            return number
    return key_line


@dataclass(frozen=True)
class Profile:
    """What the parsers read of one country file."""

    file: str  # "kz.json"
    country: str
    lines: list[str]
    economy: dict

    def text(self, field: str) -> str:
        return self.economy.get(field, {}).get("text", "")


def read_profile(data: bytes, ctx: ParseContext) -> Profile:
    try:
        text = data.decode("utf-8")
        profile = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInputFile(
            f"{ctx.file_name}: not a UTF-8 JSON file ({exc})", "restore the file as published by factbook.json"
        ) from None
    return Profile(
        ctx.file_name.rsplit("/", 1)[-1],
        _country_name(profile, ctx.file_name),
        text.splitlines(),
        profile.get("Economy", {}),
    )


def partner_entries(profile: Profile) -> int:
    """How many partner entries the file numbers before its commodity entries."""
    return sum(len(split_partners(profile.text(field))[0]) for field in FIELDS if profile.text(field))


def parse_profile(data: bytes, ctx: ParseContext) -> ParseOutput:
    profile = read_profile(data, ctx)
    country, lines = profile.country, profile.lines
    output = ParseOutput(rows_in=0)
    for field, channel in FIELDS.items():
        published = profile.text(field)
        if not published:
            continue
        json_line = _json_line(lines, field, published)
        entries, when, estimate = split_partners(published)
        for rank, (partner, share) in enumerate(entries, 1):
            output.rows_in += 1
            entry = output.rows_in
            shown = f"{partner} {share:g}%" if share is not None else partner
            raw = f"{field} entry {rank}: {shown} (JSON line {json_line})"
            try:
                record = _record(ctx, country, channel, partner, share, when, estimate)
            except RowProblem as problem:
                output.rejects.append(problem.at(entry, raw))
                continue
            record["detail"] = (
                f"{SNAPSHOT}; {channel} partner rank {rank}; as written {partner!r}; JSON line {json_line}"
            )
            output.rows.append(ParsedRow(entry, raw, (channel, rank), (record,)))
    return output


def _record(ctx, country, channel, partner, share, when, estimate) -> dict:
    if when is None:
        raise RowProblem("missing_value", "the partner list prints no data year", "year")
    reporter = ctx.resolver.resolve(country, "factbook", when, "Country name")
    partner_id = ctx.resolver.resolve(partner, "factbook", when, "partner")
    if share is None:
        raise RowProblem("missing_value", f"{partner!r} is listed without a share", "share")
    if share > 100:
        raise RowProblem("out_of_range", f"share {share} is above 100", "share")
    return {
        "year": when,
        "reporter": reporter,
        "partner": partner_id,
        "channel": channel,
        "value": share,
        "unit": "share_pct",
        "is_estimate": estimate,
        "is_mirror": False,
    }


@dataclass(frozen=True)
class CommodityList:
    """The published commodity list of one file, as the facts need it."""

    profile: Profile
    year: int | None
    is_estimate: bool
    note: str | None
    json_line: int

    @property
    def locator(self) -> str:
        return f'{self.profile.file}: Economy."{COMMODITIES}"'


def _commodity_list(profile: Profile) -> tuple[list[str], CommodityList]:
    published = profile.text(COMMODITIES)
    commodities, when, estimate = split_commodities(published)
    note = _NOTE_LABEL.sub("", _TAG.sub("", profile.economy[COMMODITIES].get("note", "")).strip())
    json_line = _json_line(profile.lines, COMMODITIES, published)
    return commodities, CommodityList(profile, when, estimate, note or None, json_line)


def parse_commodities(data: bytes, ctx: ParseContext) -> ParseOutput:
    profile = read_profile(data, ctx)
    if not profile.text(COMMODITIES):
        return ParseOutput(rows_in=0)
    commodities, listing = _commodity_list(profile)
    output = ParseOutput(rows_in=len(commodities))
    first = partner_entries(profile)  # one entry sequence per file for both sources
    for rank, commodity in enumerate(commodities, 1):
        raw = f"{COMMODITIES} entry {rank}: {commodity} (JSON line {listing.json_line})"
        try:
            fact = _commodity_fact(ctx, listing, rank, commodity)
        except RowProblem as problem:
            output.rejects.append(problem.at(first + rank, raw))
            continue
        output.rows.append(ParsedRow(first + rank, raw, ("export_commodity", rank), (fact,)))
    return output


def _commodity_fact(ctx: ParseContext, listing: CommodityList, rank: int, commodity: str) -> dict:
    if listing.year is None:
        raise RowProblem("missing_value", "the commodity list prints no data year", "year")
    reporter = ctx.resolver.resolve(listing.profile.country, "factbook", listing.year, "Country name")
    attributes = {
        "field": COMMODITIES,
        "rank": rank,
        "data_year": listing.year,
        "is_estimate": listing.is_estimate,
        "note": listing.note,
        "json_line": listing.json_line,
        "snapshot": SNAPSHOT,
    }
    return {
        "fact_id": f"export_commodity:{reporter}:{rank}",
        "kind": "figure",
        "subject": reporter,
        "object": None,
        "text": commodity,
        "value_number": float(rank),
        "unit": COMMODITY_UNIT,
        "valid_from": date(listing.year, 1, 1),
        "valid_to": date(listing.year, 12, 31),
        "domain": "economic",
        "direction": None,
        "status": None,
        "attributes": json.dumps(attributes, ensure_ascii=False, sort_keys=True),
        "cites": DOCUMENT,
        "locator": listing.locator,
    }


SOURCE = Source(
    id="factbook_2026",
    title="CIA World Factbook, last edition (January 2026 snapshot): export and import partners",
    publisher="Central Intelligence Agency (CIA)",
    citation="Central Intelligence Agency, The World Factbook (discontinued 4 February 2026), "
    "country profiles as of 22 January 2026, fields 'Exports - partners' and "
    "'Imports - partners', in the JSON copy factbook/factbook.json (Gerald Bauer), "
    "commit 783ed27f7a1116663c10e7b39d162d0c4500505d.",
    licence="Public domain (US Government work, 17 U.S.C. 105); factbook.json repository CC0 1.0",
    url="https://github.com/factbook/factbook.json",
    origin="factbook/factbook.json @ 783ed27f7a1116663c10e7b39d162d0c4500505d, <region>/<gec>.json "
    "(31 profiles, flattened to <gec>.json)",
    accessed=date(2026, 11, 21),
    version="2026-01-22 (783ed27)",
    year=2026,
    author="Central Intelligence Agency",
    files=tuple(
        FileSpec(f"factbook-json/{code}.json", "flows", parse_profile, uses_crosswalk=True) for code in GEC_CODES
    ),
)

EXPORT_COMMODITIES = replace(
    SOURCE,
    id="factbook_2026_commodities",
    title="CIA World Factbook, last edition (January 2026 snapshot): top five export commodities",
    citation="Central Intelligence Agency, The World Factbook (discontinued 4 February 2026), "
    "country profiles as of 22 January 2026, field 'Exports - commodities', in the JSON "
    "copy factbook/factbook.json (Gerald Bauer), "
    "commit 783ed27f7a1116663c10e7b39d162d0c4500505d.",
    files=tuple(
        FileSpec(f"factbook-json/{code}.json", "facts", parse_commodities, uses_crosswalk=True) for code in GEC_CODES
    ),
)
