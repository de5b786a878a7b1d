"""The atlas's findings: post-imperial versus classic hedging tested (THEORY.md §7).

Input: one atlas table per preset (``api.atlas_table``: one row per state-year, with
``state, year, member, independence, dependence_<domain>, share_<domain>_<pole>,
differentiation, domains_measured, captured_domains``; missing values NaN, never 0) and the
presets themselves. Nothing is read here; ``atlas_findings`` is a pure function.

Per member of a preset (mean over the years of the window ``first_year``-``last_year`` that
have data; a member with no such year is left out of that measure and counted):

- ``split`` = a_security(P) − a_economic(P), in the years with both; P is the hegemon, or in a
  preset without one the *reference pole*: the named pole (not OTHER, the residual of
  unlisted states) that leads the member's security domain in most window years, ties going to
  the higher mean security share, then to the poles file's order. A member *splits* when
  ``split ≥ split_threshold``.
- ``decay`` = the OLS slope of ``dependence_economic`` on year from independence to
  ``last_year``, in share per decade (0.10 = 10 points), with at least ``min_decay_years`` years
  of data; not testable in a preset without hegemon or for a member without independence year.
  The *fall* is −decay: a rising share is no decay at all, not a fast one.
- ``differentiation``: mean domain differentiation (Jensen-Shannon, 0-1).
- ``capture``: mean of captured_domains / domains_measured (a domain is captured when a named
  pole leads it with ``share ≥ θ_capture``; OTHER, the unnamed rest, captures nothing).

Groups come from the presets: a preset without hegemon is *classic*; one named in
``regional`` (default ``americas``) is regional, reported beside the others with no verdict;
every other preset is *post-imperial*, pooled and alone. A pooled unit is a (preset, member)
pair. The expectations, each a rule on a bootstrap interval (states resampled with replacement
within each group, ``bootstrap_draws`` draws, percentile interval at ``level``, a fresh
generator seeded ``seed`` for each comparison):

1. split: post-imperial mean − classic mean > 0;
2. decay: post-imperial median fall − ``slow_decay`` < 0 (the hegemon's economic share decays
   more slowly than ``slow_decay`` a decade);
3. differentiation: post-imperial mean − classic mean > 0;
4. capture: post-imperial mean − classic mean > 0 (classic hedgers are captured less).

Verdict: *supported* when the interval excludes 0 on the expected side, *contradicted* when it
excludes 0 on the other, *not supported* when it includes 0, *not testable* when a group has
fewer than ``min_states`` members with data (naming them). The members on the wrong side of
the other group's mean (for the decay, with a fall of at least ``slow_decay``) are named.

Robustness: each pooled verdict is judged again under plausible alternatives (``variants``):
the window two years earlier, its last three years alone, and ``slow_decay`` a quarter lower
and higher. A verdict that any of them changes is reported *fragile*, each alternative's
verdict beside it. (θ_capture is the panel's and is not varied here.)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from multivector.errors import BadOption
from multivector.presets import Preset
from multivector.presets.files import OTHER

ATLAS_FINDINGS_VERSION = "1"
Group = Literal["post_imperial", "classic", "regional"]
Statistic = Callable[..., Any]


class AtlasFindingsParams(BaseModel):
    """The window, thresholds and bootstrap of the post-imperial versus classic comparison."""

    model_config = ConfigDict(frozen=True)

    version: str = Field(default=ATLAS_FINDINGS_VERSION, description="version of these rules and defaults")
    first_year: int = Field(
        default=2010,
        description="first year of the comparison window (trade, arms, alliances, IGOs and votes all have data)",
    )
    last_year: int = Field(default=2014, description="last year of the comparison window and of the decay's fit")
    split_threshold: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="a state splits when its reference pole's security share exceeds its economic"
        " share by at least this",
    )
    slow_decay: float = Field(
        default=0.10,
        gt=0,
        le=1,
        description="a fall of the hegemon's economic share below this per decade is slow (0.10: 10 points a decade)",
    )
    min_decay_years: int = Field(default=5, ge=2, description="years of data since independence the decay's fit needs")
    min_states: int = Field(
        default=3, ge=1, description="states with data a group needs, else the expectation is not testable"
    )
    bootstrap_draws: int = Field(
        default=2000, ge=10, description="bootstrap draws (states resampled within each group)"
    )
    seed: int = Field(default=20260707, ge=0, description="seed of each comparison's numpy Generator")
    level: float = Field(default=0.90, gt=0, lt=1, description="coverage of the bootstrap percentile interval")
    regional: tuple[str, ...] = Field(
        default=("americas",), description="presets with a hegemon that are regional, not post-imperial (no verdict)"
    )

    @model_validator(mode="after")
    def _window(self) -> AtlasFindingsParams:
        if self.first_year > self.last_year:
            raise ValueError(f"first_year {self.first_year} is after last_year {self.last_year}")
        return self


@dataclass(frozen=True)
class Expectation:
    key: str
    number: int
    title: str
    statistic: Literal["mean", "median"]


EXPECTATIONS = (
    Expectation("split", 1, "Post-imperial hedgers split security from economy more than classic hedgers", "mean"),
    Expectation("decay", 2, "The former hegemon's economic share decays slowly since independence", "median"),
    Expectation(
        "differentiation", 3, "Post-imperial hedgers differentiate their domains more than classic ones", "mean"
    ),
    Expectation("capture", 4, "Classic hedgers are captured less than post-imperial hedgers", "mean"),
)


def atlas_findings(
    tables: Mapping[str, pd.DataFrame], presets: Mapping[str, Preset], params: AtlasFindingsParams | None = None
) -> dict:
    """The four expectations of THEORY.md §7 judged on ``tables`` (one atlas table per preset, keyed
    by the preset's name as ``presets`` is). A JSON-able dict (floats, None where missing)::

        parameters              the values used (AtlasFindingsParams, with its version)
        parameter_descriptions  parameter -> what it means
        rules                   window, groups, split, decay, differentiation, capture, bootstrap,
                                verdict, expectation_<key> -> the rule in words with its values
        groups                  post_imperial, classic, regional -> sorted preset names
        presets                 name -> title, hegemon, group, poles, members [state, name,
                                independence, basis, citation], left_out [name, state, reason]
        states                  per member, by preset then state: preset, group, state, name,
                                independence, reference_pole, split, split_years, splits, decay,
                                decay_years, differentiation, capture, missing {measure: why}
        expectations            per expectation: key, number, title, statistic (mean | median),
                                rule, verdict (the pooled row's), rows, contradicting,
                                robustness [variant, verdict], fragile, reported (the verdict,
                                or "fragile" when a variant changes it)

    Each row: group, role (post_imperial | classic | regional), presets, members, with_data,
    without_data [preset, state, reason], estimate, estimate_interval, difference (to the
    classic group; for the decay to ``slow_decay``), difference_interval, verdict (post-imperial
    rows only; classic's decay row "not testable"), note; ``splitting`` in the split's rows.
    Rows: post-imperial pooled, each post-imperial preset, classic pooled (each classic preset
    too when there are several), each regional preset. Each contradicting state: preset, group,
    state, name, value, against ("classic mean", "post-imperial mean" or "slow_decay"), limit.

    Raises ``BadOption`` when the tables and presets do not match, a table lacks a column, or a
    table marks as member a state the preset does not list.
    """
    params = params or AtlasFindingsParams()
    _check_names(tables, presets)
    groups = {name: group_of(preset, params) for name, preset in presets.items()}
    states = [
        record
        for name in sorted(presets)
        for record in member_measures(tables[name], presets[name], groups[name], params)
    ]
    expectations = [_judged(e, states, groups, params) for e in EXPECTATIONS]
    for expectation, checks in zip(expectations, robustness(tables, presets, groups, params), strict=True):
        changed = [c for c in checks if c["verdict"] != expectation["verdict"]]
        expectation["robustness"] = checks
        expectation["fragile"] = bool(changed)
        expectation["reported"] = "fragile" if changed else expectation["verdict"]
    return {
        "parameters": params.model_dump(mode="json"),
        "parameter_descriptions": {
            name: field.description or "" for name, field in AtlasFindingsParams.model_fields.items()
        },
        "rules": rules(params),
        "groups": {g: sorted(n for n, x in groups.items() if x == g) for g in ("post_imperial", "classic", "regional")},
        "presets": {name: _preset_record(presets[name], groups[name]) for name in sorted(presets)},
        "states": states,
        "expectations": expectations,
    }


def variants(params: AtlasFindingsParams) -> list[tuple[str, AtlasFindingsParams]]:
    """The plausible alternatives each verdict is held to (module docstring): the window two years
    earlier, the window's last three years alone, and ``slow_decay`` a quarter lower and higher."""
    first, last, slow = params.first_year, params.last_year, params.slow_decay
    changes: list[tuple[str, dict[str, Any]]] = [
        (f"window {first - 2}-{last - 2}", {"first_year": first - 2, "last_year": last - 2}),
        (f"window {max(first, last - 2)}-{last}", {"first_year": max(first, last - 2)}),
        (f"slow_decay {_points(slow * 0.75)} points", {"slow_decay": slow * 0.75}),
        (f"slow_decay {_points(slow * 1.25)} points", {"slow_decay": slow * 1.25}),
    ]
    return [(label, params.model_copy(update=update)) for label, update in changes]


def table_years(preset: Preset, params: AtlasFindingsParams) -> tuple[int, int]:
    """The years an atlas table needs for ``preset``: every variant's window, and each member's
    years since independence for the decay."""
    first = min((m.independence for m in preset.members if m.independence is not None), default=params.first_year)
    earliest = min(params.first_year, *(p.first_year for _, p in variants(params)))
    return min(first, earliest), params.last_year


def robustness(
    tables: Mapping[str, pd.DataFrame],
    presets: Mapping[str, Preset],
    groups: Mapping[str, Group],
    params: AtlasFindingsParams,
) -> list[list[dict]]:
    """Per expectation, its pooled verdict under each of ``variants(params)``: ``{variant, verdict}``."""
    out: list[list[dict]] = [[] for _ in EXPECTATIONS]
    for label, changed in variants(params):
        states = [
            record
            for name in sorted(presets)
            for record in member_measures(tables[name], presets[name], groups[name], changed)
        ]
        for checks, expectation in zip(out, EXPECTATIONS, strict=True):
            checks.append({"variant": label, "verdict": _judged(expectation, states, groups, changed)["verdict"]})
    return out


def group_of(preset: Preset, params: AtlasFindingsParams) -> Group:
    """classic without hegemon, regional when named in ``params.regional``, else post-imperial."""
    if preset.hegemon is None:
        return "classic"
    return "regional" if preset.name in params.regional else "post_imperial"


def rules(params: AtlasFindingsParams) -> dict[str, str]:
    """Each measure's and verdict's rule in words, with the parameters' values."""
    window = f"{params.first_year}-{params.last_year}"
    level = f"{params.level:.0%}"
    return {
        "window": f"measures are means over the years {window} with data; a member with none is left out and counted",
        "split": "a_security(P) - a_economic(P), mean over the window years with both; P is the hegemon or, without "
        "one, the named pole (not OTHER) leading the member's security domain in most window years (ties: higher "
        "mean security share, then the poles file's order); a member splits when split >= "
        f"{params.split_threshold:.2f}",
        "decay": f"OLS slope of the hegemon's economic share on year from independence to {params.last_year}, "
        f"in share per decade (0.10 = 10 points), with at least {params.min_decay_years} years of data; the fall "
        "is minus the slope; not testable without hegemon or independence year",
        "differentiation": "mean pairwise Jensen-Shannon divergence between domain vectors (0-1), mean over the window",
        "capture": "captured domains / measured domains (a named pole, never OTHER, leads with share >= "
        "theta_capture), mean over the window",
        "groups": "classic: presets without hegemon; regional (descriptive, no verdict): "
        f"{', '.join(params.regional) or 'none'}; post-imperial: the other presets with a hegemon, pooled as "
        "(preset, member) pairs and each alone",
        "bootstrap": f"members resampled with replacement within each group, {params.bootstrap_draws} draws, "
        f"{level} percentile interval, numpy Generator seeded {params.seed} for each comparison",
        "verdict": "supported: the interval excludes 0 on the expected side; contradicted: it excludes 0 on the other; "
        f"not supported: it includes 0; not testable: a group has fewer than {params.min_states} members with data",
        "expectation_split": "post-imperial mean split - classic mean split > 0",
        "expectation_decay": f"post-imperial median fall - {_points(params.slow_decay)} points per decade < 0",
        "expectation_differentiation": "post-imperial mean differentiation - classic mean differentiation > 0",
        "expectation_capture": "post-imperial mean capture - classic mean capture > 0 (classic capture lower)",
    }


# --- per member ---------------------------------------------------------------------------


def member_measures(table: pd.DataFrame, preset: Preset, group: Group, params: AtlasFindingsParams) -> list[dict]:
    """One record per member of ``preset``, by state: its measures (None where missing) and why each is."""
    _check_columns(table, preset)
    rows = table.assign(year=pd.to_numeric(table["year"]).astype(int))
    marked = set(rows.loc[rows["member"].fillna(False).astype(bool), "state"])
    extra = sorted(marked - set(preset.states))
    if extra:
        raise BadOption(
            f"the atlas table of {preset.name} marks {', '.join(extra)} as members; the preset does not list them",
            "build the table with the same preset",
        )
    out = []
    for member in sorted(preset.members, key=lambda m: m.state):
        own = rows[rows["state"] == member.state].sort_values("year")
        window = own[own["year"].between(params.first_year, params.last_year)]
        pole = preset.hegemon or reference_pole(window, preset)
        split, split_years = split_of(window, preset, pole)
        independence = _independence(own, member.independence)
        decay, decay_years, decay_note = decay_of(own, preset, independence, params)
        differentiation = _mean(window["differentiation"])
        capture = capture_of(window)
        missing = f"no year of data in {params.first_year}-{params.last_year}"
        out.append(
            {
                "preset": preset.name,
                "group": group,
                "state": member.state,
                "name": member.name,
                "independence": independence,
                "reference_pole": pole,
                "split": split,
                "split_years": split_years,
                "splits": None if split is None else split >= params.split_threshold,
                "decay": decay,
                "decay_years": decay_years,
                "differentiation": differentiation,
                "capture": capture,
                "missing": {
                    key: note
                    for key, value, note in (
                        ("split", split, missing),
                        ("decay", decay, decay_note),
                        ("differentiation", differentiation, missing),
                        ("capture", capture, missing),
                    )
                    if value is None
                },
            }
        )
    return out


def reference_pole(window: pd.DataFrame, preset: Preset) -> str | None:
    """The named pole leading the security domain in most window years (module docstring), or None."""
    named = [p for p in preset.poles if p != OTHER]
    shares = window[[f"share_security_{p}" for p in named]].astype(float)
    shares.columns = named
    shares = shares.dropna(how="all")
    if shares.empty:
        return None
    leads = Counter(shares.idxmax(axis=1, skipna=True))
    means = shares.mean()
    return max(named, key=lambda p: (leads.get(p, 0), _or(means[p], -1.0), -named.index(p)))


def split_of(window: pd.DataFrame, preset: Preset, pole: str | None) -> tuple[float | None, int]:
    """Mean of a_security(P) − a_economic(P) over the window years with both, and how many."""
    if pole is None:
        return None, 0
    column = "dependence_{}" if preset.hegemon is not None else "share_{}_" + pole
    security = pd.to_numeric(window[column.format("security")], errors="coerce")
    economic = pd.to_numeric(window[column.format("economic")], errors="coerce")
    both = (security - economic).dropna()
    return _mean(both), len(both)


def decay_of(
    rows: pd.DataFrame, preset: Preset, independence: int | None, params: AtlasFindingsParams
) -> tuple[float | None, int, str]:
    """OLS slope of dependence_economic on year, independence to last_year, per decade; the years; why missing."""
    if preset.hegemon is None:
        return None, 0, "not testable: the preset has no hegemon"
    if independence is None:
        return None, 0, "not testable: no independence year"
    span = rows[rows["year"].between(independence, params.last_year)]
    points = pd.DataFrame({"year": span["year"], "share": pd.to_numeric(span["dependence_economic"], errors="coerce")})
    points = points.dropna()
    if len(points) < params.min_decay_years:
        found = f"{len(points)} year{'' if len(points) == 1 else 's'} of data in {independence}-{params.last_year}"
        return None, len(points), f"{found}, fewer than {params.min_decay_years}"
    slope = ols_slope(points["year"].to_numpy(float), points["share"].to_numpy(float))
    return slope * 10, len(points), ""


def ols_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Least-squares slope of y on x: Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²."""
    dx = x - x.mean()
    return float((dx * (y - y.mean())).sum() / (dx * dx).sum())


def capture_of(window: pd.DataFrame) -> float | None:
    """Mean over the window years with a measured domain of captured_domains / domains_measured."""
    measured = pd.to_numeric(window["domains_measured"], errors="coerce")
    captured = pd.to_numeric(window["captured_domains"], errors="coerce")
    ok = (measured > 0) & captured.notna()
    return _mean(captured[ok] / measured[ok])


def _independence(rows: pd.DataFrame, listed: int | None) -> int | None:
    years = pd.to_numeric(rows["independence"], errors="coerce").dropna()
    return int(years.iloc[0]) if len(years) else listed


# --- groups and verdicts ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Test:
    """One expectation's measure, statistic and parameters."""

    key: str
    statistic: Statistic
    params: AtlasFindingsParams

    def value(self, unit: dict) -> float | None:
        """The unit's value: its measure, or for the decay its fall (−decay)."""
        found = unit[self.key]
        return -found if self.key == "decay" and found is not None else found

    def values(self, units: Sequence[dict]) -> np.ndarray:
        """The units' values in their order (by preset, then state), missing ones left out."""
        return np.array([v for u in units if (v := self.value(u)) is not None], dtype=float)


def _judged(expectation: Expectation, states: list[dict], groups: Mapping[str, Group], params: AtlasFindingsParams):
    test = _Test(expectation.key, np.mean if expectation.statistic == "mean" else np.median, params)
    names = {g: sorted(n for n, x in groups.items() if x == g) for g in ("post_imperial", "classic", "regional")}
    units = {name: [s for s in states if s["preset"] == name] for name in groups}
    post = [s for n in names["post_imperial"] for s in units[n]]
    classic = [s for n in names["classic"] for s in units[n]]
    rows = [_row(test, "post-imperial (pooled)", "post_imperial", names["post_imperial"], post, classic)]
    rows += [_row(test, n, "post_imperial", [n], units[n], classic) for n in names["post_imperial"]]
    rows.append(_row(test, "classic (pooled)", "classic", names["classic"], classic, classic))
    if len(names["classic"]) > 1:
        rows += [_row(test, n, "classic", [n], units[n], classic) for n in names["classic"]]
    rows += [_row(test, n, "regional", [n], units[n], classic) for n in names["regional"]]
    return {
        "key": expectation.key,
        "number": expectation.number,
        "title": expectation.title,
        "statistic": expectation.statistic,
        "rule": rules(params)[f"expectation_{expectation.key}"],
        "verdict": rows[0]["verdict"],
        "rows": rows,
        "contradicting": _contradicting(test, post, classic),
    }


def _row(test: _Test, label: str, role: Group, names: list[str], units: list[dict], classic: list[dict]) -> dict:
    """A group's row: sizes, its statistic with interval, the difference to the reference (the classic
    group; ``slow_decay`` for the decay) with interval, and the verdict (post-imperial rows only)."""
    params, values = test.params, test.values(units)
    row: dict[str, Any] = {
        "group": label,
        "role": role,
        "presets": list(names),
        "members": len(units),
        "with_data": len(values),
        "without_data": [
            {"preset": u["preset"], "state": u["state"], "reason": u["missing"][test.key]}
            for u in units
            if test.value(u) is None
        ],
        "estimate": float(test.statistic(values)) if values.size else None,
        "estimate_interval": bootstrap(values, None, test.statistic, params)[1] if values.size else None,
        "difference": None,
        "difference_interval": None,
        "verdict": None,
        "note": None,
    }
    if test.key == "split":
        row["splitting"] = sum(1 for u in units if u["splits"])
    judge = role == "post_imperial"
    if role == "classic":
        if test.key == "decay":
            return {**row, "verdict": "not testable", "note": "no former hegemon: its share's decay is not defined"}
        return {**row, "note": "the reference group"}
    other = None if test.key == "decay" else test.values(classic)
    short = [_shortfall("", units, test, params)] if values.size < params.min_states else []
    if other is not None and other.size < params.min_states:
        short.append(_shortfall("classic: ", classic, test, params))
    if short:
        return {**row, "verdict": "not testable" if judge else None, "note": "; ".join(short)}
    threshold = params.slow_decay if other is None else None
    difference, interval = bootstrap(values, other, test.statistic, params, threshold)
    row.update(difference=difference, difference_interval=interval)
    if judge:
        return {**row, "verdict": verdict(interval, -1 if test.key == "decay" else 1)}
    return {**row, "note": "regional: described, not judged"}


def _shortfall(label: str, units: list[dict], test: _Test, params: AtlasFindingsParams) -> str:
    """``label`` then "n of m members with data, fewer than k (without: ...)"; no label for the row's own group."""
    lacking = sorted(u["state"] for u in units if test.value(u) is None)
    with_data = len(units) - len(lacking)
    return f"{label}{with_data} of {len(units)} members with data, fewer than {params.min_states}" + (
        f" (without: {', '.join(lacking)})" if lacking else ""
    )


def bootstrap(
    values: np.ndarray,
    other: np.ndarray | None,
    statistic: Statistic,
    params: AtlasFindingsParams,
    threshold: float | None = None,
) -> tuple[float, list[float]]:
    """The point estimate and percentile interval of statistic(values) − statistic(other), or of
    statistic(values) − threshold, or of statistic(values) alone; each group resampled with
    replacement, ``params.bootstrap_draws`` times, by a Generator seeded ``params.seed``."""
    rng = np.random.default_rng(params.seed)
    drawn = _draws(values, statistic, rng, params.bootstrap_draws)
    estimate = float(statistic(values))
    if other is not None:
        drawn = drawn - _draws(other, statistic, rng, params.bootstrap_draws)
        estimate -= float(statistic(other))
    elif threshold is not None:
        drawn, estimate = drawn - threshold, estimate - threshold
    tail = (1 - params.level) / 2
    low, high = np.quantile(drawn, [tail, 1 - tail])
    return estimate, [float(low), float(high)]


def _draws(values: np.ndarray, statistic: Statistic, rng: np.random.Generator, draws: int) -> np.ndarray:
    picks = rng.integers(0, values.size, size=(draws, values.size))
    return np.asarray(statistic(values[picks], axis=1), dtype=float)


def verdict(interval: Sequence[float], expected: Literal[1, -1]) -> str:
    """supported / contradicted / not supported, from where the interval lies against 0."""
    low, high = interval
    if (low > 0 and expected == 1) or (high < 0 and expected == -1):
        return "supported"
    if (high < 0 and expected == 1) or (low > 0 and expected == -1):
        return "contradicted"
    return "not supported"


def _contradicting(test: _Test, post: list[dict], classic: list[dict]) -> list[dict]:
    """Post-imperial members below the classic mean and classic members above the post-imperial one;
    for the decay, post-imperial members whose fall is at least ``slow_decay`` a decade."""
    if test.key == "decay":
        limit = test.params.slow_decay
        found = [_named(u, v, limit, "slow_decay") for u in post if (v := test.value(u)) is not None and v >= limit]
        return sorted(found, key=lambda c: (c["preset"], c["state"]))
    post_values, classic_values = test.values(post), test.values(classic)
    out = []
    if classic_values.size:
        limit = float(classic_values.mean())
        out += [_named(u, v, limit, "classic mean") for u in post if (v := test.value(u)) is not None and v < limit]
    if post_values.size:
        limit = float(post_values.mean())
        out += [
            _named(u, v, limit, "post-imperial mean") for u in classic if (v := test.value(u)) is not None and v > limit
        ]
    return sorted(out, key=lambda c: (c["group"], c["preset"], c["state"]))


def _named(unit: dict, found: float | None, limit: float, against: str) -> dict:
    return {
        "preset": unit["preset"],
        "group": unit["group"],
        "state": unit["state"],
        "name": unit["name"],
        "value": found,
        "against": against,
        "limit": limit,
    }


# --- checks and records -----------------------------------------------------------------------


def _check_names(tables: Mapping[str, pd.DataFrame], presets: Mapping[str, Preset]) -> None:
    without_table = sorted(set(presets) - set(tables))
    without_preset = sorted(set(tables) - set(presets))
    if without_table or without_preset:
        raise BadOption(
            f"the atlas tables and presets differ: no table for {', '.join(without_table) or '-'}; "
            f"no preset for {', '.join(without_preset) or '-'}",
            "pass one atlas table per preset, keyed by the preset's name",
        )
    misnamed = sorted(name for name, preset in presets.items() if preset.name != name)
    if misnamed:
        raise BadOption(f"presets keyed by another name: {', '.join(misnamed)}", "key each preset by its name")


BASE_COLUMNS = (
    "state",
    "year",
    "member",
    "independence",
    "dependence_security",
    "dependence_economic",
    "differentiation",
    "domains_measured",
    "captured_domains",
)


def _check_columns(table: pd.DataFrame, preset: Preset) -> None:
    wanted = list(BASE_COLUMNS)
    if preset.hegemon is None:
        wanted += [f"share_{d}_{p}" for d in ("security", "economic") for p in preset.poles if p != OTHER]
    missing = [c for c in wanted if c not in table.columns]
    if missing:
        raise BadOption(
            f"the atlas table of {preset.name} lacks the column(s) {', '.join(missing)}",
            "pass the table api.atlas_table gives for the preset",
        )


def _preset_record(preset: Preset, group: Group) -> dict:
    return {
        "title": preset.title,
        "hegemon": preset.hegemon,
        "group": group,
        "poles": list(preset.poles),
        "members": [
            {
                "state": m.state,
                "name": m.name,
                "independence": m.independence,
                "basis": m.basis,
                "citation": m.citation,
            }
            for m in preset.members
        ],
        "left_out": [{"name": x.name, "state": x.state, "reason": x.reason} for x in preset.left_out],
    }


def _mean(values: pd.Series) -> float | None:
    found = pd.to_numeric(values, errors="coerce").dropna()
    return float(found.mean()) if len(found) else None


def _or(value: Any, default: float) -> float:
    return default if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _points(share: float) -> str:
    return f"{100 * share:g}"
