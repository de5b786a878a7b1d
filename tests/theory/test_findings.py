"""docs/findings.md is what `multivector findings` writes from the shipped data, verdict by rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector import api
from multivector.config import Settings
from multivector.theory.condition_parts import year_spans
from multivector.theory.findings_doc import _consistent, build_context, findings_json, judged_claims, markdown
from multivector.theory.params import TheoryParams
from tests.conftest import REPO_DATA

DOC = Path(__file__).resolve().parents[2] / "docs" / "findings.md"
VERDICTS = {"agree", "partly", "disagree", "not testable", "fragile"}


@pytest.fixture(scope="module")
def judged(built_home):
    """The findings context and the claims with their robustness, computed once as the command does."""
    params = TheoryParams()
    with api.measurements(Settings(home=built_home, data_dir=REPO_DATA), params.measure) as m:
        context = build_context(m, params)
    return context, judged_claims(context, params), params


@pytest.mark.slow
def test_the_committed_findings_are_what_the_command_writes(judged):
    context, claims, params = judged
    assert markdown(context, params, claims) == DOC.read_text(encoding="utf-8"), (
        "run `make findings` and commit docs/findings.md"
    )


@pytest.mark.slow
def test_every_verdict_in_the_json_has_robustness_and_fragility(judged):
    _, claims, params = judged
    records = findings_json(claims, params)["claims"]
    assert len(records) == len(claims) >= 8
    for r in records:
        assert 0 <= r["robustness"] <= 1 and isinstance(r["fragile"], bool)
        assert r["verdict"] == ("fragile" if r["fragile"] else r["verdict_at_defaults"])
        assert r["fragile"] == (bool(r["flips"]) or (r["band"] is not None and r["band"]["keeps"] < 0.9))


@pytest.mark.slow
def test_the_post_2022_claim_rests_on_three_domains_or_is_not_testable(judged):
    context, claims, _ = judged
    claim = next(c for c in claims if c.title.startswith("After 2022"))
    shock = next(s for s in context.results["KAZ"]["shocks"] if s["shock"].startswith("2022"))
    if claim.verdict == "not testable":
        assert shock["untested_domains"] and any("not testable" in line for line in claim.data)
    else:
        assert shock["untested_domains"] == [] and claim.verdict in ("agree", "disagree")


@pytest.mark.slow
def test_armenia_says_how_its_arms_changed_after_the_timeline(judged):
    _, claims, _ = judged
    claim = next(c for c in claims if c.title.startswith("Armenia"))
    assert any(
        line.startswith("Changed after the timeline's last year (2023): the hegemon's share of the security domain")
        and " in 2024 " in line
        for line in claim.data
    )


def test_every_claim_has_a_verdict_from_the_rules():
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and "**" in line]
    assert len(rows) >= 8
    assert {row.split("**")[1] for row in rows} <= VERDICTS


def test_year_runs_are_written_as_spans():
    assert year_spans([1994, 1995, 1996, 2001, 2003, 2004]) == "1994-1996, 2001, 2003-2004"
    assert year_spans([]) == ""


@pytest.mark.parametrize(
    ("predicted", "observed", "expected"),
    [
        (True, "hedging", "yes"),
        (False, "hedging", "no"),
        (False, "not hedging", "yes"),
        (None, "hedging", "-"),
        (True, "mixed", "-"),
    ],
)
def test_consistency_of_prediction_and_record(predicted, observed, expected):
    assert _consistent(predicted, observed) == expected


def test_conditions_at_adoption_meet_the_first_five_years_and_now_are_shown_unscored():
    from types import SimpleNamespace

    from multivector.theory.findings_doc import _condition_table, _observed

    phases = [{"from": 1994, "to": 1998, "phase": "not_hedging"}, {"from": 1999, "to": 2023, "phase": "declaratory"}]
    assert (_observed({"phases": phases}, first=True), _observed({"phases": phases})) == ("not hedging", "hedging")

    def moment(predicted, trade, years, **when):
        return {
            **when,
            "C1": {"holds": True},
            "C3": {"holds": True},
            "predicted": {"holds": predicted},
            "C2": {
                "holds": predicted,
                "parts": {"post_soviet_trade": {"value": trade, "detail": [{"year": y} for y in years]}},
            },
        }

    result = {
        "phases": phases,
        "conditions": {
            "at_adoption": moment(True, 0.623, [1994, 1995, 1996], window=[1991, 1996], year=1995),
            "now": moment(False, 0.293, [2021, 2022, 2023], year=2023),
        },
    }
    table = "\n".join(_condition_table(SimpleNamespace(results={"KAZ": result})))
    assert "| KAZ | 1991-1996 (1995) | holds | holds | 62.3% (1994-1996) | holds | holds | not hedging | no |" in table
    assert "| KAZ | 2023 | holds | no | 29.3% (2021-2023) | holds | no |" in table  # now: not scored
    assert "Consistent at adoption: 0 of 1 states" in table and "Consistent now" not in table
