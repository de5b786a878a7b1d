"""Atomic, idempotent ingest of one file: rows in = loaded + rejected + deduplicated.

A file is parsed outside the store; then one transaction replaces what the previous
version of the same file had loaded, inserts the new records, the rejects and the run
record. Killed at any point, the store keeps its state before the transaction.
Re-ingesting the same bytes with the same parser and crosswalk changes nothing.
A re-read file's run record (and ``IngestResult.changes``) keeps how many records the new
version added, removed and changed against the previous one (``store.changes``).
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path

import duckdb
import pyarrow as pa

from multivector.errors import CountNotBalanced, DataFileMissing
from multivector.rejects import Reject
from multivector.schema import TABLES, Table
from multivector.sources.base import FileSpec, ParseContext, ParsedRow, ParseOutput, Source
from multivector.store.changes import record_changes
from multivector.store.connection import Store, one_row

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "SMALLINT": pa.int16(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
}


@dataclass(frozen=True)
class IngestResult:
    source_id: str
    file_name: str
    run_id: str
    status: str  # "loaded", "unchanged", or "retired" (a file no longer shipped, removed by the build)
    rows_in: int
    rows_loaded: int
    rows_rejected: int
    rows_deduplicated: int
    records_written: int
    # table -> (records added, removed, changed) against the file's previous version;
    # None when the file was not re-read or nothing of it was there before
    changes: dict[str, tuple[int, int, int]] | None = None

    @property
    def balanced(self) -> bool:
        return self.rows_in == self.rows_loaded + self.rows_rejected + self.rows_deduplicated


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(f.name, _ARROW_TYPES[f.sql_type]) for f in table.columns])


def crosswalk_fingerprint(store: Store, exclude: str = "") -> str:
    """Changes whenever a file the country resolver is built from changes (but ``exclude``)."""
    rows = store.con.execute(
        "SELECT file_name, arg_max(file_sha256, finished_at) FROM ingest_runs "
        "WHERE target_table IN ('entities', 'country_codes') AND file_name <> ? "
        "GROUP BY file_name ORDER BY file_name",
        [exclude],
    ).fetchall()
    return sha256_bytes("|".join(f"{name}:{sha}" for name, sha in rows).encode())[:16]


def settle(rows: list[ParsedRow], table: Table, file_sha256: str, source: Source):
    """Split parsed rows into loaded rows, a count of exact duplicates, and conflict rejects.

    Same natural key and same records as an earlier line: deduplicated. Same key with other
    values, or a record whose primary key an earlier line already wrote: rejected.
    """
    by_key: dict[tuple, ParsedRow] = {}
    pk_lines: dict[tuple, int] = {}
    loaded, rejects, duplicates = [], [], 0
    record_key = _record_key(table)
    per_line = "file_line" in table.primary_key  # keys of different lines cannot clash
    for row in rows:
        line, raw, key, records = row
        first = by_key.setdefault(key, row)
        if first is not row:
            if first.records == records:
                duplicates += 1
            else:
                rejects.append(
                    Reject(
                        line,
                        "conflicting_duplicate",
                        f"same key {key} as line {first.line}, other values",
                        raw,
                        suggestion=f"keep one of lines {first.line} and {line}",
                    )
                )
            continue
        if len(records) == 1:  # the common case: one record, no key clash within the line
            if not per_line:
                pk = record_key(records[0])
                clash = pk_lines.get(pk)
                if clash is not None:
                    del by_key[key]
                    rejects.append(_key_clash(row, clash, table))
                    continue
                pk_lines[pk] = line
            loaded.append(row)
            continue
        keys = [(line, record_key(rec)) if per_line else record_key(rec) for rec in records]
        if len(set(keys)) != len(keys):
            raise CountNotBalanced(f"line {line} gives two records with one key", "a parser bug")
        clash = next((pk_lines[k] for k in keys if k in pk_lines), None)
        if clash is not None:
            del by_key[key]
            rejects.append(_key_clash(row, clash, table))
            continue
        pk_lines.update((k, line) for k in keys)
        loaded.append(row)
    return loaded, duplicates, rejects


def _key_clash(row: ParsedRow, clash: int, table: Table) -> Reject:
    return Reject(
        row.line,
        "duplicate_key",
        f"stores a {table.name} key that line {clash} already stored",
        row.raw,
        suggestion=f"keep one of lines {clash} and {row.line}",
    )


_SAME_IN_A_FILE = frozenset({"source_id", "source_version", "file_sha256", "file_line"})


def _record_key(table: Table):
    """``key(record)``: the record's primary key within one file, without its line.

    The provenance columns of a key (source, file) are the same for every record of the
    file being settled, so they are left out; ``settle`` adds the line where the key has it.
    """
    names = tuple(n for n in table.primary_key if n not in _SAME_IN_A_FILE)
    pick = itemgetter(*names) if len(names) > 1 else None  # one name: itemgetter gives no tuple

    def key(record: dict) -> tuple:
        if pick is not None:
            try:
                return pick(record)
            except KeyError:  # a record without a key column: that column's key value is None
                pass
        return tuple(map(record.get, names))

    return key


def _records_table(rows, table: Table, source: Source, file_sha256: str) -> pa.Table:
    provenance = {"source_id": source.id, "source_version": source.version, "file_sha256": file_sha256}
    schema = arrow_schema(table)
    records = [record for row in rows for record in row.records]
    columns = {}
    for name in schema.names:
        if name in provenance:
            columns[name] = pa.repeat(provenance[name], len(records)).cast(schema.field(name).type)
        elif name == "file_line":
            columns[name] = [row.line for row in rows for _ in row.records]
        else:
            columns[name] = _column(records, name)
    return pa.table(columns, schema=schema)


def _column(records: list[dict], name: str) -> list:
    """The records' values of one column; a record without the column gives None."""
    try:
        return list(map(itemgetter(name), records))
    except KeyError:
        return [record.get(name) for record in records]


def _rejects_table(rejects, run_id, source, file_name, file_sha256) -> pa.Table:
    schema = arrow_schema(TABLES["rejects"])
    records = [
        {
            "run_id": run_id,
            "source_id": source.id,
            "source_version": source.version,
            "file_name": file_name,
            "file_sha256": file_sha256,
            "file_line": r.line,
            "column_name": r.column,
            "reason": r.reason,
            "message": r.message,
            "raw_text": r.raw,
            "suggestion": r.suggestion,
        }
        for r in sorted(rejects, key=lambda r: r.line)
    ]
    return pa.Table.from_pylist(records, schema=schema)


def previous_run(store: Store, source_id: str, file_name: str) -> dict | None:
    rows = store.rows(
        "SELECT * FROM ingest_runs WHERE source_id = ? AND file_name = ? ORDER BY finished_at DESC LIMIT 1",
        [source_id, file_name],
    )
    return rows[0] if rows else None


def ingest_file(store: Store, source: Source, spec: FileSpec, data_dir: Path) -> IngestResult:
    """Ingest one file of a source into the store, atomically and idempotently."""
    path = Path(data_dir) / spec.path
    if not path.is_file():
        raise DataFileMissing(
            f"{spec.path} is not in the data folder {data_dir}",
            "restore it from the repository or set MULTIVECTOR_DATA_DIR",
        )
    data = path.read_bytes()
    file_sha256 = sha256_bytes(data)
    depends = crosswalk_fingerprint(store, spec.path) if spec.uses_crosswalk else ""
    for other in spec.depends_on:
        depends += "|" + sha256_bytes((Path(data_dir) / other).read_bytes())
    run_id = sha256_bytes(
        f"{source.id}|{spec.path}|{file_sha256}|{spec.parser_version}|{source.version}|{depends}".encode()
    )[:20]
    before = previous_run(store, source.id, spec.path)
    if before is not None and before["run_id"] == run_id:
        return _result_from_run(before, status="unchanged")
    started = datetime.now(UTC).replace(tzinfo=None)
    with cyclic_gc_paused():
        return _parse_and_commit(store, source, spec, data, path, file_sha256, run_id, started, before)


def _parse_and_commit(store, source, spec, data, path, file_sha256, run_id, started, before):
    text = gzip.decompress(data) if spec.path.endswith(".gz") else data
    parsed = spec.parse(text, ParseContext(store, spec.path, path))
    return _commit(store, source, spec, parsed, file_sha256, run_id, started, before)


@contextlib.contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while a file is parsed and committed.

    A large file becomes millions of small tuples, dicts and strings that all stay alive
    until the commit; the collector would scan them again and again (each time the live
    objects grow by a quarter) and find nothing to free: about a quarter of the build's
    time. Reference counting still frees everything as usual; the collector resumes once
    the parse's objects are gone (they are local to the function run inside).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _commit(store, source, spec, parsed: ParseOutput, file_sha256, run_id, started, before):
    table = TABLES[spec.table]
    loaded, duplicates, conflicts = settle(parsed.rows, table, file_sha256, source)
    rejects = parsed.rejects + conflicts
    result = IngestResult(
        source.id,
        spec.path,
        run_id,
        "loaded",
        parsed.rows_in,
        len(loaded),
        len(rejects),
        duplicates,
        sum(len(r.records) for r in loaded),
    )
    if not result.balanced:
        raise CountNotBalanced(
            f"{spec.path}: {result.rows_in} rows in but {result.rows_loaded} loaded + "
            f"{result.rows_rejected} rejected + {result.rows_deduplicated} deduplicated",
            "this is a bug in the source's parser; nothing was stored",
        )
    records = _records_table(loaded, table, source, file_sha256)
    reject_rows = _rejects_table(rejects, run_id, source, spec.path, file_sha256)
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        if before is not None:
            result = replace(result, changes={table.name: _changes(store, table, source.id, before, records)})
        stale = [file_sha256] + ([before["file_sha256"]] if before else [])
        for sha in set(stale):
            con.execute(f"DELETE FROM {table.name} WHERE source_id = ? AND file_sha256 = ?", [source.id, sha])
        con.execute("DELETE FROM rejects WHERE source_id = ? AND file_name = ?", [source.id, spec.path])
        _insert(store, table.name, records)
        _insert(store, "rejects", reject_rows)
        _record_run(store, source, spec, result, file_sha256, started)
        _upsert_source(store, source)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


def _changes(store: Store, table: Table, source_id: str, before: dict, records: pa.Table):
    """(added, removed, changed) records of the table since the file's previous version."""
    store.con.register("_incoming", records)
    try:
        return record_changes(store.con, table, source_id, before["file_sha256"], "_incoming")
    finally:
        with contextlib.suppress(duckdb.Error):
            store.con.unregister("_incoming")


def _insert(store: Store, table_name: str, rows: pa.Table) -> None:
    if rows.num_rows == 0:
        return
    store.con.register("_incoming", rows)
    try:
        names = ", ".join(rows.schema.names)
        store.con.execute(f"INSERT INTO {table_name} ({names}) SELECT {names} FROM _incoming")
    finally:
        with contextlib.suppress(duckdb.Error):
            store.con.unregister("_incoming")


def _record_run(store, source, spec, result: IngestResult, file_sha256, started) -> None:
    finished = datetime.now(UTC).replace(tzinfo=None)
    values = {
        "run_id": result.run_id,
        "source_id": source.id,
        "source_version": source.version,
        "file_name": spec.path,
        "file_sha256": file_sha256,
        "target_table": spec.table,
        "parser_version": spec.parser_version,
        "started_at": started,
        "finished_at": finished,
        "rows_in": result.rows_in,
        "rows_loaded": result.rows_loaded,
        "rows_rejected": result.rows_rejected,
        "rows_deduplicated": result.rows_deduplicated,
        "records_written": result.records_written,
        **_change_columns(result.changes),
    }
    store.con.execute("DELETE FROM ingest_runs WHERE run_id = ?", [result.run_id])
    _insert(store, "ingest_runs", pa.Table.from_pylist([values], schema=arrow_schema(TABLES["ingest_runs"])))


def _change_columns(changes: dict[str, tuple[int, int, int]] | None) -> dict:
    added, removed, changed = next(iter(changes.values())) if changes else (None, None, None)
    return {"records_added": added, "records_removed": removed, "records_changed": changed}


def _upsert_source(store: Store, source: Source) -> None:
    years = _source_years(store, source.id)
    values = {
        "source_id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "citation": source.citation,
        "licence": source.licence,
        "url": source.url,
        "origin": source.origin,
        "accessed": source.accessed,
        "source_version": source.version,
        "years_from": years[0],
        "years_to": years[1],
    }
    store.con.execute("DELETE FROM sources WHERE source_id = ?", [source.id])
    _insert(store, "sources", pa.Table.from_pylist([values], schema=arrow_schema(TABLES["sources"])))


def _source_years(store: Store, source_id: str) -> tuple[int | None, int | None]:
    """The first and last year of the source's rows in any table with a year (one query)."""
    spans = " UNION ALL ".join(
        f"SELECT min(year) AS low, max(year) AS high FROM {t.name} WHERE source_id = $source"
        for t in TABLES.values()
        if "year" in t.fields and "source_id" in t.fields
    )
    low, high = one_row(store.con.execute(f"SELECT min(low), max(high) FROM ({spans})", {"source": source_id}))
    return low, high


def _result_from_run(run: dict, status: str) -> IngestResult:
    return IngestResult(
        run["source_id"],
        run["file_name"],
        run["run_id"],
        status,
        run["rows_in"],
        run["rows_loaded"],
        run["rows_rejected"],
        run["rows_deduplicated"],
        run["records_written"],
    )


__all__ = ["IngestResult", "ingest_file", "settle"]
