"""Resolve a code or name of a scheme, in a year, to an entity — or say why not.

Nothing is guessed. A value resolves only through a row of the crosswalk; otherwise the
line is rejected with a reason and, where one exists, a suggestion for a person:

* unknown value → ``unknown_country`` with the closest known names;
* letters that only look Latin (``КAZ`` with a Cyrillic К) → ``lookalike_characters``, checked
  only once the value denotes nothing: a Cyrillic name of the crosswalk (``Казахстан``) resolves;
* a known name that is no state (``World``, ``NATO**``) → ``not_a_state``;
* a code outside its dates (``Kazakhstan`` in 1985) → ``not_valid_in_year``, naming
  the entity that held the territory then (``SUN``);
* two entities equally → ``ambiguous_country``.

A year-level value belongs to the entity it denoted for most days of that year: COW 365
in 1991 is the USSR (until 25 December), in 1992 Russia.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol, Self

import duckdb

from multivector.codes.normalize import code_key, has_latin, latinised, lookalike_letters, looks_latin, name_key
from multivector.rejects import RowProblem

NAME_SCHEMES = ("name", "sipri", "imf_name", "factbook", "nso")
CODE_SCHEMES = ("entity", "iso3", "iso2", "iso_numeric", "m49", "cow", "cow_abb", "gw", "gw_abb", "fips", "imf")
LOOKUP_ORDER: dict[str, tuple[str, ...]] = {scheme: (scheme, "name") for scheme in NAME_SCHEMES}
LOOKUP_ORDER["name"] = ("name",)
#: What a person may type for a state, in the order tried: our id, ISO3, then every name.
STATE_SCHEMES = ("entity", "iso3", *NAME_SCHEMES)


class StoreReader(Protocol):
    """What the resolver and the parsers read of a store: its DuckDB connection.

    ``multivector.store.Store`` is one; ``codes`` and ``sources`` name this instead of it,
    because ``store`` imports them and must not be imported back.
    """

    @property
    def con(self) -> duckdb.DuckDBPyConnection: ...


@dataclass(frozen=True)
class Mapping:
    scheme: str
    code: str
    entity: str | None
    valid_from: date | None
    valid_to: date | None
    note: str | None = None

    def days_in(self, year: int) -> int:
        first = max(self.valid_from or date.min, date(year, 1, 1))
        last = min(self.valid_to or date.max, date(year, 12, 31))
        return max(0, (last - first).days + 1)

    def span(self) -> str:
        start = self.valid_from.isoformat() if self.valid_from else "the start"
        end = self.valid_to.isoformat() if self.valid_to else "today"
        return f"{start} to {end}"


@dataclass(frozen=True)
class EntityInfo:
    entity: str
    name: str
    valid_from: date | None
    valid_to: date | None
    successor_of: str | None


def _key(scheme: str, value: str) -> str:
    return name_key(value) if scheme in NAME_SCHEMES else code_key(value)


class CountryResolver:
    def __init__(self, mappings: Iterable[Mapping], entities: Iterable[EntityInfo]) -> None:
        self.entities = {e.entity: e for e in entities}
        self._memo: dict[tuple, str | RowProblem] = {}
        self._index: dict[tuple[str, str], list[Mapping]] = defaultdict(list)
        for entity in self.entities.values():
            own = Mapping("entity", entity.entity, entity.entity, entity.valid_from, entity.valid_to)
            self._index[("entity", entity.entity)].append(own)
        for mapping in mappings:
            bounded = self._within_entity(mapping)
            self._index[(mapping.scheme, _key(mapping.scheme, mapping.code))].append(bounded)
        self._by_entity: dict[str, list[Mapping]] = defaultdict(list)
        for found in self._index.values():
            for mapping in found:
                if mapping.entity is not None:
                    self._by_entity[mapping.entity].append(mapping)
        self._labels: dict[str, dict[str, str]] = defaultdict(dict)
        for (scheme, key), found in self._index.items():
            self._labels[scheme][key] = found[0].code

    def _within_entity(self, mapping: Mapping) -> Mapping:
        """An undated mapping holds while its entity exists; a dated one holds as dated.

        In a dated mapping an empty end is open: ``cow 365 → RUS, to 1922-12-29`` covers
        the Russian Empire from the start of the data.
        """
        info = self.entities.get(mapping.entity) if mapping.entity else None
        if info is None or mapping.valid_from or mapping.valid_to:
            return mapping
        return Mapping(mapping.scheme, mapping.code, mapping.entity, info.valid_from, info.valid_to, mapping.note)

    @classmethod
    def from_store(cls, store: StoreReader) -> Self:
        """The resolver of the crosswalk as the store holds it (tables entities, country_codes)."""
        entities = [
            EntityInfo(*row)
            for row in store.con.execute(
                "SELECT entity, name, valid_from, valid_to, successor_of FROM entities"
            ).fetchall()
        ]
        mappings = [
            Mapping(*row)
            for row in store.con.execute(
                "SELECT scheme, code, entity, valid_from, valid_to, note FROM country_codes"
            ).fetchall()
        ]
        return cls(mappings, entities)

    def codes_of(self, entity: str) -> list[Mapping]:
        """Every mapping of the crosswalk to ``entity`` (each scheme, each period), dated as held."""
        return list(self._by_entity.get(entity, ()))

    def name_of(self, entity: str) -> str:
        info = self.entities.get(entity)
        return info.name if info else entity

    def resolve(self, value: str, scheme: str, year: int | None = None, column: str | None = None) -> str:
        """The entity ``value`` denotes in ``scheme`` during ``year``; RowProblem if none.

        Answers are remembered: a file of a million lines asks about a few hundred codes.
        A remembered problem is kept without its traceback, whose frames would hold on to
        the whole parse of the file that first met it.
        """
        key = (value, scheme, year, column)
        found = self._memo.get(key)
        if found is None:
            try:
                found = self._resolve(value, scheme, year, column)
            except RowProblem as problem:
                found = problem.with_traceback(None)
            self._memo[key] = found
        if isinstance(found, RowProblem):
            raise RowProblem(found.reason, found.message, found.column, found.suggestion)
        return found

    def resolve_first(
        self, value: str, schemes: tuple[str, ...] = STATE_SCHEMES, year: int | None = None, column: str | None = None
    ) -> str:
        """The entity ``value`` denotes in the first of ``schemes`` that knows it; RowProblem if none.

        A value no scheme knows is only then checked for letters that only look Latin, so
        ``Казахстан`` (a name) resolves and ``KАZ`` (a code typed with a Cyrillic А) is
        refused with ``'KAZ'`` as the suggestion.
        """
        for scheme in schemes:
            if self._index.get((scheme, _key(scheme, value))):
                return self.resolve(value, scheme, year, column)
        raise self._unknown(value, schemes, column)

    def _resolve(self, value: str, scheme: str, year: int | None, column: str | None) -> str:
        found = self._lookup(value, scheme)
        if not found:
            raise self._unknown(value, (scheme,), column)
        states = [m for m in found if m.entity is not None]
        if not states:
            note = found[0].note or "not a state"
            raise RowProblem("not_a_state", f"{value!r} is not a state: {note}", column)
        return self._pick(value, states, year, column)

    def _lookup(self, value: str, scheme: str) -> list[Mapping]:
        for each in LOOKUP_ORDER.get(scheme, (scheme,)):
            found = self._index.get((each, _key(each, value)))
            if found:
                return found
        return []

    def _pick(self, value, states: list[Mapping], year, column) -> str:
        if year is None:
            current = [m for m in states if m.valid_to is None] or states
            entities = {m.entity for m in current if m.entity is not None}
            if len(entities) == 1:
                return entities.pop()
            raise self._ambiguous(value, sorted(entities), column, "")
        scored = sorted(((m.days_in(year), m) for m in states), key=lambda s: -s[0])
        best_days = scored[0][0]
        if best_days == 0:
            raise self._outside(value, states, year, column)
        best = {m.entity for days, m in scored if days == best_days and m.entity is not None}
        if len(best) > 1:
            raise self._ambiguous(value, sorted(best), column, f" in {year}")
        return best.pop()

    def _outside(self, value, states, year, column) -> RowProblem:
        spans = "; ".join(f"{m.entity} from {m.span()}" for m in states)
        then = self._holder_in(states[0].entity, year)
        suggestion = f"in {year} the territory belonged to {then}" if then else None
        return RowProblem(
            "not_valid_in_year", f"{value!r} did not denote a state in {year} ({spans})", column, suggestion
        )

    def _holder_in(self, entity: str | None, year: int) -> str | None:
        info = self.entities.get(entity or "")
        while info is not None and info.successor_of:
            parent = self.entities.get(info.successor_of)
            if parent is None:
                return None
            if Mapping("entity", parent.entity, parent.entity, parent.valid_from, parent.valid_to).days_in(year):
                return f"{parent.entity} ({parent.name})"
            info = parent
        return None

    def _ambiguous(self, value, entities, column, when) -> RowProblem:
        named = ", ".join(f"{e} ({self.name_of(e)})" for e in entities)
        return RowProblem(
            "ambiguous_country",
            f"{value!r} denotes {named}{when}",
            column,
            f"write the ISO3 code of the one you mean: {', '.join(entities)}",
        )

    def _unknown(self, value: str, schemes: tuple[str, ...], column) -> RowProblem:
        """Why ``value`` denotes nothing in ``schemes``: look-alike letters, or unknown."""
        odd = lookalike_letters(value)
        if odd and (has_latin(value) or looks_latin(value)):
            plain = latinised(value)
            hint: str | None
            if any(self._lookup(plain, scheme) for scheme in schemes):
                hint = f"{plain!r} (typed with Latin letters)"
            else:
                hint = self._closest(value, schemes, fallback=None)
            letters = ", ".join(f"{ch!r} U+{ord(ch):04X}" for ch in dict.fromkeys(odd))
            return RowProblem(
                "lookalike_characters", f"{value!r} contains letters that only look Latin: {letters}", column, hint
            )
        what = f"{schemes[0]} value" if len(schemes) == 1 else "code or name"
        return RowProblem("unknown_country", f"{value!r} is not a known {what}", column, self._closest(value, schemes))

    def _closest(
        self,
        value: str,
        schemes: tuple[str, ...],
        fallback: str | None = "add the name to data/codes/names.csv if it is a state",
    ) -> str | None:
        suggestions = []
        searched = dict.fromkeys(each for scheme in schemes for each in LOOKUP_ORDER.get(scheme, (scheme,)))
        for each in searched:
            labels = self._labels.get(each, {})
            for key in difflib.get_close_matches(_key(each, value), list(labels), n=3, cutoff=0.75):
                for mapping in self._index[(each, key)]:
                    label = f"{mapping.code!r} ({mapping.entity or 'not a state'})"
                    if label not in suggestions:
                        suggestions.append(label)
        if not suggestions:
            return fallback
        return "did you mean " + " or ".join(suggestions[:3]) + "?"
