"""Adoption conditions C1-C3: each part holds, fails or is unknown on hand-made inputs, every
verdict carries evidence with a source, and the real store gives Kazakhstan's and Armenia's
verdicts the data robustly show."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from pydantic import ValidationError

from multivector.theory.condition_inputs import COLUMNS
from multivector.theory.conditions import (ConditionInputs, ConditionParams, assess_conditions, combine,
                                           load_condition_inputs)
from multivector.theory.panel import Panel
from multivector.theory.params import TheoryParams

YEAR = 2024
UNITS = {"share", "km", "score", "count", None}
POLES = pd.DataFrame({"entity": ["RUS", "CHN", "USA", "POL", "TUR", "KGZ"],
                      "pole": ["RUS", "CHN", "WEST", "WEST", "TUR", "OTHER"]})


def frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


def kb(fact_id: str, cites: str = "seed_kaz_hedging_2026") -> dict:
    return {"fact_id": fact_id, "cites": cites, "citation": f"A document [{cites}]"}


def membership(institution: str, anchors, status="full", joined="2001-06-15", left=None, founded="2001-01-01"):
    return {**kb(f"{institution}:KAZ:1", "osce_timeline_1992"), "institution": institution,
            "name": institution.upper(), "status": status, "valid_from": pd.Timestamp(joined) if joined else None,
            "valid_to": pd.Timestamp(left) if left else None, "founded": pd.Timestamp(founded), "anchors": anchors}


def hedger(**changes) -> ConditionInputs:
    """A Kazakhstan-like state for which every part holds."""
    trade = [(year, partner, channel, value, False, "imf_dots") for year in (1994, 1995, 1996)
             for partner, value in (("RUS", 50.0), ("KGZ", 10.0), ("CHN", 15.0), ("USA", 25.0))
             for channel in ("exports", "imports")]
    inputs = ConditionInputs(
        state="KAZ", poles=POLES,
        borders=frame("year partner km source_id", [(2023, "RUS", 7644.0, "factbook_land_boundaries"),
                                                    (2023, "CHN", 1765.0, "factbook_land_boundaries"),
                                                    (2023, "KGZ", 1212.0, "factbook_land_boundaries")]),
        distances=frame("year partner km source_id", [(2019, "RUS", 0.0, "cow_mindist"),
                                                      (2019, "CHN", 0.0, "cow_mindist"),
                                                      (2019, "POL", 1330.0, "cow_mindist"),
                                                      (2019, "USA", 9000.0, "cow_mindist")]),
        regime=frame("year variable value source_id", [(2024, "v2x_polyarchy", 0.267, "isard_democracy"),
                                                       (2018, "polity2", -6.0, "isard_democracy")]),
        early_trade=frame("year partner channel value is_mirror source_id", trade),
        routes=frame("year source_id commodity pole exposure exposed_volume total_volume volume_unit",
                     [(YEAR, "knowledge_base", "crude oil", pole, share, share * 90, 90.0, "mt_per_year")
                      for pole, share in (("RUS", 0.78), ("CHN", 0.22), ("WEST", 0.0))]),
        route_lines=frame("year source_id commodity route_name volume volume_unit",
                          [(YEAR, "knowledge_base", "crude oil", "CPC", 70.0, "mt_per_year"),
                           (YEAR, "knowledge_base", "crude oil", "KCP", 20.0, "mt_per_year")]),
        memberships=pd.DataFrame([membership("csto", ["RUS"]), membership("sco", ["CHN", "RUS"]),
                                  membership("c5plus1", ["WEST"], joined=None, founded="2015-11-01")]),
        commodities=frame("rank commodity year source_id cites citation",
                          [(rank, name, 2023, "factbook_2026_commodities", "cia_factbook_2026_01", "Factbook [x]")
                           for rank, name in enumerate(["crude petroleum", "gold", "radioactive chemicals",
                                                        "refined copper", "copper ore"], start=1)]),
        figures=pd.DataFrame([
            {**kb("kaz_chn_border_km"), "text": "KAZ-CHN border 1,783 km.", "value": 1783.0, "low": None,
             "high": None, "unit": "km", "year": None, "year_to": None},
            {**kb("kaz_trade_share_soviet_market_1990"), "text": "Up to 90% inside the Soviet market.",
             "value": 90.0, "low": None, "high": None, "unit": "share_pct", "year": 1990, "year_to": None}]),
    )
    return dataclasses.replace(inputs, **changes)


def panel(vectors: dict[tuple[int, str], dict[str, float]] | None = None) -> Panel:
    vectors = vectors if vectors is not None else {
        (2023, "economic"): {"CHN": 0.37, "RUS": 0.28, "WEST": 0.22, "OTHER": 0.13},
        (2024, "security"): {"RUS": 0.89, "WEST": 0.09, "TUR": 0.02}}
    domains = pd.DataFrame([(year, domain, pole, share, 1) for (year, domain), v in vectors.items()
                            for pole, share in v.items()], columns=["year", "domain", "pole", "share", "channels"])
    channels = domains.assign(channel=domains.domain.map({"economic": "exports", "security": "arms_imports"}),
                              source_id=domains.domain.map({"economic": "imf_dots", "security": "sipri_trade_register"}))
    return Panel(state="KAZ", hegemon="RUS", channels=channels, domains=domains)


def assess(inputs=None, the_panel=None, year=YEAR, theta_co=0.15, **params) -> dict:
    return assess_conditions(inputs or hedger(), the_panel or panel(), ConditionParams(**params), "RUS", year,
                             theta_co=theta_co)


def part(result: dict, condition: str, name: str) -> dict:
    return result[condition]["parts"][name]


def evidence_of(result: dict, condition: str, name: str) -> list[dict]:
    return [e for e in result[condition]["evidence"] if e["part"] == name]


PARTS = {"C1": ("proximity", "material_dependence"), "C2": ("early_trade", "infrastructure"),
         "C3": ("autocracy", "rentier", "legitimation")}


def assert_cited(result: dict, units: set | None = UNITS) -> None:
    """Every part has evidence; every item has a claim, a source, a citation (and a known unit)."""
    for condition, names in PARTS.items():
        assert set(result[condition]["parts"]) == set(names)
        for name in names:
            items = evidence_of(result, condition, name)
            assert items, (condition, name)
            for item in items:
                assert item["claim"] and item["source"] and item["citation"], item
                assert units is None or item["unit"] in units, item


# ------------------------------------------------------------------------------ all hold
def test_a_hedger_meets_every_condition_and_multivectorism_is_predicted():
    result = assess()
    assert {c: result[c]["holds"] for c in ("C1", "C2", "C3")} == {"C1": True, "C2": True, "C3": True}
    assert result["predicted"]["holds"] is True
    assert part(result, "C1", "proximity")["detail"] == {"RUS": True, "CHN": True, "WEST": False}
    assert part(result, "C2", "early_trade")["value"] == pytest.approx(60 / 100)
    assert part(result, "C3", "legitimation")["detail"] == {"RUS": ["csto", "sco"], "CHN": ["sco"],
                                                             "WEST": ["c5plus1"]}
    assert_cited(result)


def test_knowledge_base_figures_are_evidence_with_their_document():
    result = assess()
    borders = [e for e in evidence_of(result, "C1", "proximity") if e["ref"] == "kaz_chn_border_km"]
    assert borders[0]["value"] == 1783 and borders[0]["source"] == "seed_kaz_hedging_2026"
    soviet = next(e for e in evidence_of(result, "C2", "early_trade") if e["ref"])
    assert (soviet["value"], soviet["unit"], soviet["year"]) == (0.9, "share", 1990)


# ------------------------------------------------------------------------------ C1
def test_proximity_fails_far_from_china_and_the_west():
    distances = frame("year partner km source_id", [(2019, "RUS", 113.2, "cow_mindist"),
                                                    (2019, "CHN", 2322.0, "cow_mindist"),
                                                    (2019, "POL", 1500.0, "cow_mindist")])
    result = assess(hedger(state="ARM", borders=frame("year partner km source_id", []), distances=distances))
    proximity = part(result, "C1", "proximity")
    assert (proximity["holds"], proximity["value"]) == (False, 1)
    assert proximity["detail"] == {"RUS": True, "CHN": False, "WEST": False}
    assert result["C1"]["holds"] is False and result["predicted"]["holds"] is False
    assert any("2,322 km" in e["claim"] for e in evidence_of(result, "C1", "proximity"))


def test_proximity_is_unknown_without_distances_and_names_the_source_searched():
    result = assess(hedger(borders=frame("year partner km source_id", []),
                           distances=frame("year partner km source_id", [])))
    assert part(result, "C1", "proximity")["holds"] is None
    sources = {e["source"] for e in evidence_of(result, "C1", "proximity") if e["value"] is None}
    assert {"cow_mindist", "factbook_land_boundaries"} <= sources


def test_a_border_makes_a_pole_near_even_without_a_distance():
    result = assess(hedger(distances=frame("year partner km source_id", [])))
    proximity = part(result, "C1", "proximity")
    assert proximity["detail"] == {"RUS": True, "CHN": True, "WEST": None}
    assert proximity["holds"] is True


def test_near_km_moves_the_verdict():
    assert part(assess(near_km=1500), "C1", "proximity")["detail"]["WEST"] is True


@pytest.mark.parametrize(("vectors", "theta_co", "holds"), [
    ({(2023, "economic"): {"RUS": 0.9, "CHN": 0.1}, (2023, "security"): {"RUS": 1.0}}, 0.15, False),
    ({(2023, "economic"): {"RUS": 0.9, "CHN": 0.1}, (2023, "security"): {"RUS": 1.0}}, 0.05, True),
    ({(2023, "economic"): {"RUS": 0.9, "CHN": 0.1}}, 0.15, None),   # security missing: could add a pole
    ({(2030, "economic"): {"RUS": 0.5, "CHN": 0.5}}, 0.15, None),   # data only after the year judged
    ({(2023, "economic"): {"RUS": 0.5, "UNLISTED": 0.5}, (2023, "security"): {"OTHER": 1.0}}, 0.15, False),
])
def test_material_dependence(vectors, theta_co, holds):
    result = assess(the_panel=panel(vectors), theta_co=theta_co)
    assert part(result, "C1", "material_dependence")["holds"] is holds
    assert evidence_of(result, "C1", "material_dependence")


# ------------------------------------------------------------------------------ C2
def test_early_trade_fails_below_the_lockin_share():
    trade = hedger().early_trade
    trade = trade.assign(value=trade.value.where(trade.partner != "RUS", 5.0))
    early = part(assess(hedger(early_trade=trade)), "C2", "early_trade")
    assert early["holds"] is False and early["value"] == pytest.approx(30 / 110)


def test_early_trade_falls_back_to_mirror_reports_for_a_year_without_own_reports():
    trade = hedger().early_trade
    trade = trade.loc[trade.year != 1995]
    mirror = frame("year partner channel value is_mirror source_id",
                   [(1995, "RUS", "exports", 10.0, True, "imf_dots"), (1995, "USA", "exports", 90.0, True, "imf_dots")])
    result = assess(hedger(early_trade=pd.concat([trade, mirror], ignore_index=True)))
    assert part(result, "C2", "early_trade")["value"] == pytest.approx((2 * 120 + 10) / (2 * 200 + 100))
    assert any("mirror reports" in e["claim"] for e in evidence_of(result, "C2", "early_trade"))


def test_early_trade_is_unknown_without_imf_reports():
    result = assess(hedger(early_trade=hedger().early_trade.iloc[0:0]))
    assert part(result, "C2", "early_trade")["holds"] is None
    assert result["C2"]["holds"] is None and result["predicted"]["holds"] is None
    assert all(e["source"] for e in evidence_of(result, "C2", "early_trade"))


def routes(*estimates: tuple[str, str, float, float, str]) -> pd.DataFrame:
    return frame("year source_id commodity pole exposure exposed_volume total_volume volume_unit",
                 [(YEAR, source, commodity, "RUS", share, share * total, total, unit)
                  for source, commodity, share, total, unit in estimates])


@pytest.mark.parametrize(("estimates", "holds", "value"), [
    ([("gem_gas_pipelines", "natural gas", 0.2, 40.0, "bcm_per_year")], False, 0.2),
    ([("gem_gas_pipelines", "natural gas", 0.62, 145.0, "bcm_per_year"),
      ("knowledge_base", "natural gas", 0.51, 176.0, "bcm_per_year")], True, 0.565),
    ([("gem_gas_pipelines", "natural gas", 0.4, 37.0, "bcm_per_year"),
      ("knowledge_base", "natural gas", 0.6, 40.0, "bcm_per_year")], None, 0.5),      # estimates straddle it
    ([("knowledge_base", "crude oil", 0.1, 50.0, "mt_per_year"),                      # 50 Mtoe of oil beats
      ("knowledge_base", "natural gas", 0.9, 55.0, "bcm_per_year")], False, 0.1),     # 47 Mtoe of gas
])
def test_infrastructure_reads_the_largest_commodity_of_each_estimate(estimates, holds, value):
    result = assess(hedger(routes=routes(*estimates)))
    infrastructure = part(result, "C2", "infrastructure")
    assert infrastructure["holds"] is holds and infrastructure["value"] == pytest.approx(value)
    assert len(evidence_of(result, "C2", "infrastructure")) == len({e[0] for e in estimates})


def test_infrastructure_is_unknown_without_a_route_of_known_volume():
    result = assess(hedger(routes=routes(), route_lines=hedger().route_lines.assign(volume=None)))
    assert part(result, "C2", "infrastructure")["holds"] is None
    claims = [e["claim"] for e in evidence_of(result, "C2", "infrastructure")]
    assert any("2 line(s) in operation without a known volume" in c for c in claims)


# ------------------------------------------------------------------------------ C3
@pytest.mark.parametrize(("polyarchy", "holds"), [(0.267, True), (0.5, False), (0.71, False), (None, None)])
def test_autocracy_below_the_regimes_of_the_world_cutoff(polyarchy, holds):
    rows = [(2020, "v2x_polyarchy", polyarchy, "isard_democracy")] if polyarchy is not None else []
    result = assess(hedger(regime=frame("year variable value source_id", rows)))
    assert part(result, "C3", "autocracy")["holds"] is holds
    assert evidence_of(result, "C3", "autocracy")[0]["source"] == "isard_democracy"


def commodities(*names: str, year: int = 2023) -> pd.DataFrame:
    return frame("rank commodity year source_id cites citation",
                 [(rank, name, year, "factbook_2026_commodities", "cia_factbook_2026_01", "Factbook [x]")
                  for rank, name in enumerate(names, start=1)])


@pytest.mark.parametrize(("names", "year", "lead", "holds"), [
    (("natural gas", "refined petroleum"), YEAR, 10, True),
    (("corn", "seed oils", "wheat", "iron ore"), YEAR, 10, False),
    (("fertilizers", "wood"), YEAR, 10, False),
    ((), YEAR, 10, None),
    (("crude petroleum",), 2000, 10, None),   # the 2023 list is too late for 2000 ...
    (("crude petroleum",), 2000, 25, True),   # ... unless the lead allows it
])
def test_rentier_reads_the_top_export_commodity(names, year, lead, holds):
    result = assess(hedger(commodities=commodities(*names)), year=year, snapshot_lead_years=lead)
    assert part(result, "C3", "rentier")["holds"] is holds
    assert evidence_of(result, "C3", "rentier")


@pytest.mark.parametrize(("rows", "params", "holds", "value"), [
    ([membership("csto", ["RUS"]), membership("eaeu", ["RUS"])], {}, False, 1),
    ([membership("csto", ["RUS"]), membership("pfp", ["WEST"], left="2010-01-01")], {}, False, 1),
    ([membership("csto", ["RUS"]), membership("pfp", ["WEST"], joined="2030-01-01")], {}, False, 1),
    ([membership("csto", ["RUS"]), membership("sco", ["CHN"], status="observer")], {}, True, 2),
    ([membership("csto", ["RUS"]), membership("sco", ["CHN"], status="observer")],
     {"legitimation_statuses": ("full",)}, False, 1),
    ([membership("osce", ["WEST", "RUS"])], {}, True, 2),
    ([membership("osce", ["WEST", "RUS"])], {"joint_institutions": False}, False, 0),
    ([membership("csto", ["RUS"]), membership("forum", None)], {}, None, 1),        # anchors not recorded
    ([membership("cica", [])], {}, False, 0),
    ([], {}, None, 0),
])
def test_legitimation_counts_the_poles_anchoring_valid_memberships(rows, params, holds, value):
    memberships = pd.DataFrame(rows, columns=list(COLUMNS["memberships"]))
    result = assess(hedger(memberships=memberships), **params)
    legitimation = part(result, "C3", "legitimation")
    assert (legitimation["holds"], legitimation["value"]) == (holds, value)
    assert all(e["source"] for e in evidence_of(result, "C3", "legitimation"))


# ------------------------------------------------------------------------------ rules and parameters
@pytest.mark.parametrize(("verdicts", "combined"), [
    ((True, True), True), ((True, False), False), ((None, False), False), ((True, None), None), ((None,), None)])
def test_combination_rule(verdicts, combined):
    assert combine(verdicts) is combined


def test_parameters_are_frozen_described_and_nested_in_the_theory_parameters():
    params = ConditionParams()
    with pytest.raises(ValidationError):
        params.near_km = 500
    assert all(f.description for f in ConditionParams.model_fields.values())
    assert TheoryParams().with_value("conditions.near_km", 500).conditions.near_km == 500


# ------------------------------------------------------------------------------ the real store
@pytest.fixture(scope="module")
def real(built_home):
    from multivector import api
    from multivector.config import Settings
    from multivector.theory.panel import load_panel
    from tests.conftest import REPO_DATA

    out = {}
    with api.measurements(Settings(home=built_home, data_dir=REPO_DATA)) as m:
        for state in ("KAZ", "ARM"):
            the_panel = load_panel(m, state)
            inputs = load_condition_inputs(m, the_panel, 2025)
            out[state] = assess_conditions(inputs, the_panel, ConditionParams(), "RUS", 2025)
    return out


def test_kazakhstan_borders_russia_and_china_and_is_autocratic(real):
    kaz = real["KAZ"]
    assert kaz["C1"]["holds"] is True
    assert part(kaz, "C1", "proximity")["detail"]["RUS"] is True
    assert part(kaz, "C1", "proximity")["detail"]["CHN"] is True
    borders = {e["claim"] for e in evidence_of(kaz, "C1", "proximity") if e["source"] == "factbook_land_boundaries"}
    assert any("7,644 km with RUS" in c for c in borders) and any("1,765 km with CHN" in c for c in borders)
    assert part(kaz, "C3", "autocracy")["holds"] is True and part(kaz, "C3", "autocracy")["value"] < 0.35
    assert part(kaz, "C2", "early_trade")["holds"] is True
    assert part(kaz, "C3", "rentier")["holds"] in (True, None)  # None until the Factbook commodities are loaded
    assert_cited(kaz, units=None)  # knowledge-base figures keep their own units


def test_armenia_is_far_from_china(real):
    arm = real["ARM"]
    assert part(arm, "C1", "proximity")["detail"]["CHN"] is False
    assert part(arm, "C1", "proximity")["detail"]["RUS"] is True
    assert_cited(arm, units=None)
