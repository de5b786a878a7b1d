"""docs/findings.md is what `multivector findings` writes from the shipped data, verdict by rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector import api
from multivector.config import Settings
from multivector.theory.findings import _span_list
from multivector.theory.findings_doc import _consistent
from tests.conftest import REPO_DATA

DOC = Path(__file__).resolve().parents[2] / "docs" / "findings.md"
VERDICTS = {"agree", "partly", "disagree", "not testable"}


@pytest.mark.slow
def test_the_committed_findings_are_what_the_command_writes(built_home):
    written = api.findings(config=Settings(home=built_home, data_dir=REPO_DATA))
    assert written == DOC.read_text(encoding="utf-8"), "run `make findings` and commit docs/findings.md"


def test_every_claim_has_a_verdict_from_the_rules():
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and "**" in line]
    assert len(rows) >= 8
    assert {row.split("**")[1] for row in rows} <= VERDICTS


def test_year_runs_are_written_as_spans():
    assert _span_list([1994, 1995, 1996, 2001, 2003, 2004]) == "1994-1996, 2001, 2003-2004"
    assert _span_list([]) == ""


@pytest.mark.parametrize(("predicted", "observed", "expected"), [
    (True, "hedging", "yes"), (False, "hedging", "no"), (False, "not hedging", "yes"),
    (None, "hedging", "-"), (True, "mixed", "-")])
def test_consistency_of_prediction_and_record(predicted, observed, expected):
    assert _consistent(predicted, observed) == expected
