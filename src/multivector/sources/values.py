"""Reading typed values from text: missing stays missing, nothing is guessed.

Each reader raises RowProblem (turned into a reject of the line) rather than return a
guess: a decimal comma is not read as a decimal point, '..' is not read as zero.
"""

from __future__ import annotations

import math
import re
from datetime import date

from multivector.rejects import RowProblem

MISSING_TOKENS = frozenset({"", "..", "...", "nan", "na", "n/a", "null", "none", "-", "\u2014"})
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


def is_missing(text: str) -> bool:
    return text.strip().casefold() in MISSING_TOKENS


def number(text: str, column: str, *, allow_negative: bool = False) -> float:
    """A finite number; missing, decimal-comma, non-numeric and (by default) negative values reject."""
    value = optional_number(text, column, allow_negative=allow_negative)
    if value is None:
        raise RowProblem("missing_value", f"{column} is missing ({text.strip()!r})", column)
    return value


def optional_number(text: str, column: str, *, allow_negative: bool = False) -> float | None:
    """Like ``number`` but a missing value gives None."""
    stripped = text.strip()
    if is_missing(stripped):
        return None
    if _DECIMAL_COMMA.match(stripped):
        raise RowProblem(
            "decimal_comma", f"{column} {stripped!r} has a decimal comma", column, suggestion=stripped.replace(",", ".")
        )
    try:
        value = float(stripped)
    except ValueError:
        raise RowProblem("cast_error", f"{column} {stripped!r} is not a number", column) from None
    if not math.isfinite(value):
        raise RowProblem("cast_error", f"{column} {stripped!r} is not a finite number", column)
    if value < 0 and not allow_negative:
        raise RowProblem("negative_value", f"{column} {stripped!r} is negative", column)
    return value


def year(text: str, column: str, *, first: int = 1800, last: int = 2100) -> int:
    """A four-digit calendar year within [first, last]."""
    stripped = text.strip()
    if not (len(stripped) == 4 and stripped.isdecimal()):  # what the pattern \d{4} matches
        if is_missing(stripped):
            raise RowProblem("missing_value", f"{column} is missing", column)
        raise RowProblem("cast_error", f"{column} {stripped!r} is not a year", column)
    value = int(stripped)
    if not first <= value <= last:
        raise RowProblem("out_of_range", f"{column} {value} is outside {first}-{last}", column)
    return value


def integer(text: str, column: str) -> int:
    if text.isdigit():
        return int(text)
    stripped = text.strip()
    if is_missing(stripped):
        raise RowProblem("missing_value", f"{column} is missing", column)
    try:
        as_float = float(stripped)
    except ValueError:
        raise RowProblem("cast_error", f"{column} {stripped!r} is not a whole number", column) from None
    if not as_float.is_integer():
        raise RowProblem("cast_error", f"{column} {stripped!r} is not a whole number", column)
    return int(as_float)


def yes_no(text: str, column: str) -> bool:
    """'Yes'/'No' (any case); anything else rejects."""
    folded = text.strip().casefold()
    if folded in {"yes", "y", "true", "1"}:
        return True
    if folded in {"no", "n", "false", "0"}:
        return False
    raise RowProblem("cast_error", f"{column} {text.strip()!r} is not Yes or No", column)


def iso_date(text: str, column: str) -> date | None:
    """An ISO date (YYYY-MM-DD); empty gives None (open-ended)."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return date.fromisoformat(stripped)
    except ValueError:
        raise RowProblem("cast_error", f"{column} {stripped!r} is not a date YYYY-MM-DD", column) from None
