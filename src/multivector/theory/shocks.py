"""Did the state reallocate away from the hegemon after a shock? (THEORY.md §3)

For a shock in year ``s`` and each domain, the test compares the hegemon's share ``h(t)``
after the shock with its pre-shock trend:

    trend: h(t) ≈ a + b·t fitted by least squares on the years s−pre_years … s−1
           (``trend="level"``: the pre-shock mean), clipped to [0, 1]
    residual r(t) = h(t) − trend(t)   for t = s … s+horizon−1
    the domain falls when r(t) ≤ −δ in at least ``sustain_years`` consecutive years.

The shock's verdict is one of three:

* ``not testable`` when fewer than ``min_tested_domains`` domains (all three by default)
  have a series of the hegemon's share spanning the shock; the verdict names the domains
  that lack one. A verdict never rests on fewer domains than the rule requires: with two
  domains tested and no fall, the third could still fall, so "declaratory" would be a guess;
* ``substantive`` (a reallocation) when at least ``min_domains`` domains fall and, if
  ``require_acts``, the state did at least ``min_acts`` corroborating acts in the post-shock
  years: an event moving it away from the hegemon, or a new export route that avoids the
  hegemon's territory;
* ``declaratory`` otherwise.

A domain's series must keep its composition across the window, or a source ending (the
IMF file stops in 2020, ATOP in 2018) would read as a fall: only channels with one series
and data on both sides of the shock enter, and only years where all of them have data.
The test needs the hegemon's share alone, so where no trade channel (exports, imports)
spans the shock the economic domain reads its trade from the hegemon-share series (the
hegemon's and the World's reports, one source 2011-2023, ``Panel.hegemon_trade``), weighted
as exports and imports together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from multivector.channels import DOMAINS
from multivector.measure.panel import TRADE_CHANNELS
from multivector.measure.series import source_of_label
from multivector.theory.frame_rows import each_group
from multivector.theory.panel import Panel, hegemon_rows, longest_series, route_of


@dataclass(frozen=True)
class DomainTest:
    domain: str
    channels: tuple[str, ...]
    sources: tuple[str, ...]
    pre: dict[int, float]
    post: dict[int, float]
    trend: dict[int, float]
    falls: bool
    fall_years: tuple[int, ...]
    testable: bool
    reason: str = ""

    def residual(self, year: int) -> float:
        return self.post[year] - self.trend[year]


@dataclass(frozen=True)
class ShockTest:
    year: int
    label: str
    kind: str  # "default" or "detected"
    domains: dict[str, DomainTest]
    acts: pd.DataFrame = field(default_factory=pd.DataFrame)
    passes: bool = False
    verdict: str = "not testable"  # substantive, declaratory or not testable

    @property
    def falling_domains(self) -> list[str]:
        return [d for d, t in self.domains.items() if t.falls]

    @property
    def untested_domains(self) -> list[str]:
        """The domains without a series of the hegemon's share spanning the shock."""
        return [d for d, t in self.domains.items() if not t.testable]

    @property
    def why_not_testable(self) -> str | None:
        """Why the verdict is "not testable": the domains lacking a spanning series, each with its reason."""
        if self.verdict != "not testable":
            return None
        parts = [f"{d} ({t.reason})" for d, t in self.domains.items() if not t.testable]
        return "no series of the hegemon's share spanning the shock in " + "; ".join(parts)

    @property
    def substantive_years(self) -> list[int]:
        """Years after the shock in which at least two falling domains are below trend."""
        if not self.passes:
            return []
        counts: dict[int, int] = {}
        for test in self.domains.values():
            for year in test.fall_years:
                counts[year] = counts.get(year, 0) + 1
        need = min(len(self.falling_domains), 2)
        return sorted(y for y, n in counts.items() if n >= need)


def test_shock(panel: Panel, year: int, label: str, kind: str, params) -> ShockTest:
    """Run the reallocation test of one shock over every domain."""
    domains: dict[str, DomainTest] = {d: domain_test(panel, d, year, params) for d in DOMAINS}
    acts = corroborating_acts(panel, year, year + params.horizon - 1)
    return ShockTest(year, label, kind, domains, acts, *shock_verdict(domains, acts, params))


def shock_verdict(domains: dict[str, DomainTest], acts: pd.DataFrame, params) -> tuple[bool, str]:
    """(passes, verdict) of the domain tests: not testable below ``min_tested_domains`` tested."""
    tested = sum(t.testable for t in domains.values())
    if tested < max(params.min_tested_domains, params.min_domains):
        return False, "not testable"
    falling = sum(t.falls for t in domains.values())
    enough_acts = not params.require_acts or acts["fact_id"].nunique() >= params.min_acts
    passes = falling >= params.min_domains and enough_acts
    return passes, "substantive" if passes else "declaratory"


def consistent_series(
    panel: Panel, domain: str, first: int, last: int, min_pre: int, min_post: int, shock: int
) -> tuple[pd.Series, list[str], list[str]]:
    """The domain's hegemon share over [first, last] from channels of unchanged composition.

    Each channel is read on one series with enough years on both sides of the shock (the
    longest such); a channel with several series is read on all of them (``Panel.overlaps``),
    not only the one each year's measurement chose, so that a series preferred until it ends
    (IMF reports, to 2020) does not hide one that spans the shock (a statistics office's).
    Kept per panel: the robustness settings ask for the same window many times.
    """
    key = ("consistent_series", domain, first, last, min_pre, min_post, shock)
    if key not in panel.cache:
        panel.cache[key] = _consistent_series(panel, domain, first, last, min_pre, min_post, shock)
    series, channels, sources = panel.cache[key]
    return series.copy(), list(channels), list(sources)


def _consistent_series(
    panel: Panel, domain: str, first: int, last: int, min_pre: int, min_post: int, shock: int
) -> tuple[pd.Series, list[str], list[str]]:
    shares = _channel_shares(panel, domain, first, last)
    kept, sources = [], []
    for channel, group in each_group(shares, "channel"):
        spanning = [
            series
            for series, rows in group.groupby("series")
            if (rows.year < shock).sum() >= min_pre and (rows.year >= shock).sum() >= min_post
        ]
        if spanning:
            mine = group[group.series == longest_series(group[group.series.isin(spanning)], channel)]
            kept.append(mine.assign(weight=panel.weights.get(channel, 1.0)))
            sources.append(mine.source_id.iloc[0])
    if domain == "economic" and not any(k.channel.iloc[0] in TRADE_CHANNELS for k in kept):
        trade = _hegemon_trade(panel, first, last)
        if (trade.year < shock).sum() >= min_pre and (trade.year >= shock).sum() >= min_post:
            kept.append(trade)
            sources.append(trade.source_id.iloc[0])
    if not kept:
        return pd.Series(dtype=float), [], []
    stacked = pd.concat(kept)
    channels = sorted(stacked.channel.unique())
    complete = stacked.groupby("year").channel.nunique() == len(channels)
    stacked = stacked[stacked.year.isin(complete[complete].index)]
    weighted = stacked.assign(ws=stacked.share * stacked.weight).groupby("year")[["ws", "weight"]].sum()
    return (weighted.ws / weighted.weight).sort_index(), channels, sorted(set(sources))


def _channel_shares(panel: Panel, domain: str, first: int, last: int) -> pd.DataFrame:
    """year, channel, series, source_id, share (the hegemon's) of the domain's channels in [first, last]."""
    key = ("channel_shares", domain)
    if key not in panel.cache:
        panel.cache[key] = _all_channel_shares(panel, domain)
    shares = panel.cache[key]
    return shares[shares.year.between(first, last)]


def _all_channel_shares(panel: Panel, domain: str) -> pd.DataFrame:
    rows = panel.channels[panel.channels.domain == domain]
    shares = hegemon_rows(rows, ["year", "channel", "series", "source_id"], panel.hegemon)
    every = panel.overlaps[panel.overlaps.channel.isin(shares.channel)]
    if every.empty:
        return shares
    every = every.assign(source_id=[source_of_label(label) for label in every.series])
    return pd.concat([shares[~shares.channel.isin(every.channel)], every[shares.columns]], ignore_index=True)


def _hegemon_trade(panel: Panel, first: int, last: int) -> pd.DataFrame:
    """The hegemon-share series as one channel ``trade`` of weight w_exports + w_imports."""
    rows = panel.hegemon_trade[panel.hegemon_trade.year.between(first, last)]
    weight = sum(panel.weights.get(c, 1.0) for c in TRADE_CHANNELS)
    return rows.assign(channel="trade", source_id=[source_of_label(label) for label in rows.series], weight=weight)


def domain_test(panel: Panel, domain: str, year: int, params) -> DomainTest:
    """The test of one domain: its series of the hegemon's share around the shock, trend and fall."""
    first, last = year - params.pre_years, year + params.horizon - 1
    series, channels, sources = consistent_series(
        panel, domain, first, last, params.min_pre_points, params.sustain_years, year
    )
    return judge_series(domain, series, channels, sources, year, params)


def judge_series(
    domain: str, series: pd.Series | Mapping[int, float], channels: list[str], sources: list[str], year: int, params
) -> DomainTest:
    """Trend, residuals and the sustained fall of one domain's series of the hegemon's share."""
    values = _by_year(series)
    pre = {t: v for t, v in values.items() if t < year}
    post = {t: v for t, v in values.items() if t >= year}
    if len(pre) < params.min_pre_points or len(post) < params.sustain_years:
        reason = (
            "no channel with one series and data on both sides of the shock"
            if not channels
            else "too few years with all channels present"
        )
        return DomainTest(domain, tuple(channels), tuple(sources), pre, post, {}, False, (), False, reason)
    trend = pre_trend(pre, list(post), params.trend)
    below = [t for t in sorted(post) if post[t] - trend[t] <= -params.delta]
    fall_years = _sustained(below, params.sustain_years)
    return DomainTest(
        domain, tuple(channels), tuple(sources), pre, post, trend, bool(fall_years), tuple(fall_years), True
    )


def _by_year(series: pd.Series | Mapping[int, float]) -> dict[int, float]:
    """A year-indexed series (or {year: value} already) as {year: value}."""
    if isinstance(series, Mapping):
        return {int(t): float(v) for t, v in series.items()}
    return {int(t): float(v) for t, v in zip(series.index, series, strict=True)}


def pre_trend(pre: dict[int, float], years: list[int], kind: str) -> dict[int, float]:
    """The pre-shock trend extrapolated to ``years``: least-squares line or mean, in [0, 1]."""
    x = np.array(list(pre), dtype=float)
    y = np.array(list(pre.values()), dtype=float)
    if kind == "level" or len(pre) < 2:
        return {t: float(np.clip(y.mean(), 0, 1)) for t in years}
    slope, intercept = np.polyfit(x, y, 1)
    return {t: float(np.clip(intercept + slope * t, 0, 1)) for t in years}


def _sustained(years: list[int], length: int) -> list[int]:
    """The years belonging to runs of at least ``length`` consecutive years."""
    runs: list[list[int]] = []
    current: list[int] = []
    for year in years:
        if current and year != current[-1] + 1:
            runs.append(current)
            current = []
        current.append(year)
    if current:
        runs.append(current)
    return [y for run in runs if len(run) >= length for y in run]


def corroborating_acts(panel: Panel, first: int, last: int) -> pd.DataFrame:
    """Events moving the state away from the hegemon, and new routes avoiding it, in [first, last]."""
    facts = panel.facts
    if facts.empty:
        return pd.DataFrame(columns=["fact_id", "kind", "year", "text", "cites", "citation"])
    year = pd.to_datetime(facts.valid_from).dt.year
    in_window = year.between(first, last)
    away = facts.direction.fillna("").str.contains(f"away:{panel.hegemon}", regex=False)
    events = (facts.kind == "event") & away
    built = facts.status.isin(["operating", "construction"])
    routes = (facts.kind == "infrastructure") & built & facts.attributes.map(lambda a: _avoids(a, panel.hegemon))
    acts = facts[in_window & (events | routes)].assign(year=year[in_window & (events | routes)])
    return acts[["fact_id", "kind", "year", "text", "cites", "citation"]].reset_index(drop=True)


def _avoids(attributes: dict, hegemon: str) -> bool:
    route = route_of(attributes)
    return bool(route) and hegemon not in route and hegemon not in (attributes.get("transit") or [])
