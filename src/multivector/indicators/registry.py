"""The indicator registry: every measurement with its formula, unit and references.

The CLI, the report and the docs enumerate indicators from here; each entry points to a
pure function from Ibis tables to an Ibis table (no execution inside).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

#: An indicator function: Ibis tables (and parameters) in, an Ibis table out.
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Indicator:
    name: str
    formula: str
    unit: str
    domain: str
    function: Callable[..., Any]
    references: tuple[str, ...] = ()


INDICATORS: dict[str, Indicator] = {}


def register(
    name: str, formula: str, unit: str, domain: str = "any", references: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Decorator: list a function in the registry under ``name``.

    ``domain`` is the policy domain the indicator measures (security, economic, diplomatic)
    or ``any`` when it applies to every channel.
    """

    def add(function: F) -> F:
        if name in INDICATORS:
            raise ValueError(f"indicator {name!r} registered twice")
        INDICATORS[name] = Indicator(name, formula, unit, domain, function, references)
        return function

    return add
