"""The shipped crosswalk: its traps resolved, its files consistent, nothing ambiguous by accident."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date

import pytest

from multivector import api
from multivector.codes.resolver import NAME_SCHEMES, CountryResolver
from multivector.config import Settings
from multivector.errors import UnknownState
from multivector.rejects import RowProblem
from tests.conftest import REPO_DATA

CODES = REPO_DATA / "codes"


@pytest.fixture(scope="module")
def resolver(built_store) -> CountryResolver:
    return CountryResolver.from_store(built_store)


@pytest.mark.parametrize(
    ("value", "scheme", "year", "entity"),
    [
        ("365", "cow", 1985, "SUN"),
        ("365", "cow", 1991, "SUN"),
        ("365", "cow", 1992, "RUS"),
        ("365", "gw", 1990, "SUN"),
        ("365", "cow", 1900, "RUS"),
        ("705", "cow", 2000, "KAZ"),
        ("KZK", "cow_abb", 2000, "KAZ"),
        ("398", "iso_numeric", 2000, "KAZ"),
        ("916", "imf", 2000, "KAZ"),
        ("KZ", "fips", 2000, "KAZ"),
        ("810", "iso_numeric", 1980, "SUN"),
        ("345", "cow", 1980, "YUG"),
        ("345", "cow", 2000, "SCG"),
        ("345", "cow", 2010, "SRB"),
        ("315", "cow", 1980, "CSK"),
        ("265", "cow", 1980, "DDR"),
        ("260", "cow", 1980, "DEU"),
        ("Turkiye", "sipri", 2020, "TUR"),
        ("Viet Nam", "sipri", 2020, "VNM"),
        ("Serbia", "sipri", 2000, "SCG"),
        ("Serbia", "sipri", 2010, "SRB"),
        ("USSR", "imf_name", 1990, "SUN"),
        ("Kazakhstan", "factbook", 2010, "KAZ"),
        ("Oʻzbekiston", "name", 2020, "UZB"),
        ("O'zbekiston", "name", 2020, "UZB"),
        ("O‘zbekiston", "name", 2020, "UZB"),
        ("Қазақстан", "name", 2020, "KAZ"),
    ],
)
def test_known_codes_and_names_resolve_by_date(resolver, value, scheme, year, entity):
    assert resolver.resolve(value, scheme, year) == entity


@pytest.mark.parametrize(
    ("value", "scheme", "year", "reason"),
    [
        ("Soviet Union", "name", 1995, "not_valid_in_year"),
        ("Kazakhstan", "name", 1985, "not_valid_in_year"),
        ("KАZ", "iso3", 2000, "lookalike_characters"),
        ("World", "imf_name", 2000, "not_a_state"),
        ("NATO**", "sipri", 2000, "not_a_state"),
        ("Kazakhztan", "name", 2000, "unknown_country"),
    ],
)
def test_traps_are_rejected_not_guessed(resolver, value, scheme, year, reason):
    with pytest.raises(RowProblem) as caught:
        resolver.resolve(value, scheme, year)
    assert caught.value.reason == reason


def test_no_successor_of_the_ussr_is_mapped_to_russia_before_1992(built_store):
    assert built_store.con.execute(
        "SELECT count(*) FROM states WHERE entity = 'RUS' AND year BETWEEN 1923 AND 1991"
    ).fetchone() == (0,)
    assert built_store.con.execute("SELECT min(year) FROM states WHERE entity = 'KAZ'").fetchone() == (1991,)


def test_the_curated_files_load_without_a_reject(built_store):
    assert built_store.con.execute("SELECT count(*) FROM rejects WHERE source_id = 'multivector_codes'").fetchone() == (
        0,
    )


def read(name):
    with open(CODES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def day(text, default):
    return date.fromisoformat(text) if text else default


@pytest.mark.parametrize(("file_name", "column"), [("code_periods.csv", "code"), ("names.csv", "name")])
def test_no_code_or_name_denotes_two_entities_at_once(file_name, column):
    spans = defaultdict(list)
    for row in read(file_name):
        spans[(row["scheme"], row[column].casefold())].append(
            (day(row["valid_from"], date.min), day(row["valid_to"], date.max), row["entity"])
        )
    clashes = []
    for key, found in spans.items():
        found.sort()
        for (_s1, e1, a), (s2, _e2, b) in zip(found, found[1:]):
            if s2 <= e1 and a != b:
                clashes.append((key, a, b))
    assert clashes == []


def test_every_sipri_name_in_the_shipped_register_is_in_the_crosswalk():
    lines = (
        (REPO_DATA / "sipri" / "trade_register_deliveries_1995_2024_original.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    start = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID"))
    seen = {
        name
        for row in csv.DictReader(x.removesuffix(";") for x in lines[start:])
        for name in (row["Supplier"], row["Recipient"])
    }
    known = {row["name"] for row in read("names.csv") if row["scheme"] == "sipri"}
    assert seen - known == set()


def state_names(store) -> dict[str, set[str]]:
    """Every name of the crosswalk (curated and from the code lists) that names an entity → its entities."""
    named = defaultdict(set)
    rows = store.con.execute(
        "SELECT code, entity FROM country_codes WHERE entity IS NOT NULL AND scheme IN ?", [list(NAME_SCHEMES)]
    ).fetchall()
    for name, entity in rows:
        named[name].add(entity)
    return named


def test_the_walk_covers_every_name_of_names_csv(built_store):
    named = state_names(built_store)
    missing = [row["name"] for row in read("names.csv") if row["entity"] and row["entity"] not in named[row["name"]]]
    assert missing == []


def test_every_name_of_the_crosswalk_resolves_to_its_entity_through_the_api(built_store):
    """Cyrillic, Kazakh, Uzbek (Latin and Cyrillic) and source spellings alike: no name is taken
    for letters that only look Latin. A name with dated meanings (SIPRI's 'Serbia' is Serbia and
    Montenegro until 2006) gives, without a year, one of its entities."""
    wrong = {}
    for name, entities in state_names(built_store).items():
        try:
            got = api._resolve(built_store, name)
        except UnknownState as error:
            got = str(error)
        if got not in entities or (len(entities) == 1 and got != next(iter(entities))):
            wrong[name] = (sorted(entities), got)
    assert wrong == {}


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("Казахстан", "KAZ"),
        ("Қазақстан", "KAZ"),
        ("Qazaqstan", "KAZ"),
        ("Ўзбекистон", "UZB"),
        ("Узбекистан", "UZB"),
        ("Oʻzbekiston", "UZB"),
        ("O'zbekiston", "UZB"),
        ("Kazakhstan, Rep. of", "KAZ"),
        ("Kazakstan", "KAZ"),
        ("kaz", "KAZ"),
        (" Казахстан ", "KAZ"),
    ],
)
def test_resolve_state_takes_names_in_every_script(crosswalk_store_file, name, entity):
    assert api.resolve_state(name, Settings(store=crosswalk_store_file, data_dir=REPO_DATA)) == entity


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("KАZ", "'KAZ' (typed with Latin letters)"),  # Cyrillic А
        ("КAZ", "'KAZ' (typed with Latin letters)"),  # Cyrillic К
        ("ТКМ", "'TKM' (typed with Latin letters)"),  # all three Cyrillic
        ("Kаzakhstan", "'Kazakhstan' (typed with Latin letters)"),
        ("Kазахстан", "'Казахстан' (KAZ)"),  # a Latin K in a Cyrillic name
    ],
)
def test_a_code_or_name_that_does_not_resolve_is_checked_for_lookalike_letters(crosswalk_store_file, typed, suggestion):
    with pytest.raises(UnknownState) as caught:
        api.resolve_state(typed, Settings(store=crosswalk_store_file, data_dir=REPO_DATA))
    assert "only look Latin" in caught.value.message
    assert suggestion in caught.value.hint
