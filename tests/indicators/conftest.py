"""The ``run`` fixture: execute an Ibis expression on each engine the indicators must agree on."""

from __future__ import annotations

import ibis
import pytest

DUCKDB = ibis.duckdb.connect()


@pytest.fixture(params=["duckdb"])
def run(request):
    """Execute an expression (memtables allowed) and return a pandas DataFrame."""
    backend = {"duckdb": DUCKDB}[request.param]
    return backend.execute
