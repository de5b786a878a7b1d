"""Route outages on small fact tables built here: figures, choices of source, errors, no route."""

from __future__ import annotations

import json
from datetime import date

import ibis
import pytest

from multivector.errors import AmbiguousRoute, BadOption, UnknownCommodity, UnknownRoute, UnknownSource
from multivector.indicators.routes import TONNES_PER_YEAR_PER_BARREL_PER_DAY
from multivector.scenarios.routes import list_routes, outage

EXACT = 1e-6
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
    "cites": "string",
    "locator": "string",
}


def kb(
    fact_id,
    subject,
    route,
    *,
    value=None,
    unit=None,
    transit=(),
    status="operating",
    name=None,
    commodity="crude oil",
    cite="doc_a",
    **attributes,
):
    attributes = {
        "item": fact_id.split(":")[0],
        "commodity": commodity,
        "name": name or fact_id,
        "route": list(route),
        "transit": list(transit),
        **attributes,
    }
    return {
        "fact_id": fact_id,
        "kind": "infrastructure",
        "subject": subject,
        "object": route[-1],
        "text": "",
        "value_number": value,
        "unit": unit,
        "valid_from": date(2006, 1, 1),
        "valid_to": None,
        "status": status,
        "attributes": json.dumps(attributes),
        "source_id": "knowledge_base",
        "cites": cite,
        "locator": "para 1",
    }


def gem(project, subject, countries, *, value=None, transit=(), status="operating", wiki, segment=None):
    attributes = {
        "countries": list(countries),
        "transit": list(transit),
        "wiki": wiki,
        "segment": segment,
        "owners": ["--"],
    }
    return {
        "fact_id": f"gem:{project}",
        "kind": "infrastructure",
        "subject": subject,
        "object": countries[-1],
        "text": wiki.rsplit("/", 1)[-1].replace("_", " ") + (f" {segment}" if segment else ""),
        "value_number": value,
        "unit": "bcm_per_year",
        "valid_from": None,
        "valid_to": None,
        "status": status,
        "attributes": json.dumps(attributes),
        "source_id": "gem_gas_pipelines",
        "cites": "gem_gas_pipelines",
        "locator": f"row {project}",
    }


def tables(*rows):
    documents = ibis.memtable(
        {
            "document_id": ["doc_a", "doc_b"],
            "title": ["A report", "B report"],
            "author": ["An Author", None],
            "publisher": ["A Press", "B Press"],
            "published": ["2024", "2010"],
            "url": [None, "https://example.org/b"],
        }
    )
    return {"facts": ibis.memtable(list(rows), schema=FACT_SCHEMA), "documents": documents}


CPC_VOLUME = 1.0 * TONNES_PER_YEAR_PER_BARREL_PER_DAY  # 49.8 Mt/y


@pytest.fixture(scope="module")
def kaz():
    return tables(
        kb(
            "cpc",
            "KAZ",
            ["KAZ", "RUS"],
            value=1.0,
            unit="million_bbl_per_day",
            transit=["RUS"],
            name="Caspian Pipeline Consortium pipeline",
            note="a throughput",
        ),
        kb(
            "cpc:opening",
            "KAZ",
            ["KAZ", "RUS"],
            transit=["RUS"],
            name="Caspian Pipeline Consortium pipeline",
            cite="doc_b",
        ),
        kb(
            "kcp",
            "KAZ",
            ["KAZ", "CHN"],
            value=20.0,
            unit="mt_per_year",
            name="Kazakhstan-China oil pipeline",
            owners=["CNPC", "KazMunayGas"],
            cite="doc_b",
        ),
        kb("aral", "KAZ", ["KAZ", "UZB", "TKM"], transit=["UZB"], name="Aral line"),  # no figure
        kb(
            "future",
            "KAZ",
            ["KAZ", "AZE"],
            value=5.0,
            unit="mt_per_year",
            status="construction",
            name="Trans-Caspian oil line",
        ),
        kb(
            "cac",
            "TKM",
            ["TKM", "UZB", "KAZ", "RUS"],
            value=90.0,
            unit="bcm_per_year",
            transit=["UZB", "KAZ"],
            name="Central Asia-Center gas pipeline",
            commodity="natural gas",
        ),
        kb(
            "cach_a",
            "TKM",
            ["TKM", "UZB", "KAZ", "CHN"],
            value=15.0,
            unit="bcm_per_year",
            transit=["UZB", "KAZ"],
            name="Central Asia-China gas pipeline, Line A",
            commodity="natural gas",
            item="cach",
        ),
        kb(
            "cach_b",
            "TKM",
            ["TKM", "UZB", "KAZ", "CHN"],
            value=15.0,
            unit="bcm_per_year",
            transit=["UZB", "KAZ"],
            name="Central Asia-China gas pipeline, Line B",
            commodity="natural gas",
            item="cach",
        ),
        gem(
            "P1",
            "TKM",
            ["TKM", "UZB", "KAZ", "RUS"],
            value=90.0,
            transit=["UZB", "KAZ"],
            wiki="https://www.gem.wiki/Central_Asia-Center_Gas_Pipeline",
        ),
        gem("P2", "TKM", ["TKM", "IRN"], value=12.0, wiki="https://www.gem.wiki/Korpeje-Kordkuy_Gas_Pipeline"),
        gem("P3", "TKM", ["TKM", "IRN"], value=8.0, wiki="https://www.gem.wiki/Dauletabad_Gas_Pipeline"),
        gem(
            "P4",
            "UZB",
            ["UZB", "KGZ", "KAZ"],
            value=22.0,
            transit=["KGZ"],
            wiki="https://www.gem.wiki/Bukhara-Almaty_Gas_Pipeline",
        ),
    )


def test_the_cpc_outage_loses_the_cpc_share_when_no_spare_capacity_exists(kaz):
    got = outage(kaz, "KAZ", "crude_oil", route="CPC")
    total = CPC_VOLUME + 20.0
    assert (got["outcome"], got["source_id"], got["unit"]) == ("computed", "knowledge_base", "mt_per_year")
    assert got["baseline"] == pytest.approx(total, abs=EXACT)
    assert got["after"] == pytest.approx(20.0, abs=EXACT)
    assert got["lost"] == pytest.approx(CPC_VOLUME, abs=EXACT)
    assert got["lost_share"] == pytest.approx(CPC_VOLUME / total, abs=EXACT)  # 0.713467
    assert got["scenario"]["matched"] == ["cpc"] and got["closed"] == ["cpc"]
    assert got["spare_used"] == 0.0


def test_each_route_keeps_its_figure_source_and_provenance(kaz):
    got = outage(kaz, "KAZ", "crude oil", route="cpc")
    routes = {r["route"]: r for r in got["routes"]}
    assert routes["cpc"]["as_published"] == "1 million_bbl_per_day"
    assert routes["cpc"]["capacity_source"] == "doc_a, para 1 (fact cpc)"
    assert routes["cpc"]["facts"] == ["cpc", "cpc:opening"] and routes["cpc"]["note"] == "a throughput"
    assert routes["cpc"]["transit"] == ["RUS"] and routes["cpc"]["destinations"] == ["world"]
    assert routes["kaz_chn_oil_pipeline" if "kaz_chn_oil_pipeline" in routes else "kcp"]["owners"] == [
        "CNPC",
        "KazMunayGas",
    ]
    assert got["sources"] == {
        "doc_a": "A report. An Author, A Press, 2024",
        "doc_b": "B report. B Press, 2010. https://example.org/b",
    }
    assert got["not_in_operation"][0]["name"] == "Trans-Caspian oil line"
    assert [m["market"] for m in got["markets"]] == ["CHN", "world"]


def test_a_line_without_a_figure_is_reported_not_counted(kaz):
    got = outage(kaz, "KAZ", "crude_oil", transit="UZB")
    assert got["lost"] == 0.0 and got["closed"] == ["aral"]
    (unknown,) = got["unknown_capacities"]
    assert unknown["line"] == "aral"
    assert unknown["reason"].startswith(
        "volume unknown: not counted in the baseline; capacity unknown: spare capacity not assumed; closed"
    )
    assert any("not counted in the baseline" in a for a in got["assumptions"])


def test_a_stated_flow_below_the_figure_frees_spare_capacity(kaz):
    # KCP carries 12 of its 20: B = 49.8 + 12 = 61.8; close CPC -> kept 12, re-routed min(49.8, 8) = 8 -> 20
    got = outage(kaz, "KAZ", "crude_oil", route="CPC", flows={"kcp": 12.0})
    assert got["baseline"] == pytest.approx(CPC_VOLUME + 12.0, abs=EXACT)
    assert got["after"] == pytest.approx(20.0, abs=EXACT)
    assert got["lost_share"] == pytest.approx((CPC_VOLUME - 8.0) / (CPC_VOLUME + 12.0), abs=EXACT)
    kcp = next(r for r in got["routes"] if r["line"] == "kcp")
    assert (kcp["before"], kcp["absorbs"], kcp["after"], kcp["spare"]) == (12.0, 8.0, 20.0, 8.0)
    assert any("given by the caller" in a for a in got["assumptions"])


def test_a_stated_flow_on_a_line_without_capacity_gets_no_spare_capacity(kaz):
    got = outage(kaz, "KAZ", "crude_oil", route="CPC", flows={"aral": 3.0})
    aral = next(r for r in got["routes"] if r["line"] == "aral")
    assert (aral["before"], aral["absorbs"], aral["capacity"]) == (3.0, 0.0, None)
    assert got["after"] == pytest.approx(23.0, abs=EXACT)
    assert got["unknown_capacities"] == [
        {"route": "aral", "line": "aral", "name": "Aral line", "reason": "capacity unknown: spare capacity not assumed"}
    ]


def test_closing_russia_closes_the_cpc_and_a_flow_above_capacity_is_refused(kaz):
    assert outage(kaz, "KAZ", "crude_oil", transit="rus")["closed"] == ["cpc"]
    with pytest.raises(BadOption, match="exceeds its capacity"):
        outage(kaz, "KAZ", "crude_oil", route="CPC", flows={"kcp": 25.0})


def test_sources_are_not_reconciled_each_gives_its_estimate(kaz):
    got = outage(kaz, "TKM", "natural_gas", transit="RUS")
    # 3 lines of known volume in each source (a tie): the knowledge base on top, GEM beside it
    assert got["source_id"] == "knowledge_base"
    assert (got["baseline"], got["after"], got["lost"]) == (120.0, 30.0, 90.0)
    (other,) = got["other_estimates"]
    assert (other["source_id"], other["baseline"], other["after"]) == ("gem_gas_pipelines", 110.0, 20.0)
    only_gem = outage(kaz, "TKM", "natural_gas", transit="RUS", source="gem_gas_pipelines")
    assert only_gem["source_id"] == "gem_gas_pipelines" and only_gem["other_estimates"] == []


def test_a_route_runs_only_in_the_sources_that_have_it(kaz):
    got = outage(kaz, "TKM", "natural_gas", route="Korpeje")
    assert got["source_id"] == "gem_gas_pipelines" and got["other_estimates"] == []
    assert got["closed"] == ["Korpeje-Kordkuy_Gas_Pipeline"]
    assert "knowledge_base: no line matching 'Korpeje', not run" in got["assumptions"][-1]


def test_a_name_of_two_routes_is_ambiguous_and_lists_them(kaz):
    with pytest.raises(AmbiguousRoute) as raised:
        outage(kaz, "TKM", "natural_gas", route="Central Asia")
    assert "cac (Central Asia-Center gas pipeline)" in str(raised.value)
    assert "cach (Central Asia-China gas pipeline, Line A | Central Asia-China gas pipeline, Line B)" in str(
        raised.value
    )
    with pytest.raises(AmbiguousRoute):
        outage(kaz, "TKM", "natural_gas", route="CACGP")  # initials of both
    assert outage(kaz, "TKM", "natural_gas", route="CAC")["closed"] == ["cac"]  # an id comes first


def test_one_route_of_several_lines_closes_them_all_and_a_line_name_one(kaz):
    whole = outage(kaz, "TKM", "natural_gas", route="Central Asia-China")
    assert whole["closed"] == ["cach_a", "cach_b"] and whole["lost"] == 30.0
    assert outage(kaz, "TKM", "natural_gas", route="Line B")["closed"] == ["cach_b"]


def test_an_unknown_route_lists_the_candidates(kaz):
    with pytest.raises(UnknownRoute, match=r"routes of KAZ: aral \(Aral line\), cpc .*kcp"):
        outage(kaz, "KAZ", "crude_oil", route="BTC")


def test_closing_a_state_no_line_touches_closes_nothing_and_says_so(kaz):
    got = outage(kaz, "KAZ", "crude_oil", transit="GEO")
    assert (got["lost"], got["closed"]) == (0.0, [])
    assert got["note"] == "no crude oil export line of KAZ crosses or ends in GEO: nothing is closed"


def test_bad_scenarios_and_commodities_are_refused(kaz):
    with pytest.raises(BadOption, match="needs a route or a transit state"):
        outage(kaz, "KAZ", "crude_oil")
    with pytest.raises(BadOption, match="exporting state itself"):
        outage(kaz, "KAZ", "crude_oil", transit="KAZ")
    with pytest.raises(UnknownCommodity, match="crude_oil, natural_gas"):
        outage(kaz, "KAZ", "coal", transit="RUS")


def test_a_state_without_a_line_gets_a_no_route_result_or_an_unknown_route_error(kaz):
    got = outage(kaz, "KGZ", "natural_gas", transit="RUS")
    assert (got["outcome"], got["baseline"], got["lost"], got["routes"]) == ("no_route", None, None, [])
    assert got["crossing"] == [
        {
            "state": "UZB",
            "source_id": "gem_gas_pipelines",
            "route": "Bukhara-Almaty_Gas_Pipeline",
            "name": "Bukhara-Almaty Gas Pipeline",
            "role": "transit",
        }
    ]
    assert "KGZ has no export line of natural gas" in got["note"]
    with pytest.raises(UnknownRoute, match="KGZ has no export line of natural gas"):
        outage(kaz, "KGZ", "natural_gas", route="CPC")


def test_list_routes_gives_what_a_route_may_name(kaz):
    got = list_routes(kaz, "KAZ")
    assert [(r["commodity"], r["route"], r["figure"]) for r in got] == [
        ("crude oil", "aral", None),
        ("crude oil", "cpc", pytest.approx(CPC_VOLUME)),
        ("crude oil", "kcp", 20.0),
    ]
    assert {r["source_id"] for r in list_routes(kaz, "TKM", "gas")} == {"knowledge_base", "gem_gas_pipelines"}


@pytest.mark.parametrize("scenario", [{"route": "CPC"}, {"transit": "RUS"}])
def test_a_source_without_the_states_lines_is_refused_with_the_sources_that_have_them(kaz, scenario):
    with pytest.raises(UnknownSource, match="sources of KAZ's crude oil lines: knowledge_base$"):
        outage(kaz, "KAZ", "crude_oil", source="nosuch", **scenario)
    with pytest.raises(UnknownSource, match="comes from 'gem_gas_pipelines'"):
        outage(kaz, "KAZ", "crude_oil", source="gem_gas_pipelines", **scenario)


def test_an_unknown_source_for_a_state_without_lines_names_what_it_has(kaz):
    with pytest.raises(UnknownSource, match="KGZ has no export line in operation for any commodity"):
        outage(kaz, "KGZ", "natural_gas", transit="RUS", source="nosuch")
    got = outage(kaz, "KGZ", "natural_gas", transit="RUS", source="gem_gas_pipelines")
    assert got["outcome"] == "no_route"
