"""Route outages on the store built from the shipped data, checked against `multivector routes`.

With no spare capacity in the data (each line's one figure is its flow and its ceiling), closing
a route loses exactly its share of the source's export volume, and closing Russia's territory
loses exactly the share of volume on lines that cross or end in Russia: both are computed
independently by the route indicators behind ``multivector routes``.
"""

from __future__ import annotations

import json
import re

import pytest

from multivector import api
from multivector.config import Settings
from multivector.errors import NoData, UnknownRoute
from multivector.measure import views
from multivector.measure.measurements import Measurements
from multivector.scenarios.route_match import short_id
from multivector.scenarios.routes import list_routes, outage
from tests.conftest import REPO_DATA

FOCUS = ("KAZ", "UZB", "TKM", "KGZ", "TJK")
SHARE = 1e-6


@pytest.fixture(scope="module")
def m(built_home):
    with api.measurements(Settings(home=built_home, data_dir=REPO_DATA)) as opened:
        yield opened


@pytest.fixture(scope="module")
def estimates(m):
    """`multivector routes` per state: {(source, commodity): estimate}."""
    found = {}
    for state in FOCUS:
        try:
            answer = views.routes(Measurements(m.tables, reporters=[state]), state)
        except NoData:  # no route with a known volume
            answer = {"estimates": []}
        found[state] = {(e["source_id"], e["commodity"]): e for e in answer["estimates"]}
    return found


def test_the_cpc_outage_loses_the_cpc_share_of_kazakh_crude(m, estimates):
    got = outage(m, "KAZ", "crude_oil", route="CPC")
    shares = {r["route"]: r["share"] for r in estimates["KAZ"][("knowledge_base", "crude oil")]["routes"]}
    assert got["source_id"] == "knowledge_base" and got["closed"] == ["cpc"]
    assert got["lost_share"] == pytest.approx(shares["cpc"], abs=SHARE)  # 0.666 (69.72 of 104.66 Mt/y)
    assert got["after"] == pytest.approx(20.0 + 14.94, abs=SHARE)  # the China and Atyrau-Samara lines
    assert got["spare_used"] == 0.0
    assert {r["line"]: r["capacity_source"].split(",")[0] for r in got["routes"]} == {
        "cpc": "seed_kaz_hedging_2026",
        "kaz_chn_oil_pipeline": "xinhua_2010_kaz_chn_oil_pipeline",
        "atyrau_samara": "hansard_2001_caspian_oil_pipelines",
    }
    assert set(got["sources"]) >= {"seed_kaz_hedging_2026", "xinhua_2010_kaz_chn_oil_pipeline"}


def scenarios(m, state):
    """Every scenario a user may run for the state: each of its routes, and Russia closed."""
    for commodity in sorted({r["commodity"] for r in list_routes(m, state)}) or ["natural gas"]:
        yield commodity, {"transit": "RUS"}
        for line in list_routes(m, state, commodity):
            yield commodity, {"route": line["route"], "source": line["source_id"]}


@pytest.mark.parametrize("state", FOCUS)
def test_every_focus_state_runs_and_matches_the_route_indicators(m, estimates, state):
    for commodity, scenario in scenarios(m, state):
        got = outage(m, state, commodity, **scenario)
        json.dumps(got, allow_nan=False)
        if got["outcome"] != "computed":
            assert got["baseline"] is None and got["lost_share"] is None
            continue
        for estimate in [got, *got["other_estimates"]]:
            routes_view = estimates[state][(estimate["source_id"], commodity)]
            assert estimate["baseline"] == pytest.approx(routes_view["total_volume"], abs=SHARE)
            assert estimate["after"] <= estimate["baseline"] + SHARE
            if "route" in scenario:
                shares = {short_id(r["route"]): r["share"] for r in routes_view["routes"]}
                (route,) = got["scenario"]["matched"]
                # a route without a known volume has no share: nothing known is lost
                assert estimate["lost_share"] == pytest.approx(shares.get(route, 0.0), abs=SHARE)
            else:
                exposed = routes_view["exposure_transit_or_destination"].get("RUS", 0.0)
                assert estimate["lost_share"] == pytest.approx(exposed, abs=SHARE)


def test_kyrgyzstan_has_no_export_line_a_closure_says_so_a_route_is_an_error(m):
    got = outage(m, "KGZ", "natural_gas", transit="RUS")
    assert got["outcome"] == "no_route" and got["routes"] == []
    assert "KGZ has no export line of natural gas in operation" in got["note"]
    assert {c["state"] for c in got["crossing"]} == {"UZB"}  # Bukhara-Tashkent-Bishkek-Almaty crosses it
    with pytest.raises(UnknownRoute, match="KGZ has no export line in operation for any commodity"):
        outage(m, "KGZ", "natural_gas", route="CPC")


def test_tajikistan_has_a_line_of_unknown_volume(m):
    got = outage(m, "TJK", "natural_gas", transit="RUS")
    assert got["outcome"] == "volume_unknown" and got["baseline"] is None
    assert [u["route"] for u in got["unknown_capacities"]] == ["Dushanbe-Moscow_Pipeline"]


DOC = REPO_DATA.parent / "docs" / "scenarios.md"


def _doc_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Route outages")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def test_the_docs_example_is_what_a_run_gives(m):
    shown = json.loads(re.search(r"```json\n(.*?)```", _doc_section(), re.S).group(1))
    got = outage(m, "KAZ", "crude_oil", route="CPC")
    for key in ("unit", "baseline", "after", "lost", "lost_share", "spare_used", "closed", "markets", "sources"):
        assert shown[key] == got[key], key
    for doc_route, run_route in zip(shown["routes"], got["routes"], strict=True):
        assert doc_route == {k: run_route[k] for k in doc_route}


def test_the_docs_table_of_focus_states_is_what_a_run_gives(m):
    rows = [
        [c.strip() for c in line.strip("|").split("|")]
        for line in _doc_section().splitlines()
        if re.match(r"\| (KAZ|UZB|TKM|KGZ|TJK) \|", line)
    ]
    assert {row[0] for row in rows} == set(FOCUS)
    shown = lambda v, share=False: "–" if v is None else (f"{100 * v:.1f}%" if share else f"{v:g}")  # noqa: E731
    for state, commodity, scenario, source, unit, baseline, after, lost, lost_share, _ in rows:
        kind, _, name = scenario.partition(" ")
        got = outage(m, state, commodity, **{kind: name})
        assert [
            shown(got["baseline"]),
            shown(got["after"]),
            shown(got["lost"]),
            shown(got["lost_share"], True),
            got["source_id"] or "–",
            got["unit"] or "–",
        ] == [baseline, after, lost, lost_share, source, unit]
