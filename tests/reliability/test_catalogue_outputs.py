"""The catalogue, part outputs: every output goes to a regular file or is refused in one line.

A FIFO, a device, a socket or a folder given as ``--out`` is refused (exit 2) and left as it
was; a symlink is written through; a folder that cannot be written, or a write that runs out
of room, is one line with exit 3 and leaves no partial or temporary file; a read-only cache
costs only a warning. None of these commands ever opens the FIFO (it would block).
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from multivector.sources import SOURCES
from tests.reliability.catalogue import Case, run_case

STORE = "multivector.duckdb"
REFUSED = r"^error output-refused: {name} is {what}, not a regular file — give the path of a regular file"
NOT_WRITTEN = r"^error output-not-written: cannot write {name}: "
BUILT: list[Path] = []  # the shared built home, set before each case runs


@pytest.fixture(autouse=True)
def _built_home_known(built_home: Path) -> None:
    BUILT[:] = [built_home]


# ---------------------------------------------------------------- what a case puts in its folder


def fifo(tmp: Path, name: str) -> None:
    os.mkfifo(tmp / name)


def device(tmp: Path, name: str) -> None:
    """A character device node with /dev/null's numbers, inside the case's own folder."""
    try:
        os.mknod(tmp / name, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError as exc:
        pytest.skip(f"cannot make a device node here: {exc.strerror}")


def unix_socket(tmp: Path, name: str) -> None:
    bound = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    bound.bind(str(tmp / name))
    bound.close()


def folder(tmp: Path, name: str) -> None:
    (tmp / name).mkdir()
    (tmp / name / "kept.txt").write_text("kept")


def read_only_folder(tmp: Path, name: str) -> None:
    (tmp / name).mkdir(mode=0o555)
    (tmp / name).chmod(0o555)


KINDS: dict[str, tuple[Callable[[Path, str], None], Callable[[int], bool]]] = {
    "FIFO": (fifo, stat.S_ISFIFO),
    "device": (device, stat.S_ISCHR),
    "socket": (unix_socket, stat.S_ISSOCK),
    "folder": (folder, stat.S_ISDIR),
}
WORDS = {"FIFO": r"a FIFO \(named pipe\)", "device": "a character device", "socket": "a socket", "folder": "a folder"}


def made(kind: str, name: str):
    def setup(tmp: Path) -> dict:
        KINDS[kind][0](tmp, name)
        return {}

    return setup


def untouched(kind: str, name: str, *others: str):
    """The special file is still there, still of its kind, and nothing else was made."""

    def check(tmp: Path) -> None:
        assert KINDS[kind][1]((tmp / name).lstat().st_mode), f"{name} is no longer a {kind}"
        if kind == "folder":
            assert sorted(p.name for p in (tmp / name).iterdir()) == ["kept.txt"]
        assert sorted(p.name for p in tmp.iterdir()) == sorted([name, *others])

    return check


def nothing_in(name: str, *kept: str):
    """The folder ``name`` holds only ``kept`` (no partial, no temporary file)."""

    def check(tmp: Path) -> None:
        where = tmp / name if name else tmp
        assert sorted(p.name for p in where.iterdir()) == sorted(kept)

    return check


def refused(kind: str, name: str, args: tuple[str, ...], *, id: str, timeout: float = 120) -> Case:
    return Case(
        id,
        args,
        2,
        REFUSED.format(name=name.replace(".", r"\."), what=WORDS[kind]),
        setup=made(kind, name),
        check=untouched(kind, name),
        timeout=timeout,
    )


# ---------------------------------------------------------------- setups of the other cases


def symlink_to_old_file(tmp: Path) -> dict:
    (tmp / "real").mkdir()
    (tmp / "real" / "sources.csv").write_text("old\n")
    (tmp / "link.csv").symlink_to(tmp / "real" / "sources.csv")
    return {}


def written_through(tmp: Path) -> None:
    link, target = tmp / "link.csv", tmp / "real" / "sources.csv"
    assert link.is_symlink() and os.readlink(link) == str(target)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "source_id" and len(rows) == len(SOURCES) + 1  # the header and every source, not "old"
    assert sorted(p.name for p in (tmp / "real").iterdir()) == ["sources.csv"]


def read_only(name: str):
    def setup(tmp: Path) -> dict:
        read_only_folder(tmp, name)
        return {}

    return setup


def read_only_home(tmp: Path) -> dict:
    """A copy of the built store in a home that cannot be written: the cache cannot be kept."""
    home = tmp / "home"
    home.mkdir()
    shutil.copyfile(BUILT[0] / STORE, home / STORE)
    home.chmod(0o555)
    return {"MULTIVECTOR_HOME": str(home)}


def report_written_without_cache(tmp: Path) -> None:
    page = tmp / "out" / "KAZ.html"
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert sorted(p.name for p in (tmp / "out").iterdir()) == ["KAZ.html"]
    assert sorted(p.name for p in (tmp / "home").iterdir()) == [STORE]
    (tmp / "home").chmod(0o755)


EXPORT = ("export", "sources", "--format")
CASES = [
    *(
        refused("FIFO", f"sources.{fmt}", (*EXPORT, fmt, "--out", f"sources.{fmt}"), id=f"export-{fmt}-to-fifo")
        for fmt in ("csv", "parquet", "dta", "xlsx")
    ),
    refused("device", "fake-null", (*EXPORT, "csv", "--out", "fake-null"), id="export-csv-to-device"),
    refused("device", "fake-null", (*EXPORT, "xlsx", "--out", "fake-null"), id="export-xlsx-to-device"),
    refused("folder", "exports", (*EXPORT, "csv", "--out", "exports"), id="export-csv-to-folder"),
    refused("socket", "sources.sock", (*EXPORT, "parquet", "--out", "sources.sock"), id="export-parquet-to-socket"),
    Case(
        "export-csv-through-symlink",
        (*EXPORT, "csv", "--out", "link.csv"),
        0,
        rf"^wrote {len(SOURCES)} rows to link\.csv",
        setup=symlink_to_old_file,
        check=written_through,
    ),
    refused("FIFO", "phases.png", ("chart", "phases", "KAZ", "--out", "phases.png"), id="chart-to-fifo", timeout=20),
    Case(
        "chart-pdf-refused-fast",
        ("chart", "phases", "KAZ", "--out", "phases.pdf"),
        2,
        r"^error bad-option: cannot tell the image format of 'phases\.pdf' — end the file name in \.png or \.svg",
        check=nothing_in(""),
        timeout=20,
    ),
    refused("folder", "reports", ("report", "KAZ", "--out", "reports"), id="report-to-folder", timeout=20),
    refused(
        "FIFO", "region.html", ("report", "--region", "--out", "region.html"), id="region-report-to-fifo", timeout=20
    ),
    refused("FIFO", "findings.md", ("findings", "--out", "findings.md"), id="findings-to-fifo", timeout=20),
    refused(
        "FIFO",
        "draws.csv",
        ("simulate", "hedging", "KAZ", "--draws", "10", "--draws-out", "draws.csv"),
        id="hedging-draws-to-fifo",
        timeout=20,
    ),
    Case(
        "export-into-read-only-folder",
        (*EXPORT, "csv", "--out", "ro/sources.csv"),
        3,
        NOT_WRITTEN.format(name=r"ro/sources\.csv") + r"ro/ is not writable — choose a writable folder with --out",
        setup=read_only("ro"),
        check=nothing_in("ro"),
        unprivileged=True,
    ),
    Case(
        "report-into-read-only-folder-fast",
        ("report", "KAZ", "--out", "ro/sub/KAZ.html"),
        3,
        NOT_WRITTEN.format(name=r"ro/sub/KAZ\.html") + r"ro/ is not writable — choose a writable folder",
        setup=read_only("ro"),
        check=nothing_in("ro"),
        unprivileged=True,
        timeout=20,
    ),
    Case(
        "report-with-read-only-home",
        ("report", "KAZ", "--out", "out/KAZ.html"),
        0,
        r"^warning cache: report data not cached: .*home/ is not writable — ",
        setup=read_only_home,
        check=report_written_without_cache,
        unprivileged=True,
        timeout=600,
    ),
    Case(
        "export-csv-beyond-file-size-limit",
        ("export", "flows", "--format", "csv", "--out", "out/flows.csv"),
        3,
        NOT_WRITTEN.format(name=r"out/flows\.csv") + "the file grew beyond the largest file allowed here",
        check=nothing_in(""),
        prefix=("prlimit", "--fsize=100000", "--"),
    ),
]
WARNINGS = {"report-with-read-only-home": 1}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_outputs(case: Case, tmp_path: Path, built_home: Path) -> None:
    if case.prefix and shutil.which(case.prefix[0]) is None:
        pytest.skip(f"{case.prefix[0]} is missing")
    done = run_case(case, tmp_path, built_home)
    warned = [line for line in done.stderr.splitlines() if line.startswith("warning")]
    assert len(warned) == WARNINGS.get(case.id, 0), done.stderr
