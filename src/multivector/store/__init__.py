"""The embedded store: connection, atomic ingest, rejects, run records."""

from multivector.store.connection import Store, open_store

__all__ = ["Store", "open_store"]
