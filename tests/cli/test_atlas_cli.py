"""``multivector atlas`` and ``profile --hegemon`` on the store built from the shipped data:
the one-line refusals, a hegemon taken with its preset's poles, a state without data."""

from __future__ import annotations

import json

import pytest

from multivector.config import Settings
from tests.cli.test_cli import run as run_in
from tests.conftest import REPO_DATA


@pytest.fixture(scope="module")
def run(built_home):
    return lambda *args: run_in(built_home, *args)


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("atlas", "--preset", "post_frnch"), "did you mean 'post_french'"),
        (("atlas", "--preset", "post_french", "--hegemon", "FRA"), "a preset brings its own hegemon and poles"),
        (("profile", "SEN", "--year", "2010", "--hegemon", "DEU"), "DEU is not a pole of the mapping"),
        (("profile", "SSD", "--year", "2010"), "no data"),
    ],
)
def test_bad_requests_are_one_line_each(run, args, expected, tmp_path):
    result = run(*args, "--out", str(tmp_path / "atlas.html")) if args[0] == "atlas" else run(*args)
    assert result.returncode == 2
    assert expected in one_error_line(result)
    assert not (tmp_path / "atlas.html").exists()


def test_a_hegemon_brings_the_poles_of_its_preset(run):
    result = run("profile", "SEN", "--year", "2010", "--hegemon", "FRA", "--json")
    assert result.returncode == 0, result.stderr
    profile = json.loads(result.stdout)
    security = profile["domains"]["security"]
    assert "FRA" in security["pole_shares"]  # France a pole of its own, not inside WEST
    assert security["dependence_on_hegemon"] == security["pole_shares"]["FRA"]


def test_every_state_with_data_in_2010_has_a_profile(built_home):
    """The default hegemon, in-process: every state the panel measures in 2010 gets its profile."""
    from multivector import api
    from multivector.store import Store

    config = Settings(home=built_home, data_dir=REPO_DATA)
    with Store(config.store_path, read_only=True) as store:
        states = [r["reporter"] for r in store.rows("SELECT reporter FROM panel_state_years WHERE year = 2010")]
    assert len(states) > 180
    for state in states:
        profile = api.profile(state, 2010, config=config)
        assert profile["state"] == state and any(d["pole_shares"] for d in profile["domains"].values())
