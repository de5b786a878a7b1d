"""Modules imported at their first use (``multivector.cli.lazy``), each check in a new process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from multivector.cli.lazy import lazy_import


def python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_module_runs_at_its_first_attribute_and_not_before():
    shown = python(
        "import sys\n"
        "from multivector.cli.lazy import lazy_import\n"
        "api = lazy_import('multivector.api')\n"
        "print('pandas' in sys.modules, 'multivector.store' in sys.modules)\n"
        "states = api.STUDIED_STATES\n"
        "print('pandas' in sys.modules, 'multivector.store' in sys.modules, 'KAZ' in states)\n"
        "from multivector import api as imported\n"
        "print(imported is api)"
    )
    assert shown.splitlines() == ["False False", "True True True", "True"]


def test_a_module_already_imported_is_returned_as_it_is():
    import json

    assert lazy_import("json") is json


def test_an_unknown_module_is_refused_at_once():
    with pytest.raises(ModuleNotFoundError, match="multivector.no_such_module"):
        lazy_import("multivector.no_such_module")
