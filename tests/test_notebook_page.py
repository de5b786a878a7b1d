"""docs/notebook.md runs as a doctest on the built store: its three tasks and every figure shown."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from tests.conftest import REPO_DATA

PAGE = Path(__file__).resolve().parents[1] / "docs" / "notebook.md"


@pytest.mark.slow
def test_the_notebook_page_gives_the_figures_it_shows(built_home, monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_HOME", str(built_home))
    monkeypatch.setenv("MULTIVECTOR_DATA_DIR", str(REPO_DATA))
    result = doctest.testfile(str(PAGE), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 20 and result.failed == 0


def test_each_task_takes_at_most_three_lines_after_the_import():
    text = PAGE.read_text(encoding="utf-8")
    tasks = re.split(r"(?m)^## ", text)[1:4]
    assert [t.split("\n")[0][:2] for t in tasks] == ["1.", "2.", "3."]
    for task in tasks:
        first_block = re.search(r"```python\n(.*?)```", task, re.S)
        assert first_block is not None
        statements = [line for line in first_block.group(1).splitlines() if line.startswith(">>> ")]
        building = [s for s in statements if "api." in s]
        assert 1 <= len(building) <= 3, building
