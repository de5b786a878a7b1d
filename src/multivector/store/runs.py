"""Each ingested file as ``sources`` shows it: its latest run, the run before, the changes
between them and the data-quality warnings, all read from the store (``ingest_runs``
keeps every earlier run of a file; ``rejects`` the latest run's rejects)."""

from __future__ import annotations

from multivector.store.connection import Store
from multivector.store.quality import stored_warnings

COUNTS = ("rows_in", "rows_loaded", "rows_rejected", "rows_deduplicated", "records_written")
PREVIOUS = ("file_sha256", "rows_in", "rows_loaded", "rows_rejected", "rows_deduplicated", "finished_at")


def file_entries(store: Store) -> list[dict]:
    """One dict per (source, file) of its latest run, ordered by file name; ``source_id`` included."""
    runs = store.rows(
        "SELECT *, row_number() OVER (PARTITION BY source_id, file_name ORDER BY finished_at DESC) AS age "
        "FROM ingest_runs QUALIFY age <= 2 ORDER BY file_name, source_id, age"
    )
    previous = {(r["source_id"], r["file_name"]): r for r in runs if r["age"] == 2}
    judged = stored_warnings(store)
    return [
        _entry(
            run,
            previous.get((run["source_id"], run["file_name"])),
            judged.get((run["source_id"], run["file_name"]), []),
        )
        for run in runs
        if run["age"] == 1
    ]


def _entry(run: dict, before: dict | None, warnings: list) -> dict:
    changes = None
    if run["records_added"] is not None:
        changes = {
            run["target_table"]: {
                "added": run["records_added"],
                "removed": run["records_removed"],
                "changed": run["records_changed"],
            }
        }
    return {
        "source_id": run["source_id"],
        "file_name": run["file_name"],
        "file_sha256": run["file_sha256"],
        "target_table": run["target_table"],
        **{key: run[key] for key in COUNTS},
        "finished_at": run["finished_at"],
        "previous": {key: before[key] for key in PREVIOUS} if before else None,
        "changes": changes,
        "quality": [w.as_dict() for w in warnings],
    }
