"""The region report: several states side by side, in small multiples."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from multivector import __version__
from multivector.defaults import MAIN_POWERS
from multivector.report import charts, words
from multivector.report.captions import region_captions
from multivector.report.data import StateReport, figures_per_source
from multivector.report.headline import default_shocks, region_headline
from multivector.report.map_chart import dependence_map
from multivector.report.page import Section, bibtex_href, render
from multivector.report.reasons import (
    MEASURES,
    condition_params,
    condition_reason,
    model_beside_data,
    practice_note,
    prediction_reason,
)
from multivector.report.state_page import CONDITIONS, leaders, moment_label
from multivector.report.words import vote_counts, year_label

POWERS = MAIN_POWERS


def _stacked(reports: list[StateReport], attribute: str) -> pd.DataFrame:
    frames = [getattr(r, attribute).assign(state=r.state) for r in reports]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def phases_chart(reports: list[StateReport]) -> alt.Chart:
    rows = pd.DataFrame(
        [
            {
                "state": r.state,
                "from": p["from"],
                "to": p["to"] + 1,
                "phase": p["phase"],
                "years": f"{p['from']}-{p['to']}",
                "structure": p.get("structure") or "",
            }
            for r in reports
            for p in r.classification["phases"]
        ],
        columns=["state", "from", "to", "phase", "years", "structure"],
    )
    first, last = (int(rows["from"].min()), int(rows["to"].max())) if not rows.empty else (1991, 2025)
    return (
        alt.Chart(
            rows,
            title="Phases",
            description="Bars along the years, one row per state: each stretch of years coloured by its phase "
            "(not hedging, declaratory or substantive hedging).",
        )
        .mark_bar(height=16)
        .encode(
            x=alt.X("from:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(domain=[first, last], zero=False)),
            x2="to:Q",
            y=alt.Y("state:N", sort=[r.state for r in reports], title=None),
            color=alt.Color(
                "phase:N", scale=alt.Scale(domain=list(charts.PHASE_COLOURS), range=list(charts.PHASE_COLOURS.values()))
            ),
            tooltip=["state:N", "years:N", "phase:N", "structure:N"],
        )
        .properties(width=charts.WIDTH, height=alt.Step(24))
    )


def hegemon_shares_chart(reports: list[StateReport], hegemon: str) -> alt.FacetChart:
    """Each state's hegemon share per domain; a year whose series change is a dotted purple rule."""
    rows = _stacked(reports, "domains")
    rows = rows[rows.pole == hegemon].merge(_series_changes(reports), on=["state", "year", "domain"], how="left")
    base = alt.Chart(rows)
    line = base.mark_line(point=alt.OverlayMarkDef(size=10)).encode(
        x=alt.X("year:Q", axis=alt.Axis(format="d", tickCount=4), title=None),
        y=alt.Y(
            "share:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]), title=f"{words.pole(hegemon)}'s share"
        ),
        color=alt.Color("domain:N", sort=charts.DOMAIN_ORDER),
        tooltip=["state:N", "year:Q", "domain:N", alt.Tooltip("share:Q", format=".1%")],
    )
    rules = (
        base.transform_filter("isValid(datum.series_change)")
        .mark_rule(color=charts.SERIES_CHANGE, strokeDash=[1, 3], strokeWidth=1.5)
        .encode(
            x="year:Q", tooltip=["state:N", "year:Q", "domain:N", alt.Tooltip("series_change:N", title="series change")]
        )
    )
    return (
        alt.layer(line, rules)
        .properties(width=150, height=150)
        .facet(
            column=alt.Column("state:N", sort=[r.state for r in reports], title=None),
            title=alt.Title(f"{words.pole(hegemon)}'s share by domain", subtitle=charts.SERIES_CHANGE_NOTE),
        )
        .properties(
            description=f"Lines per state, one per domain: {words.pole(hegemon)}'s share (0 to 100%) of the "
            "security, economic and diplomatic domain per year; dotted rules where a domain's series changes."
        )
    )


def _series_changes(reports: list[StateReport]) -> pd.DataFrame:
    rows = [
        {"state": r.state, "year": c["year"], "domain": c["domain"], "series_change": c["change"]}
        for r in reports
        for c in r.series_changes
    ]
    return pd.DataFrame(rows, columns=["state", "year", "domain", "series_change"])


def profiles_chart(reports: list[StateReport]) -> alt.FacetChart:
    rows = pd.concat(
        [r.domains[r.domains.year == r.year].assign(state=f"{r.state} {r.year}") for r in reports], ignore_index=True
    )
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y("domain:N", sort=charts.DOMAIN_ORDER, title=None),
            x=alt.X("share:Q", stack="zero", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]), title=None),
            color=alt.Color("pole:N", scale=charts.pole_scale()),
            order=alt.Order("pole:O"),
            tooltip=["state:N", "domain:N", "pole:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(width=150, height=90)
        .facet(column=alt.Column("state:N", title=None), title="Domain profiles in each state's last year")
        .properties(
            description="Stacked bars per state: each pole's share (0 to 100%) of the security, economic and "
            "diplomatic domain in the state's last year with data."
        )
    )


def differentiation_chart(reports: list[StateReport]) -> alt.Chart:
    rows = _stacked(reports, "structure")
    rows = rows[rows.measure == "differentiation"]
    return (
        alt.Chart(
            rows,
            title="Differentiation across domains",
            description="Lines per state and year, from 0 to 1: the mean Jensen-Shannon divergence between the "
            "state's domain vectors (0: every domain leans on the poles alike; 1: no two domains share a pole).",
        )
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=alt.X("year:Q", axis=alt.Axis(format="d"), title=None),
            y=alt.Y("value:Q", scale=alt.Scale(domain=[0, 1]), title="mean Jensen–Shannon divergence"),
            color=alt.Color("state:N", sort=[r.state for r in reports]),
            tooltip=["state:N", "year:Q", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(width=charts.WIDTH, height=220)
    )


def votes_chart(reports: list[StateReport]) -> alt.FacetChart:
    """Agreement with each power per state and year; a year the vote source holds only in part is
    named in the subtitle and the tooltip, and its points are hollow."""
    rows = _stacked(reports, "votes")
    rows = rows[rows.partner.isin(POWERS)]
    partial = sorted({y for r in reports for y in r.partial_vote_years})
    rows = rows.assign(part=["part of the year" if y in partial else "whole year" for y in rows.year])
    base = alt.Chart(rows).encode(
        x=alt.X("year:Q", axis=alt.Axis(format="d", tickCount=4), title=None),
        y=alt.Y("agreement:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title="identical votes"),
        color=alt.Color("state:N", sort=[r.state for r in reports]),
        tooltip=["state:N", "partner:N", "year:Q", alt.Tooltip("agreement:Q", format=".1%"), "part:N"],
    )
    hollow = base.transform_filter(alt.datum.part != "whole year").mark_point(filled=False, size=40)
    subtitle = [f"{', '.join(map(str, partial))}: part of the year only (hollow points)"] if partial else []
    return (
        alt.layer(base.mark_line(), hollow)
        .properties(width=200, height=160)
        .facet(
            column=alt.Column("partner:N", sort=list(POWERS), title=None),
            title=alt.Title("UN General Assembly agreement with the powers", subtitle=subtitle),
        )
        .properties(
            description="Lines per state, one panel per power: the share of UN General Assembly roll calls "
            "in which the state voted as the power did, per year (0 to 100%)."
        )
    )


def variants_chart(reports: list[StateReport]) -> alt.LayerChart | alt.FacetChart:
    rows = pd.DataFrame(
        [
            {"state": r.state, "variant": f"{k} {v['label']}", "score": v["score"]}
            for r in reports
            for k, v in r.classification["variants"].items()
        ],
        columns=["state", "variant", "score"],
    )
    rows["text"] = [f"{v:.2f}" if v is not None and v == v else "unknown" for v in rows.score]
    base = alt.Chart(rows).encode(
        x=alt.X("state:N", sort=[r.state for r in reports], title=None),
        y=alt.Y("variant:N", title=None, axis=alt.Axis(labelLimit=320)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("score:Q", scale=alt.Scale(scheme="blues", domain=[0, 1])),
        tooltip=["state:N", "variant:N", "text:N"],
    )
    text = base.mark_text(fontSize=11).encode(text="text:N")
    return alt.layer(cells, text).properties(
        title="Variant scores",
        description="A grid of states by variant: each variant's score from 0 to 1 (darker is higher), "
        "'unknown' where the data do not allow a score.",
        width=60 * len(reports),
        height=alt.Step(26),
    )


def transitions_chart(reports: list[StateReport]) -> alt.Chart:
    """Per state and shock: the share of the hedging model's draws with a declaratory-to-substantive transition."""
    rows = pd.DataFrame(
        [
            {
                "state": r.state,
                "shock": str(s["year"]),
                "share": s["transition_share"],
                "driver": (s["driver"] or {}).get("factor", "–"),
            }
            for r in reports
            if r.hedging and "error" not in r.hedging
            for s in r.hedging["verdict"]["shocks"]
        ],
        columns=["state", "shock", "share", "driver"],
    )
    return (
        alt.Chart(
            rows,
            title="Hedging model: draws with a transition after each shock",
            description="Bars per state and shock: the share of the hedging model's simulated draws in which "
            "the shock turns declaratory hedging into substantive hedging (0 to 100%).",
        )
        .mark_bar()
        .encode(
            x=alt.X("state:N", sort=[r.state for r in reports], title=None),
            xOffset=alt.XOffset("shock:N"),
            y=alt.Y("share:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]), title="share of draws"),
            color=alt.Color("shock:N", title="shock"),
            tooltip=["state:N", "shock:N", alt.Tooltip("share:Q", format=".0%"), "driver:N"],
        )
        .properties(width=charts.WIDTH, height=200)
    )


def html(reports: list[StateReport], bundle: str, bibtex: str, citations: dict[str, str]) -> str:
    hegemon = reports[0].hegemon
    year = max(r.year for r in reports)
    first = next((r for r in reports if r.year == year), reports[0])
    sections = [
        Section("summary", "Summary", [phases_chart(reports)], blocks=["table", "glossary"], context=_summary(reports)),
        Section("domain-shares", f"{words.pole(hegemon)}'s share by domain", [hegemon_shares_chart(reports, hegemon)]),
        Section("domain-profile", "Domain profiles", [profiles_chart(reports)]),
        Section("structure", "Differentiation", [differentiation_chart(reports)]),
        Section(
            "map",
            "Dependence on the hegemon in the region",
            [
                dependence_map(
                    first.neighbours,
                    title=f"{words.pole(hegemon)}'s share of each former dependency's mean domain vector, {year}",
                )
            ],
            intro="Natural Earth shapes (1:50m). Only the former Soviet republics are coloured; white with a "
            "dashed outline: no data for that year, not zero.",
        ),
        Section("votes", "UN voting agreement", [votes_chart(reports)], blocks=["table"], context=_votes(reports)),
        Section(
            "scenarios",
            "Scenarios: route outages and the hedging model",
            [transitions_chart(reports)],
            intro="Each state's own report shows the cases and the model's fit in full. Outages: the largest "
            f"export route closed, and every line crossing or ending in {words.pole(hegemon)} closed, per commodity; "
            "'volume unknown' where the data give no volume. Hedging model: calibrated to each state's "
            "paths, Monte Carlo around the calibration (seed 0).",
            blocks=["table", "model_data"],
            context={**_scenarios(reports), "model_data": model_and_data(reports)},
        ),
        Section(
            "conditions",
            "Conditions and variants",
            [variants_chart(reports)],
            blocks=["table"],
            context=_conditions(reports),
        ),
        Section(
            "sources",
            "Sources",
            [charts.figures_per_source(_figures(reports))],
            blocks=["sources"],
            context={
                "citations": citations,
                "bibtex_href": bibtex_href(bibtex),
                "bibtex_name": "multivector-region.bib",
            },
        ),
    ]
    for section in sections:
        section.captions = region_captions(reports, section.id)
    names = ", ".join(r.name for r in reports)
    return render(
        "report.html.j2",
        title="Central Asia: multi-vector foreign policy side by side",
        headline=region_headline([(r.name, default_shocks(r.classification)) for r in reports], hegemon),
        subtitle=f"{names} · former hegemon {words.pole(hegemon)} · multivector {__version__} · "
        f"generated {date.today().isoformat()}",
        sections=sections,
        bundle=bundle,
        state="STATE",
        hegemon=hegemon,
        version=__version__,
        footer="Every figure on this page is computed from the shipped data by `multivector report --region`; "
        "each state's own report has the evidence behind every verdict.",
    )


def _summary(reports: list[StateReport]) -> dict:
    rows = []
    for r in reports:
        phase = r.classification["phases"][-1] if r.classification["phases"] else None
        lead = {row["domain"]: row for row in leaders(r.domains, r.year, r.hegemon)}
        rows.append(
            [
                r.name,
                r.year,
                f"{phase['phase'].replace('_', ' ')} since {phase['from']}" if phase else "no phase",
                *(f"{words.pole(lead[d]['leader'])} {_pct(lead[d]['share'])}" for d in charts.DOMAIN_ORDER),
            ]
        )
    return {"columns": ["state", "year", "phase", *(f"{d} leader" for d in charts.DOMAIN_ORDER)], "rows": rows}


def _scenarios(reports: list[StateReport]) -> dict:
    rows = []
    for r in reports:
        outages = "; ".join(_outage_text(o) for o in r.outages) or "no export line in the data"
        fit = r.hedging or {"error": "not run"}
        if "error" in fit:
            rows.append([r.name, outages, "–", f"not calibrated: {fit['error']}"])
            continue
        overall = fit["calibration"]["fit"]["all"]
        fitted = f"typical error {overall['rmse']:.3f}, share explained {overall['r2']:.2f}"
        rows.append([r.name, outages, fitted, words.model_statement(fit["verdict"])])
    columns = [
        "state",
        "outages: share of the volume lost",
        "model fit (typical error; share explained)",
        "hedging verdict",
    ]
    return {"columns": columns, "rows": rows}


def model_and_data(reports: list[StateReport]) -> dict:
    """Per state and default shock: the data's verdict beside the hedging model's, and why they differ."""
    rows = []
    for r in reports:
        fit = r.hedging if r.hedging and "error" not in r.hedging else None
        model = {int(s["year"]): s for s in fit["verdict"]["shocks"]} if fit else {}
        draws = fit["monte_carlo"]["draws"] if fit else 0
        for shock in default_shocks(r.classification):
            row = model_beside_data(shock, model.get(int(shock["year"])), draws, r.hegemon)
            agree = {True: "yes", False: "no", None: "cannot tell"}[row["agree"]]
            rows.append([r.name, row["shock"], row["data"], row["model"], agree, row["reason"] or "–"])
    columns = ["state", "shock", "the data's verdict", "the hedging model", "agree", "why they differ"]
    return {"columns": columns, "rows": rows, "notes": [MEASURES.format(h=words.pole(reports[0].hegemon))]}


def _votes(reports: list[StateReport]) -> dict:
    """Each state's agreement with the powers in its last two years of votes; a partial year says so."""
    rows = []
    for r in reports:
        if r.votes.empty:
            continue
        counts = vote_counts(r.votes)
        partial = set(r.partial_vote_years)
        for year in sorted(counts)[-2:]:
            cells = []
            for partner in POWERS:
                hit = r.votes[(r.votes.year == year) & (r.votes.partner == partner)]
                cells.append("–" if hit.empty else f"{hit.agreement.iloc[0]:.0%} of {int(hit.n.iloc[0])}")
            rows.append([r.name, year_label(year, partial), *cells])
    columns = ["state", "year", *(f"identical votes with {words.pole(p)} (of roll calls)" for p in POWERS)]
    notes = ["A year marked 'part of the year' has far fewer roll calls than the years before it: read it with care."]
    return {"columns": columns, "rows": rows, "notes": notes}


def _outage_text(result: dict) -> str:
    """'crude oil, the Caspian Pipeline Consortium pipeline closed: 66.6%' (names, never route ids)."""
    scenario = result["scenario"]
    if scenario["route"]:
        names = {r["route"]: r["name"] for r in result.get("routes", []) if r.get("name")}
        what = f"the {words.listed([names.get(m, words.plain(m)) for m in scenario['matched']])} closed"
    else:
        what = f"every line through {words.pole(scenario['transit'])} closed"
    lost = _pct(result["lost_share"]) if result["outcome"] == "computed" else result["outcome"].replace("_", " ")
    return f"{words.plain(result['commodity'])}, {what}: {lost}"


def _conditions(reports: list[StateReport]) -> dict:
    """One row per state and moment (at adoption, now): C1-C3 and the prediction, each with its reason;
    a note per state whose prediction fails while it practises multivectorism."""
    rows, notes = [], []
    for r in reports:
        params = condition_params(r.classification)
        for moment, judged in r.classification["conditions"].items():
            rows.append(
                [
                    r.name,
                    moment_label(moment, judged),
                    *(condition_reason(judged, k, params, r.hegemon) for k in CONDITIONS),
                    prediction_reason(judged),
                ]
            )
        now = r.classification["conditions"].get("now")
        if now:
            notes.append(practice_note(r.name, now, r.classification["phases"]))
    columns = ["state", "judged", *(words.condition(k) for k in CONDITIONS), "multivectorism predicted?"]
    return {"columns": columns, "rows": rows, "notes": [n for n in notes if n]}


def _figures(reports: list[StateReport]) -> pd.DataFrame:
    counts = pd.concat([figures_per_source(r) for r in reports], ignore_index=True)
    return counts.groupby(["source", "kind"], as_index=False)[["figures"]].sum()


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"
