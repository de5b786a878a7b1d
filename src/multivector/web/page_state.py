"""The state page, ``/state?state=KAZ&year=2014[&mapping=ID]``: one state in one year.

What it shows, each part from one of the api's answers (through ``Answers``): the domain
profile of the year (``profile``), the report's charts over time with the breaks marked
(``state_charts``), phases, conditions and variants (``classify``), and every series behind the
numbers with its citation and a link to its BibTeX (``sources``, ``/api/cite``). The form is a
plain GET form: it works with the keyboard and without JavaScript.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from multivector.web import page_charts
from multivector.web.answers import Answers
from multivector.web.pages import DEFAULT_STATE, DEFAULT_YEAR, answered, poles_of, render, state_choices, year_of

#: The report's charts the state page shows, in order.
STATE_CHARTS = ("phases", "domain-shares", "pole-shares", "structure", "variants")


def covered_years(found: Answers, state: str) -> tuple[int, int]:
    """The first and last year any channel of ``state`` has data (the year picker's bounds)."""
    channels = found.coverage(state)["channels"]
    if not channels:
        return found.states()["years"]
    return min(c["years_from"] for c in channels), max(c["years_to"] for c in channels)


def install(app: FastAPI) -> None:
    """Add ``/state`` to ``app``."""

    @app.get("/state", include_in_schema=False, response_class=HTMLResponse)
    def state(
        request: Request, state: str = DEFAULT_STATE, year: str = str(DEFAULT_YEAR), mapping: str | None = None
    ) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            when = year_of(year)
            profile = found.profile(state, when, poles_of(request, mapping))
            entity = profile["state"]
            classified = found.classify(entity, when)
            report = found.charts(entity, STATE_CHARTS)
            charts = [page_charts.domain_profile(profile)] + page_charts.report_charts(report)
            return render(
                "state.html.j2",
                title=f"{report['name']}, {when}",
                active="/state",
                charts=charts,
                states=state_choices(found),
                state=entity,
                year=when,
                years=covered_years(found, entity),
                mapping=mapping,
                profile=profile,
                classified=classified,
                report=report,
                sources=page_charts.series_sources(profile, found.sources()),
            )

        return answered(request, "State", "/state", page)
