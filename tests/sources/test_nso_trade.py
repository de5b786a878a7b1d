"""What the four national statistics sources share: partner names through the crosswalk, cells, units."""

from __future__ import annotations

import csv

import pytest

from multivector.codes.resolver import CountryResolver
from multivector.errors import BadInputFile
from multivector.rejects import RowProblem
from multivector.sources.imf_dots import UNIT
from multivector.sources.nso_trade import (
    SCHEME,
    flow_record,
    partner_entity,
    read_workbook,
    require_state,
    thousand_usd,
)
from multivector.store import Store
from tests.conftest import REPO_DATA


@pytest.fixture(scope="module")
def resolver(crosswalk_store_file) -> CountryResolver:
    with Store(crosswalk_store_file, read_only=True) as store:
        return CountryResolver.from_store(store)


def test_the_offices_spellings_and_aggregates_are_a_scheme_of_the_crosswalk():
    with (REPO_DATA / "codes" / "names.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["scheme"] == SCHEME]
    assert all(row["note"] for row in rows)
    assert {row["name"] for row in rows} >= {"Всего", "Гуам (США)", "American Saoma", "Другие страны"}


def test_the_offices_aggregates_stay_in_their_scheme_and_russian_names_serve_every_source(resolver):
    with pytest.raises(RowProblem) as caught:
        resolver.resolve("Страны СНГ", "name", 2020)
    assert caught.value.reason == "unknown_country"
    assert resolver.resolve("Германия", "sipri", 2020) == "DEU"
    assert resolver.resolve_first("Германия") == "DEU"


@pytest.mark.parametrize(
    ("labels", "year", "entity"),
    [
        ([("ru", "Китай")], 2023, "CHN"),  # a Russian name (scheme name)
        ([("ru", "Россия")], 2023, "RUS"),
        ([("ru", "Науру")], 2023, "NRU"),  # its letters look Latin, yet it is a name
        ([("ru", "Бутан"), ("en", "Butane")], 2020, "BTN"),  # a label no table knows is passed over
        ([("ru", "Гуам (Сша)")], 2019, "GUM"),  # an office's spelling, case-blind
    ],
)
def test_labels_resolve(resolver, labels, year, entity):
    assert partner_entity(resolver, labels, year) == entity


@pytest.mark.parametrize(
    ("labels", "codes", "reason"),
    [
        ([("ru", "Страны СНГ")], [], "not_a_state"),
        ([("ru", "Китай"), ("en", "Russia")], [], "ambiguous_country"),
        ([("en", "China")], [("Code", "643", "iso_numeric")], "ambiguous_country"),
        ([("ru", "Нидерландские Антильские острова")], [], "not_valid_in_year"),
        ([("ru", "Китаи")], [], "unknown_country"),
        ([("ru", "")], [], "missing_value"),
    ],
)
def test_labels_that_do_not_resolve_say_why(resolver, labels, codes, reason):
    with pytest.raises(RowProblem) as caught:
        partner_entity(resolver, labels, 2015, codes)
    assert caught.value.reason == reason


def test_an_unknown_label_gets_the_closest_known_name(resolver):
    with pytest.raises(RowProblem) as caught:
        partner_entity(resolver, [("ru", "Китаи")], 2023)
    assert "'Китай' (CHN)" in caught.value.suggestion


def test_an_aggregate_is_caught_before_any_year(resolver):
    with pytest.raises(RowProblem, match="not a state: KAZ BNS and KGZ NSC aggregate: continent"):
        require_state(resolver, [("ru", "Европа"), ("en", "Europe")])
    require_state(resolver, [("ru", "Китай")])


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1234.5, 1234.5),
        (0, 0.0),
        (None, None),
        ("", None),
        ("-", None),
        ("  12.5 ", 12.5),
    ],
)
def test_thousand_usd(cell, expected):
    assert thousand_usd(cell, "v") == expected


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("1 234,5", "cast_error"),
        ("1,234.5", "cast_error"),
        ("12,5", "decimal_comma"),
        (-3.0, "negative_value"),
        (float("nan"), "cast_error"),
        (True, "cast_error"),
        ("#N/A", "cast_error"),
    ],
)
def test_bad_thousand_usd(cell, reason):
    with pytest.raises(RowProblem) as caught:
        thousand_usd(cell, "v")
    assert caught.value.reason == reason


def test_thousands_are_stored_as_imf_dots_millions():
    record = flow_record(2023, "KAZ", "CHN", "exports", 14666158.3001, "BNS Kazakhstan, exports")
    assert (record["value"], record["unit"], record["is_mirror"], record["is_estimate"]) == (
        pytest.approx(14666.1583001),
        UNIT,
        False,
        False,
    )
    assert UNIT == "usd_million_current"
    assert record["detail"] == "BNS Kazakhstan, exports: 14666158.3001 thousand US$"


@pytest.mark.parametrize(
    "data", [b"country,value\nChina,1\n", b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1x"]
)
def test_a_file_that_is_no_workbook_is_refused_in_one_line(data):
    with pytest.raises(BadInputFile) as caught:
        read_workbook(data, "table.xls")
    assert "\n" not in str(caught.value)
