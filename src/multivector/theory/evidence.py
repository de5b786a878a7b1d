"""Evidence: the numbers and acts a verdict rests on, each with its source.

Every verdict of the theory engine (a phase, a condition, a variant score) carries a list
of ``Evidence`` items. An item is one figure or one act: what it shows (``claim``), its
value and unit, the year(s) it refers to, and where it comes from — a data source id
(``sources`` table) or a knowledge-base document id, with the full citation. The plain
language explanation is written from these items only, so every number in it can be
traced back (a test checks that no number appears in an explanation without an item).
"""

from __future__ import annotations

import math
import re

from pydantic import BaseModel, ConfigDict

from multivector.errors import UnknownSource
from multivector.sources import get_source

Value = float | int | str | bool | None


class Evidence(BaseModel):
    """One figure or act behind a verdict."""

    model_config = ConfigDict(frozen=True)

    claim: str
    value: Value = None
    unit: str | None = None
    year: int | None = None
    year_to: int | None = None
    source: str
    citation: str = ""
    ref: str | None = None

    def record(self) -> dict:
        out = self.model_dump()
        if isinstance(self.value, float):
            out["value"] = None if math.isnan(self.value) else round(self.value, 6)
        return out


def source_citation(source: str) -> str:
    """The full citation of a data source id, or of several joined by '+' or ', ' ('' if unknown)."""

    def one(source_id: str) -> str:
        try:
            return get_source(source_id).citation
        except UnknownSource:
            return ""

    return " | ".join(filter(None, map(one, re.split(r"\+|, ", source))))


def data_item(
    claim: str,
    value: Value,
    unit: str | None,
    source: str,
    year: int | None = None,
    year_to: int | None = None,
    ref: str | None = None,
) -> Evidence:
    """An item resting on data source(s), with their full citation."""
    return Evidence(
        claim=claim,
        value=value,
        unit=unit,
        year=None if year is None else int(year),
        year_to=year_to,
        source=source,
        citation=source_citation(source),
        ref=ref,
    )


def records(items: list[Evidence]) -> list[dict]:
    return [item.record() for item in items]


def share_text(value: float) -> str:
    """0.7153 → '71.5%' (the one place shares become text)."""
    return f"{100 * value:.1f}%"


def number_text(value: float, unit: str | None = None) -> str:
    """A value as the explanation writes it: shares in percent, others with sense of scale."""
    if unit == "share":
        return share_text(value)
    if unit == "share_points":
        return f"{100 * value:+.1f} points"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
