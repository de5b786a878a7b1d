"""Shared fixtures: a store with a small crosswalk, and a tidy flows source to feed it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from multivector.config import settings
from multivector.schema import TABLES
from multivector.sources import multivector_codes
from multivector.sources.base import FileSpec, Source
from multivector.sources.tidy_flows import tidy_flows_parser
from multivector.store import Store
from multivector.store.ingest import ingest_file

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "year,reporter,partner,channel,value,unit\n"


def flows_source(path: str = "user/flows.csv") -> Source:
    return Source(
        id="test_flows",
        title="test flows",
        publisher="tests",
        citation="tests",
        licence="CC0-1.0",
        url="",
        origin="",
        accessed=date(2026, 1, 1),
        version="1",
        year=2026,
        files=(FileSpec(path, "flows", tidy_flows_parser("name"), uses_crosswalk=True),),
    )


def load_codes(store: Store, data_dir: Path) -> None:
    for spec in multivector_codes.SOURCE.files:
        ingest_file(store, multivector_codes.SOURCE, spec, data_dir)


@pytest.fixture(autouse=True)
def _settings_read_afresh():
    """Each test reads the settings from its own environment: ``settings()`` is cached per
    process, and a test that sets MULTIVECTOR_HOME must not see another test's store."""
    settings.cache_clear()
    yield
    settings.cache_clear()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "codes", target / "codes")
    (target / "user").mkdir()
    return target


@pytest.fixture
def store(tmp_path: Path, data_dir: Path):
    with Store(tmp_path / "store.duckdb") as opened:
        load_codes(opened, data_dir)
        yield opened


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every canonical table, sorted: equal snapshots mean an unchanged store."""
    return {name: sorted(store.con.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in TABLES}


REPO_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def built_home(tmp_path_factory) -> Path:
    """A home whose store is built from the repository's shipped data (once per worker)."""
    from multivector.api import build
    from multivector.config import Settings

    home = tmp_path_factory.mktemp("home")
    build(Settings(home=home, data_dir=REPO_DATA))
    return home


@pytest.fixture(scope="session")
def built_store(built_home: Path):
    with Store(built_home / "multivector.duckdb", read_only=True) as opened:
        yield opened


CROSSWALK_SOURCES = ("multivector_codes", "countrycode", "isard", "multivector_poles")


@pytest.fixture(scope="session")
def crosswalk_store_file(tmp_path_factory) -> Path:
    """A store holding only the crosswalk, states and poles, built from the shipped data."""
    from multivector.sources import SOURCES

    path = tmp_path_factory.mktemp("crosswalk") / "crosswalk.duckdb"
    with Store(path) as store:
        for source in SOURCES:
            if source.id in CROSSWALK_SOURCES:
                for spec in source.files:
                    ingest_file(store, source, spec, REPO_DATA)
    return path


@pytest.fixture(scope="session")
def ingest_source(crosswalk_store_file, tmp_path_factory):
    """``ingest_source(SOURCE)`` → a store with the crosswalk plus every file of SOURCE.

    Use it from a module-scoped fixture to test one source module on the shipped data
    before (or without) registering it in ``multivector.sources.SOURCES``.
    """

    def ingest(source: Source) -> tuple[Store, list]:
        path = tmp_path_factory.mktemp(source.id) / "store.duckdb"
        shutil.copyfile(crosswalk_store_file, path)
        store = Store(path)
        results = [ingest_file(store, source, spec, REPO_DATA) for spec in source.files]
        return store, results

    return ingest
