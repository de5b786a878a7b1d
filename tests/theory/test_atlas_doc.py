"""docs/atlas.md is what `multivector atlas-findings` writes from the shipped data; every preset's
members are in it with their citations."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector import api
from multivector.config import Settings
from multivector.presets import PRESETS, load_preset
from tests.conftest import REPO_DATA

DOC = Path(__file__).resolve().parents[2] / "docs" / "atlas.md"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def config(built_home) -> Settings:
    return Settings(home=built_home, data_dir=REPO_DATA)


@pytest.fixture(scope="module")
def written(config, tmp_path_factory) -> str:
    """The command's Markdown, written as `make atlas` writes it (every preset's table, once)."""
    out = tmp_path_factory.mktemp("atlas") / "atlas.md"
    api.atlas_findings(config=config, out=out)
    return out.read_text(encoding="utf-8")


def test_the_committed_atlas_findings_are_what_the_command_writes(written):
    assert written == DOC.read_text(encoding="utf-8"), "run `make atlas` and commit docs/atlas.md"


def test_every_preset_member_is_listed_with_its_citation():
    text = DOC.read_text(encoding="utf-8")
    for name in PRESETS:
        preset = load_preset(name, REPO_DATA)
        assert f"`{name}`" in text
        for member in preset.members:
            assert member.state in text and member.citation in text, (name, member.state)


def test_each_expectation_has_one_verdict_of_the_four_or_is_fragile(written):
    table = written.split("## Verdicts", 1)[1].split("##", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 4
    for row in rows:
        verdict = row.rstrip(" |").rsplit("|", 1)[1].strip().split("**")[1]  # "**fragile** (why)" too
        assert verdict in {"supported", "contradicted", "not supported", "not testable", "fragile"}, row
