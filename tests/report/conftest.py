"""Fixtures of the report tests: settings on the store built from the shipped data, KAZ's report data."""

from __future__ import annotations

import pytest

from multivector import api
from multivector.config import Settings
from multivector.report.data import collect
from tests.conftest import REPO_DATA


@pytest.fixture(scope="module")
def config(built_home) -> Settings:
    return Settings(home=built_home, data_dir=REPO_DATA)


@pytest.fixture(scope="module")
def kaz(config):
    """Kazakhstan's report data (the theory engine run once per module)."""
    _, name, covered = api._state_header("KAZ", config)
    with api.measurements(config) as m:
        return collect(m, "KAZ", name, covered())
