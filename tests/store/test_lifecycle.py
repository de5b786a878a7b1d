"""A store is whole or says it is not: the build's work file, its swap, its lock, its repair.

These tests build only the crosswalk sources (a few seconds); the full build is exercised
by the reliability catalogue and the kill test.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from multivector import api
from multivector.config import Settings
from multivector.errors import StoreBusy, StoreCorrupt, StoreIncomplete, StoreMissing
from multivector.store import Store, lifecycle
from tests.conftest import CROSSWALK_SOURCES, HEADER, REPO_DATA, flows_source

STORE = "multivector.duckdb"


@pytest.fixture
def small_plan(monkeypatch):
    plan = [(source, spec) for source, spec in api.build_plan() if source.id in CROSSWALK_SOURCES]
    monkeypatch.setattr(api, "build_plan", lambda: plan)
    return plan


def build(home: Path, **options):
    return api.build(Settings(home=home, data_dir=REPO_DATA), **options)


def leftovers(home: Path) -> list[str]:
    return sorted(p.name for p in home.iterdir() if p.name not in {STORE, STORE + ".lock"})


def mark_of(path: Path) -> str | None:
    con = duckdb.connect(str(path), read_only=True)
    try:
        found = con.execute("SELECT value FROM store_meta WHERE key = 'build'").fetchone()
    finally:
        con.close()
    return found[0] if found else None


def test_a_first_build_swaps_in_a_complete_store_and_leaves_no_work_file(tmp_path, small_plan):
    results = build(tmp_path)
    assert len(results) == len(small_plan) and {r.status for r in results} == {"loaded"}
    assert mark_of(tmp_path / STORE) == "complete"
    assert leftovers(tmp_path) == []


def test_a_build_that_changes_nothing_leaves_the_store_file_untouched(tmp_path, small_plan):
    build(tmp_path)
    before = (tmp_path / STORE).stat()
    results = build(tmp_path)
    after = (tmp_path / STORE).stat()
    assert {r.status for r in results} == {"unchanged"}
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert leftovers(tmp_path) == []


def test_a_failed_build_leaves_the_store_in_use_as_it_was(tmp_path, small_plan, monkeypatch):
    build(tmp_path)
    before = (tmp_path / STORE).read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("the parser broke")

    monkeypatch.setattr("multivector.store.building.ingest_file", broken)
    with pytest.raises(RuntimeError):
        build(tmp_path)
    assert (tmp_path / STORE).read_bytes() == before
    with Store(tmp_path / STORE, read_only=True) as store:
        assert store.count("entities") > 200


def test_a_killed_first_build_is_refused_by_readers_and_resumed_by_the_next_build(tmp_path, small_plan):
    build(tmp_path)
    os.replace(tmp_path / STORE, tmp_path / (STORE + ".building"))  # as a first build killed before its swap
    with pytest.raises(StoreIncomplete, match="did not finish"):
        Store(tmp_path / STORE, read_only=True)
    results = build(tmp_path)
    assert {r.status for r in results} == {"unchanged"}  # resumed: nothing to load again
    assert mark_of(tmp_path / STORE) == "complete" and leftovers(tmp_path) == []


def test_a_store_marked_building_is_refused(tmp_path, small_plan):
    build(tmp_path)
    con = duckdb.connect(str(tmp_path / STORE))
    lifecycle.set_mark(con, lifecycle.BUILDING)
    con.close()
    with pytest.raises(StoreIncomplete, match="run `multivector build`"):
        Store(tmp_path / STORE, read_only=True)


def test_a_damaged_work_file_is_discarded_and_the_build_starts_again(tmp_path, small_plan):
    (tmp_path / (STORE + ".building")).write_bytes(b"half a copy")
    results = build(tmp_path)
    assert {r.status for r in results} == {"loaded"} and leftovers(tmp_path) == []


def test_a_corrupt_store_is_kept_aside_then_replaced_by_a_whole_one(tmp_path, small_plan):
    build(tmp_path)
    size = (tmp_path / STORE).stat().st_size
    os.truncate(tmp_path / STORE, size // 2)
    with pytest.raises(StoreCorrupt, match="truncated"):
        Store(tmp_path / STORE, read_only=True)
    seen = []

    def on_file(source, spec, result):
        seen.append((tmp_path / (STORE + ".corrupt")).exists())

    with pytest.warns(UserWarning, match="kept aside as multivector.duckdb.corrupt"):
        results = build(tmp_path, on_file=on_file)
    assert all(seen), "the damaged file is kept aside while the new store is built"
    assert {r.status for r in results} == {"loaded"}
    assert leftovers(tmp_path) == []
    with Store(tmp_path / STORE, read_only=True) as store:
        assert store.count("entities") > 200


def test_a_build_is_refused_while_another_holds_the_lock(tmp_path, small_plan):
    with open(tmp_path / (STORE + ".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(StoreBusy, match="another `multivector build`"):
            build(tmp_path)
        with pytest.raises(StoreBusy, match="being built"):
            Store(tmp_path / STORE, read_only=True)
    assert not (tmp_path / STORE).exists()


def test_reading_a_missing_store_makes_nothing(tmp_path):
    with pytest.raises(StoreMissing):
        Store(tmp_path / "home" / STORE, read_only=True)
    assert not (tmp_path / "home").exists()


def test_verify_reads_every_block(tmp_path, small_plan):
    build(tmp_path)
    damaged = tmp_path / "damaged.duckdb"
    shutil.copyfile(tmp_path / STORE, damaged)
    size = damaged.stat().st_size
    with open(damaged, "r+b") as handle:
        for offset in range(size // 4, size - 4096, max(size // 40, 4096)):
            handle.seek(offset)
            handle.write(b"\xa5" * 256)
    con = duckdb.connect(str(damaged), read_only=True)
    try:
        with pytest.raises(StoreCorrupt, match="checksum"):
            lifecycle.verify(con, damaged)
    finally:
        con.close()


def test_a_file_no_longer_shipped_is_retired_and_a_renamed_one_counts_once(tmp_path, small_plan, monkeypatch):
    """A store built before a file was renamed (or dropped, or its source removed) keeps none of its rows."""
    data = tmp_path / "data"
    (data / "user").mkdir(parents=True)
    for folder in ("codes", "poles"):
        (data / folder).symlink_to(REPO_DATA / folder, target_is_directory=True)
    lines = HEADER + "2000,Kazakhstan,Russia,imports,10.5,usd_million\n2000,Kazakhstan,China,imports,4,usd_million\n"
    (data / "user" / "old.csv").write_text(lines, encoding="utf-8")
    (data / "user" / "new.csv").write_text(lines + "2001,Kazakhstan,China,imports,5,usd_million\n", encoding="utf-8")

    def build_with(*extra):
        monkeypatch.setattr(api, "build_plan", lambda: [*small_plan, *((s, s.files[0]) for s in extra)])
        return api.build(Settings(home=tmp_path / "home", data_dir=data))

    def held():
        with Store(tmp_path / "home" / STORE, read_only=True) as store:
            flows = store.con.execute("SELECT count(*) FROM flows WHERE source_id = 'test_flows'").fetchone()[0]
            files = store.rows("SELECT file_name FROM ingest_runs WHERE source_id = 'test_flows'")
            listed = store.con.execute("SELECT count(*) FROM sources WHERE source_id = 'test_flows'").fetchone()[0]
        return flows, [f["file_name"] for f in files], listed

    build_with(flows_source("user/old.csv"))
    assert held() == (2, ["user/old.csv"], 1)
    renamed = build_with(flows_source("user/new.csv"))
    retired = [r for r in renamed if r.status == "retired"]
    assert [(r.file_name, r.changes) for r in retired] == [("user/old.csv", {"flows": (0, 2, 0)})]
    assert len(renamed) == len(small_plan) + 2
    assert held() == (3, ["user/new.csv"], 1)  # the two lines and a third under the new name, once
    assert {r.status for r in build_with(flows_source("user/new.csv"))} == {"unchanged"}
    dropped = build_with()
    assert [(r.file_name, r.status) for r in dropped if r.status != "unchanged"] == [("user/new.csv", "retired")]
    assert held() == (0, [], 0)
