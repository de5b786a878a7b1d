"""Shocks: the option string, merging a scenario with the calibrated shocks, regime paths.

A shock in year s sets, from s on, κ_t = κ₀·kappa (a factor: the share of its coercive
capacity the hegemon keeps) and ρ_t = rho (the association risk, λ units). A later shock
replaces an earlier one; it does not compound it. Option syntax::

    2022:kappa=0.3,rho=0.2;2014:kappa=0.5
"""

from __future__ import annotations

import re

import numpy as np

from multivector.errors import BadShock
from multivector.scenarios.hedging.params import Shock

KEYS = ("kappa", "rho")
_PART = re.compile(r"^\s*(\d{4})\s*:\s*(.*?)\s*$")
EXAMPLE = "2022:kappa=0.3,rho=0.2;2014:kappa=0.5"


def parse_shocks(text: str) -> tuple[Shock, ...]:
    """``"2022:kappa=0.3,rho=0.2;2014:kappa=0.5"`` → shocks sorted by year; every problem at once."""
    problems: list[str] = []
    shocks: dict[int, Shock] = {}
    parts = [p for p in text.split(";") if p.strip()]
    if not parts:
        raise BadShock(f"no shock in {text!r}", f"write YEAR:kappa=F,rho=R, e.g. {EXAMPLE}")
    for part in parts:
        shock, problem = _parse_one(part)
        if shock is None:
            problems.append(problem)
        elif shock.year in shocks:
            problems.append(f"{shock.year} given twice")
        else:
            shocks[shock.year] = shock
    if problems:
        raise BadShock("; ".join(problems), f"write YEAR:kappa=F,rho=R with F, R ≥ 0, e.g. {EXAMPLE}")
    return tuple(shocks[y] for y in sorted(shocks))


def _parse_one(part: str) -> tuple[Shock | None, str]:
    match = _PART.match(part)
    if not match:
        return None, f"{part.strip()!r} is not YEAR:key=value"
    year, body = int(match.group(1)), match.group(2)
    values = {}
    for item in [i for i in body.split(",") if i.strip()]:
        key, _, raw = item.partition("=")
        key = key.strip().lower()
        if key not in KEYS:
            return None, f"{year}: unknown key {key!r} (keys: {', '.join(KEYS)})"
        if key in values:
            return None, f"{year}: {key} given twice"
        try:
            value = float(raw)
        except ValueError:
            return None, f"{year}: {key}={raw.strip()!r} is not a number"
        if not np.isfinite(value) or value < 0:
            return None, f"{year}: {key}={raw.strip()} must be a finite number ≥ 0"
        values[key] = value
    if not values:
        return None, f"{year}: no kappa or rho given"
    if not 1900 <= year <= 2200:
        return None, f"{year}: year out of range"
    return Shock(year=year, **values), ""


def check_years(scenario: tuple[Shock, ...] | None, years: np.ndarray, state: str) -> None:
    """Refuse scenario shocks outside the years of the state's data (cheap: before calibrating)."""
    first, last = int(years[0]), int(years[-1])
    outside = [s.year for s in scenario or () if not first <= s.year <= last]
    if outside:
        years_lie = "year {} lies" if len(outside) == 1 else "years {} lie"
        raise BadShock(
            f"shock {years_lie.format(', '.join(map(str, outside)))} outside {state}'s data, {first}-{last}",
            f"give shock years from {first} to {last}, e.g. {last}:kappa=0.3,rho=0.2",
        )


def resolve(calibrated: tuple[Shock, ...], scenario: tuple[Shock, ...] | None) -> tuple[Shock, ...]:
    """The shocks a run uses, each with both keys set.

    No scenario: the calibrated shocks. A scenario shock replaces the calibrated one of its
    year; a key it leaves out takes the calibrated value of that year, or else the value in
    force before it (κ factor 1 and the pre-shock ρ₀ = None → filled by ``regime``).
    """
    merged = {s.year: s for s in calibrated}
    for shock in scenario or ():
        before = merged.get(shock.year)
        merged[shock.year] = Shock(
            year=shock.year,
            kappa=shock.kappa if shock.kappa is not None else (before.kappa if before else None),
            rho=shock.rho if shock.rho is not None else (before.rho if before else None),
        )
    out, kappa, rho = [], None, None
    for year in sorted(merged):
        shock = merged[year]
        kappa = shock.kappa if shock.kappa is not None else kappa
        rho = shock.rho if shock.rho is not None else rho
        out.append(Shock(year=year, kappa=kappa, rho=rho))
    return tuple(out)


def regime_index(years: np.ndarray, shock_years: np.ndarray, upto: int | None = None) -> np.ndarray:
    """For each year, 1 + the index of the last shock in force (0: none); shocks ≥ ``upto`` left out."""
    last = np.searchsorted(np.asarray(shock_years), years, side="right")
    return np.minimum(last, len(shock_years) if upto is None else upto)


def regime_paths(
    kappa0: np.ndarray, rho0: np.ndarray, factors: np.ndarray, rhos: np.ndarray, index: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """κ_t and ρ_t, shape (draws, years), from κ₀, ρ₀ (draws,), shock factors and ρ (draws, shocks).

    A shock whose factor or ρ is NaN (left unset) keeps the value in force before it.
    """
    k = _carry(np.concatenate([np.ones_like(kappa0)[:, None], factors], axis=1))
    r = _carry(np.concatenate([rho0[:, None], rhos], axis=1))
    with np.errstate(invalid="ignore"):
        kappa = kappa0[:, None] * k[:, index]
    kappa = np.where(np.isinf(kappa0)[:, None], np.inf, kappa)
    return kappa, r[:, index]


def _carry(values: np.ndarray) -> np.ndarray:
    """NaN columns replaced by the last value to their left."""
    out = values.copy()
    for j in range(1, out.shape[1]):
        out[:, j] = np.where(np.isnan(out[:, j]), out[:, j - 1], out[:, j])
    return out
