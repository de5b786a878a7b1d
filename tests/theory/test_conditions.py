"""Adoption conditions C1-C3: each part holds, fails or is unknown on hand-made inputs, every
verdict carries evidence with a source, both moments (at adoption, now) say what they were
judged on, and the real store gives Kazakhstan's and Armenia's verdicts the data robustly show."""

from __future__ import annotations

import dataclasses
import json

import ibis
import pandas as pd
import pytest
from pydantic import ValidationError

from multivector.measure.measurements import Measurements
from multivector.theory.condition_inputs import COLUMNS, _routes
from multivector.theory.conditions import (
    MOMENTS,
    ConditionInputs,
    ConditionParams,
    assess_conditions,
    combine,
    load_condition_inputs,
)
from multivector.theory.panel import Panel
from multivector.theory.params import TheoryParams

YEAR = 2024
UNITS = {"share", "km", "score", "count", None}
POLES = pd.DataFrame(
    {"entity": ["RUS", "CHN", "USA", "POL", "TUR", "KGZ"], "pole": ["RUS", "CHN", "WEST", "WEST", "TUR", "OTHER"]}
)


def frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


def kb(fact_id: str, cites: str = "seed_kaz_hedging_2026") -> dict:
    return {"fact_id": fact_id, "cites": cites, "citation": f"A document [{cites}]"}


def membership(institution: str, anchors, status="full", joined="2001-06-15", left=None, founded="2001-01-01"):
    return {
        **kb(f"{institution}:KAZ:1", "osce_timeline_1992"),
        "institution": institution,
        "name": institution.upper(),
        "status": status,
        "valid_from": pd.Timestamp(joined) if joined else None,
        "valid_to": pd.Timestamp(left) if left else None,
        "founded": pd.Timestamp(founded),
        "anchors": anchors,
    }


def hedger(**changes) -> ConditionInputs:
    """A Kazakhstan-like state for which every part holds."""
    trade = [
        (year, partner, channel, value, "own", "imf_dots")
        for year in (1994, 1995, 1996)
        for partner, value in (("RUS", 50.0), ("KGZ", 10.0), ("CHN", 15.0), ("USA", 25.0))
        for channel in ("exports", "imports")
    ]
    inputs = ConditionInputs(
        state="KAZ",
        poles=POLES,
        borders=frame(
            "year partner km source_id",
            [
                (2023, "RUS", 7644.0, "factbook_land_boundaries"),
                (2023, "CHN", 1765.0, "factbook_land_boundaries"),
                (2023, "KGZ", 1212.0, "factbook_land_boundaries"),
            ],
        ),
        distances=frame(
            "year partner km source_id",
            [
                (2019, "RUS", 0.0, "cow_mindist"),
                (2019, "CHN", 0.0, "cow_mindist"),
                (2019, "POL", 1330.0, "cow_mindist"),
                (2019, "USA", 9000.0, "cow_mindist"),
            ],
        ),
        regime=frame(
            "year variable value source_id",
            [(2024, "v2x_polyarchy", 0.267, "isard_democracy"), (2018, "polity2", -6.0, "isard_democracy")],
        ),
        trade=frame("year partner channel value report source_id", trade),
        routes=frame(
            "year source_id commodity pole exposure exposed_volume total_volume volume_unit",
            [
                (YEAR, "knowledge_base", "crude oil", pole, share, share * 90, 90.0, "mt_per_year")
                for pole, share in (("RUS", 0.78), ("CHN", 0.22), ("WEST", 0.0))
            ],
        ),
        route_lines=frame(
            "year source_id commodity route_name volume volume_unit year_from",
            [
                (YEAR, "knowledge_base", "crude oil", "CPC", 70.0, "mt_per_year", 2001),
                (YEAR, "knowledge_base", "crude oil", "KCP", 20.0, "mt_per_year", 2006),
            ],
        ),
        memberships=pd.DataFrame(
            [
                membership("csto", ["RUS"]),
                membership("sco", ["CHN", "RUS"]),
                membership("c5plus1", ["WEST"], joined=None, founded="2015-11-01"),
            ]
        ),
        commodities=frame(
            "rank commodity year source_id cites citation",
            [
                (rank, name, 2023, "factbook_2026_commodities", "cia_factbook_2026_01", "Factbook [x]")
                for rank, name in enumerate(
                    ["crude petroleum", "gold", "radioactive chemicals", "refined copper", "copper ore"], start=1
                )
            ],
        ),
        figures=pd.DataFrame(
            [
                {
                    **kb("kaz_chn_border_km"),
                    "text": "KAZ-CHN border 1,783 km.",
                    "value": 1783.0,
                    "low": None,
                    "high": None,
                    "unit": "km",
                    "year": None,
                    "year_to": None,
                },
                {
                    **kb("kaz_trade_share_soviet_market_1990"),
                    "text": "Up to 90% inside the Soviet market.",
                    "value": 90.0,
                    "low": None,
                    "high": None,
                    "unit": "share_pct",
                    "year": 1990,
                    "year_to": None,
                },
            ]
        ),
    )
    return dataclasses.replace(inputs, **changes)


def panel(vectors: dict[tuple[int, str], dict[str, float]] | None = None) -> Panel:
    vectors = (
        vectors
        if vectors is not None
        else {
            (2023, "economic"): {"CHN": 0.37, "RUS": 0.28, "WEST": 0.22, "OTHER": 0.13},
            (2024, "security"): {"RUS": 0.89, "WEST": 0.09, "TUR": 0.02},
        }
    )
    domains = pd.DataFrame(
        [(year, domain, pole, share, 1) for (year, domain), v in vectors.items() for pole, share in v.items()],
        columns=["year", "domain", "pole", "share", "channels"],
    )
    channels = domains.assign(
        channel=domains.domain.map({"economic": "exports", "security": "arms_imports"}),
        source_id=domains.domain.map({"economic": "imf_dots", "security": "sipri_trade_register"}),
    )
    return Panel(state="KAZ", hegemon="RUS", channels=channels, domains=domains)


def assess_both(inputs=None, the_panel=None, year=YEAR, theta_co=0.15, **params) -> dict:
    """Both moments: ``at_adoption`` (the default window 1991-1996, read in 1995) and ``now`` (``year``)."""
    return assess_conditions(
        inputs or hedger(), the_panel or panel(), ConditionParams(**params), "RUS", year, theta_co=theta_co
    )


def assess(inputs=None, the_panel=None, year=YEAR, theta_co=0.15, **params) -> dict:
    """The moment ``now``, judged in ``year``."""
    return assess_both(inputs, the_panel, year, theta_co, **params)["now"]


def part(result: dict, condition: str, name: str) -> dict:
    return result[condition]["parts"][name]


def evidence_of(result: dict, condition: str, name: str) -> list[dict]:
    return [e for e in result[condition]["evidence"] if e["part"] == name]


PARTS = {
    "C1": ("proximity", "material_dependence"),
    "C2": ("post_soviet_trade", "infrastructure"),
    "C3": ("autocracy", "rentier", "legitimation"),
}


def assert_cited(result: dict, units: set | None = UNITS) -> None:
    """Every part has evidence; every item has a claim, a source, a citation (and a known unit)."""
    for condition, names in PARTS.items():
        assert set(result[condition]["parts"]) == set(names)
        for name in names:
            items = evidence_of(result, condition, name)
            assert items, (condition, name)
            for item in items:
                assert item["claim"] and item["sources"] and item["citation"], item
                assert units is None or item["unit"] in units, item


# ------------------------------------------------------------------------------ all hold
def test_a_hedger_meets_every_condition_and_multivectorism_is_predicted():
    result = assess()
    assert {c: result[c]["holds"] for c in ("C1", "C2", "C3")} == {"C1": True, "C2": True, "C3": True}
    assert result["predicted"]["holds"] is True
    assert part(result, "C1", "proximity")["detail"] == {"RUS": True, "CHN": True, "WEST": False}
    assert part(result, "C2", "post_soviet_trade")["value"] == pytest.approx(60 / 100)
    assert part(result, "C3", "legitimation")["detail"] == {"RUS": ["csto", "sco"], "CHN": ["sco"], "WEST": ["c5plus1"]}
    assert_cited(result)


def test_knowledge_base_figures_are_evidence_with_their_document():
    result = assess()
    borders = [e for e in evidence_of(result, "C1", "proximity") if e["ref"] == "kaz_chn_border_km"]
    assert borders[0]["value"] == 1783 and borders[0]["sources"] == ["seed_kaz_hedging_2026"]
    soviet = next(e for e in evidence_of(assess_both()["at_adoption"], "C2", "post_soviet_trade") if e["ref"])
    assert (soviet["value"], soviet["unit"], soviet["year"]) == (0.9, "share", 1990)
    assert not any(e["ref"] for e in evidence_of(result, "C2", "post_soviet_trade"))  # 1990 figures: adoption only


# ------------------------------------------------------------------------------ C1
def test_proximity_fails_far_from_china_and_the_west():
    distances = frame(
        "year partner km source_id",
        [
            (2019, "RUS", 113.2, "cow_mindist"),
            (2019, "CHN", 2322.0, "cow_mindist"),
            (2019, "POL", 1500.0, "cow_mindist"),
        ],
    )
    result = assess(hedger(state="ARM", borders=frame("year partner km source_id", []), distances=distances))
    proximity = part(result, "C1", "proximity")
    assert (proximity["holds"], proximity["value"]) == (False, 1)
    assert proximity["detail"] == {"RUS": True, "CHN": False, "WEST": False}
    assert result["C1"]["holds"] is False and result["predicted"]["holds"] is False
    assert any("2,322 km" in e["claim"] for e in evidence_of(result, "C1", "proximity"))


def test_proximity_is_unknown_without_distances_and_names_the_source_searched():
    result = assess(
        hedger(borders=frame("year partner km source_id", []), distances=frame("year partner km source_id", []))
    )
    assert part(result, "C1", "proximity")["holds"] is None
    sources = {s for e in evidence_of(result, "C1", "proximity") if e["value"] is None for s in e["sources"]}
    assert {"cow_mindist", "factbook_land_boundaries"} <= sources


def test_a_border_makes_a_pole_near_even_without_a_distance():
    result = assess(hedger(distances=frame("year partner km source_id", [])))
    proximity = part(result, "C1", "proximity")
    assert proximity["detail"] == {"RUS": True, "CHN": True, "WEST": None}
    assert proximity["holds"] is True


def test_near_km_moves_the_verdict():
    assert part(assess(near_km=1500), "C1", "proximity")["detail"]["WEST"] is True


@pytest.mark.parametrize(
    ("vectors", "theta_co", "holds"),
    [
        ({(2023, "economic"): {"RUS": 0.9, "CHN": 0.1}, (2023, "security"): {"RUS": 1.0}}, 0.15, False),
        ({(2023, "economic"): {"RUS": 0.9, "CHN": 0.1}, (2023, "security"): {"RUS": 1.0}}, 0.05, True),
        ({(2023, "economic"): {"RUS": 0.9, "CHN": 0.1}}, 0.15, None),  # security missing: could add a pole
        ({(2030, "economic"): {"RUS": 0.5, "CHN": 0.5}}, 0.15, None),  # data only after the year judged
        ({(2023, "economic"): {"RUS": 0.5, "UNLISTED": 0.5}, (2023, "security"): {"OTHER": 1.0}}, 0.15, False),
    ],
)
def test_material_dependence(vectors, theta_co, holds):
    result = assess(the_panel=panel(vectors), theta_co=theta_co)
    assert part(result, "C1", "material_dependence")["holds"] is holds
    assert evidence_of(result, "C1", "material_dependence")


# ------------------------------------------------------------------------------ C2
TRADE = "year partner channel value report source_id"
SOURCE = {"own": "imf_dots", "mirror": "imf_dots", "national": "nso_kazakhstan_trade", "cow": "cow_trade"}


def trade_rows(year: int, report: str, shares: dict[str, float]) -> list[tuple]:
    """Exports and imports of ``year`` in one report: half of each partner's value each way."""
    return [
        (year, partner, channel, value / 2, report, SOURCE[report])
        for partner, value in shares.items()
        for channel in ("exports", "imports")
    ]


def with_trade(*blocks: list[tuple]) -> ConditionInputs:
    return hedger(trade=frame(TRADE, [row for block in blocks for row in block]))


def trade_part(result: dict) -> dict:
    return part(result, "C2", "post_soviet_trade")


def test_post_soviet_trade_fails_below_the_lockin_share():
    trade = hedger().trade
    trade = trade.assign(value=trade.value.where(trade.partner != "RUS", 5.0))
    result = assess(hedger(trade=trade))
    assert trade_part(result)["holds"] is False and trade_part(result)["value"] == pytest.approx(30 / 110)


def test_own_reports_without_russia_are_replaced_by_mirror_reports_then_cow():
    own_without_russia = {"KGZ": 10.0, "USA": 90.0}  # what the 1992-1993 reports look like
    inputs = with_trade(
        trade_rows(1992, "own", own_without_russia),
        trade_rows(1992, "mirror", {"RUS": 70.0, "USA": 30.0}),
        trade_rows(1993, "own", own_without_russia),
        trade_rows(1993, "mirror", {"KGZ": 5.0, "DEU": 95.0}),
        trade_rows(1993, "cow", {"RUS": 60.0, "KGZ": 20.0, "USA": 20.0}),
        trade_rows(1994, "own", {"RUS": 50.0, "USA": 50.0}),
        trade_rows(1994, "cow", {"RUS": 99.0, "USA": 1.0}),
    )
    adoption = assess_both(inputs)["at_adoption"]
    got = trade_part(adoption)
    assert [(d["year"], d["report"], d["share"]) for d in got["detail"]] == [
        (1992, "mirror", 0.7),
        (1993, "cow", 0.8),
        (1994, "own", 0.5),
    ]  # own reports first wherever they list RUS
    assert got["value"] == pytest.approx((70 + 80 + 50) / 300) and got["holds"] is True
    claims = " ".join(e["claim"] for e in evidence_of(adoption, "C2", "post_soviet_trade"))
    assert "in 1992 (70 of 100 US$ million, partners' mirror reports (IMF DOTS))" in claims
    assert "in 1993 (80 of 100 US$ million, COW dyadic trade)" in claims
    assert "in 1994 (50 of 100 US$ million, the state's own reports (IMF DOTS))" in claims


def test_a_year_no_report_records_russia_in_is_left_out_and_says_so():
    inputs = with_trade(
        trade_rows(1993, "own", {"KGZ": 10.0, "USA": 90.0}),
        trade_rows(1993, "mirror", {"UZB": 10.0, "USA": 90.0}),
        trade_rows(1995, "own", {"RUS": 60.0, "USA": 40.0}),
    )
    adoption = assess_both(inputs)["at_adoption"]
    assert [d["year"] for d in trade_part(adoption)["detail"]] == [1995]
    assert trade_part(adoption)["value"] == pytest.approx(0.6)
    left_out = [e for e in evidence_of(adoption, "C2", "post_soviet_trade") if e["year"] == 1993]
    assert len(left_out) == 1 and "no report records KAZ's trade with RUS" in left_out[0]["claim"]
    assert "1 in the state's own reports (IMF DOTS), 1 in partners' mirror reports" in left_out[0]["claim"]
    skipped = {e["year"] for e in evidence_of(adoption, "C2", "post_soviet_trade") if "left out" in e["claim"]}
    assert skipped == {1991, 1992, 1993, 1994, 1996}  # every other year of the window


def test_now_pools_the_latest_years_with_a_report_and_at_adoption_the_window():
    shares = {1994: 0.6, 1995: 0.6, 1996: 0.6, 2019: 0.4, 2020: 0.3, 2021: 0.2, 2022: 0.1}
    inputs = with_trade(
        *(
            trade_rows(y, "national" if y > 2020 else "own", {"RUS": 100 * v, "USA": 100 * (1 - v)})
            for y, v in shares.items()
        )
    )
    both = assess_both(inputs, year=2021, recent_trade_years=2)
    now = trade_part(both["now"])
    assert [(d["year"], d["report"]) for d in now["detail"]] == [(2020, "own"), (2021, "national")]
    assert now["value"] == pytest.approx(0.25) and now["holds"] is False  # 2022 is after the year judged
    assert trade_part(both["at_adoption"])["value"] == pytest.approx(0.6)
    assert trade_part(both["at_adoption"])["holds"] is True


def test_trade_is_unknown_without_reports_and_names_the_sources_searched():
    result = assess_both(hedger(trade=hedger().trade.iloc[0:0]))
    for moment in MOMENTS:
        assert trade_part(result[moment])["holds"] is None and result[moment]["C2"]["holds"] is None
        assert all(e["sources"] for e in evidence_of(result[moment], "C2", "post_soviet_trade"))
    assert result["now"]["predicted"]["holds"] is None


def routes(*estimates: tuple[str, str, float, float, str]) -> pd.DataFrame:
    return frame(
        "year source_id commodity pole exposure exposed_volume total_volume volume_unit",
        [
            (YEAR, source, commodity, "RUS", share, share * total, total, unit)
            for source, commodity, share, total, unit in estimates
        ],
    )


@pytest.mark.parametrize(
    ("estimates", "holds", "value"),
    [
        ([("gem_gas_pipelines", "natural gas", 0.2, 40.0, "bcm_per_year")], False, 0.2),
        (
            [
                ("gem_gas_pipelines", "natural gas", 0.62, 145.0, "bcm_per_year"),
                ("knowledge_base", "natural gas", 0.51, 176.0, "bcm_per_year"),
            ],
            True,
            0.565,
        ),
        (
            [
                ("gem_gas_pipelines", "natural gas", 0.4, 37.0, "bcm_per_year"),
                ("knowledge_base", "natural gas", 0.6, 40.0, "bcm_per_year"),
            ],
            None,
            0.5,
        ),  # estimates straddle it
        (
            [
                ("knowledge_base", "crude oil", 0.1, 50.0, "mt_per_year"),  # 50 Mtoe of oil beats
                ("knowledge_base", "natural gas", 0.9, 55.0, "bcm_per_year"),
            ],
            False,
            0.1,
        ),  # 47 Mtoe of gas
    ],
)
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


def line_facts(*lines: tuple[str, str, list[str], float | None, str | None]) -> ibis.Table:
    """Knowledge-base infrastructure claims of KAZ: (fact id, item, route, Mt/y or None, first day or None)."""
    rows = [
        {
            "fact_id": fact_id,
            "kind": "infrastructure",
            "subject": "KAZ",
            "text": item,
            "value_number": volume,
            "unit": "mt_per_year" if volume is not None else None,
            "status": "operating",
            "valid_from": pd.Timestamp(start) if start else None,
            "valid_to": None,
            "source_id": "knowledge_base",
            "attributes": json.dumps(
                {
                    "item": item,
                    "name": item,
                    "commodity": "crude oil",
                    "route": route,
                    "transit": route[1:2] if route[-1] == "RUS" else [],
                }
            ),
        }
        for fact_id, item, route, volume, start in lines
    ]
    table = ibis.memtable(pd.DataFrame(rows))
    return table.cast({"valid_from": "date", "valid_to": "date", "value_number": "float64", "unit": "string"})


def test_a_pipeline_opened_in_2001_does_not_count_at_adoption():
    facts = line_facts(
        ("soviet", "soviet line", ["KAZ", "RUS"], 15.0, None),
        ("soviet:built", "soviet line", ["KAZ", "RUS"], None, "1970-01-01"),
        ("cpc", "cpc", ["KAZ", "RUS"], 60.0, None),
        ("cpc:opening", "cpc", ["KAZ", "RUS"], None, "2001-03-26"),
        ("kcp", "kcp", ["KAZ", "CHN"], 25.0, "2006-01-01"),
    )
    m = Measurements({"facts": facts}, poles=ibis.memtable(POLES), reporters=["KAZ"])
    both = assess_both(hedger(**_routes(m, YEAR)))
    adoption, now = (part(both[k], "C2", "infrastructure") for k in MOMENTS)
    assert (adoption["holds"], adoption["value"]) == (True, 1.0)  # 15 of 15 Mt/y: the Soviet line only
    assert (now["holds"], now["value"]) == (True, pytest.approx(75 / 100))  # with the CPC and the China line
    then = evidence_of(both["at_adoption"], "C2", "infrastructure")
    assert then[0]["ref"] == "soviet line" and then[0]["year"] == 1995
    assert "Not yet in operation in 1995, so not counted: cpc (from 2001), kcp (from 2006)." in then[1]["claim"]
    assert evidence_of(both["now"], "C2", "infrastructure")[0]["ref"] == "cpc; kcp; soviet line"


def test_both_moments_say_what_they_were_judged_on():
    both = assess_both(adoption_window=(1992, 1997), adoption_year=1996)
    assert list(both) == list(MOMENTS)
    adoption, now = both["at_adoption"], both["now"]
    assert (adoption["window"], adoption["year"], adoption["predicted"]["year"]) == ([1992, 1997], 1996, 1996)
    assert "window" not in now and (now["year"], now["predicted"]["year"]) == (YEAR, YEAR)
    for moment in (adoption, now):
        assert set(moment) >= {"year", "C1", "C2", "C3", "predicted"}
        for condition, names in PARTS.items():
            for name in names:
                assert {"holds", "value", "threshold"} <= set(moment[condition]["parts"][name])
    assert json.loads(json.dumps(both)) == both  # plain JSON, nothing to convert


@pytest.mark.parametrize("window", [(1985, 1996), (1996, 1991), (1991, 2005)])
def test_the_adoption_window_runs_forward_inside_the_first_decade(window):
    with pytest.raises(ValidationError, match="adoption window"):
        ConditionParams(adoption_window=window)


# ------------------------------------------------------------------------------ C3
@pytest.mark.parametrize(("polyarchy", "holds"), [(0.267, True), (0.5, False), (0.71, False), (None, None)])
def test_autocracy_below_the_regimes_of_the_world_cutoff(polyarchy, holds):
    rows = [(2020, "v2x_polyarchy", polyarchy, "isard_democracy")] if polyarchy is not None else []
    result = assess(hedger(regime=frame("year variable value source_id", rows)))
    assert part(result, "C3", "autocracy")["holds"] is holds
    assert evidence_of(result, "C3", "autocracy")[0]["sources"] == ["isard_democracy"]


def commodities(*names: str, year: int = 2023) -> pd.DataFrame:
    return frame(
        "rank commodity year source_id cites citation",
        [
            (rank, name, year, "factbook_2026_commodities", "cia_factbook_2026_01", "Factbook [x]")
            for rank, name in enumerate(names, start=1)
        ],
    )


@pytest.mark.parametrize(
    ("names", "year", "lead", "holds"),
    [
        (("natural gas", "refined petroleum"), YEAR, 10, True),
        (("corn", "seed oils", "wheat", "iron ore"), YEAR, 10, False),
        (("fertilizers", "wood"), YEAR, 10, False),
        ((), YEAR, 10, None),
        (("crude petroleum",), 2000, 10, None),  # the 2023 list is too late for 2000 ...
        (("crude petroleum",), 2000, 25, True),  # ... unless the lead allows it
    ],
)
def test_rentier_reads_the_top_export_commodity(names, year, lead, holds):
    result = assess(hedger(commodities=commodities(*names)), year=year, snapshot_lead_years=lead)
    assert part(result, "C3", "rentier")["holds"] is holds
    assert evidence_of(result, "C3", "rentier")


@pytest.mark.parametrize(
    ("rows", "params", "holds", "value"),
    [
        ([membership("csto", ["RUS"]), membership("eaeu", ["RUS"])], {}, False, 1),
        ([membership("csto", ["RUS"]), membership("pfp", ["WEST"], left="2010-01-01")], {}, False, 1),
        ([membership("csto", ["RUS"]), membership("pfp", ["WEST"], joined="2030-01-01")], {}, False, 1),
        ([membership("csto", ["RUS"]), membership("sco", ["CHN"], status="observer")], {}, True, 2),
        (
            [membership("csto", ["RUS"]), membership("sco", ["CHN"], status="observer")],
            {"legitimation_statuses": ("full",)},
            False,
            1,
        ),
        ([membership("osce", ["WEST", "RUS"])], {}, True, 2),
        ([membership("osce", ["WEST", "RUS"])], {"joint_institutions": False}, False, 0),
        ([membership("csto", ["RUS"]), membership("forum", None)], {}, None, 1),  # anchors not recorded
        ([membership("cica", [])], {}, False, 0),
        ([], {}, None, 0),
    ],
)
def test_legitimation_counts_the_poles_anchoring_valid_memberships(rows, params, holds, value):
    memberships = pd.DataFrame(rows, columns=list(COLUMNS["memberships"]))
    result = assess(hedger(memberships=memberships), **params)
    legitimation = part(result, "C3", "legitimation")
    assert (legitimation["holds"], legitimation["value"]) == (holds, value)
    assert all(e["sources"] for e in evidence_of(result, "C3", "legitimation"))


# ------------------------------------------------------------------------------ rules and parameters
@pytest.mark.parametrize(
    ("verdicts", "combined"),
    [((True, True), True), ((True, False), False), ((None, False), False), ((True, None), None), ((None,), None)],
)
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
    kaz = real["KAZ"]["now"]
    assert kaz["C1"]["holds"] is True
    assert part(kaz, "C1", "proximity")["detail"]["RUS"] is True
    assert part(kaz, "C1", "proximity")["detail"]["CHN"] is True
    borders = {e["claim"] for e in evidence_of(kaz, "C1", "proximity") if e["sources"] == ["factbook_land_boundaries"]}
    assert any("7,644 km with RUS" in c for c in borders) and any("1,765 km with CHN" in c for c in borders)
    assert part(kaz, "C3", "autocracy")["holds"] is True and part(kaz, "C3", "autocracy")["value"] < 0.35
    assert part(kaz, "C3", "rentier")["holds"] in (True, None)  # None until the Factbook commodities are loaded
    for moment in MOMENTS:
        assert_cited(real["KAZ"][moment], units=None)  # knowledge-base figures keep their own units


def test_kazakhstan_at_adoption_is_judged_without_the_cpc_and_the_china_lines(real):
    adoption, now = real["KAZ"]["at_adoption"], real["KAZ"]["now"]
    assert (adoption["window"], adoption["year"]) == ([1991, 1996], 1995)
    then = evidence_of(adoption, "C2", "infrastructure")
    assert [e["ref"] for e in then if e["ref"]] == ["Uzen-Atyrau-Samara oil pipeline"]  # the Soviet line alone
    assert part(adoption, "C2", "infrastructure")["value"] == 1.0
    later = next(e["claim"] for e in then if e["claim"].startswith("Not yet in operation in 1995"))
    assert "Caspian Pipeline Consortium pipeline (from 2001)" in later
    assert "Kazakhstan-China oil pipeline (from 2006)" in later
    today = {e["ref"] for e in evidence_of(now, "C2", "infrastructure") if e["ref"]}
    assert any("Caspian Pipeline Consortium" in ref and "Kazakhstan-China" in ref for ref in today)
    assert part(now, "C2", "infrastructure")["value"] < 1


def test_kazakhstan_trade_at_adoption_starts_with_the_first_reports_that_record_russia(real):
    adoption, now = real["KAZ"]["at_adoption"], real["KAZ"]["now"]
    trade = part(adoption, "C2", "post_soviet_trade")
    assert [(d["year"], d["report"]) for d in trade["detail"]] == [(1994, "own"), (1995, "own"), (1996, "own")]
    assert trade["holds"] is True and trade["value"] == pytest.approx(0.623, abs=0.001)  # 59.2%, 63.6%, 63.0%
    left_out = {e["year"] for e in evidence_of(adoption, "C2", "post_soviet_trade") if "left out" in e["claim"]}
    assert left_out == {1991, 1992, 1993}  # no report, own, mirror or COW, records trade with Russia
    assert {d["report"] for d in part(now, "C2", "post_soviet_trade")["detail"]} == {"national"}
    assert part(now, "C2", "post_soviet_trade")["value"] < 0.5  # the same question on 2021-2023


def test_armenia_is_far_from_china(real):
    for moment in MOMENTS:
        arm = real["ARM"][moment]
        assert part(arm, "C1", "proximity")["detail"]["CHN"] is False
        assert part(arm, "C1", "proximity")["detail"]["RUS"] is True
        assert_cited(arm, units=None)
