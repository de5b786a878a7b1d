"""In-memory expressions run in several threads at once (the explorer answers in threads):
each thread has a default backend of its own, so DuckDB never finds a connection busy."""

from __future__ import annotations

import threading

import ibis
import pandas as pd
import pytest

from multivector.store import default_backend


@pytest.fixture
def per_thread():
    before = ibis.options.default_backend
    default_backend.per_thread()
    yield
    ibis.options.default_backend = before


def sums_in_threads(threads: int = 6, rounds: int = 20) -> list[str]:
    """Each thread sums a memtable ``rounds`` times; the errors they met."""
    errors: list[str] = []

    def work(tag: int) -> None:
        try:
            for _ in range(rounds):
                table = ibis.memtable(pd.DataFrame({"value": range(20_000), "tag": tag}))
                total = table.group_by("tag").aggregate(total=table.value.sum()).execute()
                assert int(total.total.iloc[0]) == sum(range(20_000))
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(repr(error))

    running = [threading.Thread(target=work, args=(tag,)) for tag in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return errors


def test_threads_run_in_memory_expressions_at_once(per_thread):
    assert sums_in_threads() == []


def test_each_thread_has_its_own_backend_and_keeps_it(per_thread):
    stand_in = ibis.options.default_backend
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.extend([id(stand_in.own()), id(stand_in.own())]))
    thread.start()
    thread.join()
    assert seen[0] == seen[1] != id(stand_in.own())
