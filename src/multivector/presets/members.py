"""Who belongs to a preset: one function per rule of ``[members]``, then the same admission for all.

* ``coldat`` — former colonies of a European colonizer (``multivector.presets.coldat``).
* ``successors`` — the entities whose ``successor_of`` in ``data/codes/entities.csv`` is ``of``;
  independence is the year of their ``valid_from``, or, for a state that was independent
  before its predecessor existed and was absorbed by it (the Baltic states: 1918, then the
  USSR), the year the predecessor ended (1991).
* ``igo`` — the full members of an IGO in ``year`` (default: the last year of the data), from
  ``data/presets/<igo>_members_cow_igo.csv`` (COW IGO v3.0, derived by ``derive_<igo>.py``);
  no independence year.
* ``region`` — the entities of a World Bank region in countrycode's code list (column
  ``region``); no independence year.
* ``list`` — the states of ``states``, each an ISO3 code, a project id or a name of the
  crosswalk; unknown ones are refused at once with their closest known names; ``citation``
  (optional) says where the list comes from.

Admission, the same for every rule: the hegemon is never a member, nor is an entity that no
longer exists or is not a state (a territory); each of those is listed in ``Preset.left_out``
with the reason, as is a line of the data with no entity in the crosswalk. Members are
sorted by entity id, each once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from multivector.errors import CuratedDataInvalid, UnknownState
from multivector.presets.coldat import coldat_members
from multivector.presets.crosswalk import Crosswalk, read_rows
from multivector.presets.files import PresetFile, choose
from multivector.presets.model import LeftOut, Member
from multivector.rejects import RowProblem
from multivector.sources.countrycode import SOURCE as COUNTRYCODE

CROSSWALK_CITATION = "multivector crosswalk, data/codes/entities.csv (successor_of, valid_from)"
IGO_CITATION = "Pevehouse, Nordstrom, McManus & Jamison 2020, COW IGO data v3.0, Journal of Peace Research 57(3)"
REGION_CITATION = "Arel-Bundock, Enevoldsen & Yetman 2018, countrycode code list (World Bank region), version "

Found = tuple[list[Member], list[LeftOut]]


def members_of(spec: PresetFile, hegemon: str | None, data_dir: Path, crosswalk: Crosswalk) -> Found:
    """The members of the preset file ``spec`` and the states its rule found but left out."""
    found, left_out = RULE_FUNCTIONS[spec.rule](spec, data_dir, crosswalk)
    members: dict[str, Member] = {}
    for member in found:
        reason = _not_admitted(member.state, hegemon, crosswalk)
        if reason:
            left_out.append(LeftOut(member.name, member.state, reason))
        else:
            members.setdefault(member.state, member)
    return sorted(members.values(), key=lambda m: m.state), left_out


def _not_admitted(state: str, hegemon: str | None, crosswalk: Crosswalk) -> str | None:
    info = crosswalk.resolver.entities[state]
    if state == hegemon:
        return "the preset's hegemon"
    if info.valid_to is not None:
        return f"no longer exists (to {info.valid_to.isoformat()})"
    if crosswalk.kinds[state] != "state":
        return f"a {crosswalk.kinds[state].replace('_', ' ')}, not a state"
    return None


def successors(spec: PresetFile, data_dir: Path, crosswalk: Crosswalk) -> Found:
    resolver = crosswalk.resolver
    try:
        of = resolver.resolve_first(spec.options["of"])
    except RowProblem as problem:
        raise spec.refuse(
            "members.of", problem.message, problem.suggestion or "write the entity id, e.g. SUN"
        ) from None
    parent = resolver.entities[of]
    members = []
    for info in resolver.entities.values():
        if info.successor_of != of:
            continue
        start = info.valid_from.year if info.valid_from else None
        restored = bool(
            info.valid_from and parent.valid_from and parent.valid_to and info.valid_from < parent.valid_from
        )
        year = parent.valid_to.year if restored and parent.valid_to else start
        then = f"; first independent {start}, restored" if restored else ""
        basis = f"successor state of {parent.name} ({of}), independent {year}{then} (crosswalk: successor_of)"
        members.append(Member(info.entity, info.name, basis, year, CROSSWALK_CITATION))
    return members, []


def igo(spec: PresetFile, data_dir: Path, crosswalk: Crosswalk) -> Found:
    name = spec.options["igo"]
    path = data_dir / "presets" / f"{name}_members_cow_igo.csv"
    if not path.is_file():
        shipped = sorted(p.name.removesuffix("_members_cow_igo.csv") for p in path.parent.glob("*_members_cow_igo.csv"))
        raise spec.refuse("members.igo", f"no membership file for {name!r}", f"IGOs with one: {', '.join(shipped)}")
    rows = read_rows(path)
    last = max(int(row["last_year"]) for row in rows)
    year = spec.options.get("year", last)
    if not min(int(row["first_year"]) for row in rows) <= year <= last:
        raise spec.refuse("members.year", f"{year} is outside the data of {path.name}", f"choose a year up to {last}")
    unknown = [row["state"] for row in rows if row["state"] not in crosswalk.kinds]
    if unknown:
        raise CuratedDataInvalid(f"{path.name}: states not in the crosswalk: {', '.join(unknown)}", "derive it again")
    members = [
        Member(
            row["state"],
            crosswalk.resolver.name_of(row["state"]),
            f"full member of {name.upper()} {row['first_year']}-{row['last_year']} (COW IGO v3.0: {name} = 1)",
            None,
            IGO_CITATION,
        )
        for row in rows
        if int(row["first_year"]) <= year <= int(row["last_year"])
    ]
    return members, []


def region(spec: PresetFile, data_dir: Path, crosswalk: Crosswalk) -> Found:
    wanted = spec.options["region"]
    regions = sorted({row["region"] for row in [*crosswalk.codelist.values(), *crosswalk.unmatched] if row["region"]})
    if wanted not in regions:
        raise spec.refuse("members.region", f"{wanted!r} is not a region of countrycode", choose(wanted, regions))
    basis = f"World Bank region {wanted} (countrycode code list, column region)"
    citation = REGION_CITATION + COUNTRYCODE.version
    members = [
        Member(entity, crosswalk.resolver.name_of(entity), basis, None, citation)
        for entity, row in crosswalk.codelist.items()
        if row["region"] == wanted
    ]
    left_out = [
        LeftOut(row["country.name.en"], None, "no entity in data/codes/entities.csv")
        for row in crosswalk.unmatched
        if row["region"] == wanted
    ]
    return members, left_out


def listed(spec: PresetFile, data_dir: Path, crosswalk: Crosswalk) -> Found:
    if not spec.options["states"]:
        raise spec.refuse("members.states", "the list is empty", 'list ISO3 codes or names: states = ["SEN", "Mali"]')
    states, problems = [], []
    for value in spec.options["states"]:
        try:
            states.append(crosswalk.resolver.resolve_first(str(value)))
        except RowProblem as problem:
            problems.append(f"{problem.message}" + (f" ({problem.suggestion})" if problem.suggestion else ""))
    if problems:
        raise UnknownState(
            f"{spec.path.name}: members.states: {'; '.join(problems)}",
            "write ISO3 codes or names of data/codes/names.csv",
        )
    citation = spec.options.get("citation") or f"listed by hand in {spec.path.name} (no source given)"
    basis = f"listed by hand in {spec.path.name}"
    return [Member(state, crosswalk.resolver.name_of(state), basis, None, citation) for state in states], []


RULE_FUNCTIONS: dict[str, Callable[[PresetFile, Path, Crosswalk], Found]] = {
    "coldat": coldat_members,
    "successors": successors,
    "igo": igo,
    "region": region,
    "list": listed,
}
