"""The panel: composed once for every state, stored by the build, read by every command."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
import pytest

from multivector import api
from multivector.config import Settings
from multivector.indicators.votes import dyad_agreement, vote_agreement, vote_counts, vote_pairs
from multivector.measure.measurements import Measurements
from multivector.measure.panel import (
    PANEL_TABLES,
    STORED,
    compose_panel,
    fingerprint,
    panel_frames,
    panel_rows,
    panel_tables,
    stored_fingerprint,
    unseen_hegemon_dropped,
)
from multivector.measure.params import MeasureParams
from multivector.presets import load_preset
from tests.conftest import REPO_DATA

STATES = ["KAZ", "TKM", "ARM"]
KEYS = {
    "channels": ["reporter", "year", "channel", "pole"],
    "domains": ["reporter", "year", "domain", "pole"],
    "domain_summary": ["reporter", "year", "domain"],
    "state_years": ["reporter", "year"],
    "gaps": ["reporter", "year", "domain"],
    "concentration": ["reporter", "year", "channel"],
    "overlaps": ["reporter", "year", "channel", "series"],
    "hegemon_trade": ["reporter", "year"],
    "ideal_point_bands": ["reporter", "year", "pole"],
}


@pytest.fixture(scope="module")
def measured(built_store):
    from multivector.api import TABLES_MEASURED, stored_panel

    names = (*TABLES_MEASURED, *stored_panel(built_store))
    return {name: built_store.table(name) for name in names}


def test_the_build_stores_the_default_panel(measured):
    m = Measurements(measured)
    assert stored_fingerprint(measured) == fingerprint(m)
    for name in PANEL_TABLES:
        assert STORED[name] in measured
    states = measured[STORED["state_years"]].reporter.nunique().execute()
    assert states > 150  # every state with data, not the focus states only


def test_the_stored_panel_equals_one_state_composed_alone(measured):
    """The set-based pass over every state gives each state what composing it alone gives."""
    stored = panel_tables(Measurements(measured))
    alone = panel_rows(compose_panel(Measurements(measured, reporters=STATES)))
    for name in PANEL_TABLES:
        table = stored[name]
        left = table.filter(table.reporter.isin(STATES)).to_pandas()
        right = alone[name].to_pandas()
        _assert_same_rows(left, right, KEYS[name], name)


def test_other_parameters_compose_their_own_panel(measured):
    changed = Measurements(measured, MeasureParams(theta_co=0.3), reporters=["KAZ"])
    assert stored_fingerprint(measured) != fingerprint(changed)
    domains = panel_tables(changed)["domains"]
    kaz = domains.filter(domains.reporter == "KAZ").to_pandas()
    assert not kaz.empty
    expected = (kaz.share >= 0.3) & (kaz.pole != "UNLISTED")
    assert (kaz.is_co_aligned == expected).all()


def test_trade_years_before_the_hegemon_appears_are_dropped_and_the_rest_kept():
    rows = ibis.memtable(
        {
            "reporter": ["A"] * 5,
            "channel": ["exports", "exports", "exports", "exports", "un_votes"],
            "series": ["s"] * 5,
            "year": [1992, 1992, 1993, 1993, 1992],
            "pole": ["CHN", "WEST", "RUS", "CHN", "CHN"],
            "share": [0.6, 0.4, 0.5, 0.5, 1.0],
        }
    )
    kept = unseen_hegemon_dropped(rows, "RUS").to_pandas()
    assert sorted(zip(kept.channel, kept.year)) == [("exports", 1993), ("exports", 1993), ("un_votes", 1992)]
    # a mapping without the hegemon among its poles (classic hedging) waits for no one
    assert len(unseen_hegemon_dropped(rows, None).to_pandas()) == 5


def test_a_mapping_without_the_hegemon_keeps_every_trade_year(built_home):
    """classic_asia's poles (USA, CHN, JPN) leave RUS, the default hegemon, unnamed: the trade of
    Indonesia in 2012 is still read (COW's imports), where waiting for RUS dropped all of it."""
    preset = load_preset("classic_asia", REPO_DATA)
    config = Settings(home=built_home, data_dir=REPO_DATA)
    with api.measurements(config, poles_file=preset.poles_file, reporters=["IDN"], years=(2008, 2012)) as m:
        assert not m.names_pole("RUS")
        channels = panel_frames(m, ["IDN"], (2012, 2012))["channels"]
    imports = channels[channels.channel == "imports"]
    assert set(imports.series) == {"cow_trade: usd_million_current"}
    assert set(imports.pole) >= {"USA", "CHN", "JPN", "OTHER"}


@pytest.mark.parametrize("seed", range(5))
def test_counted_vote_tables_give_the_agreement_of_the_pairs(seed):
    """``vote_counts`` (every dyad once, mirrored) and ``dyad_agreement`` (statistics mirrored)
    equal the roll-call pairs they count."""
    rng = np.random.default_rng(seed)
    states, calls = ["A", "B", "C", "D"], 12
    votes = pd.DataFrame(
        [
            {"source_id": "s", "year": 2000 + call % 2, "rcid": call, "entity": state, "vote": vote}
            for call in range(calls)
            for state in states
            if (vote := rng.choice(["yes", "abstain", "no", "absent"])) != "absent"
        ]
    )
    table = ibis.memtable(votes)
    group = ["source_id", "year"]
    keys = [*group, "reporter", "partner"]
    counted = vote_agreement(vote_counts(table, group), group).to_pandas()
    paired = vote_agreement(vote_pairs(table, group), group).to_pandas()
    _assert_same_rows(counted, paired, keys, "votes")
    mirrored = dyad_agreement(table, group).to_pandas()
    _assert_same_rows(mirrored, paired, keys, "votes, statistics mirrored")


def _assert_same_rows(left: pd.DataFrame, right: pd.DataFrame, keys: list[str], name: str) -> None:
    assert len(left) == len(right), name
    left = left.sort_values(keys, ignore_index=True)
    right = right[left.columns].sort_values(keys, ignore_index=True)
    for column in left.columns:
        if pd.api.types.is_float_dtype(left[column]):
            np.testing.assert_allclose(left[column], right[column], rtol=0, atol=1e-12, err_msg=f"{name}.{column}")
        else:
            assert left[column].astype(object).tolist() == right[column].astype(object).tolist(), f"{name}.{column}"


@pytest.mark.slow
def test_the_panel_is_the_same_on_pyspark(measured):
    """Every panel column of a sample of states, composed on PySpark and on DuckDB.

    Sampled (three states of different coverage) to keep the test short: the similarity
    channels still read every state's votes and points, so the whole pipeline runs.
    """
    from multivector import engines
    from multivector.api import TABLES_MEASURED
    from multivector.measure.panel import materialiser
    from tests.indicators.conftest import spark

    spark()
    tables = {name: measured[name] for name in TABLES_MEASURED}
    flows = tables["flows"]  # COW's trade of every other state (1.2 million rows) is not read for the sample
    tables["flows"] = flows.filter((flows.source_id != "cow_trade") | flows.reporter.isin(STATES))
    on_spark = engines.load("pyspark", {name: table.to_pyarrow() for name, table in tables.items()})
    spark_rows = panel_rows(compose_panel(Measurements(on_spark, reporters=STATES), materialiser("pyspark")))
    duck_rows = panel_rows(compose_panel(Measurements({**measured, **tables}, reporters=STATES)))
    for name in PANEL_TABLES:
        _assert_same_rows(spark_rows[name].to_pandas(), duck_rows[name].to_pandas(), KEYS[name], name)
