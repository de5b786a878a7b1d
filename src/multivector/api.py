"""The facade: the few verbs a user calls. The CLI calls these and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from multivector.channels import CHANNELS
from multivector.config import Settings, settings
from multivector.errors import BadOption, StoreIncomplete, UnknownChannel, UnknownState
from multivector.measure import views
from multivector.measure.measurements import Measurements
from multivector.measure.panel import (
    META,
    STORED,
    compose_panel,
    fingerprint,
    materialiser,
    panel_rows,
    stored_fingerprint,
    write_panel,
)
from multivector.measure.params import MeasureParams
from multivector.measure.poles_file import read_poles_file
from multivector.outputs import ready_output, write_atomic
from multivector.presets import Preset
from multivector.rejects import RowProblem
from multivector.sources import SOURCES, get_source
from multivector.sources.base import FileSpec, Source, shared_resolver
from multivector.store import Store
from multivector.store.connection import confined, first_value, one_row
from multivector.store.ingest import IngestResult
from multivector.store.runs import file_entries
from multivector.theory.findings import COMPARISON, FOCUS
from multivector.theory.params import TheoryParams

if TYPE_CHECKING:  # the hedging model imports scipy and SALib: only when a simulation runs
    import pandas as pd

    from multivector.exports import ExportFormat, ExportResult
    from multivector.scenarios.hedging import HedgingParams, HedgingRun
    from multivector.theory.atlas_findings import AtlasFindingsParams

Progress = Callable[[Source, FileSpec, IngestResult | None], None]


def build(
    config: Settings | None = None,
    *,
    on_file: Progress | None = None,
    strict: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> list[IngestResult]:
    """Build (or bring up to date) the store from the shipped data, source by source.

    Each file is one atomic ingest; a file whose bytes, loader and crosswalk are unchanged
    is skipped, so a second build changes nothing. ``strict``: a file beyond the data-quality
    gates fails the build (``DataQualityFailed``) instead of a warning. Then the panel is
    composed (unless stored already for this data and these parameters); ``on_step`` hears
    when that starts.
    """
    from multivector.store.building import build_store

    config = config or settings()
    return build_store(
        config.store_path,
        config.data_dir,
        build_plan(),
        on_file=on_file,
        strict=strict,
        finish=lambda store, results: _compose_panel(store, results, config, on_step),
    )


def sources(config: Settings | None = None) -> list[dict]:
    """Every source with its origin, licence, years and ingest counts (latest run per file).

    Each file also has the counts of its run before (``previous``), what that re-read
    changed (``changes``) and its data-quality warnings (``quality``, see ``store.quality``).
    """
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        files = file_entries(store)
        stored = {row["source_id"]: row for row in store.rows("SELECT * FROM sources")}
    return [_source_entry(source, files, stored.get(source.id, {})) for source in SOURCES]


def _source_entry(source: Source, entries: list[dict], stored: dict) -> dict:
    files = [
        {key: value for key, value in entry.items() if key != "source_id"}
        for entry in entries
        if entry["source_id"] == source.id
    ]
    totals = {
        key: sum(f[key] for f in files)
        for key in ("rows_in", "rows_loaded", "rows_rejected", "rows_deduplicated", "records_written")
    }
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "citation": source.citation,
        "licence": source.licence,
        "version": source.version,
        "url": source.url,
        "origin": source.origin,
        "accessed": source.accessed.isoformat(),
        "years_from": stored.get("years_from"),
        "years_to": stored.get("years_to"),
        **totals,
        "balanced": totals["rows_in"] == totals["rows_loaded"] + totals["rows_rejected"] + totals["rows_deduplicated"],
        "ingested": bool(files),
        "quality": [{"file_name": f["file_name"], **warning} for f in files for warning in f["quality"]],
        "files": files,
    }


def resolve_state(text: str, config: Settings | None = None) -> str:
    """The entity id a user means by ``text`` (ISO3 code, our id or a name); never a guess."""
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        return _resolve(store, text)


def _resolve(store: Store, text: str) -> str:
    """Our id, an ISO3 code or any name of the crosswalk (English, Russian, Kazakh, Uzbek, a source's)."""
    try:
        return shared_resolver(store).resolve_first(text)
    except RowProblem as problem:
        hint = problem.suggestion or "give an ISO3 code such as KAZ"
        raise UnknownState(f"{text!r} is not a state the store knows ({problem.message})", hint) from None


def _check_years(store: Store, *years: int | None) -> None:
    """Refuse a year outside every source's years (1700, 3000) before any work is done."""
    given = [year for year in years if year is not None]
    if not given:
        return
    first, last = _source_years(store)
    outside = [year for year in given if first is not None and not first <= year <= last]
    if outside:
        raise BadOption(
            f"year {outside[0]} is outside the store's data, {first}-{last}",
            f"give a year from {first} to {last}; `multivector coverage STATE` shows a state's years",
        )


def convert(
    values: Iterable[object],
    from_: str,
    to: str,
    year: int | None = None,
    errors: Literal["raise", "missing"] = "raise",
    config: Settings | None = None,
) -> list[str | None]:
    """Country codes or names read in one scheme and written in another, as of a year.

    The store's dated crosswalk decides: COW 365 is the Soviet Union before 26 December 1991
    and Russia after, and a successor state has no code before its independence.

    Parameters
    ----------
    values : iterable
        Codes or names in scheme ``from_`` (numbers or text).
    from_, to : str
        Schemes: ``iso3``, ``iso2``, ``iso_numeric``, ``m49``, ``cow``, ``cow_abb``, ``gw``, ``fips``,
        ``imf`` or ``entity`` (our ids); ``from_`` also ``name`` and the sources' spellings.
    year : int, optional
        The year the codes are read in (default: today's codes).
    errors : {"raise", "missing"}
        An unknown or unconvertible value raises, or is left ``None`` with a warning.
    config : Settings, optional
        Where the store is (default: the settings of the environment).

    Returns
    -------
    list of str or None
        One code per value, in order.

    Examples
    --------
    >>> convert([365, 705], "cow", "iso3", year=1992)
    ['RUS', 'KAZ']
    >>> convert(["365"], "cow", "iso3", year=1990)
    ['SUN']
    """
    from multivector.codes.convert import convert as convert_codes

    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        resolver = shared_resolver(store)
    return convert_codes(resolver, values, from_, to, year, errors, stacklevel=3)


def states(config: Settings | None = None) -> dict:
    """The store's states (dissolved ones too) with name, kind and dates, and its first and last year.

    ``{"years": [first, last], "states": [{"state", "name", "kind", "valid_from", "valid_to"}]}``,
    states ordered by id; a date is None where the state's existence has no bound.
    """
    from multivector.measure.grammar import STATE_KINDS

    config = config or settings()
    kinds = ", ".join(f"'{k}'" for k in STATE_KINDS)
    with Store(config.store_path, read_only=True) as store:
        rows = store.rows(
            "SELECT entity AS state, name, kind, valid_from, valid_to FROM entities "
            f"WHERE kind IN ({kinds}) ORDER BY entity"
        )
        first, last = _store_years(store)
    for row in rows:
        for key in ("valid_from", "valid_to"):
            row[key] = row[key].isoformat() if row[key] is not None else None
    return {"years": [first, last], "states": rows}


def coverage(state: str, config: Settings | None = None) -> dict:
    """Which channels have data for ``state``, in which years, from which sources."""
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        from multivector.coverage import coverage as coverage_of

        return coverage_of(store, _resolve(store, state))


TABLES_MEASURED = (
    "flows",
    "state_values",
    "dyad_values",
    "un_votes",
    "un_roll_calls",
    "poles",
    "facts",
    "documents",
    "entities",
)


@contextmanager
def measurements(
    config: Settings | None = None,
    params: MeasureParams | None = None,
    poles_file: Path | None = None,
    reporters: list[str] | None = None,
    years: tuple[int, int] | None = None,
):
    """Every indicator over all states and years, as Ibis tables on the store (open while in use).

    Parameters
    ----------
    config : Settings, optional
        Where the store is (default: the settings of the environment).
    params : MeasureParams, optional
        The measurement parameters (hegemon, windows, weights, series choice).
    poles_file : Path, optional
        A CSV ``entity,pole`` replacing the poles.
    reporters : list of str, optional
        Only these states' rows are computed (our ids): far faster than filtering the whole
        world's tables afterwards (Kazakhstan alone: seconds instead of minutes).
    years : (int, int), optional
        Only the observations of these years are read. Windows ending in the first years
        then lose their earlier years (the five-year arms window of 2019 reaches back to
        2015): to choose years without changing any value, filter the result instead, or use
        the panel grammar (``state_years``), which composes every year first.

    Yields
    ------
    Measurements
        Ibis tables per indicator (``domain_vectors()``, ``concentration(channel)`` ...).

    Examples
    --------
    >>> with measurements(reporters=["KAZ"]) as m:
    ...     vectors = m.domain_vectors().to_pandas()
    >>> sorted(vectors.domain.unique())
    ['diplomatic', 'economic', 'security']
    """
    config = config or settings()
    with Store(config.store_path, read_only=True) as store, _memory_limited(store, config):
        names = (*TABLES_MEASURED, *stored_panel(store))
        if config.backend == "pyspark":
            tables = _on_spark(store, names)
        else:
            tables = {name: store.table(name) for name in names}
        poles = read_poles_file(poles_file, store) if poles_file else None
        yield Measurements(tables, params, poles, reporters, years)


@contextmanager
def _memory_limited(store: Store, config: Settings):
    """MULTIVECTOR_DUCKDB_MEMORY_LIMIT (checked by the settings) on the store's connection while in use.

    DuckDB holds the limit per database instance, shared by every connection this process has to
    the same file; the previous limit comes back on exit, so the cap never outlives the work.
    """
    if config.duckdb_memory_limit is None or confined():  # a confined process set it when connecting
        yield
        return
    previous = first_value(store.con.execute("SELECT current_setting('memory_limit')"))
    store.con.execute(f"SET memory_limit = '{config.duckdb_memory_limit}'")
    try:
        yield
    finally:  # the default comes back exactly; a limit set before us, to DuckDB's display precision
        store.con.execute("RESET memory_limit")
        if first_value(store.con.execute("SELECT current_setting('memory_limit')")) != previous:
            store.con.execute(f"SET memory_limit = '{previous}'")


def _on_spark(store: Store, names: Sequence[str]) -> dict:
    """The measured tables copied into this process's PySpark session (MULTIVECTOR_BACKEND=pyspark)."""
    from multivector import engines

    cursor = store.con.cursor()
    return engines.load("pyspark", {name: cursor.sql(f"SELECT * FROM {name}").to_arrow_table() for name in names})


def stored_panel(store: Store) -> tuple[str, ...]:
    """The panel's stored tables (and its meta table), when the store has a panel."""
    names = (*STORED.values(), META)
    found = {r["table_name"] for r in store.rows("SELECT table_name FROM duckdb_tables()")}
    return names if set(names) <= found else ()


def _compose_panel(
    store: Store, results: list[IngestResult], config: Settings, on_step: Callable[[str], None] | None = None
) -> bool:
    """Write the default panel into the work store unless it is there already for this data.

    Composed on the configured engine (``MULTIVECTOR_BACKEND``); the rows go into the store.
    """
    with _memory_limited(store, config):
        return _compose_panel_limited(store, results, config, on_step)


def _compose_panel_limited(
    store: Store, results: list[IngestResult], config: Settings, on_step: Callable[[str], None] | None
) -> bool:
    names = (*TABLES_MEASURED, *stored_panel(store))
    if config.backend == "pyspark":
        tables = _on_spark(store, names)
    else:
        tables = {name: store.table(name) for name in names}
    m = Measurements(tables)
    if all(r.status == "unchanged" for r in results) and stored_fingerprint(tables) == fingerprint(m):
        return False
    if on_step is not None:
        on_step(f"composing the panel: every state and year ({config.backend})")
    write_panel(store.con, panel_rows(compose_panel(m, materialiser(config.backend))), m)
    return True


def measure(
    state: str,
    channel: str,
    year_from: int | None = None,
    year_to: int | None = None,
    poles_file: Path | None = None,
    params: MeasureParams | None = None,
    config: Settings | None = None,
) -> dict:
    """One state's partner and pole shares and concentration in one channel and window.

    ``year_to`` alone is one year; with ``year_from`` the years between are pooled; neither
    is the latest year with data (pooled over the channel's default span).
    """
    if channel not in CHANNELS:
        raise UnknownChannel(f"no channel {channel!r}", f"choose one of {', '.join(CHANNELS)}")
    if channel == "energy_routes":
        raise UnknownChannel("energy_routes are measured by route, not by partner", f"run `multivector routes {state}`")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadOption(
            f"the window {year_from}-{year_to} runs backwards",
            f"give the first year first: --from {year_to} --to {year_from}",
        )
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        entity = _resolve(store, state)
        _check_years(store, year_from, year_to)
    with measurements(config, params, poles_file, [entity]) as m:
        return views.measure(m, entity, channel, year_from, year_to)


def profile(
    state: str,
    year: int,
    poles_file: Path | None = None,
    params: MeasureParams | None = None,
    config: Settings | None = None,
    hegemon: str | None = None,
) -> dict:
    """Security, economic and diplomatic pole vectors of a state in a year, and what they say.

    ``hegemon`` (a pole) replaces the parameters' hegemon; without ``poles_file`` its poles are
    those of the shipped preset with that hegemon, or the default mapping if it is a pole there
    (``atlas_choice``).
    """
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        entity = _resolve(store, state)
        _check_years(store, year)
    if hegemon is not None:
        choice = atlas_choice(hegemon=hegemon, poles_file=poles_file, config=config)
        poles_file = choice.poles_file
        params = (params or MeasureParams()).model_copy(update={"hegemon": choice.hegemon})
    longest = max((params or MeasureParams()).spans.values(), default=1)
    with measurements(config, params, poles_file, [entity], (year - longest + 1, year)) as m:
        return views.profile(m, entity, year)


def routes(state: str, year: int | None = None, poles_file: Path | None = None, config: Settings | None = None) -> dict:
    """Export routes of a state: route shares, single point of failure, exposure to each pole."""
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        entity = _resolve(store, state)
        _check_years(store, year)
    with measurements(config, None, poles_file, [entity]) as m:
        return views.routes(m, entity, year)


def network(hub: str | None = None, config: Settings | None = None) -> dict:
    """Degree centralisation of the post-Soviet trade network around ``hub`` (default: the
    hegemon of the measurement parameters), year by year."""
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        entity = _resolve(store, hub or MeasureParams().hegemon)
    with measurements(config) as m:
        return views.network(m, entity)


def classify(
    state: str, year: int | None = None, params: TheoryParams | None = None, config: Settings | None = None
) -> dict:
    """Phases, adoption conditions C1-C3 and variants V1-V4 of a state, with evidence (THEORY.md §3-§5).

    ``year`` (default: the last year with data) is the year the conditions and variants
    are judged in; the phases cover every year.
    """
    from multivector.theory.classify import classify_inputs
    from multivector.theory.robustness import with_shock_robustness

    params = params or TheoryParams()
    inputs = _state_inputs(state, year, params, config)
    return with_shock_robustness(classify_inputs(inputs, params), inputs.panel, params)


def sensitivity(
    state: str,
    year: int | None = None,
    params: TheoryParams | None = None,
    config: Settings | None = None,
    on_run: Callable[[int, int], None] | None = None,
) -> dict:
    """Which parameter, set lower or higher, flips which verdict of ``classify``."""
    from multivector.theory.sensitivity import sensitivity as run

    return run(_state_inputs(state, year, params, config), params or TheoryParams(), on_run=on_run)


STUDIED_STATES = FOCUS + COMPARISON
FINDINGS_EXAMPLE = "--out out/findings.md"
ATLAS_FINDINGS_EXAMPLE = "--out docs/atlas.md"


def findings(
    params: TheoryParams | None = None,
    config: Settings | None = None,
    on_state: Callable[[str], None] | None = None,
    out: Path | None = None,
    as_json: bool = False,
    on_setting: Callable[[int, int], None] | None = None,
) -> str:
    """docs/findings.md: the seeds' claims tested on the classification of every studied state.

    Each claim's verdict carries its robustness over the plausible parameter settings
    (``on_setting(done, total)`` reports that pass). With ``as_json`` the text is JSON:
    ``{"parameters", "plausible", "settings", "claims": [{title, verdict, verdict_at_defaults,
    robustness, fragile, flips, data, rule, seeds, where}]}``. With ``out`` the text is also
    written there (atomically; the path is checked first).
    """
    import json

    from multivector.theory.findings_doc import build_context, findings_json, judged_claims, markdown

    if out is not None:
        ready_output(out, example=FINDINGS_EXAMPLE)
    params = params or TheoryParams()
    with measurements(config, params.measure) as m:
        context = build_context(m, params, on_state)
    claims = judged_claims(context, params, on_setting)
    if as_json:
        text = json.dumps(findings_json(claims, params), indent=2, ensure_ascii=False) + "\n"
    else:
        text = markdown(context, params, claims)
    if out is not None:
        write_atomic(out, text, example=FINDINGS_EXAMPLE)
    return text


def _state_inputs(state: str, year: int | None, params: TheoryParams | None, config: Settings | None):
    from multivector.theory.classify import load_inputs

    config = config or settings()
    params = params or TheoryParams()
    with Store(config.store_path, read_only=True) as store:
        entity = _resolve(store, state)
        _check_years(store, year)
    with measurements(config, params.measure) as m:
        return load_inputs(m, entity, year)


REGION = FOCUS
DRAWS_EXAMPLE = "--draws-out out/draws.parquet"


def report(
    state: str,
    out: Path | None = None,
    year: int | None = None,
    params: TheoryParams | None = None,
    config: Settings | None = None,
    on_step: Callable[[str], None] | None = None,
    use_cache: bool = True,
) -> Path:
    """Write the country report of ``state``: one offline HTML file (default ``out/STATE.html``).

    The computed data are kept in HOME/cache per store, parameters, year and code version, so
    a second report of the same state only draws and writes (``use_cache=False`` recomputes).
    """
    from multivector.report.build import state_report
    from multivector.report.page import PAGE_EXAMPLE

    config = config or settings()
    params = params or TheoryParams()
    entity, name, covered = _state_header(state, config, year)
    out = out or Path("out") / f"{entity}.html"
    ready_output(out, example=PAGE_EXAMPLE)
    with measurements(config, params.measure) as m:
        state_report(m, entity, name, covered, out, _where(config, use_cache), year, params, on_step)
    return out


def region_report(
    out: Path | None = None,
    states: tuple[str, ...] = REGION,
    year: int | None = None,
    params: TheoryParams | None = None,
    config: Settings | None = None,
    on_step: Callable[[str], None] | None = None,
    use_cache: bool = True,
) -> Path:
    """Write the region report: ``states`` (default the five Central Asian states) side by side."""
    from multivector.report.build import region_report as build_region
    from multivector.report.page import PAGE_EXAMPLE

    config = config or settings()
    params = params or TheoryParams()
    headers = [_state_header(s, config, year) for s in states]
    out = out or Path("out") / "region.html"
    ready_output(out, example=PAGE_EXAMPLE)
    with measurements(config, params.measure) as m:
        build_region(m, headers, out, _where(config, use_cache), year, params, on_step)
    return out


def _where(config: Settings, use_cache: bool):
    from multivector.report.build import Where

    return Where(config.store_path, config.home / "cache", use_cache)


def chart(
    kind: str,
    state: str,
    out: Path,
    year: int | None = None,
    params: TheoryParams | None = None,
    config: Settings | None = None,
    years: tuple[int, int] | None = None,
) -> Path:
    """One chart of the report as an image (``.png`` or ``.svg``, from the file name).

    ``years`` (first, last) limits the time lines drawn; the values are those of the whole report.
    """
    from multivector.report.build import collect_cached
    from multivector.report.data import within_years
    from multivector.report.images import IMAGE_EXAMPLE, image_format, save_chart
    from multivector.report.state_page import chart as draw
    from multivector.report.state_page import chart_kinds

    if kind not in chart_kinds():
        raise BadOption(f"no chart {kind!r}", f"choose one of {', '.join(chart_kinds())}")
    if years is not None and years[0] > years[1]:
        raise BadOption(f"the years {years[0]}-{years[1]} run backwards", "give --from before --to")
    image_format(out)
    ready_output(out, example=IMAGE_EXAMPLE)
    config = config or settings()
    params = params or TheoryParams()
    entity, name, covered = _state_header(state, config, year)
    with measurements(config, params.measure) as m:
        data = collect_cached(m, entity, name, covered, _where(config, True), year, params)
    return save_chart(draw(within_years(data, years) if years else data, kind), out)


#: The report section whose caption describes a chart kind, where the two names differ.
_CAPTION_OF = {"phases": "summary", "variants": "conditions", "domain-shares": "phases"}


def state_charts(
    state: str,
    kinds: Sequence[str],
    year: int | None = None,
    params: TheoryParams | None = None,
    config: Settings | None = None,
) -> dict:
    """Charts of the state's report as Vega-Lite specs, each with its caption (for the explorer).

    ``{"state", "name", "year", "charts": [{"kind", "what", "spec", "caption", "missing"}],
    "citations": {key: citation}}``: ``spec`` is None where the state has nothing to draw
    (``missing`` says why). The report's data come from its cache, as ``chart`` reads them.
    """
    from multivector.report.build import collect_cached
    from multivector.report.captions import state_captions
    from multivector.report.page import spec_of
    from multivector.report.state_page import chart as draw
    from multivector.report.state_page import chart_kinds, missing

    known = chart_kinds()
    for kind in kinds:
        if kind not in known:
            raise BadOption(f"no chart {kind!r}", f"choose one of {', '.join(known)}")
    config = config or settings()
    params = params or TheoryParams()
    entity, name, covered = _state_header(state, config, year)
    with measurements(config, params.measure) as m:
        data = collect_cached(m, entity, name, covered, _where(config, True), year, params)
    charts = []
    for kind in kinds:
        why = missing(data, kind)
        captions = state_captions(data, _CAPTION_OF.get(kind, kind), 1)
        charts.append(
            {
                "kind": kind,
                "what": known[kind],
                "spec": None if why else spec_of(draw(data, kind)),
                "caption": captions[0] if captions else "",
                "missing": why,
            }
        )
    return {"state": entity, "name": name, "year": data.year, "charts": charts, "citations": dict(data.citations)}


def export(
    table: str,
    fmt: str | None,
    out: Path,
    config: Settings | None = None,
    *,
    states: Sequence[str] | None = None,
    years: tuple[int, int] | int | str | None = None,
    channels: Sequence[str] | None = None,
) -> ExportResult:
    """Write a table to a file: csv (UTF-8), parquet, dta (Stata 118) or xlsx; ``fmt`` None:
    the format of ``out``'s suffix.

    ``table``: a store table (``flows`` ...), a stored panel table (``panel_state_years`` ...),
    ``state_years`` (the state-year panel with ``add_dependence`` and ``add_differentiation``)
    or ``dyad_years`` (with ``add_trade``; needs ``states``). ``states`` (ids, ISO3 codes or
    names), ``years`` ((first, last), one year, or "FIRST-LAST") and ``channels`` choose the
    rows. dta and parquet files carry each column's label and unit, the table's description
    and the citations of its sources (``exports``).

    >>> export("state_years", None, Path("panel.dta"), states=["KAZ", "UZB"], years=(1992, 2023))  # doctest: +SKIP
    """
    import pyarrow as pa

    from multivector.exports import export_table, format_of, write_frame
    from multivector.measure import exportable

    config = config or settings()
    exportable.check_name(table)
    fmt = format_of(out, fmt)
    ready_output(out)
    span = exportable.year_span(years)
    hegemon = MeasureParams().hegemon
    with Store(config.store_path, read_only=True) as store:
        _check_years(store, *(span or ()))
        chosen = _resolve_each(store, states) if states else None
        if table not in exportable.FRAMES:
            spec, meta, rows = exportable.stored(store, table, chosen, span, channels, hegemon)
            return export_table(store, spec, fmt, out, meta=meta, rows=rows)
        names = exportable.pole_names(store)
    frame = _grammar_frame(table, chosen, span, channels, config)
    meta = exportable.frame_meta(table, frame, hegemon, names)
    return write_frame(pa.Table.from_pandas(frame, preserve_index=False), fmt, out, name=table, meta=meta)


def _grammar_frame(
    table: str,
    states: list[str] | None,
    years: tuple[int, int] | None,
    channels: Sequence[str] | None,
    config: Settings,
) -> pd.DataFrame:
    """``state_years`` with dependence and differentiation, or ``dyad_years`` with trade."""
    if table == "state_years":
        if channels:
            raise BadOption("state_years has no channel column", "drop --channel, or export dyad_years or flows")
        units = state_years(states, years, config=config)
        return add_differentiation(add_dependence(units, config=config), config=config)
    if not states:
        raise BadOption("dyad_years needs the states whose dyads to write", "give --states, e.g. --states KAZ")
    dyads = dyad_years(states, years=years, config=config)
    return add_trade(dyads, channels or ("exports", "imports"), config=config)


def _state_header(state: str, config: Settings, year: int | None = None) -> tuple[str, str, Callable[[], dict]]:
    """(entity id, name, coverage) of the state a user means; ``year`` checked against the store's.

    The coverage comes as a function: a report read from the cache never needs it.
    """
    with Store(config.store_path, read_only=True) as store:
        entity = _resolve(store, state)
        _check_years(store, year)
        names = store.rows("SELECT name FROM entities WHERE entity = ?", [entity])

    def covered() -> dict:
        from multivector.coverage import coverage as coverage_of

        with Store(config.store_path, read_only=True) as store:
            return coverage_of(store, entity)

    return entity, names[0]["name"] if names else entity, covered


def cite(source: str | pd.DataFrame) -> str:
    """BibTeX of a source, or of every source behind a table of the panel grammar.

    Parameters
    ----------
    source : str or pandas.DataFrame
        A source id (``multivector sources`` lists them), or a table whose ``series_*``
        columns name the series its values were read on.

    Returns
    -------
    str
        BibTeX entries, one per source.

    Examples
    --------
    >>> cite("sipri_trade_register").splitlines()[0]
    '@misc{sipri_trade_register,'
    >>> cite(add_dependence(state_years(["KAZ"], (2022, 2022)))).count("@misc")
    3
    """
    if isinstance(source, str):
        return get_source(source).bibtex()
    from multivector.measure.grammar import sources_of

    return "\n\n".join(get_source(s).bibtex() for s in sources_of(source)) + "\n"


# the panel grammar (state-years, then measures added as columns) ----------------------------
class AtlasChoice(NamedTuple):
    """What an atlas is drawn under: the hegemon (None: no former hegemon), the pole mapping
    (None: the store's own), its poles, and the preset that gave them (None: given by hand)."""

    hegemon: str | None
    poles_file: Path | None
    poles: tuple[str, ...]
    preset: Preset | None


def atlas_choice(
    preset: str | Path | None = None,
    hegemon: str | None = None,
    poles_file: Path | None = None,
    config: Settings | None = None,
) -> AtlasChoice:
    """The hegemon and pole mapping of an atlas: a preset, or a hegemon with a poles file.

    Without either the default is the ``post_soviet`` preset. A hegemon without a poles file
    takes the poles of the shipped preset with that hegemon, or the store's mapping when the
    hegemon is one of its poles; a hegemon that is a pole of neither is refused, with the fix.
    """
    from multivector.presets import PRESETS, load_preset

    config = config or settings()
    if preset is not None and (hegemon is not None or poles_file is not None):
        raise BadOption("a preset brings its own hegemon and poles", "give --preset alone, or --hegemon with --poles")
    if preset is None and hegemon is None and poles_file is None:
        preset = "post_soviet"
    if preset is not None:
        chosen = load_preset(preset, config.data_dir)
        return AtlasChoice(chosen.hegemon, chosen.poles_file, chosen.poles, chosen)
    if poles_file is not None:
        poles = _poles_of(poles_file, config)
    else:
        shipped = [load_preset(name, config.data_dir) for name in PRESETS]
        with_it = [p for p in shipped if p.hegemon is not None and p.hegemon == hegemon]
        if with_it:
            return AtlasChoice(hegemon, with_it[0].poles_file, with_it[0].poles, None)
        poles = tuple(sorted({str(row["pole"]) for row in shipped_poles(config)}))
    if hegemon is not None and hegemon not in poles:
        raise BadOption(
            f"the hegemon {hegemon} is not a pole of the mapping ({', '.join(poles)})",
            f"give --poles FILE in which {hegemon} is a pole (a line {hegemon},{hegemon}), or a --preset",
        )
    return AtlasChoice(hegemon, poles_file, poles, None)


def _poles_of(poles_file: Path, config: Settings) -> tuple[str, ...]:
    with Store(config.store_path, read_only=True) as store:
        mapping = read_poles_file(poles_file, store).to_pandas()
    return tuple(sorted({*mapping.pole.astype(str), "OTHER"}))


def atlas_table(
    preset: str | Path | None = None,
    hegemon: str | None = None,
    poles_file: Path | None = None,
    years: tuple[int, int] | None = None,
    states: Sequence[str] | None = None,
    phases: bool = False,
    config: Settings | None = None,
    on_state: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Every state-year under a preset (or a hegemon and poles): the atlas's table.

    Parameters
    ----------
    preset : str or Path, optional
        A shipped preset (``post_soviet``, ``post_french``, ``post_british``,
        ``post_portuguese``, ``classic_asia``, ``americas``) or a copy of one by path.
        Default: ``post_soviet`` unless ``hegemon`` or ``poles_file`` is given.
    hegemon, poles_file : optional
        Instead of a preset: the hegemon (a pole) and the pole mapping (``atlas_choice``).
    years : (int, int), optional
        First and last year (default: the store's years).
    states : sequence of str, optional
        Only these states (default: every state).
    phases : bool
        Read the timeline's phase for the preset's members (about two seconds a state).
    config : Settings, optional
        Where the store is (default: the settings of the environment).
    on_state : callable, optional
        Told each member's id as its phases are read.

    Returns
    -------
    pandas.DataFrame
        One row per state-year: ``dependence_<domain>`` (missing without a hegemon),
        ``share_<domain>_<pole>``, ``differentiation``, ``balance``, ``hedging_type``,
        ``leader``, ``captured_domains``, ``member``, ``independence``, ``basis``,
        ``citation`` (and the phase columns), each with its series
        (``multivector.theory.atlas_table``).

    Examples
    --------
    >>> table = atlas_table("post_soviet", years=(2010, 2010))
    >>> table.loc[table.state == "KAZ", ["member", "independence", "hedging_type"]].values.tolist()
    [[True, 1991, 'split']]
    """
    from multivector.theory.atlas_table import atlas_rows

    config = config or settings()
    choice = atlas_choice(preset, hegemon, poles_file, config)
    frame = state_years(states, years, config)
    params = MeasureParams() if choice.hegemon is None else MeasureParams(hegemon=choice.hegemon)
    reporters = sorted(frame.state.unique()) if states is not None else None
    members = choice.preset.states if (phases and choice.preset is not None) else ()
    read = None
    if years is not None and not phases:  # the years' windows whole, nothing earlier composed
        read = (years[0] - max(params.spans.values(), default=1) + 1, years[1])
    with measurements(config, params, choice.poles_file, reporters, read) as m:
        return atlas_rows(m, frame, choice.poles, choice.hegemon, choice.preset, members, on_state=on_state)


def atlas_year(config: Settings | None = None) -> int:
    """The atlas's default year: the one in which the most states have all three domains
    measured, the latest on a tie."""
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        if not stored_panel(store):
            raise StoreIncomplete("the store has no panel", "run `multivector build`")
        year = first_value(
            store.con.execute(
                "SELECT year FROM panel_state_years WHERE domains = 3 GROUP BY year "
                "ORDER BY count(*) DESC, year DESC LIMIT 1"
            )
        )
    return int(year)


def atlas(
    out: Path | None = None,
    preset: str | Path | None = None,
    hegemon: str | None = None,
    poles_file: Path | None = None,
    year: int | None = None,
    phases: bool = False,
    config: Settings | None = None,
    on_step: Callable[[str], None] | None = None,
) -> Path:
    """Write the atlas page of a year: one offline HTML file (default ``out/atlas.html``).

    A world map of hedging types, the sortable table and the preset's members with their
    citations (``atlas_table`` for one year; ``phases`` reads the members' phases too).
    """
    from multivector.report.atlas_page import html
    from multivector.report.page import PAGE_EXAMPLE, vega_bundle, write_page

    config = config or settings()
    out = out or Path("out") / "atlas.html"
    ready_output(out, example=PAGE_EXAMPLE)
    choice = atlas_choice(preset, hegemon, poles_file, config)
    year = year if year is not None else atlas_year(config)
    step = on_step or (lambda what: None)
    step(f"composing the atlas of {year}")
    table = atlas_table(
        preset,
        hegemon,
        poles_file,
        (year, year),
        phases=phases,
        config=config,
        on_state=lambda state: step(f"phases of {state}"),
    )
    step("writing the page")
    command = " ".join(
        [
            "multivector atlas",
            *([f"--preset {preset}"] if preset is not None else []),
            *([f"--hegemon {hegemon}"] if hegemon is not None else []),
            *([f"--poles {Path(poles_file).name}"] if poles_file is not None else []),
            f"--year {year}",
            *(["--phases"] if phases else []),
        ]
    )
    page = html(
        table,
        year=year,
        hegemon=choice.hegemon,
        preset=choice.preset,
        mapping=Path(choice.poles_file).name if choice.poles_file else "the store",
        bundle=vega_bundle(config.home / "cache"),
        command=command,
    )
    return write_page(page, out)


def atlas_findings(
    params: AtlasFindingsParams | None = None,
    config: Settings | None = None,
    out: Path | None = None,
    as_json: bool = False,
    on_preset: Callable[[str], None] | None = None,
) -> str:
    """docs/atlas.md: the post-imperial claim tested on every shipped preset (THEORY.md §7).

    Each preset's atlas table is read for its members, from the earliest independence year to
    the window's last year (``theory.atlas_findings`` states the rules). With ``as_json`` the
    text is the result as JSON; with ``out`` it is also written there (atomically).
    """
    from multivector.jsonout import to_json
    from multivector.presets import PRESETS, load_preset
    from multivector.theory.atlas_findings import AtlasFindingsParams, table_years
    from multivector.theory.atlas_findings import atlas_findings as judged
    from multivector.theory.atlas_findings_doc import findings_markdown

    if out is not None:
        ready_output(out, example=ATLAS_FINDINGS_EXAMPLE)
    config = config or settings()
    params = params or AtlasFindingsParams()
    presets = {name: load_preset(name, config.data_dir) for name in PRESETS}
    tables = {}
    for name, preset in presets.items():
        if on_preset is not None:
            on_preset(name)
        years = table_years(preset, params)
        tables[name] = atlas_table(name, years=years, states=list(preset.states), config=config)
    result = judged(tables, presets, params)
    text = to_json(result) + "\n" if as_json else findings_markdown(result)
    if out is not None:
        write_atomic(out, text, example=ATLAS_FINDINGS_EXAMPLE)
    return text


def shipped_poles(config: Settings | None = None) -> list[dict]:
    """The store's pole mapping (``entity``, ``pole``, ``note``), in the shipped file's order."""
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        return store.rows("SELECT entity, pole, note FROM poles ORDER BY file_line")


def check_poles(path: Path, config: Settings | None = None) -> dict:
    """Read a poles file as ``--poles`` reads it, every bad line reported at once (``BadInputFile``).

    Returns ``{"rows": entries mapped, "poles": {pole: entries}}``.
    """
    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        mapping = read_poles_file(path, store).to_pandas()
    return {
        "rows": len(mapping),
        "poles": {str(k): int(v) for k, v in mapping.pole.value_counts().sort_index().items()},
    }


def state_years(
    states: Sequence[str] | None = None, years: tuple[int, int] | None = None, config: Settings | None = None
) -> pd.DataFrame:
    """One row per state and year it existed: the unit of analysis of a state-year panel.

    A year counts when the state existed for most of it (Kazakhstan from 1992, the Soviet
    Union to 1991). Add measures with ``add_dependence``, ``add_differentiation``,
    ``add_concentration``, ``add_votes`` and ``add_phases``.

    Parameters
    ----------
    states : sequence of str, optional
        Our ids, ISO3 codes or names (default: every state, dissolved ones in their years).
    years : (int, int), optional
        First and last year (default: the store's years).
    config : Settings, optional
        Where the store is (default: the settings of the environment).

    Returns
    -------
    pandas.DataFrame
        ``state`` (our id), ``year``, ``name``, ``iso3`` and ``cow`` (the codes of that year).

    Examples
    --------
    >>> state_years(["Kazakhstan"], (1990, 1993))[["state", "year", "cow"]].values.tolist()
    [['KAZ', 1992, '705'], ['KAZ', 1993, '705']]
    """
    from multivector.measure.grammar import state_year_units

    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        if states is None:
            chosen = _all_states(store)
        else:
            chosen = _resolve_each(store, states)
        years = years or _store_years(store)
        _check_years(store, *years)
        return state_year_units(shared_resolver(store), chosen, years)


def dyad_years(
    states: Sequence[str],
    partners: Sequence[str] | None = None,
    years: tuple[int, int] | None = None,
    config: Settings | None = None,
) -> pd.DataFrame:
    """One row per directed dyad and year, both states existing that year.

    Parameters
    ----------
    states : sequence of str
        The states whose relations are read (ids, ISO3 codes or names).
    partners : sequence of str, optional
        Their partners (default: every state existing that year).
    years : (int, int), optional
        First and last year (default: the store's years).
    config : Settings, optional
        Where the store is (default: the settings of the environment).

    Returns
    -------
    pandas.DataFrame
        ``state``, ``partner``, ``year``, ``state_name``, ``partner_name``.

    Examples
    --------
    >>> len(dyad_years(["KAZ"], ["RUS", "CHN"], (2015, 2023)))
    18
    """
    from multivector.measure.grammar import dyad_year_units

    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        chosen = _resolve_each(store, states)
        others = _all_states(store) if partners is None else _resolve_each(store, partners)
        years = years or _store_years(store)
        _check_years(store, *years)
        return dyad_year_units(shared_resolver(store), chosen, others, years)


def add_trade(
    frame: pd.DataFrame,
    channels: Sequence[str] = ("exports", "imports"),
    params: MeasureParams | None = None,
    config: Settings | None = None,
) -> pd.DataFrame:
    """Trade of each dyad-year: value, unit in words, share of the state's total, window, series.

    Parameters
    ----------
    frame : pandas.DataFrame
        A dyad-year table (from ``dyad_years``); its rows and their order are kept.
    channels : sequence of str
        Trade channels (default exports and imports).
    params : MeasureParams, optional
        The measurement parameters (windows, series choice).
    config : Settings, optional
        Where the store is (default: the settings of the environment).

    Returns
    -------
    pandas.DataFrame
        ``frame`` with ``value_<channel>``, ``unit_<channel>``, ``share_<channel>`` (0-1),
        ``window_<channel>`` and ``series_<channel>``; missing where the series lists no
        such partner, never 0.

    Examples
    --------
    >>> trade = add_trade(dyad_years(["KAZ"], ["CHN"], (2023, 2023)), ["exports"])
    >>> trade[["partner", "unit_exports"]].values.tolist()
    [['CHN', 'US dollars, millions, current prices']]
    >>> round(float(trade.share_exports.iloc[0]), 3)
    0.185
    """
    from multivector.measure.grammar import add_trade as add

    with _grammar_measurements(frame, params, None, config) as m:
        return add(m, frame, channels)


def _all_states(store: Store) -> list[str]:
    from multivector.measure.grammar import STATE_KINDS

    kinds = ", ".join(f"'{k}'" for k in STATE_KINDS)
    return [r["entity"] for r in store.rows(f"SELECT entity FROM entities WHERE kind IN ({kinds}) ORDER BY 1")]


def _source_years(store: Store) -> tuple:
    """(first, last) year of every source's data in the store (None, None in an empty one)."""
    return one_row(store.con.execute("SELECT min(years_from), max(years_to) FROM sources"))


def _store_years(store: Store) -> tuple[int, int]:
    first, last = _source_years(store)
    return int(first), int(last)


def _resolve_each(store: Store, texts: Sequence[str]) -> list[str]:
    """The entity ids of ``texts`` (see ``_resolve``), each once, in the order given."""
    return list(dict.fromkeys(_resolve(store, text) for text in texts))


def add_dependence(
    frame: pd.DataFrame,
    domains: Sequence[str] | None = None,
    poles: Sequence[str] | None = None,
    params: MeasureParams | None = None,
    poles_file: Path | None = None,
    config: Settings | None = None,
) -> pd.DataFrame:
    """Each domain's dependence on the hegemon, or each pole's share, per state-year.

    Dependence is the hegemon's share of the domain's pole vector (THEORY.md: the mean of its
    channels' vectors, each a share 0-1 of the channel's total). Values are composed over
    every year before the rows are chosen, so windows reaching back are whole.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of the panel grammar (from ``state_years``); its rows and their order are kept.
    domains : sequence of str, optional
        security, economic, diplomatic (default all).
    poles : sequence of str, optional
        Poles whose shares are wanted instead of the hegemon's dependence.
    params : MeasureParams, optional
        The measurement parameters (hegemon, windows, weights).
    poles_file : Path, optional
        A CSV ``entity,pole`` replacing the poles.
    config : Settings, optional
        Where the store is (default: the settings of the environment).

    Returns
    -------
    pandas.DataFrame
        ``frame`` with ``dependence_<domain>`` (or ``share_<domain>_<pole>``), 0-1, and
        ``series_<domain>``; missing where not measured, never 0.

    Examples
    --------
    >>> kaz = add_dependence(state_years(["KAZ"], (1992, 2023)))
    >>> kaz.loc[kaz.year == 2022, ["dependence_security", "dependence_economic"]].round(3).values.tolist()
    [[0.981, 0.229]]
    """
    from multivector.measure.grammar import add_dependence as add

    with _grammar_measurements(frame, params, poles_file, config) as m:
        return add(m, frame, domains, poles)


def add_differentiation(
    frame: pd.DataFrame,
    params: MeasureParams | None = None,
    poles_file: Path | None = None,
    config: Settings | None = None,
) -> pd.DataFrame:
    """How differently the state's domains lean, per state-year.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of the panel grammar (from ``state_years``); its rows and their order are kept.
    params : MeasureParams, optional
        The measurement parameters.
    poles_file : Path, optional
        A CSV ``entity,pole`` replacing the poles.
    config : Settings, optional
        Where the store is (default: the settings of the environment).

    Returns
    -------
    pandas.DataFrame
        ``frame`` with ``differentiation`` (mean pairwise Jensen-Shannon divergence, base 2,
        between the domains' pole vectors: 0 when every domain leans alike, 1 when no two share
        a pole), ``balance`` (normalised Shannon entropy of the mean pole vector across the
        domains: 0 one pole only, 1 every pole equal), ``domains_measured`` and
        ``series_differentiation``. Both need whole vectors: missing where a domain rests on a
        partial partner list.

    Examples
    --------
    >>> kaz = add_differentiation(state_years(["KAZ"], (2022, 2022)))
    >>> int(kaz.domains_measured.iloc[0]), round(float(kaz.balance.iloc[0]), 3)
    (3, 0.756)
    """
    from multivector.measure.grammar import add_differentiation as add

    with _grammar_measurements(frame, params, poles_file, config) as m:
        return add(m, frame)


def add_concentration(
    frame: pd.DataFrame, channel: str = "exports", params: MeasureParams | None = None, config: Settings | None = None
) -> pd.DataFrame:
    """Partner concentration of a channel, per state-year.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of the panel grammar (from ``state_years``); its rows and their order are kept.
    channel : str
        A channel of ``multivector.channels`` (default exports).
    params : MeasureParams, optional
        The measurement parameters.
    config : Settings, optional
        Where the store is (default: the settings of the environment).

    Returns
    -------
    pandas.DataFrame
        ``frame`` with ``hhi_<channel>`` (Σ s_i² over partners), ``effective_partners_<channel>``
        (1 / HHI), ``top_partner_<channel>`` and ``series_<channel>``.

    Examples
    --------
    >>> kaz = add_concentration(state_years(["KAZ"], (2022, 2022)), "exports")
    >>> kaz[["hhi_exports", "top_partner_exports"]].round(2).values.tolist()
    [[0.08, 'ITA']]
    """
    from multivector.measure.grammar import add_concentration as add

    with _grammar_measurements(frame, params, None, config) as m:
        return add(m, frame, channel)


def add_votes(
    frame: pd.DataFrame,
    poles: Sequence[str] | None = None,
    params: MeasureParams | None = None,
    poles_file: Path | None = None,
    config: Settings | None = None,
) -> pd.DataFrame:
    """UN General Assembly voting, per state-year or dyad-year.

    Parameters
    ----------
    frame : pandas.DataFrame
        A state-year (``state_years``) or dyad-year (``dyad_years``) table; rows kept.
    poles : sequence of str, optional
        The poles whose mean κ is wanted on state-years (default all).
    params : MeasureParams, optional
        The measurement parameters.
    poles_file : Path, optional
        A CSV ``entity,pole`` replacing the poles.
    config : Settings, optional
        Where the store is (default: the settings of the environment).

    Returns
    -------
    pandas.DataFrame
        On state-years ``ideal_point`` with ``ideal_point_q05`` and ``ideal_point_q95`` and
        ``kappa_<pole>``; on dyad-years ``agreement`` (0-1), ``s_score`` (−1..1), ``kappa``
        and ``ideal_point_distance``; both with ``roll_calls``, ``partial_year`` (a year the
        release holds only in part) and ``series_votes``.

    Examples
    --------
    >>> votes = add_votes(dyad_years(["KAZ"], ["RUS"], (2022, 2022)))
    >>> votes[["agreement", "kappa"]].round(3).values.tolist(), int(votes.roll_calls.iloc[0])
    ([[0.608, 0.175]], 74)
    """
    from multivector.measure.grammar import add_votes as add

    with _grammar_measurements(frame, params, poles_file, config) as m:
        return add(m, frame, poles)


def add_phases(
    frame: pd.DataFrame,
    params: TheoryParams | None = None,
    poles_file: Path | None = None,
    config: Settings | None = None,
) -> pd.DataFrame:
    """Each state-year's phase of hedging, as ``classify`` finds it (THEORY.md §3).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table of the panel grammar (from ``state_years``); its rows and their order are kept.
    params : TheoryParams, optional
        The classification's parameters (shocks, thresholds).
    poles_file : Path, optional
        A CSV ``entity,pole`` replacing the poles.
    config : Settings, optional
        Where the store is (default: the settings of the environment).

    Returns
    -------
    pandas.DataFrame
        ``frame`` with ``phase`` (not_hedging, declaratory or substantive), ``structure``,
        ``captor``, ``shock`` (behind a substantive year) and ``series_phase``.

    Examples
    --------
    >>> add_phases(state_years(["UZB"], (2013, 2014)))[["year", "phase"]].values.tolist()
    [[2013, 'declaratory'], [2014, 'substantive']]
    """
    from multivector.theory.phase_columns import add_phases as add

    params = params or TheoryParams()
    with _grammar_measurements(frame, params.measure, poles_file, config) as m:
        return add(m, frame, params)


@contextmanager
def _grammar_measurements(frame: pd.DataFrame, params, poles_file, config):
    """The measurements for the states of ``frame``, every year (windows reach before the first)."""
    states = sorted(frame["state"].unique()) if "state" in frame.columns else []
    with measurements(config, params, poles_file, reporters=states or None) as m:
        yield m


def build_plan() -> list[tuple[Source, FileSpec]]:
    """The files ``build`` ingests, in order."""
    return [(source, spec) for source in SOURCES for spec in source.files]


def store_path(config: Settings | None = None) -> Path:
    return (config or settings()).store_path


# scenarios (THEORY.md §6, docs/scenarios.md) ----------------------------------------------

DRAWS_FORMATS: dict[str, ExportFormat] = {".csv": "csv", ".parquet": "parquet"}
Step = Callable[[str], None]


def simulate_outage(
    state: str,
    commodity: str,
    route: str | None = None,
    transit: str | None = None,
    *,
    source: str | None = None,
    config: Settings | None = None,
) -> dict:
    """Close a route (id or name) and/or a state's territory; what still gets out, re-routed by max-flow.

    ``commodity``: ``crude_oil``, ``crude oil``, ``oil``, ``natural_gas``, ``gas``; ``transit``: an
    ISO3 code or name. The result is ``scenarios.routes.outage``'s, sources and assumptions included.
    """
    from multivector.scenarios.routes import outage

    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        entity = _resolve(store, state)
        closed = _resolve(store, transit) if transit else None
    with measurements(config, None, None, [entity]) as m:
        return outage(m, entity, commodity, route, closed, source=source)


def outage_routes(state: str, commodity: str | None = None, config: Settings | None = None) -> list[dict]:
    """The state's export lines in operation, every source: what ``simulate_outage(route=...)`` may name."""
    from multivector.scenarios.routes import list_routes

    config = config or settings()
    with Store(config.store_path, read_only=True) as store:
        entity = _resolve(store, state)
    with measurements(config, None, None, [entity]) as m:
        return list_routes(m, entity, commodity)


def hedging_run(
    state: str,
    shocks: str | None = None,
    draws: int = 1000,
    seed: int = 0,
    *,
    config: Settings | None = None,
    params: HedgingParams | None = None,
    on_step: Step | None = None,
) -> HedgingRun:
    """The hedging model calibrated to the state's measured paths, its Monte Carlo and verdict.

    One calibration: the returned ``HedgingRun`` gives ``summary()`` (``simulate_hedging``) and
    ``table()`` (``hedging_draws``). ``shocks``: ``"2022:kappa=0.3,rho=0.2;2014:kappa=0.5"``.
    Options are checked before the store is read.
    """
    from multivector.scenarios.hedging import HedgingParams, parse_shocks
    from multivector.scenarios.hedging.run import check_options, run_hedging
    from multivector.theory.panel import load_panel

    params = params or HedgingParams()
    check_options(draws, seed, params)
    scenario = parse_shocks(shocks) if isinstance(shocks, str) else shocks
    config = config or settings()
    step = on_step or (lambda what: None)
    with Store(config.store_path, read_only=True) as store:
        entity = _resolve(store, state)
    step(f"loading {entity}'s measured paths")
    with measurements(config, TheoryParams().measure) as m:
        panel = load_panel(m, entity)
    step(f"calibrating {entity}, simulating {draws:,} draws")
    return run_hedging(panel, scenario, draws, seed, params)


def simulate_hedging(
    state: str,
    shocks: str | None = None,
    draws: int = 1000,
    seed: int = 0,
    *,
    config: Settings | None = None,
    params: HedgingParams | None = None,
    draws_out: Path | None = None,
    on_step: Step | None = None,
) -> dict:
    """Fit, calibrated parameters, verdict (transition? when? which parameter drives it), paths.

    The same seed gives the same result. ``draws_out`` (``.csv`` or ``.parquet``) also writes the
    tidy draws of the same run (atomically); its suffix is checked before anything runs.
    """
    fmt = draws_format(draws_out) if draws_out is not None else None
    if draws_out is not None:
        ready_output(draws_out, example=DRAWS_EXAMPLE)
    run = hedging_run(state, shocks, draws, seed, config=config, params=params, on_step=on_step)
    if draws_out is not None:
        write_draws(run.table(), draws_out, fmt)
    return run.summary()


def hedging_draws(
    state: str,
    shocks: str | None = None,
    draws: int = 1000,
    seed: int = 0,
    *,
    config: Settings | None = None,
    params: HedgingParams | None = None,
) -> pd.DataFrame:
    """The tidy draws: run_id, seed, lam, sigma, kappa, rho, offer, year, domain, pole, share."""
    return hedging_run(state, shocks, draws, seed, config=config, params=params).table()


def draws_format(out: Path) -> ExportFormat:
    """The file format of a draws file, from its suffix."""
    fmt = DRAWS_FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        raise BadOption(
            f"cannot write draws to {Path(out).name!r}: unknown suffix",
            "name a .csv or .parquet file, e.g. --draws-out draws.parquet",
        )
    return fmt


def write_draws(table: pd.DataFrame, out: Path, fmt: ExportFormat | None = None) -> ExportResult:
    """Write a tidy draws frame (``hedging_draws``) to .csv or .parquet, atomically."""
    import pyarrow as pa

    from multivector.exports import write_frame

    fmt = fmt or draws_format(out)
    return write_frame(
        pa.Table.from_pandas(table, preserve_index=False), fmt, Path(out), name="hedging_draws", example=DRAWS_EXAMPLE
    )


__all__ = [
    "build",
    "convert",
    "state_years",
    "add_dependence",
    "add_differentiation",
    "add_concentration",
    "add_phases",
    "dyad_years",
    "add_trade",
    "add_votes",
    "build_plan",
    "coverage",
    "states",
    "check_poles",
    "shipped_poles",
    "resolve_state",
    "cite",
    "sources",
    "store_path",
    "measurements",
    "measure",
    "profile",
    "routes",
    "network",
    "classify",
    "sensitivity",
    "findings",
    "report",
    "region_report",
    "chart",
    "state_charts",
    "export",
    "simulate_outage",
    "outage_routes",
    "hedging_run",
    "simulate_hedging",
    "hedging_draws",
    "write_draws",
    "MeasureParams",
    "TheoryParams",
]
