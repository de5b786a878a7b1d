"""The README's Python example runs against a real store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO_DATA

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.slow
def test_the_python_example_runs(built_home, monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_HOME", str(built_home))
    monkeypatch.setenv("MULTIVECTOR_DATA_DIR", str(REPO_DATA))
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "the README has a Python example"
    scope: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), scope)
    assert set(scope["kaz"]["domain"]) == {"security", "economic", "diplomatic"}
    assert len(scope["hhi"]) > 1000 and scope["cpc"].num_rows > 0


@pytest.mark.slow
def test_the_classify_example_runs_and_says_what_the_readme_says(built_home, monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_HOME", str(built_home))
    monkeypatch.setenv("MULTIVECTOR_DATA_DIR", str(REPO_DATA))
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "api.classify" in b)
    scope: dict = {}
    exec(compile(example, "README.md", "exec"), scope)
    assert scope["phases"][:2] == [(1994, 1997, "declaratory"), (1998, 2023, "declaratory")]
    assert scope["kaz"]["conditions"]["predicted"]["holds"] is True
    assert scope["strict"].phases.delta == 0.1


@pytest.mark.slow
def test_the_scenarios_example_runs_and_gives_the_figures_it_shows(built_home, monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_HOME", str(built_home))
    monkeypatch.setenv("MULTIVECTOR_DATA_DIR", str(REPO_DATA))
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "api.simulate_outage" in b)
    scope: dict = {}
    exec(compile(example, "README.md", "exec"), scope)
    shown = re.search(r"# \((.*?)\)", example).group(1)
    cpc = scope["cpc"]
    assert f"{cpc['baseline']}, {cpc['after']}, {cpc['lost_share']}" == shown
    assert scope["summary"]["scenario"][0]["year"] == 2022
    assert set(scope["draws"].run_id) == set(range(1000)) and set(scope["draws"].seed) == {0}
