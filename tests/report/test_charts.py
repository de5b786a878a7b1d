"""The report's charts as specs: axes of years span the data, names and units in words, partial
years marked, an order that Vega-Lite keeps, a description on every chart."""

from __future__ import annotations

import json

import pandas as pd

from multivector.report import charts

COVERAGE = {
    "channels": [
        {"domain": "economic", "channel": "exports", "source_id": "imf_dots", "years_from": 1992, "years_to": 2020,
         "gaps": [1999]},
        {"domain": "security", "channel": "arms_imports", "source_id": "sipri_tiv_tables", "years_from": 1995,
         "years_to": 2024, "gaps": []},
        {"domain": "economic", "channel": "fdi", "source_id": "wiiw", "years_from": None, "years_to": None, "gaps": []},
    ]
}  # fmt: skip
OUTAGE = {
    "scenario": {"route": "makat_north_caucasus", "transit": None},
    "commodity": "natural gas",
    "unit": "bcm_per_year",
    "baseline": 30.0,
    "after": 12.0,
    "lost_share": 0.6,
    "routes": [
        {"route": "makat_north_caucasus", "name": "Makat–North_Caucasus_Pipeline", "before": 18.0, "after": 0.0,
         "absorbs": 0.0, "closed": True, "capacity": 20.0, "capacity_source": "gem"},
        {"route": "central_asia_china", "name": None, "before": 12.0, "after": 12.0, "absorbs": 0.0, "closed": False,
         "capacity": 55.0, "capacity_source": "gem"},
    ],
}  # fmt: skip
VOTES = pd.DataFrame(
    {
        "year": [2022, 2023, 2024, 2022, 2023, 2024],
        "partner": ["RUS"] * 3 + ["USA"] * 3,
        "agreement": [0.7, 0.68, 0.5, 0.3, 0.31, 0.25],
        "kappa": [0.4, 0.38, 0.1, -0.2, -0.2, -0.3],
        "n": [81, 88, 6, 81, 88, 6],
    }
)
DOMAINS = pd.DataFrame(
    {
        "year": [2022, 2023, 2024] * 2,
        "domain": ["security"] * 3 + ["diplomatic"] * 3,
        "pole": ["RUS"] * 6,
        "share": [0.9, 0.95, 0.88, 0.4, 0.39, 0.43],
    }
)


def spec(chart) -> dict:
    return chart.to_dict()


def layers(node: dict) -> list[dict]:
    """Every unit spec under ``node`` (layers, concatenations), ``node`` itself included."""
    found = [node]
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in node.get(key, []):
            found += layers(child)
    return found


def test_the_coverage_chart_spans_the_datas_years_at_a_readable_size():
    drawn = spec(charts.coverage(COVERAGE))
    x = drawn["encoding"]["x"]
    assert x["scale"] == {"domain": [1992, 2025], "zero": False, "nice": False}  # last year's bar ends in 2025
    assert drawn["height"] == {"step": 16} and "yOffset" not in drawn["encoding"]  # one row per channel and source
    (rows,) = drawn["datasets"].values()
    assert {r["row"] for r in rows} == {"exports · imf_dots", "arms imports · sipri_tiv_tables"}
    assert 1999 not in {r["year"] for r in rows if r["source"] == "imf_dots"}  # a gap stays a gap
    assert drawn["encoding"]["y"]["sort"] == ["arms imports · sipri_tiv_tables", "exports · imf_dots"]


def test_route_names_and_units_are_shown_in_words_and_the_order_is_a_list():
    drawn = spec(charts.outage(OUTAGE))
    (rows,) = drawn["datasets"].values()
    assert [r["route"] for r in rows] == ["Makat–North Caucasus Pipeline", "central asia china"]
    for layer in drawn["layer"]:
        assert layer["encoding"]["y"]["sort"] == ["Makat–North Caucasus Pipeline", "central asia china"]
        assert layer["encoding"]["y"]["axis"]["labelLimit"] == charts.LABEL_LIMIT
    assert drawn["layer"][0]["encoding"]["x"]["title"] == "billion cubic metres per year"
    assert "close Makat–North Caucasus Pipeline" in charts.outage_title(OUTAGE)
    assert "_per_" not in json.dumps(drawn)


def test_a_partial_year_is_faded_in_the_vote_heat_map_and_named_in_its_legend():
    drawn = spec(charts.vote_heatmap(VOTES, ["RUS", "USA"], partial_years=[2024]))
    opacity = drawn["encoding"]["opacity"]
    assert opacity["scale"] == {"domain": ["whole year", "partial year"], "range": [1.0, 0.35]}
    assert opacity["legend"]["values"] == ["partial year"]
    (rows,) = drawn["datasets"].values()
    assert {r["year"] for r in rows if r["part"] == "partial year"} == {2024}
    assert "opacity" not in spec(charts.vote_heatmap(VOTES, ["RUS", "USA"]))["encoding"]


def test_a_partial_year_is_shaded_where_the_votes_reach_it():
    drawn = spec(charts.domain_shares(DOMAINS, "RUS", [], [], partial_years=[2024]))
    bands = [u for u in layers(drawn) if u.get("mark", {}).get("type") == "rect"]
    assert len(bands) == 1 and charts.PARTIAL_NOTE in drawn["layer"][0]["title"]["subtitle"]
    (band,) = [rows for name, rows in drawn["datasets"].items() if name == bands[0]["data"]["name"]]
    assert [(r["from"], r["to"]) for r in band] == [(2023.5, 2024.5)]
    assert "partial year" in band[0]["what"]
    security_only = DOMAINS[DOMAINS.domain == "security"]
    assert "layer" not in spec(charts.domain_shares(security_only, "RUS", [], [], partial_years=[2024]))


def test_every_chart_has_a_description_and_years_never_from_zero():
    drawn = [
        charts.coverage(COVERAGE),
        charts.outage(OUTAGE),
        charts.vote_heatmap(VOTES, ["RUS", "USA"]),
        charts.domain_shares(DOMAINS, "RUS", [2022], []),
        charts.domain_profile(DOMAINS.assign(pole="RUS"), 2024),
        charts.phase_timeline([{"from": 1992, "to": 2024, "phase": "declaratory"}]),
        charts.variant_scores({"V1": {"label": "balancing", "score": 0.4}}),
    ]
    for chart in drawn:
        full = spec(chart)
        assert len(full.get("description", "")) > 40, full.get("title")
        for unit in layers(full):
            x = unit.get("encoding", {}).get("x", {})
            if x.get("field") in ("year", "from") and "scale" in x:
                assert x["scale"]["zero"] is False and x["scale"]["domain"][0] > 1900
