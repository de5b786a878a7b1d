"""The embedded store: one DuckDB file, opened offline, with the canonical schema."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import duckdb
import ibis

from multivector.errors import StoreBusy, StoreCorrupt, StoreMissing, StoreOutdated
from multivector.schema import TABLES
from multivector.store import lifecycle
from multivector.store.faults import corruption_reason, fault_in_folder, known_error

SCHEMA_FINGERPRINT = hashlib.sha256("\n".join(t.ddl() for t in TABLES.values()).encode()).hexdigest()[:16]

#: DuckDB settings of every connection: no extension is fetched or loaded on its own.
OFFLINE_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": "false",
    "autoload_known_extensions": "false",
}

#: Added to the read-only connections of a confined process (the explorer, ``confine``): DuckDB
#: reads and writes no file but the store, and refuses to turn that back on while it runs.
#: (DuckDB's ``lock_configuration`` is not used: it holds for every connection to the file in the
#: process, and Ibis sets the time zone on each new one, so concurrent requests would fail.)
CONFINED_CONFIG: dict[str, str | bool | int | float | list[str]] = {"enable_external_access": "false"}

_confined: dict[str, str] = {}  # the confined process's extra settings; empty: not confined


def confine(memory_limit: str | None = None) -> None:
    """From now on, this process opens read-only stores with ``CONFINED_CONFIG``.

    ``memory_limit`` (a DuckDB size, e.g. ``'2GB'``) is set when connecting. A store opened for
    writing is not affected.
    """
    _confined.clear()
    _confined.update({key: str(value) for key, value in CONFINED_CONFIG.items()})
    if memory_limit is not None:
        _confined["memory_limit"] = memory_limit


def default_backend_config() -> dict[str, Any]:
    """The settings of an in-memory connection of this process: offline, and confined if it is."""
    return {**OFFLINE_CONFIG, **_confined}


def confined() -> bool:
    """Whether ``confine`` was called in this process."""
    return bool(_confined)


_VERIFIED: set[tuple] = set()  # (path, size, mtime) of stores whose every block was read once


def one_row(cursor: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The row of an executed query that always gives one (an aggregate, a COPY)."""
    row = cursor.fetchone()
    if row is None:
        raise LookupError("the query gave no row, though it always gives one")
    return row


def first_value(cursor: duckdb.DuckDBPyConnection) -> Any:
    """The first value of the row of an executed query that always gives one."""
    return one_row(cursor)[0]


class Store:
    """A DuckDB store; ``sql`` for the ingest, ``table`` for Ibis expressions.

    Opened ``read_only`` (every reading command), a store must be whole: built to the end
    (``lifecycle.check_build_mark``), of this schema, and readable block by block (checked
    once per process and file version); otherwise a one-line error says to run ``build``.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only:
            lifecycle.refuse_unreadable(self.path)
            if not self.path.exists():
                raise StoreMissing(f"no store at {self.path}", "run `multivector build` first")
        else:
            lifecycle.make_store_folder(self.path)
        self.con = self._connect(read_only)
        self.read_only = read_only
        self._ibis = None
        try:
            if read_only:
                self._check_schema()
                lifecycle.check_build_mark(self.con, self.path)
                self._verify_once()
            else:
                self.ensure_schema()
        except duckdb.Error as exc:
            self.close()
            raise self._damaged(exc) or exc from None
        except BaseException:
            self.close()
            raise

    def _damaged(self, exc: duckdb.Error) -> StoreCorrupt | None:
        reason = corruption_reason(exc)
        if reason is None:
            return None
        return StoreCorrupt(
            f"the store {self.path} is damaged ({reason})", "run `multivector build`, which rebuilds it"
        )

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        try:
            config = {**OFFLINE_CONFIG, **_confined} if read_only else OFFLINE_CONFIG
            return duckdb.connect(str(self.path), read_only=read_only, config=config)
        except duckdb.Error as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(
                    f"the store {self.path} is in use by another process",
                    "wait for the other multivector command to finish",
                ) from None
            damaged = self._damaged(exc)
            if damaged is not None:
                raise damaged from None
            known = known_error(exc)
            if known is not None:
                raise known from None
            raise
        except OSError as exc:
            raise fault_in_folder(exc, self.path.parent) from None

    def _verify_once(self) -> None:
        stat = self.path.stat()
        version = (str(self.path.resolve()), stat.st_size, stat.st_mtime_ns)
        if version not in _VERIFIED:
            lifecycle.verify(self.con, self.path)
            _VERIFIED.add(version)

    def _check_schema(self) -> None:
        try:
            found = self.con.execute("SELECT value FROM store_meta WHERE key = 'schema'").fetchone()
        except duckdb.CatalogException:
            found = None
        if found is None or found[0] != SCHEMA_FINGERPRINT:
            raise StoreOutdated(
                f"the store {self.path} was built with another schema", "run `multivector build`, which rebuilds it"
            )

    def ensure_schema(self) -> None:
        """Create the tables; refuse a store made with another schema (``build`` rebuilds it)."""
        self.con.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        found = self.con.execute("SELECT value FROM store_meta WHERE key = 'schema'").fetchone()
        if found is None and self._has_tables():
            found = ("unknown",)
        if found is not None and found[0] != SCHEMA_FINGERPRINT:
            raise StoreOutdated(
                f"the store {self.path} was built with another schema", "run `multivector build`, which rebuilds it"
            )
        for table in TABLES.values():
            self.con.execute(table.ddl())
        self.con.execute("INSERT OR REPLACE INTO store_meta VALUES ('schema', ?)", [SCHEMA_FINGERPRINT])

    def _has_tables(self) -> bool:
        return (
            first_value(self.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name <> 'store_meta'")) > 0
        )

    @property
    def ibis(self):
        """An Ibis backend on its own cursor of the same database (sees committed data)."""
        if self._ibis is None:
            self._ibis = ibis.duckdb.from_connection(self.con.cursor())
        return self._ibis

    def table(self, name: str):
        return self.ibis.table(name)

    def rows(self, query: str, params: list | None = None) -> list[dict]:
        cursor = self.con.execute(query, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def count(self, table: str) -> int:
        return first_value(self.con.execute(f"SELECT count(*) FROM {table}"))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(path: Path, *, read_only: bool = False) -> Store:
    return Store(path, read_only=read_only)
