"""The engines indicator expressions run on: DuckDB (the default) and PySpark.

Indicators are pure functions from Ibis tables to Ibis tables, so one expression can be
executed by either engine. ``connect`` returns this process's Ibis backend for an engine;
``load`` puts in-memory tables on it, so callers build the same expression on both. The
engine names are the values of the ``MULTIVECTOR_BACKEND`` setting (``config.Backend``).

PySpark (an optional dependency, in the ``dev`` extra; it needs Java 17 or newer) runs
on the master that ``MULTIVECTOR_SPARK_MASTER`` names (``local[2]`` by default; a cluster's
URL such as ``spark://host:7077`` or ``yarn``). It is set up so that its results equal
DuckDB's on the small tables this project measures; the items marked *local* apply to
``local[...]`` masters only, a cluster keeping its own ``spark-defaults.conf``:

- *local*: local mode bound to the loopback address, no web UI, no progress bar, log
  level ERROR: nothing listens on a public port and nothing is downloaded (no
  ``spark.jars.packages``; every jar ships inside the pyspark wheel);
- session time zone UTC, as Ibis reads DuckDB's timestamps;
- ANSI mode on (Spark 4's default, set explicitly): an integer overflow or a failed cast is
  an error, as in DuckDB, not a silent wrap-around or NULL. Division by zero is the one
  case no setting reconciles (DuckDB gives ±inf or NaN, Spark without ANSI NULL): with
  ANSI on Spark raises, so an indicator dividing by a possible zero fails loudly there and
  must guard its denominator. ``ln``/``log2`` of 0 is -inf in DuckDB and NULL in Spark
  (in both modes): indicators take logarithms of positive values only;
- in-memory tables go to Spark as Arrow. Ibis 12 hands them over as pandas frames; under
  pandas 3 a missing string then arrives as the text ``'NaN'`` and a missing number as a
  NaN that Spark does not count as NULL (so ``count`` and ``sum`` differ from DuckDB's).
  The backend here gives Spark the Arrow table DuckDB reads: a NULL is a NULL on both;
- *local*: tuned for small data and a short-lived JVM: four shuffle partitions (the default 200
  makes every small group-by slow), adaptive execution and whole-stage code generation
  off (re-planning and compiling cost more than they save on a few thousand rows), and a
  JVM with the quick compiler only and the serial collector, which on a two-core machine
  halves the start-up and the first query (seconds each).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, get_args

import ibis
import pyarrow as pa
import sqlglot as sg

from multivector.config import Backend, settings
from multivector.errors import BadSetting

if TYPE_CHECKING:
    import pandas as pd
    from ibis.backends import BaseBackend

Engine = Backend
"""The engine names: those ``MULTIVECTOR_BACKEND`` accepts."""
ENGINES: tuple[str, ...] = get_args(Engine)

SPARK_LOG_LEVEL = "ERROR"
#: What makes Spark's answers equal DuckDB's, on any master (module doc).
SPARK_CONF: dict[str, str] = {
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.catalogImplementation": "in-memory",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.execution.arrow.pyspark.fallback.enabled": "false",
    "spark.log.structuredLogging.enabled": "false",
}
#: Local mode only: loopback, no web UI, and tuning for small tables and a short-lived JVM.
#: On a cluster these are the cluster's business (its ``spark-defaults.conf``).
SPARK_LOCAL_CONF: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    # a broadcast side is computed before it is sent: on two cores that can take minutes
    "spark.sql.broadcastTimeout": "3600",
    # the inputs are held and cached in the driver's heap (Spark's default is 1g)
    "spark.driver.memory": "4g",
}


def spark_conf(master: str) -> dict[str, str]:
    """The session settings for ``master``: the equality settings, and on ``local[...]`` the local ones.

    >>> spark_conf("local[2]")["spark.driver.host"]
    '127.0.0.1'
    >>> "spark.driver.host" in spark_conf("spark://head:7077"), spark_conf("yarn")["spark.sql.ansi.enabled"]
    (False, 'true')
    """
    return {**SPARK_CONF, **(SPARK_LOCAL_CONF if is_local(master) else {})}


def is_local(master: str) -> bool:
    """Whether ``master`` runs Spark inside this process (``local``, ``local[N]``, ``local[*]``)."""
    return master == "local" or master.startswith("local[")


def connect(backend: Engine = "duckdb") -> BaseBackend:
    """This process's Ibis backend for ``backend``: created on first use, then reused.

    Reuse matters for PySpark (starting the JVM takes seconds) and for ``load``: the tables
    it registers live in this backend's session. DuckDB is an in-memory database.
    """
    if backend not in ENGINES:
        raise ValueError(f"unknown backend {backend!r}; expected one of: {', '.join(ENGINES)}")
    return _connect(backend)


@functools.cache
def _connect(backend: str) -> BaseBackend:
    if backend == "duckdb":
        return ibis.duckdb.connect()
    return _spark()


def _spark() -> BaseBackend:
    try:
        from ibis.backends.pyspark import Backend as IbisSparkBackend
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise BadSetting(
            "MULTIVECTOR_BACKEND=pyspark but pyspark is not installed",
            "install the dev extra, or set MULTIVECTOR_BACKEND=duckdb",
        ) from error

    class ArrowInputBackend(IbisSparkBackend):
        """Ibis's PySpark backend, handing in-memory tables to Spark as Arrow (module doc)."""

        def _register_in_memory_table(self, op) -> None:
            self.register_arrow(op.name, op.data.to_pyarrow(op.schema))

        def register_arrow(self, name: str, table: pa.Table) -> None:
            """Make ``table`` the temporary view ``name`` of this session, cached by Spark.

            A query scans an input many times (the panel's trade channel reads the flows once
            per series and window: about 80 scans), and a view of Arrow batches converts every
            row again in each scan, one task per 10,000 rows. Cached (memory, then disk) in as
            many partitions as the session has cores, the view is converted once.
            """
            from pyspark import StorageLevel

            frame = self._session.createDataFrame(table)
            partitions = max(1, self._session.sparkContext.defaultParallelism)
            frame.coalesce(partitions).persist(StorageLevel.MEMORY_AND_DISK).createOrReplaceTempView(name)

    if getattr(ibis.options, "pyspark", None) is None:
        IbisSparkBackend.register_options()  # as ``ibis.pyspark`` does; the compiler reads these options
    master = settings().spark_master
    builder = SparkSession.builder.master(master).appName("multivector")
    if is_local(master):
        # Everything, the block manager included, binds to the loopback address; a Python
        # worker, should a query need one, runs on this interpreter (the venv's).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.pyspark.python", sys.executable)
    for key, value in spark_conf(master).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as error:  # pyspark raises PySparkRuntimeError JAVA_GATEWAY_EXITED
        raise BadSetting(
            f"PySpark did not start: {str(error).splitlines()[0]}",
            f"install Java 17 or newer (JAVA_HOME or java on PATH) and check MULTIVECTOR_SPARK_MASTER={master},"
            " or set MULTIVECTOR_BACKEND=duckdb",
        ) from error
    session.sparkContext.setLogLevel(SPARK_LOG_LEVEL)
    # PySpark also logs every failed query with its JVM stack trace on stderr; the
    # exception it raises carries the same message.
    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
    return ArrowInputBackend().connect(session)


def load(backend: Engine, tables: Mapping[str, pa.Table | pd.DataFrame]) -> dict[str, ibis.Table]:
    """Register in-memory tables on ``backend`` under their names; return them as Ibis tables.

    pandas frames go through Arrow first (NaN in a float column becomes NULL, as when DuckDB
    reads the frame), so both engines see the same values and types. The tables are
    temporary (a DuckDB temp table, a Spark temp view): they go with the process and
    replace an earlier table of the same name. Every column needs a type: a column of
    nulls only must come as an Arrow table with that column typed (DuckDB refuses NULL).
    """
    con = connect(backend)
    loaded = {}
    for name, data in tables.items():
        table = data if isinstance(data, pa.Table) else pa.Table.from_pandas(data, preserve_index=False)
        if backend == "duckdb":
            _duckdb_temp_table(con, name, table)
            loaded[name] = con.table(name, database=("temp", "main"))
        else:
            con.register_arrow(name, table)
            loaded[name] = con.table(name)
    return loaded


def _duckdb_temp_table(con: BaseBackend, name: str, table: pa.Table) -> None:
    """``CREATE OR REPLACE TEMP TABLE name`` from an Arrow table, on DuckDB's own connection.

    Not ``con.create_table(..., temp=True, overwrite=True)``: with sqlglot 30, Ibis 12 writes
    its ``DROP ... IF EXISTS`` statements without the table name, which DuckDB rejects.
    """
    source = f"multivector_load_{name}"
    con.con.register(source, table)
    try:
        target, scan = (sg.to_identifier(n, quoted=True).sql("duckdb") for n in (name, source))
        con.con.execute(f"CREATE OR REPLACE TEMP TABLE {target} AS SELECT * FROM {scan}")
    finally:
        con.con.unregister(source)
