"""The command line's help, shell completion and start-up: no store needed, nothing heavy imported.

`multivector --help` must stay quick, so the api and the libraries under it (pandas, DuckDB, Ibis,
Altair) are imported when a command runs. The check here is structural (which modules a help
loads), not a timing; benchmarks/cli_help.py times it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from multivector.report.chart_kinds import CHART_KINDS
from tests.cli.test_cli import run

HEAVY = ("pandas", "duckdb", "ibis", "altair", "pyarrow", "numpy", "multivector.store", "multivector.measure")
COMMANDS = (
    "build",
    "sources",
    "cite",
    "coverage",
    "measure",
    "profile",
    "classify",
    "findings",
    "report",
    "chart",
    "export",
    "routes",
    "network",
    "simulate",
)


def loaded_after(*args: str) -> list[str]:
    """The heavy modules in ``sys.modules`` after the command line ran ``args`` in a new process."""
    probe = (
        "import json, sys\n"
        f"sys.argv = ['multivector', *{list(args)!r}]\n"
        "from multivector.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if any(m == h or m.startswith(h + '.') for h in heavy))),"
        " file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_importing_the_command_line_loads_no_data_library():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, multivector.cli.app\nprint([m for m in {HEAVY!r} if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [("--help",), (), ("report", "--help"), ("chart", "--help"), ("simulate", "hedging", "--help")],
    ids=lambda args: " ".join(args) or "no-arguments",
)
def test_a_help_loads_no_data_library(args):
    assert loaded_after(*args) == []


def test_the_help_lists_every_command_and_completion(tmp_path):
    done = run(tmp_path, "--help")
    assert done.returncode == 0, done.stderr
    for command in COMMANDS:
        assert f"│ {command} " in done.stdout, command
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout


def test_chart_help_lists_every_kind_of_the_registry(tmp_path):
    done = run(tmp_path, "chart", "--help")
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.replace("│", " ").split())
    for kind, shows in CHART_KINDS.items():
        assert f"{kind}: {shows}" in text, kind


def test_an_unknown_chart_kind_is_one_line_listing_the_kinds_before_any_store_is_read(tmp_path):
    done = run(tmp_path, "chart", "pie", "KAZ", "--out", str(tmp_path / "pie.svg"))
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error bad-option: no chart 'pie' — choose one of "), done.stderr
    assert lines[0].endswith(", ".join(CHART_KINDS))


def completion_env(home, **extra: str) -> dict[str, str]:
    return {**os.environ, "MULTIVECTOR_HOME": str(home), **extra}


def test_show_completion_prints_the_bash_script(tmp_path):
    # Typer's switch to name the shell instead of detecting the one the test runs under
    env = completion_env(tmp_path, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    done = subprocess.run(
        [sys.executable, "-m", "multivector", "--show-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "_MULTIVECTOR_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _multivector_completion multivector" in done.stdout


@pytest.mark.parametrize(
    ("words", "cword", "expected", "absent"),
    [
        ("multivector sim", "1", {"simulate"}, set()),
        ("multivector simulate ", "2", {"outage", "hedging"}, {"routes"}),  # the deprecated alias is hidden
        ("multivector routes KAZ --li", "3", {"--lines"}, set()),
    ],
)
def test_bash_completion_completes_commands_and_options(tmp_path, words, cword, expected, absent):
    env = completion_env(tmp_path, _MULTIVECTOR_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
    done = subprocess.run([sys.executable, "-m", "multivector"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    offered = set(done.stdout.split())
    assert expected <= offered and not absent & offered, done.stdout


@pytest.mark.parametrize("command", ["outage", "hedging"])
def test_simulate_help_shows_the_state_as_an_argument_and_hides_the_old_option(tmp_path, command):
    done = run(tmp_path, "simulate", command, "--help")
    assert done.returncode == 0, done.stderr
    assert f"multivector simulate {command} [OPTIONS] [STATE]" in done.stdout
    assert "--state" not in done.stdout


def test_the_outage_route_option_says_where_the_lines_are_listed(tmp_path):
    text = " ".join(run(tmp_path, "simulate", "outage", "--help").stdout.replace("│", " ").split())
    assert "`multivector routes STATE --lines` lists them" in text
    assert "simulate routes" not in text


def test_the_state_given_twice_or_not_at_all_is_one_line(tmp_path):
    twice = run(tmp_path, "simulate", "hedging", "KAZ", "--state", "UZB")
    assert twice.returncode == 2 and twice.stdout == ""
    assert twice.stderr.strip() == (
        "error bad-option: the state is given twice (KAZ and --state UZB) — give it once, "
        "e.g. `multivector simulate hedging KAZ ...`"
    )
    missing = run(tmp_path, "simulate", "outage", "--commodity", "oil", "--route", "CPC")
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.strip().splitlines() == [
        "error bad-option: missing STATE — give the state first, e.g. `multivector simulate outage KAZ ...`"
    ]
