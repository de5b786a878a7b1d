"""How robust a verdict is: the share of plausible parameter settings under which it holds.

Each parameter the phases depend on has a stated plausible range (:data:`PLAUSIBLE`, the
default inside it). The settings are the defaults, then every other value of each range with
the other parameters at their defaults (one at a time, as the sensitivity run does):

    settings = 1 + Σ_p (|range_p| − 1)
    robustness(v) = #{settings under which verdict v is what it is at the defaults} / settings
    fragile(v)    = robustness(v) < 1   (it flips somewhere inside the plausible range)

A verdict that is fragile is reported as such, with the settings that flip it, never as a
plain agree or disagree. The ranges and why they are plausible:

* ``phases.delta`` 2.5-10 share points: below 2.5 points a "fall" is within the year-to-year
  noise of most channels; above 10 points only collapses count.
* ``phases.sustain_years`` 1-2 years: the 2022 shock has at most two post-shock years of
  trade data, so three would make it untestable rather than test it.
* ``phases.trend`` line or mean of the pre-shock years; ``phases.pre_years`` 4-8 years.
* ``phases.horizon`` 3-8 years after the shock.
* ``phases.detect_breaks`` on or off, ``phases.break_penalty`` 1-4 (× σ² ln n): which
  falls found in the data count as shocks.
* ``measure.theta_capture`` 0.4-0.6: the share at which one pole captures a domain.

Where a series states its uncertainty, the verdict is also resampled (:func:`shock_bands`):
the ideal-point channel's hegemon share is drawn per year from a normal with mean the
estimate and SD = (q95 − q05) / (2 · 1.6449), clipped to [0, 1], independently per year,
``BAND_DRAWS`` times; the diplomatic domain is re-tested on each draw and the shock's verdict
recomputed. ``band`` is the share of draws keeping the verdict; below ``BAND_KEEPS`` (0.9)
the verdict is fragile too. Per-year independence ignores the correlation of a state's points
across years, so the band is wider than the joint posterior's would be.

Not varied, because THEORY.md §3 fixes them: a reallocation needs a fall in at least two
domains (``min_domains``), corroborating acts (``require_acts``), and a verdict needs every
domain tested (``min_tested_domains``). Channel weights and the hegemon change the measured
vectors themselves and are not parameters of a verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from multivector.indicators.ideal_points import CHANNEL as IDEAL_POINTS
from multivector.measure.ideal_point_draws import posterior_sd
from multivector.theory.panel import Panel
from multivector.theory.params import TheoryParams
from multivector.theory.phases import shock_tests
from multivector.theory.shocks import ShockTest, consistent_series, judge_series, shock_verdict

PLAUSIBLE: dict[str, tuple[Any, ...]] = {
    "phases.delta": (0.025, 0.05, 0.075, 0.10),
    "phases.sustain_years": (1, 2),
    "phases.trend": ("linear", "level"),
    "phases.pre_years": (4, 6, 8),
    "phases.horizon": (3, 5, 8),
    "phases.detect_breaks": (True, False),
    "phases.break_penalty": (1.0, 2.0, 4.0),
    "measure.theta_capture": (0.4, 0.5, 0.6),
}


BAND_DRAWS = 200
BAND_SEED = 2025
BAND_KEEPS = 0.9


@dataclass(frozen=True)
class Setting:
    """One plausible parameter setting: ``parameter`` changed to ``value`` (None: the defaults)."""

    parameter: str | None
    value: Any
    params: TheoryParams

    @property
    def label(self) -> str:
        return "defaults" if self.parameter is None else f"{self.parameter} = {self.value}"


def plausible_settings(params: TheoryParams, ranges: dict[str, tuple[Any, ...]] = PLAUSIBLE) -> list[Setting]:
    """The defaults first, then each other value of each plausible range, one parameter at a time."""
    out = [Setting(None, None, params)]
    for path, values in ranges.items():
        default = params.value(path)
        for value in values:
            if value == default:
                continue
            try:
                out.append(Setting(path, value, params.with_value(path, value)))
            except (ValidationError, KeyError):
                continue
    return out


def robustness_of(verdicts: list[Any], settings: list[Setting]) -> dict:
    """robustness, fragile and the flipping settings of one verdict, given its value per setting.

    ``verdicts[0]`` is the verdict at the defaults (``settings[0]``).

    >>> s = [Setting(None, None, TheoryParams()), Setting("phases.delta", 0.1, TheoryParams())]
    >>> robustness_of(["agree", "disagree"], s)["robustness"], robustness_of(["agree", "agree"], s)["fragile"]
    (0.5, False)
    """
    base = verdicts[0]
    flips = [
        {"parameter": s.parameter, "value": s.value, "verdict": v}
        for s, v in zip(settings[1:], verdicts[1:])
        if v != base
    ]
    holds = len(verdicts) - len(flips)
    return {
        "robustness": round(holds / len(verdicts), 6),
        "fragile": bool(flips),
        "settings": len(verdicts),
        "flips": flips,
    }


def shock_robustness(
    panel: Panel,
    params: TheoryParams,
    baseline: list[ShockTest] | None = None,
    on_run: Callable[[int, int], None] | None = None,
) -> dict[str, dict]:
    """Per shock label: the robustness of its verdict (substantive, declaratory, not testable).

    ``baseline``: the shock tests at the defaults, when the caller has them already. A detected
    shock that is not found under a setting (no detection, other break parameters) is not
    judged there: that setting asks about another shock. Such settings are listed in
    ``not_detected`` and left out of the share.
    """
    settings = plausible_settings(params)
    per_setting = []
    for done, setting in enumerate(settings, 1):
        if on_run:
            on_run(done, len(settings))
        tests = (
            baseline
            if setting.parameter is None and baseline is not None
            else shock_tests(panel, setting.params.phases)[0]
        )
        per_setting.append({t.label: t.verdict for t in tests})
    out = {}
    for label in per_setting[0]:
        found = [(s, v[label]) for s, v in zip(settings, per_setting) if label in v]
        result = robustness_of([v for _, v in found], [s for s, _ in found])
        result["not_detected"] = [s.label for s, v in zip(settings, per_setting) if label not in v]
        out[label] = result
    return out


def flip_text(flips) -> str:
    """The flipping settings (``robustness_of``'s ``flips``) in words: "phases.delta = 0.025 (substantive); …"."""
    return "; ".join(f"{f['parameter']} = {f['value']} ({f['verdict']})" for f in flips)


def shock_bands(
    panel: Panel,
    params: TheoryParams,
    baseline: list[ShockTest] | None = None,
    draws: int = BAND_DRAWS,
    seed: int = BAND_SEED,
) -> dict[str, dict]:
    """Per shock label whose diplomatic test reads ideal points: the share of resampled draws keeping the verdict.

    ``{"draws", "keeps", "verdicts": {verdict: draws}}``; shocks without ideal points in the
    diplomatic test, or without stated intervals, are left out; ``baseline`` as in
    :func:`shock_robustness`. The domain's series is the
    weighted mean of its channels over years where all are present, so a draw moves it by

        Δh(t) = w_ideal / Σ_c w_c · (x(t) − x̂(t))     (x: drawn ideal-point share, x̂: estimate)
    """
    tests = baseline if baseline is not None else shock_tests(panel, params.phases)[0]
    out = {}
    for test in tests:
        diplomatic = test.domains.get("diplomatic")
        if diplomatic is None or not diplomatic.testable or IDEAL_POINTS not in diplomatic.channels:
            continue
        drawn = _drawn_series(panel, test.year, params, draws, seed + test.year)
        if drawn is None:
            continue
        channels, sources, copies = drawn
        verdicts: dict[str, int] = {}
        for values in copies:
            retest = judge_series("diplomatic", values, channels, sources, test.year, params.phases)
            verdict = shock_verdict({**test.domains, "diplomatic": retest}, test.acts, params.phases)[1]
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
        out[test.label] = {
            "draws": draws,
            "keeps": round(verdicts.get(test.verdict, 0) / draws, 6),
            "verdicts": verdicts,
        }
    return out


def _drawn_series(panel: Panel, year: int, params: TheoryParams, draws: int, seed: int):
    """The diplomatic test's channels and sources, and ``draws`` copies of its series with the ideal-point
    share drawn."""
    phases = params.phases
    first, last = year - phases.pre_years, year + phases.horizon - 1
    series, channels, sources = consistent_series(
        panel, "diplomatic", first, last, phases.min_pre_points, phases.sustain_years, year
    )
    bands = panel.ideal_point_bands.set_index("year")
    shares = panel.hegemon_share("channel")
    estimate = shares[shares.channel == IDEAL_POINTS].set_index("year").share.reindex(series.index)
    sd = pd.Series(
        posterior_sd(
            bands.share_q05.reindex(series.index).to_numpy(), bands.share_q95.reindex(series.index).to_numpy()
        ),
        index=series.index,
    )
    if estimate.isna().any() or not (sd > 0).any():
        return None
    weight = panel.weights.get(IDEAL_POINTS, 1.0) / sum(panel.weights.get(c, 1.0) for c in channels)
    rng = np.random.default_rng(seed)
    years = [int(t) for t in series.index]
    base, mean, spread = series.to_numpy(float), estimate.to_numpy(float), sd.to_numpy(float)
    copies = []
    for _ in range(draws):  # one draw per row, in the generator's order: the same numbers as drawn one by one
        x = np.clip(mean + rng.standard_normal(len(years)) * spread, 0, 1)
        copies.append(dict(zip(years, (base + weight * (x - mean)).tolist(), strict=True)))
    return channels, sources, copies


def with_shock_robustness(result: dict, panel: Panel, params: TheoryParams) -> dict:
    """The classification with each shock's ``robustness`` record (see :func:`robustness_of`) and,
    where the diplomatic test reads ideal points, its resampled ``band``; ``fragile`` is true when a
    plausible setting flips the verdict or fewer than ``BAND_KEEPS`` of the draws keep it."""
    baseline, _ = shock_tests(panel, params.phases)
    found = shock_robustness(panel, params, baseline)
    bands = shock_bands(panel, params, baseline)
    for shock in result["shocks"]:
        record = found.get(shock["shock"])
        if record is not None:
            band = bands.get(shock["shock"])
            record = {
                **record,
                "band": band,
                "fragile": record["fragile"] or (band is not None and band["keeps"] < BAND_KEEPS),
            }
        shock["robustness"] = record
    return result
