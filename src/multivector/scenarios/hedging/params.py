"""The hedging model's two frozen, versioned parameter objects, recorded in every result.

``HedgingModel`` holds the structural parameters of one state (THEORY.md §6, improved):

    x_{d,t} = argmax_{x ∈ Δ}  Σ_p b_{d,p}(t)·x_p − λ·Σ_p x_p² − σ_d·‖x − x_{d,t−1}‖²
                              − κ_t·max(0, x_{d,t−1}(H) − x(H)) − ρ_t·x(H)
    b_{d,p}(t) = offers[d][p] + drift[d][p]·(t − base_year)
    κ_t = kappa · (factor of the last shock at or before t; 1 before any)
    ρ_t = rho of the last shock at or before t (``rho`` before any)

Only ratios of utilities matter (the argmax is unchanged when every term is multiplied by
the same positive number), so λ = 1 is the unit of a calibrated model: offers, σ, κ and ρ are
measured in units of the concentration penalty of full capture.

``HedgingParams`` holds everything else a run depends on: which shock years the calibration
fits, the Monte Carlo spreads, the transition rule (the defaults of the theory engine's
``PhaseParams``: δ = 0.05, two years, five-year horizon, two domains) and the Sobol sample.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from multivector.defaults import HEGEMON

HEDGING_VERSION = "1"


class Shock(BaseModel):
    """From ``year`` on: κ = κ₀·``kappa`` (a factor: the coercive capacity kept) and ρ = ``rho``.

    A key left ``None`` keeps the value in force before the shock (or, in a scenario, the
    calibrated value of that year).
    """

    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=1900, le=2200)
    kappa: float | None = Field(default=None, ge=0, description="factor on the pre-shock κ from this year on")
    rho: float | None = Field(default=None, ge=0, description="association risk ρ from this year on (λ units)")


class HedgingModel(BaseModel):
    """The structural parameters of one state (calibrated or given)."""

    model_config = ConfigDict(frozen=True)

    version: str = HEDGING_VERSION
    hegemon: str = HEGEMON
    domains: tuple[str, ...]
    poles: tuple[str, ...]
    base_year: int = Field(description="year at which offers are the ``offers`` values")
    lam: float = Field(default=1.0, gt=0, description="λ: concentration-risk penalty on HHI (∞ allowed)")
    sigma: dict[str, float] = Field(description="σ_d: switching cost per domain (∞ allowed)")
    kappa: float = Field(default=0.0, ge=0, description="κ₀: the hegemon's punishment before any shock (∞ allowed)")
    rho: float = Field(default=0.0, ge=0, description="ρ₀: association risk before any shock")
    offers: dict[str, dict[str, float]] = Field(description="b_{d,p} at base_year")
    drift: dict[str, dict[str, float]] = Field(description="yearly change of b_{d,p}")
    shocks: tuple[Shock, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> HedgingModel:
        if self.hegemon not in self.poles:
            raise ValueError(f"the hegemon {self.hegemon} is not one of the poles {self.poles}")
        for name in ("sigma", "offers", "drift"):
            if set(getattr(self, name)) != set(self.domains):
                raise ValueError(f"{name} must name every domain {self.domains}")
        for name in ("offers", "drift"):
            for domain, values in getattr(self, name).items():
                if set(values) != set(self.poles) or not all(math.isfinite(v) for v in values.values()):
                    raise ValueError(f"{name}[{domain}] must give a finite value for every pole {self.poles}")
        if any(v < 0 for v in self.sigma.values()):
            raise ValueError("σ must be ≥ 0")
        years = [s.year for s in self.shocks]
        if years != sorted(set(years)):
            raise ValueError("shocks must be in increasing years, one per year")
        return self

    def record(self) -> dict:
        return _json_safe(self.model_dump(mode="python"))


class HedgingParams(BaseModel):
    """Calibration, Monte Carlo, transition rule and Sobol settings."""

    model_config = ConfigDict(frozen=True)

    version: str = HEDGING_VERSION
    shock_years: tuple[int, ...] = Field(default=(2014, 2022), description="years whose κ factor and ρ are calibrated")
    until: int | None = Field(
        default=None,
        description="last simulated year; default: the last year with data "
        "or the last shock's horizon, whichever is later",
    )
    starts: int = Field(default=3, ge=1, le=10, description="starting points of the least-squares calibration")
    drift_prior: float | None = Field(
        default=0.05,
        gt=0,
        description="calibration: sd of the weak prior on each drift (λ units a year); None: no prior",
    )
    share_noise: float = Field(default=0.05, gt=0, description="calibration: assumed noise of an observed share")
    spread: float = Field(
        default=0.25, ge=0, description="Monte Carlo: sd of λ, σ, κ₀, κ factors, ρ relative to the value"
    )
    floor: float = Field(default=0.05, ge=0, description="Monte Carlo: smallest sd of those (λ units)")
    offer_sd: float = Field(default=0.1, ge=0, description="Monte Carlo: sd of each offer b_{d,p} (λ units)")
    drift_sd: float = Field(default=0.004, ge=0, description="Monte Carlo: sd of each yearly drift (λ units)")
    delta: float = Field(default=0.05, gt=0, le=1, description="fall below the no-shock path that counts (share)")
    sustain_years: int = Field(default=2, ge=1, description="consecutive years the fall must last")
    horizon: int = Field(default=5, ge=1, description="years after a shock tested (the shock year first)")
    min_domains: int = Field(default=2, ge=1, le=3, description="domains that must fall")
    sobol_n: int = Field(default=256, ge=8, description="Saltelli base sample (a power of 2)")
    max_draws: int = Field(default=200_000, ge=1, description="largest Monte Carlo accepted")
    quantiles: tuple[float, ...] = Field(default=(0.05, 0.5, 0.95), description="path quantiles reported")

    @field_validator("sobol_n")
    @classmethod
    def _power_of_two(cls, value: int) -> int:
        if value & (value - 1):
            raise ValueError(f"sobol_n must be a power of 2, not {value}")
        return value

    def record(self) -> dict:
        return self.model_dump(mode="json")


def _json_safe(value):
    """Infinite parameters (the analytic corner cases) as the string "inf" in records."""
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value
