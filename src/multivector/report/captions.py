"""A caption for every chart on the pages: what it shows, in what unit, from which source.

The same words serve as the chart's ``<figcaption>`` and as its container's ``aria-label``
(read aloud in place of the drawing). Sources are named by their short titles
(``words.source_name``), read from the report data the chart draws.
"""

from __future__ import annotations

from collections.abc import Sequence

from multivector.report.data import VOTE_SOURCE, StateReport
from multivector.report.words import pole, sources_named, unit

MAP_SOURCE = "Shapes: Natural Earth (1:50m)."


def state_captions(report: StateReport, section: str, charts: int) -> list[str]:
    """One caption per chart of the state page's ``section``."""
    if section == "outages":
        return [_outage(report, r) for r in report.outages if r["outcome"] == "computed"][:charts]
    text = _STATE.get(section)
    return [text(report)] * charts if text else []


def region_captions(reports: Sequence[StateReport], section: str) -> list[str]:
    """The caption of the region page's chart in ``section``."""
    text = _REGION.get(section)
    return [text(list(reports))] if text else []


def _sources(report: StateReport, domain: str | None = None) -> str:
    rows = report.channels if domain is None else report.channels[report.channels.domain == domain]
    return f"Sources: {sources_named(rows.source_id.unique())}."


def _hegemon(report: StateReport) -> str:
    return pole(report.hegemon)


def _votes(report: StateReport) -> str:
    partial = sorted(report.partial_vote_years)
    note = f" {', '.join(map(str, partial))}: part of the year only." if partial else ""
    return (
        f"Share of identical votes of {report.name} and each power in the UN General Assembly, per year, in per "
        f"cent of the roll calls both voted in.{note} Source: {sources_named([VOTE_SOURCE])}."
    )


def _routes(report: StateReport) -> str:
    ids = [e["source_id"] for e in (report.routes or {}).get("estimates", [])]
    return (
        f"{report.name}'s export routes per commodity, each as a per-cent share of the export volume; "
        f"routes crossing {_hegemon(report)} marked. Source: {sources_named(ids)}."
    )


def _outage(report: StateReport, result: dict) -> str:
    return (
        f"{result['commodity'].capitalize()}: export volume per line before and after the closure, in "
        f"{_unit(result.get('unit'))}. Source: {sources_named([result['source_id']])}."
    )


def _unit(code: str | None) -> str:
    return unit(code) or "the source's unit"


_STATE = {
    "summary": lambda r: (
        f"The phases of {r.name}'s multi-vector policy along the years (declaratory, substantive or no "
        f"hedging), read from {_hegemon(r)}'s share of each domain. {_sources(r)}"
    ),
    "phases": lambda r: (
        f"{_hegemon(r)}'s share of {r.name}'s ties in each domain (security, the economy, diplomacy) per year, "
        f"in per cent; lines mark the shocks. {_sources(r)}"
    ),
    "pole-shares": lambda r: (
        f"How each channel of {r.name}'s ties splits between the powers per year, in per cent of the channel "
        f"(trade in US dollars, arms in SIPRI trend-indicator values, votes as agreement). {_sources(r)}"
    ),
    "domain-profile": lambda r: (
        f"How {r.name}'s ties in each domain split between the powers in {r.year}, in per cent. {_sources(r)}"
    ),
    "structure": lambda r: (
        f"Differentiation between {r.name}'s domains and balance between the powers per year, each on a scale "
        f"from 0 to 1. {_sources(r)}"
    ),
    "map": lambda r: (
        f"{_hegemon(r)}'s share of each former Soviet republic's ties, averaged over its domains, in {r.year}, "
        f"in per cent; white with a dashed outline: no data; {_hegemon(r)} itself dark; other states light grey, "
        f"not measured. {MAP_SOURCE}"
    ),
    "votes": _votes,
    "routes": _routes,
    "hedging": lambda r: (
        f"{_hegemon(r)}'s observed share of each domain per year (points) beside the hedging model's fit "
        "(line) and the middle 90% of its draws (band), in per cent; the model's own calculation from the "
        "observed shares."
    ),
    "trade-figures": lambda r: (
        f"Trade figures for {r.name} cited in the knowledge base beside the exports plus imports the data "
        "give for the same partner and year, in US$ billion. Sources: the cited documents and the trade series."
    ),
    "conditions": lambda r: (
        "The four variants' scores, from 0 (no sign of it) to 1 (fully shown); the evidence is in the table."
    ),
    "coverage": lambda r: f"Years with data for {r.name} per channel and source. {_sources(r)}",
    "sources": lambda r: "How many figures on this page rest on each source (a count of figures).",
}

_REGION = {
    "summary": lambda rs: (
        "The phases of each state's multi-vector policy along the years (declaratory, substantive or no "
        "hedging), read from the hegemon's share of each domain."
    ),
    "domain-shares": lambda rs: (
        f"{pole(rs[0].hegemon)}'s share of each state's ties per domain and year, in per cent; purple dotted "
        "lines mark a change of data series."
    ),
    "domain-profile": lambda rs: (
        "How each state's ties in each domain split between the powers in its last year, in per cent."
    ),
    "structure": lambda rs: "Differentiation between each state's domains per year, on a scale from 0 to 1.",
    "map": lambda rs: (
        f"{pole(rs[0].hegemon)}'s share of each former Soviet republic's ties, averaged over its domains, in per "
        f"cent; white with a dashed outline: no data; {pole(rs[0].hegemon)} itself dark; other states light grey, "
        f"not measured. {MAP_SOURCE}"
    ),
    "votes": lambda rs: (
        "Share of identical votes with each power in the UN General Assembly per state and year, in per cent "
        f"of the roll calls both voted in; the last year may be part of a year only. Source: "
        f"{sources_named([VOTE_SOURCE])}."
    ),
    "scenarios": lambda rs: (
        "Per state and shock: the share of the hedging model's draws in which the shock turns declaratory "
        "hedging substantive, in per cent."
    ),
    "conditions": lambda rs: "Each state's four variant scores, from 0 (no sign of it) to 1 (fully shown).",
    "sources": lambda rs: "How many figures on this page rest on each source (a count of figures).",
}
