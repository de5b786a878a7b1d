"""Charts of a country report, each built from an already computed table (no query here).

Every chart carries its data inline (no URL), so the page and the images work offline, and a
``description`` in plain words (vega-embed makes it the chart's aria-label). Axes of years
span the data's years (never from 0); names are shown in words (``human``), units in words.

A *partial year* is a year whose values rest on a source that holds only part of that year
(the UN General Assembly votes of a release cut mid-session: ``measure.grammar.partial_vote_years``);
the charts that draw vote-based values take those years (``partial_years``, default none) and
shade them, with "partial year" in the tooltip.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import altair as alt
import pandas as pd

from multivector.defaults import HEGEMON, POLES
from multivector.report.words import pole as pole_name
from multivector.report.words import series_words

#: The default poles' colours in order, then OTHER and UNLISTED (the rest a partial partner
#: list leaves unattributed).
POLE_COLOURS = {
    **dict(zip(POLES, ("#c0392b", "#e0a800", "#2f6db5", "#7b4ea3"))),
    "OTHER": "#9a9a9a",
    "UNLISTED": "#dddddd",
}
PHASE_COLOURS = {"substantive": "#1b7f5b", "declaratory": "#e3b23c", "not_hedging": "#8c2d2d"}
DOMAIN_ORDER = ["security", "economic", "diplomatic"]
WIDTH = 560
#: The widest label an axis shows before cutting it with an ellipsis, in pixels.
LABEL_LIMIT = 320
#: The channels read on UN General Assembly roll calls, and so partial in a partial vote year.
VOTE_CHANNELS = ("un_votes", "ideal_points")
VOTE_DOMAIN = "diplomatic"
PARTIAL_YEAR = "partial year"
PARTIAL_NOTE = "grey band: partial year (only part of its UN roll calls)"
#: Route volume units in words.
UNIT_WORDS = {"mt_per_year": "million tonnes per year", "bcm_per_year": "billion cubic metres per year"}


def human(name: str) -> str:
    """A name as a reader reads it: ``North_Caucasus_Pipeline`` → ``North Caucasus Pipeline``."""
    return " ".join(str(name).replace("_", " ").split())


def unit_words(unit: str | None) -> str:
    """A volume unit in words (``mt_per_year`` → million tonnes per year); unknown ones humanised."""
    return UNIT_WORDS.get(unit or "", human(unit or "unit not given"))


def pole_scale() -> alt.Scale:
    return alt.Scale(domain=list(POLE_COLOURS), range=list(POLE_COLOURS.values()))


def year_scale(first: int, last: int) -> alt.Scale:
    """An axis of years from ``first`` to ``last`` exactly: no zero, no rounding past the data."""
    return alt.Scale(domain=[first, last], zero=False, nice=False)


def _years(frame: pd.DataFrame) -> alt.X:
    return alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(format="d", tickMinStep=1),
        scale=year_scale(int(frame.year.min()), int(frame.year.max())) if not frame.empty else alt.Undefined,
    )


def _partial_band(years: Collection[int], rows: pd.DataFrame) -> alt.Chart | None:
    """A grey band over each partial year the chart's years reach, "partial year" in its tooltip."""
    inside = sorted(y for y in years if _inside(rows, y))
    if not inside:
        return None
    marks = pd.DataFrame({"year": inside, "from": [y - 0.5 for y in inside], "to": [y + 0.5 for y in inside]})
    marks["what"] = PARTIAL_YEAR + ": the UN vote data hold only part of this year's roll calls"
    return (
        alt.Chart(marks)
        .mark_rect(color="#7a7a7a", opacity=0.3, clip=True)
        .encode(x="from:Q", x2="to:Q", tooltip=[alt.Tooltip("what:N", title=" "), alt.Tooltip("year:Q", format="d")])
    )


def _marks(years: list[int], label: str, colour: str, dash: list[int]) -> alt.Chart | None:
    """Vertical rules at ``years``, named ``label`` in the tooltip."""
    if not years:
        return None
    marks = pd.DataFrame({"year": years, "what": label})
    return (
        alt.Chart(marks)
        .mark_rule(color=colour, strokeDash=dash, strokeWidth=1.5)
        .encode(x="year:Q", tooltip=[alt.Tooltip("what:N", title=" "), alt.Tooltip("year:Q", format="d")])
    )


SERIES_CHANGE = "#8c4bb0"
SERIES_CHANGE_NOTE = "dotted purple rule: the series a value rests on changes (hover for what changed)"


def _series_changes(changes: list[dict]) -> alt.Chart | None:
    """Rules at the years a domain's series change (``StateReport.series_changes``), what changed in the tooltip."""
    if not changes:
        return None
    marks = pd.DataFrame(
        {
            "year": [c["year"] for c in changes],
            "what": [f"series change, {c['domain']}: {c['change']}" for c in changes],
        }
    )
    return (
        alt.Chart(marks)
        .mark_rule(color=SERIES_CHANGE, strokeDash=[1, 3], strokeWidth=2)
        .encode(x="year:Q", tooltip=[alt.Tooltip("what:N", title=" "), alt.Tooltip("year:Q", format="d")])
    )


def _with_events(
    chart: alt.Chart,
    shocks: list[int],
    breaks: list[int],
    series_changes: Sequence[dict] = (),
    partial: alt.Chart | None = None,
) -> alt.Chart | alt.LayerChart | alt.FacetChart:
    layers = [chart]
    layers += [
        m
        for m in (
            _marks(shocks, "shock", "#222222", [6, 3]),
            _marks(breaks, "found in the data", "#6d6d6d", [2, 2]),
            _series_changes(list(series_changes)),
            partial,  # on top: a stacked area would hide it
        )
        if m is not None
    ]
    return alt.layer(*layers) if len(layers) > 1 else chart


def _title(text: str, series_changes: Sequence[dict], partial: bool = False) -> alt.Title | str:
    notes = [SERIES_CHANGE_NOTE] if series_changes else []
    notes += [PARTIAL_NOTE] if partial else []
    return alt.Title(text, subtitle=notes) if notes else text


def pole_shares(
    channels: pd.DataFrame, shocks: list[int], breaks: list[int], channel: str, partial_years: Collection[int] = ()
) -> alt.Chart | alt.LayerChart | alt.FacetChart:
    """Stacked areas: one channel's pole shares per year, shocks (dashed) and its breaks found (dotted);
    a partial vote year shaded on a channel read on UN votes."""
    rows = channels[channels.channel == channel]
    series = series_words(rows.series.iloc[0]) if not rows.empty else ""
    mark = "mark_area" if rows.year.nunique() > 1 else "mark_bar"  # one year has no area to draw
    partial = _partial_band(partial_years, rows) if channel in VOTE_CHANNELS else None
    subtitle = [series, PARTIAL_NOTE] if partial is not None else series
    base = alt.Chart(rows, title=alt.Title(human(channel), subtitle=subtitle))
    area = (
        getattr(base, mark)()
        .encode(
            x=_years(rows),
            y=alt.Y(
                "share:Q",
                stack="zero",
                title="share of the channel",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("pole:N", scale=pole_scale(), title="pole"),
            order=alt.Order("pole:O"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                "pole:N",
                alt.Tooltip("share:Q", format=".1%", title="share of the channel"),
                alt.Tooltip("source_id:N", title="source"),
            ],
        )
        .properties(width=WIDTH // 2 - 20, height=150)
    )
    return _with_events(
        area, [y for y in shocks if _inside(rows, y)], [y for y in breaks if _inside(rows, y)], partial=partial
    )


def _inside(rows: pd.DataFrame, year: int) -> bool:
    return not rows.empty and rows.year.min() <= year <= rows.year.max()


def pole_shares_grid(
    channels: pd.DataFrame, shocks: list[int], breaks: dict[str, list[int]], partial_years: Collection[int] = ()
) -> alt.VConcatChart:
    """Every channel's stacked areas, two per row, security first; ``breaks``: years found per channel."""
    order = (
        channels[["domain", "channel"]]
        .drop_duplicates()
        .assign(rank=lambda f: f.domain.map({d: i for i, d in enumerate(DOMAIN_ORDER)}))
        .sort_values(["rank", "channel"])
        .channel.tolist()
    )
    charts = [pole_shares(channels, shocks, breaks.get(c, []), c, partial_years) for c in order]
    rows = [alt.hconcat(*charts[i : i + 2]) for i in range(0, len(charts), 2)]
    return (
        alt.vconcat(*rows)
        .resolve_scale(color="shared")
        .properties(
            description="Stacked areas, one per channel: each pole's share of the channel (0 to 100%) per year, "
            "shocks as dashed rules and breaks found in the data as dotted rules."
        )
    )


def domain_profile(domains: pd.DataFrame, year: int) -> alt.Chart:
    """Horizontal stacked bars: each domain's pole vector in ``year``."""
    rows = domains[domains.year == year]
    return (
        alt.Chart(rows, title=f"Domain profile, {year}")
        .mark_bar()
        .encode(
            y=alt.Y("domain:N", sort=DOMAIN_ORDER, title=None),
            x=alt.X(
                "share:Q",
                stack="zero",
                title="share of the domain",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("pole:N", scale=pole_scale(), title="pole"),
            order=alt.Order("pole:O"),
            tooltip=["domain:N", "pole:N", alt.Tooltip("share:Q", format=".1%", title="share of the domain")],
        )
        .properties(
            width=WIDTH,
            height=120,
            description=f"Stacked bars: each pole's share of the security, economic and diplomatic domain in {year}.",
        )
    )


def domain_shares(
    domains: pd.DataFrame,
    hegemon: str,
    shocks: list[int],
    detected: list[int],
    series_changes: Sequence[dict] = (),
    partial_years: Collection[int] = (),
) -> alt.Chart | alt.LayerChart | alt.FacetChart:
    """The hegemon's share of each domain per year (lines); default shocks dashed, shocks found dotted,
    changes of series dotted purple, a partial vote year shaded."""
    rows = domains[domains.pole == hegemon]
    partial = _partial_band(partial_years, rows[rows.domain == VOTE_DOMAIN])
    line = (
        alt.Chart(rows, title=_title(f"{hegemon}'s share by domain", series_changes, partial is not None))
        .mark_line(point=True)
        .encode(
            x=_years(rows),
            y=alt.Y(
                "share:Q",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
                title=f"{hegemon}'s share of the domain",
            ),
            color=alt.Color("domain:N", sort=DOMAIN_ORDER, title="domain"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                "domain:N",
                alt.Tooltip("share:Q", format=".1%", title=f"{hegemon}'s share"),
            ],
        )
        .properties(width=WIDTH, height=200)
    )
    return _with_events(line, shocks, detected, series_changes, partial).properties(
        description=f"Lines: {hegemon}'s share (0 to 100%) of the security, economic and diplomatic domain "
        "per year, with shocks and changes of data series marked by vertical rules."
    )


def structure(
    structure_rows: pd.DataFrame,
    shocks: list[int],
    detected: list[int],
    series_changes: Sequence[dict] = (),
    partial_years: Collection[int] = (),
) -> alt.Chart | alt.LayerChart | alt.FacetChart:
    """Differentiation across domains and balance (overall and per domain) per year; changes of series
    marked, a partial vote year shaded (every value but a single other domain's rests on the votes)."""
    rows = structure_rows.assign(series=structure_rows.measure + ": " + structure_rows.domain)
    partial = _partial_band(partial_years, rows[~rows.domain.isin([d for d in DOMAIN_ORDER if d != VOTE_DOMAIN])])
    line = (
        alt.Chart(rows, title=_title("Differentiation and balance", series_changes, partial is not None))
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=_years(rows),
            y=alt.Y("value:Q", scale=alt.Scale(domain=[0, 1]), title="value (0 to 1)"),
            color=alt.Color("series:N", title=None),
            strokeDash=alt.StrokeDash("measure:N", title="measure"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                "measure:N",
                "domain:N",
                alt.Tooltip("value:Q", format=".3f", title="value (0 to 1)"),
            ],
        )
        .properties(width=WIDTH, height=220)
    )
    return _with_events(line, shocks, detected, series_changes, partial).properties(
        description="Lines per year, each from 0 to 1: how differently the state aligns across its domains "
        "(differentiation) and how evenly its ties spread over the poles (balance), overall and per domain."
    )


def vote_heatmap(votes: pd.DataFrame, partners: list[str], partial_years: Collection[int] = ()) -> alt.Chart:
    """UN General Assembly agreement with each partner per year (share of identical votes), in ``partners``
    order; the cells of a partial year faded, "partial year" in the legend and tooltip."""
    rows = votes.assign(part=[PARTIAL_YEAR if y in set(partial_years) else "whole year" for y in votes.year])
    partial = {}
    if (rows.part == PARTIAL_YEAR).any():
        faded = alt.Scale(domain=["whole year", PARTIAL_YEAR], range=[1.0, 0.35])
        partial["opacity"] = alt.Opacity(
            "part:O", sort=faded.domain, scale=faded, title=None, legend=alt.Legend(values=[PARTIAL_YEAR])
        )
    return (
        alt.Chart(rows, title="UN General Assembly: share of identical votes")
        .mark_rect()
        .encode(
            **partial,
            x=alt.X("year:O", title=None),
            y=alt.Y("partner:N", title=None, sort=partners),
            color=alt.Color(
                "agreement:Q",
                scale=alt.Scale(scheme="viridis", domain=[0, 1]),
                title="identical votes",
                legend=alt.Legend(format="%"),
            ),
            tooltip=[
                "year:O",
                "partner:N",
                alt.Tooltip("agreement:Q", format=".1%", title="identical votes"),
                alt.Tooltip("kappa:Q", format=".3f", title="Cohen's κ (agreement beyond chance, -1 to 1)"),
                alt.Tooltip("n:Q", title="roll calls"),
                alt.Tooltip("part:N", title="year's data"),
            ],
        )
        .properties(
            width=WIDTH,
            height=16 * max(1, votes.partner.nunique()),
            description="Heat map: for each partner (rows) and year (columns), the share of UN General Assembly "
            "roll calls in which the state voted as the partner did (0 to 100%).",
        )
    )


def routes(estimates: list[dict], hegemon: str = HEGEMON) -> alt.Chart:
    """Export routes: each route's share of its commodity's volume, per source's estimate."""
    exposed = f"exposed to {hegemon}"
    rows = pd.DataFrame(
        [
            {
                "estimate": f"{e['commodity']} ({e['source_id']})",
                "route": human(r["name"] or r["route"]),
                "share": r["share"],
                "volume": r["volume"],
                "unit": unit_words(e["volume_unit"]),
                exposed: _exposure(e, hegemon),
            }
            for e in estimates
            for r in e["routes"]
        ],
        columns=["estimate", "route", "share", "volume", "unit", exposed],
    )
    return (
        alt.Chart(rows, title="Export routes: share of each commodity's volume")
        .mark_bar()
        .encode(
            y=alt.Y("route:N", sort="-x", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="share of the commodity's export volume"),
            color=alt.Color("estimate:N", title="commodity (source)", legend=alt.Legend(labelLimit=LABEL_LIMIT)),
            tooltip=[
                alt.Tooltip("estimate:N", title="commodity (source)"),
                "route:N",
                alt.Tooltip("share:Q", format=".1%", title="share of the volume"),
                alt.Tooltip("volume:Q", format=",.1f"),
                "unit:N",
                alt.Tooltip(f"{exposed}:Q", format=".1%", title=f"share of the volume exposed to {hegemon}"),
            ],
        )
        .properties(
            width=WIDTH - 160,
            height=alt.Step(16),
            description="Bars: each export route's share of its commodity's export volume, per source's estimate.",
        )
    )


def _exposure(estimate: dict, pole: str) -> float | None:
    return estimate.get("exposure_transit", {}).get(pole)


def phase_timeline(phases: list[dict]) -> alt.Chart:
    """The phases as bars along the years."""
    rows = pd.DataFrame(
        [
            {
                "from": p["from"],
                "to": p["to"] + 1,
                "phase": p["phase"],
                "structure": p.get("structure") or "",
                "years": f"{p['from']}-{p['to']}",
            }
            for p in phases
        ],
        columns=["from", "to", "phase", "structure", "years"],
    )
    first, last = (int(rows["from"].min()), int(rows["to"].max())) if not rows.empty else (1991, 2025)
    return (
        alt.Chart(rows, title="Phases")
        .mark_bar(height=22)
        .encode(
            x=alt.X("from:Q", title=None, axis=alt.Axis(format="d"), scale=year_scale(first, last)),
            x2="to:Q",
            color=alt.Color(
                "phase:N",
                scale=alt.Scale(domain=list(PHASE_COLOURS), range=list(PHASE_COLOURS.values())),
                title="phase",
                legend=alt.Legend(orient="bottom", direction="horizontal", labelExpr="replace(datum.label, '_', ' ')"),
            ),
            tooltip=["years:N", "phase:N", "structure:N"],
        )
        .properties(
            width=WIDTH,
            height=40,
            description="Time line: the years of each phase the classification found "
            "(substantive hedging, declaratory hedging, or no hedging).",
        )
    )


def variant_scores(variants: dict) -> alt.Chart:
    """V1-V4 scores in [0, 1]."""
    rows = pd.DataFrame(
        [{"variant": f"{key} {v['label']}", "score": v["score"]} for key, v in variants.items()],
        columns=["variant", "score"],
    )
    return (
        alt.Chart(rows, title="Variants")
        .mark_bar(color="#2f6db5")
        .encode(
            y=alt.Y("variant:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, 1]), title="score (0 to 1)"),
            tooltip=["variant:N", alt.Tooltip("score:Q", format=".2f", title="score (0 to 1)")],
        )
        .properties(
            width=WIDTH - 240,
            height=alt.Step(22),
            description="Bars: the score from 0 to 1 of each hedging variant V1 to V4.",
        )
    )


def coverage(coverage_result: dict) -> alt.Chart:
    """Years with data per channel and source: one row each, a bar over each run of years
    (gaps are missing, not zero); the year axis spans the data's first to last year."""
    rows = pd.DataFrame(
        [
            {
                "row": f"{human(c['channel'])} · {c['source_id']}",
                "domain": c["domain"],
                "channel": human(c["channel"]),
                "source": c["source_id"],
                "year": year,
                "end": year + 1,
            }
            for c in coverage_result["channels"]
            if c["years_from"] is not None
            for year in range(c["years_from"], c["years_to"] + 1)
            if year not in set(c["gaps"])
        ],
        columns=["row", "domain", "channel", "source", "year", "end"],
    )
    ranked = rows.assign(rank=rows.domain.map({d: i for i, d in enumerate(DOMAIN_ORDER)}))
    order = ranked.sort_values(["rank", "channel", "source"]).row.drop_duplicates().tolist()
    first, last = (int(rows.year.min()), int(rows.end.max())) if not rows.empty else (1991, 2025)
    return (
        alt.Chart(rows, title="Years with data")
        .mark_bar(height=10)
        .encode(
            x=alt.X("year:Q", axis=alt.Axis(format="d", tickMinStep=1), title=None, scale=year_scale(first, last)),
            x2="end:Q",
            y=alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            color=alt.Color("domain:N", sort=DOMAIN_ORDER, title="domain"),
            tooltip=["domain:N", "channel:N", "source:N", alt.Tooltip("year:Q", format="d")],
        )
        .properties(
            width=WIDTH - 100,
            height=alt.Step(16),
            description="One row per channel and source: a bar over every year the source has data for the "
            "channel; a gap is a year without data.",
        )
    )


def figures_per_source(counts: pd.DataFrame) -> alt.Chart:
    """How many of the report's figures rest on each source (``source``, ``kind``, ``figures``)."""
    return (
        alt.Chart(counts, title="What rests on each source")
        .mark_bar()
        .encode(
            y=alt.Y("source:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("figures:Q", stack="zero", title="figures in this report"),
            color=alt.Color("kind:N", title=None),
            tooltip=["source:N", alt.Tooltip("kind:N", title="what"), alt.Tooltip("figures:Q", title="figures")],
        )
        .properties(
            width=WIDTH - 260,
            height=alt.Step(14),
            description="Bars: how many of this report's figures (channel-years charted and evidence items) "
            "rest on each source.",
        )
    )


def outage(result: dict) -> alt.LayerChart | alt.FacetChart:
    """One outage: each route's volume before (light; red if closed) and after re-routing (dark blue)."""
    rows = pd.DataFrame(
        [
            {
                "route": human(r["name"] or r["route"]),
                "before": r["before"],
                "after": r["after"],
                "absorbs": r["absorbs"],
                "state": "closed" if r["closed"] else "open",
                "capacity": r["capacity"],
                "capacity source": r["capacity_source"],
            }
            for r in result["routes"]
        ],
        columns=["route", "before", "after", "absorbs", "state", "capacity", "capacity source"],
    )
    unit = unit_words(result["unit"])
    base = alt.Chart(rows, title=alt.Title(outage_title(result), subtitle=f"volume in {unit}"))
    tooltip = [
        "route:N",
        alt.Tooltip("state:N", title="route in this case"),
        alt.Tooltip("before:Q", format=",.1f", title=f"before, {unit}"),
        alt.Tooltip("after:Q", format=",.1f", title=f"after re-routing, {unit}"),
        alt.Tooltip("absorbs:Q", format=",.1f", title=f"takes over, {unit}"),
        alt.Tooltip("capacity:Q", format=",.1f", title=f"capacity, {unit}"),
        "capacity source:N",
    ]
    # the order is given as a list: a sort by a field is dropped where two layers union the domain
    order = rows.sort_values(["before", "route"], ascending=[False, True]).route.tolist()
    y = alt.Y("route:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    before = base.mark_bar().encode(
        y=y,
        x=alt.X("before:Q", title=unit),
        tooltip=tooltip,
        color=alt.Color(
            "state:N", scale=alt.Scale(domain=["open", "closed"], range=["#c9d3df", "#f1b8b0"]), title="route (before)"
        ),
    )
    after = base.mark_bar(height=8, color="#2f6db5").encode(y=y, x="after:Q", tooltip=tooltip)
    return alt.layer(before, after).properties(
        width=WIDTH - 200,
        height=alt.Step(22),
        description=f"Bars per export route: its volume in {unit} before the outage (light; red if closed) and "
        "after the flow is re-routed (dark blue).",
    )


def outage_title(result: dict) -> str:
    """'crude oil: close Caspian Pipeline Consortium pipeline — 89.7 → 20.0 (−77.7%)'."""
    scenario = result["scenario"]
    closed = (
        ", ".join(human(r["name"] or r["route"]) for r in result["routes"] if r["closed"]) if scenario["route"] else ""
    )
    if scenario["transit"]:
        closed = (
            closed + " and " if closed else ""
        ) + f"every line crossing or ending in {pole_name(scenario['transit'])}"
    return (
        f"{result['commodity']}: close {closed} — {result['baseline']:,.1f} → {result['after']:,.1f} "
        f"(−{result['lost_share']:.1%})"
    )


def hedging_fit(
    paths: list[dict], hegemon: str, shocks: list[int], partial_years: Collection[int] = ()
) -> alt.HConcatChart:
    """The hegemon's share per domain: observed (points), the calibrated model (red line), the draws'
    5-95 % band and the model without any shock (grey, dashed); shocks as dashed rules."""
    rows = pd.DataFrame([p for p in paths if p["pole"] == hegemon])
    return alt.hconcat(
        *[
            _hedging_domain(rows[rows.domain == domain], domain, hegemon, shocks, partial_years)
            for domain in DOMAIN_ORDER
            if (rows.domain == domain).any()
        ]
    ).properties(
        description=f"One panel per domain: {hegemon}'s observed share of the domain per year (points), the "
        "hedging model's path (red line), its 5-95% band over the draws and the model without shocks (grey)."
    )


def _hedging_domain(
    rows: pd.DataFrame, domain: str, hegemon: str, shocks: list[int], partial_years: Collection[int] = ()
) -> alt.LayerChart | alt.FacetChart:
    observed = rows[rows.observed.notna()] if "observed" in rows else rows
    partial = _partial_band(partial_years, observed) if domain == VOTE_DOMAIN else None
    base = alt.Chart(rows, title=alt.Title(domain, subtitle=PARTIAL_NOTE) if partial else domain)
    base = base.encode(x=_years(rows))
    y = alt.Y(
        "q05:Q", title=f"{hegemon}'s share of the domain", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
    )
    tooltip = [
        alt.Tooltip("year:Q", format="d"),
        alt.Tooltip("observed:Q", format=".1%"),
        alt.Tooltip("central:Q", format=".1%", title="model"),
        alt.Tooltip("q05:Q", format=".1%", title="5% of draws"),
        alt.Tooltip("q95:Q", format=".1%", title="95% of draws"),
        alt.Tooltip("no_shock:Q", format=".1%", title="model without shocks"),
    ]
    layers = [
        base.mark_area(color="#c0392b", opacity=0.15).encode(y=y, y2="q95:Q"),
        base.mark_line(color="#6d6d6d", strokeDash=[4, 3]).encode(y="no_shock:Q"),
        base.mark_line(color="#c0392b").encode(y="central:Q", tooltip=tooltip),
        base.mark_point(color="#222222", filled=True, size=22).encode(y="observed:Q", tooltip=tooltip),
    ]
    inside = [year for year in shocks if _inside(rows, year)]
    if inside:
        layers.append(_marks(inside, "shock", "#222222", [6, 3]))
    if partial is not None:
        layers.append(partial)
    return alt.layer(*layers).properties(width=WIDTH // 3 - 10, height=170)


def trade_figures(figures: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    """The knowledge base's trade figures (circles) and the measured trade (black ticks) per pair-year."""
    label = figures.partner + " " + figures.year.astype(str)
    cited = pd.DataFrame({"pair": label, "value": figures.figure_bn, "what": "figure cited: " + figures.cites})
    measured = (
        pd.DataFrame({"pair": label, "value": figures.measured_bn, "what": "measured: " + figures.series.fillna("")})
        .dropna()
        .drop_duplicates()
    )
    base = alt.Chart(title="Trade figures cited and measured (US$ billion)")
    y = alt.Y("pair:N", title=None)
    x = alt.X("value:Q", title="US$ billion, exports plus imports")
    tooltip = ["pair:N", "what:N", alt.Tooltip("value:Q", format=".1f")]
    points = (
        base.mark_circle(size=90, opacity=0.8)
        .encode(y=y, x=x, color=alt.value("#2f6db5"), tooltip=tooltip)
        .properties(data=cited)
    )
    ticks = (
        base.mark_tick(thickness=3, size=22)
        .encode(y=y, x=x, color=alt.value("#000000"), tooltip=tooltip)
        .properties(data=measured)
    )
    return alt.layer(points, ticks).properties(
        width=WIDTH,
        height=30 * max(1, label.nunique()),
        description="Dots: the trade figures the knowledge base cites per partner and year, in US$ billion; "
        "black ticks: the trade measured from the data for the same pair and year.",
    )
