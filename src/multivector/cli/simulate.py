"""`multivector simulate`: route outages and the strategic hedging model (docs/scenarios.md).

Each command parses its options, calls one api verb and renders the result (a Rich table, or
the same dict with --json). Errors are the api's, printed as one line by ``app.main``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from multivector import api
from multivector.cli import render_scenarios as render

app = typer.Typer(
    name="simulate",
    no_args_is_help=True,
    add_completion=False,
    help="Scenarios: route outages (max-flow) and the strategic hedging model.",
)
out = Console()
err = Console(stderr=True)
if not out.is_terminal:  # piped or captured: do not cut tables to 80 columns
    out.width = 160

State = Annotated[str, typer.Option("--state", help="ISO3 code or name, e.g. KAZ.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _emit(result, as_json: bool, draw) -> None:
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        draw(out, result)


@contextmanager
def _status() -> Iterator[Callable[[str], None]]:
    """A transient spinner with the current step on stderr, when stderr is a terminal."""
    if not err.is_terminal:
        yield lambda what: None
        return
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("starting", total=None)
        yield lambda what: progress.update(task, description=what)


@app.command()
def outage(
    state: State,
    commodity: Annotated[str, typer.Option("--commodity", help="crude_oil (oil) or natural_gas (gas).")],
    route: Annotated[
        str | None,
        typer.Option("--route", help="Route to close: id or name, e.g. CPC (`multivector simulate routes --state S`)."),
    ] = None,
    transit: Annotated[str | None, typer.Option("--transit", help="State whose territory closes, e.g. RUS.")] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Estimate of this source on top, e.g. knowledge_base or gem_gas_pipelines."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Close a route or a transit state: what still gets out, what is lost, which routes absorb it."""
    with _status() as on_step:
        on_step("re-routing over the export network")
        result = api.simulate_outage(state, commodity, route, transit, source=source)
    _emit(result, as_json, render.outage)


@app.command()
def routes(
    state: State,
    commodity: Annotated[str | None, typer.Option("--commodity", help="Only this commodity.")] = None,
    as_json: AsJson = False,
) -> None:
    """The state's export lines in operation: the names `simulate outage --route` accepts."""
    _emit(api.outage_routes(state, commodity), as_json, render.route_list)


@app.command()
def hedging(
    state: State,
    shock: Annotated[
        str | None,
        typer.Option("--shock", help="Scenario shocks YEAR:kappa=F,rho=R[;YEAR:...], e.g. 2022:kappa=0.3,rho=0.2."),
    ] = None,
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws (1 to 200,000).")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draws (same seed, same output).")] = 0,
    draws_out: Annotated[
        Path | None, typer.Option("--draws-out", help="Write the tidy draws here: .csv or .parquet.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Calibrate the hedging model to a state's paths; Monte Carlo; did a shock make hedging substantive?"""
    with _status() as on_step:
        result = api.simulate_hedging(state, shock, draws, seed, draws_out=draws_out, on_step=on_step)
    if draws_out is not None:
        err.print(f"wrote the tidy draws to {draws_out}", highlight=False)
    _emit(result, as_json, render.hedging)
