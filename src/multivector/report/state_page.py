"""The sections of one state's report, from its ``StateReport``: charts and the tables beside them."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from multivector import __version__
from multivector.report import charts
from multivector.report.data import VOTE_PARTNERS, StateReport, figures_per_source
from multivector.report.map_chart import dependence_map
from multivector.report.page import Section, bibtex_href, render

CONDITIONS = ("C1", "C2", "C3")


def chart_kinds() -> dict[str, str]:
    """The charts ``multivector chart KIND STATE`` draws, with what each shows."""
    return {kind: doc for kind, (_, doc) in _CHARTS.items()}


def chart(report: StateReport, kind: str) -> alt.TopLevelMixin:
    return _CHARTS[kind][0](report)


def _map(report: StateReport) -> alt.TopLevelMixin:
    return dependence_map(report.neighbours, title=f"{report.hegemon}'s share of each state's mean domain vector, "
                                                   f"{report.year}", highlight=report.state)


_CHARTS = {
    "phases": (lambda r: charts.phase_timeline(r.classification["phases"]), "the phases along the years"),
    "variants": (lambda r: charts.variant_scores(r.classification["variants"]), "V1-V4 scores"),
    "pole-shares": (lambda r: charts.pole_shares_grid(r.channels, r.shock_years, r.breaks_by_channel),
                    "pole shares per channel over time, shocks and found breaks marked"),
    "domain-profile": (lambda r: charts.domain_profile(r.domains, r.year), "the domains' pole vectors in the year"),
    "domain-shares": (lambda r: charts.domain_shares(r.domains, r.hegemon, r.shock_years, r.detected_shock_years),
                      "the hegemon's share of each domain over time"),
    "structure": (lambda r: charts.structure(r.structure, r.shock_years, r.detected_shock_years),
                  "differentiation across domains and balance over time"),
    "map": (_map, "the hegemon's share of each neighbour's mean domain vector"),
    "votes": (lambda r: charts.vote_heatmap(r.votes, [p for p in VOTE_PARTNERS if p != r.state]), "UN General Assembly agreement with the main powers"),
    "routes": (lambda r: charts.routes(r.routes["estimates"] if r.routes else []), "export routes and their shares"),
    "coverage": (lambda r: charts.coverage(r.coverage), "years with data per channel and source"),
    "sources": (lambda r: charts.figures_per_source(figures_per_source(r)), "how many figures rest on each source"),
}


def html(report: StateReport, bundle: str, bibtex: str) -> str:
    """The whole page of one state."""
    c = report.classification
    sections = [
        Section("summary", "Summary", [chart(report, "phases")], blocks=["summary"],
                context=summary_context(report), charts_last=True),
        Section("phases", "Phases and shocks", intro="Declaratory or substantive multivectorism, year by year; "
                "a shock counts when the hegemon's share falls below its pre-shock trend in two domains with an act "
                "that corroborates it (docs/theory.md). Dashed lines: the default shocks; dotted: shocks found in "
                "the data.", blocks=["phases"],
                charts=[chart(report, "domain-shares")], context=c),
        Section("pole-shares", "Pole shares over time", [chart(report, "pole-shares")],
                intro="Each channel on one series (the longest); dashed lines mark the default shocks, dotted lines "
                      "the breaks found in that channel's data. Shares of partners a source does not list are left out and the "
                      "rest renormalised."),
        Section("domain-profile", f"Domain profile, {report.year}", [chart(report, "domain-profile")]),
        Section("structure", "Differentiation and balance", [chart(report, "structure")],
                intro="Differentiation: mean pairwise Jensen–Shannon divergence of the domain vectors (0 = every "
                      "domain leans the same way). Balance: normalised entropy of the pole vector (1 = even)."),
        Section("map", "Dependence on the hegemon in the region", [chart(report, "map")],
                intro="Natural Earth shapes (1:50m). Grey: no data for that year, not zero."),
        _votes(report),
        _routes(report),
        Section("conditions", "Conditions and variants", blocks=["conditions"], charts=[chart(report, "variants")],
                context=c),
        Section("coverage", "Coverage and missing data", [chart(report, "coverage")], blocks=["coverage"],
                context=report.coverage),
        Section("sources", "Sources", [chart(report, "sources")], blocks=["sources"],
                context={"citations": report.citations, "bibtex_href": bibtex_href(bibtex),
                         "bibtex_name": f"multivector-{report.state}.bib"}),
    ]
    title = f"{report.name} ({report.state}): multi-vector foreign policy"
    subtitle = (f"Year {report.year} · hegemon {report.hegemon} · theory parameters version "
                f"{c['parameters']['version']} · multivector {__version__} · generated {date.today().isoformat()}")
    return render("report.html.j2", title=title, subtitle=subtitle, sections=sections, bundle=bundle,
                  state=report.state, hegemon=report.hegemon, version=__version__,
                  footer="Every figure on this page is computed from the shipped data by `multivector report "
                         f"{report.state}`; see the Sources section for what to cite.")


def _votes(report: StateReport) -> Section:
    if report.votes.empty:
        return Section("votes", "UN voting agreement", empty=f"No UN General Assembly votes of {report.state} "
                                                             "in the vote source.")
    return Section("votes", "UN voting agreement", [chart(report, "votes")],
                   intro="Share of identical votes per year (yes/no/abstain, absences left out); the tooltip gives "
                         "Cohen's κ and the number of roll calls.")


def _routes(report: StateReport) -> Section:
    if not report.routes:
        return Section("routes", "Export routes and their exposure",
                       empty=f"No export route of {report.state} with a known volume in the knowledge base or the "
                             "pipeline data.")
    return Section("routes", "Export routes and their exposure", [chart(report, "routes")], blocks=["routes"],
                   context=report.routes)


def summary_context(report: StateReport) -> dict:
    c = report.classification
    return {"phase": c["phases"][-1] if c["phases"] else None, "year": report.year,
            "prediction": _prediction(c["conditions"]), "leaders": leaders(report.domains, report.year, report.hegemon),
            "variants": c["variants"], "explanation": c["explanation"].split("\n\n")}


def _prediction(conditions: dict) -> str:
    verdict = {True: "hold", False: "does not hold", None: "unknown"}
    parts = ", ".join(f"{k} {verdict[conditions[k]['holds']]}" for k in CONDITIONS if k in conditions)
    predicted = conditions.get("predicted", {}).get("holds")
    outcome = {True: "multivectorism predicted", False: "multivectorism not predicted",
               None: "prediction unknown"}[predicted]
    return f"{parts} → {outcome}"


def leaders(domains: pd.DataFrame, year: int, hegemon: str) -> list[dict]:
    """The leading pole of each domain in ``year`` with its share, and the hegemon's share."""
    rows = domains[(domains.year == year) & domains.share.notna()]
    out = []
    for domain in charts.DOMAIN_ORDER:
        mine = rows[rows.domain == domain]
        if mine.empty:
            out.append({"domain": domain, "leader": "no data", "share": None, "hegemon": None})
            continue
        top = mine.sort_values(["share", "pole"], ascending=[False, True]).iloc[0]
        h = mine.loc[mine.pole == hegemon, "share"]
        out.append({"domain": domain, "leader": top.pole, "share": float(top.share),
                    "hegemon": float(h.iloc[0]) if not h.empty else 0.0})
    return out
