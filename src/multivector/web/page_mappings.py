"""The pole-mapping editor, ``/mappings``: edit the shipped mapping or load a CSV, upload it.

The text area starts from the store's poles (``shipped_text``); ``static/mappings.js`` reads
the chosen file into it and posts the text to ``POST /api/mappings`` (no form upload, so no
multipart parser), shows the one-line error of a refused file, then follows the composition
under the mapping (``GET /api/mappings/{id}``) with a ``<progress>`` until the pages that read
it are ready. The mappings kept on this server are listed with those pages.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from multivector.web.answers import Answers
from multivector.web.mappings import MAX_BYTES, Mappings, shipped_text
from multivector.web.pages import answered, render


def install(app: FastAPI) -> None:
    """Add ``/mappings`` to ``app``."""

    @app.get("/mappings", include_in_schema=False, response_class=HTMLResponse)
    def mappings_page(request: Request) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            kept: Mappings = request.app.state.mappings
            return render(
                "mappings.html.j2",
                title="Pole mappings",
                active="/mappings",
                shipped=shipped_text(found),
                kept=[kept.status(mapping) | {"mapping": mapping} for mapping in kept.listed()],
                max_bytes=MAX_BYTES,
            )

        return answered(request, "Pole mappings", "/mappings", page)
