"""Rule ``coldat``: the former colonies of one European colonizer, from COLDAT (Becker 2019).

``data/coldat/COLDAT_dyads.csv`` has a line per country and colonizer; ``col = 1`` when the
colonizer ruled it, from ``colstart_max`` to ``colend_max`` (the last years the sources
give). A country is a member when ``colonizer`` ruled it and, with ``last_colonizer = true``
(the default), that rule ended last among its colonizers (ties count for each): the
country's independence came from this colonizer, in ``colend_max``. ``continent`` keeps
only the states of that continent in countrycode's code list. A colony whose last colonizer
was another power is listed as left out (Morocco: French to 1956, Spanish to 1975).
``ended_after`` (a year, optional) keeps only the colonies whose rule ended after it
(``colend_max > ended_after``): the shipped post-imperial presets set 1945, the era of
decolonisation, and list the settler states of earlier independence as left out (the
United States 1783, Brazil 1822); a colony with no end year in COLDAT is left out too.

Every COLDAT country name resolves through the crosswalk (scheme ``name``); a name that
does not fails the whole file with each such name and its closest known names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from multivector.errors import CuratedDataInvalid, DataFileMissing
from multivector.presets.crosswalk import Crosswalk
from multivector.presets.files import PresetFile, choose
from multivector.presets.model import LeftOut, Member
from multivector.rejects import RowProblem

FILE = Path("coldat") / "COLDAT_dyads.csv"
CITATION = "Becker 2019, Colonial Dates Dataset (COLDAT), Harvard Dataverse, doi:10.7910/DVN/T9SDEW"
ADJECTIVES = {
    "belgium": "Belgian",
    "britain": "British",
    "france": "French",
    "germany": "German",
    "italy": "Italian",
    "netherlands": "Dutch",
    "portugal": "Portuguese",
    "spain": "Spanish",
}


@dataclass(frozen=True)
class Rule:
    """One colonial relation of COLDAT (``col = 1``), its country resolved to an entity."""

    country: str
    state: str
    colonizer: str
    start: int | None
    end: int | None


def read_coldat(data_dir: Path, crosswalk: Crosswalk) -> list[Rule]:
    """The colonial relations of COLDAT, every country name resolved (all names refused at once)."""
    path = data_dir / FILE
    if not path.is_file():
        raise DataFileMissing(f"no COLDAT file {FILE.as_posix()} in the data folder", "restore it from the checkout")
    with path.open(encoding="utf-8", newline="") as file:
        lines = [row for row in csv.DictReader(file) if row["col"] == "1"]
    states: dict[str, str] = {}
    problems = []
    for country in dict.fromkeys(row["country"] for row in lines):
        try:
            states[country] = crosswalk.resolver.resolve_first(country, ("name",))
        except RowProblem as problem:
            problems.append(
                f"{country!r}: {problem.message}" + (f" ({problem.suggestion})" if problem.suggestion else "")
            )
    if problems:
        raise CuratedDataInvalid(
            f"{FILE.name}: {len(problems)} country name(s) unknown to the crosswalk: {'; '.join(problems)}",
            "add each name to data/codes/names.csv (scheme name) with its entity",
        )
    return [
        Rule(
            row["country"],
            states[row["country"]],
            row["colonizer"],
            _year(row["colstart_max"]),
            _year(row["colend_max"]),
        )
        for row in lines
    ]


def _year(text: str) -> int | None:
    return None if text in ("", "NA") else int(float(text))


def coldat_members(spec: PresetFile, data_dir: Path, crosswalk: Crosswalk) -> tuple[list[Member], list[LeftOut]]:
    """The members of rule ``coldat`` (module docstring), and the colonies left out."""
    rules = read_coldat(data_dir, crosswalk)
    colonizer = spec.options["colonizer"]
    known = sorted({rule.colonizer for rule in rules})
    if colonizer not in known:
        raise spec.refuse("members.colonizer", f"{colonizer!r} is not a COLDAT colonizer", choose(colonizer, known))
    continent = spec.options.get("continent")
    continents = sorted({row["continent"] for row in crosswalk.codelist.values() if row["continent"]})
    if continent is not None and continent not in continents:
        raise spec.refuse(
            "members.continent", f"{continent!r} is not a continent of countrycode", choose(continent, continents)
        )
    last_only = spec.options.get("last_colonizer", True)
    ended_after = spec.options.get("ended_after")
    ends: dict[str, int] = {}
    for rule in rules:
        ends[rule.state] = max(ends.get(rule.state, -1), rule.end if rule.end is not None else -1)
    members, left_out = [], []
    for rule in (r for r in rules if r.colonizer == colonizer):
        if continent is not None and crosswalk.codelist.get(rule.state, {}).get("continent") != continent:
            continue
        if last_only and (rule.end if rule.end is not None else -1) < ends[rule.state]:
            later = [r for r in rules if r.state == rule.state and r.end == ends[rule.state]]
            left_out.append(LeftOut(rule.country, rule.state, _ruled_later(rule, later)))
            continue
        if ended_after is not None and (rule.end is None or rule.end <= ended_after):
            left_out.append(LeftOut(rule.country, rule.state, _ended_before(rule, ended_after)))
            continue
        basis = f"{_adjective(colonizer)} colony {_span(rule)} (COLDAT, colstart_max-colend_max)"
        members.append(Member(rule.state, crosswalk.resolver.name_of(rule.state), basis, rule.end, CITATION))
    return members, left_out


def _ruled_later(rule: Rule, later: list[Rule]) -> str:
    others = " and ".join(f"{_adjective(r.colonizer)} to {r.end}" for r in later)
    return (
        f"last colonizer not {rule.colonizer}: {_adjective(rule.colonizer)} to {rule.end}, {others} (COLDAT colend_max)"
    )


def _ended_before(rule: Rule, ended_after: int) -> str:
    if rule.end is None:
        return f"{_adjective(rule.colonizer)} rule has no end year in COLDAT (ended_after = {ended_after})"
    return (
        f"{_adjective(rule.colonizer)} rule ended in {rule.end}, not after {ended_after} "
        f"(ended_after; COLDAT colend_max)"
    )


def _adjective(colonizer: str) -> str:
    return ADJECTIVES.get(colonizer, f"{colonizer}'s")


def _span(rule: Rule) -> str:
    return f"{rule.start if rule.start is not None else '?'}-{rule.end if rule.end is not None else '?'}"
