"""Channel frames and the measurement pipeline on small hand-made tables, on every engine."""

from __future__ import annotations

import math

import ibis
import pytest

from multivector.measure.frames import observations
from multivector.measure.measurements import Measurements
from multivector.measure.params import MeasureParams
from tests.indicators.conftest import engine_runner, run  # noqa: F401  (run: the engine-parametrised fixture)

FLOW_COLUMNS = ["year", "reporter", "partner", "channel", "value", "unit", "is_mirror", "source_id", "detail"]
USD = "usd_million_current"


def flow(year, reporter, partner, channel, value, unit=USD, mirror=False, source="imf_dots", detail=""):
    return (year, reporter, partner, channel, value, unit, mirror, source, detail)


def tables(flows, cinc=(), votes=()):
    """Canonical tables with the columns the pipeline reads; empty ones hold one unused row."""
    values = ibis.memtable(
        [(e, y, "cinc", v) for e, y, v in cinc] or [("X", 0, "cinc", 0.0)],
        columns=["entity", "year", "variable", "value"],
    )
    return {
        "flows": ibis.memtable(flows, columns=FLOW_COLUMNS),
        "state_values": values,
        "un_votes": ibis.memtable(
            list(votes) or [(0, 0, "X", "yes", "unused")], columns=["rcid", "year", "entity", "vote", "source_id"]
        ),
        "poles": ibis.memtable({"entity": ["RUS", "CHN", "USA", "FRA"], "pole": ["RUS", "CHN", "WEST", "WEST"]}),
    }


def test_percent_sources_keep_the_unattributed_rest_as_unlisted(run):
    t = tables(
        [
            flow(2023, "KAZ", "CHN", "exports", 16.0, "share_pct", source="factbook_trade_partners"),
            flow(2023, "KAZ", "RUS", "exports", 10.0, "share_pct", source="factbook_trade_partners"),
        ]
    )
    got = run(observations(t, "exports").order_by("partner"))
    assert got[["partner", "value"]].values.tolist() == [["CHN", 16.0], ["RUS", 10.0], ["UNLISTED", 74.0]]


def test_a_data_year_repeated_by_several_editions_is_read_from_the_latest_only(run):
    # editions 2021-2023 all print the 2019 list: summed, the list would pass 100% and lose its rest
    fb = "factbook_trade_partners"
    t = tables(
        [
            flow(2019, "KAZ", p, "exports", v, "share_pct", source=fb, detail=f"edition {e}; rank {r}")
            for e in (2021, 2022, 2023)
            for r, (p, v) in enumerate([("CHN", 13.0 + (e == 2023)), ("RUS", 10.0)])
        ]
    )
    got = run(observations(t, "exports").order_by("partner"))
    assert got[["partner", "value"]].values.tolist() == [["CHN", 14.0], ["RUS", 10.0], ["UNLISTED", 76.0]]
    shares = run(Measurements(t).pole_shares("exports").order_by("pole"))
    assert dict(zip(shares.pole, shares.share)) == pytest.approx({"CHN": 0.14, "RUS": 0.10, "UNLISTED": 0.76})


def test_trade_is_exports_plus_imports_of_one_series_and_non_positive_values_drop_out(run):
    t = tables(
        [
            flow(2014, "KAZ", "RUS", "exports", 3.0),
            flow(2014, "KAZ", "RUS", "imports", 5.0),
            flow(2014, "KAZ", "CHN", "imports", 0.0),
            flow(2014, "KAZ", "RUS", "imports", 100.0, mirror=True),
        ]
    )
    m = Measurements(t)
    got = run(m.windowed("trade", 1))
    assert got[["partner", "value", "series"]].values.tolist() == [["RUS", 8.0, "imf_dots: usd_million_current"]]


def test_alliances_weight_each_defence_ally_by_its_capabilities(run):
    t = tables(
        [
            flow(
                2010,
                "KAZ",
                "RUS",
                "alliances",
                1.0,
                "indicator",
                source="atop_alliances",
                detail="ATOP obligations towards the partner: defense, consultation",
            ),
            flow(
                2010,
                "KAZ",
                "KGZ",
                "alliances",
                1.0,
                "indicator",
                source="atop_alliances",
                detail="ATOP obligations towards the partner: defense",
            ),
            flow(
                2010,
                "KAZ",
                "USA",
                "alliances",
                1.0,
                "indicator",
                source="atop_alliances",
                detail="ATOP obligations towards the partner: nonaggression",
            ),
        ],
        cinc=[("RUS", 2010, 0.03), ("KGZ", 2010, 0.001), ("USA", 2010, 0.14)],
    )
    got = run(Measurements(t).pole_shares("alliances"))
    assert dict(zip(got.pole, got.share)) == pytest.approx({"RUS": 0.03 / 0.031, "OTHER": 0.001 / 0.031})


def test_own_reports_are_preferred_and_mirror_reports_fill_in(run):
    t = tables(
        [
            flow(2014, "KAZ", "RUS", "exports", 6.0),
            flow(2014, "KAZ", "CHN", "exports", 2.0),
            flow(2014, "KAZ", "RUS", "exports", 99.0, mirror=True),
            flow(2014, "TKM", "CHN", "exports", 9.0, mirror=True),
            flow(2014, "TKM", "RUS", "exports", 1.0, mirror=True),
        ]
    )
    got = run(Measurements(t).pole_shares("exports").order_by(["reporter", "pole"]))
    assert got[["reporter", "pole", "share", "series"]].values.tolist() == [
        ["KAZ", "CHN", 0.25, "imf_dots: usd_million_current"],
        ["KAZ", "RUS", 0.75, "imf_dots: usd_million_current"],
        ["TKM", "CHN", 0.9, "imf_dots (mirror): usd_million_current"],
        ["TKM", "RUS", 0.1, "imf_dots (mirror): usd_million_current"],
    ]


def three_channels() -> Measurements:
    t = tables(
        [
            flow(2014, "KAZ", "RUS", "exports", 3.0),
            flow(2014, "KAZ", "CHN", "exports", 1.0),
            flow(2014, "KAZ", "CHN", "imports", 1.0),
            flow(2014, "KAZ", "RUS", "arms_imports", 9.0, "sipri_tiv_million", source="sipri_trade_register"),
        ]
    )
    # only the channels with data are weighted: the others would be empty and slow on Spark
    return Measurements(t, MeasureParams(weights={"exports": 1.0, "imports": 1.0, "arms_imports": 1.0}))


def test_domain_vectors_rest_on_the_channels_with_data(run):
    got = run(three_channels().domain_vectors().order_by(["domain", "pole"]))
    # economic: mean of exports (RUS .75, CHN .25) and imports (CHN 1) = CHN .625, RUS .375
    assert got[["domain", "pole", "share", "channels"]].values.tolist() == [
        ["economic", "CHN", 0.625, 2],
        ["economic", "RUS", 0.375, 2],
        ["security", "RUS", 1.0, 1],
    ]


def test_the_summary_leaders_and_differentiation_read_the_domain_vectors():
    """On DuckDB: each of these plans holds the domain vectors' whole plan (twice for the
    differentiation), some three minutes apiece on Spark; the engines' agreement on them is
    tested on small vectors in tests/indicators (test_domains, test_engines_agree)."""
    m, run = three_channels(), engine_runner("duckdb")
    summary = run(m.domain_summary().order_by("domain"))
    assert summary[["domain", "leader", "captured"]].values.tolist() == [
        ["economic", "CHN", True],
        ["security", "RUS", True],
    ]
    assert run(m.distinct_leaders())["distinct_leaders"].tolist() == [2]
    # JSD between (CHN .625, RUS .375) and (RUS 1): 1 − ½·H-terms, checked against the formula
    p, q = {"CHN": 0.625, "RUS": 0.375}, {"CHN": 0.0, "RUS": 1.0}
    mid = {k: (p[k] + q[k]) / 2 for k in p}
    jsd = sum(0.5 * v * math.log2(v / mid[k]) for d in (p, q) for k, v in d.items() if v > 0)
    assert run(m.differentiation())["differentiation"].tolist() == pytest.approx([jsd])


def test_changing_weights_changes_the_domain_and_the_record(run):
    t = tables([flow(2014, "KAZ", "RUS", "exports", 1.0), flow(2014, "KAZ", "CHN", "imports", 1.0)])
    params = MeasureParams(weights={"exports": 3.0, "imports": 1.0})
    got = run(Measurements(t, params).domain_vectors())
    assert dict(zip(got.pole, got.share)) == pytest.approx({"RUS": 0.75, "CHN": 0.25})
    assert params.record()["weights"] == {"exports": 3.0, "imports": 1.0}


def test_parameters_refuse_unknown_channels_and_empty_windows():
    with pytest.raises(ValueError, match="unknown channels"):
        MeasureParams(weights={"tarde": 1.0})
    with pytest.raises(ValueError, match="at least one year"):
        MeasureParams(spans={"arms_imports": 0})


def test_the_un_votes_channel_uses_kappa_with_negatives_as_no_alignment(run):
    # KAZ y y n a; RUS y y n y → p_o .75, p_e .5·.75 + .25·.25 = .4375, κ = .3125/.5625
    # KAZ vs USA n n y n → p_o 0, κ < 0 → 0: the whole diplomatic vector goes to RUS
    ballots = {"KAZ": "y y n a", "RUS": "y y n y", "USA": "n n y n"}
    word = {"y": "yes", "n": "no", "a": "abstain"}
    votes = [
        (rcid + 1, 2014, state, word[v], "unga_votes_fpsim")
        for state, line in ballots.items()
        for rcid, v in enumerate(line.split())
    ]
    m = Measurements(tables([], votes=votes), reporters=["KAZ"])
    partners = run(m.windowed("un_votes", 1).order_by("partner"))
    assert partners["partner"].tolist() == ["RUS", "USA"]
    assert partners["value"].tolist() == pytest.approx([0.3125 / 0.5625, 0.0])
    poles = run(m.pole_shares("un_votes").order_by("pole"))
    assert poles[["pole", "share"]].values.tolist() == [["RUS", 1.0], ["WEST", 0.0]]
    alignment = run(m.vote_alignment().order_by("pole"))
    assert alignment["agreement"].tolist() == [0.75, 0.0]


def test_domain_vectors_of_executed_channel_vectors_equal_the_whole_expression(run):
    t = tables(
        [
            flow(2014, "KAZ", "RUS", "exports", 3.0),
            flow(2014, "KAZ", "CHN", "exports", 1.0),
            flow(2014, "KAZ", "CHN", "imports", 1.0),
        ]
    )
    m = Measurements(t, MeasureParams(weights={"exports": 1.0, "imports": 1.0}))
    executed = ibis.memtable(m.channel_poles().to_pyarrow())
    order = ["year", "domain", "pole"]
    assert run(m.domain_vectors(executed).order_by(order)).equals(run(m.domain_vectors().order_by(order)))


def test_route_tables_are_executed_once_per_facts_table_and_equal_the_indicators():
    import json

    from multivector.indicators.routes import route_table, route_transit

    attributes = [
        json.dumps({"item": i, "commodity": "crude oil", "route": r, "transit": tr})
        for i, r, tr in [("cpc", ["KAZ", "RUS"], ["RUS"]), ("kcp", ["KAZ", "CHN"], [])]
    ]
    facts = ibis.memtable(
        {
            "fact_id": ["cpc", "kcp"],
            "kind": ["infrastructure"] * 2,
            "subject": ["KAZ"] * 2,
            "text": ["", ""],
            "value_number": [1.0, 20.0],
            "unit": ["million_bbl_per_day", "mt_per_year"],
            "status": ["operating"] * 2,
            "valid_from": ["2001-03-26", "2006-01-01"],
            "valid_to": [None, None],
            "source_id": ["knowledge_base"] * 2,
            "attributes": attributes,
        }
    ).cast({"valid_from": "date", "valid_to": "date"})
    t = {**tables([flow(2014, "KAZ", "RUS", "exports", 3.0)]), "facts": facts}
    lines, transit = Measurements(t).routes()
    again = Measurements(t, reporters=["KAZ"]).routes()[1]
    assert again is transit  # one execution, shared by every Measurements on these tables
    assert lines.order_by("line_id").execute().equals(route_table(facts).order_by("line_id").execute())
    got = transit.order_by(["line_id", "entity"]).execute()
    assert got.equals(route_transit(facts).order_by(["line_id", "entity"]).execute())


def test_a_states_window_ends_at_the_sources_last_year_not_at_its_own_last_delivery(run):
    """UZB's last delivery is 2021, KAZ's 2024: restricted to UZB, the window 2020-2024 still exists."""
    t = tables(
        [
            flow(2020, "UZB", "RUS", "arms_imports", 3.0, "sipri_tiv_million", source="sipri_trade_register"),
            flow(2021, "UZB", "CHN", "arms_imports", 1.0, "sipri_tiv_million", source="sipri_trade_register"),
            flow(2024, "KAZ", "RUS", "arms_imports", 5.0, "sipri_tiv_million", source="sipri_trade_register"),
        ]
    )
    windows = Measurements(t, reporters=["UZB"]).windowed("arms_imports", span=5)
    got = run(windows.filter(windows.year == 2024).order_by("partner"))
    assert got[["partner", "value", "years", "year_from"]].values.tolist() == [
        ["CHN", 1.0, 2, 2020],
        ["RUS", 3.0, 2, 2020],
    ]
    assert run(windows.filter(windows.year == 2025)).empty  # never past the source's coverage
