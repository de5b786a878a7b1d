"""A store is whole or says it is not: where a build writes, when it is swapped in, how it is read.

A build never writes into the store that commands read. It works on a file beside it::

    multivector.duckdb            the store commands read: only ever a finished, checked build
    multivector.duckdb.building   the build's work: a copy of the store, brought up to date
    multivector.duckdb.lock       held (flock) by the one build running; released by the kernel if killed
    multivector.duckdb.corrupt    a damaged store, kept aside until its rebuild is whole

and swaps the work file in (one ``rename``) only when every file loaded and the checks
passed. Killed at any moment, the store is the previous whole one (or absent on a first
build, where readers say that the last build did not finish); the next build resumes the
work file, since each file's ingest is atomic and idempotent. Inside the store, the
``store_meta`` key ``build`` says ``building`` until the checks pass and ``complete`` after.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from multivector.errors import EnvironmentFault, StoreBusy, StoreCorrupt, StoreIncomplete
from multivector.store.faults import corruption_reason, fault_in_folder

BUILD_KEY = "build"
BUILDING, COMPLETE = "building", "complete"
_FIX_BUILD = "run `multivector build`"


def work_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".building")


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock")


def corrupt_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".corrupt")


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


# ---------------------------------------------------------------- the folder and the lock


def check_store_location(store_path: Path, *, for_writing: bool) -> None:
    """Refuse a store path that cannot work: a folder where the file belongs, a file where
    the folder belongs, or (``for_writing``) a folder the build cannot write in."""
    if store_path.is_dir():
        raise EnvironmentFault(
            f"the store path {store_path} is a folder, not a file",
            "set MULTIVECTOR_STORE to a file name (or unset it), or remove the folder",
        )
    for folder in (store_path.parent, *store_path.parent.parents):
        if folder.exists():
            if not folder.is_dir():
                raise EnvironmentFault(
                    f"{folder} is a file, so the store cannot live under it",
                    "set MULTIVECTOR_HOME (or MULTIVECTOR_STORE) to a folder",
                )
            if for_writing and not os.access(folder, os.W_OK | os.X_OK):
                raise EnvironmentFault(
                    f"cannot write in {folder}: permission denied or read-only",
                    "make it writable or set MULTIVECTOR_HOME to a writable folder",
                )
            return


def make_store_folder(store_path: Path) -> None:
    check_store_location(store_path, for_writing=True)
    try:
        store_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fault_in_folder(exc, store_path.parent) from None


@contextlib.contextmanager
def build_lock(store_path: Path) -> Iterator[None]:
    """Hold the build lock of ``store_path`` (a second build is refused, never queued)."""
    path = lock_path(store_path)
    try:
        handle = open(path, "a+")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise fault_in_folder(exc, path.parent) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise StoreBusy(
                    f"another `multivector build` of {store_path} is running",
                    "wait for it to finish, then run the command again",
                ) from None
            raise
        yield
    finally:
        handle.close()


def build_running(store_path: Path) -> bool:
    """Whether a build holds the lock of ``store_path`` now (False if that cannot be told)."""
    try:
        with open(lock_path(store_path)) as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
    except OSError:
        return False
    return False


# ---------------------------------------------------------------- reading


def refuse_unreadable(store_path: Path) -> None:
    """Called before a reading command opens a store that is not there: say why it is not."""
    check_store_location(store_path, for_writing=False)
    if store_path.exists():
        return
    if build_running(store_path):
        raise StoreBusy(f"the store {store_path} is being built", "wait for `multivector build` to finish")
    if work_path(store_path).exists() or corrupt_path(store_path).exists():
        raise StoreIncomplete(f"the last build of {store_path} did not finish", _FIX_BUILD)


def check_build_mark(con: duckdb.DuckDBPyConnection, store_path: Path) -> None:
    """Refuse a store whose build started but did not pass its checks."""
    try:
        found = con.execute("SELECT value FROM store_meta WHERE key = ?", [BUILD_KEY]).fetchone()
    except duckdb.CatalogException:
        return  # no store_meta: the schema check says what to do
    if found is not None and found[0] != COMPLETE:
        raise StoreIncomplete(f"the last build of {store_path} did not finish", _FIX_BUILD)


def verify(con: duckdb.DuckDBPyConnection, store_path: Path) -> None:
    """Read every column of every table, so that DuckDB checks every block's checksum.

    Raises ``StoreCorrupt`` on a truncated file or a checksum mismatch (a fraction of a
    second on the shipped store: the blocks are read, not decoded into Python).
    """
    try:
        tables = [
            row[0]
            for row in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "AND schema_name = 'main'"
            ).fetchall()
        ]
        for table in tables:
            con.execute(f'SELECT bit_xor(hash(COLUMNS(*))) FROM "{table}"').fetchall()
    except duckdb.Error as exc:
        reason = corruption_reason(exc)
        if reason is None:
            raise
        raise StoreCorrupt(
            f"the store {store_path} is damaged ({reason})", "run `multivector build`, which rebuilds it"
        ) from None


def set_mark(con: duckdb.DuckDBPyConnection, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [BUILD_KEY, value])


# ---------------------------------------------------------------- the work file


def discard(path: Path) -> None:
    """Remove a DuckDB file and its write-ahead log."""
    path.unlink(missing_ok=True)
    wal_of(path).unlink(missing_ok=True)


def copy_store(source: Path, target: Path) -> None:
    """Copy a store (and its write-ahead log, if any) to ``target``, whole or not at all."""
    partial = target.with_name(target.name + ".copying")
    discard(partial)
    try:
        shutil.copyfile(source, partial)
        if wal_of(source).exists():
            shutil.copyfile(wal_of(source), wal_of(partial))
        _fsync(partial)
    except OSError as exc:
        discard(partial)
        raise fault_in_folder(exc, target.parent) from None
    discard(target)
    if wal_of(partial).exists():
        os.replace(wal_of(partial), wal_of(target))
    os.replace(partial, target)


def swap_in(work: Path, store_path: Path) -> None:
    """Put the finished work file in the store's place in one rename, durably."""
    _fsync(work)
    wal_of(store_path).unlink(missing_ok=True)
    os.replace(work, store_path)
    _fsync_folder(store_path.parent)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
