"""The explorer's pages: Jinja2 (autoescape) around Vega-Lite specs, and their assets.

Every page extends ``templates/base.html.j2``, which takes ``title``, ``active`` (the nav link
of the page), ``nav``, ``version`` and ``charts`` (``[{"id", "spec"}]``, drawn by
``static/explorer.js`` with Vega served from ``/assets/vega.js``). The numbers come from
``answers`` (the api's verbs); the charts are the report's (``multivector.report.charts``).
A page asked for something the store cannot answer shows the one-line error with its 4xx.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from multivector import __version__
from multivector.errors import BadOption, MultivectorError
from multivector.report.page import vega_bundle
from multivector.web import page_charts
from multivector.web.answers import MAX_DRAWS, Answers
from multivector.web.failures import status_of
from multivector.web.mappings import MAX_BYTES, Mappings, shipped_text

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

#: The navigation, in order: (path, label).
NAV: list[tuple[str, str]] = [
    ("/state", "State"),
    ("/compare", "Compare"),
    ("/atlas", "Atlas"),
    ("/scenarios", "Scenarios"),
    ("/mappings", "Pole mappings"),
]

#: The former Soviet republics, listed first in the state pickers.
FORMER_SOVIET = ("KAZ", "UZB", "TKM", "KGZ", "TJK", "AZE", "ARM", "GEO", "UKR", "BLR", "MDA", "EST", "LVA", "LTU")

#: The report's charts the state page shows, in order.
STATE_CHARTS = ("phases", "domain-shares", "pole-shares", "structure", "variants")

DEFAULT_STATE, DEFAULT_YEAR = "KAZ", 2014


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: "–" if v is None else f"{100 * v:.1f}%"
    env.filters["num"] = lambda v: "–" if v is None else f"{v:.3f}"
    return env


_ENV = environment()


def render(
    template: str, *, title: str, active: str, charts: list[dict] | None = None, status: int = 200, **context
) -> HTMLResponse:
    """A page of ``template`` with the shared context."""
    html = _ENV.get_template(template).render(
        title=title, active=active, nav=NAV, version=__version__, charts=charts or [], **context
    )
    return HTMLResponse(html, status_code=status)


def answered(request: Request, title: str, active: str, page: Callable[[Answers], HTMLResponse]) -> HTMLResponse:
    """``page``, or the error page with the one line and its 4xx when the input is bad."""
    try:
        return page(request.app.state.answers)
    except MultivectorError as error:
        return render("error.html.j2", title=title, active=active, error=error.one_line(), status=status_of(error))


def state_choices(found: Answers) -> list[dict]:
    """The states for a picker: the former Soviet republics first, then the others by name."""
    rows = [r for r in found.states()["states"] if r["kind"] == "state"]
    first = [r for code in FORMER_SOVIET for r in rows if r["state"] == code]
    return first + sorted((r for r in rows if r["state"] not in FORMER_SOVIET), key=lambda r: r["name"] or "")


def install(app: FastAPI) -> None:
    """Add the pages and assets to ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/assets/vega.js", include_in_schema=False)
    def vega(request: Request) -> Response:
        bundle = vega_bundle(request.app.state.cache)
        return Response(bundle, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        return render("home.html.j2", title="Explorer", active="/")

    @app.get("/state", include_in_schema=False, response_class=HTMLResponse)
    def state(
        request: Request, state: str = DEFAULT_STATE, year: int = DEFAULT_YEAR, mapping: str | None = None
    ) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            poles = _mappings(request).poles_file(mapping)
            profile = found.profile(state, year, poles)
            entity = profile["state"]
            classified = found.classify(entity, year)
            report = found.charts(entity, STATE_CHARTS)
            charts = [page_charts.domain_profile(profile)] + page_charts.report_charts(report)
            return render(
                "state.html.j2",
                title=f"{report['name']}, {year}",
                active="/state",
                charts=charts,
                states=state_choices(found),
                state=entity,
                year=year,
                mapping=mapping,
                profile=profile,
                classified=classified,
                report=report,
                sources=page_charts.series_sources(profile, found.sources()),
            )

        return answered(request, "State", "/state", page)

    @app.get("/compare", include_in_schema=False, response_class=HTMLResponse)
    def compare(request: Request, states: str = "KAZ,UZB,KGZ", year: int = DEFAULT_YEAR) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            chosen = [s.strip() for s in states.split(",") if s.strip()]
            if not 2 <= len(chosen) <= 5:
                raise BadOption(f"{len(chosen)} states given; compare takes two to five", "e.g. states=KAZ,UZB,KGZ")
            profiles = [found.profile(s, year, None) for s in chosen]
            charts = [page_charts.domain_profile(p, f"chart-{i}") for i, p in enumerate(profiles)]
            phases = {p["state"]: page_charts.phase_in(found.classify(p["state"], year), year) for p in profiles}
            return render(
                "compare.html.j2",
                title=f"Compare, {year}",
                active="/compare",
                charts=charts,
                states=state_choices(found),
                chosen=[p["state"] for p in profiles],
                year=year,
                profiles=profiles,
                phases=phases,
                names={r["state"]: r["name"] for r in found.states()["states"]},
            )

        return answered(request, "Compare", "/compare", page)

    @app.get("/atlas", include_in_schema=False, response_class=HTMLResponse)
    def atlas(request: Request, year: int = DEFAULT_YEAR, mapping: str | None = None) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            first, last = found.states()["years"]
            if not first <= year <= last:
                raise BadOption(f"year {year} is outside the store's years {first}-{last}", f"give {first}-{last}")
            rows = found.atlas(year, _mappings(request).poles_file(mapping))
            measured = [r for r in rows if r.get("dependence_security") is not None or r.get("differentiation")]
            return render(
                "atlas.html.j2",
                title=f"Atlas, {year}",
                active="/atlas",
                charts=[page_charts.atlas_map(rows, year)],
                year=year,
                mapping=mapping,
                rows=sorted(measured, key=lambda r: r["name"] or r["state"]),
            )

        return answered(request, "Atlas", "/atlas", page)

    @app.get("/scenarios", include_in_schema=False, response_class=HTMLResponse)
    def scenarios(
        request: Request,
        state: str = DEFAULT_STATE,
        commodity: str = "crude_oil",
        route: str | None = None,
        transit: str | None = None,
        shock: str | None = None,
        draws: int = 500,
        seed: int = 0,
    ) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            entity = found.resolve(state)
            lines = found.lines(entity, commodity)
            outage = (
                found.outage(entity, commodity, route or None, transit or None, None) if (route or transit) else None
            )
            if not 1 <= draws <= MAX_DRAWS:
                raise BadOption(f"draws={draws} is outside 1-{MAX_DRAWS:,}", f"give at most {MAX_DRAWS:,}")
            hedging = found.hedging(entity, shock or None, draws, seed) if shock is not None else None
            charts = []
            if outage is not None:
                charts.append(page_charts.outage(outage))
            if hedging is not None:
                charts.append(page_charts.hedging(hedging))
            return render(
                "scenarios.html.j2",
                title="Scenarios",
                active="/scenarios",
                charts=charts,
                states=state_choices(found),
                state=entity,
                commodity=commodity,
                lines=lines,
                route=route,
                transit=transit,
                outage=outage,
                shock=shock,
                draws=draws,
                seed=seed,
                hedging=hedging,
            )

        return answered(request, "Scenarios", "/scenarios", page)

    @app.get("/mappings", include_in_schema=False, response_class=HTMLResponse)
    def mappings_page(request: Request) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            return render(
                "mappings.html.j2",
                title="Pole mappings",
                active="/mappings",
                shipped=shipped_text(found),
                kept=_mappings(request).listed(),
                max_bytes=MAX_BYTES,
            )

        return answered(request, "Pole mappings", "/mappings", page)


def _mappings(request: Request) -> Mappings:
    return request.app.state.mappings
