"""The embedded store: one DuckDB file, opened offline, with the canonical schema."""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis

import hashlib

from multivector.errors import StoreBusy, StoreMissing, StoreOutdated
from multivector.schema import TABLES

SCHEMA_FINGERPRINT = hashlib.sha256(
    "\n".join(t.ddl() for t in TABLES.values()).encode()).hexdigest()[:16]

OFFLINE_CONFIG = {
    "autoinstall_known_extensions": "false",
    "autoload_known_extensions": "false",
}


class Store:
    """A DuckDB store; ``sql`` for the ingest, ``table`` for Ibis expressions."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreMissing(f"no store at {self.path}", "run `multivector build` first")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only, config=OFFLINE_CONFIG)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(f"the store {self.path} is in use by another process",
                                "wait for the other multivector command to finish") from None
            raise
        self.read_only = read_only
        self._ibis = None
        if read_only:
            self._check_schema()
        else:
            self.ensure_schema()

    def _check_schema(self) -> None:
        try:
            found = self.con.execute("SELECT value FROM store_meta WHERE key = 'schema'").fetchone()
        except duckdb.CatalogException:
            found = None
        if found is None or found[0] != SCHEMA_FINGERPRINT:
            self.close()
            raise StoreOutdated(f"the store {self.path} was built with another schema",
                                "run `multivector build`, which rebuilds it")

    def ensure_schema(self) -> None:
        """Create the tables; refuse a store made with another schema (``build`` rebuilds it)."""
        self.con.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        found = self.con.execute("SELECT value FROM store_meta WHERE key = 'schema'").fetchone()
        if found is None and self._has_tables():
            found = ("unknown",)
        if found is not None and found[0] != SCHEMA_FINGERPRINT:
            self.close()
            raise StoreOutdated(f"the store {self.path} was built with another schema",
                                "run `multivector build`, which rebuilds it")
        for table in TABLES.values():
            self.con.execute(table.ddl())
        self.con.execute("INSERT OR REPLACE INTO store_meta VALUES ('schema', ?)", [SCHEMA_FINGERPRINT])

    def _has_tables(self) -> bool:
        return self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name <> 'store_meta'").fetchone()[0] > 0

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
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(path: Path, *, read_only: bool = False) -> Store:
    return Store(path, read_only=read_only)
