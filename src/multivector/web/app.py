"""The explorer's FastAPI application: the JSON API, the pages, the uploaded pole mappings.

``create_app`` opens nothing yet: the first request opens the store (read-only, confined by
``serve``). Everything the server writes goes to its cache folder, ``HOME/cache/explorer``:
the uploaded mappings and the scratch files of downloads. The Vega JavaScript is served from
the package (vl-convert's bundle), so a page fetches nothing beyond the server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from multivector import __version__
from multivector.config import Settings, settings
from multivector.store import default_backend
from multivector.web import api_routes, failures, pages
from multivector.web.answers import Answers
from multivector.web.mappings import Mappings

#: Pages and scripts come from this server only; images may be data: URLs (chart downloads).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def cache_folder(config: Settings) -> Path:
    """Where the explorer keeps what it writes: mappings, scratch files, the Vega bundle."""
    return config.home / "cache" / "explorer"


def create_app(config: Settings | None = None) -> FastAPI:
    """The explorer over the store of ``config`` (default: this process's settings)."""
    config = config or settings()
    default_backend.per_thread()  # requests and background work run in threads
    found = Answers(config)
    folder = cache_folder(config)
    kept = Mappings(folder / "mappings")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        found.close()  # the findings stop at their next step; a composition runs to its end
        await run_in_threadpool(_wait_for_background, found, kept)

    app = FastAPI(
        lifespan=lifespan,
        title="multivector explorer",
        version=__version__,
        description=(
            "Read-only JSON API over the multivector panel: the CLI's verbs as paths, their options as "
            "query parameters, the same JSON as `--json`. Errors are one line: "
            '`{"error": "slug: message — how to fix it", "slug": "..."}`.'
        ),
    )
    app.state.answers = found
    app.state.mappings = kept
    app.state.scratch = _folder(folder / "scratch")
    app.state.cache = folder
    failures.install(app)
    app.include_router(api_routes.router)
    pages.install(app)

    @app.middleware("http")
    async def _headers(request: Request, call_next) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return app


#: How long stopping the server waits for background work (DuckDB must not run as the process ends).
STOP_WAIT_S = 300


def _wait_for_background(found: Answers, kept: Mappings) -> None:
    found.wait(STOP_WAIT_S)
    kept.wait(STOP_WAIT_S)


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
