"""Why a row was not loaded: the reject record, the problem a row parser raises, the reasons.

A module of its own at the bottom of the package, importing nothing of it: the parsers
(``sources``, ``codes``, ``kb``) raise RowProblem and the ingest (``store``) writes the
Rejects, so the record types belong to neither (``store`` imports ``sources``, and a
``sources`` that imported ``store`` back would close a cycle). Not in ``schema`` either:
``schema`` describes the store's tables; these are what a parser hands over, and REASONS
is their vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

REASONS: dict[str, str] = {
    "encoding_error": "the line is not valid UTF-8",
    "unterminated_quote": "a quoted field is never closed on its line",
    "malformed_csv": "the line breaks CSV quoting rules",
    "missing_field": "the line has fewer fields than the header",
    "extra_field": "the line has more fields than the header",
    "cast_error": "a value cannot be read as its type",
    "decimal_comma": "a number is written with a decimal comma",
    "missing_value": "a required value is empty, NaN or '..' (kept missing, never zero)",
    "negative_value": "a value that cannot be negative is negative",
    "out_of_range": "a value lies outside its possible range",
    "unknown_country": "a country name or code is not in the crosswalk",
    "ambiguous_country": "a country name or code denotes more than one entity",
    "not_valid_in_year": "a country name or code did not denote a state in that year",
    "lookalike_characters": "a code or name contains letters that only look Latin (e.g. Cyrillic)",
    "unknown_reference": "a citation names a document that is not registered",
    "self_dyad": "reporter and partner are the same state",
    "not_a_state": "a known name that is not a state (organisation, aggregate, non-state actor)",
    "conflicting_duplicate": "the same key as an earlier line with different values",
    "duplicate_key": "the line would store a record whose key an earlier line already stored",
}


@dataclass(frozen=True)
class Reject:
    """One line that is not loaded, with what is wrong and what might fix it."""

    line: int
    reason: str
    message: str
    raw: str
    column: str | None = None
    suggestion: str | None = None

    def __post_init__(self) -> None:
        if self.reason not in REASONS:
            raise ValueError(f"unknown reject reason {self.reason!r}")


class RowProblem(Exception):
    """Raised inside a row parser; the ingest turns it into a Reject for that line."""

    def __init__(self, reason: str, message: str, column: str | None = None, suggestion: str | None = None) -> None:
        super().__init__(message)
        if reason not in REASONS:
            raise ValueError(f"unknown reject reason {reason!r}")
        self.reason = reason
        self.message = message
        self.column = column
        self.suggestion = suggestion

    def at(self, line: int, raw: str) -> Reject:
        """The Reject of source line ``line`` (its text ``raw``) for this problem."""
        return Reject(line, self.reason, self.message, raw, self.column, self.suggestion)
