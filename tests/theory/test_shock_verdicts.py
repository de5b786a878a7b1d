"""Shock verdicts on synthetic panels whose answer is known: substantive, not testable, fragile."""

from __future__ import annotations

from multivector.theory.findings import Context, claim_hard_after_2022
from multivector.theory.params import TheoryParams
from multivector.theory.phases import PhaseParams, shock_tests
from multivector.theory.robustness import PLAUSIBLE, plausible_settings, robustness_of, shock_robustness
from multivector.theory.timeline import timeline
from tests.theory.synthetic import facts, panel, path

YEARS = range(2010, 2025)
AWAY = facts(("kaz_sanctions_compliance", 2022, "away:RUS"))
NO_BREAKS = TheoryParams().with_value("phases.detect_breaks", False)


def three_domains(drop: float = -0.3, economic: bool = True) -> dict:
    paths = {"security": path(0.8, {2022: drop}, years=YEARS), "diplomatic": path(0.4, {2022: drop}, years=YEARS)}
    if economic:
        paths["economic"] = path(0.5, {2022: drop}, years=YEARS)
    return paths


def verdict_2022(p, params: PhaseParams = NO_BREAKS.phases):
    tests, _ = shock_tests(p, params)
    return next(t for t in tests if t.label == "2022-02")


def test_a_clear_fall_in_three_domains_with_an_act_is_substantive_and_robust():
    p = panel(three_domains(), facts=AWAY)
    test = verdict_2022(p)
    assert test.verdict == "substantive" and test.untested_domains == []
    robust = shock_robustness(p, NO_BREAKS)["2022-02"]
    assert robust["robustness"] == 1.0 and robust["fragile"] is False


def test_a_domain_without_a_spanning_series_makes_the_shock_not_testable_and_is_named():
    p = panel(three_domains(economic=False), facts=AWAY)
    test = verdict_2022(p)
    assert test.verdict == "not testable" and not test.passes
    assert test.untested_domains == ["economic"]
    assert "economic" in test.why_not_testable
    # two falling domains would pass a two-domain rule; the verdict still names what is missing
    assert verdict_2022(p, NO_BREAKS.phases.model_copy(update={"min_tested_domains": 2})).verdict == "substantive"


def test_no_fall_on_two_domains_is_never_declaratory():
    p = panel(three_domains(drop=0.0, economic=False), facts=AWAY)
    assert verdict_2022(p).verdict == "not testable"
    assert verdict_2022(panel(three_domains(drop=0.0), facts=AWAY)).verdict == "declaratory"


def test_a_fall_seen_under_one_plausible_setting_only_is_fragile():
    p = panel(three_domains(drop=-0.035), facts=AWAY)  # below the default δ of 5 points, above 2.5
    assert verdict_2022(p).verdict == "declaratory"
    robust = shock_robustness(p, NO_BREAKS)["2022-02"]
    assert robust["fragile"] is True and 0 < robust["robustness"] < 1
    assert {(f["parameter"], f["value"], f["verdict"]) for f in robust["flips"]} == {
        ("phases.delta", 0.025, "substantive")
    }


def test_the_classification_records_verdict_reason_and_robustness_per_shock():
    p = panel(three_domains(economic=False), facts=AWAY)
    record = next(s for s in timeline(p, NO_BREAKS)["shocks"] if s["shock"] == "2022-02")
    assert record["verdict"] == "not testable" and record["untested_domains"] == ["economic"]
    assert record["why_not_testable"].startswith("no series of the hegemon's share spanning the shock in economic")


def test_the_post_2022_claim_follows_the_shock_verdict():
    for paths, expected in (
        (three_domains(), "agree"),
        (three_domains(drop=0.0), "disagree"),
        (three_domains(economic=False), "not testable"),
    ):
        p = panel(paths, facts=AWAY, state="KAZ")
        result = timeline(p, NO_BREAKS)
        context = Context({"KAZ": result}, {"KAZ": p}, None, {}, 0.05)  # type: ignore[arg-type]
        claim = claim_hard_after_2022(context)
        assert claim.verdict == expected
        if expected == "not testable":
            assert any(line.startswith("economic: not testable") for line in claim.data)


def test_settings_are_the_defaults_then_one_change_at_a_time():
    settings = plausible_settings(TheoryParams())
    assert settings[0].parameter is None
    assert len(settings) == 1 + sum(len(values) - 1 for values in PLAUSIBLE.values())
    assert all(s.params.value(s.parameter) == s.value for s in settings[1:])


def test_robustness_is_the_share_of_settings_keeping_the_verdict():
    settings = plausible_settings(TheoryParams())[:4]
    result = robustness_of(["agree", "agree", "partly", "agree"], settings)
    assert result["robustness"] == 0.75 and result["fragile"]
    assert [f["verdict"] for f in result["flips"]] == ["partly"]
