"""The explorer's pages: Jinja2 (autoescape) around Vega-Lite specs, and their assets.

Every page extends ``templates/base.html.j2``, which takes ``title``, ``active`` (the nav link
of the page), ``nav``, ``version``, ``built`` and ``charts`` (``[{"id", "spec"}]``, embedded by
``static/explorer.js`` with Vega served from ``/assets/vega.js``). ``render`` fills the shared
part; each page module adds its routes in ``install``.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from multivector import __version__
from multivector.report.page import vega_bundle

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


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_ENV = environment()


def render(template: str, *, title: str, active: str, charts: list[dict] | None = None, **context) -> HTMLResponse:
    """A page of ``template`` with the shared context."""
    html = _ENV.get_template(template).render(
        title=title, active=active, nav=NAV, version=__version__, built=None, charts=charts or [], **context
    )
    return HTMLResponse(html)


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
