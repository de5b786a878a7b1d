"""The store opens offline, answers Ibis expressions, and refuses to be opened twice for writing."""

import subprocess
import sys

import pytest

from multivector.errors import StoreMissing
from multivector.store import Store


def test_extension_autoinstall_and_autoload_are_off(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        settings = dict(
            store.con.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name LIKE 'auto%known_extensions'"
            ).fetchall()
        )
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


def test_ibis_expressions_agree_with_sql_on_the_built_store(built_store):
    flows = built_store.table("flows")
    expr = flows.filter(flows.reporter == "KAZ").value.sum()
    by_ibis = built_store.ibis.execute(expr)
    by_sql = built_store.con.execute("SELECT sum(value) FROM flows WHERE reporter = 'KAZ'").fetchone()[0]
    assert by_ibis == pytest.approx(by_sql) and by_sql > 0


def test_reading_a_missing_store_says_to_build_and_creates_nothing(tmp_path):
    with pytest.raises(StoreMissing, match="multivector build"):
        Store(tmp_path / "none.duckdb", read_only=True)
    assert not (tmp_path / "none.duckdb").exists()


def test_a_second_writer_gets_a_clear_busy_error(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path):
        code = (
            "from multivector.store import Store\n"
            "from multivector.errors import StoreBusy\n"
            f"try:\n    Store({str(path)!r})\nexcept StoreBusy as e:\n    print(e.slug)\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "store-busy", done.stderr


def test_a_bad_setting_is_one_line_with_the_fix(tmp_path):
    import os

    env = {**os.environ, "MULTIVECTOR_BACKEND": "oracle", "MULTIVECTOR_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "multivector", "sources"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "MULTIVECTOR_BACKEND" in done.stderr


def test_a_store_of_another_schema_is_refused_and_build_rebuilds_it(tmp_path, monkeypatch):
    import duckdb

    from multivector import api
    from tests.conftest import CROSSWALK_SOURCES

    plan = [(source, spec) for source, spec in api.build_plan() if source.id in CROSSWALK_SOURCES]
    monkeypatch.setattr(api, "build_plan", lambda: plan)  # the crosswalk is enough to show it

    from multivector.api import build
    from multivector.config import Settings
    from multivector.errors import StoreOutdated
    from tests.conftest import REPO_DATA

    path = tmp_path / "multivector.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE flows (year INTEGER)")
    con.close()
    with pytest.raises(StoreOutdated, match="multivector build"):
        Store(path)
    results = build(Settings(home=tmp_path, data_dir=REPO_DATA))
    assert results and all(r.status == "loaded" for r in results)
    with Store(path, read_only=True) as store:
        assert store.count("entities") > 200 and store.count("states") > 30000
