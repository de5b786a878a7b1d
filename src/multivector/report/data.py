"""What a country report shows, computed once: the charts and the page only read this.

``collect`` runs the theory engine for the state (phases, conditions, variants, with
evidence) and the few measurements the report adds: each channel's history on one series,
the domains' differentiation and balance per year, UN vote agreement with the main powers,
export routes, and the hegemon's share of every neighbour's overall vector for the map.
The scenarios (route outages, the hedging model's fit) come from ``report.scenarios``.
Every number keeps the source it came from; ``citations`` lists them in full.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from multivector.defaults import MAIN_POWERS, POST_SOVIET
from multivector.errors import MultivectorError, UnknownSource
from multivector.measure import views
from multivector.measure.figure_checks import trade_figures
from multivector.measure.grammar import partial_vote_years
from multivector.measure.measurements import Measurements
from multivector.measure.panel import panel_frames
from multivector.measure.series import source_of_label
from multivector.report.scenarios import cited_ids, hedging_fit, outage_scenarios
from multivector.sources import get_source
from multivector.theory.classify import classify_inputs, load_inputs
from multivector.theory.panel import Panel, longest_series
from multivector.theory.params import TheoryParams
from multivector.theory.robustness import with_shock_robustness

# Partners of the UN-vote heat map: the poles' leading states, then the region.
VOTE_PARTNERS = (*MAIN_POWERS, "GBR", "FRA", "DEU", "TUR", "IRN", "IND", "KAZ", "UZB", "TKM", "KGZ", "TJK")
VOTE_SOURCE = "unga_votes_fpsim"

Step = Callable[[str], None]


@dataclass(frozen=True)
class StateReport:
    """One state's report data. Frames are tidy; ``classification`` is ``classify``'s JSON."""

    state: str
    name: str
    year: int
    hegemon: str
    classification: dict
    channels: pd.DataFrame  # year, channel, domain, series, source_id, pole, share
    domains: pd.DataFrame  # year, domain, pole, share
    structure: pd.DataFrame  # year, measure (differentiation | balance), domain, value
    votes: pd.DataFrame  # year, partner, agreement, kappa, n
    routes: dict | None  # views.routes, or None when no route has a known volume
    neighbours: pd.DataFrame  # id, share, label (the hegemon's share of each state's mean vector)
    coverage: dict
    outages: list[dict] = field(default_factory=list)  # scenarios.routes.outage results
    trade_figures: pd.DataFrame = field(default_factory=pd.DataFrame)  # measure.figure_checks
    hedging: dict | None = None  # the hedging run's summary, or {"error": why}
    citations: dict[str, str] = field(default_factory=dict)  # source or document id -> citation
    partial_vote_years: tuple[int, ...] = ()  # years the vote source holds only in part (measure.grammar)

    @property
    def shock_years(self) -> list[int]:
        """The default shocks' years (2014, 2022)."""
        return sorted({int(s["year"]) for s in self.classification["shocks"] if s.get("kind") != "detected"})

    @property
    def detected_shock_years(self) -> list[int]:
        """Years of the shocks found as breaks in the data."""
        return sorted({int(s["year"]) for s in self.classification["shocks"] if s.get("kind") == "detected"})

    @property
    def series_changes(self) -> list[dict]:
        """Years where a domain's series change: year, domain, what changed (classify's timeline)."""
        return [
            {"year": int(r["year"]), "domain": r["domain"], "change": r["change"]}
            for r in self.classification.get("timeline", [])
            if r["series_break"]
        ]

    @property
    def breaks_by_channel(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for b in self.classification["breaks"]:
            out.setdefault(b["channel"], []).append(int(b["year"]))
        return out


def collect(
    m: Measurements,
    state: str,
    name: str,
    coverage: dict,
    year: int | None = None,
    params: TheoryParams | None = None,
    on_step: Step | None = None,
) -> StateReport:
    """Compute everything the report of ``state`` shows (``year``: default the last with data)."""
    params = params or TheoryParams()
    step = on_step or (lambda _: None)
    step("classifying")
    inputs = load_inputs(m, state, year)
    classification = with_shock_robustness(classify_inputs(inputs, params), inputs.panel, params)
    year = classification["year"]
    panel = inputs.panel
    channels = one_series_per_channel(panel.channels)
    step("differentiation and balance")
    structure = structure_over_time(panel)
    step("UN votes")
    votes = vote_agreement(m, state)
    step("routes")
    routes = _routes(m, state)
    step("neighbours")
    neighbours = hegemon_share_of_neighbours(m, year, params.hegemon)
    step("route outages")
    outages = outage_scenarios(m, state, params.hegemon)
    step("hedging model")
    hedging = hedging_fit(panel)
    step("trade figures")
    figures = trade_figures(m, state)
    report = StateReport(
        state=state,
        name=name,
        year=year,
        hegemon=params.hegemon,
        classification=classification,
        channels=channels,
        domains=panel.domains[["year", "domain", "pole", "share"]],
        structure=structure,
        votes=votes,
        routes=routes,
        neighbours=neighbours,
        coverage=coverage,
        outages=outages,
        hedging=hedging,
        trade_figures=figures,
        partial_vote_years=tuple(partial_vote_years(m, VOTE_SOURCE)),
    )
    return _with_citations(report, m)


def within_years(report: StateReport, years: tuple[int, int]) -> StateReport:
    """The report with its time lines cut to ``years`` (first, last), for a chart of a period."""
    first, last = years
    inside = lambda frame: frame[frame.year.between(first, last)]  # noqa: E731
    timeline = [r for r in report.classification.get("timeline", []) if first <= r["year"] <= last]
    return dataclasses.replace(
        report,
        channels=inside(report.channels),
        domains=inside(report.domains),
        structure=inside(report.structure),
        classification={
            **report.classification,
            "timeline": timeline,
            "shocks": [s for s in report.classification["shocks"] if first <= int(s["year"]) <= last],
            "breaks": [b for b in report.classification["breaks"] if first <= int(b["year"]) <= last],
        },
    )


def one_series_per_channel(channels: pd.DataFrame) -> pd.DataFrame:
    """Each channel's history on its longest series (a change of source is not a change of share)."""
    parts = []
    for channel, rows in channels.groupby("channel", sort=True):
        series = longest_series(rows, str(channel))
        parts.append(rows[rows.series == series])
    columns = ["year", "channel", "domain", "series", "source_id", "pole", "share"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def structure_over_time(panel: Panel) -> pd.DataFrame:
    """Differentiation D across domains and balance B per domain and overall, per year.

    Read from the panel: D = mean pairwise Jensen–Shannon divergence of the domain vectors
    (base 2); B = −Σ a(p) ln a(p) / ln K over the vector (K poles), per domain and of the
    domains' mean vector ('overall'). Both need whole vectors: a year or domain resting on a
    partial partner list (an UNLISTED rest) has no value, never one from rescaled shares.
    """
    columns = ["year", "measure", "domain", "value"]
    structure, balances = panel.structure, panel.domain_balance
    frames = [
        pd.DataFrame(
            {
                "year": structure.year,
                "measure": "differentiation",
                "domain": "across domains",
                "value": structure.differentiation,
            }
        ),
        pd.DataFrame(
            {"year": balances.year, "measure": "balance", "domain": balances.domain, "value": balances.balance}
        ),
        pd.DataFrame({"year": structure.year, "measure": "balance", "domain": "overall", "value": structure.balance}),
    ]
    out = pd.concat([f.dropna(subset=["value"]) for f in frames if not f.empty], ignore_index=True)
    if out.empty:
        return pd.DataFrame(columns=columns)
    out["year"] = out.year.astype(int)
    return out.sort_values(["measure", "domain", "year"], ignore_index=True)[columns]


def vote_agreement(m: Measurements, state: str) -> pd.DataFrame:
    """Share of identical UN General Assembly votes (and Cohen's κ) with each partner, per year."""
    mine = Measurements(m.tables, m.params, m.poles, [state], None)
    table = mine.vote_agreement(VOTE_SOURCE)
    rows = table.filter(table.partner.isin([p for p in VOTE_PARTNERS if p != state]))
    out = rows.select("year", "partner", "agreement", "kappa", "n").execute()
    out["year"] = out.year.astype(int)
    return out.sort_values(["partner", "year"], ignore_index=True)


def _routes(m: Measurements, state: str) -> dict | None:
    try:
        return views.routes(Measurements(m.tables, m.params, m.poles, [state], None), state)
    except MultivectorError:
        return None


def hegemon_share_of_neighbours(m: Measurements, year: int, hegemon: str) -> pd.DataFrame:
    """ā(hegemon): the hegemon's share of each former Soviet republic's mean domain vector in ``year``
    (the states the map colours: ``defaults.POST_SOVIET`` but the hegemon).

    Read from the panel's state-years (``hegemon_mean_share``): the mean of the domain vectors
    present, which needs the hegemon's share only, so a domain resting on a partial partner list
    counts with the hegemon's listed share (never rescaled). A state with no vector that year
    has no row (no data, never 0).
    """
    states = [state for state in POST_SOVIET if state != hegemon]
    frame = panel_frames(m, states, (year, year))["state_years"]
    frame = frame.rename(columns={"hegemon_mean_share": "share"})[["reporter", "domains", "share"]]
    frame["label"] = [
        f"{hegemon}'s share of {r}'s mean domain vector {year}: {s:.1%} ({d} domains)"
        for r, s, d in zip(frame.reporter, frame.share, frame.domains)
    ]
    return frame.rename(columns={"reporter": "id"})[["id", "share", "label"]].sort_values("id", ignore_index=True)


def _with_citations(report: StateReport, m: Measurements) -> StateReport:
    """Every source and document the report's numbers rest on, with its full citation."""
    ids = set(report.channels.source_id) | {VOTE_SOURCE}
    found: dict[str, str] = {}
    for item in _evidence_items(report.classification):
        ids.update(item["sources"])
        if item.get("citation") and len(item["sources"]) == 1:
            found.setdefault(item["sources"][0], item["citation"])
    if report.routes:
        ids |= {e["source_id"] for e in report.routes["estimates"]}
    ids |= cited_ids(report.outages)
    if not report.trade_figures.empty:
        ids |= set(report.trade_figures.cites) | {source_of_label(s) for s in report.trade_figures.series.dropna()}
    documents = _document_citations(m)
    citations = {}
    for source_id in sorted(ids):
        try:
            citations[source_id] = get_source(source_id).citation
        except UnknownSource:
            citation = documents.get(source_id) or found.get(source_id)
            if citation:
                citations[source_id] = citation
    return StateReport(**{**report.__dict__, "citations": citations})


def figures_per_source(report: StateReport) -> pd.DataFrame:
    """Per source: the channel-years drawn from it and the evidence items citing it."""
    years = report.channels[["year", "channel", "source_id"]].drop_duplicates()
    series = years.groupby("source_id").size().rename("figures").reset_index()
    series = series.assign(kind="channel-years charted").rename(columns={"source_id": "source"})
    cited = pd.Series(
        [part for item in _evidence_items(report.classification) for part in item["sources"]],
        dtype="string",
    )
    evidence = cited.value_counts().rename("figures").rename_axis("source").reset_index().assign(kind="evidence items")
    out = pd.concat([series, evidence], ignore_index=True)[["source", "kind", "figures"]]
    return out.sort_values(["source", "kind"], ignore_index=True)


def _evidence_items(node) -> list[dict]:
    """Every evidence record anywhere in the classification JSON."""
    if isinstance(node, dict):
        items = [node] if "claim" in node and "sources" in node else []
        return items + [i for value in node.values() for i in _evidence_items(value)]
    if isinstance(node, list):
        return [i for value in node for i in _evidence_items(value)]
    return []


def _document_citations(m: Measurements) -> dict[str, str]:
    docs = m.tables["documents"].select("document_id", "title", "author", "publisher", "published", "url").execute()
    return {row.document_id: document_citation(row._asdict()) for row in docs.itertuples(index=False)}


def document_citation(doc: dict) -> str:
    """Author. Published. Title. Publisher. URL — the parts the knowledge base records."""
    parts = [doc.get("author"), _text(doc.get("published")), doc.get("title"), doc.get("publisher"), doc.get("url")]
    return ". ".join(str(p).rstrip(".") for p in parts if p is not None and not pd.isna(p) and str(p)) + "."


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)[:10]
