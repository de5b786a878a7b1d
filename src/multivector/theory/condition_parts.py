"""The parts of the adoption conditions: one function per part, a tri-state verdict with evidence.

Definitions, thresholds and data notes are in :mod:`multivector.theory.conditions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from multivector.channels import CHANNELS
from multivector.indicators.network import POST_SOVIET
from multivector.indicators.poles import OTHER, UNLISTED
from multivector.kb.entries import ANCHOR_POLES
from multivector.measure.series import series_of
from multivector.theory.condition_inputs import REPORTS, ConditionInputs
from multivector.theory.evidence import Evidence, data_item, number_text, share_text
from multivector.theory.frame_rows import each_group, each_row
from multivector.theory.panel import Panel

if TYPE_CHECKING:
    from multivector.theory.conditions import ConditionParams

#: Million tonnes of oil equivalent per unit of route volume, only to pick a state's largest routed
#: commodity: 1 bcm of natural gas = 0.86 Mtoe (bp / Energy Institute, Statistical Review of World
#: Energy, "Approximate conversion factors", July 2021); a tonne of crude oil counts as a toe.
OIL_EQUIVALENT = {"mt_per_year": 1.0, "bcm_per_year": 0.86}

ROUTE_SOURCES = ("knowledge_base", "gem_gas_pipelines")
COMMODITY_SOURCE = "factbook_2026_commodities"
DEPENDENCE_DOMAINS = ("economic", "security")
EARLY_TRADE_FACTS = ("soviet", "fsu", "interstate_trade")
MEMBER = {
    "full": "a full member",
    "associate": "an associate member",
    "participant": "a participating member",
    "observer": "an observer",
}


@dataclass(frozen=True)
class Context:
    """What every part reads: the inputs, the panel, the parameters and the question.

    ``year`` is the year point-in-time parts read; ``window`` the adoption window whose years
    the trade part pools (None: the moment "now", whose trade part reads the latest years).
    """

    inputs: ConditionInputs
    panel: Panel
    params: ConditionParams
    hegemon: str
    year: int
    theta_co: float
    window: tuple[int, int] | None = None

    @property
    def state(self) -> str:
        return self.inputs.state


@dataclass(frozen=True)
class Part:
    holds: bool | None
    value: float | int | None
    threshold: float | int | None
    evidence: list[Evidence]
    detail: dict | list | None = None

    def record(self) -> dict:
        value = None if self.value is None or pd.isna(self.value) else round(float(self.value), 6)
        out = {"holds": self.holds, "value": value, "threshold": self.threshold}
        return out if self.detail is None else {**out, "detail": self.detail}


def combine(verdicts) -> bool | None:
    """False if any verdict is False, True if all are True, None (unknown) otherwise."""
    verdicts = list(verdicts)
    if any(v is False for v in verdicts):
        return False
    return True if all(v is True for v in verdicts) else None


def _counted(known: int, open_: int, needed: int) -> bool | None:
    """Enough items known to pass → True; not enough even if every open one passed → False."""
    if known >= needed:
        return True
    return False if known + open_ < needed else None


def _data(claim: str, value, unit: str | None, year: int | None, sources: str | Iterable[str], **extra) -> Evidence:
    """An item resting on one data source id or several (``evidence.data_item`` with this module's argument order)."""
    return data_item(claim, value, unit, sources, year, **extra)


def _fact(row, claim: str | None = None) -> Evidence:
    """An item resting on a knowledge-base fact: its document, the document's title and the fact id."""
    value, unit = row.value, row.unit
    if unit == "share_pct":
        value, unit = value / 100, "share"
    year = None if pd.isna(row.year) else int(row.year)
    return Evidence(
        claim=claim or row.text,
        value=None if pd.isna(value) else float(value),
        unit=unit,
        year=year,
        sources=(row.cites,),
        citation=row.citation,
        ref=row.fact_id,
    )


def _latest(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of the latest ``year`` ≤ year (empty if none)."""
    known = rows.loc[rows.year <= year]
    return known.loc[known.year == known.year.max()] if not known.empty else known


# C1 ------------------------------------------------------------------------------------------
def proximity(ctx: Context) -> Part:
    inputs, params = ctx.inputs, ctx.params
    pole_of = dict(zip(inputs.poles.entity, inputs.poles.pole))
    borders, distances = _latest(inputs.borders, ctx.year), _latest(inputs.distances, ctx.year)
    near, evidence = {}, []
    for pole in params.great_powers:
        members = {entity for entity, p in pole_of.items() if p == pole}
        near[pole], items = _near(ctx, pole, members, borders, distances)
        evidence += items
    evidence += [_fact(r) for r in each_row(inputs.figures) if r.fact_id.endswith("_border_km")]
    known, open_ = sum(v is True for v in near.values()), sum(v is None for v in near.values())
    return Part(_counted(known, open_, params.min_near_poles), known, params.min_near_poles, evidence, near)


def _near(ctx: Context, pole: str, members: set, borders, distances) -> tuple[bool | None, list[Evidence]]:
    state, items = ctx.state, []
    shared = borders.loc[borders.partner.isin(members) & (borders.km > 0)]
    for r in each_row(shared):
        items.append(
            _data(
                f"{state} shares a land border of {number_text(r.km)} km with {r.partner} ({pole}).",
                float(r.km),
                "km",
                r.year,
                r.source_id,
            )
        )
    mine = distances.loc[distances.partner.isin(members)]
    if mine.empty:
        items.append(
            _data(
                f"No minimum distance from {state} to a member of {pole} up to {ctx.year} in CShapes (cow_mindist).",
                None,
                "km",
                None,
                "cow_mindist",
            )
        )
        if borders.empty:
            items.append(
                _data(
                    f"No Factbook land-boundary entry of {state} up to {ctx.year}.",
                    None,
                    "km",
                    None,
                    "factbook_land_boundaries",
                )
            )
        return (True if not shared.empty else None), items
    r = mine.loc[mine.km.idxmin()]
    is_near = bool(r.km <= ctx.params.near_km or not shared.empty)
    items.append(
        _data(
            f"The nearest member of {pole}, {r.partner}, is {number_text(float(r.km))} km from {state} "
            f"(minimum distance, {r.year}): {pole} is {'near' if is_near else 'not near'} "
            f"(threshold {number_text(ctx.params.near_km)} km or a shared border).",
            float(r.km),
            "km",
            r.year,
            r.source_id,
        )
    )
    return is_near, items


def material_dependence(ctx: Context) -> Part:
    domains, need = ctx.panel.domains, ctx.params.min_dependent_poles
    passing: dict[str, dict[str, float]] = {}
    evidence, missing = [], []
    for domain in DEPENDENCE_DOMAINS:
        vector = _latest(domains.loc[domains.domain == domain], ctx.year) if not domains.empty else domains
        if vector.empty:
            missing.append(domain)
            searched = _domain_sources(ctx.panel, domain)
            evidence.append(
                _data(
                    f"No {domain} pole vector of {ctx.state} up to {ctx.year}: none of the domain's channels has data.",
                    None,
                    "share",
                    None,
                    searched,
                )
            )
            continue
        year = int(vector.year.iloc[0])
        channels, sources = _channels_of(ctx.panel, domain, year)
        for r in each_row(vector.loc[~vector.pole.isin([OTHER, UNLISTED])]):
            passes = r.share >= ctx.theta_co
            if passes:
                passing.setdefault(r.pole, {})[domain] = round(float(r.share), 6)
            evidence.append(
                _data(
                    f"{r.pole} holds {share_text(r.share)} of {ctx.state}'s {domain} domain vector "
                    f"in {year}{channels}, {'at or above' if passes else 'below'} θ_co = "
                    f"{share_text(ctx.theta_co)}.",
                    float(r.share),
                    "share",
                    year,
                    sources,
                )
            )
    holds = True if len(passing) >= need else (None if missing else False)
    return Part(holds, len(passing), need, evidence, passing)


def _domain_sources(panel: Panel, domain: str) -> list[str]:
    channels = [c for c in (panel.weights or CHANNELS) if CHANNELS[c].domain == domain]
    return sorted({s.source_id for c in channels for s in series_of(c)})


def _channels_of(panel: Panel, domain: str, year: int) -> tuple[str, list[str]]:
    """' (channels: exports, imports)' and the source ids the domain vector of ``year`` rests on."""
    rows = panel.channels
    used = rows.loc[(rows.domain == domain) & (rows.year == year)] if not rows.empty else rows
    if used.empty:
        return "", _domain_sources(panel, domain)
    return f" (channels: {', '.join(sorted(set(used.channel)))})", sorted(set(used.source_id))


# C2 ------------------------------------------------------------------------------------------
def post_soviet_trade(ctx: Context) -> Part:
    """Share of the state's trade with the other post-Soviet states, pooled over the years read.

    At adoption every year of the window with a complete report counts; now, the latest
    ``recent_trade_years`` years up to ``ctx.year`` with one. A year's report is the first of
    :data:`REPORTS` that records trade with the hegemon (the reports of 1992-1993 that omit
    Russia omit most of the trade inside the former USSR).
    """
    threshold, state = ctx.params.lockin_share, ctx.state
    partners = set(POST_SOVIET) - {state}
    trade = ctx.inputs.trade
    used, skipped = _complete_years(ctx)
    evidence, detail, inside_sum, total_sum = [], [], 0.0, 0.0
    pooled_sources: set[str] = set()
    for year, rows in used.items():
        report = rows.report.iloc[0]
        inside, total = float(rows.loc[rows.partner.isin(partners), "value"].sum()), float(rows.value.sum())
        inside_sum, total_sum = inside_sum + inside, total_sum + total
        sources = sorted(set(rows.source_id))
        pooled_sources.update(sources)
        detail.append({"year": year, "report": report, "source": ", ".join(sources), "share": round(inside / total, 6)})
        evidence.append(
            _data(
                f"{share_text(inside / total)} of {state}'s exports plus imports in {year} "
                f"({number_text(round(inside))} of {number_text(round(total))} US$ million, "
                f"{REPORTS[report]}) were with the other post-Soviet states.",
                inside / total,
                "share",
                year,
                sources,
            )
        )
    evidence += [_skipped(ctx, year, trade.loc[trade.year == year]) for year in skipped]
    value = inside_sum / total_sum if total_sum > 0 else None
    if value is not None:
        evidence.insert(
            0,
            _data(
                f"{_pooled_over(ctx, list(used))}, {share_text(value)} of {state}'s recorded trade "
                f"was with the other post-Soviet states (threshold {share_text(threshold)}).",
                value,
                "share",
                min(used),
                sorted(pooled_sources),
                year_to=max(used),
            ),
        )
    elif ctx.window is None:
        evidence.append(
            _data(
                f"No report of {state}'s trade up to {ctx.year} records trade with {ctx.hegemon} "
                f"({', '.join(REPORTS.values())}).",
                None,
                "share",
                ctx.year,
                _trade_sources(trade),
            )
        )
    if ctx.window is not None:
        figures = ctx.inputs.figures
        evidence += [_fact(r) for r in each_row(figures) if any(k in r.fact_id for k in EARLY_TRADE_FACTS)]
    return Part(None if value is None else value >= threshold, value, threshold, evidence, detail)


def _complete_years(ctx: Context) -> tuple[dict[int, pd.DataFrame], list[int]]:
    """Year → the rows of its first complete report, for the years read; and the window's years without one."""
    trade = ctx.inputs.trade
    if ctx.window is not None:
        candidates = list(range(ctx.window[0], ctx.window[1] + 1))
        wanted = len(candidates)
    else:
        candidates = sorted({int(y) for y in trade.year if y <= ctx.year}, reverse=True)
        wanted = ctx.params.recent_trade_years
    used: dict[int, pd.DataFrame] = {}
    skipped: list[int] = []
    for year in candidates:
        if len(used) == wanted:
            break
        rows = _first_complete(ctx, trade.loc[trade.year == year])
        if rows is None:
            skipped.append(year)
        else:
            used[year] = rows
    return dict(sorted(used.items())), (skipped if ctx.window is not None else [])


def _first_complete(ctx: Context, rows: pd.DataFrame) -> pd.DataFrame | None:
    """The rows of the first report of :data:`REPORTS` that records trade with the hegemon (None: none does)."""
    anchors = {ctx.hegemon} if ctx.state != ctx.hegemon else set(POST_SOVIET) - {ctx.state}
    for report in REPORTS:
        mine = rows.loc[rows.report == report]
        if mine.partner.isin(anchors).any():
            return mine
    return None


def _skipped(ctx: Context, year: int, rows: pd.DataFrame) -> Evidence:
    partners = set(POST_SOVIET) - {ctx.state}
    listed = rows.loc[rows.partner.isin(partners)].groupby("report").partner.nunique()
    kept = set(ctx.inputs.trade.report)  # the reports the state has in some year
    counts = ", ".join(f"{int(listed.get(report, 0))} in {REPORTS[report]}" for report in REPORTS if report in kept)
    return _data(
        f"In {year} no report records {ctx.state}'s trade with {ctx.hegemon}, so the year is left out: "
        f"its trade inside the former USSR is not recorded (other post-Soviet partners listed: {counts}).",
        None,
        "share",
        year,
        _trade_sources(ctx.inputs.trade),
    )


def _pooled_over(ctx: Context, years: list[int]) -> str:
    if ctx.window is not None:
        first, last = ctx.window
        return (
            f"Pooled over the years of the adoption window {first}-{last} whose reports record trade with "
            f"{ctx.hegemon} ({year_spans(years)})"
        )
    return f"Pooled over the latest {len(years)} years up to {ctx.year} with such a report ({year_spans(years)})"


def year_spans(years: list[int]) -> str:
    """[1992, 1994, 1995, 1996] → '1992, 1994-1996'."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _trade_sources(trade: pd.DataFrame) -> list[str]:
    """The source ids of the state's trade rows (the usual two when it has none)."""
    return sorted(set(trade.source_id)) or ["imf_dots", "cow_trade"]


def infrastructure(ctx: Context) -> Part:
    threshold, year = ctx.params.lockin_share, ctx.year
    routes = ctx.inputs.routes.loc[ctx.inputs.routes.year == year]
    lines = ctx.inputs.route_lines.loc[ctx.inputs.route_lines.year == year]
    estimates, evidence = {}, []
    for source_id, group in each_group(routes, "source_id"):
        totals = group.drop_duplicates("commodity")
        energy = totals.total_volume * totals.volume_unit.map(OIL_EQUIVALENT).fillna(1.0)
        # pandas-stubs: idxmax's label is typed Hashable, which loc's overloads do not take
        top = totals.loc[energy.idxmax()]  # type: ignore[call-overload]
        mine = group.loc[(group.commodity == top.commodity) & (group.pole == ctx.hegemon)]
        exposure = float(mine.exposure.iloc[0]) if not mine.empty else 0.0
        exposed = float(mine.exposed_volume.iloc[0]) if not mine.empty else 0.0
        names = sorted(
            set(
                lines.loc[
                    (lines.source_id == source_id) & (lines.commodity == top.commodity) & lines.volume.notnull(),
                    "route_name",
                ]
            )
        )
        estimates[source_id] = round(exposure, 6)
        evidence.append(
            _data(
                f"{share_text(exposure)} of {ctx.state}'s {top.commodity} export-route volume in {year} "
                f"({number_text(exposed)} of {number_text(float(top.total_volume))} {top.volume_unit}) is on lines "
                f"crossing or ending in {ctx.hegemon} territory ({source_id}'s estimate; lines in operation: "
                f"{', '.join(names) or 'none with a known volume'}).",
                exposure,
                "share",
                year,
                source_id,
                ref="; ".join(names) or None,
            )
        )
        evidence += _line_notes(ctx, source_id, top.commodity)
    if not estimates:
        for source in ROUTE_SOURCES:
            unmeasured = int(lines.loc[lines.source_id == source].volume.isnull().sum())
            note = f" ({unmeasured} line(s) in operation without a known volume)" if unmeasured else ""
            evidence.append(
                _data(
                    f"No export route of {ctx.state} with a known volume in operation in {year} in {source}{note}.",
                    None,
                    "share",
                    year,
                    source,
                )
            )
            evidence += _line_notes(ctx, source)
        return Part(None, None, threshold, evidence)
    verdicts = {value >= threshold for value in estimates.values()}
    value = sum(estimates.values()) / len(estimates)
    return Part(verdicts.pop() if len(verdicts) == 1 else None, value, threshold, evidence, estimates)


def _line_notes(ctx: Context, source_id: str, commodity: str | None = None) -> list[Evidence]:
    """Which of the source's lines count in ``ctx.year`` only by assumption, and which opened later."""
    lines = ctx.inputs.route_lines
    mine = lines.loc[(lines.source_id == source_id) & ((lines.commodity == commodity) if commodity else True)]
    out = []
    undated = sorted(set(mine.loc[(mine.year == ctx.year) & mine.year_from.isnull(), "route_name"]))
    if undated:
        out.append(
            _data(
                f"Counted as in operation in {ctx.year} although {source_id} gives no first year: "
                f"{', '.join(undated)}.",
                len(undated),
                "count",
                ctx.year,
                source_id,
            )
        )
    later = mine.loc[mine.year_from > ctx.year].sort_values(["year_from", "route_name"]).drop_duplicates("route_name")
    if not later.empty:
        named = ", ".join(f"{r.route_name} (from {int(r.year_from)})" for r in each_row(later))
        out.append(
            _data(
                f"Not yet in operation in {ctx.year}, so not counted: {named}.",
                len(later),
                "count",
                ctx.year,
                source_id,
            )
        )
    return out


# C3 ------------------------------------------------------------------------------------------
def autocracy(ctx: Context) -> Part:
    regime, cut = ctx.inputs.regime, ctx.params.autocracy_polyarchy
    polyarchy = _latest(regime.loc[regime.variable == "v2x_polyarchy"], ctx.year)
    polity = _latest(regime.loc[regime.variable == "polity2"], ctx.year)
    if polyarchy.empty:
        value, evidence = (
            None,
            [
                _data(
                    f"No V-Dem electoral democracy index (v2x_polyarchy) of {ctx.state} up to {ctx.year}.",
                    None,
                    "score",
                    None,
                    "isard_democracy",
                )
            ],
        )
    else:
        r = polyarchy.iloc[0]
        value = float(r.value)
        evidence = [
            _data(
                f"V-Dem's electoral democracy index of {ctx.state} is {value:.3f} in {r.year}, "
                f"{'below' if value < cut else 'at or above'} the Regimes of the World cut-off of "
                f"{cut} for an electoral democracy.",
                value,
                "score",
                r.year,
                r.source_id,
            )
        ]
    for r in each_row(polity):
        evidence.append(
            _data(
                f"Polity2 score of {ctx.state} in {r.year}: {number_text(r.value)} on -10 (autocracy) "
                "to +10 (democracy); secondary evidence.",
                float(r.value),
                "score",
                r.year,
                r.source_id,
            )
        )
    return Part(None if value is None else value < cut, value, cut, evidence)


def rentier(ctx: Context) -> Part:
    lists, params = ctx.inputs.commodities, ctx.params
    snapshot = _latest(lists, ctx.year)
    if snapshot.empty:
        later = lists.loc[lists.year <= ctx.year + params.snapshot_lead_years]
        snapshot = later.loc[later.year == later.year.min()] if not later.empty else later
    evidence = [_fact(r) for r in each_row(ctx.inputs.figures) if "energy_share_of_exports" in r.fact_id]
    if snapshot.empty:
        evidence.insert(
            0,
            _data(
                f"No Factbook export-commodity list of {ctx.state} (facts export_commodity:"
                f"{ctx.state}:<rank>) dated up to {params.snapshot_lead_years} years after "
                f"{ctx.year}.",
                None,
                "count",
                None,
                COMMODITY_SOURCE,
            ),
        )
        return Part(None, None, 1, evidence)
    snapshot = snapshot.sort_values("rank")
    resources = {c.lower() for c in params.resource_commodities}
    ranks = [int(r.rank) for r in each_row(snapshot) if r.commodity.lower() in resources]
    top, year = snapshot.iloc[0], int(snapshot.year.iloc[0])
    listed = ", ".join(f"{int(r.rank)} {r.commodity}" for r in each_row(snapshot))
    holds = bool(ranks) and ranks[0] == 1
    evidence.insert(
        0,
        Evidence(
            claim=f"The Factbook's top export commodities of {ctx.state} by value ({year} data): {listed}; "
            f"{len(ranks)} of them are resource commodities, and the first, {top.commodity}, "
            f"{'is' if holds else 'is not'} one.",
            value=len(ranks),
            unit="count",
            year=year,
            sources=(top.cites,),
            citation=top.citation,
            ref=f"export_commodity:{ctx.state}:1",
        ),
    )
    return Part(holds, ranks[0] if ranks else None, 1, evidence)


def legitimation(ctx: Context) -> Part:
    params, need = ctx.params, ctx.params.min_legitimation_poles
    spells = _spells(ctx.inputs.memberships, ctx.year, params.legitimation_statuses)
    anchored: dict[str, list[str]] = {}
    evidence, unrecorded = [], 0
    for s in spells:
        anchors = s["anchors"]
        counted = anchors if anchors is not None and (params.joint_institutions or len(anchors) == 1) else []
        unrecorded += anchors is None
        for pole in counted:
            anchored.setdefault(pole, []).append(s["institution"])
        said = (
            "anchors not recorded"
            if anchors is None
            else f"anchored by {', '.join(anchors)}"
            if anchors
            else "anchored by no pole (a regional format)"
        )
        joint = " (several poles: not counted)" if anchors and counted != anchors else ""
        evidence.append(
            Evidence(
                claim=f"{ctx.state} is {MEMBER[s['status']]} of {s['name']} in {ctx.year}, {said}{joint}.",
                year=ctx.year,
                sources=(s["cites"],),
                citation=s["citation"],
                ref=s["fact_id"],
            )
        )
    if not spells:
        evidence.append(
            _data(
                f"No membership of {ctx.state} in {ctx.year} with status "
                f"{', '.join(params.legitimation_statuses)} in the knowledge base.",
                0,
                "count",
                ctx.year,
                "knowledge_base",
            )
        )
    open_ = len(ANCHOR_POLES) - len(anchored) if unrecorded else 0  # an unrecorded anchor may be any pole
    holds = None if ctx.inputs.memberships.empty else _counted(len(anchored), open_, need)
    return Part(holds, len(anchored), need, evidence, anchored)


def _spells(memberships: pd.DataFrame, year: int, statuses) -> list[dict]:
    """Memberships valid in ``year``: the rows of one fact_id pooled (earliest start, latest end)."""
    rows = memberships.loc[memberships.status.isin(list(statuses))].copy()
    for column in ("valid_from", "valid_to", "founded"):
        rows[column] = pd.to_datetime(rows[column])
    out = []
    for fact_id, group in rows.groupby("fact_id", sort=True):
        start = group.valid_from.min()
        start = group.founded.min() if pd.isna(start) else start
        end = group.valid_to.max()
        if (pd.isna(start) or start.year <= year) and (pd.isna(end) or end.year >= year):
            first = group.sort_values("valid_from", na_position="last").iloc[0]
            out.append({**first.to_dict(), "fact_id": fact_id})
    return out
