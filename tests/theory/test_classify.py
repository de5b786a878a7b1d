"""classify on the store built from the shipped data: every state, every verdict with evidence."""

from __future__ import annotations

import copy
import json
import re

import pytest

from multivector import api
from multivector.config import Settings
from multivector.jsonout import to_json
from multivector.theory.classify import classify_inputs, load_inputs
from multivector.theory.evidence import number_text
from multivector.theory.findings import COMPARISON, FOCUS
from multivector.theory.params import TheoryParams
from multivector.theory.robustness import with_shock_robustness
from multivector.theory.sensitivity import sensitivity
from tests.cli.test_cli import run
from tests.conftest import REPO_DATA

pytestmark = pytest.mark.slow

NUMBER = re.compile(r"(?<![\d.])[-+]?\d[\d,]*(?:\.\d+)?%?(?: points)?")


@pytest.fixture(scope="module")
def config(built_home) -> Settings:
    return Settings(home=built_home, data_dir=REPO_DATA)


@pytest.fixture(scope="module")
def inputs(config):
    with api.measurements(config) as m:
        return {state: load_inputs(m, state) for state in (*FOCUS, *COMPARISON)}


@pytest.fixture(scope="module")
def results(inputs):
    return {state: classify_inputs(i, TheoryParams()) for state, i in inputs.items()}


def test_every_studied_state_is_classified_with_the_required_keys(results):
    for state, r in results.items():
        assert {"state", "parameters", "phases", "conditions", "variants", "explanation"} <= set(r)
        assert r["state"] == state
        assert r["phases"], state
        assert list(r["conditions"]) == ["at_adoption", "now"]
        assert {"C1", "C2", "C3", "predicted", "year"} <= set(r["conditions"]["now"])
        assert set(r["variants"]) == {"V1", "V2", "V3", "V4"}


def test_every_verdict_has_evidence_with_a_source(results):
    for state, r in results.items():
        conditions = [moment[k] for moment in r["conditions"].values() for k in ("C1", "C2", "C3")]
        verdicts = [*r["phases"], *conditions, *r["variants"].values()]
        for verdict in verdicts:
            assert verdict["evidence"], (state, verdict)
            assert all(item["sources"] for item in verdict["evidence"]), (state, verdict)


def test_scores_are_in_the_unit_interval_or_missing(results):
    for r in results.values():
        for v in r["variants"].values():
            assert v["score"] is None or 0 <= v["score"] <= 1


def evidence_numbers(result: dict) -> set[str]:
    """Every number the evidence allows the explanation to print."""
    allowed: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if "claim" in node and "sources" in node:
                allowed.update(NUMBER.findall(node["claim"]))
                if isinstance(node["value"], (int, float)) and not isinstance(node["value"], bool):
                    allowed.add(number_text(node["value"], node["unit"]))
                allowed.update(str(node[k]) for k in ("year", "year_to") if node.get(k) is not None)
            if "score" in node and node["score"] is not None:
                allowed.add(f"{node['score']:.2f}")
            if "from" in node and "phase" in node:
                allowed.update({str(node["from"]), str(node["to"])})
            if "predicted" in node and "year" in node:  # a moment of the conditions: its year and window
                allowed.update(str(y) for y in [node["year"], *node.get("window", [])])
            if "shock" in node and "kind" in node:
                allowed.add(node["shock"])
            for key, value in node.items():
                if key != "explanation":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in result.items() if k != "parameters"})
    return allowed


def test_the_explanation_prints_no_number_outside_the_evidence(results):
    for state, r in results.items():
        allowed = evidence_numbers(r)
        text = r["explanation"]
        for source in re.findall(r"\[[^\]]+\]", text):  # source ids may carry digits
            text = text.replace(source, "")
        stray = [n for n in NUMBER.findall(text) if n not in allowed and not any(n in a for a in allowed)]
        assert not stray, (state, stray[:5])


def test_the_parameters_are_recorded(results):
    assert results["KAZ"]["parameters"] == TheoryParams().record()


def test_kazakhstan_borders_russia_and_china_and_is_hedging(results):
    kaz = results["KAZ"]
    assert kaz["conditions"]["now"]["C1"]["holds"] is True
    assert {p["phase"] for p in kaz["phases"]} <= {"declaratory", "substantive", "not_hedging"}
    assert kaz["phases"][-1]["phase"] != "not_hedging"


def test_conditions_are_judged_at_adoption_and_now_each_saying_when(results):
    for state, r in results.items():
        adoption, now = r["conditions"]["at_adoption"], r["conditions"]["now"]
        assert (adoption["window"], adoption["year"]) == ([1991, 1996], 1995), state
        assert now["year"] == r["year"] and "window" not in now, state
        c3 = next(e for e in r["variants"]["V2"]["evidence"] if e["sources"] == ["theory.conditions"])
        assert c3["value"] == now["C3"]["holds"], state  # the variants read C3 now
        trade = now["C2"]["parts"]["post_soviet_trade"]
        assert trade["value"] is None or all(d["year"] <= r["year"] for d in trade["detail"]), state


def test_the_sensitivity_run_names_each_moment(inputs):
    from multivector.theory.sensitivity import verdicts

    flat = verdicts(classify_inputs(inputs["KAZ"], TheoryParams()))
    assert {"at_adoption C2", "at_adoption predicted", "now C2", "now predicted"} <= set(flat)


def test_sensitivity_names_the_parameters_that_flip_verdicts(inputs):
    result = sensitivity(inputs["KAZ"])
    assert result["runs"]
    assert set(result["flipping"]) <= {r["parameter"] for r in result["runs"]}
    for entry in result["runs"]:
        for flip in entry["flips"]:
            assert flip["from"] != flip["to"]


def test_the_cli_prints_the_same_classification(built_home, inputs, results):
    done = run(built_home, "classify", "KAZ", "--json")
    assert done.returncode == 0, done.stderr
    expected = with_shock_robustness(copy.deepcopy(results["KAZ"]), inputs["KAZ"].panel, TheoryParams())
    assert json.loads(done.stdout) == json.loads(to_json(expected))  # the CLI's serializer: NaN is null
    table = run(built_home, "classify", "KAZ")
    assert table.returncode == 0 and "C1" in table.stdout and "declaratory" in table.stdout
    assert "at adoption 1991-1996 (in 1995)" in table.stdout and "now (2023)" in table.stdout
    assert "2022-02" in table.stdout and "robustness" in table.stdout


def test_every_shock_has_a_verdict_and_names_what_it_lacks(results):
    for state, r in results.items():
        for shock in r["shocks"]:
            assert shock["verdict"] in ("substantive", "declaratory", "not testable"), (state, shock["shock"])
            lacking = [d for d, t in shock["domains"].items() if not t["testable"]]
            assert shock["untested_domains"] == lacking
            assert (shock["verdict"] == "not testable") == bool(lacking)
            assert (shock["why_not_testable"] is not None) == bool(lacking)
            assert shock["substantive"] == (shock["verdict"] == "substantive")


def test_shock_robustness_is_a_share_of_the_plausible_settings(inputs, results):
    found = with_shock_robustness(copy.deepcopy(results["KAZ"]), inputs["KAZ"].panel, TheoryParams())
    for shock in found["shocks"]:
        robust = shock["robustness"]
        assert 0 < robust["robustness"] <= 1 and robust["settings"] >= 2
        assert robust["fragile"] >= bool(robust["flips"])
        band = robust["band"]
        assert band is None or (sum(band["verdicts"].values()) == band["draws"] and 0 <= band["keeps"] <= 1)


def test_an_unknown_state_is_a_clear_error(built_home):
    done = run(built_home, "classify", "Atlantis")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Atlantis" in done.stderr
