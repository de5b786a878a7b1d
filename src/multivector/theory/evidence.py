"""Evidence: the numbers and acts a verdict rests on, each with its source.

Every verdict of the theory engine (a phase, a condition, a variant score) carries a list
of ``Evidence`` items. An item is one figure or one act: what it shows (``claim``), its
value and unit, the year(s) it refers to, and where it comes from — the ids of its data
sources (``sources`` table) or knowledge-base documents, in order, with the full citation. The plain
language explanation is written from these items only, so every number in it can be
traced back (a test checks that no number appears in an explanation without an item).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

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
    sources: tuple[str, ...]
    citation: str = ""
    ref: str | None = None

    def record(self) -> dict:
        """The item as JSON-ready data: ``sources`` a list of ids, a float value rounded (NaN → None)."""
        out = self.model_dump()
        out["sources"] = list(self.sources)
        if isinstance(self.value, float):
            out["value"] = None if math.isnan(self.value) else round(self.value, 6)
        return out


def source_ids(sources: str | Iterable[str]) -> tuple[str, ...]:
    """One source id, or several in order, as the tuple of ids an item holds."""
    return (sources,) if isinstance(sources, str) else tuple(sources)


def source_citation(source_id: str) -> str:
    """The full citation of one data source id ('' if unknown)."""
    try:
        return get_source(source_id).citation
    except UnknownSource:
        return ""


def sources_citation(ids: Iterable[str]) -> str:
    """The full citations of several data source ids, joined by ' | ' (unknown ids left out)."""
    return " | ".join(filter(None, map(source_citation, ids)))


def sources_text(ids: Iterable[str]) -> str:
    """The ids as the explanation and the tables show them: 'atop_alliances+sipri_trade_register'."""
    return "+".join(ids)


def data_item(
    claim: str,
    value: Value,
    unit: str | None,
    sources: str | Iterable[str],
    year: int | None = None,
    year_to: int | None = None,
    ref: str | None = None,
) -> Evidence:
    """An item resting on one data source id or several, with their full citation."""
    ids = source_ids(sources)
    return Evidence(
        claim=claim,
        value=value,
        unit=unit,
        year=None if year is None else int(year),
        year_to=year_to,
        sources=ids,
        citation=sources_citation(ids),
        ref=ref,
    )


def records(items: list[Evidence]) -> list[dict]:
    """The items as JSON-ready data (``Evidence.record``)."""
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
