"""The contenders: the same indicators per reporter-year, each from a BACI-shaped Parquet file.

Each function reads ``data`` and writes one row per (reporter, year) to ``out``:
``reporter, year, hhi, partners, hhi_normalized, effective_partners, top_partner, top_share``.
``run.py`` calls each in a fresh process so its peak memory is its own.
"""

from __future__ import annotations

from pathlib import Path

GROUP = ["reporter", "year"]


def duckdb_config(threads: int, memory_limit: str, temp_directory: Path) -> dict:
    temp_directory.mkdir(parents=True, exist_ok=True)
    return {"threads": threads, "memory_limit": memory_limit, "temp_directory": str(temp_directory)}


def project(data: Path, out: Path, config: dict) -> None:
    """The project's code path: Ibis on DuckDB, ``partner_shares`` then ``concentration``."""
    import ibis

    from multivector.indicators.concentration import concentration, partner_shares

    con = ibis.duckdb.connect(**config)
    con.raw_sql("SET enable_progress_bar = false")
    baci = con.read_parquet(data)
    flows = baci.select(reporter=baci.i, partner=baci.j, year=baci.t, value=baci.v)
    con.to_parquet(concentration(partner_shares(flows, GROUP), GROUP), out)


SQL = """
COPY (
  WITH dyads AS (
    SELECT i AS reporter, t AS year, j AS partner, sum(v) AS value
    FROM read_parquet($data)
    GROUP BY ALL
  ), totals AS (
    SELECT reporter, year,
           sum(value * value) / (sum(value) * sum(value)) AS hhi,
           count(*) AS partners,
           arg_max(partner, (value, -partner)) AS top_partner,
           max(value) / sum(value) AS top_share
    FROM dyads
    WHERE value > 0
    GROUP BY ALL
  )
  SELECT reporter, year, hhi, partners,
         CASE WHEN partners = 1 THEN 1.0
              ELSE (sqrt(hhi) - sqrt(1.0 / partners)) / (1.0 - sqrt(1.0 / partners)) END AS hhi_normalized,
         1.0 / hhi AS effective_partners,
         top_partner, top_share
  FROM totals
) TO '{out}' (FORMAT parquet)
"""


def sql(data: Path, out: Path, config: dict) -> None:
    """Hand-written DuckDB SQL: one aggregate to dyads, one to reporter-years; no window, no join."""
    import duckdb

    con = duckdb.connect(config=config)
    con.execute("SET enable_progress_bar = false")
    con.execute(SQL.format(out=str(out).replace("'", "''")), {"data": str(data)})


def pandas(data: Path, out: Path, config: dict) -> None:
    """The same in pandas, as an analyst would write it: read the four columns, group by."""
    import pandas as pd

    flows = pd.read_parquet(data, columns=["t", "i", "j", "v"]).rename(
        columns={"t": "year", "i": "reporter", "j": "partner", "v": "value"}
    )
    summed = flows.groupby([*GROUP, "partner"], as_index=False, sort=False)["value"].sum()
    del flows
    summed["share"] = summed["value"] / summed.groupby(GROUP, sort=False)["value"].transform("sum")
    positive = summed[summed["share"] > 0].assign(square=lambda d: d["share"] ** 2)
    stats = positive.groupby(GROUP).agg(hhi=("square", "sum"), partners=("share", "size"))
    top = (
        positive.sort_values([*GROUP, "share", "partner"], ascending=[True, True, False, True])
        .drop_duplicates(GROUP)
        .set_index(GROUP)[["partner", "share"]]
        .rename(columns={"partner": "top_partner", "share": "top_share"})
    )
    root_floor = (1.0 / stats["partners"]) ** 0.5
    stats["hhi_normalized"] = ((stats["hhi"] ** 0.5 - root_floor) / (1.0 - root_floor)).where(
        stats["partners"] != 1, 1.0
    )
    stats["effective_partners"] = 1.0 / stats["hhi"]
    stats.join(top).reset_index().to_parquet(out, index=False)


CONTENDERS = {"project": project, "sql": sql, "pandas": pandas}
IMPORTS = {
    "project": ["ibis", "ibis.backends.duckdb", "multivector.indicators.concentration"],
    "sql": ["duckdb"],
    "pandas": ["pandas", "pyarrow.parquet"],
}
