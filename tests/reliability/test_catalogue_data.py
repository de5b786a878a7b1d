"""The catalogue, part data: a data file that is damaged, re-encoded, emptied, replaced,
removed or changed, and a poles file with a state in two poles.

Each building case copies the repository's data folder, changes one file and builds into
a copy of the built home, so the build re-reads that file only. What a case shows beyond
its first line (a warning on stderr, the changes line, the JSON) is in ``EXPECT``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO_DATA
from tests.reliability.catalogue import Case, environment, run_case, run_command

EXERCISES = "exercises/joint_military_exercises_involving_russia_long.csv"
SHOWN = re.escape(EXERCISES)
POLES = "poles/poles.csv"
STORE = "multivector.duckdb"
BUILT: list[Path] = []  # the built home, set before any case runs


@pytest.fixture(autouse=True)
def _built_home_known(built_home: Path) -> None:
    BUILT[:] = [built_home]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_with(change: Callable[[Path], None], *, built: bool = False):
    """A setup: a copy of the data with ``change`` made, a copy of the built home, and
    (``built``) a build of the two already done."""

    def setup(tmp: Path) -> dict:
        data, home = tmp / "data", tmp / "home"
        shutil.copytree(REPO_DATA, data)
        shutil.copytree(BUILT[0], home)
        change(data)
        if built:
            done = run_command(("build",), environment(home, data))
            assert done.returncode == 0, done.stderr
        return {"MULTIVECTOR_HOME": str(home), "MULTIVECTOR_DATA_DIR": str(data)}

    return setup


def cp1251(data: Path) -> None:
    path = data / EXERCISES
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251"))


def garbage(data: Path) -> None:  # 120 of 398 lines, 30%
    with open(data / EXERCISES, "a", encoding="utf-8") as handle:
        handle.write("@@ a line of garbage ##\n" * 120)


def shifted_header(data: Path) -> None:
    path = data / EXERCISES
    _, body = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text("name,yr,partner,id\n" + body, encoding="utf-8")  # was id,name,yr,partner


def header_only(data: Path) -> None:
    path = data / EXERCISES
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")


def emptied(data: Path) -> None:
    (data / EXERCISES).write_bytes(b"")


def binary(data: Path) -> None:
    (data / EXERCISES).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)


def removed(data: Path) -> None:
    (data / EXERCISES).unlink()


def edited(data: Path) -> None:
    """One exercise renamed (its two records change), one line dropped, one added."""
    path = data / EXERCISES
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "76,ФРУКУС-2009,2009,France" and lines[2].endswith(",United States of America")
    lines[1] = "76,FRUKUS-2009,2009,France"
    del lines[2]
    lines.append("999,Test-2018,2018,Kazakhstan")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


TWO_POLES = "KAZ,RUS,a test line\nKAZ,CHN,another test line\n"


def poles_twice(data: Path) -> None:
    with open(data / POLES, "a", encoding="utf-8") as handle:
        handle.write(TWO_POLES)


def poles_file_twice(tmp: Path) -> dict:
    (tmp / "poles.csv").write_text((REPO_DATA / POLES).read_text(encoding="utf-8") + TWO_POLES, encoding="utf-8")
    return {}


def store_kept(*files: str):
    """A check: the home's store still holds the repository's version of ``files``."""

    def check(tmp: Path) -> None:
        con = duckdb.connect(str(tmp / "home" / STORE), read_only=True)
        try:
            for name in files:
                [(stored,)] = con.execute(
                    "SELECT arg_max(file_sha256, finished_at) FROM ingest_runs WHERE file_name = ?", [name]
                ).fetchall()
                assert stored == sha256(REPO_DATA / name), name
        finally:
            con.close()

    return check


BUILD_TABLE = r"store: "
ENCODING = rf"{SHOWN} \(russia_exercises\): 269 of 278 lines are not UTF-8 \(encoding_error\); 9 loaded"
TWO_POLES_LINE = r"line \d+: KAZ is in two poles \(RUS, CHN\); keep one line per state — fix these lines"

CASES = [
    Case("cp1251 file: build warns", ("build",), 0, BUILD_TABLE, data_with(cp1251)),
    Case(
        "cp1251 file: build --strict fails",
        ("build", "--strict"),
        2,
        rf"^error data-quality: 1 file\(s\) beyond the data-quality gates: {ENCODING}",
        data_with(cp1251),
        store_kept(EXERCISES),
    ),
    Case("cp1251 file: sources marks it", ("sources",), 0, r"sources", data_with(cp1251, built=True)),
    Case(
        "cp1251 file: sources --json tells it per file and source",
        ("sources", "--json"),
        0,
        r"^\[",
        data_with(cp1251, built=True),
    ),
    Case("30% garbage lines: build warns", ("build",), 0, BUILD_TABLE, data_with(garbage)),
    Case("shifted header: build warns", ("build",), 0, BUILD_TABLE, data_with(shifted_header)),
    Case(
        "shifted header: build --strict fails",
        ("build", "--strict"),
        2,
        r"^error data-quality: .*278 of 278 rows in scope rejected \(100\.0% > 5%; cast_error 278\)",
        data_with(shifted_header),
        store_kept(EXERCISES),
    ),
    Case(
        "a header alone: build warns and tells the records removed", ("build",), 0, BUILD_TABLE, data_with(header_only)
    ),
    Case(
        "an empty file: build refuses it",
        ("build",),
        2,
        rf"^error bad-input-file: {SHOWN}: the file is empty — it must hold a header line",
        data_with(emptied),
        store_kept(EXERCISES),
    ),
    Case(
        "a binary file in place of a CSV: build refuses it",
        ("build",),
        2,
        rf"^error bad-input-file: {SHOWN}: not a text file \(it holds NUL bytes\)",
        data_with(binary),
        store_kept(EXERCISES),
    ),
    Case(
        "a file removed from the data folder: build refuses",
        ("build",),
        3,
        rf"^error data-file-missing: {SHOWN} is not in the data folder .* — restore it from the repository",
        data_with(removed),
        store_kept(EXERCISES),
    ),
    Case(
        "a state in two poles: build refuses poles.csv",
        ("build",),
        2,
        rf"^error bad-input-file: poles/poles\.csv: {TWO_POLES_LINE}",
        data_with(poles_twice),
        store_kept(POLES),
    ),
    Case(
        "a state in two poles: --poles refuses it alike",
        ("profile", "KAZ", "--year", "2014", "--poles", "poles.csv"),
        2,
        rf"^error bad-input-file: poles\.csv: {TWO_POLES_LINE}",
        poles_file_twice,
    ),
    Case("a changed file: build tells the changes", ("build",), 0, BUILD_TABLE, data_with(edited)),
    Case(
        "a changed file: sources --json keeps the previous counts",
        ("sources", "--json"),
        0,
        r"^\[",
        data_with(edited, built=True),
    ),
    Case("the shipped data pass build --strict", ("build", "--strict"), 0, BUILD_TABLE, data_with(lambda data: None)),
]


def exercises(entries: list[dict]) -> tuple[dict, dict]:
    """The russia_exercises source and its file in ``sources --json``."""
    [source] = [e for e in entries if e["id"] == "russia_exercises"]
    [file] = [f for f in source["files"] if f["file_name"] == EXERCISES]
    return source, file


def encoding_in_json(entries: list[dict]) -> None:
    source, file = exercises(entries)
    [warning] = file["quality"]
    assert warning["kind"] == "encoding" and re.fullmatch(ENCODING, warning["message"]), warning
    assert source["quality"] == [{"file_name": EXERCISES, **warning}]
    others = [e["id"] for e in entries if e["quality"] and e["id"] != "russia_exercises"]
    assert others == []


def previous_in_json(entries: list[dict]) -> None:
    _, file = exercises(entries)
    before = file["previous"]
    assert before["file_sha256"] == sha256(REPO_DATA / EXERCISES) != file["file_sha256"]
    assert (before["rows_in"], before["rows_loaded"], before["rows_rejected"], before["rows_deduplicated"]) == (
        278,
        278,
        0,
        0,
    )
    assert before["finished_at"] < file["finished_at"]
    assert file["changes"] == {"flows": {"added": 2, "removed": 2, "changed": 2}}
    assert file["quality"] == []


@dataclass(frozen=True)
class Expect:
    """What a case shows beyond its first line: ``stderr`` as a list of line patterns (all of
    it), a pattern searched in ``stdout``, a check of its JSON."""

    stderr: tuple[str, ...] | None = None
    stdout: str | None = None
    json: Callable[[list[dict]], None] | None = None


EXPECT = {
    "cp1251 file: build warns": Expect(
        stderr=(rf"^warning .*{ENCODING} — re-save the file as UTF-8",), stdout=rf"\nflows: \+0 -538 ~0 \({SHOWN}\)\n"
    ),
    "cp1251 file: sources marks it": Expect(
        stderr=(), stdout=rf"russia_exercises .*1 warning\(s\).*\ndata-quality \(encoding\): {ENCODING}\n"
    ),
    "cp1251 file: sources --json tells it per file and source": Expect(stderr=(), json=encoding_in_json),
    "30% garbage lines: build warns": Expect(
        stderr=(
            rf"^warning .*{SHOWN} \(russia_exercises\): 120 of 398 rows in scope rejected "
            r"\(30\.2% > 5%; missing_field 120\)",
        ),
        stdout=r"\n1 file\(s\) re-read, their records unchanged\n",
    ),
    "shifted header: build warns": Expect(
        stderr=(r"^warning .*278 of 278 rows in scope rejected \(100\.0% > 5%; cast_error 278\)",)
    ),
    "a header alone: build warns and tells the records removed": Expect(
        stderr=(rf"^warning .*{SHOWN} \(russia_exercises\): no data lines \(a header alone\); nothing loaded",),
        stdout=rf"\nflows: \+0 -556 ~0 \({SHOWN}\)\n",
    ),
    "a changed file: build tells the changes": Expect(stderr=(), stdout=rf"\nflows: \+2 -2 ~2 \({SHOWN}\)\n"),
    "a changed file: sources --json keeps the previous counts": Expect(stderr=(), json=previous_in_json),
    "the shipped data pass build --strict": Expect(stderr=(), stdout=r"^(?!.*\nflows: )"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_catalogue_data(case: Case, tmp_path: Path, built_home: Path) -> None:
    try:
        done = run_case(case, tmp_path, built_home)
        expect = EXPECT.get(case.id, Expect())
        if expect.stderr is not None:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            assert len(lines) == len(expect.stderr), done.stderr
            for line, pattern in zip(lines, expect.stderr, strict=True):
                assert re.search(pattern, line), f"{pattern!r} not in {line!r}"
        if expect.stdout is not None:
            assert re.search(expect.stdout, done.stdout, re.S), done.stdout[-3000:]
        if expect.json is not None:
            expect.json(json.loads(done.stdout))
    finally:
        shutil.rmtree(tmp_path / "home", ignore_errors=True)  # a copy of the store: 400 MB
