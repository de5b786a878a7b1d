"""Export routes: the facts → routes helpers, route concentration and sovereignty exposure."""

from __future__ import annotations

import json
from datetime import date

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.indicators import INDICATORS
from multivector.indicators.routes import (
    ROUTE_GROUP,
    TONNES_PER_YEAR_PER_BARREL_PER_DAY,
    route_concentration,
    route_shares,
    route_table,
    route_transit,
    route_years,
    sovereignty_exposure,
)

CON = ibis.duckdb.connect()
POLES = ibis.memtable({"entity": ["RUS", "BLR", "CHN", "TUR", "DEU"], "pole": ["RUS", "RUS", "CHN", "TUR", "WEST"]})
FACT_SCHEMA = {
    "fact_id": "string",
    "kind": "string",
    "subject": "string",
    "object": "string",
    "text": "string",
    "value_number": "float64",
    "unit": "string",
    "valid_from": "date",
    "valid_to": "date",
    "status": "string",
    "attributes": "string",
    "source_id": "string",
}


def fact(
    fact_id,
    subject,
    route,
    *,
    value=None,
    unit=None,
    transit=(),
    status="operating",
    start=None,
    end=None,
    source="knowledge_base",
    text="",
    **attributes,
):
    """One infrastructure fact as the store holds it (knowledge-base style unless ``wiki`` is given)."""
    if source == "knowledge_base":
        attributes = {"item": fact_id.split(":")[0], "commodity": "crude oil", "name": fact_id, **attributes}
        attributes["route"] = list(route)
    else:
        attributes = {**attributes, "countries": list(route)}
    attributes["transit"] = list(transit)
    return {
        "fact_id": fact_id,
        "kind": "infrastructure",
        "subject": subject,
        "object": route[-1],
        "text": text,
        "value_number": value,
        "unit": unit,
        "valid_from": date(start, 1, 1) if start else None,
        "valid_to": date(end, 12, 31) if end else None,
        "status": status,
        "attributes": json.dumps(attributes, sort_keys=True),
        "source_id": source,
    }


def facts(*rows):
    return ibis.memtable(list(rows), schema=FACT_SCHEMA)


def by_line(run, table):
    return {row["line_id"]: row for row in run(route_table(table)).to_dict("records")}


def exposures(run, routes, transit, **kwargs):
    got = run(sovereignty_exposure(routes, transit, POLES, **kwargs))
    return {(row["state"], row["pole"]): row["exposure"] for row in got.to_dict("records")}


def test_a_single_route_through_russia_is_fully_exposed_to_russia(run):
    t = facts(fact("cpc", "KAZ", ["KAZ", "RUS"], value=1.4, unit="million_bbl_per_day", transit=["RUS"]))
    got = exposures(run, route_table(t), route_transit(t))
    assert got == {
        ("KAZ", "RUS"): 1.0,
        ("KAZ", "CHN"): 0.0,
        ("KAZ", "TUR"): 0.0,
        ("KAZ", "WEST"): 0.0,
        ("KAZ", "OTHER"): 0.0,
    }
    conc = run(route_concentration(route_table(t))).iloc[0]
    assert (conc["routes"], conc["spof_route"], conc["spof_share"], conc["hhi"]) == (1, "cpc", 1.0, 1.0)


def test_units_are_converted_and_claims_about_one_line_collapse(run):
    # CPC: a throughput claim without a date, an opening date without a volume and a 2000
    # construction claim (not operating: ignored); the China line: two claims, 2003 and 2006.
    t = facts(
        fact("cpc", "KAZ", ["KAZ", "RUS"], value=1.4, unit="million_bbl_per_day", transit=["RUS"]),
        fact("cpc:opening", "KAZ", ["KAZ", "RUS"], transit=["RUS"], start=2001),
        fact(
            "cpc:design_2000",
            "KAZ",
            ["KAZ", "RUS"],
            value=28,
            unit="mt_per_year",
            transit=["RUS"],
            status="construction",
        ),
        fact("kcp", "KAZ", ["KAZ", "CHN"], start=2003),
        fact("kcp:design", "KAZ", ["KAZ", "CHN"], value=20, unit="mt_per_year", start=2006),
    )
    lines = by_line(run, t)
    assert set(lines) == {"cpc", "kcp"}
    assert lines["cpc"]["volume"] == pytest.approx(1.4 * TONNES_PER_YEAR_PER_BARREL_PER_DAY)
    assert lines["cpc"]["volume_unit"] == "mt_per_year" and lines["cpc"]["claims"] == 2
    # the undated throughput takes the opening date; the China line starts with its measured claim
    assert (lines["cpc"]["year_from"], lines["kcp"]["year_from"]) == (2001, 2006)
    assert lines["kcp"]["volume"] == 20.0
    cpc_share = 69.72 / (69.72 + 20)
    conc = run(route_concentration(route_table(t))).iloc[0]
    assert conc["spof_route"] == "cpc" and conc["spof_share"] == pytest.approx(cpc_share)
    assert conc["hhi"] == pytest.approx(cpc_share**2 + (1 - cpc_share) ** 2)
    assert conc["total_volume"] == pytest.approx(89.72) and conc["volume_unit"] == "mt_per_year"
    assert exposures(run, route_table(t), route_transit(t))["KAZ", "RUS"] == pytest.approx(cpc_share)


def test_parallel_lines_add_up_and_a_system_row_is_not_added_to_its_parts(run):
    gas = {"commodity": "natural gas"}
    t = facts(
        fact(
            "line_a",
            "TKM",
            ["TKM", "UZB", "KAZ", "CHN"],
            value=15,
            unit="bcm_per_year",
            transit=["UZB", "KAZ"],
            item="ca_china",
            **gas,
        ),
        fact(
            "line_b",
            "TKM",
            ["TKM", "UZB", "KAZ", "CHN"],
            value=15,
            unit="bcm_per_year",
            transit=["UZB", "KAZ"],
            item="ca_china",
            **gas,
        ),
        # knowledge-base aliases: the Central Asia-Center system and its parts are one line
        fact(
            "central_asia_center",
            "TKM",
            ["TKM", "UZB", "KAZ", "RUS"],
            value=90,
            unit="bcm_per_year",
            transit=["UZB", "KAZ"],
            start=1969,
            **gas,
        ),
        fact(
            "central_asia_center_1_2",
            "TKM",
            ["TKM", "UZB", "KAZ", "RUS"],
            value=80,
            unit="bcm_per_year",
            transit=["UZB", "KAZ"],
            start=1967,
            item="central_asia_center",
            **gas,
        ),
    )
    shares = run(route_shares(route_table(t)))
    got = dict(zip(shares["route_id"], shares["volume"], strict=True))
    assert got == {"ca_china": 30.0, "central_asia_center": 90.0}
    assert dict(zip(shares["route_id"], shares["lines"], strict=True)) == {"ca_china": 2, "central_asia_center": 1}
    assert shares["share"].sum() == pytest.approx(1.0)
    # the destination is not transit: no exposure to Russia by default, 90/120 with destinations
    routes, transit = route_table(t), route_transit(t)
    assert exposures(run, routes, transit)["TKM", "RUS"] == 0.0
    assert exposures(run, routes, transit)["TKM", "OTHER"] == 1.0
    with_ends = exposures(run, routes, transit, roles=("transit", "destination"))
    assert (with_ends["TKM", "RUS"], with_ends["TKM", "CHN"]) == (pytest.approx(0.75), pytest.approx(0.25))


def test_gem_rows_on_one_wiki_page_and_segment_are_one_line(run):
    page = "https://www.gem.wiki/Example_Pipeline"
    t = facts(
        fact(
            "gem:P1",
            "TKM",
            ["TKM", "UZB", "KAZ", "RUS"],
            value=90,
            unit="bcm_per_year",
            transit=["UZB", "KAZ"],
            start=1969,
            source="gem_gas_pipelines",
            wiki=page,
            segment=None,
            text="Example Pipeline",
        ),
        fact(
            "gem:P2",
            "TKM",
            ["TKM", "UZB", "KAZ", "RUS"],
            value=80,
            unit="bcm_per_year",
            transit=["UZB", "KAZ"],
            start=1967,
            source="gem_gas_pipelines",
            wiki=page,
            segment=None,
            text="Example Pipeline",
        ),
        fact(
            "gem:P3",
            "TKM",
            ["TKM", "IRN"],
            value=12,
            unit="bcm_per_year",
            start=2010,
            source="gem_gas_pipelines",
            wiki=page,
            segment="Line 2",
            text="Example Pipeline, Line 2",
        ),
        fact(
            "gem:agt:Example / Line 2",
            "TKM",
            ["TKM", "IRN"],
            value=12.5,
            unit="bcm_per_year",
            source="gem_gas_pipelines",
            wiki=page,
            segment="Line 2",
            text="Example Pipeline, Line 2",
        ),
        fact(
            "gem:P4",
            "TKM",
            ["TKM"],
            value=30,
            unit="bcm_per_year",
            source="gem_gas_pipelines",
            wiki="https://www.gem.wiki/Domestic",
            text="Domestic line",
        ),
    )
    lines = by_line(run, t)
    assert set(lines) == {page, f"{page} / Line 2"}  # the domestic line is not an export route
    assert (lines[page]["volume"], lines[page]["year_from"], lines[page]["claims"]) == (90.0, 1967, 2)
    assert lines[f"{page} / Line 2"]["volume"] == 12.5
    assert {row["commodity"] for row in lines.values()} == {"natural gas"}
    assert {row["route_name"] for row in lines.values()} == {"Example Pipeline"}


def test_transit_roles_pool_the_lines_claims_and_drop_the_origin(run):
    t = facts(
        fact("cpc", "KAZ", ["KAZ", "RUS"], transit=["RUS"]),
        fact("cac", "TKM", ["TKM", "UZB", "KAZ", "RUS"], transit=["UZB", "KAZ"]),
        fact("titr", "CHN", ["CHN", "KAZ", "AZE", "GEO"], transit=["KAZ", "AZE", "GEO"]),
        fact("titr", "CHN", ["CHN", "KAZ", "AZE", "GEO", "TUR"], transit=["KAZ", "AZE", "GEO", "TUR"]),
    )
    got = run(route_transit(t))
    roles = {(row["line_id"], row["entity"]): row["role"] for row in got.to_dict("records")}
    assert roles == {
        ("cpc", "RUS"): "transit",
        ("cac", "UZB"): "transit",
        ("cac", "KAZ"): "transit",
        ("cac", "RUS"): "destination",
        ("titr", "KAZ"): "transit",
        ("titr", "AZE"): "transit",
        ("titr", "GEO"): "transit",
        ("titr", "TUR"): "transit",
    }
    assert len(got) == len(roles)


def test_unknown_units_and_volumes_stay_missing_and_are_counted(run):
    t = facts(
        fact("cpc", "KAZ", ["KAZ", "RUS"], value=1.4, unit="million_bbl_per_day", transit=["RUS"]),
        fact("rail", "KAZ", ["KAZ", "CHN"], value=5, unit="trains_per_week"),
        fact("sea", "KAZ", ["KAZ", "AZE"]),
    )
    lines = by_line(run, t)
    assert pd.isna(lines["rail"]["volume"]) and pd.isna(lines["sea"]["volume"])
    conc = run(route_concentration(route_table(t))).iloc[0]
    assert (conc["routes"], conc["routes_without_volume"], conc["spof_share"]) == (1, 2, 1.0)


def test_a_line_crossing_two_poles_counts_for_each_so_exposures_exceed_one(run):
    t = facts(
        fact("a", "KAZ", ["KAZ", "RUS", "BLR", "DEU"], value=3, unit="mt_per_year", transit=["RUS", "BLR"]),
        fact("b", "KAZ", ["KAZ", "CHN", "TUR"], value=1, unit="mt_per_year", transit=["CHN"]),
    )
    got = exposures(run, route_table(t), route_transit(t))
    # RUS and BLR are one pole: line a counts once for RUS
    assert got["KAZ", "RUS"] == pytest.approx(0.75) and got["KAZ", "CHN"] == pytest.approx(0.25)
    assert got["KAZ", "WEST"] == 0.0 and got["KAZ", "TUR"] == 0.0
    both = exposures(run, route_table(t), route_transit(t), roles=("transit", "destination"))
    assert both["KAZ", "WEST"] == pytest.approx(0.75) and both["KAZ", "TUR"] == pytest.approx(0.25)
    assert sum(both.values()) == pytest.approx(2.0)


def test_route_years_builds_a_panel_and_concentration_follows_it(run):
    t = facts(
        fact("cpc", "KAZ", ["KAZ", "RUS"], value=60, unit="mt_per_year", transit=["RUS"], start=2001),
        fact("kcp", "KAZ", ["KAZ", "CHN"], value=20, unit="mt_per_year", start=2006),
        fact("old", "KAZ", ["KAZ", "RUS"], value=20, unit="mt_per_year", transit=["RUS"], start=1990, end=2003),
    )
    panel = route_years(route_table(t), [2000, 2002, 2005, 2010])
    got = run(route_concentration(panel, [*ROUTE_GROUP, "year"]).order_by("year"))
    assert got["year"].tolist() == [2000, 2002, 2005, 2010]
    assert got["routes"].tolist() == [1, 2, 1, 2]
    assert got["spof_share"].tolist() == pytest.approx([1.0, 0.75, 1.0, 0.75])
    exposure = run(sovereignty_exposure(panel, route_transit(t), POLES, [*ROUTE_GROUP, "year"]))
    rus = exposure[exposure.pole == "RUS"].sort_values("year")["exposure"].tolist()
    assert rus == pytest.approx([1.0, 1.0, 1.0, 0.75])


route_rows = st.lists(
    st.tuples(
        st.sampled_from(["KAZ", "TKM"]),
        st.sampled_from(["r1", "r2", "r3", "r4"]),
        st.floats(min_value=0.01, max_value=1e4),
        st.sets(st.sampled_from(["RUS", "BLR", "CHN", "GEO"])),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=30, deadline=None)
@given(rows=route_rows)
def test_properties_shares_sum_to_one_and_exposures_are_shares(rows):
    routes = ibis.memtable(
        [
            {
                "source_id": "s",
                "state": s,
                "commodity": "crude oil",
                "route_id": r,
                "route_name": r,
                "line_id": f"{r}-{i}",
                "volume": v,
                "volume_unit": "mt_per_year",
            }
            for i, (s, r, v, _) in enumerate(rows)
        ]
    )
    transit = ibis.memtable(
        [
            {"source_id": "s", "line_id": f"{r}-{i}", "entity": e, "role": "transit"}
            for i, (_, r, _, crossed) in enumerate(rows)
            for e in crossed
        ],
        schema={"source_id": "string", "line_id": "string", "entity": "string", "role": "string"},
    )
    shares = CON.execute(route_shares(routes))
    assert shares.groupby("state")["share"].sum().tolist() == pytest.approx([1.0] * shares.state.nunique())
    assert ((shares.share > 0) & (shares.share <= 1 + 1e-12)).all()
    conc = CON.execute(route_concentration(routes))
    for _, row in conc.iterrows():
        assert 1 / row["routes"] - 1e-9 <= row["hhi"] <= 1 + 1e-9
        assert row["spof_share"] == pytest.approx(shares[shares.state == row["state"]].share.max())
    got = CON.execute(sovereignty_exposure(routes, transit, POLES))
    assert ((got.exposure >= 0) & (got.exposure <= 1 + 1e-12)).all()
    for (state, pole), expected in _exposure_by_hand(rows).items():
        assert got[(got.state == state) & (got.pole == pole)].exposure.iloc[0] == pytest.approx(expected)


def _exposure_by_hand(rows):
    pole_of = {"RUS": "RUS", "BLR": "RUS", "CHN": "CHN", "GEO": "OTHER"}
    totals, exposed = {}, {}
    for state, _, volume, crossed in rows:
        totals[state] = totals.get(state, 0.0) + volume
        for pole in {pole_of[e] for e in crossed}:
            exposed[state, pole] = exposed.get((state, pole), 0.0) + volume
    return {(s, p): exposed.get((s, p), 0.0) / totals[s] for s in totals for p in ("RUS", "CHN", "OTHER")}


def test_the_registry_lists_the_route_indicators():
    assert {"route_shares", "route_concentration", "sovereignty_exposure"} <= INDICATORS.keys()
    assert INDICATORS["sovereignty_exposure"].domain == "economic"


@pytest.mark.slow
def test_kazakh_crude_exposure_to_russia_from_the_knowledge_base(built_store):
    facts_table = built_store.table("facts")
    routes, transit = route_table(facts_table), route_transit(facts_table)
    kaz = routes.filter(routes.state == "KAZ", routes.commodity == "crude oil", routes.source_id == "knowledge_base")
    lines = kaz.execute()
    assert {"cpc", "atyrau_samara", "kaz_chn_oil_pipeline"} <= set(lines.route_id)
    assert (lines.volume_unit == "mt_per_year").all() and lines.volume.notnull().all()
    exposure = sovereignty_exposure(kaz, transit, built_store.table("poles")).execute()
    rus = exposure[exposure.pole == "RUS"].iloc[0]
    assert 0.5 < rus["exposure"] < 1.0
    through_russia = lines[lines.route_id.isin(["cpc", "atyrau_samara"])].volume.sum()  # both cross Russia
    assert rus["exposure"] == pytest.approx(through_russia / lines.volume.sum())
    conc = route_concentration(kaz).execute().iloc[0]
    cpc = lines[lines.route_id == "cpc"].volume.sum()
    assert conc["spof_route"] == "cpc" and conc["spof_share"] == pytest.approx(cpc / lines.volume.sum())
