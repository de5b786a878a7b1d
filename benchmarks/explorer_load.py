"""A bounded load test of the explorer on the loopback interface: latency and throughput.

For each endpoint (``profile``, ``atlas``) and each number of concurrent clients (1, 8, 32),
a fresh `multivector serve` (a new process, so nothing is kept from an earlier run) answers
a fixed list of distinct requests twice:

* cold: every request asks something new (the answer is computed from the store);
* warm: the same requests again (the server keeps each answer it computed).

Each client sends its next request when its last one is answered (httpx, HTTP/1.1, one
connection per client). Printed per run: requests, p50 and p95 latency, throughput, and the
time from starting the server to its first answer. Every run stops at ``--cap`` seconds.

    .venv/bin/python benchmarks/explorer_load.py                # the figures in README.md
    .venv/bin/python benchmarks/explorer_load.py --clients 8 --endpoint profile

Needs a built store (`multivector build`); uses the same MULTIVECTOR_HOME as the command.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import time

import httpx

from machine import machine  # benchmarks/machine.py, beside this script

#: The former Soviet republics: the states users ask about most.
STATES = ["KAZ", "UZB", "TKM", "KGZ", "TJK", "AZE", "ARM", "GEO", "UKR", "BLR", "MDA", "EST", "LVA", "LTU", "RUS"]
PROFILE_YEARS = [2000, 2004, 2008, 2012, 2014, 2016, 2020, 2022]
ATLAS_YEARS = list(range(1995, 2024))


def requests_of(endpoint: str) -> list[str]:
    """The distinct requests of a run: 120 state-years of profiles, or 29 years of the atlas."""
    if endpoint == "profile":
        return [f"/api/profile?state={s}&year={y}" for y in PROFILE_YEARS for s in STATES]
    return [f"/api/atlas?year={y}" for y in ATLAS_YEARS]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str, float]:
    """A new `multivector serve`, its URL, and the seconds until it first answered."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "multivector", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    while True:
        if process.poll() is not None:
            sys.exit(f"the explorer did not start: {process.stderr.read().strip() if process.stderr else ''}")
        try:
            if httpx.get(f"{url}/api/states", timeout=30).status_code == 200:
                return process, url, time.perf_counter() - start
        except httpx.TransportError:
            time.sleep(0.05)


async def run(url: str, paths: list[str], clients: int, cap: float) -> tuple[list[float], float, int]:
    """(latencies in s, wall seconds, failed requests) of ``paths`` sent by ``clients`` clients."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    latencies: list[float] = []
    failed = 0
    deadline = time.perf_counter() + cap

    async def client() -> None:
        nonlocal failed
        async with httpx.AsyncClient(base_url=url, timeout=cap) as http:
            while not queue.empty() and time.perf_counter() < deadline:
                path = queue.get_nowait()
                sent = time.perf_counter()
                answer = await http.get(path)
                latencies.append(time.perf_counter() - sent)
                failed += answer.status_code != 200

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, time.perf_counter() - start, failed


def summary(label: str, latencies: list[float], wall: float, failed: int) -> str:
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return (
        f"{label:<24} {len(ordered):>4} req  p50 {1000 * statistics.median(ordered):>7.1f} ms  "
        f"p95 {1000 * p95:>7.1f} ms  {len(ordered) / wall:>7.1f} req/s" + (f"  {failed} failed" if failed else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", choices=["profile", "atlas"], action="append")
    parser.add_argument("--clients", type=int, action="append")
    parser.add_argument("--cap", type=float, default=180.0, help="Seconds a run may take at most.")
    args = parser.parse_args()
    print(machine())
    for endpoint in args.endpoint or ["profile", "atlas"]:
        paths = requests_of(endpoint)
        for clients in args.clients or [1, 8, 32]:
            process, url, started = start_server()
            try:
                print(f"{endpoint}, {clients} clients (server up in {started:.2f} s)")
                for phase in ("cold", "warm"):
                    latencies, wall, failed = asyncio.run(run(url, paths, clients, args.cap))
                    print("  " + summary(phase, latencies, wall, failed), flush=True)
            finally:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
