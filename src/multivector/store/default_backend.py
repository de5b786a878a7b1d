"""Ibis's default backend, one per thread.

An Ibis expression made of in-memory tables only (``ibis.memtable``: the route facts, the
knowledge base's lines) names no backend, so Ibis runs it on its *default* backend: one
in-memory DuckDB connection for the whole process. DuckDB refuses a connection used by two
threads at once ("connection is busy with another call"), so a server answering requests in
threads (the explorer) needs one default connection per thread: ``per_thread`` installs a
stand-in that hands each thread its own, opened with the settings of the process's stores
(extension auto-install off; file access off when the process is confined).
"""

from __future__ import annotations

import threading
from typing import Any

import ibis

from multivector.store.connection import default_backend_config


class PerThreadBackend:
    """Stands in for Ibis's default backend: each attribute is the calling thread's backend's."""

    def __init__(self) -> None:
        self._local = threading.local()

    def own(self) -> Any:
        """The calling thread's in-memory DuckDB backend (opened at its first use)."""
        backend = getattr(self._local, "backend", None)
        if backend is None:
            backend = self._local.backend = ibis.duckdb.connect(":memory:", **default_backend_config())
        return backend

    def __getattr__(self, name: str) -> Any:
        return getattr(self.own(), name)


def per_thread() -> None:
    """From now on, each thread of this process runs in-memory expressions on a backend of its own."""
    if not isinstance(ibis.options.default_backend, PerThreadBackend):
        ibis.options.default_backend = PerThreadBackend()
