"""Errors as HTTP answers: the CLI's one line, with a 4xx status for what the user can fix.

A project error (``MultivectorError``) keeps its one line (``slug: message — hint``); its
status follows from what it is: an unknown name is 404, a bad value 400 (422 when the query
does not parse), a file too big 413, a store or machine in the way 503. Anything else is a
bug: 500, with a line that names no file or value of the machine.
"""

from __future__ import annotations

import logging

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from multivector.errors import (
    BadOption,
    MultivectorError,
    NoData,
    UnknownChannel,
    UnknownCommodity,
    UnknownRoute,
    UnknownSource,
    UnknownState,
    UnknownTable,
)

#: Statuses of the errors whose meaning is "no such thing"; other input errors are 400.
NOT_FOUND: tuple[type[MultivectorError], ...] = (
    UnknownState,
    UnknownSource,
    UnknownRoute,
    UnknownCommodity,
    UnknownChannel,
    UnknownTable,
    NoData,
)


class TooLarge(MultivectorError):
    """An upload or a request over the explorer's limits (413)."""

    slug = "too-large"
    exit_code = 2


def status_of(error: MultivectorError) -> int:
    """The HTTP status of a project error."""
    if isinstance(error, TooLarge):
        return 413
    if isinstance(error, NOT_FOUND) or error.slug.startswith("unknown-"):
        return 404
    if error.exit_code == 2:
        return 400
    return 503


def error_body(line: str, slug: str) -> dict:
    """The JSON of every error answer: ``{"error": one line, "slug": slug}``."""
    return {"error": line, "slug": slug}


def _project_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, MultivectorError)
    return JSONResponse(error_body(error.one_line(), error.slug), status_code=status_of(error))


def _query_error(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's list of validation problems as one line: the first problem and where."""
    assert isinstance(error, RequestValidationError)
    problems = error.errors()
    first = problems[0] if problems else {"loc": (), "msg": "the request does not parse"}
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("query", "body"))
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    bad = BadOption(f"{where or 'request'}: {str(first.get('msg', '')).lower()}{more}", "see /docs for the parameters")
    return JSONResponse(error_body(bad.one_line(), bad.slug), status_code=422)


def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    slug = "not-found" if error.status_code == 404 else "http"
    return JSONResponse(
        error_body(f"{slug}: {error.detail}", slug), status_code=error.status_code, headers=error.headers
    )


def failure_line(error: Exception) -> str:
    """The one line of an error that is not the project's: DuckDB out of memory, or a bug."""
    if isinstance(error, duckdb.OutOfMemoryException):
        return (
            "out-of-memory: DuckDB ran out of memory answering this — try again when the server is less busy, "
            "or give DuckDB more (MULTIVECTOR_DUCKDB_MEMORY_LIMIT)"
        )
    return f"internal error: {type(error).__name__} (a bug; run the same with the CLI and --debug for the traceback)"


def _bug(request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, duckdb.OutOfMemoryException):  # the machine in the way, not a bug
        return JSONResponse(error_body(failure_line(error), "out-of-memory"), status_code=503)
    LOG.error("a bug answering %s", request.url.path, exc_info=error)  # the traceback to the server's log only
    return JSONResponse(error_body(failure_line(error), "internal"), status_code=500)


LOG = logging.getLogger("multivector.web")


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` as ``error_body``."""
    app.add_exception_handler(MultivectorError, _project_error)
    app.add_exception_handler(RequestValidationError, _query_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _bug)
