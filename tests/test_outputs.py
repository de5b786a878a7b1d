"""Output files: only regular files are written, a symlink is written through, a device, FIFO,
socket or folder is refused untouched, and a failed write leaves nothing behind."""

from __future__ import annotations

import errno
import io
import os
import socket
import stat
import warnings
from pathlib import Path

import pytest

from multivector import outputs
from multivector.errors import MultivectorWarning, OutputNotWritable, OutputRefused
from multivector.outputs import atomic_output, checked_output, os_error_in, ready_output, write_atomic
from multivector.report import cache


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def make_socket(path: Path) -> Path:
    bound = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    bound.bind(str(path))
    bound.close()  # the socket file stays
    return path


def make_device(path: Path) -> Path:
    """A character device node with /dev/null's numbers, made under the test's own folder."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError as exc:
        pytest.skip(f"cannot make a device node here: {exc.strerror}")
    return path


def make_folder(path: Path) -> Path:
    path.mkdir()
    (path / "inside.txt").write_text("kept")
    return path


NOT_FILES = {
    "folder": (make_folder, "a folder"),
    "fifo": (make_fifo, "a FIFO"),
    "socket": (make_socket, "a socket"),
    "device": (make_device, "a character device"),
}


# ---------------------------------------------------------------- what is written


def test_a_new_path_is_written_and_its_folder_made(tmp_path):
    out = tmp_path / "new" / "folder" / "x.csv"
    assert write_atomic(out, "a,b\n") == out
    assert out.read_text() == "a,b\n"
    assert listing(out.parent) == ["x.csv"]


def test_the_new_file_has_ordinary_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "x.txt", b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "x.txt").stat().st_mode) == 0o644


def test_a_regular_file_is_replaced_atomically(tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("old")
    before = out.stat().st_ino
    write_atomic(out, "new")
    assert out.read_text() == "new"
    assert out.stat().st_ino != before  # a new file renamed over it, not the old one rewritten
    assert listing(tmp_path) == ["x.csv"]


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real" / "data.csv"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert checked_output(link) == target
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"
    assert listing(tmp_path) == ["link.csv", "real"] and listing(target.parent) == ["data.csv"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "made.csv")
    write_atomic(link, "new")
    assert link.is_symlink()
    assert (tmp_path / "made.csv").read_text() == "new"


# ---------------------------------------------------------------- what is refused


@pytest.mark.parametrize("kind", NOT_FILES)
def test_anything_but_a_regular_file_is_refused_untouched(tmp_path, kind):
    make, words = NOT_FILES[kind]
    path = make(tmp_path / kind)
    before = path.lstat()
    with pytest.raises(OutputRefused) as raised:
        write_atomic(path, "data")
    line = raised.value.one_line()
    assert str(path) in line and words in line and "regular file" in line and "\n" not in line
    assert raised.value.exit_code == 2
    after = path.lstat()
    assert (after.st_mode, after.st_ino, after.st_mtime_ns) == (before.st_mode, before.st_ino, before.st_mtime_ns)
    assert listing(tmp_path) == [kind]


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_symlink_to_anything_but_a_regular_file_is_refused(tmp_path, kind):
    make, words = NOT_FILES[kind]
    path = make(tmp_path / kind)
    link = tmp_path / "link.csv"
    link.symlink_to(path)
    with pytest.raises(OutputRefused, match=f"symbolic link to .*{words}"):
        ready_output(link)
    assert link.is_symlink() and os.readlink(link) == str(path)
    assert listing(tmp_path) == sorted([kind, "link.csv"])


def test_the_fix_names_the_option(tmp_path):
    with pytest.raises(OutputRefused, match="--draws-out out/draws.parquet"):
        checked_output(make_fifo(tmp_path / "f"), example="--draws-out out/draws.parquet")


# ---------------------------------------------------------------- failed writes


class FullDisk(io.FileIO):
    """A file on a disk that fills up half way through the write."""

    def write(self, data):
        super().write(bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_running_out_of_space_mid_way_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "made" / "x.csv"
    monkeypatch.setattr(outputs, "open", lambda path, mode: FullDisk(path, "wb"), raising=False)
    with pytest.raises(OutputNotWritable) as raised:
        write_atomic(out, "a,b\n" * 1000)
    line = raised.value.one_line()
    assert "no space left on the device" in line and str(out) in line and "--out" in line
    assert raised.value.exit_code == 3
    assert listing(tmp_path) == []  # no file, no temporary file, not even the folder made for it


def test_a_writer_that_fails_leaves_an_existing_file_unchanged(tmp_path, monkeypatch):
    out = tmp_path / "x.csv"
    out.write_text("old")

    def no_room(*args, **kwargs):
        raise OSError(errno.EFBIG, os.strerror(errno.EFBIG))

    monkeypatch.setattr(outputs, "_settle", no_room)
    with pytest.raises(OutputNotWritable, match="largest file allowed"):
        write_atomic(out, "new")
    assert out.read_text() == "old" and listing(tmp_path) == ["x.csv"]


def test_another_error_passes_through_and_leaves_nothing(tmp_path):
    with pytest.raises(ZeroDivisionError):
        with atomic_output(tmp_path / "x.csv") as temporary:
            temporary.write_text("half")
            1 / 0  # noqa: B018
    assert listing(tmp_path) == []


def test_a_read_only_folder_is_refused_before_any_work(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o555)
    if os.access(folder, os.W_OK):
        pytest.skip("running with root's power to write anywhere")
    with pytest.raises(OutputNotWritable, match="is not writable"):
        ready_output(folder / "sub" / "x.html")


def test_a_file_in_place_of_a_folder_is_not_writable(tmp_path):
    (tmp_path / "a").write_text("file")
    with pytest.raises(OutputNotWritable, match="a file stands where a folder"):
        ready_output(tmp_path / "a" / "x.csv")
    with pytest.raises(OutputNotWritable, match="a file stands where a folder"):
        write_atomic(tmp_path / "a" / "x.csv", "x")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('Could not write file "x": File too large","errno":"27"', errno.EFBIG),
        ('IO Error: Cannot open file "ro/y.csv": Permission denied', errno.EACCES),
        ("Error writing bytes to file. Detail: [errno 28] No space left on device", errno.ENOSPC),
        ("Binder Error: no such column", None),
    ],
)
def test_os_errors_are_read_from_library_messages(text, code):
    assert os_error_in(text) == code


# ---------------------------------------------------------------- the report cache


def test_an_unwritable_cache_warns_once_and_goes_on(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    monkeypatch.setattr(cache, "_WARNED", set())

    def refuse(path, data, **kwargs):
        raise OutputNotWritable("cannot write") from OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(cache, "write_atomic", refuse)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert cache.cached(cache_dir, "a", lambda: 1) == 1
        assert cache.cached(cache_dir, "b", lambda: 2) == 2
    assert len(caught) == 1 and isinstance(caught[0].message, MultivectorWarning)
    assert "not cached" in str(caught[0].message) and "read-only" in str(caught[0].message)


def test_an_unreadable_cache_entry_is_a_miss(tmp_path, monkeypatch):
    entry = tmp_path / "x.pickle"
    entry.write_bytes(b"kept")
    assert cache.recall(entry) == b"kept"

    def unreadable(self):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    assert cache.recall(entry) is None


def test_a_fifo_in_the_cache_is_a_miss_never_opened(tmp_path):
    assert cache.recall(make_fifo(tmp_path / "x.pickle")) is None  # opening it would block
