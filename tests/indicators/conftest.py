"""The ``run`` fixture: execute an Ibis expression on each engine the indicators must agree on.

A test that takes ``run`` runs twice, on DuckDB and on PySpark (local mode, one session per
xdist worker, started on first use). Where Java is missing PySpark cannot start: its runs
are skipped, unless ``CI`` or ``MULTIVECTOR_REQUIRE_SPARK`` is set, where they fail.
"""

from __future__ import annotations

import decimal
import functools
import os

import ibis
import pandas as pd
import pytest

from multivector import engines

ENGINES = ["duckdb", "pyspark"]


def _required(variable: str) -> bool:
    return os.environ.get(variable, "").strip().lower() not in ("", "0", "false", "no")


@functools.cache
def _spark_problem() -> str | None:
    """Why PySpark cannot start in this process, or None; asked once per process."""
    try:
        engines.connect("pyspark")
    except Exception as error:  # no Java, no pyspark: engines.connect says which
        return f"PySpark cannot start, so the pyspark runs cannot be made: {error}"
    return None


def spark():
    """The PySpark backend of this process; skip, or fail on CI, when PySpark cannot start.

    One Spark session per process, so per xdist worker: ``engines.connect`` creates it on
    first use and keeps it. A plain function, not a fixture, so that test modules elsewhere
    that import ``run`` from here need nothing else.
    """
    if (problem := _spark_problem()) is None:
        return engines.connect("pyspark")
    if _required("CI") or _required("MULTIVECTOR_REQUIRE_SPARK"):
        pytest.fail(f"{problem} (required because CI or MULTIVECTOR_REQUIRE_SPARK is set)", pytrace=False)
    pytest.skip(f"{problem} (set MULTIVECTOR_REQUIRE_SPARK=1 to fail instead)")


def normalise(result):
    """Make equal results of the two engines compare equal, and change nothing else.

    Ibis already converts both engines' results to the expression's schema, so only
    representation is touched, column by column (rows and their order are the test's job):

    - integers of any width become int64 (a nullable integer column is float64 on both);
    - an object column holding only ``decimal.Decimal`` values (and nulls) becomes float64,
      for a Spark literal or sum typed DECIMAL where the test compares with floats;
    - timestamps get nanosecond resolution (DuckDB returns microseconds, Spark nanoseconds).
    """
    if isinstance(result, pd.DataFrame):
        result = result.copy()
        for column in result.columns:
            result[column] = normalise(result[column])
        return result
    if not isinstance(result, pd.Series):  # a scalar
        return float(result) if isinstance(result, decimal.Decimal) else result
    if result.dtype.kind == "i":
        return result.astype("int64")
    if result.dtype == object:
        values = result.dropna()
        if len(values) and all(isinstance(v, decimal.Decimal) for v in values):
            return result.astype("float64")
    if pd.api.types.is_datetime64_any_dtype(result.dtype):
        return result.dt.as_unit("ns")
    return result


def engine_runner(engine: str):
    backend = engines.connect("duckdb") if engine == "duckdb" else spark()

    def execute(expr: ibis.Expr):
        """Execute ``expr`` (memtables allowed) and return the normalised pandas result."""
        return normalise(backend.execute(expr))

    execute.engine = engine  # for a test that also needs the engine's name (engines.load)
    return execute


@pytest.fixture(params=ENGINES)
def run(request):
    """Execute an expression (memtables allowed) and return a pandas DataFrame."""
    return engine_runner(request.param)


@pytest.fixture
def run_both():
    """``{engine: run}`` for a test that compares the engines' results itself."""
    return {engine: engine_runner(engine) for engine in ENGINES}
