"""Where the time goes: DuckDB's profile of each path, operator by operator.

    python benchmarks/explain.py --data <workdir>/baci_30000000.parquet
    python benchmarks/explain.py --data ... --show-sql        # also print the SQL Ibis generates

For the project's code and the hand-written SQL, prints
how often the Parquet file is scanned, the rows and seconds of each heavy operator (DuckDB's
profile, summed over threads and inflated by profiling; compare paths by CPU seconds), and
the process CPU seconds; then the project's code again with DuckDB's ``window_self_join``
optimizer switched off, to show what that rewrite costs here.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import ibis

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from contenders import GROUP, SQL  # noqa: E402
from multivector.indicators import concentration as project  # noqa: E402

HEAVY = (
    "TABLE_SCAN",
    "HASH_GROUP_BY",
    "PERFECT_HASH_GROUP_BY",
    "WINDOW",
    "HASH_JOIN",
    "CTE",
    "CTE_SCAN",
    "ORDER_BY",
    "COPY_TO_FILE",
)


def operators(node: dict):
    for child in node.get("operator", []) + node.get("children", []):
        yield child
        yield from operators(child)


def profile(con: ibis.BaseBackend, sql: str, scratch: Path) -> tuple[float, list[dict]]:
    raw = con.con
    profile_file = scratch / "profile.json"
    raw.execute("PRAGMA enable_profiling='json'")
    raw.execute(f"PRAGMA profiling_output='{profile_file}'")
    started = time.process_time()
    raw.execute(sql)
    cpu = time.process_time() - started
    raw.execute("PRAGMA disable_profiling")
    return cpu, list(operators(json.loads(profile_file.read_text())))


def summarise(name: str, cpu: float, ops: list[dict]) -> None:
    scans = [op for op in ops if op.get("type") == "TABLE_SCAN"]
    print(f"\n{name}: {cpu:.2f} CPU s, Parquet scanned {len(scans)} time(s)")
    totals: Counter = Counter()
    for op in ops:
        if op.get("type") in HEAVY:
            totals[op["type"]] += op.get("timing", 0.0)
            if op.get("timing", 0.0) >= 0.01:
                print(f"  {op['type']:<22} {op.get('intermediate_rows', 0):>12,} rows  {op['timing']:6.2f} s")
    print("  by operator: " + ", ".join(f"{k} {v:.2f} s" for k, v in totals.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--show-sql", action="store_true")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="multivector-explain-"))
    out = scratch / "out.parquet"

    def connect(disabled: str = "") -> ibis.BaseBackend:
        con = ibis.duckdb.connect(
            threads=args.threads, memory_limit=args.memory_limit, temp_directory=str(scratch / "spill")
        )
        con.raw_sql("SET enable_progress_bar = false")
        if disabled:
            con.raw_sql(f"SET disabled_optimizers = '{disabled}'")
        return con

    shown = set()

    def ibis_copy(module, con: ibis.BaseBackend) -> str:
        baci = con.read_parquet(args.data)
        flows = baci.select(reporter=baci.i, partner=baci.j, year=baci.t, value=baci.v)
        expr = module.concentration(module.partner_shares(flows, GROUP), GROUP)
        if args.show_sql and module.__name__ not in shown:
            shown.add(module.__name__)
            print(f"\n-- the SQL Ibis generates for {module.__name__}\n{ibis.to_sql(expr, dialect='duckdb')}")
        return f"COPY ({con.compile(expr)}) TO '{out}' (FORMAT parquet)"

    data_literal = "'" + str(args.data).replace("'", "''") + "'"
    hand = SQL.replace("$data", data_literal).format(out=out)
    runs = [
        ("project (src/multivector/indicators/concentration.py)", "", lambda con: ibis_copy(project, con)),
        ("sql (hand-written)", "", lambda con: hand),
        ("project, window_self_join optimizer off", "window_self_join", lambda con: ibis_copy(project, con)),
    ]
    for name, disabled, make in runs:
        con = connect(disabled)
        sql = make(con)
        con.con.execute(sql)  # once to warm the file cache and the catalog
        summarise(name, *profile(con, sql, scratch))


if __name__ == "__main__":
    main()
