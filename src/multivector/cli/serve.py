"""`multivector serve`: the explorer on the loopback interface, over the store read-only."""

from __future__ import annotations

import ipaddress
import socket
from typing import Annotated

import typer
from rich.console import Console

from multivector.errors import BadOption, EnvironmentFault

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765

err = Console(stderr=True)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback only).")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = DEFAULT_PORT,
) -> None:
    """Start the explorer, a local read-only web app over the panel (Ctrl+C stops it).

    The store is opened read-only with DuckDB's file access off and its settings locked;
    the server writes only in its cache folder (HOME/cache/explorer).
    """
    import uvicorn

    from multivector.config import settings
    from multivector.store import Store
    from multivector.store.connection import confine
    from multivector.web.app import create_app

    _check_loopback(host)
    _check_port_free(host, port)
    config = settings()
    confine(config.duckdb_memory_limit)
    with Store(config.store_path, read_only=True):  # a missing or partial store: one line now, not per request
        pass
    app = create_app(config)
    err.print(f"explorer at http://{_url_host(host)}:{port}/ (API at /docs; Ctrl+C stops it)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def _check_loopback(host: str) -> None:
    """The explorer listens on the loopback interface only: it has no authentication."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise BadOption(
            f"--host {host} is not a loopback address; the explorer has no login and serves this machine only",
            "use --host 127.0.0.1 (or ::1) and reach it through an SSH tunnel from elsewhere",
        )


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise EnvironmentFault(
                f"cannot listen on {host}:{port} ({error.strerror or error})",
                f"stop what uses port {port}, or give another with --port",
            ) from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
