"""The four variants on hand-made inputs (scores worked by hand), a property test, and Kazakhstan."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from multivector.theory.panel import Panel
from multivector.theory.params import TheoryParams
from multivector.theory.variant_inputs import (
    EXPOSURE_COLUMNS,
    ITEM_COLUMNS,
    LINE_COLUMNS,
    MEMBERSHIP_COLUMNS,
    STATS_COLUMNS,
    VariantInputs,
)
from multivector.theory.variants import VariantParams, assess_variants

IMF = "imf_dots: usd_million_current"
FACTBOOK = "factbook_trade_partners: share_pct"
SIPRI = "sipri_trade_register: sipri_tiv_million"
FDI = "wiiw_fdi_kazakhstan: eur_million_stock"
DOMAIN = {"exports": "economic", "imports": "economic", "fdi": "economic", "arms_imports": "security"}
SOURCE = {
    IMF: "imf_dots",
    FACTBOOK: "factbook_trade_partners",
    SIPRI: "sipri_trade_register",
    FDI: "wiiw_fdi_kazakhstan",
}
P = VariantParams()
ROUNDING = 1e-6  # outputs are rounded to 6 decimals


def cited(evidence: list[dict]) -> set[str]:
    """Every source id the evidence items name."""
    return {source_id for item in evidence for source_id in item["sources"]}


def approx(value: float):
    return pytest.approx(value, abs=ROUNDING)


POLES = pd.DataFrame({"entity": ["RUS", "CHN", "USA", "TUR", "GEO"], "pole": ["RUS", "CHN", "WEST", "TUR", "WEST"]})


def path(channel: str, shares: dict[int, float], series: str = IMF, other: str = "CHN") -> list[dict]:
    """Channel-vector rows: the hegemon's share each year, the rest to ``other``."""
    rows = []
    for year, share in shares.items():
        for pole, value in (("RUS", share), (other, 1 - share)):
            if value > 0:
                rows.append(
                    {
                        "year": year,
                        "year_from": year,
                        "channel": channel,
                        "domain": DOMAIN[channel],
                        "series": series,
                        "source_id": SOURCE[series],
                        "pole": pole,
                        "share": value,
                        "unlisted": 0.0,
                    }
                )
    return rows


def partners(channel: str, values: dict[int, float]) -> list[dict]:
    return [
        {
            "year": y,
            "channel": channel,
            "series": IMF,
            "hhi": 1 / v,
            "effective_partners": v,
            "top_partner": "CHN",
            "top_share": 0.5,
        }
        for y, v in values.items()
    ]


def make_panel(channels=(), concentration=(), weights=None) -> Panel:
    frame = pd.DataFrame(
        list(channels),
        columns=["year", "year_from", "channel", "domain", "series", "source_id", "pole", "share", "unlisted"],
    )
    conc = pd.DataFrame(
        list(concentration),
        columns=["year", "channel", "series", "hhi", "effective_partners", "top_partner", "top_share"],
    )
    weights = weights or {"exports": 1.0, "imports": 1.0, "fdi": 1.0, "arms_imports": 1.0, "un_votes": 1.0}
    return Panel(
        state="KAZ", hegemon="RUS", channels=frame, domains=pd.DataFrame(), concentration=conc, weights=weights
    )


def frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=columns)


def assess(inputs=None, panel=None, params=P, hegemon="RUS", year=2005, c3=True) -> dict:
    return assess_variants(
        inputs or VariantInputs("KAZ", poles=POLES), panel or make_panel(), params, hegemon, year, c3
    )


def steps(first: float, last: float, start: int = 2000) -> dict[int, float]:
    """Three years at ``first`` then three at ``last``."""
    return {start + i: (first if i < 3 else last) for i in range(6)}


# V1 -----------------------------------------------------------------------------------------
def test_dependence_path_from_0_8_to_0_4_is_a_fall_of_one_half():
    v1 = assess(panel=make_panel(path("exports", steps(0.8, 0.4))))["V1"]
    assert v1["components"]["dependence_fall"]["value"] == approx(0.5)
    assert v1["components"]["partners_rise"]["value"] is None
    assert v1["score"] == approx(0.5)


def test_channel_falls_combine_with_the_channel_weights_and_a_rise_counts_as_no_fall():
    rows = path("exports", steps(0.8, 0.4)) + path("arms_imports", steps(0.5, 0.9), SIPRI)
    assert assess(panel=make_panel(rows))["V1"]["components"]["dependence_fall"]["value"] == approx(0.25)
    heavy = make_panel(rows, weights={"exports": 2.0, "arms_imports": 1.0})
    assert assess(panel=heavy)["V1"]["components"]["dependence_fall"]["value"] == approx(1 / 3)


def test_each_channel_reads_its_longest_series_only():
    rows = path("exports", {y: 0.5 for y in range(2000, 2008)}) + path("exports", {2008: 0.1, 2009: 0.1}, FACTBOOK)
    v1 = assess(panel=make_panel(rows), year=2009)["V1"]
    assert v1["components"]["dependence_fall"]["value"] == 0.0
    assert v1["components"]["dependence_fall"]["detail"]["exports"]["series"] == IMF


def test_leading_years_without_the_hegemon_are_unseen_in_trade_but_real_in_arms():
    shares = {2000: 0.0, 2001: 0.0, **{y: 0.6 for y in range(2002, 2005)}, **{y: 0.3 for y in range(2005, 2008)}}
    trade = assess(panel=make_panel(path("exports", shares)), year=2007)["V1"]["components"]["dependence_fall"]
    assert trade["value"] == approx(0.5)
    arms = {2000: 0.0, 2001: 0.0, 2002: 0.0, 2003: 0.6, 2004: 0.6, 2005: 0.3}
    got = assess(panel=make_panel(path("arms_imports", arms, SIPRI)))["V1"]
    assert got["components"]["dependence_fall"]["value"] is None  # nothing to fall from, never 0
    assert "nothing to fall from" in got["components"]["dependence_fall"]["detail"]["arms_imports"]


def test_partner_counts_rising_from_4_to_8_give_one_half():
    conc = partners("exports", steps(4.0, 8.0)) + partners("imports", steps(5.0, 5.0))
    got = assess(panel=make_panel(concentration=conc))["V1"]["components"]["partners_rise"]
    assert got["detail"]["exports"]["rise"] == approx(0.5)
    assert got["value"] == approx(0.25)


def test_partner_counts_skip_the_years_the_trade_source_does_not_see_the_hegemon():
    shares = {2000: 0.0, **{y: 0.5 for y in range(2001, 2007)}}
    conc = partners("exports", {2000: 1.0, **steps(4.0, 8.0, 2001)})
    got = assess(panel=make_panel(path("exports", shares), conc), year=2006)["V1"]["components"]["partners_rise"]
    assert got["value"] == approx(0.5)


def test_short_stale_or_soviet_era_series_leave_v1_unknown_not_zero():
    short = make_panel(path("exports", {2000: 0.8, 2001: 0.8, 2002: 0.8, 2003: 0.4, 2004: 0.4}))
    stale = make_panel(path("exports", steps(0.8, 0.4, 1995)))
    soviet = make_panel(path("exports", steps(0.8, 0.4, 1980)))
    for panel, year in ((short, 2004), (stale, 2023), (soviet, 1990)):
        v1 = assess(panel=panel, year=year)["V1"]
        assert v1["score"] is None
        assert v1["evidence"] and all(e["sources"] and e["citation"] for e in v1["evidence"])
        assert {"imf_dots", "sipri_trade_register"} <= cited(v1["evidence"])


# V2 -----------------------------------------------------------------------------------------
INSTITUTIONS = [
    ("csto", "CSTO", 1992, ("RUS",)),
    ("sco", "SCO", 2001, ("CHN", "RUS")),
    ("c5plus1", "C5+1", 2015, ("WEST",)),
    ("ots", "OTS", 2009, ("TUR",)),
    ("osce", "OSCE", None, ("WEST", "RUS")),
    ("cica", "CICA", 2002, ()),
]


def institutions(anchored: bool = True) -> pd.DataFrame:
    return frame(
        [(i, n, f, p if anchored else None, f"doc_{i}", f"Document on {n} [doc_{i}]") for i, n, f, p in INSTITUTIONS],
        ["institution", "name", "founded", "poles", "cites", "citation"],
    )


def member(institution, year_from=None, year_to=None, status="full", spell=1, cites=None):
    return (
        f"{institution}:KAZ:{spell}",
        institution,
        status,
        year_from,
        year_to,
        cites or f"doc_{institution}",
        f"Membership document [{cites or 'doc_' + institution}]",
    )


def legitimation(members, anchored=True, **kwargs) -> dict:
    inputs = VariantInputs(
        "KAZ", poles=POLES, memberships=frame(members, MEMBERSHIP_COLUMNS), institutions=institutions(anchored)
    )
    return assess(inputs, year=kwargs.pop("year", 2023), **kwargs)["V2"]


FOUR_POLES = [member("csto", 1992), member("sco", 2001), member("c5plus1"), member("ots", 2009)]


@pytest.mark.parametrize(("c3", "score"), [(True, 1.0), (None, 0.5), (False, 0.0)])
def test_a_portfolio_over_four_poles_scores_by_the_c3_verdict(c3, score):
    v2 = legitimation(FOUR_POLES, c3=c3)
    assert v2["components"]["breadth"]["value"] == 1.0
    assert v2["components"]["spans_east_west"]["value"] == 1.0
    assert v2["score"] == score
    c3_items = [e for e in v2["evidence"] if "C3" in e["claim"]]
    assert len(c3_items) == 1 and c3_items[0]["value"] == c3


def test_the_osce_alone_spans_east_and_west_only_under_the_plain_definition():
    v2 = legitimation([member("osce", 1992)])
    assert v2["components"]["breadth"]["value"] == 0.5
    assert v2["components"]["spans_east_west"]["value"] == 0.0
    assert v2["score"] == 0.25
    plain = legitimation([member("osce", 1992)], params=P.model_copy(update={"span_exclusive": False}))
    assert plain["components"]["spans_east_west"]["value"] == 1.0


def test_memberships_count_while_held_and_not_as_observers():
    claims = [
        member("csto", 1992, 1999, cites="a"),
        member("csto", 1992, cites="b"),  # two sources, one spell
        member("csto", 2006, 2012, spell=2),
        member("sco", 2001, status="observer"),
        member("c5plus1"),
    ]  # undated: from the institution's founding (2015)
    assert legitimation(claims, year=2023)["components"]["breadth"]["detail"]["memberships"] == ["c5plus1"]
    assert legitimation(claims, year=1995)["components"]["breadth"]["detail"]["memberships"] == ["csto"]
    assert legitimation(claims, year=2010)["components"]["breadth"]["detail"]["memberships"] == ["csto"]
    ref = [e for e in legitimation(claims, year=2023)["evidence"] if e["ref"] == "c5plus1:KAZ:1"]
    assert ref and ref[0]["sources"] == ["doc_c5plus1"] and ref[0]["citation"].startswith("Membership document")


def test_unknown_anchor_poles_or_no_membership_leave_v2_unknown():
    for v2 in (legitimation(FOUR_POLES, anchored=False), legitimation([])):
        assert v2["score"] is None
        assert v2["components"]["breadth"]["value"] is None
        missing = [e for e in v2["evidence"] if e["sources"] == ["knowledge_base"]]
        assert missing and missing[0]["citation"]
    assert any("'poles'" in e["claim"] for e in legitimation(FOUR_POLES, anchored=False)["evidence"])


# V3 -----------------------------------------------------------------------------------------
def stats(*rows):
    return frame(rows, STATS_COLUMNS)


def kaz_routes(source="knowledge_base") -> dict:
    return {
        "route_stats": stats(
            (source, "crude oil", 2001, 1.0, 1, 60.0, "mt_per_year"),
            (source, "crude oil", 2023, 0.625, 2, 80.0, "mt_per_year"),
        ),
        "route_exposure": frame(
            [
                (source, "crude oil", 2001, "RUS", 1.0),
                (source, "crude oil", 2023, "RUS", 0.75),
                (source, "crude oil", 2023, "CHN", 0.25),
            ],
            EXPOSURE_COLUMNS,
        ),
        "route_lines": frame(
            [
                (source, "crude oil", "cpc", "CPC", "cpc", 60.0, "mt_per_year", 2001, None, ("RUS",)),
                (source, "crude oil", "kcp", "KCP", "kcp", 20.0, "mt_per_year", 2006, None, ("CHN",)),
            ],
            LINE_COLUMNS,
        ),
    }


def test_routes_worked_by_hand_with_the_baseline_moved_to_the_first_line():
    v3 = assess(VariantInputs("KAZ", poles=POLES, **kaz_routes()), year=2023)["V3"]
    c = v3["components"]
    assert c["concentration_fall"]["value"] == approx(0.375)  # (1 - 0.625) / 1
    assert c["exposure_fall"]["value"] == approx(0.25)  # (1 - 0.75) / 1
    assert c["new_routes_avoid_h"]["value"] == approx(0.25)  # KCP: 20 of 80
    assert c["concentration_fall"]["detail"]["baseline_year"] == 2001
    assert v3["score"] == approx((0.375 + 0.25 + 0.25) / 3)
    assert cited(v3["evidence"]) == {"knowledge_base"}


def test_routes_prefer_the_knowledge_base_and_the_largest_commodity_in_energy_terms():
    kb, gem = kaz_routes(), kaz_routes("gem_gas_pipelines")
    both = {k: pd.concat([kb[k], gem[k]], ignore_index=True) for k in kb}
    assert (
        assess(VariantInputs("KAZ", **both), year=2023)["V3"]["components"]["concentration_fall"]["detail"]["source"]
        == "knowledge_base"
    )
    gas = stats(("knowledge_base", "natural gas", 2023, 1.0, 1, 90.0, "bcm_per_year"))  # 77.4 Mtoe < 80 Mt
    mixed = {**kb, "route_stats": pd.concat([kb["route_stats"], gas], ignore_index=True)}
    pick = lambda p: assess(VariantInputs("KAZ", **mixed), params=p, year=2023)["V3"]["components"][  # noqa: E731
        "concentration_fall"
    ]["detail"]["commodity"]
    assert pick(P) == "crude oil"
    assert pick(P.model_copy(update={"mtoe_per_unit": {"mt_per_year": 1.0, "bcm_per_year": 0.9}})) == "natural gas"


def test_no_exposure_then_or_now_is_unknown_and_no_route_is_unknown():
    inputs = VariantInputs(
        "AZE",
        route_stats=stats(
            ("knowledge_base", "crude oil", 2006, 1.0, 1, 50.0, "mt_per_year"),
            ("knowledge_base", "crude oil", 2023, 1.0, 1, 50.0, "mt_per_year"),
        ),
        route_lines=frame(
            [("knowledge_base", "crude oil", "btc", "BTC", "btc", 50.0, "mt_per_year", 2006, None, ("TUR", "WEST"))],
            LINE_COLUMNS,
        ),
    )
    v3 = assess(inputs, year=2023)["V3"]
    assert v3["components"]["exposure_fall"]["value"] is None
    assert v3["score"] == approx(0.5)  # concentration 0, new routes 1
    none = assess(year=2023)["V3"]
    assert none["score"] is None
    assert cited(none["evidence"]) == {"knowledge_base", "gem_gas_pipelines"}


# V4 -----------------------------------------------------------------------------------------
def item(name, kind, status, year, entities, source="knowledge_base"):
    return (source, name, kind, name, status, year, tuple(entities), f"doc_{name}", f"A document [doc_{name}]")


ITEMS = [
    item("rail", "railway", "operating", 2005, ["CHN", "KAZ"]),
    item("via_russia", "oil_pipeline", "operating", 2010, ["KAZ", "RUS"]),
    item("old", "gas_pipeline", "operating", 1995, ["KAZ", "CHN"]),
    item("undated", "transport_corridor", "operating", None, ["CHN", "KAZ", "GEO"]),
    item("proposed", "gas_pipeline", "proposed", 2015, ["KAZ", "CHN"]),
    item("domestic", "gas_pipeline", "operating", 2015, ["KAZ"]),
    item("building", "railway", "construction", 2022, ["CHN", "KAZ"]),
]


def finance_rows(values: dict[int, float], partner="CHN"):
    return frame(
        [(y, partner, partner, v, "usd_2021_constant", "aiddata_gcdf") for y, v in values.items()],
        ["year", "partner", "pole", "value", "unit", "source_id"],
    )


def integration(year=2023, params=P, hegemon="RUS", fdi=True) -> dict:
    inputs = VariantInputs(
        "KAZ",
        poles=POLES,
        infrastructure=frame(ITEMS, ITEM_COLUMNS),
        development_finance=finance_rows({2000: 10.0, 2002: 20.0, 2019: 30.0, 2020: 30.0, 2021: 30.0}),
        finance_coverage=(2000, 2021),
    )
    panel = make_panel(path("fdi", steps(0.5, 0.25, 2016), FDI) if fdi else ())
    return assess(inputs, panel, params=params, hegemon=hegemon, year=year)["V4"]


def test_corridors_count_new_cross_border_items_avoiding_the_hegemon():
    v4 = integration()
    assert v4["components"]["corridors"]["detail"]["counted"] == ["rail", "building"]
    assert v4["components"]["corridors"]["value"] == approx(2 / 3)
    assert integration(year=2021)["components"]["corridors"]["value"] == approx(1 / 3)
    undated = integration(params=P.model_copy(update={"count_undated_items": True}))
    assert undated["components"]["corridors"]["value"] == 1.0
    rail = [e for e in v4["evidence"] if e["ref"] == "rail"]
    assert rail and rail[0]["sources"] == ["doc_rail"] and rail[0]["year"] == 2005 and rail[0]["value"] is None


def test_finance_averages_the_fdi_rise_and_the_growth_of_development_finance():
    v4 = integration()
    detail = v4["components"]["finance"]["detail"]
    assert detail["development_finance"]["growth"] == approx(1 - 10 / 30)  # base (10 + 0 + 20) / 3
    assert detail["fdi"]["rise"] == approx(0.5)  # non-RUS 0.5 -> 0.75
    assert v4["components"]["finance"]["value"] == approx((2 / 3 + 0.5) / 2)
    assert v4["score"] == approx((2 / 3 + (2 / 3 + 0.5) / 2) / 2)
    assert {"aiddata_gcdf", "wiiw_fdi_kazakhstan"} <= cited(v4["evidence"])


def test_a_source_seeing_only_the_hegemons_lenders_cannot_judge_and_no_data_is_unknown():
    china = integration(hegemon="CHN", fdi=False)
    assert china["components"]["finance"]["value"] is None
    nothing = assess(year=2023)["V4"]
    assert nothing["score"] is None
    assert {"knowledge_base", "aiddata_gcdf", "wiiw_fdi_kazakhstan"} <= cited(nothing["evidence"])


# every variant ------------------------------------------------------------------------------
def test_params_are_frozen_and_reachable_from_the_theory_params():
    with pytest.raises(ValidationError):
        P.window = 5
    assert TheoryParams().with_value("variants.window", 5).variants.window == 5
    assert all(f.description for f in VariantParams.model_fields.values())


shares = st.floats(0, 1, allow_nan=False)
years = st.lists(shares, min_size=0, max_size=9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    exports=years,
    arms=years,
    counts=st.lists(st.floats(1, 30), max_size=9),
    hhi=st.tuples(st.floats(0.2, 1), st.floats(0.2, 1)),
    exposure=st.tuples(shares, shares),
    money=st.lists(st.floats(0, 1e9), max_size=8),
    anchored=st.booleans(),
    c3=st.sampled_from([True, False, None]),
    year=st.integers(2001, 2012),
)
def test_scores_lie_in_the_unit_interval_and_always_carry_evidence(
    exports, arms, counts, hhi, exposure, money, anchored, c3, year
):
    panel = make_panel(
        path("exports", dict(zip(range(2000, 2010), exports)))
        + path("arms_imports", dict(zip(range(2000, 2010), arms)), SIPRI),
        partners("exports", dict(zip(range(2000, 2010), counts))),
    )
    inputs = VariantInputs(
        "KAZ",
        poles=POLES,
        memberships=frame(FOUR_POLES, MEMBERSHIP_COLUMNS),
        institutions=institutions(anchored),
        route_stats=stats(
            ("knowledge_base", "crude oil", 2000, hhi[0], 2, 10.0, "mt_per_year"),
            ("knowledge_base", "crude oil", year, hhi[1], 2, 10.0, "mt_per_year"),
        ),
        route_exposure=frame(
            [
                ("knowledge_base", "crude oil", 2000, "RUS", exposure[0]),
                ("knowledge_base", "crude oil", year, "RUS", exposure[1]),
            ],
            EXPOSURE_COLUMNS,
        ),
        route_lines=frame(
            [("knowledge_base", "crude oil", "a", "A", "a", 10.0, "mt_per_year", 2001, None, ("CHN",))], LINE_COLUMNS
        ),
        infrastructure=frame(ITEMS, ITEM_COLUMNS),
        development_finance=finance_rows(dict(zip(range(2000, 2008), money))),
        finance_coverage=(2000, 2007),
    )
    got = assess(inputs, panel, year=year, c3=c3)
    assert set(got) == {"V1", "V2", "V3", "V4"}
    for variant in got.values():
        assert variant["score"] is None or 0 <= variant["score"] <= 1
        for component in variant["components"].values():
            assert component["value"] is None or 0 <= component["value"] <= 1
        assert variant["evidence"]
        assert all(e["sources"] and e["claim"] and e["citation"] for e in variant["evidence"])


# the built store ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def kazakhstan(built_home):
    from multivector import api
    from multivector.config import Settings
    from multivector.theory.panel import load_panel
    from multivector.theory.variants import load_variant_inputs
    from tests.conftest import REPO_DATA

    with api.measurements(Settings(home=built_home, data_dir=REPO_DATA)) as m:
        panel = load_panel(m, "KAZ")
        inputs = load_variant_inputs(m, panel, 2023)
    return inputs, panel, assess_variants(inputs, panel, VariantParams(), "RUS", 2023, None)


def test_kazakhstan_in_2023_on_the_shipped_data(kazakhstan):
    inputs, panel, got = kazakhstan
    for variant in got.values():
        assert variant["evidence"]
        assert variant["score"] is None or 0 <= variant["score"] <= 1
    v3 = got["V3"]["components"]
    assert v3["concentration_fall"]["detail"]["source"] == "knowledge_base"
    assert v3["concentration_fall"]["detail"]["commodity"] == "crude oil"
    assert "kaz_chn_oil_pipeline" in v3["new_routes_avoid_h"]["detail"]["lines"]
    assert "cpc" not in v3["new_routes_avoid_h"]["detail"]["lines"]  # it crosses Russia
    assert 0 < v3["new_routes_avoid_h"]["value"] < 0.5  # the CPC carries most Kazakh crude
    assert got["V1"]["components"]["dependence_fall"]["value"] is not None
    assert "kaz_chn_oil_pipeline" in got["V4"]["components"]["corridors"]["detail"]["counted"]
    assert "cpc" not in got["V4"]["components"]["corridors"]["detail"]["counted"]
    assert got["V4"]["components"]["finance"]["detail"]["fdi"]["series"].startswith("wiiw_fdi_kazakhstan")
    assert {"csto", "sco", "osce"} <= set(got["V2"]["components"]["breadth"]["detail"]["memberships"])
    if inputs.institutions.poles.isna().all():  # anchor poles not in the knowledge base yet
        assert got["V2"]["score"] is None
    else:
        assert got["V2"]["components"]["spans_east_west"]["value"] == 1.0
