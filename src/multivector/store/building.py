"""The build: every planned file ingested into a work file, checked, then swapped in.

See ``store.lifecycle`` for the files involved. The steps::

    1. refuse a missing data folder or an unusable store location (nothing is made)
    2. take the build lock (a second build is refused)
    3. choose the work file: resume an unfinished one; else copy the store; else start
       empty. A damaged store is renamed aside (``.corrupt``) and rebuilt from nothing;
       a store of another schema is rebuilt from nothing.
    4. mark the work file ``building``; ingest every file (each one atomic, skipped when
       unchanged); retire what the store holds of files the plan no longer lists (a file
       renamed or dropped, a source removed), so a renamed file is not counted twice
    5. check: every planned file has its current run, every block reads back
    6. finish: the caller's ``finish`` writes the derived tables (the panel) into the work
       file, skipping them when no input changed and they are current
    7. mark it ``complete`` and swap it in; when nothing changed the store is left as it
       was (its modification time too, so caches keyed on it stay valid)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

from multivector.errors import (
    CountNotBalanced,
    DataFileMissing,
    DataQualityFailed,
    MultivectorWarning,
    StoreCorrupt,
    StoreOutdated,
)
from multivector.schema import TABLES
from multivector.sources.base import FileSpec, Source
from multivector.store import lifecycle
from multivector.store.connection import Store, first_value
from multivector.store.ingest import IngestResult, ingest_file
from multivector.store.quality import build_warnings

Plan = Sequence[tuple[Source, FileSpec]]
OnFile = Callable[[Source, FileSpec, IngestResult | None], None]
#: Run on the built work file before it is marked complete: derived tables (the panel) are
#: written there, so the store swapped in is whole. Returns whether it wrote anything.
Finish = Callable[[Store, list[IngestResult]], bool]


def build_store(
    store_path: Path,
    data_dir: Path,
    plan: Plan,
    *,
    on_file: OnFile | None = None,
    strict: bool = False,
    finish: Finish | None = None,
) -> list[IngestResult]:
    """Bring the store at ``store_path`` up to date with ``plan``'s files in ``data_dir``."""
    store_path, data_dir = Path(store_path), Path(data_dir)
    if not data_dir.is_dir():
        raise DataFileMissing(
            f"no data folder at {data_dir}",
            "set MULTIVECTOR_DATA_DIR to the folder holding the shipped data (data/ in the repository)",
        )
    lifecycle.make_store_folder(store_path)
    with lifecycle.build_lock(store_path):
        work, copied_from_store = _prepare_work(store_path)
        with Store(work) as store:
            lifecycle.set_mark(store.con, lifecycle.BUILDING)
            results = _ingest_all(store, data_dir, plan, on_file)
            results += _retire_unplanned(store, plan)
            _check(store, plan, results[: len(plan)], strict)
            derived = finish(store, results) if finish is not None else False
            lifecycle.set_mark(store.con, lifecycle.COMPLETE)
            store.con.execute("CHECKPOINT")
        if copied_from_store and not derived and all(r.status == "unchanged" for r in results):
            lifecycle.discard(work)  # nothing changed: the store stays as it was
        else:
            lifecycle.swap_in(work, store_path)
        _forget_corrupt(store_path)
    return results


def _prepare_work(store_path: Path) -> tuple[Path, bool]:
    """The work file to build in, and whether it is a fresh copy of a whole store."""
    work = lifecycle.work_path(store_path)
    if work.exists():
        if _problem(work) is None:
            return work, False  # an earlier build was stopped: go on from where it was
        lifecycle.discard(work)
    if not store_path.exists():
        return work, False
    problem = _problem(store_path)
    if problem is None:
        lifecycle.copy_store(store_path, work)
        return work, True
    if isinstance(problem, StoreCorrupt):
        aside = lifecycle.corrupt_path(store_path)
        lifecycle.discard(aside)
        store_path.rename(aside)
        if lifecycle.wal_of(store_path).exists():
            lifecycle.wal_of(store_path).rename(lifecycle.wal_of(aside))
        warnings.warn(
            MultivectorWarning(
                f"{problem.message}; kept aside as {aside.name} and rebuilt from the data",
                "the damaged file is removed once the new store is whole",
                slug="store-damaged",
            ),
            stacklevel=2,
        )
    return work, False  # damaged or of another schema: build anew beside it


def _problem(path: Path) -> StoreCorrupt | StoreOutdated | None:
    """Why a store file cannot be built on (damaged, of another schema), or None.

    Used for the store in service (its copy is the base of the build) and for an unfinished
    work file (resumed when it opens with this schema and reads back whole).
    """
    try:
        with Store(path) as store:
            lifecycle.verify(store.con, path)
    except (StoreCorrupt, StoreOutdated) as problem:
        return problem
    return None


def _ingest_all(store: Store, data_dir: Path, plan: Plan, on_file: OnFile | None) -> list[IngestResult]:
    results = []
    for source, spec in plan:
        if on_file:
            on_file(source, spec, None)
        result = ingest_file(store, source, spec, data_dir)
        results.append(result)
        if on_file:
            on_file(source, spec, result)
    return results


def _retire_unplanned(store: Store, plan: Plan) -> list[IngestResult]:
    """Remove the rows, rejects and runs of every file the plan no longer lists.

    A file renamed in the data folder would otherwise stay in a store built before, beside
    its successor, and its rows would count twice. Rows are
    found by source and file sha256 in the run's target table; a sha256 that a planned file
    of the same source still has is left alone. The ``sources`` row of a source with no
    planned file goes too. One result per file, status ``retired``, with the records removed
    in ``changes``.
    """
    planned = {(source.id, spec.path) for source, spec in plan}
    runs = store.rows("SELECT * FROM ingest_runs ORDER BY finished_at")
    gone: dict[tuple[str, str], list[dict]] = {}
    for run in runs:
        if (run["source_id"], run["file_name"]) not in planned:
            gone.setdefault((run["source_id"], run["file_name"]), []).append(run)
    if not gone:
        return []
    latest = {(run["source_id"], run["file_name"]): run["file_sha256"] for run in runs}  # ordered: the last wins
    in_use = {(source_id, sha) for (source_id, name), sha in latest.items() if (source_id, name) in planned}
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        results = [_retire(con, file_runs, in_use) for file_runs in gone.values()]
        kept_sources = sorted({source.id for source, _ in plan})
        con.execute("DELETE FROM sources WHERE NOT list_contains(?, source_id)", [kept_sources])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results


def _retire(con: duckdb.DuckDBPyConnection, runs: list[dict], in_use: set[tuple[str, str]]) -> IngestResult:
    """Delete one unplanned file's rows (every version it had), rejects and runs."""
    last = runs[-1]
    source_id, file_name = last["source_id"], last["file_name"]
    removed = 0
    for table, sha in sorted({(run["target_table"], run["file_sha256"]) for run in runs}):
        if table in TABLES and (source_id, sha) not in in_use:
            deleted = con.execute(f"DELETE FROM {table} WHERE source_id = ? AND file_sha256 = ?", [source_id, sha])
            removed += int(first_value(deleted))
    con.execute("DELETE FROM rejects WHERE source_id = ? AND file_name = ?", [source_id, file_name])
    con.execute("DELETE FROM ingest_runs WHERE source_id = ? AND file_name = ?", [source_id, file_name])
    changes = {last["target_table"]: (0, removed, 0)}
    return IngestResult(source_id, file_name, last["run_id"], "retired", 0, 0, 0, 0, 0, changes)


def _check(store: Store, plan: Plan, results: list[IngestResult], strict: bool) -> None:
    """Every planned file's current run is in the store, balanced; every block reads back."""
    latest = {
        (row["source_id"], row["file_name"]): row["run_id"]
        for row in store.rows(
            "SELECT source_id, file_name, arg_max(run_id, finished_at) AS run_id FROM ingest_runs GROUP BY ALL"
        )
    }
    for (source, spec), result in zip(plan, results, strict=True):
        if latest.get((source.id, spec.path)) != result.run_id or not result.balanced:
            raise CountNotBalanced(
                f"{spec.path}: the store does not hold this build's run of the file",
                "a bug in the build; the store in use was not changed",
            )
    lifecycle.verify(store.con, store.path)
    _quality(store, results, strict)


def _quality(store: Store, results: list[IngestResult], strict: bool) -> None:
    """The data-quality gates (``store.quality``): warnings, or a failed build when ``strict``."""
    found = build_warnings(store, results)
    if strict and found:
        raise DataQualityFailed(
            f"{len(found)} file(s) beyond the data-quality gates: "
            + "; ".join(warning.one_line() for warning in found),
            "fix the files, or build without --strict to accept them with warnings",
        )
    for warning in found:
        warnings.warn(warning.as_warning(), stacklevel=3)


def _forget_corrupt(store_path: Path) -> None:
    aside = lifecycle.corrupt_path(store_path)
    if aside.exists():
        lifecycle.discard(aside)
