"""Build a report file: collect the data (or read them from the cache), draw the charts, write one page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from multivector.errors import UnknownSource
from multivector.measure.measurements import Measurements
from multivector.report import region_page, state_page
from multivector.report.cache import cached, entry_key
from multivector.report.data import StateReport, Step, collect
from multivector.report.page import vega_bundle, write_page
from multivector.sources import get_source
from multivector.theory.params import TheoryParams


@dataclass(frozen=True)
class Where:
    """Where a report reads and keeps things: the store file, the cache folder (None: no cache)."""

    store_path: Path
    cache_dir: Path
    use_cache: bool = True


def collect_cached(
    m: Measurements,
    state: str,
    name: str,
    coverage: dict,
    where: Where,
    year: int | None,
    params: TheoryParams,
    on_step: Step | None = None,
) -> StateReport:
    key = entry_key(where.store_path, kind="state-report", state=state, year=year, params=params.record())
    return cached(
        where.cache_dir if where.use_cache else None,
        key,
        lambda: collect(m, state, name, coverage, year, params, on_step),
    )


def state_report(
    m: Measurements,
    state: str,
    name: str,
    coverage: dict,
    out: Path,
    where: Where,
    year: int | None = None,
    params: TheoryParams | None = None,
    on_step: Step | None = None,
) -> StateReport:
    params = params or TheoryParams()
    report = collect_cached(m, state, name, coverage, where, year, params, on_step)
    if on_step:
        on_step("writing the page")
    write_page(state_page.html(report, vega_bundle(where.cache_dir), bibtex(report.citations)), out)
    return report


def region_report(
    m: Measurements,
    states: list[tuple[str, str, dict]],
    out: Path,
    where: Where,
    year: int | None = None,
    params: TheoryParams | None = None,
    on_step: Step | None = None,
) -> list[StateReport]:
    """``states``: (id, name, coverage) of each state, side by side."""
    params = params or TheoryParams()
    reports = []
    for state, name, coverage in states:
        if on_step:
            on_step(f"collecting {state}")
        reports.append(collect_cached(m, state, name, coverage, where, year, params))
    citations = {k: v for r in reports for k, v in r.citations.items()}
    if on_step:
        on_step("writing the page")
    write_page(region_page.html(reports, vega_bundle(where.cache_dir), bibtex(citations), citations), out)
    return reports


def bibtex(citations: dict[str, str]) -> str:
    """BibTeX for every source (the source's own entry) and document (@misc with its citation)."""
    entries = []
    for key, citation in sorted(citations.items()):
        try:
            entries.append(get_source(key).bibtex())
        except UnknownSource:
            text = citation.replace("{", "(").replace("}", ")")
            entries.append(f"@misc{{{key},\n  note = {{{text}}}\n}}")
    return "\n\n".join(entries) + "\n"
