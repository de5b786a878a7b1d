"""Properties of any ingest: the counts add up for any file; a killed ingest leaves no trace."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multivector.store import Store
from multivector.store.ingest import ingest_file
from tests.conftest import HEADER, flows_source, snapshot

SOURCE = flows_source()
SPEC = SOURCE.files[0]
ROOT = Path(__file__).resolve().parents[2]

good_line = st.builds(
    "{},{},{},{},{},usd".format,
    st.integers(1985, 2030),
    st.sampled_from(["Kazakhstan", "Russia", "China", "Oʻzbekiston"]),
    st.sampled_from(["Russia", "China", "Soviet Union", "World", "Mars", "Uzbekistan"]),
    st.sampled_from(["imports", "exports", "bananas"]),
    st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.sampled_from(["..", "", "1,5", "-2"])),
)
junk_line = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"), max_size=40)
byte_line = st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b""))
any_line = st.one_of(good_line.map(str.encode), junk_line.map(str.encode), byte_line)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(any_line, max_size=25), repeat=st.lists(st.integers(0, 24), max_size=5))
def test_rows_in_equals_loaded_plus_rejected_plus_deduplicated(store, data_dir, lines, repeat):
    lines = lines + [lines[i] for i in repeat if i < len(lines)]  # exact duplicates too
    (data_dir / SPEC.path).write_bytes(HEADER.encode() + b"\n".join(lines) + b"\n")
    result = ingest_file(store, SOURCE, SPEC, data_dir)
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert result.rows_in == sum(1 for line in lines if line.strip())
    stored = store.con.execute("SELECT count(*) FROM flows WHERE source_id = 'test_flows'").fetchone()[0]
    rejected = store.con.execute("SELECT count(*) FROM rejects WHERE source_id = 'test_flows'").fetchone()[0]
    assert (stored, rejected) == (result.rows_loaded, result.rows_rejected)


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from multivector.store import Store, ingest
    from tests.conftest import flows_source

    point = sys.argv[3]
    real_insert = ingest._insert

    def insert_then_die(store, table, rows):
        real_insert(store, table, rows)
        if table == point:
            os.kill(os.getpid(), signal.SIGKILL)

    ingest._insert = insert_then_die
    if point == "parse":
        def die_before_commit(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        ingest._commit = die_before_commit
    source = flows_source()
    with Store(Path(sys.argv[1])) as store:
        ingest.ingest_file(store, source, source.files[0], Path(sys.argv[2]))
    print("not killed")
""")


@pytest.mark.slow
@pytest.mark.parametrize("point", ["parse", "flows", "rejects", "ingest_runs", "sources"])
def test_an_ingest_killed_mid_way_leaves_the_store_as_before(tmp_path, store, data_dir, point):
    (data_dir / SPEC.path).write_text(HEADER + "2000,Kazakhstan,Russia,imports,1,usd\n", encoding="utf-8")
    ingest_file(store, SOURCE, SPEC, data_dir)
    before = snapshot(store)
    store.close()
    (data_dir / SPEC.path).write_text(
        HEADER + "2001,Kazakhstan,China,imports,7,usd\n2001,Kazakhstan,Mars,imports,1,usd\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(store.path), str(data_dir), point],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == -9, done.stderr + done.stdout
    with Store(store.path) as reopened:
        assert snapshot(reopened) == before
        result = ingest_file(reopened, SOURCE, SPEC, data_dir)  # and the next ingest completes
        assert (result.rows_loaded, result.rows_rejected) == (1, 1)
