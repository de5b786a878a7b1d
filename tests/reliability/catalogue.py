"""The reliability catalogue's runner: a case is a command, an exit code and a first line.

Every case runs ``python -m multivector ARGS`` in a subprocess with its own environment and
checks what a hostile user would look at: the exit code, the first line on stderr, no
traceback, never exit 70 (an internal error). A case may prepare its own files first
(``setup(tmp) -> environment overrides``) and check the files afterwards (``check(tmp)``).

Cases about permissions (``unprivileged=True``) run the command through ``setpriv`` without
root's power to override file modes (``setpriv_prefix``), so a read-only folder is read-only
to it; they skip with the reason when that cannot be done.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO_DATA


@dataclass(frozen=True)
class Case:
    """One hostile use: ``args`` must end in ``exit_code`` with ``first_line`` on stderr.

    ``first_line`` is a regular expression searched in the first line of stderr (exit 0:
    in the first line of stdout unless ``stdout`` says otherwise). ``setup(tmp)`` makes the
    files the case needs and returns environment overrides (without ``MULTIVECTOR_HOME`` the
    shared built home is used, read only); ``check(tmp)`` asserts on what is left.
    ``prefix`` runs the command under another one (``prlimit --fsize=100000 --``).
    """

    id: str
    args: tuple[str, ...]
    exit_code: int
    first_line: str
    setup: Callable[[Path], Mapping[str, str]] | None = None
    check: Callable[[Path], None] | None = None
    unprivileged: bool = False
    stdin: str | None = None
    timeout: float = 300
    env: Mapping[str, str] = field(default_factory=dict)
    prefix: tuple[str, ...] = ()


def environment(home: Path, data_dir: Path = REPO_DATA, **overrides: str) -> dict[str, str]:
    """The process environment of a case: the home, the data folder and any overrides."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MULTIVECTOR_")}
    env.update({"MULTIVECTOR_HOME": str(home), "MULTIVECTOR_DATA_DIR": str(data_dir), "COLUMNS": "200"})
    env.update(overrides)
    return env


def run_command(
    args: tuple[str, ...] | list[str],
    env: Mapping[str, str],
    *,
    unprivileged: bool = False,
    stdin: str | None = None,
    timeout: float = 300,
    cwd: Path | None = None,
    prefix: tuple[str, ...] = (),
):
    """``python -m multivector ARGS`` in a subprocess (without root's file powers if ``unprivileged``)."""
    command = [*prefix, sys.executable, "-m", "multivector", *args]
    if unprivileged:
        command = [*setpriv_prefix(), *command]
    return subprocess.run(command, env=dict(env), capture_output=True, text=True, timeout=timeout, input=stdin, cwd=cwd)


def first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""


def assert_outcome(case: Case, done: subprocess.CompletedProcess) -> None:
    """The catalogue's rules: the exit code, the first line, no traceback, never exit 70."""
    shown = f"exit {done.returncode}\nstdout: {done.stdout[-2000:]}\nstderr: {done.stderr[-2000:]}"
    assert done.returncode != 70, shown
    assert "Traceback" not in done.stderr, shown
    assert done.returncode == case.exit_code, shown
    if case.exit_code != 0:
        error_lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(error_lines) == 1, f"more than one line on stderr\n{shown}"
    line = first_line(done.stderr) if case.exit_code != 0 else first_line(done.stdout or done.stderr)
    assert re.search(case.first_line, line), f"{case.first_line!r} not in {line!r}\n{shown}"


def run_case(case: Case, tmp: Path, built_home: Path) -> subprocess.CompletedProcess:
    """Prepare, run and check one case; ``tmp`` is the case's own folder."""
    overrides = dict(case.setup(tmp)) if case.setup else {}
    home = Path(overrides.pop("MULTIVECTOR_HOME", built_home))
    data_dir = Path(overrides.pop("MULTIVECTOR_DATA_DIR", REPO_DATA))
    env = environment(home, data_dir, **{**case.env, **overrides})
    done = run_command(
        case.args,
        env,
        unprivileged=case.unprivileged,
        stdin=case.stdin,
        timeout=case.timeout,
        cwd=tmp,
        prefix=case.prefix,
    )
    assert_outcome(case, done)
    if case.check:
        case.check(tmp)
    return done


# ---------------------------------------------------------------- without root's powers

# Root reads and writes any file whatever its mode bits; these capabilities are what let it.
# Dropped from the bounding set before the command starts, root is held to the mode bits
# like any user, so a folder of mode 0555 is read-only for the command. The command keeps
# uid 0, so it still reaches this checkout and its Python (which may sit in root's home).
DROPPED_CAPABILITIES = "-dac_override,-dac_read_search,-fowner"


def setpriv_prefix() -> list[str]:
    """The prefix that runs a command without the power to override file modes (or skip)."""
    if os.geteuid() != 0:
        return []  # an ordinary user already is held to the mode bits
    if not shutil.which("setpriv"):
        pytest.skip("setpriv is missing: cannot run a command without root's file powers")
    prefix = ["setpriv", f"--bounding-set={DROPPED_CAPABILITIES}", "--"]
    tried = subprocess.run([*prefix, sys.executable, "-c", "import multivector"], capture_output=True, text=True)
    if tried.returncode != 0:
        pytest.skip(f"cannot drop root's file capabilities here: {first_line(tried.stderr)}")
    return prefix
