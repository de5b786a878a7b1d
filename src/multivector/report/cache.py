"""Report data kept between runs: computed once per store, parameters, state, year and code.

Collecting a state's report data runs the theory engine (seconds); drawing and writing the
page does not. The key of an entry is the SHA-256 of everything the data depend on:

    key = sha256(store file size and modification time, parameter record, state, year,
                 the package's own source files)

so a rebuilt store, other parameters or changed code never read an old entry. Entries are
pickles written atomically in the user's own data folder; a corrupt entry is recomputed.

The cache only saves time: a folder that cannot be read is a miss, and one that cannot be
written (a read-only home, a full disk) skips the entry with one warning per folder.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import stat
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from multivector.errors import MultivectorWarning, OutputNotWritable, OutputRefused
from multivector.outputs import cause_in_words, write_atomic

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parents[1]
_WARNED: set[Path] = set()  # cache folders already warned about in this process


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over the package's Python sources and templates (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in {".py", ".j2"} and p.is_file()):
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def entry_key(store_path: Path, **parts) -> str:
    info = store_path.stat()
    record = {"store": [info.st_size, info.st_mtime_ns], "code": code_digest(), **parts}
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def cached(cache_dir: Path | None, key: str, compute: Callable[[], T]) -> T:
    """``compute()``'s value, read from ``cache_dir`` when an entry for ``key`` exists (None: no cache)."""
    if cache_dir is None:
        return compute()
    path = cache_dir / "report-data" / f"{key}.pickle"
    kept = recall(path)
    if kept is not None:
        try:
            return pickle.loads(kept)
        except Exception:  # noqa: BLE001 - an unreadable entry is recomputed, never trusted
            _forget(path)
    value = compute()
    keep(cache_dir, path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def recall(path: Path) -> bytes | None:
    """The bytes of the entry at ``path``, or None: missing, not a regular file (a FIFO would
    block the read), or its folder cannot be read."""
    try:
        return path.read_bytes() if stat.S_ISREG(path.stat().st_mode) else None
    except OSError:
        return None


def keep(cache_dir: Path, path: Path, data: bytes) -> None:
    """Write the entry at ``path`` (in ``cache_dir``); if it cannot be, warn once per cache and go on."""
    try:
        write_atomic(path, data)
    except (OutputNotWritable, OutputRefused) as exc:
        if cache_dir in _WARNED:
            return
        _WARNED.add(cache_dir)
        reason = exc.__cause__
        cause = cause_in_words(path, reason) if isinstance(reason, OSError) else exc.message
        warnings.warn(
            MultivectorWarning(
                f"report data not cached: {cause}",
                "the output is complete; free space or make the folder writable so that later runs are faster",
                slug="cache",
            ),
            stacklevel=2,
        )


def _forget(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be cleaned is recomputed next time too
