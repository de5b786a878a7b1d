"""Settings come from the environment, with MULTIVECTOR_HOME deciding where the store is."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from multivector.config import Settings
from multivector.store import Store
from multivector.store.connection import first_value


def test_multivector_home_sets_the_store_location(monkeypatch, tmp_path):
    monkeypatch.setenv("MULTIVECTOR_HOME", str(tmp_path))
    assert Settings().store_path == tmp_path / "multivector.duckdb"


def test_the_default_data_dir_is_the_shipped_one():
    assert (Settings().data_dir / "sipri").is_dir()
    assert Settings().data_dir.name == "data"


def test_an_unknown_backend_is_refused(monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_BACKEND", "oracle")
    with pytest.raises(ValidationError):
        Settings()


def test_settings_are_frozen(tmp_path):
    settings = Settings(home=tmp_path)
    with pytest.raises(ValidationError):
        settings.home = Path("/elsewhere")


@pytest.mark.parametrize("value", ["1500MB", "2GB", "1.5 GiB"])
def test_a_duckdb_memory_limit_is_read_with_its_unit(monkeypatch, value):
    monkeypatch.setenv("MULTIVECTOR_DUCKDB_MEMORY_LIMIT", value)
    assert Settings().duckdb_memory_limit == value


@pytest.mark.parametrize("value", ["1500", "lots", "1GB'; DROP TABLE flows; --"])
def test_a_duckdb_memory_limit_without_a_unit_is_refused(monkeypatch, value):
    monkeypatch.setenv("MULTIVECTOR_DUCKDB_MEMORY_LIMIT", value)
    with pytest.raises(ValidationError):
        Settings()


def test_the_memory_limit_reaches_the_measuring_connection(monkeypatch, built_home):
    from multivector import api

    monkeypatch.setenv("MULTIVECTOR_HOME", str(built_home))
    config = Settings(duckdb_memory_limit="700MB")
    with Store(Settings().store_path, read_only=True) as held:  # keeps the database instance open
        before = first_value(held.con.execute("SELECT current_setting('memory_limit')"))
        with api.measurements(config) as m:
            con = m.tables["flows"]._find_backend().con
            limit = first_value(con.execute("SELECT current_setting('memory_limit')"))
        after = first_value(held.con.execute("SELECT current_setting('memory_limit')"))
    assert limit.replace(" ", "") in {"700.0MB", "667.5MiB", "700MB"}
    assert after == before  # one database instance per file in a process: the cap ends with the work
