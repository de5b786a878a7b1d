"""``kill -9`` at 20 random moments of a fresh build: the store is whole or says it is not.

One fresh home, one build started again and again, each killed at a random moment (a
seeded draw, 0.3-4 s after its start: while it copies, ingests, checks or swaps). After
each kill a reading command must refuse with the unfinished-build error or answer exactly
as the reference store does; at the end a build runs to its end and the store must equal
the reference store (every table, row for row; only the ingest runs' clock times differ).
Bounded: 20 kills of at most 4 s, each followed by one reading command.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from multivector.schema import TABLES
from tests.conftest import REPO_DATA
from tests.reliability.catalogue import environment, run_command

KILLS = 20
SEED = 20261204
CLOCK_COLUMNS = {"started_at", "finished_at"}
READING = ("coverage", "KAZ", "--json")
UNFINISHED = "did not finish — run `multivector build`"


def test_kill_nine_during_builds_never_serves_a_partial_store(tmp_path: Path, built_home: Path) -> None:
    home = tmp_path / "home"
    env = environment(home, REPO_DATA)
    reference = run_command(READING, environment(built_home, REPO_DATA))
    assert reference.returncode == 0, reference.stderr
    draw = random.Random(SEED)
    outcomes = []
    for _ in range(KILLS):
        build = subprocess.Popen(
            [sys.executable, "-m", "multivector", "build"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(draw.uniform(0.3, 4.0))
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=60)
        done = run_command(READING, env)
        if done.returncode == 0:
            assert done.stdout == reference.stdout, "a killed build left a store that answers differently"
            outcomes.append("answered")
        else:
            lines = done.stderr.strip().splitlines()
            assert done.returncode == 3 and len(lines) == 1, done.stderr
            assert UNFINISHED in lines[0] or "no store at" in lines[0], lines[0]
            outcomes.append("refused")
    finished = run_command(("build",), env, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert run_command(READING, env).stdout == reference.stdout
    assert differences(home / "multivector.duckdb", built_home / "multivector.duckdb") == {}
    assert sorted(p.name for p in home.iterdir()) == ["multivector.duckdb", "multivector.duckdb.lock"]
    assert "refused" in outcomes, outcomes  # the kills did land inside the first build


def differences(store: Path, reference: Path) -> dict[str, tuple[int, int]]:
    """Per table, rows only in ``store`` and rows only in ``reference`` (clock times left out)."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{store}' AS built (READ_ONLY)")
    con.execute(f"ATTACH '{reference}' AS reference (READ_ONLY)")
    found = {}
    for name, table in TABLES.items():
        columns = ", ".join(f'"{c.name}"' for c in table.columns if c.name not in CLOCK_COLUMNS)
        only = [
            con.execute(
                f"SELECT count(*) FROM (SELECT {columns} FROM {a}.{name} EXCEPT ALL SELECT {columns} FROM {b}.{name})"
            ).fetchone()[0]
            for a, b in (("built", "reference"), ("reference", "built"))
        ]
        if any(only):
            found[name] = tuple(only)
    con.close()
    return found
