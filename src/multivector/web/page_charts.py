"""The explorer's charts: the report's drawings fed with the api's answers, as Vega-Lite specs.

Each chart is ``{"id", "spec", "caption"}``: ``id`` the element it is drawn in, ``caption`` the
line under it naming what it shows, the unit, the year and the sources. Nothing is computed
here: the values are the answers' own, reshaped for the drawing.
"""

from __future__ import annotations

import pandas as pd

from multivector.report import charts
from multivector.report.page import spec_of
from multivector.report.words import sources_named


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
