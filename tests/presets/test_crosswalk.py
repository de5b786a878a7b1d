"""The crosswalk the presets read from the files is the one ``multivector build`` stores."""

from __future__ import annotations

import pytest

from multivector.codes.resolver import CountryResolver
from multivector.presets.crosswalk import crosswalk
from multivector.store import Store
from tests.conftest import REPO_DATA


def mappings(resolver: CountryResolver) -> set[tuple]:
    return {
        (m.scheme, m.code, m.entity, m.valid_from, m.valid_to)
        for entity in resolver.entities
        for m in resolver.codes_of(entity)
    }


@pytest.fixture(scope="module")
def stored(crosswalk_store_file) -> CountryResolver:
    with Store(crosswalk_store_file, read_only=True) as store:
        return CountryResolver.from_store(store)


def test_the_same_entities_and_codes_as_the_store_holds(stored):
    read = crosswalk(REPO_DATA / "codes").resolver
    assert read.entities == stored.entities
    assert mappings(read) == mappings(stored)


@pytest.mark.parametrize(
    ("value", "scheme", "year", "entity"),
    [("365", "cow", 1985, "SUN"), ("365", "cow", 1992, "RUS"), ("Congo - Kinshasa", "name", None, "COD")],
)
def test_dated_codes_resolve_as_in_the_store(stored, value, scheme, year, entity):
    assert crosswalk(REPO_DATA / "codes").resolver.resolve(value, scheme, year) == entity
    assert stored.resolve(value, scheme, year) == entity
