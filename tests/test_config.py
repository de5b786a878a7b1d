"""Settings come from the environment, with MULTIVECTOR_HOME deciding where the store is."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from multivector.config import Settings


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
