"""Codes converted between schemes through the dated crosswalk: the USSR and its successors, never a guess."""

from datetime import date

import pytest

from multivector.codes.convert import NotConvertible, convert
from multivector.codes.resolver import CountryResolver, EntityInfo, Mapping
from multivector.errors import MultivectorWarning

ENTITIES = [
    EntityInfo("SUN", "Soviet Union", date(1922, 12, 30), date(1991, 12, 25), None),
    EntityInfo("RUS", "Russia", date(1991, 12, 26), None, "SUN"),
    EntityInfo("KAZ", "Kazakhstan", date(1991, 12, 26), None, "SUN"),
    EntityInfo("DEU", "Germany", None, None, None),
]
MAPPINGS = [
    Mapping("cow", "365", "SUN", date(1922, 12, 30), date(1991, 12, 25)),
    Mapping("cow", "365", "RUS", date(1991, 12, 26), None),
    Mapping("cow", "705", "KAZ", None, None),
    Mapping("cow", "255", "DEU", None, None),
    Mapping("cow", "260", "DEU", date(1955, 5, 5), date(1990, 10, 2)),
    Mapping("iso3", "SUN", "SUN", None, None),
    Mapping("iso3", "RUS", "RUS", None, None),
    Mapping("iso3", "KAZ", "KAZ", None, None),
    Mapping("iso3", "DEU", "DEU", None, None),
    Mapping("name", "Kazakhstan", "KAZ", None, None),
    Mapping("name", "World", None, None, None, "the world as a whole"),
]


@pytest.fixture(scope="module")
def resolver():
    return CountryResolver(MAPPINGS, ENTITIES)


@pytest.mark.parametrize(("year", "iso3"), [(1980, "SUN"), (1991, "SUN"), (1992, "RUS"), (None, "RUS")])
def test_cow_365_is_the_soviet_union_until_1991_and_russia_after(resolver, year, iso3):
    assert convert(resolver, [365], "cow", "iso3", year) == [iso3]


def test_a_successor_has_no_code_before_independence(resolver):
    with pytest.raises(NotConvertible, match=r"'705'.*did not denote a state in 1985.*belonged to SUN"):
        convert(resolver, ["705"], "cow", "iso3", 1985)
    with pytest.raises(NotConvertible, match="KAZ"):
        convert(resolver, ["KAZ"], "iso3", "cow", 1985)  # ISO3 KAZ did not exist either


def test_a_dated_code_wins_over_an_undated_one_in_its_period(resolver):
    assert convert(resolver, ["DEU"], "iso3", "cow", 1970) == ["260"]
    assert convert(resolver, ["DEU"], "iso3", "cow", 1995) == ["255"]


def test_missing_values_stay_missing_and_numbers_read_as_codes(resolver):
    assert convert(resolver, [None, float("nan"), "", 705.0, "365"], "cow", "iso3", 2000) == [
        None,
        None,
        None,
        "KAZ",
        "RUS",
    ]


def test_refused_values_are_named_with_the_reason_and_a_suggestion(resolver):
    with pytest.raises(NotConvertible) as caught:
        convert(resolver, ["Kazakstan", "World", "Kazakhstan"], "name", "iso3")
    text = str(caught.value)
    assert "2 value(s)" in text and "did you mean 'Kazakhstan' (KAZ)" in text and "not a state" in text
    assert 'errors="missing"' in text


def test_errors_missing_gives_none_and_one_warning_naming_them(resolver):
    with pytest.warns(MultivectorWarning, match="'999'") as caught:
        assert convert(resolver, ["999", "705"], "cow", "name", 2000, errors="missing") == [None, "Kazakhstan"]
    assert len(caught) == 1


def test_an_unknown_scheme_is_refused_with_the_choices(resolver):
    with pytest.raises(NotConvertible, match="choose one of .*iso3"):
        convert(resolver, ["KAZ"], "iso4", "cow")


@pytest.mark.slow
def test_the_shipped_crosswalk_converts_the_soviet_union_and_its_successors(built_home, monkeypatch):
    from multivector import api

    monkeypatch.setenv("MULTIVECTOR_HOME", str(built_home))
    with pytest.warns(MultivectorWarning, match="'705'"):
        assert api.convert([365, 365, 705], "cow", "iso3", 1990, errors="missing") == ["SUN", "SUN", None]
    assert api.convert([365, 705, 704, 702, 701, 703], "cow", "iso3", 1992) == [
        "RUS",
        "KAZ",
        "UZB",
        "TJK",
        "TKM",
        "KGZ",
    ]
    assert api.convert(["Kazakhstan", "Kyrgyz Republic"], "name", "iso3", 2020) == ["KAZ", "KGZ"]
    assert api.convert(["Soviet Union"], "name", "cow", 1985) == ["365"]
    with pytest.warns(MultivectorWarning, match="'RUS'"):
        assert api.convert(["SUN", "RUS"], "iso3", "name", 1985, errors="missing") == ["Soviet Union", None]
