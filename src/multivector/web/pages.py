"""The explorer's pages: Jinja2 (autoescape) around Vega-Lite specs, and their assets.

Every page extends ``templates/base.html.j2``, which takes ``title``, ``active`` (the nav link
of the page), ``nav``, ``version`` and ``charts`` (``[{"id", "spec"}]``, drawn by
``static/explorer.js`` with Vega served from ``/assets/vega.js``). The numbers come from
``answers`` (the api's verbs); the charts are the report's (``multivector.report.charts``).
A page asked for something the store cannot answer shows the one-line error with its 4xx.
Each page lives in its own module (``page_state``, ``page_compare``, ``page_atlas``,
``page_scenarios``, ``page_mappings``); ``install`` adds them and the assets.
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
from multivector.web.answers import Answers
from multivector.web.failures import status_of
from multivector.web.mappings import Mappings

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


def year_of(text: str) -> int:
    """The year a page's form gives (a 400 page, not a JSON 422, when it is not a whole number)."""
    try:
        return int(text.strip())
    except ValueError:
        raise BadOption(f"year {text[:40]!r} is not a year", "give a year as digits, e.g. year=2014") from None


def poles_of(request: Request, mapping: str | None) -> Path | None:
    """The poles file of an uploaded mapping (None: the shipped poles; unknown: ``unknown-mapping``)."""
    return _mappings(request).poles_file(mapping)


def install(app: FastAPI) -> None:
    """Add the pages and assets to ``app``."""
    from multivector.web import (  # they import render & co.
        page_atlas,
        page_compare,
        page_mappings,
        page_scenarios,
        page_state,
    )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # no icon; a 404 here is a console error in every browser

    @app.get("/assets/vega.js", include_in_schema=False)
    def vega(request: Request) -> Response:
        bundle = vega_bundle(request.app.state.cache)
        return Response(bundle, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        return render("home.html.j2", title="Explorer", active="/")

    for module in (page_state, page_compare, page_atlas, page_scenarios, page_mappings):
        module.install(app)


def _mappings(request: Request) -> Mappings:
    return request.app.state.mappings
