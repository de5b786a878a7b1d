"""The explorer under test: in process (``client``, httpx through ASGI) and as the real command
(``explorer_url``: ``multivector serve`` in a subprocess on a free loopback port, confined as
users run it), both over the store built from the shipped data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from multivector.config import Settings
from tests.conftest import REPO_DATA

#: How long the served explorer may take to answer its first request (it reads the store once).
STARTUP_TIMEOUT_S = 90


@pytest.fixture(scope="module")
def explorer_config(built_home: Path) -> Settings:
    return Settings(home=built_home, data_dir=REPO_DATA)


@pytest.fixture(scope="module")
def client(explorer_config: Settings) -> Iterator[TestClient]:
    """The app in this process (not confined: other tests of this worker share DuckDB's instance)."""
    from multivector.web.app import create_app

    with TestClient(create_app(explorer_config), raise_server_exceptions=False) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_explorer(home: Path, port: int) -> subprocess.Popen:
    """``multivector serve --port PORT`` over ``home``'s store, its output kept for failures."""
    env = {**os.environ, "MULTIVECTOR_HOME": str(home), "MULTIVECTOR_DATA_DIR": str(REPO_DATA)}
    return subprocess.Popen(
        [sys.executable, "-m", "multivector", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_until_up(process: subprocess.Popen, url: str, timeout: float = STARTUP_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the explorer stopped: {process.stdout.read() if process.stdout else ''}")
        try:
            if httpx.get(f"{url}/api/states", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"the explorer did not answer within {timeout} s")


@pytest.fixture(scope="module")
def explorer_url(built_home: Path) -> Iterator[str]:
    """The base URL of a running ``multivector serve`` (stopped after the module)."""
    port = free_port()
    process = start_explorer(built_home, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
