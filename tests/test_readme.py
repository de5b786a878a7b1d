"""The README's Python example runs against a real store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO_DATA

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def run_example(built_home, monkeypatch):
    """``run(example)``: execute a README block against the built store; return its variables."""
    monkeypatch.setenv("MULTIVECTOR_HOME", str(built_home))
    monkeypatch.setenv("MULTIVECTOR_DATA_DIR", str(REPO_DATA))

    def run(example: str) -> dict:
        scope: dict = {}
        exec(compile(example, "README.md", "exec"), scope)
        return scope

    return run


@pytest.mark.slow
def test_the_python_example_runs(run_example):
    blocks = python_blocks()
    assert blocks, "the README has a Python example"
    scope = run_example(blocks[0])
    assert set(scope["kaz"]["domain"]) == {"security", "economic", "diplomatic"}
    # concentration needs a complete partner list: the post-Soviet states and Mongolia in every
    # year of the IMF's and COW's files, other states where a national office reports all partners
    assert len(scope["hhi"]) > 500 and scope["cpc"].num_rows > 0


@pytest.mark.slow
def test_the_classify_example_runs_and_says_what_the_readme_says(run_example):
    scope = run_example(next(b for b in python_blocks() if "api.classify" in b))
    assert scope["phases"][:4] == [
        (1994, 1997, "declaratory"),
        (1998, 2006, "declaratory"),
        (2007, 2009, "substantive"),
        (2010, 2023, "declaratory"),
    ]
    conditions = scope["kaz"]["conditions"]
    assert [conditions["at_adoption"][k]["holds"] for k in ("C1", "C2", "C3", "predicted")] == [True, True, None, None]
    assert [conditions["now"][k]["holds"] for k in ("C1", "C2", "C3", "predicted")] == [True, False, True, False]
    assert scope["strict"].phases.delta == 0.1


@pytest.mark.slow
def test_the_scenarios_example_runs_and_gives_the_figures_it_shows(run_example):
    example = next(b for b in python_blocks() if "api.simulate_outage" in b)
    scope = run_example(example)
    shown = re.search(r"# \((.*?)\)", example).group(1)
    cpc = scope["cpc"]
    assert f"{cpc['baseline']}, {cpc['after']}, {cpc['lost_share']}" == shown
    assert scope["summary"]["scenario"][0]["year"] == 2022
    assert set(scope["draws"].run_id) == set(range(1000)) and set(scope["draws"].seed) == {0}


@pytest.mark.slow
def test_the_convert_example_gives_the_codes_it_shows(run_example):
    example = next(b for b in python_blocks() if "api.convert" in b)
    scope = run_example(example.splitlines()[0])  # the import
    shown = re.findall(r"^(api\.convert\(.*?\))\s+# (\[.*?\])", example, re.M)
    assert len(shown) == 3
    for call, result in shown:
        assert repr(eval(call, scope)) == result, call


@pytest.mark.slow
def test_the_panel_grammar_example_gives_one_row_per_state_and_year(run_example):
    scope = run_example(next(b for b in python_blocks() if "api.state_years" in b))
    assert len(scope["kaz"]) == 32 and scope["kaz"].dependence_security.notna().all()
    assert len(scope["five"]) == 5 * 32 and {"differentiation", "balance", "series_economic"} <= set(scope["five"])
    assert len(scope["trade"]) == 18 and scope["trade"].unit_exports.str.contains("US dollars").all()
