"""Crude exports per route: the volumes counted, the shares and their bands, by hand."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pandas as pd
import pytest

from multivector.errors import CuratedDataInvalid, NoData
from multivector.sources import knowledge_base
from multivector.theory.crude_routes import Band, crude_exports, figure_interval, judge, periods, route_lines
from multivector.theory.findings import Claim, Context, claim_cpc
from multivector.theory.panel import state_facts

PERIOD = "2024-01/2024-10"


def volume(
    fact_id: str,
    value: float,
    route: list[str],
    as_written: str | None = None,
    qualifier: str | None = None,
    part_of: str | None = None,
    item: str | None = None,
    period: str = PERIOD,
    cites: str = "doc_a",
) -> dict:
    """A facts row as ``Panel.facts`` holds it: a figure in Mt on a route."""
    attributes = {
        "route": route,
        "commodity": "crude oil",
        "period": period,
        "year": int(period[:4]),
        "as_written": as_written or f"{value:g} million",
        "qualifier": qualifier,
        "part_of": part_of,
        "item": item,
        "name": fact_id,
    }
    return {
        "fact_id": fact_id,
        "kind": "figure",
        "subject": "XXX",
        "unit": "mt",
        "value_number": value,
        "attributes": {k: v for k, v in attributes.items() if v is not None},
        "cites": cites,
        "locator": "para 1",
        "citation": f"A document [{cites}]",
    }


def facts(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_a_figure_may_be_off_by_half_its_last_digit_or_one_digit_beyond_more_than():
    assert figure_interval(7.2, "7.2 million", "about") == pytest.approx((7.15, 7.25))
    assert figure_interval(7.2, "7.2 million", None) == pytest.approx((7.15, 7.25))
    assert figure_interval(3.1, "3.1 million", "more than") == pytest.approx((3.1, 3.2))
    assert figure_interval(1.0, "1 million", "more than") == pytest.approx((1.0, 2.0))
    assert figure_interval(0.217, "217 thousand", None) == pytest.approx((0.2165, 0.2175))
    assert figure_interval(9.0, "9", "nearly") == pytest.approx((8.0, 9.0))


def test_transit_is_not_the_states_crude_and_shares_are_of_the_listed_routes():
    f = facts(
        volume("north", 60, ["XXX", "HEG"]),
        volume("east", 40, ["XXX", "CHN"]),
        volume("transit", 500, ["HEG", "XXX", "CHN"]),
    )
    exports = crude_exports(f, "XXX", "HEG")
    assert list(exports.routes.fact_id) == ["north", "east"]
    assert exports.left_out == (("transit", 500, ("HEG", "XXX", "CHN")),)
    assert route_lines(exports)[-1] == "Left out, not XXX's crude: transit, 500 Mt (HEG→XXX→CHN)."
    assert exports.total.value == pytest.approx(100)
    assert exports.crossing.value == pytest.approx(0.6)
    # north in [59.5, 60.5], east in [39.5, 40.5]: low 59.5/100, high 60.5/100
    assert (exports.crossing.low, exports.crossing.high) == pytest.approx((0.595, 0.605))


def test_the_hegemon_is_a_parameter():
    f = facts(volume("north", 60, ["XXX", "HEG"]), volume("east", 40, ["XXX", "CHN"]))
    assert crude_exports(f, "XXX", "CHN").crossing.value == pytest.approx(0.4)
    assert crude_exports(f, "XXX", "HEG").crossing.value == pytest.approx(0.6)
    assert crude_exports(f, "XXX", "MARS").crossing.value == 0.0


def test_a_band_straddling_eighty_percent_is_judged_partly():
    # 80 of 100 by the written figures; "about 80" and "about 20" move it to 79.5/100 .. 80.5/100
    f = facts(
        volume("north", 80, ["XXX", "HEG"], "80 million", "about"),
        volume("east", 20, ["XXX", "CHN"], "20 million", "about"),
    )
    crossing = crude_exports(f, "XXX", "HEG").crossing
    assert crossing.low < 0.8 < crossing.high
    assert (crossing.low, crossing.high) == pytest.approx((79.5 / 100, 80.5 / 100))
    assert judge(crossing, 0.8) == "partly"
    assert judge(Band(0.9, 0.81, 0.95), 0.8) == "agree" and judge(Band(0.7, 0.6, 0.79), 0.8) == "disagree"


def test_a_part_is_not_added_twice_and_the_rest_of_a_port_total_is_unknown():
    f = facts(
        volume("pipe", 50, ["XXX", "HEG"]),
        volume("port", 10, ["XXX"], qualifier="more than"),
        volume("port_heg", 4, ["XXX", "HEG"], part_of="port"),
        volume("port_west", 5, ["XXX", "AZE", "TUR"], part_of="port", item="btc"),
    )
    exports = crude_exports(f, "XXX", "HEG")
    assert exports.total.value == pytest.approx(60)
    assert list(exports.routes.role) == ["route", "route", "part", "part", "rest"]
    rest = exports.routes.set_index("fact_id").loc["port:rest"]
    assert rest.volume == pytest.approx(1) and rest.crosses is None
    assert exports.crossing.value == pytest.approx(54 / 60)
    assert exports.unknown == pytest.approx(1 / 60)
    # low: the rest avoids HEG, port at its high end 11, parts crossing low; high: the rest crosses HEG
    assert exports.crossing.low == pytest.approx((49.5 + 3.5) / (49.5 + 11))
    assert exports.crossing.high == pytest.approx((50.5 + 11 - 4.5) / (50.5 + 11))
    assert exports.items["btc"].value == pytest.approx(5 / 60)


def test_one_period_from_one_document_the_latest_by_default():
    f = facts(
        volume("a", 10, ["XXX", "HEG"], period="2023-01/2023-12"),
        volume("b", 30, ["XXX", "HEG"]),
        volume("c", 10, ["XXX", "CHN"]),
    )
    assert periods(f, "XXX") == [("2023-01/2023-12", "doc_a"), (PERIOD, "doc_a")]
    assert crude_exports(f, "XXX", "HEG").total.value == pytest.approx(40)
    assert crude_exports(f, "XXX", "HEG", period="2023-01/2023-12").crossing.value == 1.0
    two = facts(volume("b", 30, ["XXX", "HEG"]), volume("c", 10, ["XXX", "CHN"], cites="doc_b"))
    with pytest.raises(CuratedDataInvalid, match="several documents"):
        crude_exports(two, "XXX", "HEG")
    assert crude_exports(two, "XXX", "HEG", cites="doc_b").crossing.value == 0.0


def test_contradicting_volumes_are_named_all_at_once():
    f = facts(
        volume("port", 3, ["XXX"], "3.0 million"),
        volume("x", 2, ["XXX", "HEG"], "2.0 million", part_of="port"),
        volume("y", 2, ["XXX", "CHN"], "2.0 million", part_of="port"),
        volume("z", 1, ["XXX", "CHN"], part_of="nowhere"),
        volume("pipe", 5, ["XXX", "HEG"]),
        volume("w", 1, ["XXX", "CHN"], part_of="pipe"),
    )
    with pytest.raises(CuratedDataInvalid) as raised:
        crude_exports(f, "XXX", "HEG")
    message = str(raised.value)
    assert "z is part of nowhere" in message and "w's route XXX→CHN" in message
    assert "parts of port add up to at least 3.9, more than its 3.05 at most" in message


def test_parts_that_exceed_their_whole_only_by_rounding_fit():
    # the shipped transit figures: 8.2 + 0.217 = 8.417 of "8.4", within the rounding of 8.4
    f = facts(
        volume("pipe", 50, ["XXX", "HEG"]),
        volume("transit", 8.4, ["XXX"]),
        volume("a", 8.2, ["XXX", "CHN"], part_of="transit"),
        volume("b", 0.217, ["XXX", "UZB"], "217 thousand", part_of="transit"),
    )
    rest = crude_exports(f, "XXX", "HEG").routes.set_index("fact_id").loc["transit:rest"]
    assert rest.volume == 0.0 and rest.volume_low == 0.0 and rest.volume_high == pytest.approx(8.45 - 8.15 - 0.2165)


def test_no_route_volume_is_no_data():
    with pytest.raises(NoData):
        crude_exports(facts(volume("t", 5, ["HEG", "XXX"])), "XXX", "HEG")


def test_every_route_line_names_its_citation():
    f = facts(volume("north", 60, ["XXX", "HEG"]), volume("east", 40, ["XXX", "CHN"]))
    lines = route_lines(crude_exports(f, "XXX", "HEG"))
    assert len(lines) == 2 and all(line.endswith("(doc_a, para 1).") for line in lines)
    assert "crosses or ends in HEG" in lines[0] and "avoids HEG" in lines[1]


# ------------------------------------------------------------------------ the shipped facts


@pytest.fixture(scope="module")
def shipped(ingest_source) -> pd.DataFrame:
    """KAZ's facts as the findings read them (``Panel.facts``), from the shipped knowledge base."""
    store, _ = ingest_source(knowledge_base.SOURCE)
    yield state_facts({name: store.table(name) for name in ("facts", "documents")}, "KAZ")
    store.close()


def test_the_shipped_january_october_2024_volumes_give_the_cpc_46_3_of_57_6(shipped):
    exports = crude_exports(shipped, "KAZ", "RUS")
    assert (exports.period, exports.cites) == ("2024-01/2024-10", "trend_2024_kaz_oil_transport")
    assert exports.total.value == pytest.approx(46.3 + 7.2 + 3.1 + 1.0)  # parts and transit not added
    cpc = exports.items["cpc"]
    assert cpc.value == pytest.approx(46.3 / 57.6)
    # "approximately 46.3" against "about 7.2", "more than 3.1" and "more than 1"
    assert (cpc.low, cpc.high) == pytest.approx((46.25 / (46.25 + 7.25 + 3.2 + 2), 46.35 / (46.35 + 7.15 + 3.1 + 1)))
    assert exports.crossing.value == pytest.approx((46.3 + 7.2 + 1.6) / 57.6)
    assert not any(exports.routes.fact_id.str.contains("transit"))


# ------------------------------------------------------------------------ the findings' claim


def judged(f: pd.DataFrame, hegemon: str = "HEG") -> Claim:
    """claim_cpc on KAZ's facts; the claim reads only the KAZ panel's facts and hegemon."""
    panel = SimpleNamespace(facts=f, hegemon=hegemon)
    return claim_cpc(cast(Context, SimpleNamespace(panels={"KAZ": panel})))


def test_the_claim_agrees_only_when_the_whole_band_is_over_eighty_percent():
    clear = judged(facts(volume("cpc", 90, ["KAZ", "HEG"], item="cpc"), volume("east", 10, ["KAZ", "CHN"])))
    assert clear.verdict == "agree" and "The CPC alone carries 90.0% [89.5%, 90.5%]" in clear.data[-1]
    close = judged(
        facts(
            volume("cpc", 80, ["KAZ", "HEG"], "80 million", "about", item="cpc"),
            volume("east", 20, ["KAZ", "CHN"], "20 million", "about"),
        )
    )
    assert close.verdict == "partly" and "straddles 80.0%" in close.data[-2]
    elsewhere = judged(
        facts(volume("cpc", 90, ["KAZ", "HEG"], item="cpc"), volume("east", 10, ["KAZ", "CHN"])), hegemon="CHN"
    )
    assert elsewhere.verdict == "disagree" and "crossing or ending in CHN: 10.0%" in elsewhere.data[-2]
    assert judged(facts(volume("transit", 5, ["HEG", "KAZ"]))).verdict == "not testable"
