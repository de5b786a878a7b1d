"""The scenarios page, ``/scenarios?state=KAZ``: close a route or a transit state; run the
hedging model under a shock typed in a form.

Two plain GET forms (keyboard, no script needed). The outage is ``simulate_outage``'s answer
(``Answers.outage``) drawn with the report's ``charts.outage``; the hedging run is
``simulate_hedging``'s (``Answers.hedging``, at most ``MAX_DRAWS`` draws) drawn with the
report's ``charts.hedging_fit``, as the report's state page draws it, the typed shocks marked.
A bad value (an unknown route, a shock that does not parse, draws out of range) is the error
page with the one line and its 4xx.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from multivector.errors import BadOption
from multivector.report import charts
from multivector.report.page import spec_of
from multivector.web.answers import MAX_DRAWS, Answers
from multivector.web.pages import DEFAULT_STATE, answered, render, state_choices

#: The commodities of the export lines the outage form offers.
COMMODITIES = ("crude_oil", "natural_gas")

DEFAULT_DRAWS = 500
#: The largest seed the hedging model takes (numpy's SeedSequence takes any; the API's bound).
MAX_SEED = 2**32 - 1


def whole_number(name: str, text: str, low: int, high: int) -> int:
    """``text`` as a whole number in ``low``-``high`` (else ``BadOption``: a 400 page, not a JSON 422)."""
    try:
        value = int(text.strip())
    except ValueError:
        raise BadOption(f"{name} {text[:40]!r} is not a whole number", f"give {name} as digits, e.g. {low}") from None
    if not low <= value <= high:
        raise BadOption(f"{name}={value} is outside {low}-{high:,}", f"give {name} in {low}-{high:,}")
    return value


def outage_chart(result: dict) -> dict:
    """Volumes per line before and after the closure, with its caption (``{"id", "spec", "caption"}``)."""
    caption = (
        f"{charts.outage_title(result)}. Volumes in {result['unit']} a year of the export lines in operation now, "
        f"as the route facts give them; estimate: {result['source_id']}; sources: "
        f"{', '.join(sorted(result['sources'])) or 'none'}."
    )
    return {"id": "chart-outage", "spec": spec_of(charts.outage(result)), "caption": caption}


def shock_years(summary: dict) -> list[int]:
    """The years the hedging chart marks: the model's shocks and the ones typed in the form."""
    return sorted({*summary["parameters"]["shock_years"], *(s["year"] for s in summary["scenario"])})


def hedging_chart(summary: dict) -> dict:
    """The hegemon's observed share per domain beside the model's path and its draws' band."""
    first, last = summary["years"]
    runs = summary["monte_carlo"]
    caption = (
        f"{summary['hegemon']}'s share of {summary['state']}'s ties per domain, {first}-{last}, in per cent: "
        f"observed (points), the hedging model calibrated to them (line), the middle 90% of {runs['draws']:,} draws "
        f"(band, seed {runs['seed']}) and the model without shocks (dashed); shocks in "
        f"{', '.join(map(str, shock_years(summary)))}. The model's own calculation from the panel's domain shares "
        "(their sources: the state page)."
    )
    chart = charts.hedging_fit(summary["paths"], summary["hegemon"], shock_years(summary))
    return {"id": "chart-hedging", "spec": spec_of(chart), "caption": caption}


def install(app: FastAPI) -> None:
    """Add ``/scenarios`` to ``app``."""

    @app.get("/scenarios", include_in_schema=False, response_class=HTMLResponse)
    def scenarios(
        request: Request,
        state: str = DEFAULT_STATE,
        commodity: str = COMMODITIES[0],
        route: str | None = None,
        transit: str | None = None,
        shock: str | None = None,
        draws: str = str(DEFAULT_DRAWS),
        seed: str = "0",
    ) -> HTMLResponse:
        def page(found: Answers) -> HTMLResponse:
            entity = found.resolve(state)
            runs = whole_number("draws", draws, 1, MAX_DRAWS)
            start = whole_number("seed", seed, 0, MAX_SEED)
            closed = (route or None, transit or None)
            outage = found.outage(entity, commodity, *closed, None) if any(closed) else None
            hedging = found.hedging(entity, shock or None, runs, start) if shock is not None else None
            drawn = []
            if outage is not None and outage["outcome"] == "computed":  # else no volumes: the note says why
                drawn.append(outage_chart(outage))
            if hedging is not None:
                drawn.append(hedging_chart(hedging))
            return render(
                "scenarios.html.j2",
                title="Scenarios",
                active="/scenarios",
                charts=drawn,
                states=state_choices(found),
                state=entity,
                commodities=COMMODITIES,
                commodity=commodity,
                lines=found.lines(entity, commodity),
                route=route,
                transit=transit,
                outage=outage,
                shock=shock,
                draws=runs,
                max_draws=MAX_DRAWS,
                seed=start,
                hedging=hedging,
            )

        return answered(request, "Scenarios", "/scenarios", page)
