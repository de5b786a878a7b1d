"""The entries of the knowledge-base files (``data/facts/*.toml``), as pydantic models.

A model checks the form of one entry: required fields, types, dates, units, the pole
names in a direction. What needs outside knowledge (does the cited document exist, is
``KAZ`` a state in that year) is checked by the loader, ``sources/knowledge_base.py``.
``problem_of`` turns a validation error into the reject reason of the first offence.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from multivector.channels import Domain
from multivector.defaults import POLES as DEFAULT_POLES
from multivector.rejects import RowProblem

#: The poles the knowledge base may name (``toward:CHN``): the default poles and OTHER.
POLES = (*DEFAULT_POLES, "OTHER")

#: The poles that can anchor an institution (convene it, or belong to it as a great power):
#: every pole but OTHER, which is a remainder, not an actor.
ANCHOR_POLES: tuple[str, ...] = DEFAULT_POLES

# The knowledge base's vocabulary of anchors, as a Literal built from the default poles (so
# their codes are written once, in ``defaults``): pydantic checks an entry against it and
# names the allowed poles when one is not. A Literal built at run time is no type for mypy,
# which sees a str.
if TYPE_CHECKING:
    AnchorPole = str
else:
    AnchorPole = Literal[ANCHOR_POLES]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_:.\-]*$")]
State = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class When(BaseModel):
    """A date known to the day, the month or the year; stored as its first day."""

    model_config = ConfigDict(frozen=True)
    first_day: date
    precision: Literal["year", "month", "day"]

    def iso(self) -> str:
        text = self.first_day.isoformat()
        return {"year": text[:4], "month": text[:7], "day": text}[self.precision]


def _when(value: Any) -> When:
    """Read a TOML date (1992-05-15) or a string 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', or a year."""
    if isinstance(value, When):
        return value
    if isinstance(value, date):
        return When(first_day=value, precision="day")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return When(first_day=date(int(text), 1, 1), precision="year")
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return When(first_day=date(int(text[:4]), int(text[5:]), 1), precision="month")
        return When(first_day=date.fromisoformat(text), precision="day")
    except ValueError:
        raise ValueError(f"{text!r} is not a date YYYY, YYYY-MM or YYYY-MM-DD") from None


Date = Annotated[When, BeforeValidator(_when)]


def _direction(value: Any) -> str:
    parts = [part.strip() for part in str(value).split(",")]
    for part in parts:
        if not re.fullmatch(rf"(toward|away):({'|'.join(POLES)})", part):
            raise ValueError(f"{part!r} is not toward:<pole> or away:<pole> ({', '.join(POLES)})")
    return ",".join(parts)


Direction = Annotated[str, BeforeValidator(_direction)]


class Entry(BaseModel):
    """What every entry has: a cited document, a place in it, and words to find there."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    cite: Text
    locator: Text
    keywords: list[Text] = []
    primary: Text | None = None  # the document the cited text names as its own source
    note: str = ""


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Slug
    title: Text
    author: str = ""
    publisher: str = ""
    published: Annotated[str, StringConstraints(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)$")]
    url: str = ""
    note: str = ""
    seed_file: str | None = None  # a seed text of the project, not shipped


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    state: State
    spell: int = Field(default=1, ge=1)  # 2 for a state that left and came back
    joined: Date | None = None
    left: Date | None = None
    status: Literal["full", "associate", "observer", "participant"] = "full"
    cite: Text | None = None
    locator: Text | None = None
    keywords: list[Text] = []
    note: str = ""

    @model_validator(mode="after")
    def _cite_with_locator(self) -> Member:
        if (self.cite is None) != (self.locator is None):
            raise ValueError("a member's own cite needs its locator, and a locator its cite")
        return self


def _once(states: list[str]) -> list[str]:
    if len(set(states)) != len(states):
        raise ValueError(f"a state is named twice in the route {states}")
    return states


def _distinct(values: list[str] | None) -> list[str] | None:
    if values is not None and len(set(values)) != len(values):
        raise ValueError(f"a pole is named twice in {values}")
    return values


class Institution(Entry):
    id: Slug
    name: Text
    founded: Date | None = None
    domain: Domain
    text: Text
    # the poles anchoring it; [] = anchored by none (a regional format); absent = not recorded
    poles: Annotated[list[AnchorPole] | None, AfterValidator(_distinct)] = None
    members: list[Member] = []


class Event(Entry):
    id: Slug
    date: Date
    actors: list[State] = Field(min_length=1)
    object: Text | None = None
    place: str = ""
    domain: Domain
    direction: Direction | None = None
    text: Text


class Figure(Entry):
    id: Slug
    subject: State | None = None
    partner: State | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: Text | None = None
    year: int | None = Field(default=None, ge=1800, le=2100)
    year_to: int | None = Field(default=None, ge=1800, le=2100)
    period: str = ""
    qualifier: Literal["approximately", "about", "around", "nearly", "over", "more than", "up to"] | None = None
    as_written: Text | None = None
    domain: Domain | None = None
    text: Text
    # A volume on a route: the states the flow passes, origin (where the goods come from) first,
    # as far as the source names them; the origin alone = the source does not say where it goes.
    route: Annotated[list[State], AfterValidator(_once)] = []
    commodity: str = ""
    name: str = ""  # what the figure measures, short (a route's name), for tables
    item: Slug | None = None  # the infrastructure item it is a volume of (``cpc``)
    part_of: Slug | None = None  # the figure whose volume includes this one (never added twice)

    @model_validator(mode="after")
    def _number_and_unit(self) -> Figure:
        if (self.low is None) != (self.high is None):
            raise ValueError("a range needs both low and high")
        if self.value is not None and self.low is not None:
            raise ValueError("give either value or low and high, not both")
        numeric = self.value is not None or self.low is not None
        if numeric and self.unit is None:
            raise ValueError("a number needs its unit")
        if self.year_to is not None and (self.year is None or self.year_to < self.year):
            raise ValueError("year_to needs a year no later than it")
        return self

    @model_validator(mode="after")
    def _route_volume(self) -> Figure:
        if self.route and not (self.commodity and self.value is not None):
            raise ValueError("a volume on a route needs its commodity and a value")
        if self.part_of == self.id:
            raise ValueError("a figure cannot be part of itself")
        return self


class Infrastructure(Entry):
    id: Slug
    item: Slug
    name: Text
    kind: Literal["oil_pipeline", "gas_pipeline", "railway", "transport_corridor"]
    commodity: str = ""
    route: list[State] = Field(min_length=1)
    transit: list[State] = []
    capacity: float | None = Field(default=None, ge=0)
    capacity_unit: Text | None = None
    length_km: float | None = Field(default=None, ge=0)
    owners: list[Text] = []
    operator: str = ""
    status: Literal["operating", "construction", "proposed", "suspended", "retired"] | None = None
    start: Date | None = None
    end: Date | None = None
    text: Text

    @model_validator(mode="after")
    def _capacity_unit(self) -> Infrastructure:
        if (self.capacity is None) != (self.capacity_unit is None):
            raise ValueError("capacity and capacity_unit go together")
        return self


#: The kinds of entries that load into ``facts``, by the name of their ``[[kind]]`` table.
FACT_KINDS: dict[str, type[Entry]] = {
    "institution": Institution,
    "event": Event,
    "figure": Figure,
    "infrastructure": Infrastructure,
}
#: Every kind of entry: the documents, then the facts.
KINDS: dict[str, type[BaseModel]] = {"document": Document, **FACT_KINDS}

_REASONS = {
    "missing": "missing_value",
    "string_too_short": "missing_value",
    "too_short": "missing_value",
    "extra_forbidden": "extra_field",
    "greater_than_equal": "negative_value",
    "less_than_equal": "out_of_range",
}


def problem_of(error: ValidationError) -> RowProblem:
    """The reject for an entry that failed validation: its first error, named by its path."""
    first = error.errors()[0]
    column = ".".join(str(part) for part in first["loc"]) or None
    reason = _REASONS.get(first["type"], "cast_error")
    if first["type"] == "greater_than_equal" and first.get("ctx", {}).get("ge") != 0:
        reason = "out_of_range"
    message = f"{column}: {first['msg']}" if column else first["msg"]
    others = len(error.errors()) - 1
    if others:
        message += f" (and {others} more problem{'s' if others > 1 else ''})"
    return RowProblem(reason, message, column)
