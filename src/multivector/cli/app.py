"""The `multivector` command. Each command parses options, calls one api verb, renders.

The api (and with it pandas, DuckDB, Ibis, Altair) is imported when a command runs, not when
the command line starts: `multivector --help`, `COMMAND --help` and shell completion stay quick.
"""

from __future__ import annotations

import sys
import traceback
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from typer import Abort
from typer._click.exceptions import ClickException, NoArgsIsHelpError

from multivector.cli import render, render_scenarios, serve, simulate
from multivector.cli.lazy import lazy_import
from multivector.defaults import HEGEMON
from multivector.errors import BadOption, MultivectorError, MultivectorWarning
from multivector.jsonout import to_json
from multivector.report.chart_kinds import CHART_KINDS

if TYPE_CHECKING:
    from rich.progress import Progress

    from multivector import api
else:
    api = lazy_import("multivector.api")

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Measure, explain and simulate multi-vector foreign policy.",
)
out = Console()
err = Console(stderr=True)
if not out.is_terminal:  # piped or captured: do not cut tables to 80 columns
    out.width = 160
_state = {"debug": False}


@app.callback()
def _options(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False) -> None:
    _state["debug"] = debug


@app.command()
def build(
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail (exit 2, store unchanged) when a file is beyond the data-quality gates, instead of a warning.",
        ),
    ] = False,
) -> None:
    """Build the store from the shipped data (skips files that have not changed)."""
    with _progress() as progress:
        task = progress.add_task("ingesting", total=len(api.build_plan()))

        def on_file(source, spec, result):
            if result is None:
                progress.update(task, description=f"{source.id}: {spec.path}")
            else:
                progress.advance(task)

        def on_step(what: str) -> None:
            progress.update(task, description=what)

        results = api.build(on_file=on_file, strict=strict, on_step=on_step)
    render.build(out, results, str(api.store_path()))


@app.command()
def sources(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the sources with licence, years covered, ingest counts and data-quality warnings."""
    entries = api.sources()
    if as_json:
        typer.echo(to_json(entries))
        return
    render.sources(out, entries)


@app.command()
def cite(source: Annotated[str, typer.Argument(help="Source id, as listed by `multivector sources`.")]) -> None:
    """Print a BibTeX entry for a source."""
    typer.echo(api.cite(source))


@app.command()
def coverage(
    state: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. KAZ.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Which channels have data for a state, in which years, from which sources."""
    result = api.coverage(state)
    if as_json:
        typer.echo(to_json(result))
        return
    from rich.table import Table

    table = Table(title=f"coverage: {result['state']}")
    for column in ("domain", "channel", "source", "years", "gaps", "rows"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for c in sorted(result["channels"], key=lambda c: (c["domain"], c["channel"], c["source_id"])):
        gaps = ", ".join(map(str, c["gaps"][:6])) + (" ..." if len(c["gaps"]) > 6 else "")
        table.add_row(
            c["domain"],
            c["channel"],
            c["source_id"],
            f"{c['years_from']}-{c['years_to']}",
            gaps or "-",
            f"{c['rows']:,}",
        )
    out.print(table)
    for domain, d in result["domains"].items():
        span = f"{d['years_from']}-{d['years_to']}" if d["years_from"] else "no data"
        out.print(f"{domain}: {span} ({', '.join(d['channels']) or 'no channel'})")
    for line in _doubt_lines(result.get("doubts", [])):
        out.print(line)


def _doubt_lines(doubts: list[dict]) -> list[str]:
    """One line per doubtful partner-list entry; editions reprinting the same entry share one."""
    editions: dict[str, list[str]] = {}
    for doubt in doubts:
        editions.setdefault(_doubt_line(doubt), []).append(doubt["edition"])
    lines = []
    for line, names in editions.items():
        if len(names) > 1:
            line += f" (editions {', '.join(name.removeprefix('edition ') for name in names)})"
        lines.append(line)
    return lines


def _doubt_line(d: dict) -> str:
    from multivector.measure.doubts import NEAR_YEARS

    listed = f"doubt: {d['source_id']} {d['channel']} {d['year']} lists {d['partner']} at {d['listed_share']:g}%"
    if d["compared_share"] is None:
        window = f"{d['year'] - NEAR_YEARS}-{d['year'] + NEAR_YEARS}"
        return f"{listed}: no other Factbook list {window} names it ({d['partner_name']})"
    when = "" if d["compared_year"] == d["year"] else f" in {d['compared_year']}"
    return f"{listed}: {d['compared_series']} gives {d['compared_share']:.2f}%{when} ({d['partner_name']})"


def _emit(result: dict | list, as_json: bool, table) -> None:
    """The result as JSON, or as the Rich rendering ``table`` draws of the same dict."""
    if as_json:
        typer.echo(to_json(result))
    else:
        table(out, result)


@app.command()
def measure(
    state: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. KAZ.")],
    channel: Annotated[
        str,
        typer.Option(
            "--channel", "-c", help="exports, imports, trade, fdi, arms_imports, alliances, un_votes, igo ..."
        ),
    ],
    year: Annotated[int | None, typer.Option("--year", help="One year.")] = None,
    year_from: Annotated[int | None, typer.Option("--from", help="First year of a pooled window.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year of a pooled window.")] = None,
    poles: Annotated[Path | None, typer.Option("--poles", help="CSV entity,pole replacing the poles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Partner and pole shares and concentration of a state in one channel.

    --year Y is one year; --from A --to B pools the years (flows summed, as SIPRI reports
    arms shares); neither is the latest year with data.
    """
    if year is not None and (year_from is not None or year_to is not None):
        raise BadOption("--year cannot be combined with --from/--to", "give --year Y or --from A --to B")
    if year_from is not None and year_to is None:
        raise BadOption("--from needs --to", "give --from A --to B")
    result = api.measure(state, channel, year_from, year if year is not None else year_to, poles)
    _emit(result, as_json, render.measure)


@app.command()
def profile(
    state: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. KAZ.")],
    year: Annotated[int, typer.Option("--year", help="The year (windows end there).")],
    poles: Annotated[Path | None, typer.Option("--poles", help="CSV entity,pole replacing the poles.")] = None,
    hegemon: Annotated[
        str | None,
        typer.Option("--hegemon", help="The hegemon, a pole (default RUS); its preset's poles unless --poles."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Security, economic and diplomatic pole vectors of a state in a year, and what they say."""
    result = api.profile(state, year, poles, hegemon=hegemon)
    _emit(result, as_json, render.profile)


@app.command()
def classify(
    state: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. KAZ.")],
    year: Annotated[
        int | None,
        typer.Option("--year", help="Year the conditions and variants are judged in (default: the last with data)."),
    ] = None,
    sensitivity: Annotated[
        bool, typer.Option("--sensitivity", help="Show which parameter flips which verdict instead.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Phases, adoption conditions and variants of multivectorism, each with its evidence."""
    if sensitivity:
        with _progress() as progress:
            task = progress.add_task("re-classifying", total=None)
            result = api.sensitivity(
                state, year, on_run=lambda done, total: progress.update(task, completed=done, total=total)
            )
        _emit(result, as_json, render.sensitivity)
    else:
        _emit(api.classify(state, year), as_json, render.classification)


def _progress() -> Progress:
    """A transient progress bar on stderr (stdout stays clean for JSON and Markdown).

    Off when stderr is not a terminal: there it would leave a blank line before warnings and errors.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


@app.command()
def findings(
    out_file: Annotated[Path | None, typer.Option("--out", help="Write the Markdown here (default: print).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Every claim's record as JSON, with its robustness.")] = False,
) -> None:
    """Test the seeds' claims against the classification of every studied state (docs/findings.md)."""
    with _progress() as progress:
        task = progress.add_task("classifying", total=len(api.STUDIED_STATES))

        def on_state(state: str) -> None:
            progress.update(task, description=f"classifying {state}")
            progress.advance(task)

        def on_setting(done: int, total: int) -> None:
            progress.update(task, description="robustness: plausible settings", completed=done, total=total)

        text = api.findings(on_state=on_state, out=out_file, as_json=as_json, on_setting=on_setting)
    if out_file is None:
        if as_json:
            typer.echo(text, nl=False)
        else:
            out.print(text, markup=False, highlight=False)
    else:
        err.print(f"wrote {out_file}")


@app.command()
def report(
    state: Annotated[str | None, typer.Argument(help="ISO3 code or name, e.g. KAZ (omit with --region).")] = None,
    region: Annotated[bool, typer.Option("--region", help="The five Central Asian states side by side.")] = False,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Year of the profile, conditions and variants (default: the last with data)."),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="HTML file to write (default out/STATE.html, out/region.html).")
    ] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Recompute instead of reading the cached data.")] = False,
) -> None:
    """A self-contained, offline HTML report with charts, a map, evidence and citations."""
    if region == (state is not None):
        raise BadOption("give a STATE or --region", "e.g. `multivector report KAZ` or `multivector report --region`")
    with _progress() as progress:
        task = progress.add_task("starting", total=None)
        on_step = lambda what: progress.update(task, description=what)  # noqa: E731
        if state is None:  # then --region (checked above)
            path = api.region_report(out_file, year=year, on_step=on_step, use_cache=not fresh)
        else:
            path = api.report(state, out_file, year, on_step=on_step, use_cache=not fresh)
    err.print(f"wrote {path}")


@app.command()
def atlas(
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            help="post_soviet (default), post_french, post_british, post_portuguese, "
            "classic_asia, americas, or a copy of a preset file (.toml).",
        ),
    ] = None,
    hegemon: Annotated[str | None, typer.Option("--hegemon", help="Instead of a preset: the hegemon, a pole.")] = None,
    poles: Annotated[Path | None, typer.Option("--poles", help="With --hegemon: CSV entity,pole.")] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="The year (default: the last with all three domains for most states).")
    ] = None,
    phases: Annotated[
        bool, typer.Option("--phases", help="Also read the members' phases (about two seconds a member).")
    ] = False,
    out_file: Annotated[Path | None, typer.Option("--out", help="HTML file to write (default out/atlas.html).")] = None,
) -> None:
    """The world's hedging in a year: an offline page with a map, a sortable table and the members cited."""
    with _progress() as progress:
        task = progress.add_task("starting", total=None)
        on_step = lambda what: progress.update(task, description=what)  # noqa: E731
        path = api.atlas(out_file, preset, hegemon, poles, year, phases, on_step=on_step)
    err.print(f"wrote {path}")


@app.command("atlas-findings")
def atlas_findings(
    out_file: Annotated[Path | None, typer.Option("--out", help="Markdown file to write, e.g. docs/atlas.md.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """The post-imperial claim tested on every preset: groups, bootstrap intervals, contradicting states."""
    with _progress() as progress:
        task = progress.add_task("starting", total=None)
        text = api.atlas_findings(
            out=out_file,
            as_json=as_json,
            on_preset=lambda name: progress.update(task, description=f"the atlas of {name}"),
        )
    if out_file is None:
        typer.echo(text, nl=False)
    else:
        err.print(f"wrote {out_file}")


@app.command(
    help="One chart of the report as a PNG or SVG image, for papers.\n\nKINDS:\n\n"
    + "\n\n".join(f"{kind}: {shows}" for kind, shows in CHART_KINDS.items())
)
def chart(
    kind: Annotated[str, typer.Argument(help=f"The chart: {', '.join(CHART_KINDS)}.", show_default=False)],
    state: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. KAZ.")],
    out_file: Annotated[Path, typer.Option("--out", help="Image file: .png or .svg.")],
    year: Annotated[int | None, typer.Option("--year", help="Year of the profile and map.")] = None,
    year_from: Annotated[int | None, typer.Option("--from", help="First year of the time lines drawn.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year of the time lines drawn.")] = None,
) -> None:
    if kind not in CHART_KINDS:
        raise BadOption(f"no chart {kind!r}", f"choose one of {', '.join(CHART_KINDS)}")
    years = None
    if year_from is not None or year_to is not None:
        years = (year_from if year_from is not None else 0, year_to if year_to is not None else 9999)
    with _progress() as progress:
        progress.add_task(f"drawing {kind} of {state}", total=None)
        path = api.chart(kind, state, out_file, year, years=years)
    err.print(f"wrote {path}")


@app.command()
def export(
    table: Annotated[
        str,
        typer.Argument(
            help="A store table (flows, facts, un_votes ...), a panel table (panel_state_years ...), "
            "state_years (with dependence and differentiation) or dyad_years (with trade)."
        ),
    ],
    out_file: Annotated[Path, typer.Option("--out", help="File to write: .csv, .parquet, .dta or .xlsx.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, parquet, dta (Stata 118) or xlsx; default: from --out.")
    ] = None,
    states: Annotated[
        str | None, typer.Option("--states", help="Comma-separated ids, ISO3 codes or names, e.g. KAZ,UZB.")
    ] = None,
    years: Annotated[str | None, typer.Option("--years", help="FIRST-LAST or one year, e.g. 1992-2023.")] = None,
    channels: Annotated[
        list[str] | None, typer.Option("--channel", help="Rows of this channel only (repeat for several).")
    ] = None,
) -> None:
    """Write a table to CSV (UTF-8), Parquet, Stata or Excel, with labels, units and citations."""
    chosen = [s.strip() for s in states.split(",") if s.strip()] if states else None
    result = api.export(table, fmt, out_file, states=chosen, years=years, channels=channels)
    renamed = getattr(result, "renamed", None)
    if renamed:
        err.print("renamed for the format: " + ", ".join(f"{a} → {b}" for a, b in renamed.items()))
    err.print(f"wrote {result.rows:,} rows to {result.path}")


@app.command()
def routes(
    state: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. KAZ.")],
    year: Annotated[int | None, typer.Option("--year", help="Lines in operation that year.")] = None,
    poles: Annotated[Path | None, typer.Option("--poles", help="CSV entity,pole replacing the poles.")] = None,
    lines: Annotated[
        bool,
        typer.Option("--lines", help="List the lines in operation: the ids and names `simulate outage --route` takes."),
    ] = False,
    commodity: Annotated[
        str | None, typer.Option("--commodity", help="With --lines: only this commodity (crude_oil, natural_gas).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Export routes by commodity: shares, single point of failure, exposure to each pole.

    With --lines, the lines in operation instead, each with its id and name: the values
    `multivector simulate outage STATE --route` accepts.
    """
    if lines:
        if year is not None or poles is not None:
            raise BadOption("--lines lists the lines in operation now", "drop --year and --poles, or drop --lines")
        _emit(api.outage_routes(state, commodity), as_json, render_scenarios.route_list)
        return
    if commodity is not None:
        raise BadOption(
            "--commodity selects among the lines of --lines",
            f"e.g. `multivector routes {state} --lines --commodity {commodity}`",
        )
    result = api.routes(state, year, poles)
    _emit(result, as_json, render.routes)


#: The network's hub unless ``--hub`` names another: the default of the hegemon parameter.
DEFAULT_HUB: str = HEGEMON


@app.command()
def network(
    hub: Annotated[str, typer.Option("--hub", help="The state at the centre (default: the hegemon).")] = DEFAULT_HUB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Degree centralisation of the post-Soviet trade network around a hub, year by year."""
    result = api.network(hub)
    _emit(result, as_json, render.network)


app.add_typer(simulate.app, name="simulate")
app.command()(serve.serve)


def main() -> None:
    """Entry point: one line on stderr for a known error, with its exit code.

    With ``--debug`` the traceback is printed too, and the exit code stays the error's.
    Exit codes: 0 done, 2 bad input, 3 store, data or machine in the way, 70 a bug.
    """
    warnings.showwarning = _show_warning
    try:
        done = app(standalone_mode=False, prog_name="multivector")
    except NoArgsIsHelpError as error:
        error.show()  # the help, as `multivector --help` prints it
        sys.exit(error.exit_code)
    except ClickException as error:
        _fail(_usage_error(error), error)
    except Abort:
        err.print("[red]error[/red] interrupted", highlight=False)
        sys.exit(130)
    except MultivectorError as error:
        _fail(error, error)
    except Exception as error:  # noqa: BLE001 - the one place that tells a bug from a known fault
        from multivector.store.faults import known_error

        known = known_error(error)
        if known is not None:
            _fail(known, error)
        if _state["debug"]:
            traceback.print_exc()
        err.print(
            f"[red]internal error[/red] {type(error).__name__}: {error} (run with --debug for the traceback)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(70)
    sys.exit(done if isinstance(done, int) else 0)


def _fail(error: MultivectorError, cause: BaseException) -> NoReturn:
    if _state["debug"]:
        traceback.print_exception(cause)
    err.print(f"[red]error[/red] {error.one_line()}", highlight=False, soft_wrap=True, markup=True)
    sys.exit(error.exit_code)


def _usage_error(error: ClickException) -> MultivectorError:
    """Click's usage box as one line: what is wrong and where the help is."""
    context = getattr(error, "ctx", None)
    where = f"`{context.command_path} --help`" if context is not None else "`multivector --help`"
    message = error.format_message().replace("\n", " ").strip().rstrip(".")
    return BadOption(message[:1].lower() + message[1:], f"see {where}")


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning is one line on stderr: ``warning slug: message — hint``."""
    text = message.one_line() if isinstance(message, MultivectorWarning) else str(message)
    err.print(f"[yellow]warning[/yellow] {text}", highlight=False, soft_wrap=True, markup=True)
