"""Country codes converted from one scheme to another through the dated crosswalk.

A code is read in its scheme in the year asked (``CountryResolver.resolve``), then written in
the target scheme by the mapping that held for most days of that year:

    convert(c, from_, to, year) = code_to(resolve(c, from_, year), to, year)

so COW 365 is the Soviet Union (ISO3 ``SUN``) in 1990 and Russia (``RUS``) in 1992, and
Kazakhstan has no code of any scheme before its independence (the Soviet Union held the
territory). Where two mappings of the target scheme held equally long, a dated one (valid for a
stated period) is preferred to an undated one: COW writes West Germany 1955-1990 as 260, the
rest of Germany's history as 255. Nothing is guessed: a value that cannot be converted is
refused with the reason, or, when asked, left missing with a warning naming it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Literal

from multivector.codes.resolver import CODE_SCHEMES, NAME_SCHEMES, CountryResolver, Mapping
from multivector.errors import MultivectorError, MultivectorWarning
from multivector.rejects import RowProblem

#: Schemes a code can be written in: the codes, and ``name`` (the crosswalk's name of the state).
TARGET_SCHEMES = (*CODE_SCHEMES, "name")
#: Schemes a value can be read in.
SOURCE_SCHEMES = (*CODE_SCHEMES, *NAME_SCHEMES)


class NotConvertible(MultivectorError):
    """Some values have no code in the target scheme (unknown, not a state, outside their dates)."""

    slug = "not-convertible"


class NoCode(Exception):
    """A state without one code in the target scheme for the year asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.suggestion: str | None = None


def code_to(resolver: CountryResolver, entity: str, scheme: str, year: int | None = None) -> str:
    """The code of ``entity`` in ``scheme`` during ``year`` (today's when None); NoCode if none."""
    if scheme == "entity":
        return entity
    if scheme == "name":
        return resolver.name_of(entity)
    held = [m for m in resolver.codes_of(entity) if m.scheme == scheme]
    if not held:
        raise NoCode(f"{entity} has no {scheme} code in the crosswalk")
    if year is None:
        current = [m for m in held if m.valid_to is None] or held
        return _one(entity, scheme, current, "")
    best = max(m.days_in(year) for m in held)
    if best == 0:
        spans = "; ".join(f"{m.code} from {m.span()}" for m in held)
        raise NoCode(f"{entity} had no {scheme} code in {year} ({spans})")
    longest = [m for m in held if m.days_in(year) == best]
    return _one(entity, scheme, [m for m in longest if m.valid_from or m.valid_to] or longest, f" in {year}")


def _one(entity: str, scheme: str, mappings: list[Mapping], when: str) -> str:
    codes = sorted({m.code for m in mappings})
    if len(codes) > 1:
        raise NoCode(f"{entity} has {len(codes)} {scheme} codes{when}: {', '.join(codes)}")
    return codes[0]


def convert(
    resolver: CountryResolver,
    values: Iterable[object],
    from_: str,
    to: str,
    year: int | None = None,
    errors: Literal["raise", "missing"] = "raise",
    stacklevel: int = 2,
) -> list[str | None]:
    """Each of ``values`` (read in scheme ``from_``) written in scheme ``to``, as of ``year``.

    A missing value (None, NaN, "") stays missing. ``errors="raise"`` refuses the whole call
    when any value cannot be converted, naming each with its reason; ``"missing"`` gives None
    for those and one warning naming them (``stacklevel`` as in ``warnings.warn``, for a
    caller that wraps this one). Numeric codes may come as numbers (``365``).
    """
    if from_ not in SOURCE_SCHEMES:
        raise NotConvertible(f"no scheme {from_!r} to read codes in", f"choose one of {', '.join(SOURCE_SCHEMES)}")
    if to not in TARGET_SCHEMES:
        raise NotConvertible(f"no scheme {to!r} to write codes in", f"choose one of {', '.join(TARGET_SCHEMES)}")
    out: list[str | None] = []
    refused: dict[str, RowProblem | NoCode] = {}
    for value in values:
        text = _text(value)
        if text is None:
            out.append(None)
            continue
        try:
            out.append(code_to(resolver, resolver.resolve(text, from_, year), to, year))
        except (RowProblem, NoCode) as problem:
            refused.setdefault(text, problem)
            out.append(None)
    if refused:
        listed = "; ".join(_in_words(value, problem) for value, problem in list(refused.items())[:5])
        more = f" and {len(refused) - 5} more" if len(refused) > 5 else ""
        if errors == "raise":
            raise NotConvertible(
                f"{len(refused)} value(s) have no {to} code{f' in {year}' if year else ''}: {listed}{more}",
                'pass errors="missing" to keep them as missing values',
            )
        warnings.warn(f"left missing: {listed}{more}", MultivectorWarning, stacklevel=stacklevel)
    return out


def _text(value: object) -> str | None:
    """A value as the crosswalk's text, or None when missing (None, NaN, empty)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _in_words(value: str, problem: RowProblem | NoCode) -> str:
    return f"{value!r}: {problem.message}" + (f" ({problem.suggestion})" if problem.suggestion else "")
