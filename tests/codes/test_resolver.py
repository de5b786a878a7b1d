"""The resolver on a small hand-made crosswalk: dated codes, traps, and never a guess."""

from datetime import date

import pytest

from multivector.codes.resolver import CountryResolver, EntityInfo, Mapping
from multivector.rejects import RowProblem

ENTITIES = [
    EntityInfo("SUN", "Soviet Union", date(1922, 12, 30), date(1991, 12, 25), None),
    EntityInfo("RUS", "Russia", date(1991, 12, 26), None, "SUN"),
    EntityInfo("KAZ", "Kazakhstan", date(1991, 12, 26), None, "SUN"),
    EntityInfo("UZB", "Uzbekistan", date(1991, 12, 26), None, "SUN"),
    EntityInfo("COG", "Congo - Brazzaville", None, None, None),
    EntityInfo("COD", "Congo - Kinshasa", None, None, None),
]
MAPPINGS = [
    Mapping("cow", "365", "SUN", date(1922, 12, 30), date(1991, 12, 25)),
    Mapping("cow", "365", "RUS", date(1991, 12, 26), None),
    Mapping("iso3", "KAZ", "KAZ", None, None),
    Mapping("name", "Kazakhstan", "KAZ", None, None),
    Mapping("name", "Казахстан", "KAZ", None, None),
    Mapping("name", "Oʻzbekiston", "UZB", None, None),
    Mapping("name", "Soviet Union", "SUN", None, None),
    Mapping("name", "Congo", "COG", None, None),
    Mapping("name", "Congo", "COD", None, None),
    Mapping("sipri", "NATO**", None, None, None, "international organisation"),
    Mapping("sipri", "Turkiye", "RUS", None, None),  # any entity: checks scheme fallback order
]


@pytest.fixture(scope="module")
def resolver():
    return CountryResolver(MAPPINGS, ENTITIES)


def problem(resolver, *args) -> RowProblem:
    with pytest.raises(RowProblem) as caught:
        resolver.resolve(*args)
    return caught.value


@pytest.mark.parametrize(("year", "entity"), [(1980, "SUN"), (1991, "SUN"), (1992, "RUS"), (2020, "RUS")])
def test_cow_365_is_the_ussr_until_1991_and_russia_after(resolver, year, entity):
    assert resolver.resolve("365", "cow", year) == entity


def test_numeric_codes_ignore_a_trailing_point_zero(resolver):
    assert resolver.resolve("365.0", "cow", 2000) == "RUS"


def test_a_successor_before_independence_is_rejected_naming_the_state_of_then(resolver):
    found = problem(resolver, "Kazakhstan", "name", 1985, "recipient")
    assert found.reason == "not_valid_in_year"
    assert "SUN" in found.suggestion and found.column == "recipient"


def test_kazakhstan_counts_for_1991_only_if_most_of_the_year(resolver):
    # independent from 26 December: 6 days of 1991; the code denotes no one else, so it resolves
    assert resolver.resolve("KAZ", "iso3", 1991) == "KAZ"


def test_the_soviet_union_after_1991_is_not_russia(resolver):
    found = problem(resolver, "Soviet Union", "name", 1995)
    assert found.reason == "not_valid_in_year"


@pytest.mark.parametrize(
    "spelling", ["Oʻzbekiston", "O'zbekiston", "O‘zbekiston", "O’zbekiston", "Oʼzbekiston", " oʻzbekiston "]
)
def test_uzbek_apostrophe_variants_are_one_name(resolver, spelling):
    assert resolver.resolve(spelling, "name", 2000) == "UZB"


def test_cyrillic_names_in_the_crosswalk_resolve(resolver):
    assert resolver.resolve("Казахстан", "name", 2000) == "KAZ"


@pytest.mark.parametrize("value", ["КAZ", "KАZ", "ΚAZ"])  # Cyrillic К, Cyrillic А, Greek Κ
def test_lookalike_letters_in_a_code_are_rejected_with_the_latin_code(resolver, value):
    found = problem(resolver, value, "iso3", 2000)
    assert found.reason == "lookalike_characters"
    assert "'KAZ'" in found.suggestion


def test_lookalike_letters_inside_a_latin_name_are_rejected(resolver):
    found = problem(resolver, "Kаzakhstan", "name", 2000)  # Cyrillic а
    assert found.reason == "lookalike_characters"


def test_an_unknown_name_is_rejected_with_the_closest_known_names(resolver):
    found = problem(resolver, "Kazakstan", "name", 2000)
    assert found.reason == "unknown_country"
    assert "Kazakhstan" in found.suggestion


def test_an_ambiguous_name_is_rejected_with_both_candidates(resolver):
    found = problem(resolver, "Congo", "name", 2000)
    assert found.reason == "ambiguous_country"
    assert "COG" in found.suggestion and "COD" in found.suggestion


def test_a_known_non_state_is_rejected_as_such(resolver):
    found = problem(resolver, "NATO**", "sipri", 2000)
    assert found.reason == "not_a_state"
    assert "organisation" in found.message


def test_source_names_fall_back_to_english_names_but_not_the_reverse(resolver):
    assert resolver.resolve("Kazakhstan", "sipri", 2000) == "KAZ"
    assert problem(resolver, "Turkiye", "name", 2000).reason == "unknown_country"


def test_our_own_entity_ids_resolve(resolver):
    assert resolver.resolve("SUN", "entity", 1980) == "SUN"


@pytest.mark.parametrize(
    ("value", "entity"),
    [("KAZ", "KAZ"), ("SUN", "SUN"), ("Казахстан", "KAZ"), ("Oʻzbekiston", "UZB"), ("Turkiye", "RUS")],
)
def test_resolve_first_tries_codes_then_every_name_scheme(resolver, value, entity):
    assert resolver.resolve_first(value) == entity


def test_resolve_first_checks_lookalikes_only_when_nothing_resolves(resolver):
    with pytest.raises(RowProblem) as caught:
        resolver.resolve_first("KАZ")  # Cyrillic А
    assert caught.value.reason == "lookalike_characters"
    assert caught.value.suggestion == "'KAZ' (typed with Latin letters)"


def test_a_latin_letter_inside_a_cyrillic_name_suggests_the_cyrillic_name(resolver):
    with pytest.raises(RowProblem) as caught:
        resolver.resolve_first("Kазахстан")  # Latin K
    assert caught.value.reason == "lookalike_characters"
    assert "'Казахстан' (KAZ)" in caught.value.suggestion


def test_a_cyrillic_word_in_a_code_column_is_unknown_not_a_lookalike(resolver):
    found = problem(resolver, "Узбекистан", "iso3", 2000)
    assert found.reason == "unknown_country"
    assert found.message == "'Узбекистан' is not a known iso3 value"


def test_resolve_first_names_the_closest_names_of_every_scheme(resolver):
    with pytest.raises(RowProblem) as caught:
        resolver.resolve_first("Kazakhstn")
    assert caught.value.reason == "unknown_country" and "is not a known code or name" in caught.value.message
    assert "'Kazakhstan' (KAZ)" in caught.value.suggestion
