"""The explorer's charts: the report's drawings fed with the api's answers, as Vega-Lite specs.

Each chart is ``{"id", "spec", "caption"}``: ``id`` the element it is drawn in, ``caption`` the
line under it naming what it shows, the unit, the year and the sources. Nothing is computed
here: the values are the answers' own, reshaped for the drawing.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from multivector.report import charts
from multivector.report.map_chart import dependence_map
from multivector.report.page import spec_of
from multivector.report.words import sources_named

#: The map's colour: one domain's dependence on the hegemon (the atlas page's choice).
MAP_DOMAINS = ("security", "economic", "diplomatic")


def domain_profile(profile: dict, chart_id: str = "chart-profile") -> dict:
    """The state's pole shares per domain in the profile's year (stacked bars)."""
    year = profile["year"]
    rows = [
        {"year": year, "domain": domain, "pole": pole, "share": share}
        for domain, entry in profile["domains"].items()
        for pole, share in (entry.get("pole_shares") or {}).items()
        if share is not None
    ]
    frame = pd.DataFrame(rows, columns=["year", "domain", "pole", "share"])
    used = sorted({c["series"].split(":")[0] for e in profile["domains"].values() for c in e.get("channels_used", [])})
    caption = (
        f"How {profile['state']}'s ties in each domain split between the powers in {year}, in per cent of the "
        f"domain. Sources: {sources_named(used) if used else 'none'}."
    )
    return {"id": chart_id, "spec": spec_of(charts.domain_profile(frame, year)), "caption": caption}


def report_charts(report: dict) -> list[dict]:
    """The report's charts of the state that have something to draw."""
    return [
        {"id": f"chart-{c['kind']}", "spec": c["spec"], "caption": c["caption"], "what": c["what"]}
        for c in report["charts"]
        if c["spec"] is not None
    ]


def phase_in(classified: dict, year: int) -> str | None:
    """The phase ``classify`` finds in ``year`` (None outside every phase)."""
    for phase in classified["phases"]:
        if phase["from"] <= year <= phase["to"]:
            return phase["phase"]
    return None


def series_sources(profile: dict, sources: list[dict]) -> list[dict]:
    """Every series behind the profile's numbers: channel, series, years, source id and citation."""
    titles = {s["id"]: s.get("title") or s["id"] for s in sources}
    out = []
    for domain, entry in profile["domains"].items():
        for used in entry.get("channels_used", []):
            source = used["series"].split(":")[0].strip()
            out.append(
                {
                    "domain": domain,
                    "channel": used["channel"],
                    "series": used["series"],
                    "years": f"{used['from']}-{used['to']}" if used["from"] != used["to"] else str(used["from"]),
                    "source": source,
                    "title": titles.get(source, source),
                    "citation": used.get("citation") or "",
                }
            )
    return out


def atlas_map(rows: list[dict], year: int, domain: str = "security") -> dict:
    """The former Soviet republics coloured by one domain's dependence on the hegemon; a click
    on a state opens its state page for the year."""
    values = pd.DataFrame(
        [{"id": r["iso3"] or r["state"], "share": r.get(f"dependence_{domain}")} for r in rows],
        columns=["id", "share"],
    ).drop_duplicates("id")
    chart = dependence_map(values, title=f"Dependence on Russia, {domain} domain, {year}")
    spec = spec_of(chart)
    _link_states(spec, year)
    sources = sorted({s.split(":")[0] for r in rows for s in (r.get(f"series_{domain}") or "").split("; ") if s})
    caption = (
        f"Russia's share of each former Soviet republic's {domain} ties in {year}, in per cent; grey: no data "
        f"or outside the former Soviet space (the world map comes with the atlas). Sources: "
        f"{sources_named(sources) if sources else 'none'}; shapes: Natural Earth (1:50m)."
    )
    return {"id": "chart-map", "spec": spec, "caption": caption}


def _link_states(spec: dict[str, Any], year: int) -> None:
    """Each shape's link to its state page (Vega-Lite's ``href`` channel)."""
    for layer in spec.get("layer", [spec]):
        mark = layer.get("mark")
        if (mark if isinstance(mark, str) else (mark or {}).get("type")) != "geoshape":
            continue
        layer.setdefault("transform", []).append(
            {"calculate": f"'/state?year={year}&state=' + datum.properties.id", "as": "href"}
        )
        layer.setdefault("encoding", {})["href"] = {"field": "href", "type": "nominal"}


def outage(result: dict) -> dict:
    """Volumes before and after the closure, per route."""
    return {
        "id": "chart-outage",
        "spec": spec_of(charts.outage(result)),
        "caption": f"{charts.outage_title(result)}. Volumes as the route facts give them; sources in the table.",
    }


def hedging(summary: dict) -> dict:
    """The hegemon's observed share per domain beside the model's fit and its draws' band."""
    chart = charts.hedging_fit(summary["paths"], summary["hegemon"], [2014, 2022])
    return {
        "id": "chart-hedging",
        "spec": spec_of(chart),
        "caption": (
            f"{summary['hegemon']}'s observed share of {summary['state']}'s domains per year (points), the hedging "
            "model's path (line) and the middle 90% of its draws (band), in per cent; the model's own calculation "
            "from the observed shares."
        ),
    }
