"""The atlas page, ``/atlas?year=2014[&domain=security][&mapping=ID]``: every state in a year.

The map is the report's (``report.map_chart.dependence_map``, the vendored Natural Earth
shapes): the former Soviet republics coloured by one domain's dependence on the hegemon, each
shape a link to its state page (Vega-Lite's ``href`` channel: no script of ours, works offline).
The world map of hedging types under any preset is the command's page (``multivector atlas``).
Below it, every state of ``atlas`` in a sortable table, each row a link to its state page.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from multivector.errors import BadOption
from multivector.report.map_chart import dependence_map
from multivector.report.page import spec_of
from multivector.report.words import sources_named
from multivector.web.answers import Answers
from multivector.web.pages import DEFAULT_YEAR, answered, poles_of, render, year_of

#: The domains the map can be coloured by (one at a time).
MAP_DOMAINS = ("security", "economic", "diplomatic")

#: How the report's map names its measure; the atlas colours one domain, and says so.
REPORT_MEASURE = "the state's mean domain vector"

DEPENDENCE = tuple(f"dependence_{domain}" for domain in MAP_DOMAINS)


def atlas_map(rows: list[dict], year: int, domain: str) -> dict:
    """The former Soviet republics coloured by ``domain``'s dependence on the hegemon; a click on
    a state opens its state page for the year. ``{"id", "spec", "caption"}``."""
    values = pd.DataFrame(
        [{"id": r["iso3"] or r["state"], "share": r.get(f"dependence_{domain}")} for r in rows],
        columns=["id", "share"],
    ).drop_duplicates("id")
    spec = spec_of(dependence_map(values, title=f"Dependence on Russia, {domain} domain, {year}"))
    spec = _renamed(spec, REPORT_MEASURE, f"the state's {domain} ties")
    _link_states(spec, year)
    sources = sorted({s.split(":")[0] for r in rows for s in (r.get(f"series_{domain}") or "").split("; ") if s})
    caption = (
        f"Russia's share of each former Soviet republic's {domain} ties in {year}, in per cent; white with a "
        "dashed outline: no data that year (not zero); light grey: states outside the former Soviet space (the "
        "world map of hedging types: multivector atlas). "
        f"Sources: {sources_named(sources) if sources else 'none'}; shapes: Natural Earth (1:50m)."
    )
    return {"id": "chart-map", "spec": spec, "caption": caption}


def _renamed(node: Any, old: str, new: str) -> Any:
    """``node`` (a spec) with ``old`` replaced by ``new`` in its texts (titles, legend, description)."""
    if isinstance(node, str):
        return node.replace(old, new)
    if isinstance(node, list):
        return [_renamed(item, old, new) for item in node]
    if isinstance(node, dict):
        return {key: node[key] if key == "datasets" else _renamed(node[key], old, new) for key in node}
    return node


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


def install(app: FastAPI) -> None:
    """Add ``/atlas`` to ``app``."""

    @app.get("/atlas", include_in_schema=False, response_class=HTMLResponse)
    def atlas(
        request: Request, year: str = str(DEFAULT_YEAR), domain: str = "security", mapping: str | None = None
    ) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            when = year_of(year)
            first, last = found.states()["years"]
            if not first <= when <= last:
                raise BadOption(f"year {when} is outside the store's years {first}-{last}", f"give {first}-{last}")
            if domain not in MAP_DOMAINS:
                raise BadOption(f"no domain {domain!r} to colour the map by", f"choose {', '.join(MAP_DOMAINS)}")
            rows = found.atlas(when, poles_of(request, mapping))
            measured = [r for r in rows if any(r.get(k) is not None for k in (*DEPENDENCE, "differentiation"))]
            return render(
                "atlas.html.j2",
                title=f"Atlas, {when}",
                active="/atlas",
                charts=[atlas_map(rows, when, domain)],
                year=when,
                years=(first, last),
                domain=domain,
                domains=MAP_DOMAINS,
                mapping=mapping,
                rows=sorted(measured, key=lambda r: r["name"] or r["state"]),
            )

        return answered(request, "Atlas", "/atlas", page)
