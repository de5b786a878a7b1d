"""Phases of multivectorism per state and year (THEORY.md §3), merged into a timeline.

Each year with data on a structural domain (security, economic) gets one phase:

* ``substantive`` — the year follows a shock whose reallocation test passes (see
  ``shocks.py``: the hegemon's share falls at least δ below its pre-shock trend, sustained,
  in at least two domains, with corroborating acts, every domain having a series spanning
  the shock) and is one of the years below trend;
* ``not_hedging`` — otherwise, when one pole captures (share ≥ θ_capture) every structural
  domain that year: the state is aligned, not hedging;
* ``declaratory`` — otherwise: a multi-pole portfolio without a measured reallocation.

THEORY.md describes declaratory multivectorism as a portfolio "while structural channels
stay dominated by H". The data show states whose structural channels were diversified
without a shock-driven reallocation (Kazakhstan's trade in the 2000s), so the structure is
reported beside the phase instead of being part of its definition: ``structure`` is
``hegemon_dominated`` when the hegemon leads every structural domain measured, else
``diversified``.

The timeline runs from ``first_year`` (1992) over the years with data on every structural
domain (a year with arms data alone cannot say what the structure is).

Shocks are the defaults (2014-03 Crimea, 2022-02 the full-scale invasion) plus the falls of
the hegemon's share found by change-point detection in each channel's series (``breaks.py``);
a detected break within a year of a shock already listed is reported as evidence of it.
"""

from __future__ import annotations

import re
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from multivector.theory.breaks import Break, detect_breaks
from multivector.theory.frame_rows import each_group, each_row
from multivector.theory.panel import Panel, longest_series
from multivector.theory.shocks import ShockTest, test_shock

Phase = Literal["not_hedging", "declaratory", "substantive"]


class PhaseParams(BaseModel):
    """Shocks, break detection and the reallocation test (THEORY.md §3)."""

    model_config = ConfigDict(frozen=True)

    shocks: tuple[str, ...] = Field(("2014-03", "2022-02"), description="default shocks, YYYY-MM")
    detect_breaks: bool = Field(True, description="add falls found by change-point detection as shocks")
    break_penalty: float = Field(2.0, gt=0, description="PELT penalty factor (× σ² ln n)")
    break_min_size: int = Field(3, ge=2, description="years in a segment at least")
    break_min_change: float = Field(0.05, ge=0, le=1, description="smallest change of mean kept as a break")
    trend: Literal["linear", "level"] = Field("linear", description="pre-shock trend: line or mean")
    pre_years: int = Field(6, ge=1, description="years before a shock the trend is fitted on")
    min_pre_points: int = Field(3, ge=1, description="years with data needed before a shock")
    horizon: int = Field(5, ge=1, description="years after a shock tested (the shock year first)")
    delta: float = Field(0.05, gt=0, le=1, description="fall below trend that counts (share points)")
    sustain_years: int = Field(2, ge=1, description="consecutive years below trend needed")
    min_domains: int = Field(2, ge=1, le=3, description="domains that must fall")
    min_tested_domains: int = Field(
        3, ge=1, le=3, description="domains with a series spanning the shock needed for a verdict (else not testable)"
    )
    require_acts: bool = Field(True, description="a reallocation needs corroborating acts")
    min_acts: int = Field(1, ge=0, description="corroborating acts needed")
    structural_domains: tuple[str, ...] = Field(("security", "economic"))
    first_year: int = Field(1992, description="first year of the timeline (independence)")

    @field_validator("shocks")
    @classmethod
    def _months(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [s for s in value if not re.fullmatch(r"\d{4}(-\d{2})?", s)]
        if bad:
            raise ValueError(f"shocks are YYYY or YYYY-MM, not {bad}")
        return value


def shock_tests(panel: Panel, params: PhaseParams) -> tuple[list[ShockTest], dict[str, list[Break]]]:
    """The reallocation test of every default and detected shock, and the breaks per channel."""
    breaks = channel_breaks(panel, params) if params.detect_breaks else {}
    shocks = [(int(s[:4]), s, "default") for s in params.shocks]
    for year in sorted({b.year for found in breaks.values() for b in found if b.change < 0}):
        if all(abs(year - known) > 1 for known, _, _ in shocks):
            shocks.append((year, str(year), "detected"))
    tests = [test_shock(panel, year, label, kind, params) for year, label, kind in sorted(shocks)]
    return tests, breaks


def channel_breaks(panel: Panel, params: PhaseParams) -> dict[str, list[Break]]:
    """Breaks in the hegemon's share of each channel, on its longest-running series (kept per panel)."""
    key = ("breaks", params.break_penalty, params.break_min_size, params.break_min_change)
    if key not in panel.cache:
        panel.cache[key] = _channel_breaks(panel, params)
    return panel.cache[key]


def _channel_breaks(panel: Panel, params: PhaseParams) -> dict[str, list[Break]]:
    shares = panel.hegemon_share("channel").merge(
        panel.channels[["year", "channel", "series"]].drop_duplicates(), on=["year", "channel"]
    )
    found: dict[str, list[Break]] = {}
    for channel, rows in each_group(shares, "channel"):
        series = rows[rows.series == longest_series(rows, channel)].set_index("year").share
        found[channel] = detect_breaks(series, params.break_penalty, params.break_min_size, params.break_min_change)
    return {c: b for c, b in found.items() if b}


def yearly_phases(panel: Panel, tests: list[ShockTest], params: PhaseParams, theta_capture: float) -> pd.DataFrame:
    """year, phase, structure, captor (the pole capturing every structural domain), shock."""
    domains = panel.domains
    structural = domains[domains.domain.isin(params.structural_domains) & (domains.year >= params.first_year)]
    leaders = (
        structural.sort_values(["year", "domain", "share", "pole"], ascending=[True, True, False, True])
        .groupby(["year", "domain"])
        .head(1)
    )
    substantive = {y: t.label for t in tests for y in t.substantive_years}
    rows = []
    for year, lead in each_group(leaders, "year"):
        if len(lead) < len(params.structural_domains):
            continue  # a year missing a structural domain cannot say what the structure is
        captors = set(lead.loc[lead.share >= theta_capture, "pole"])
        captured_all = len(captors) == 1 and (lead.share >= theta_capture).all()
        dominated = (lead.pole == panel.hegemon).all()
        phase = "substantive" if year in substantive else "not_hedging" if captured_all else "declaratory"
        rows.append(
            {
                "year": int(year),
                "phase": phase,
                "structure": "hegemon_dominated" if dominated else "diversified",
                "captor": next(iter(captors)) if captured_all else None,
                "shock": substantive.get(year),
            }
        )
    return pd.DataFrame(rows, columns=["year", "phase", "structure", "captor", "shock"])


def segments(yearly: pd.DataFrame) -> list[dict]:
    """Consecutive years of one phase (and structure) merged: [{from, to, phase, structure}]."""
    out: list[dict] = []
    for row in each_row(yearly):
        last = out[-1] if out else None
        if last and last["phase"] == row.phase and last["structure"] == row.structure and row.year == last["to"] + 1:
            last["to"] = row.year
        else:
            out.append({"from": row.year, "to": row.year, "phase": row.phase, "structure": row.structure})
    return out
