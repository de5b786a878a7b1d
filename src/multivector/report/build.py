"""Build a report file: collect the data (or read them from the cache), draw the charts, write one page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import vl_convert

from multivector.errors import UnknownSource
from multivector.measure.measurements import Measurements
from multivector.report.cache import cached, entry_key
from multivector.report.page import vega_bundle, write_page
from multivector.sources import get_source
from multivector.theory.params import TheoryParams

if TYPE_CHECKING:  # collecting and drawing import the theory engine, pandas and Altair: not needed for a kept page
    from multivector.report.data import StateReport, Step


@dataclass(frozen=True)
class Where:
    """Where a report reads and keeps things: the store file, the cache folder (None: no cache)."""

    store_path: Path
    cache_dir: Path
    use_cache: bool = True

    @property
    def kept_in(self) -> Path | None:
        """The folder entries are read from and kept in (None: ``--fresh``, nothing read or kept)."""
        return self.cache_dir if self.use_cache else None


def collect_cached(
    m: Measurements,
    state: str,
    name: str,
    coverage: Callable[[], dict],
    where: Where,
    year: int | None,
    params: TheoryParams,
    on_step: Step | None = None,
) -> StateReport:
    """The state's report data from the cache, or collected (``coverage`` is asked only then)."""
    from multivector.report.data import collect

    key = entry_key(where.store_path, kind="state-report", state=state, year=year, params=params.record())
    return cached(
        where.kept_in,
        key,
        lambda: collect(m, state, name, coverage(), year, params, on_step),
    )


def state_report(
    m: Measurements,
    state: str,
    name: str,
    coverage: Callable[[], dict],
    out: Path,
    where: Where,
    year: int | None = None,
    params: TheoryParams | None = None,
    on_step: Step | None = None,
) -> Path:
    """Write the state's page; the page itself is kept too, so a repeated report only copies it."""
    params = params or TheoryParams()

    def page() -> str:
        from multivector.report import state_page

        report = collect_cached(m, state, name, coverage, where, year, params, on_step)
        if on_step:
            on_step("writing the page")
        return state_page.html(report, vega_bundle(where.cache_dir), bibtex(report.citations))

    return write_page(cached_page(where, page, kind="state-page", state=state, year=year, params=params), out)


def region_report(
    m: Measurements,
    states: list[tuple[str, str, Callable[[], dict]]],
    out: Path,
    where: Where,
    year: int | None = None,
    params: TheoryParams | None = None,
    on_step: Step | None = None,
) -> Path:
    """``states``: (id, name, coverage) of each state, side by side (coverage asked on a cache miss)."""
    params = params or TheoryParams()

    def page() -> str:
        from multivector.report import region_page

        reports = []
        for state, name, coverage in states:
            if on_step:
                on_step(f"collecting {state}")
            reports.append(collect_cached(m, state, name, coverage, where, year, params))
        citations = {k: v for r in reports for k, v in r.citations.items()}
        if on_step:
            on_step("writing the page")
        return region_page.html(reports, vega_bundle(where.cache_dir), bibtex(citations), citations)

    states_key = [state for state, _, _ in states]
    return write_page(cached_page(where, page, kind="region-page", states=states_key, year=year, params=params), out)


def cached_page(where: Where, draw: Callable[[], str], params: TheoryParams, **parts) -> str:
    """A drawn page from the cache, keyed like the data plus the chart library's version and the
    day (the page says when it was generated)."""
    key = entry_key(
        where.store_path,
        vega=vl_convert.__version__,  # type: ignore[attr-defined]
        generated=date.today().isoformat(),
        params=params.record(),
        **parts,
    )
    return cached(where.kept_in, key, draw)


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
