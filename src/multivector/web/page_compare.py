"""The compare page, ``/compare?states=KAZ,UZB,KGZ&year=2014``: two to five states side by side.

Per state: the domain profile of the year (a chart), its dependence on the hegemon per domain,
its differentiation and balance (``profile``) and its phase in the year (``classify``). Fewer
than two or more than five states is a 400 page with the one line.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from multivector.errors import BadOption
from multivector.web import page_charts
from multivector.web.answers import Answers
from multivector.web.pages import DEFAULT_YEAR, answered, render, year_of

#: How many states one comparison takes.
FEWEST, MOST = 2, 5

DEFAULT_STATES = "KAZ,UZB,KGZ"


def chosen_states(found: Answers, text: str) -> list[str]:
    """Our ids of the states of ``states=A,B,C`` (two to five, each once), in the order given."""
    given = [s.strip() for s in text.split(",") if s.strip()]
    chosen = list(dict.fromkeys(found.resolve(s) for s in given)) if len(given) <= MOST else given
    if not FEWEST <= len(chosen) <= MOST:
        raise BadOption(
            f"{len(chosen)} state{'s' if len(chosen) != 1 else ''} given; compare takes two to five different states",
            "e.g. states=KAZ,UZB,KGZ",
        )
    return chosen


def install(app: FastAPI) -> None:
    """Add ``/compare`` to ``app``."""

    @app.get("/compare", include_in_schema=False, response_class=HTMLResponse)
    def compare(request: Request, states: str = DEFAULT_STATES, year: str = str(DEFAULT_YEAR)) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            when = year_of(year)
            profiles = [found.profile(s, when, None) for s in chosen_states(found, states)]
            charts = [page_charts.domain_profile(p, f"chart-{p['state']}") for p in profiles]
            phases = {p["state"]: page_charts.phase_in(found.classify(p["state"], when), when) for p in profiles}
            return render(
                "compare.html.j2",
                title=f"Compare, {when}",
                active="/compare",
                charts=charts,
                chosen=[p["state"] for p in profiles],
                year=when,
                years=found.states()["years"],
                profiles=profiles,
                phases=phases,
                names={r["state"]: r["name"] for r in found.states()["states"]},
            )

        return answered(request, "Compare", "/compare", page)
