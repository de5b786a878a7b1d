"""Output files: the one place the project writes a file (an export, a report, a chart, a cache entry).

Only regular files are written. ``checked_output`` decides from ``os.lstat``/``os.stat``
alone, so a FIFO is never opened (opening one for writing blocks until a reader comes):

* a path that does not exist yet is written (its folder is created);
* an existing regular file is replaced atomically;
* a symbolic link is written *through*: the file it finally points to is replaced and the
  link stays a link (the target must be a regular file or not exist yet). Replacing the link
  itself would silently cut it from the file the user meant;
* a folder, a character or block device, a FIFO or a socket is refused (``OutputRefused``).

``atomic_output`` yields a temporary path beside the real target; on success the file is
flushed to disk and renamed onto the target, on any failure it is removed, so nothing partial
is left at the target or beside it. An operating-system failure while writing (no space,
file too large, permission, read-only file system ...) becomes ``OutputNotWritable``: one
line naming the path, the cause in words and the fix.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from multivector.errors import OutputNotWritable, OutputRefused

EXAMPLE = "--out out/flows.csv"

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)
_FULL = (errno.ENOSPC, errno.EDQUOT)
_DENIED = (errno.EACCES, errno.EPERM, errno.EROFS)
_MISPLACED = {
    errno.ENOTDIR: "a file stands where a folder of the path belongs",
    errno.EEXIST: "a file stands where a folder of the path belongs",
    errno.EISDIR: "a folder stands where the file belongs",
    errno.ELOOP: "a symbolic link in the path loops",
    errno.ENAMETOOLONG: "the name is too long",
}
WRITE_ERRNOS = (*_FULL, *_DENIED, *_MISPLACED, errno.EFBIG, errno.EIO)
# How C libraries (DuckDB, Arrow) name these errors in their messages.
_ERRNO_IN_TEXT = re.compile(r"errno\D{0,4}(\d+)", re.I)
_STRERRORS = {os.strerror(code): code for code in WRITE_ERRNOS}


def checked_output(path: str | os.PathLike, *, example: str = EXAMPLE) -> Path:
    """The path that will really be written for ``path``: itself, or a symlink's final target.

    Refuses (``OutputRefused``) a folder, device, FIFO or socket, at the path or as the target
    of a symlink; ``example`` is the option and file name the fix shows (``--out out/x.csv``).
    """
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise not_writable(path, exc, example=example) from exc
    if not stat.S_ISLNK(mode):
        _refuse_other_than_file(path, mode, path, example)
        return path
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target  # a dangling link: the file it names is created
    except OSError as exc:
        raise not_writable(path, exc, example=example) from exc
    _refuse_other_than_file(path, mode, target, example)
    return target


def ready_output(path: str | os.PathLike, *, example: str = EXAMPLE) -> Path:
    """``checked_output`` plus: its folder exists or can be created, and is writable.

    Cheap (no file is made): call it before long work, so a bad ``--out`` fails at once.
    """
    target = checked_output(path, example=example)
    folder = _nearest_existing(target.parent)
    if not folder.is_dir():
        raise not_writable(path, OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)), example=example)
    if not os.access(folder, os.W_OK | os.X_OK, effective_ids=os.access in os.supports_effective_ids):
        raise not_writable(path, OSError(errno.EACCES, os.strerror(errno.EACCES), str(folder)), example=example)
    return target


@contextmanager
def atomic_output(path: str | os.PathLike, *, example: str = EXAMPLE) -> Iterator[Path]:
    """Yield a fresh temporary path beside the target of ``path``; write it inside the block.

    On success it is flushed and renamed onto the target; on any failure it is removed. An
    ``OSError`` (or ``os_error_in`` a C library's message) becomes ``OutputNotWritable``.
    The new file has ordinary permissions (0666 less the umask).
    """
    target = checked_output(path, example=example)
    existing = _nearest_existing(target.parent)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = _fresh_file(target)
    except OSError as exc:
        _remove_made_folders(target.parent, existing)
        raise not_writable(path, exc, example=example) from exc
    try:
        yield temporary
        _settle(temporary, target)
    except OSError as exc:
        _discard(temporary, existing)
        if exc.errno is None and os_error_in(str(exc)) is None:
            raise
        raise not_writable(path, exc, example=example) from exc
    except BaseException:
        _discard(temporary, existing)
        raise


def write_atomic(path: str | os.PathLike, content: str | bytes, *, example: str = EXAMPLE) -> Path:
    """Write ``content`` (text as UTF-8) to ``path`` atomically; returns the path written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_output(path, example=example) as temporary:
        with open(temporary, "wb") as stream:
            stream.write(data)
    return Path(path)


def os_error_in(text: str) -> int | None:
    """The errno of a write failure a C library describes in ``text`` (DuckDB, Arrow), or None."""
    found = _ERRNO_IN_TEXT.search(text)
    if found and int(found.group(1)) in WRITE_ERRNOS:
        return int(found.group(1))
    for words, code in _STRERRORS.items():
        if words in text:
            return code
    return None


def not_writable(path: str | os.PathLike, exc: OSError, *, example: str = EXAMPLE) -> OutputNotWritable:
    """``exc``, met while writing ``path``, as one line: the path, the cause in words, the fix."""
    cause, fix = _cause_and_fix(Path(path), exc, example)
    return OutputNotWritable(f"cannot write {path}: {cause}", fix)


def cause_in_words(path: str | os.PathLike, exc: OSError) -> str:
    """Why writing ``path`` failed with ``exc``, in words (``out/ is not writable`` ...)."""
    return _cause_and_fix(Path(path), exc, EXAMPLE)[0]


def _cause_and_fix(path: Path, exc: OSError, example: str) -> tuple[str, str]:
    code = exc.errno if exc.errno is not None else os_error_in(str(exc))
    option = example.split()[0]
    if code in _FULL:
        # A library's own temporary file (openpyxl's) may be the one that filled a disk.
        full = _shown(Path(exc.filename).parent if exc.filename else path.parent)
        cause = (
            f"no space left on the device holding {full}"
            if code == errno.ENOSPC
            else f"the disk quota of {full} is used up"
        )
        return cause, f"free space or write elsewhere with {option}"
    if code == errno.EFBIG:
        return (
            "the file grew beyond the largest file allowed here (ulimit -f or the file system's limit)",
            f"raise the limit or write elsewhere with {option}",
        )
    if code in _DENIED:
        folder = _nearest_existing(path.parent)
        if code == errno.EROFS or _read_only_mount(folder):
            return f"{_shown(folder)} is on a read-only file system", f"choose a writable folder with {option}"
        return f"{_shown(folder)} is not writable", f"choose a writable folder with {option}, or make it writable"
    if code in _MISPLACED:
        return _MISPLACED[code], f"give the path of a regular file, e.g. {example}"
    words = (exc.strerror or str(exc) or type(exc).__name__).splitlines()[0]
    return words[:1].lower() + words[1:], f"write elsewhere with {option}"


def _refuse_other_than_file(path: Path, mode: int, target: Path, example: str) -> None:
    for is_kind, kind in _KINDS:
        if is_kind(mode):
            what = kind if target == path else f"a symbolic link to {target}, which is {kind}"
            raise OutputRefused(
                f"{path} is {what}, not a regular file", f"give the path of a regular file, e.g. {example}"
            )


def _shown(folder: Path) -> str:
    return str(folder).rstrip("/") + "/"


def _nearest_existing(folder: Path) -> Path:
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent
    return folder


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _fresh_file(target: Path) -> Path:
    """An empty new file beside ``target``, made with O_EXCL so it is ours (mode 0666 & ~umask)."""
    temporary = target.parent / f".{target.name}.{uuid.uuid4().hex[:12]}.tmp"
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    return temporary


def _discard(temporary: Path, existing: Path) -> None:
    """Remove the temporary file and any folder made for it (only if empty)."""
    try:
        temporary.unlink(missing_ok=True)
    except OSError:
        pass  # nothing more can be done; the failure itself is reported
    _remove_made_folders(temporary.parent, existing)


def _remove_made_folders(folder: Path, existing: Path) -> None:
    while folder != existing and existing in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (someone else writes there) or not ours to remove
        folder = folder.parent


def _settle(temporary: Path, target: Path) -> None:
    """Flush ``temporary`` to disk, rename it onto ``target``, flush the folder's entry."""
    handle = os.open(temporary, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
    os.replace(temporary, target)
    try:
        folder = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return  # the rename is done; a folder we cannot open is merely not flushed
    try:
        os.fsync(folder)
    except OSError:
        pass  # some file systems cannot flush a folder; the file itself is on disk
    finally:
        os.close(folder)
