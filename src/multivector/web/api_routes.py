"""The JSON API: one path under ``/api/`` per CLI verb, its options as query parameters.

Each answer is the JSON the CLI prints with ``--json`` (``jsonout.to_json``, one serializer);
``/api/cite`` answers BibTeX and ``/api/panel`` a file. Errors are ``failures.error_body``.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path as FilePath
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from multivector import api
from multivector.errors import BadOption
from multivector.jsonout import to_json
from multivector.web.answers import KEPT, MAX_DRAWS, Answers
from multivector.web.failures import TooLarge
from multivector.web.mappings import MAX_BYTES, Mappings


class ErrorBody(BaseModel):
    """Every error answer: the CLI's one line and the error's slug."""

    error: str = Field(description="One line: `slug: message — how to fix it`.")
    slug: str = Field(description="The kind of error, e.g. `unknown-state`.")


#: The error answers every operation may give (a 5xx is a bug, so not among them).
ERRORS: dict[int | str, dict] = {
    400: {"model": ErrorBody, "description": "A value the store cannot answer for (a year outside its data ...)."},
    404: {"model": ErrorBody, "description": "No such state, source, channel, route, mapping or data."},
    422: {"model": ErrorBody, "description": "A parameter missing or of the wrong type or range."},
    413: {"model": ErrorBody, "description": "An upload over the size limit."},
    503: {"model": ErrorBody, "description": "The store is missing, outdated or in use: run `multivector build`."},
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

State = Annotated[str, Query(min_length=1, max_length=80, description="ISO3 code, our id or a name, e.g. KAZ.")]
Year = Annotated[int, Query(ge=-9999, le=9999, description="A year, e.g. 2014.")]
OptionalYear = Annotated[int | None, Query(ge=-9999, le=9999, description="A year (default: the last with data).")]
Mapping = Annotated[
    str | None,
    Query(max_length=64, description="A pole mapping uploaded at /mappings (default: the shipped poles)."),
]
Text = Annotated[str | None, Query(max_length=200)]

#: How many states one panel download may name.
MAX_STATES = 60


def answers(request: Request) -> Answers:
    return request.app.state.answers


def mappings(request: Request) -> Mappings:
    return request.app.state.mappings


def json_response(result: object) -> Response:
    """The CLI's ``--json`` text as the body (written once per kept answer: ``JsonTexts``)."""
    return Response(_TEXTS.text_of(result), media_type="application/json")


class JsonTexts:
    """The JSON text of the answers ``Answers`` keeps, each written once.

    A kept answer is the same object each time it is asked for, so its text is kept by the
    object's identity, with the object itself (so the identity stays its own); the atlas of a
    year is some 200 kB of JSON, which would otherwise be written again for every request.
    """

    def __init__(self, kept: int = KEPT) -> None:
        self._texts: OrderedDict[int, tuple[object, str]] = OrderedDict()
        self._kept = kept
        self._guard = threading.Lock()

    def text_of(self, result: object) -> str:
        with self._guard:
            found = self._texts.get(id(result))
            if found is not None and found[0] is result:
                self._texts.move_to_end(id(result))
                return found[1]
        text = to_json(result)
        with self._guard:
            self._texts[id(result)] = (result, text)
            while len(self._texts) > self._kept:
                self._texts.popitem(last=False)
        return text


_TEXTS = JsonTexts()


@router.get("/states", summary="Every state of the store, and the store's years")
def states(request: Request) -> Response:
    return json_response(answers(request).states())


@router.get("/coverage", summary="Which channels have data for a state, in which years, from which sources")
def coverage(request: Request, state: State) -> Response:
    return json_response(answers(request).coverage(state))


@router.get("/measure", summary="A state's partner and pole shares and concentration in one channel")
def measure(
    request: Request,
    state: State,
    channel: Annotated[str, Query(min_length=1, max_length=40, description="exports, imports, arms_imports ...")],
    year: OptionalYear = None,
    year_from: Annotated[int | None, Query(alias="from", ge=-9999, le=9999, description="First year pooled.")] = None,
    year_to: Annotated[int | None, Query(alias="to", ge=-9999, le=9999, description="Last year pooled.")] = None,
    mapping: Mapping = None,
) -> Response:
    if year is not None and (year_from is not None or year_to is not None):
        raise BadOption("year cannot be combined with from/to", "give year=Y or from=A&to=B")
    if year_from is not None and year_to is None:
        raise BadOption("from needs to", "give from=A&to=B")
    poles = mappings(request).poles_file(mapping)
    last = year if year is not None else year_to
    return json_response(answers(request).measure(state, channel, year_from, last, poles))


@router.get("/profile", summary="Security, economic and diplomatic pole vectors of a state in a year")
def profile(request: Request, state: State, year: Year, mapping: Mapping = None) -> Response:
    poles = mappings(request).poles_file(mapping)
    return json_response(answers(request).profile(state, year, poles))


@router.get("/classify", summary="Phases, adoption conditions and variants of a state, with evidence")
def classify(request: Request, state: State, year: OptionalYear = None, sensitivity: bool = False) -> Response:
    found = answers(request)
    return json_response(found.sensitivity(state, year) if sensitivity else found.classify(state, year))


@router.get(
    "/findings",
    summary="The seeds' claims tested on every studied state, with their robustness",
    description=(
        "Judging the claims takes minutes: the first request starts it and answers 202 with its "
        "progress (`state`, `step`, `done`, `total`); ask again until the answer is 200."
    ),
    responses={202: {"description": "Still judging: the progress so far."}},
)
def findings(request: Request) -> Response:
    ready, result = answers(request).findings()
    if not ready:
        return Response(to_json(result), status_code=202, media_type="application/json", headers={"Retry-After": "5"})
    return json_response(result)


@router.get("/routes", summary="Export routes of a state: shares, single point of failure, exposure to each pole")
def routes(
    request: Request,
    state: State,
    year: OptionalYear = None,
    lines: bool = False,
    commodity: Text = None,
    mapping: Mapping = None,
) -> Response:
    found = answers(request)
    if lines:
        if year is not None or mapping:
            raise BadOption("lines lists the lines in operation now", "drop year and mapping, or drop lines")
        return json_response(found.lines(state, commodity))
    if commodity is not None:
        raise BadOption("commodity selects among the lines of lines=true", "add lines=true")
    return json_response(found.routes(state, year, mappings(request).poles_file(mapping)))


@router.get("/outage", summary="Close a route or a transit state: what still gets out, and how")
def outage(
    request: Request,
    state: State,
    commodity: Annotated[str, Query(min_length=1, max_length=40, description="crude_oil or natural_gas.")],
    route: Text = None,
    transit: Text = None,
    source: Text = None,
) -> Response:
    return json_response(answers(request).outage(state, commodity, route, transit, source))


@router.get("/hedging", summary="The hedging model calibrated to a state; Monte Carlo under a shock")
def hedging(
    request: Request,
    state: State,
    shock: Annotated[
        str | None, Query(max_length=400, description="YEAR:kappa=F,rho=R[;YEAR:...], e.g. 2022:kappa=0.3,rho=0.2")
    ] = None,
    draws: Annotated[int, Query(ge=1, le=MAX_DRAWS, description=f"Monte Carlo draws (1 to {MAX_DRAWS:,}).")] = 1000,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1, description="Seed of the draws.")] = 0,
) -> Response:
    return json_response(answers(request).hedging(state, shock, draws, seed))


@router.get("/network", summary="Degree centralisation of the post-Soviet trade network around a hub")
def network(request: Request, hub: Text = None) -> Response:
    return json_response(answers(request).network(hub))


@router.get("/atlas", summary="Every state in a year: dependence on the hegemon per domain, differentiation")
def atlas(request: Request, year: Year, mapping: Mapping = None) -> Response:
    found = answers(request)
    first, last = found.states()["years"]
    if not first <= year <= last:
        raise BadOption(f"year {year} is outside the store's years {first}-{last}", f"give a year in {first}-{last}")
    return json_response(found.atlas(year, mappings(request).poles_file(mapping)))


@router.get("/sources", summary="Every source with its origin, licence, years and ingest counts")
def sources(request: Request) -> Response:
    return json_response(answers(request).sources())


@router.get(
    "/cite",
    summary="BibTeX of a source",
    response_class=Response,
    responses={200: {"content": {"application/x-bibtex": {}}, "description": "The source's BibTeX entry."}},
)
def cite(request: Request, source: Annotated[str, Query(min_length=1, max_length=80)]) -> PlainTextResponse:
    return PlainTextResponse(answers(request).cite(source), media_type="application/x-bibtex; charset=utf-8")


_YEARS = re.compile(r"\d{1,4}(-\d{1,4})?")


@router.get(
    "/panel",
    summary="The panel for a selection, as a file: CSV, Parquet or Stata",
    response_class=Response,
    responses={
        200: {
            "content": {"text/csv": {}, "application/octet-stream": {}, "application/x-stata-dta": {}},
            "description": "The file, named after the table and format (Content-Disposition).",
        }
    },
)
def panel(
    request: Request,
    table: Literal["state_years", "dyad_years"] = "state_years",
    states: Annotated[str | None, Query(max_length=1000, description="Comma-separated, e.g. KAZ,UZB.")] = None,
    years: Annotated[str | None, Query(max_length=9, description="FIRST-LAST or one year, e.g. 1992-2023.")] = None,
    format: Literal["csv", "parquet", "dta"] = "csv",
) -> FileResponse:
    chosen = [s.strip() for s in states.split(",") if s.strip()] if states else None
    if chosen is not None and len(chosen) > MAX_STATES:
        raise BadOption(f"{len(chosen)} states asked for; one download takes at most {MAX_STATES}", "ask in parts")
    if years is not None and not _YEARS.fullmatch(years):
        raise BadOption(f"years {years[:20]!r} is not FIRST-LAST or one year", "e.g. years=1992-2023")
    config = answers(request).config
    folder = FilePath(tempfile.mkdtemp(prefix="panel-", dir=request.app.state.scratch))
    out = folder / f"{table}.{format}"
    try:
        api.export(table, format, out, config, states=chosen, years=years)
    except BaseException:
        _remove(folder)
        raise
    media = {"csv": "text/csv", "parquet": "application/octet-stream", "dta": "application/x-stata-dta"}[format]
    return FileResponse(out, media_type=media, filename=out.name, background=BackgroundTask(_remove, folder))


def _remove(folder: FilePath) -> None:
    for path in folder.iterdir():
        path.unlink(missing_ok=True)
    folder.rmdir()


@router.post(
    "/mappings",
    summary="Upload a pole mapping (a poles file, entity,pole) to read the numbers under it",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string", "maxLength": MAX_BYTES}}},
            "description": "A UTF-8 CSV with the header entity,pole; at most 64 kB.",
        }
    },
    responses={413: {"model": ErrorBody, "description": "Over the size limit."}},
)
async def upload_mapping(request: Request) -> Response:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BYTES:
            raise TooLarge(f"the poles file is over {MAX_BYTES:,} bytes", "list only the states whose pole you change")
    kept = await run_in_threadpool(mappings(request).upload, bytes(body), answers(request))
    return Response(to_json(kept), status_code=201, media_type="application/json")


@router.get("/mappings", summary="The pole mappings uploaded to this server")
def list_mappings(request: Request) -> Response:
    return Response(to_json({"mappings": mappings(request).listed()}), media_type="application/json")


@router.get("/mappings/{mapping}", summary="How far the panel under an uploaded mapping is composed")
def mapping_status(request: Request, mapping: Annotated[str, Path(max_length=64)]) -> Response:
    return Response(to_json({"mapping": mapping, **mappings(request).status(mapping)}), media_type="application/json")
