"""The measurement parameters: one frozen, versioned object that every output records.

Thresholds come from THEORY.md §2 (θ_capture = 0.5, θ_co = 0.15). Channel weights say how
much each channel counts in its domain's pole vector; a weight of zero keeps a channel out
of the domain by default (its ``measure`` still works). Windows say how many years end at
the requested year: arms deliveries are lumpy, so they are pooled over five years as SIPRI
reports shares.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from multivector.channels import CHANNELS
from multivector.defaults import HEGEMON

PARAMS_VERSION = "2"  # 2: the ideal-point channel (diplomatic, weight 1)

DEFAULT_WEIGHTS = MappingProxyType(
    {
        "exports": 1.0,
        "imports": 1.0,
        "trade": 0.0,
        "fdi": 1.0,
        "remittances": 1.0,
        # one lender only (Chinese finance): a pole share from it is 1 by construction
        "development_finance": 0.0,
        "energy_routes": 0.0,
        "alliances": 1.0,
        "arms_imports": 1.0,
        # exercises with Russian participation only: the source cannot see the others
        "exercises": 0.0,
        "un_votes": 1.0,
        "igo": 1.0,
        "ideal_points": 1.0,
    }
)

DEFAULT_SPANS = MappingProxyType({"arms_imports": 5})


class MeasureParams(BaseModel):
    """Thresholds, weights and windows of the measurements (THEORY.md §2)."""

    model_config = ConfigDict(frozen=True)

    version: str = PARAMS_VERSION
    theta_capture: float = Field(default=0.5, gt=0, le=1, description="a pole captures a domain at this share")
    theta_co: float = Field(default=0.15, gt=0, le=1, description="a pole counts in a co-alignment at this share")
    hegemon: str = Field(default=HEGEMON, description="the pole whose share is the dependence on the hegemon")
    weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    spans: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_SPANS), description="years pooled per channel in a profile (default 1)"
    )
    ideal_point_kappa: float = Field(
        default=0.5,
        gt=0,
        description="κ of the ideal-point channel: its distance scale h_t is κ times the "
        "cross-sectional SD of the year's ideal points (→ 0: all to the nearest "
        "pole; large: equal shares)",
    )

    @field_validator("weights", "spans")
    @classmethod
    def _known_channels(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(CHANNELS))
        if unknown:
            raise ValueError(f"unknown channels {unknown}; known: {sorted(CHANNELS)}")
        if any(v < 0 for v in value.values()):
            raise ValueError("weights cannot be negative")
        return value

    @field_validator("spans")
    @classmethod
    def _whole_years(cls, value: dict[str, int]) -> dict[str, int]:
        if any(v < 1 for v in value.values()):
            raise ValueError("a window spans at least one year")
        return value

    def weight(self, channel: str) -> float:
        return self.weights.get(channel, 0.0)

    def span(self, channel: str) -> int:
        return self.spans.get(channel, 1)

    def record(self) -> dict[str, Any]:
        """The values used, for the output."""
        return self.model_dump()
