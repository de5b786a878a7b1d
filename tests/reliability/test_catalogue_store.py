"""The catalogue, part store and machine: damaged, unfinished, busy or misplaced stores,
read-only homes, a missing data folder. Each case: one line on stderr, the fix, exit 3."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from multivector.store import lifecycle
from tests.conftest import REPO_DATA
from tests.reliability.catalogue import Case, environment, run_case, run_command

STORE = "multivector.duckdb"
CORRUPT = r"^error store-corrupt: the store .* is damaged \((?:{})\) — run `multivector build`"
UNFINISHED = r"^error store-incomplete: the last build of .* did not finish — run `multivector build`"


@pytest.fixture(scope="module")
def built(built_home: Path) -> Path:
    return built_home


def home_with(store_bytes: bytes | None = None, *, copy_of: Path | None = None):
    """A setup making ``tmp/home`` with a store of these bytes, or a copy of ``copy_of``'s store."""

    def setup(tmp: Path) -> dict:
        home = tmp / "home"
        home.mkdir()
        if copy_of is not None:
            shutil.copyfile(copy_of, home / STORE)
        elif store_bytes is not None:
            (home / STORE).write_bytes(store_bytes)
        return {"MULTIVECTOR_HOME": str(home)}

    return setup


def damaged(kind: str):
    """A copy of the built store, damaged as ``kind`` says (truncated, flipped bytes)."""

    def setup(tmp: Path) -> dict:
        home = tmp / "home"
        home.mkdir()
        store = home / STORE
        shutil.copyfile(BUILT[0] / STORE, store)
        size = store.stat().st_size
        if kind == "truncated":
            os.truncate(store, size // 3)
        else:  # bytes overwritten inside the blocks that hold table data, as a failing disk would
            offsets = data_block_offsets(store)
            with open(store, "r+b") as handle:
                for offset in offsets[:: max(1, len(offsets) // 30)]:
                    handle.seek(offset + 4096)
                    handle.write(b"\xa5" * 256)
        return {"MULTIVECTOR_HOME": str(home)}

    return setup


def data_block_offsets(store: Path) -> list[int]:
    """The file offsets of the blocks that hold the tables' columns.

    Most of the file is the primary keys' indexes, which reading commands never load:
    bytes flipped there are found by the next ``build``, not by a read. The blocks of the
    columns are located from DuckDB's storage information, so that the damage lands where
    every command's check reads.
    """
    con = duckdb.connect(str(store), read_only=True)
    try:
        block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
        tables = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        blocks = sorted(
            {
                row[0]
                for table in tables
                for row in con.execute(
                    f"SELECT DISTINCT block_id FROM pragma_storage_info('{table}') WHERE block_id >= 0"
                ).fetchall()
            }
        )
    finally:
        con.close()
    header = 3 * 4096  # DuckDB's main header and its two database headers
    return [header + block * block_size for block in blocks]


BUILT: list[Path] = []  # the built home, set by the fixture below before any case runs


@pytest.fixture(autouse=True)
def _built_home_known(built_home: Path) -> None:
    BUILT[:] = [built_home]


def marked(value: str):
    """A copy of the built store whose build mark says ``value`` (a build that stopped)."""

    def setup(tmp: Path) -> dict:
        env = home_with(copy_of=BUILT[0] / STORE)(tmp)
        con = duckdb.connect(str(Path(env["MULTIVECTOR_HOME"]) / STORE))
        lifecycle.set_mark(con, value)
        con.close()
        return env

    return setup


def only_work_file(tmp: Path) -> dict:
    """What a first build killed midway leaves: the work file, no store."""
    home = tmp / "home"
    home.mkdir()
    shutil.copyfile(BUILT[0] / STORE, home / (STORE + ".building"))
    return {"MULTIVECTOR_HOME": str(home)}


def home_is_a_file(tmp: Path) -> dict:
    (tmp / "home").write_text("not a folder\n")
    return {"MULTIVECTOR_HOME": str(tmp / "home")}


def store_is_a_folder(tmp: Path) -> dict:
    (tmp / "home" / STORE).mkdir(parents=True)
    return {"MULTIVECTOR_HOME": str(tmp / "home")}


def read_only_home(tmp: Path) -> dict:
    env = home_with(copy_of=BUILT[0] / STORE)(tmp)
    Path(env["MULTIVECTOR_HOME"]).chmod(0o555)
    return env


def read_only_parent(tmp: Path) -> dict:
    parent = tmp / "locked"
    parent.mkdir(mode=0o555)
    return {"MULTIVECTOR_HOME": str(parent / "home")}


def unreadable_store(tmp: Path) -> dict:
    env = home_with(copy_of=BUILT[0] / STORE)(tmp)
    (Path(env["MULTIVECTOR_HOME"]) / STORE).chmod(0o000)
    return env


def no_data_folder(tmp: Path) -> dict:
    return {"MULTIVECTOR_HOME": str(tmp / "home"), "MULTIVECTOR_DATA_DIR": str(tmp / "no-such-data")}


def data_folder_is_a_file(tmp: Path) -> dict:
    (tmp / "data").write_text("a file\n")
    return {"MULTIVECTOR_HOME": str(tmp / "home"), "MULTIVECTOR_DATA_DIR": str(tmp / "data")}


def other_schema(tmp: Path) -> dict:
    home = tmp / "home"
    home.mkdir()
    con = duckdb.connect(str(home / STORE))
    con.execute("CREATE TABLE flows (year INTEGER)")
    con.close()
    return {"MULTIVECTOR_HOME": str(home)}


def empty_home(tmp: Path) -> dict:
    return {"MULTIVECTOR_HOME": str(tmp / "home")}


def nothing_made(*names: str):
    def check(tmp: Path) -> None:
        for name in names:
            assert not (tmp / name).exists(), f"{name} was made"

    return check


def store_left_as(state: str):
    def check(tmp: Path) -> None:
        home = tmp / "home"
        assert not (home / (STORE + ".building")).exists()
        if state == "whole":
            con = duckdb.connect(str(home / STORE), read_only=True)
            assert con.execute("SELECT value FROM store_meta WHERE key = 'build'").fetchone() == ("complete",)
            con.close()
            assert not (home / (STORE + ".corrupt")).exists()

    return check


PROFILE = ("profile", "KAZ", "--year", "2014")
CASES = [
    Case("truncated store: profile", PROFILE, 3, CORRUPT.format("the file is truncated"), damaged("truncated")),
    Case("truncated store: sources", ("sources",), 3, CORRUPT.format("the file is truncated"), damaged("truncated")),
    Case("zero-byte store", ("coverage", "KAZ"), 3, CORRUPT.format("not a DuckDB database"), home_with(b"")),
    Case(
        "text file as store",
        ("sources", "--json"),
        3,
        CORRUPT.format("not a DuckDB database"),
        home_with(b"year,value\n2014,1\n"),
    ),
    Case(
        "checksum-corrupt store: profile",
        PROFILE,
        3,
        CORRUPT.format("a block's checksum does not match"),
        damaged("flipped"),
    ),
    Case(
        "checksum-corrupt store: classify",
        ("classify", "KAZ"),
        3,
        CORRUPT.format("a block's checksum does not match"),
        damaged("flipped"),
    ),
    Case(
        "checksum-corrupt store: export",
        ("export", "flows", "--format", "csv", "--out", "flows.csv"),
        3,
        CORRUPT.format("a block's checksum does not match"),
        damaged("flipped"),
        nothing_made("flows.csv"),
    ),
    Case(
        "build repairs a checksum-corrupt store",
        ("build",),
        0,
        r"",
        damaged("flipped"),
        store_left_as("whole"),
        timeout=600,
    ),
    Case("store of an unfinished build: profile", PROFILE, 3, UNFINISHED, marked("building")),
    Case("store of an unfinished build: sources", ("sources",), 3, UNFINISHED, marked("building")),
    Case("only the work file of a killed first build", ("coverage", "KAZ"), 3, UNFINISHED, only_work_file),
    Case(
        "home is a file: profile", PROFILE, 3, r"^error environment: .*home is a file.*MULTIVECTOR_HOME", home_is_a_file
    ),
    Case(
        "home is a file: build",
        ("build",),
        3,
        r"^error environment: .*home is a file.*MULTIVECTOR_HOME",
        home_is_a_file,
    ),
    Case(
        "store path is a folder: sources",
        ("sources",),
        3,
        r"^error environment: the store path .* is a folder.*MULTIVECTOR_STORE",
        store_is_a_folder,
    ),
    Case(
        "store path is a folder: build",
        ("build",),
        3,
        r"^error environment: the store path .* is a folder.*MULTIVECTOR_STORE",
        store_is_a_folder,
    ),
    Case(
        "read-only home: build",
        ("build",),
        3,
        r"^error environment: cannot write in .*home.*MULTIVECTOR_HOME",
        read_only_home,
        unprivileged=True,
    ),
    Case(
        "read-only home: reading still works",
        ("coverage", "KAZ"),
        0,
        r"coverage: KAZ",
        read_only_home,
        unprivileged=True,
    ),
    Case(
        "home under a read-only folder: build",
        ("build",),
        3,
        r"^error environment: cannot write in .*locked.*MULTIVECTOR_HOME",
        read_only_parent,
        nothing_made("locked/home"),
        unprivileged=True,
    ),
    Case(
        "unreadable store file",
        ("sources",),
        3,
        r"^error environment: permission denied: .*multivector\.duckdb",
        unreadable_store,
        unprivileged=True,
    ),
    Case(
        "missing data folder: build",
        ("build",),
        3,
        r"^error data-file-missing: no data folder at .*no-such-data — set MULTIVECTOR_DATA_DIR",
        no_data_folder,
        nothing_made("home"),
    ),
    Case(
        "data folder is a file: build",
        ("build",),
        3,
        r"^error data-file-missing: no data folder at .* — set MULTIVECTOR_DATA_DIR",
        data_folder_is_a_file,
        nothing_made("home"),
    ),
    Case(
        "store of another schema: profile",
        PROFILE,
        3,
        r"^error store-outdated: the store .* was built with another schema — run `multivector build`",
        other_schema,
    ),
    Case(
        "no store yet",
        ("sources",),
        3,
        r"^error store-missing: no store at .* — run `multivector build` first",
        empty_home,
        nothing_made("home/multivector.duckdb"),
    ),
    Case(
        "an unknown backend",
        ("sources",),
        2,
        r"^error bad-setting: MULTIVECTOR_BACKEND='oracle'",
        env={"MULTIVECTOR_BACKEND": "oracle"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_catalogue_store_and_machine(case: Case, tmp_path: Path, built_home: Path) -> None:
    run_case(case, tmp_path, built_home)


def test_a_second_build_is_refused_while_one_runs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with open(home / (STORE + ".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        building = run_command(("build",), environment(home))
        reading = run_command(("sources",), environment(home))
    assert building.returncode == 3, building.stderr
    assert building.stderr.strip().splitlines() == [
        f"error store-busy: another `multivector build` of {home / STORE} is running — "
        "wait for it to finish, then run the command again"
    ]
    assert reading.returncode == 3 and "is being built" in reading.stderr, reading.stderr
    assert not (home / STORE).exists() and not (home / (STORE + ".building")).exists()


def test_debug_keeps_the_exit_code_and_shows_the_traceback(tmp_path: Path) -> None:
    env = home_with(b"")(tmp_path)
    done = run_command(("--debug", "sources"), environment(Path(env["MULTIVECTOR_HOME"]), REPO_DATA))
    assert done.returncode == 3
    assert "Traceback" in done.stderr and done.stderr.strip().splitlines()[-1].startswith("error store-corrupt")
