"""The theory parameters: one frozen, versioned object that every verdict records.

It nests the measurement parameters (thresholds θ_capture, θ_co, the hegemon, channel
weights) and one part per verdict: phases, conditions, variants. Every threshold of
THEORY.md §3-§5 is a field with its default; ``with_value`` makes a copy with one field
changed (dotted path), which is how the sensitivity run perturbs them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from multivector.measure.params import MeasureParams
from multivector.theory.conditions import ConditionParams
from multivector.theory.phases import PhaseParams
from multivector.theory.variants import VariantParams

THEORY_VERSION = "1"


class TheoryParams(BaseModel):
    """Everything a classification depends on besides the data."""

    model_config = ConfigDict(frozen=True)

    version: str = THEORY_VERSION
    # mypy (no pydantic plugin) reads a positional ``Field(default, ...)`` as a required field, so it
    # takes these models' constructors for ones needing arguments; they need none.
    measure: MeasureParams = Field(default_factory=MeasureParams)  # type: ignore[arg-type]
    phases: PhaseParams = Field(default_factory=PhaseParams)  # type: ignore[arg-type]
    conditions: ConditionParams = Field(default_factory=ConditionParams)
    variants: VariantParams = Field(default_factory=VariantParams)  # type: ignore[arg-type]

    @property
    def hegemon(self) -> str:
        return self.measure.hegemon

    def record(self) -> dict:
        return self.model_dump(mode="json")

    def value(self, path: str) -> Any:
        """The value at a dotted path, e.g. ``phases.delta``."""
        node: Any = self
        for part in path.split("."):
            node = node[part] if isinstance(node, dict) else getattr(node, part)
        return node

    def with_value(self, path: str, value: Any) -> TheoryParams:
        """A copy with the field at ``path`` set to ``value`` (validated like any input)."""
        data = self.model_dump()
        node = data
        parts = path.split(".")
        for part in parts[:-1]:
            node = node[part]
        if parts[-1] not in node:
            raise KeyError(f"no parameter {path!r}")
        node[parts[-1]] = value
        return TheoryParams.model_validate(data)
