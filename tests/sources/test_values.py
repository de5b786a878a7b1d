"""Typed values: missing stays missing, a decimal comma is not guessed, bad values say why."""

import pytest

from multivector.rejects import RowProblem
from multivector.sources import values


@pytest.mark.parametrize("text", ["", "..", "NaN", "nan", " NA ", "-", "null"])
def test_missing_tokens_are_missing_never_zero(text):
    assert values.optional_number(text, "v") is None
    with pytest.raises(RowProblem) as caught:
        values.number(text, "v")
    assert caught.value.reason == "missing_value"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,5", "decimal_comma"),
        ("abc", "cast_error"),
        ("inf", "cast_error"),
        ("-1", "negative_value"),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(text, reason):
    with pytest.raises(RowProblem) as caught:
        values.number(text, "v")
    assert caught.value.reason == reason


def test_a_decimal_comma_suggests_the_point_but_does_not_apply_it():
    with pytest.raises(RowProblem) as caught:
        values.number("3,25", "v")
    assert caught.value.suggestion == "3.25"


def test_negative_numbers_only_where_allowed():
    assert values.number("-2.5", "v", allow_negative=True) == -2.5


@pytest.mark.parametrize(("text", "reason"), [("1799", "out_of_range"), ("99", "cast_error"), ("", "missing_value")])
def test_years(text, reason):
    with pytest.raises(RowProblem) as caught:
        values.year(text, "y")
    assert caught.value.reason == reason


def test_yes_no():
    assert values.yes_no(" Yes", "f") is True and values.yes_no("no", "f") is False
    with pytest.raises(RowProblem):
        values.yes_no("maybe", "f")
