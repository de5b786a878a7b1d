"""The embedded store: one DuckDB file, opened offline, with the canonical schema."""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis

from multivector.errors import StoreBusy, StoreMissing
from multivector.schema import TABLES

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
        if not read_only:
            self.ensure_schema()

    def ensure_schema(self) -> None:
        for table in TABLES.values():
            self.con.execute(table.ddl())

    @property
    def ibis(self):
        """An Ibis backend on the same connection (same transaction view)."""
        if self._ibis is None:
            self._ibis = ibis.duckdb.from_connection(self.con)
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
