"""Feeding a national statistics source a file corrupted on purpose, through the ingest's own path."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

from multivector.sources.base import FileSpec, Source
from multivector.store import Store
from multivector.store.ingest import IngestResult, ingest_file


class Outcome(NamedTuple):
    result: IngestResult
    rejects: list[dict]
    flows: list[dict]  # what the source stored: flows, or state_values for a source of those

    def counts(self) -> tuple[int, int, int, int]:
        r = self.result
        return r.rows_in, r.rows_loaded, r.rows_rejected, r.rows_deduplicated

    def reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for reject in self.rejects:
            counts[reject["reason"]] = counts.get(reject["reason"], 0) + 1
        return counts

    def rejected(self, text: str) -> dict:
        """The one reject whose raw text contains ``text``."""
        (found,) = [r for r in self.rejects if text in r["raw_text"]]
        return found


def ingest_bytes(crosswalk_store_file: Path, tmp_path: Path, source: Source, spec: FileSpec, data: bytes) -> Outcome:
    """Write ``data`` as the file of ``spec`` in a data folder of its own and ingest it into a
    copy of the crosswalk store, as a build would."""
    data_dir = tmp_path / "data"
    (data_dir / spec.path).parent.mkdir(parents=True, exist_ok=True)
    (data_dir / spec.path).write_bytes(data)
    store_path = tmp_path / "store.duckdb"
    shutil.copyfile(crosswalk_store_file, store_path)
    with Store(store_path) as store:
        result = ingest_file(store, source, spec, data_dir)
        rejects = store.rows(
            "SELECT file_line, reason, message, suggestion, column_name, raw_text "
            "FROM rejects WHERE source_id = ? ORDER BY file_line",
            [source.id],
        )
        flows = store.rows(
            "SELECT year, reporter, partner, channel, value, detail FROM flows WHERE source_id = ?", [source.id]
        )
    assert result.balanced
    return Outcome(result, rejects, flows)
