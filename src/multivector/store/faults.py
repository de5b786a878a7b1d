"""Faults of the machine and of the store file, told as the project's own errors.

``known_error(exc)`` turns an exception raised by DuckDB or the operating system into the
``MultivectorError`` a user can act on (a damaged store, a read-only folder, a full disk),
or None when the exception is none of those (then it is a bug: exit 70).
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

import duckdb

from multivector.errors import EnvironmentFault, MultivectorError, StoreCorrupt
from multivector.outputs import os_error_in

# What DuckDB says of a file it cannot trust, and the words a user gets instead.
_CORRUPTION = (
    (re.compile(r"not a valid DuckDB database file", re.I), "not a DuckDB database"),
    (re.compile(r"Could not read enough bytes", re.I), "the file is truncated"),
    (
        re.compile(r"checksum .* does not match|Corrupt database file|corrupt", re.I),
        "a block's checksum does not match",
    ),
    (
        re.compile(r"Failed to (?:read|load) (?:database )?header|block header|invalid block", re.I),
        "its header cannot be read",
    ),
    (re.compile(r"Serialization Error|Failed to deserialize", re.I), "its catalogue cannot be read"),
)

_OS_FAULTS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large for the limits in force",
    errno.ENOTDIR: "a file stands where a folder belongs",
    errno.EEXIST: "a file stands where a folder belongs",
    errno.EISDIR: "a folder stands where a file belongs",
}


def corruption_reason(exc: BaseException) -> str | None:
    """The reason in words when ``exc`` is DuckDB refusing a damaged file, else None."""
    if not isinstance(exc, duckdb.Error):
        return None
    text = str(exc)
    for pattern, words in _CORRUPTION:
        if pattern.search(text):
            return words
    return None


def fault_in_folder(exc: OSError, folder: Path) -> EnvironmentFault:
    """An OSError met while making or writing files in ``folder``, as a one-line fault."""
    words = _OS_FAULTS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    where = exc.filename or folder
    return EnvironmentFault(
        f"cannot write in {folder} ({words}: {where})",
        "make it writable, free space, or set MULTIVECTOR_HOME to another folder",
    )


def known_error(exc: BaseException) -> MultivectorError | None:
    """The project error that ``exc`` stands for, or None."""
    reason = corruption_reason(exc)
    if reason is not None:
        return StoreCorrupt(f"the store cannot be read: {reason}", "run `multivector build`, which rebuilds it")
    if isinstance(exc, OSError) and exc.errno in _OS_FAULTS:
        where = exc.filename or "a file"
        return EnvironmentFault(
            f"{_OS_FAULTS[exc.errno]}: {where}", "make the folder writable or free space, or choose another place"
        )
    if isinstance(exc, duckdb.IOException):
        code = os_error_in(str(exc))  # DuckDB names the OS error in its message
        if code in _OS_FAULTS:
            return EnvironmentFault(
                f"{_OS_FAULTS[code]}: {_first_path(str(exc))}",
                "make the folder writable or free space, or choose another place",
            )
    return None


def _first_path(text: str) -> str:
    found = re.search(r'"([^"]+)"', text)
    return found.group(1) if found else text.splitlines()[0][:200]
