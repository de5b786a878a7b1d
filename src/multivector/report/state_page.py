"""The sections of one state's report, from its ``StateReport``: charts and the tables beside them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import altair as alt
import pandas as pd

from multivector import __version__
from multivector.errors import NoData
from multivector.measure.series import source_of_label
from multivector.report import charts, words
from multivector.report.captions import state_captions
from multivector.report.chart_kinds import CHART_KINDS
from multivector.report.data import VOTE_PARTNERS, StateReport, figures_per_source
from multivector.report.headline import default_shocks, state_headline
from multivector.report.map_chart import dependence_map
from multivector.report.page import Section, bibtex_href, cited, render
from multivector.report.reasons import condition_params, condition_reason, practice_note, prediction_reason
from multivector.report.words import typical_count, vote_counts, year_label
from multivector.theory.explain import by_part

CONDITIONS = ("C1", "C2", "C3")


def chart_kinds() -> dict[str, str]:
    """The charts ``multivector chart KIND STATE`` draws, with what each shows (``CHART_KINDS``)."""
    return dict(CHART_KINDS)


def chart(report: StateReport, kind: str) -> alt.TopLevelMixin:
    """The chart ``kind`` of the report; NoData when the state has nothing to draw there."""
    why = missing(report, kind)
    if why:
        raise NoData(f"{report.state} has no {kind} chart: {why}", "choose another chart or state")
    return _CHARTS[kind](report)


def missing(report: StateReport, kind: str) -> str | None:
    """Why the chart ``kind`` has nothing to draw for this state, or None."""
    if kind == "votes" and report.votes.empty:
        return "no UN General Assembly votes in the vote source"
    if kind == "routes" and not report.routes:
        return "no export route with a known volume"
    if kind == "outage" and not outage_charts(report):
        return "no export line with a known volume to close"
    if kind == "trade-figures" and report.trade_figures.empty:
        return "no annual trade figure of the state with a partner in the knowledge base"
    if kind == "hedging" and (not report.hedging or "error" in report.hedging):
        return (report.hedging or {}).get("error", "the model was not run")
    return None


def _map(report: StateReport) -> alt.TopLevelMixin:
    return dependence_map(
        report.neighbours,
        title=f"{words.pole(report.hegemon)}'s share of each former dependency's mean domain vector, {report.year}",
        highlight=report.state,
    )


def _hedging_chart(report: StateReport) -> alt.HConcatChart:
    fit = report.hedging
    assert fit is not None, "chart() draws the hedging fit only when missing() finds it"
    return charts.hedging_fit(fit["paths"], fit["hegemon"], report.shock_years, report.partial_vote_years)


#: Each kind of ``chart_kinds.CHART_KINDS`` (its name and what it shows) bound to its drawing.
_CHARTS: dict[str, Callable[[StateReport], alt.TopLevelMixin]] = {
    "phases": lambda r: charts.phase_timeline(r.classification["phases"]),
    "variants": lambda r: charts.variant_scores(r.classification["variants"]),
    "pole-shares": lambda r: charts.pole_shares_grid(
        r.channels, r.shock_years, r.breaks_by_channel, r.partial_vote_years
    ),
    "domain-profile": lambda r: charts.domain_profile(r.domains, r.year),
    "domain-shares": lambda r: charts.domain_shares(
        r.domains, r.hegemon, r.shock_years, r.detected_shock_years, r.series_changes, r.partial_vote_years
    ),
    "structure": lambda r: charts.structure(
        r.structure, r.shock_years, r.detected_shock_years, r.series_changes, r.partial_vote_years
    ),
    "map": _map,
    "votes": lambda r: charts.vote_heatmap(r.votes, [p for p in VOTE_PARTNERS if p != r.state], r.partial_vote_years),
    "routes": lambda r: charts.routes(r.routes["estimates"] if r.routes else [], r.hegemon),
    "outage": lambda r: alt.vconcat(*outage_charts(r)),
    "hedging": _hedging_chart,
    "trade-figures": lambda r: charts.trade_figures(r.trade_figures),
    "coverage": lambda r: charts.coverage(r.coverage),
    "sources": lambda r: charts.figures_per_source(figures_per_source(r)),
}


def html(report: StateReport, bundle: str, bibtex: str) -> str:
    """The whole page of one state."""
    c = report.classification
    sections = [
        Section(
            "summary",
            "Summary",
            [chart(report, "phases")],
            blocks=["summary"],
            context=summary_context(report),
            charts_last=True,
        ),
        Section(
            "phases",
            "Phases and shocks",
            intro="Declaratory or substantive multivectorism, year by year; "
            "a shock counts when the hegemon's share falls below its pre-shock trend in two domains with an act "
            "that corroborates it (docs/theory.md). Dashed lines: the default shocks; dotted: shocks found in "
            "the data.",
            blocks=["phases"],
            charts=[chart(report, "domain-shares")],
            context=c,
        ),
        Section(
            "pole-shares",
            "Pole shares over time",
            [chart(report, "pole-shares")],
            intro="Each channel on one series (the longest); dashed lines mark the default shocks, dotted lines "
            "the breaks found in that channel's data. Where a source lists main partners only, the rest "
            "is its own band (UNLISTED), never rescaled away.",
        ),
        Section("domain-profile", f"Domain profile, {report.year}", [chart(report, "domain-profile")]),
        Section(
            "structure",
            "Differentiation and balance",
            [chart(report, "structure")],
            intro="Differentiation: how differently the domains lean between the powers (0 = every domain "
            "leans the same way, 1 = entirely apart; the mean Jensen–Shannon divergence of the domains' shares). "
            "Balance: how evenly the ties spread over the powers (0 = one power only, 1 = even; the normalised "
            "entropy of the shares).",
        ),
        Section(
            "map",
            "Dependence on the hegemon in the region",
            [chart(report, "map")],
            intro="Natural Earth shapes (1:50m). Only the former Soviet republics are coloured; white with a "
            "dashed outline: no data for that year, not zero.",
        ),
        _votes(report),
        _routes(report),
        _outages(report),
        _hedging(report),
        _trade_figures(report),
        Section(
            "conditions",
            "Conditions and variants",
            blocks=["conditions"],
            charts=[chart(report, "variants")],
            context={**c, "conditions": _evidence_by_part(c["conditions"]), "reasons": condition_reasons(report)},
        ),
        Section(
            "coverage",
            "Coverage and missing data",
            [chart(report, "coverage")],
            blocks=["coverage"],
            context=report.coverage,
        ),
        Section(
            "sources",
            "Sources",
            [chart(report, "sources")],
            blocks=["sources"],
            context={
                "citations": report.citations,
                "bibtex_href": bibtex_href(bibtex),
                "bibtex_name": f"multivector-{report.state}.bib",
            },
        ),
    ]
    for section in sections:
        section.captions = state_captions(report, section.id, len(section.charts))
    title = f"{report.name} ({report.state}): multi-vector foreign policy"
    subtitle = (
        f"Year {report.year} · former hegemon {words.pole(report.hegemon)} · theory parameters version "
        f"{c['parameters']['version']} · multivector {__version__} · generated {date.today().isoformat()}"
    )
    return render(
        "report.html.j2",
        title=title,
        headline=state_headline(report.name, report.hegemon, default_shocks(c)),
        subtitle=subtitle,
        sections=sections,
        bundle=bundle,
        state=report.state,
        hegemon=report.hegemon,
        version=__version__,
        footer="Every figure on this page is computed from the shipped data by `multivector report "
        f"{report.state}`; see the Sources section for what to cite.",
    )


def _trade_figures(report: StateReport) -> Section:
    """The knowledge base's trade figures beside the measured trade (both shown, never merged)."""
    title = "Trade figures beside the measured series"
    frame = report.trade_figures
    if frame.empty:
        return Section(
            "trade-figures",
            title,
            empty=f"The knowledge base holds no annual trade figure of {report.state} with a partner.",
        )
    verdict = {True: "agrees", False: "disagrees", None: "no measured value"}
    rows = [
        [
            int(r["year"]),
            words.pole(r["partner"]),
            f"{r['qualifier'] + ' ' if isinstance(r['qualifier'], str) else ''}{r['figure_bn']:g}",
            cited(f"[{r['cites']}]"),
            "–" if pd.isna(r["measured_bn"]) else f"{r['measured_bn']:.1f}",
            words.source_name(source_of_label(r["series"])) if isinstance(r["series"], str) else "–",
            "–" if pd.isna(r["gap"]) else f"{r['gap']:+.0%}",
            verdict[None if pd.isna(r["gap"]) else bool(r["agrees"])],
        ]
        for r in frame.to_dict("records")
    ]
    columns = ["year", "partner", "figure (US$ bn)", "cited", "measured (US$ bn)", "series", "gap", ""]
    return Section(
        "trade-figures",
        title,
        [chart(report, "trade-figures")],
        blocks=["table"],
        context={"columns": columns, "rows": rows},
        intro="Figures the knowledge base cites for the state's trade with a partner in a year, each "
        "beside the exports plus imports the measurements read for that pair and year. Both stay: "
        "a figure that differs by more than 10% from the measured series is marked, not corrected "
        "(multivector.measure.figure_checks).",
    )


def _votes(report: StateReport) -> Section:
    if report.votes.empty:
        return Section(
            "votes", "UN voting agreement", empty=f"No UN General Assembly votes of {report.state} in the vote source."
        )
    return Section(
        "votes",
        "UN voting agreement",
        [chart(report, "votes")],
        intro="Share of identical votes per year (yes/no/abstain, absences left out); the tooltip gives "
        "Cohen's κ (agreement beyond what chance would give) and the number of roll calls.",
        blocks=["table"],
        context=vote_table(report.votes, set(report.partial_vote_years)),
    )


def vote_table(
    votes: pd.DataFrame, partial: set[int], partners: tuple[str, ...] = ("RUS", "CHN", "USA"), years: int = 4
) -> dict:
    """The last ``years`` years of agreement with the main powers; a year in ``partial`` (the vote
    source holds only part of it, ``measure.grammar.partial_vote_years``) says so."""
    counts = vote_counts(votes)
    shown = sorted(counts)[-years:]
    rows = []
    for year in shown:
        cells = []
        for partner in partners:
            hit = votes[(votes.year == year) & (votes.partner == partner)]
            cells.append("–" if hit.empty else f"{hit.agreement.iloc[0]:.0%} of {int(hit.n.iloc[0])}")
        rows.append([year_label(year, partial), *cells])
    notes = [
        f"{year}: part of the year only ({counts[year]} roll calls in the data, against "
        f"{typical_count(counts, year)} in a typical year before it); read it with care."
        for year in sorted(partial & set(counts))
    ]
    columns = ["year", *(f"identical votes with {words.pole(p)} (of roll calls)" for p in partners)]
    return {"columns": columns, "rows": rows, "notes": notes}


def _routes(report: StateReport) -> Section:
    if not report.routes:
        return Section(
            "routes",
            "Export routes and their exposure",
            empty=f"No export route of {report.state} with a known volume in the knowledge base or the pipeline data.",
        )
    return Section(
        "routes",
        "Export routes and their exposure",
        [chart(report, "routes")],
        blocks=["routes"],
        context=report.routes,
    )


def outage_charts(report: StateReport) -> list[alt.LayerChart | alt.FacetChart]:
    """One chart per outage whose volumes are known."""
    return [charts.outage(result) for result in report.outages if result["outcome"] == "computed"]


def _outages(report: StateReport) -> Section:
    title = "Route outages"
    if not report.outages:
        return Section(
            "outages",
            title,
            empty=f"No export line of {report.state} in operation in the knowledge base "
            "or the pipeline data: no outage to simulate.",
        )
    intro = (
        "Per commodity: the largest route closed, then every line crossing or ending in "
        f"{report.hegemon}; what is left is re-routed over spare capacity (maximum flow). Light bars: volume "
        "before (red: closed); dark blue: after. "
        f"`multivector simulate outage {report.state} --commodity C --route R` runs any other case."
    )
    found = outage_charts(report)
    return Section(
        "outages",
        title,
        found,
        intro=intro,
        blocks=["outages"],
        context={"results": report.outages, "notes": outage_notes(report.outages)},
        empty="" if found else "No volume is known for these lines, so no loss can be computed (see each case below).",
    )


def outage_notes(results: list[dict]) -> list[str]:
    """The outcomes' notes and unknown capacities, each said once."""
    notes = []
    for r in results:
        if r["note"]:
            notes.append(f"{r['commodity']}: {r['note']}")
        for line in r["unknown_capacities"]:
            notes.append(
                f"{r['commodity']}: capacity unknown for {line['name'] or line['route']}; "
                "no spare capacity is assumed there"
            )
    return list(dict.fromkeys(notes))


def _hedging(report: StateReport) -> Section:
    title = "Strategic hedging model"
    fit = report.hedging
    if not fit or "error" in fit:
        return Section(
            "hedging",
            title,
            empty="The hedging model could not be calibrated to "
            f"{report.state}'s data: {(fit or {}).get('error', 'no panel')}",
        )
    runs = fit["monte_carlo"]
    intro = (
        "The model of docs/scenarios.md calibrated to the observed shares, then "
        f"{runs['draws']:,} Monte Carlo draws (seed {runs['seed']}) around the calibrated parameters. Points: "
        f"observed share of {fit['hegemon']}; red line: the calibrated model; band: 5-95 % of the draws; grey dashed: "
        f"the model without shocks. `multivector simulate hedging {report.state} --seed "
        f"{runs['seed']} --draws {runs['draws']}` reproduces it."
    )
    return Section("hedging", title, [chart(report, "hedging")], intro=intro, blocks=["hedging"], context=fit)


def summary_context(report: StateReport) -> dict:
    c = report.classification
    return {
        "phase": c["phases"][-1] if c["phases"] else None,
        "year": report.year,
        "prediction": _prediction(c["conditions"]),
        "practice": practice_note(report.name, c["conditions"]["now"], c["phases"]) if "now" in c["conditions"] else "",
        "leaders": leaders(report.domains, report.year, report.hegemon),
        "variants": c["variants"],
        "explanation": c["explanation"].split("\n\n"),
    }


def _prediction(conditions: dict) -> str:
    """'at adoption (1991-1996): C1 holds, C2 holds, C3 unknown → prediction unknown; now (2023): …'."""
    verdict = {True: "holds", False: "does not hold", None: "unknown"}
    outcome = {True: "multivectorism predicted", False: "multivectorism not predicted", None: "prediction unknown"}

    def one(moment: str, judged: dict) -> str:
        parts = ", ".join(f"{k} ({words.CONDITION_SHORT[k]}) {verdict[judged[k]['holds']]}" for k in CONDITIONS)
        return f"{moment_label(moment, judged)}: {parts} → {outcome[judged['predicted']['holds']]}"

    return "; ".join(one(moment, judged) for moment, judged in conditions.items())


def condition_reasons(report: StateReport) -> dict:
    """Per moment: each condition's verdict with its deciding parts in words, and the prediction's."""
    c = report.classification
    params = condition_params(c)
    return {
        moment: {
            **{k: _after_verdict(condition_reason(judged, k, params, report.hegemon)) for k in CONDITIONS},
            "predicted": _after_verdict(prediction_reason(judged)),
        }
        for moment, judged in c["conditions"].items()
    }


def _after_verdict(reason: str) -> str:
    """'does not hold: 29% of …' → '29% of …' (the page shows the verdict beside it)."""
    return reason.partition(": ")[2]


def _evidence_by_part(conditions: dict) -> dict:
    """The conditions with each one's evidence in turn by part, so the page's short list shows every part."""
    return {
        moment: {**judged, **{k: {**judged[k], "evidence": by_part(judged[k]["evidence"])} for k in CONDITIONS}}
        for moment, judged in conditions.items()
    }


def moment_label(moment: str, judged: dict) -> str:
    """'at adoption (1991-1996)' or 'now (2023)': a moment of the conditions and what it was judged on."""
    if moment == "at_adoption":
        return f"at adoption ({judged['window'][0]}-{judged['window'][1]})"
    return f"now ({judged['year']})"


def leaders(domains: pd.DataFrame, year: int, hegemon: str) -> list[dict]:
    """The leading pole of each domain in ``year`` with its share, and the hegemon's share."""
    rows = domains[(domains.year == year) & domains.share.notna()]
    out: list[dict[str, str | float | None]] = []
    for domain in charts.DOMAIN_ORDER:
        mine = rows[rows.domain == domain]
        if mine.empty:
            out.append({"domain": domain, "leader": "no data", "share": None, "hegemon": None})
            continue
        top = mine.sort_values(["share", "pole"], ascending=[False, True]).iloc[0]
        h = mine.loc[mine.pole == hegemon, "share"]
        out.append(
            {
                "domain": domain,
                "leader": top.pole,
                "share": float(top.share),
                "hegemon": float(h.iloc[0]) if not h.empty else 0.0,
            }
        )
    return out
