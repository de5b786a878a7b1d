"""Report data kept between runs: computed once per store, parameters, state, year and code.

Collecting a state's report data runs the theory engine (seconds); drawing and writing the
page does not. The key of an entry is the SHA-256 of everything the data depend on:

    key = sha256(store file size and modification time, parameter record, state, year,
                 the package's own source files)

so a rebuilt store, other parameters or changed code never read an old entry. Entries are
pickles written atomically in the user's own data folder; a corrupt entry is recomputed.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from multivector.report.page import write_atomic

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over the package's Python sources and templates (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in {".py", ".j2"} and p.is_file()):
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def entry_key(store_path: Path, **parts) -> str:
    stat = store_path.stat()
    record = {"store": [stat.st_size, stat.st_mtime_ns], "code": code_digest(), **parts}
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def cached(cache_dir: Path | None, key: str, compute: Callable[[], T]) -> T:
    """``compute()``'s value, read from ``cache_dir`` when an entry for ``key`` exists (None: no cache)."""
    if cache_dir is None:
        return compute()
    path = cache_dir / "report-data" / f"{key}.pickle"
    if path.exists():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - an unreadable entry is recomputed, never trusted
            path.unlink(missing_ok=True)
    value = compute()
    write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value
