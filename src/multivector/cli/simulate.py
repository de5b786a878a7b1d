"""`multivector simulate`: route outages and the strategic hedging model (docs/scenarios.md).

Each command parses its options, calls one api verb and renders the result (a Rich table, or
the same dict with --json). Errors are the api's, printed as one line by ``app.main``.

The state is the first argument, as in every other command (`multivector simulate outage KAZ
...`). The former ``--state S`` still works, hidden, with a deprecation warning.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from multivector.cli import render_scenarios as render
from multivector.cli.lazy import lazy_import
from multivector.errors import BadOption, MultivectorWarning
from multivector.jsonout import to_json

if TYPE_CHECKING:
    from multivector import api
else:
    api = lazy_import("multivector.api")

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

State = Annotated[str | None, typer.Argument(help="ISO3 code or name, e.g. KAZ.", metavar="STATE", show_default=False)]
StateOption = Annotated[str | None, typer.Option("--state", hidden=True, help="Deprecated: give STATE instead.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def given_state(command: str, state: str | None, state_option: str | None, *, warn: bool = True) -> str:
    """The state given as the first argument or, deprecated, as ``--state`` (a warning); never both.

    ``command`` is the subcommand's name, for the messages' examples.
    """
    example = f"e.g. `multivector simulate {command} KAZ ...`"
    if state is not None and state_option is not None:
        raise BadOption(f"the state is given twice ({state} and --state {state_option})", f"give it once, {example}")
    if state is not None:
        return state
    if state_option is None:
        raise BadOption("missing STATE", f"give the state first, {example}")
    if warn:
        message = "--state S is now the first argument STATE, as in the other commands"
        warnings.warn(MultivectorWarning(message, example, slug="deprecated"), stacklevel=2)
    return state_option


def _emit(result, as_json: bool, draw) -> None:
    if as_json:
        typer.echo(to_json(result))
    else:
        draw(out, result)


@contextmanager
def _status() -> Iterator[Callable[[str], None]]:
    """A transient spinner with the current step on stderr, when stderr is a terminal."""
    if not err.is_terminal:
        yield lambda what: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("starting", total=None)
        yield lambda what: progress.update(task, description=what)


@app.command()
def outage(
    commodity: Annotated[str, typer.Option("--commodity", help="crude_oil (oil) or natural_gas (gas).")],
    state: State = None,
    route: Annotated[
        str | None,
        typer.Option(
            "--route", help="Line to close: id or name, e.g. CPC (`multivector routes STATE --lines` lists them)."
        ),
    ] = None,
    transit: Annotated[str | None, typer.Option("--transit", help="State whose territory closes, e.g. RUS.")] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Estimate of this source on top, e.g. knowledge_base or gem_gas_pipelines."),
    ] = None,
    as_json: AsJson = False,
    state_option: StateOption = None,
) -> None:
    """Close a route or a transit state: what still gets out, what is lost, which routes absorb it."""
    state = given_state("outage", state, state_option)
    with _status() as on_step:
        on_step("re-routing over the export network")
        result = api.simulate_outage(state, commodity, route, transit, source=source)
    _emit(result, as_json, render.outage)


@app.command(hidden=True)
def routes(
    state: State = None,
    commodity: Annotated[str | None, typer.Option("--commodity", help="Only this commodity.")] = None,
    as_json: AsJson = False,
    state_option: StateOption = None,
) -> None:
    """Deprecated: `multivector routes STATE --lines` lists the lines `simulate outage --route` accepts."""
    state = given_state("routes", state, state_option, warn=False)
    message = "`multivector simulate routes` has moved to `multivector routes STATE --lines`"
    warnings.warn(
        MultivectorWarning(message, f"e.g. `multivector routes {state} --lines`", slug="deprecated"), stacklevel=2
    )
    _emit(api.outage_routes(state, commodity), as_json, render.route_list)


@app.command()
def hedging(
    state: State = None,
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
    state_option: StateOption = None,
) -> None:
    """Calibrate the hedging model to a state's paths; Monte Carlo; did a shock make hedging substantive?"""
    state = given_state("hedging", state, state_option)
    with _status() as on_step:
        result = api.simulate_hedging(state, shock, draws, seed, draws_out=draws_out, on_step=on_step)
    if draws_out is not None:
        err.print(f"wrote the tidy draws to {draws_out}", highlight=False)
    _emit(result, as_json, render.hedging)
