"""Series marks: every domain value says what it rests on; a change of series is a marked break."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from multivector import api
from multivector.config import Settings
from multivector.theory.series_marks import SPLICE_TOLERANCE, domain_timeline, timeline_records
from tests.conftest import REPO_DATA
from tests.theory.synthetic import panel, path

JUMP = 0.10  # a step larger than this from one year to the next must be explained or marked


def test_a_change_of_series_is_a_break_with_what_changed():
    series = {"economic": {y: "imf_dots: usd" if y < 2021 else "nso_kazakhstan_trade: usd" for y in range(1995, 2024)}}
    rows = domain_timeline(panel({"economic": path(0.2, {2021: 0.15}, years=range(1995, 2024))}, series=series))
    marked = rows[rows.series_break]
    assert marked.year.tolist() == [2021]
    assert marked.change.iloc[0] == (
        "exports: imf_dots → nso_kazakhstan_trade (no overlap: the two series cannot be compared)"
    )


def test_a_step_on_one_series_is_no_break():
    rows = domain_timeline(panel({"security": path(0.8, {2014: -0.3})}))
    assert not rows.series_break.any() and rows.change.isna().all()


def test_a_channel_that_starts_or_ends_is_a_break():
    one = panel({"economic": path(0.2), "security": path(0.9)})
    extra = one.channels[(one.channels.domain == "economic") & one.channels.year.between(2005, 2010)].assign(
        channel="fdi", series="wiiw_fdi_kazakhstan: eur_million_stock"
    )
    rows = domain_timeline(dataclasses.replace(one, channels=pd.concat([one.channels, extra], ignore_index=True)))
    marked = rows[rows.series_break]
    assert marked[["year", "change"]].values.tolist() == [
        [2005, "fdi starts (wiiw_fdi_kazakhstan)"],
        [2011, "fdi ends (wiiw_fdi_kazakhstan)"],
    ]


def test_records_carry_the_series_of_every_value():
    records = timeline_records(panel({"diplomatic": path(0.3, years=range(2000, 2003))}))
    assert [r["year"] for r in records] == [2000, 2001, 2002]
    assert records[0]["series"] == [{"channel": "un_votes", "series": "unga_votes_fpsim: synthetic"}]
    assert {r["series_break"] for r in records} == {False}


def _switched(overlap: dict[str, dict[int, float]]) -> pd.DataFrame:
    """Economic time line switching from imf_dots to the office in 2021, with both series'
    hegemon shares given where they exist (``overlap``: series → year → share)."""
    series = {"economic": {y: "imf_dots: usd" if y < 2021 else "nso_kazakhstan_trade: usd" for y in range(2015, 2024)}}
    one = panel({"economic": path(0.2, years=range(2015, 2024))}, series=series)
    shares = pd.DataFrame(
        [
            {"year": y, "channel": "exports", "series": s, "share": v}
            for s, years in overlap.items()
            for y, v in years.items()
        ]
    )
    return domain_timeline(dataclasses.replace(one, overlaps=shares))


def test_a_change_of_series_states_the_overlap_difference_within_tolerance():
    rows = _switched(
        {
            "imf_dots: usd": {2018: 0.20, 2019: 0.21, 2020: 0.22},
            "nso_kazakhstan_trade: usd": {2018: 0.21, 2019: 0.22, 2020: 0.23, 2021: 0.2},
        }
    )
    marked = rows[rows.series_break].iloc[0]
    (judged,) = marked.overlaps
    assert judged["overlap_years"] == [2018, 2019, 2020]
    assert judged["difference"] == pytest.approx(0.01) and judged["within_tolerance"]
    assert "overlap 2018-2020" in marked.change and "+1.0 points" in marked.change and "within" in marked.change


def test_an_overlap_beyond_tolerance_is_said_and_nothing_is_spliced():
    gap = SPLICE_TOLERANCE + 0.05
    rows = _switched(
        {"imf_dots: usd": {2019: 0.20, 2020: 0.20}, "nso_kazakhstan_trade: usd": {2019: 0.20 + gap, 2020: 0.20 + gap}}
    )
    marked = rows[rows.series_break].iloc[0]
    assert marked.overlaps[0]["within_tolerance"] is False
    assert "beyond the 2.5-point tolerance" in marked.change and "partly a change of source" in marked.change
    # the values themselves stay on their own series: the 2021 value is the panel's, not shifted
    assert rows.loc[rows.year == 2021, "hegemon_share"].iloc[0] == pytest.approx(0.2)


def test_series_without_overlap_cannot_be_compared():
    rows = _switched({"imf_dots: usd": {2019: 0.2}, "nso_kazakhstan_trade: usd": {2021: 0.3}})
    marked = rows[rows.series_break].iloc[0]
    assert marked.overlaps[0]["difference"] is None
    assert "no overlap: the two series cannot be compared" in marked.change


def test_a_domain_year_without_a_value_is_listed_with_its_reason():
    one = panel({"economic": path(0.2, years=range(2018, 2021))})
    gaps = pd.DataFrame(
        [
            {
                "year": 2021,
                "domain": "economic",
                "channels": "fdi",
                "reason": "economic: only fdi has data; a value needs exports or imports or trade",
            }
        ]
    )
    records = timeline_records(dataclasses.replace(one, gaps=gaps))
    last = records[-1]
    assert (last["year"], last["hegemon_share"]) == (2021, None)
    assert last["no_value"].startswith("economic: only fdi has data")


@pytest.mark.slow
@pytest.mark.parametrize("state", api.STUDIED_STATES)
def test_no_jump_from_a_change_of_series_is_left_unmarked(state, built_home):
    """Walk the state's domain time lines in ``classify --json``: a step of more than 10 points
    between two years whose series differ must carry the series-break mark."""
    timeline = api.classify(state, config=Settings(home=built_home, data_dir=REPO_DATA))["timeline"]
    assert timeline and all(entry["series"] or entry["no_value"] for entry in timeline)
    by_domain: dict[str, list[dict]] = {}
    for entry in timeline:
        by_domain.setdefault(entry["domain"], []).append(entry)
    unmarked = []
    for domain, entries in by_domain.items():
        entries = [e for e in entries if e["hegemon_share"] is not None]  # years without a value
        for before, after in zip(entries, entries[1:]):
            step = abs(after["hegemon_share"] - before["hegemon_share"])
            if step > JUMP and after["series"] != before["series"] and not after["series_break"]:
                unmarked.append((domain, before["year"], after["year"], round(step, 3)))
    assert unmarked == []
