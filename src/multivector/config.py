"""Settings: where the store lives, where the shipped data is, which engine runs.

This is the one module that reads environment variables. Every setting can be
overridden with ``MULTIVECTOR_<NAME>`` (for example ``MULTIVECTOR_HOME``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from multivector.errors import BadSetting

Backend = Literal["duckdb", "pyspark"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_home() -> Path:
    return Path(platformdirs.user_data_dir("multivector", appauthor=False))


class Settings(BaseSettings):
    """Run-time settings, frozen once read."""

    model_config = SettingsConfigDict(env_prefix="MULTIVECTOR_", frozen=True)

    home: Path = Field(default_factory=_default_home, description="Folder holding the store.")
    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Shipped data the store is built from.")
    store: Path | None = Field(default=None, description="Store file; default HOME/multivector.duckdb.")
    backend: Backend = Field(default="duckdb", description="Engine for indicator expressions.")
    spark_master: str = Field(
        default="local[2]",
        min_length=1,
        description="Spark master URL when the backend is pyspark: local[N], spark://host:7077, yarn, k8s://...",
    )

    duckdb_memory_limit: str | None = Field(
        default=None,
        pattern=r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$",
        description="Cap on DuckDB's memory when measuring and composing the panel, e.g. 1500MB "
        "(DuckDB spills to disk beyond it); default DuckDB's own, 80% of the RAM.",
    )

    @property
    def store_path(self) -> Path:
        return self.store if self.store is not None else self.home / "multivector.duckdb"


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings of this process (read once from the environment)."""
    try:
        return Settings()
    except ValidationError as error:
        problem = error.errors()[0]
        name = "MULTIVECTOR_" + str(problem["loc"][0]).upper()
        raise BadSetting(f"{name}={problem.get('input')!r}: {problem['msg']}", f"fix or unset {name}") from None
