"""The panel grammar on the store built from the shipped data: units first, measures as columns, nothing dropped."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

from multivector import api
from multivector.config import Settings
from multivector.errors import BadOption, UnknownState
from multivector.measure import grammar
from multivector.store import Store
from tests.conftest import REPO_DATA

pytestmark = pytest.mark.slow
FIVE = ["KAZ", "UZB", "TKM", "KGZ", "TJK"]


@pytest.fixture(scope="module")
def config(built_home) -> Settings:
    return Settings(home=built_home, data_dir=REPO_DATA)


@pytest.fixture(scope="module")
def summary(config) -> pd.DataFrame:
    with Store(config.store_path, read_only=True) as store:  # the project's connection settings, shared
        return store.con.cursor().sql("SELECT reporter, year, domain, dependence FROM panel_domain_summary").df()


def test_kazakhstan_has_a_row_for_every_year_and_the_panel_s_dependence(config, summary):
    kaz = api.add_dependence(api.state_years(["Kazakhstan"], (1992, 2023), config=config), config=config)
    assert kaz.year.tolist() == list(range(1992, 2024)) and set(kaz.state) == {"KAZ"}
    assert set(kaz.cow) == {"705"} and set(kaz.iso3) == {"KAZ"}
    for domain in ("security", "economic", "diplomatic"):
        stored = summary[(summary.reporter == "KAZ") & (summary.domain == domain)].set_index("year").dependence
        got = kaz.set_index("year")[f"dependence_{domain}"]
        assert got.dropna().to_dict() == stored.reindex(got.dropna().index).to_dict()
        assert set(got[got.isna()].index).isdisjoint(stored.dropna().index)  # missing only where the panel has none
    assert kaz.series_security.notna().all() and kaz.series_security.str.contains(":").all()


def test_a_later_first_year_does_not_cut_the_windows(config):
    late = api.add_dependence(api.state_years(["KAZ"], (2019, 2023), config=config), config=config)
    whole = api.add_dependence(api.state_years(["KAZ"], (1992, 2023), config=config), config=config)
    pd.testing.assert_frame_equal(late, whole[whole.year >= 2019].reset_index(drop=True))


def test_a_state_year_without_data_keeps_its_row_with_missing_values_never_zero(config):
    five = api.state_years(FIVE, (1992, 2023), config=config)
    added = five.pipe(api.add_dependence, config=config).pipe(api.add_differentiation, config=config)
    assert len(added) == len(five) == 5 * 32
    unmeasured = added[added.series_economic.isna()]
    assert len(unmeasured) > 0 and unmeasured.dependence_economic.isna().all()
    assert (added.balance.dropna().between(0, 1)).all() and added.domains_measured.notna().all()


def test_pole_shares_are_zero_only_for_a_pole_absent_from_a_whole_vector(config):
    shares = api.add_dependence(
        api.state_years(["TKM"], (2003, 2004), config=config),
        ["security"],
        ["RUS", "CHN", "WEST", "OTHER"],
        config=config,
    )
    assert shares.share_security_OTHER.tolist() == [1.0, 1.0] and shares.share_security_RUS.tolist() == [0.0, 0.0]


def test_the_soviet_union_and_its_successors_have_the_codes_of_their_years(config):
    units = api.state_years(["SUN", "RUS", "KAZ"], (1990, 1992), config=config)
    assert [tuple(r) for r in units[["state", "year", "cow"]].itertuples(index=False)] == [
        ("SUN", 1990, "365"),
        ("SUN", 1991, "365"),
        ("RUS", 1992, "365"),
        ("KAZ", 1992, "705"),
    ]


def test_a_table_cites_every_source_behind_its_values(config):
    kaz = api.add_concentration(api.state_years(["KAZ"], (2015, 2020), config=config), "imports", config=config)
    assert kaz.hhi_imports.notna().all() and (kaz.effective_partners_imports - 1 / kaz.hhi_imports).abs().max() < 1e-9
    bibtex = api.cite(kaz)
    assert set(grammar.sources_of(kaz)) <= {"imf_dots", "nso_kazakhstan_trade"} and "@" in bibtex


def test_bad_requests_are_refused_with_the_fix(config):
    with pytest.raises(UnknownState, match="did you mean"):
        api.state_years(["Kazakstn"], config=config)
    with pytest.raises(BadOption, match="run backwards"):
        api.state_years(["KAZ"], (2023, 1992), config=config)
    with pytest.raises(BadOption, match="choose from"):
        api.add_dependence(api.state_years(["KAZ"], (2020, 2020), config=config), ["military"], config=config)


def test_the_grammar_examples_run():
    result = doctest.testmod(grammar)
    assert result.attempted > 0 and result.failed == 0


GRAMMAR_API = [
    "measurements",
    "convert",
    "cite",
    "state_years",
    "dyad_years",
    "add_dependence",
    "add_differentiation",
    "add_concentration",
    "add_trade",
    "add_votes",
    "add_phases",
]


@pytest.mark.parametrize("name", GRAMMAR_API)
def test_the_api_examples_run_on_the_shipped_store(name, built_home, monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_HOME", str(built_home))
    monkeypatch.setenv("MULTIVECTOR_DATA_DIR", str(REPO_DATA))
    function = getattr(api, name)
    assert "Parameters\n    ----------" in function.__doc__ and "Examples\n    --------" in function.__doc__
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(function, name, globs=vars(api)):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0


def test_a_dyad_year_table_has_trade_shares_with_units_and_keeps_unlisted_dyads(config):
    dyads = api.add_trade(api.dyad_years(["KAZ"], ["Russia", "China"], (2015, 2023), config=config), config=config)
    assert len(dyads) == 2 * 9 and set(dyads.partner) == {"RUS", "CHN"}
    assert dyads.share_exports.between(0, 1).all() and set(dyads.unit_imports.dropna()) <= set(
        grammar.UNIT_WORDS.values()
    )
    every = api.add_trade(api.dyad_years(["KAZ"], years=(2015, 2015), config=config), ["exports"], config=config)
    assert len(every) > 150 and every.share_exports.isna().any()  # partners the series does not list: missing
    per_series = every.dropna(subset=["share_exports"]).groupby("series_exports").share_exports.sum()
    assert (per_series <= 1 + 1e-9).all()
    assert "KAZ" not in set(every.partner)


def test_a_mirror_series_is_cited_as_its_source():
    labels = ["imf_dots (mirror): usd_million_current; cow_igo: count_shared_igos", None]
    frame = pd.DataFrame({"series_economic": labels})
    assert grammar.sources_of(frame) == ["cow_igo", "imf_dots"]


def _kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's κ of two states' votes over the roll calls both voted in (yes, abstain, no)."""
    both = pd.concat([a, b], axis=1, join="inner").dropna()
    observed = (both.iloc[:, 0] == both.iloc[:, 1]).mean()
    expected = sum((both.iloc[:, 0] == k).mean() * (both.iloc[:, 1] == k).mean() for k in ("yes", "abstain", "no"))
    return (observed - expected) / (1 - expected)


def test_votes_on_dyad_years_are_the_roll_calls_counted_afresh(config):
    votes = api.add_votes(api.dyad_years(["KAZ"], ["RUS", "CHN"], (2021, 2024), config=config), config=config)
    with Store(config.store_path, read_only=True) as store:
        raw = (
            store.con.cursor()
            .sql(
                "SELECT entity, year, rcid, vote FROM un_votes WHERE source_id = 'unga_votes_fpsim' "
                "AND entity IN ('KAZ', 'RUS', 'CHN') AND year BETWEEN 2021 AND 2024 "
                "AND vote IN ('yes', 'abstain', 'no')"
            )
            .df()
        )
    for row in votes.itertuples():
        year = raw[raw.year == row.year]
        mine = year[year.entity == "KAZ"].set_index("rcid").vote
        theirs = year[year.entity == row.partner].set_index("rcid").vote
        assert row.kappa == pytest.approx(_kappa(mine, theirs), abs=1e-12)
        assert row.roll_calls == len(mine.index.intersection(theirs.index))
    assert votes.set_index("year").partial_year.to_dict() == {2021: False, 2022: False, 2023: False, 2024: True}
    assert (votes.ideal_point_distance > 0).all() and votes.series_votes.str.contains("unga_votes_fpsim").all()


def test_votes_on_state_years_keep_years_without_votes_as_missing(config):
    votes = api.add_votes(api.state_years(["KAZ"], (1992, 2024), config=config), config=config)
    assert votes.year.tolist() == list(range(1992, 2025))
    assert {"ideal_point", "ideal_point_q05", "ideal_point_q95", "kappa_RUS", "kappa_CHN", "roll_calls"} <= set(votes)
    known = votes.dropna(subset=["ideal_point"])
    assert (known.ideal_point_q05 <= known.ideal_point).all() and (known.ideal_point <= known.ideal_point_q95).all()
    assert votes[votes.roll_calls.isna()].kappa_RUS.isna().all()  # no votes: missing, never 0
    assert votes.partial_year.tolist() == [False] * 32 + [True]


def test_phases_as_columns_are_the_classification_s(config):
    phased = api.add_phases(api.state_years(["UZB"], (1992, 2023), config=config), config=config)
    assert len(phased) == 32
    classified = api.classify("UZB", config=config)["phases"]
    for segment in classified:
        years = phased[phased.year.between(segment["from"], segment["to"])]
        assert set(years.phase) == {segment["phase"]} and set(years.structure) == {segment["structure"]}
    covered = {y for s in classified for y in range(s["from"], s["to"] + 1)}
    assert phased[~phased.year.isin(covered)].phase.isna().all()
    assert phased[phased.phase == "substantive"].shock.notna().all()


def test_every_column_the_grammar_adds_has_a_label_for_the_exports(config):
    from multivector.measure.grammar_labels import grammar_columns

    states = api.state_years(["KAZ"], (2021, 2024), config=config)
    for add in (api.add_dependence, api.add_differentiation, api.add_votes, api.add_phases):
        states = add(states, config=config)
    states = api.add_concentration(states, "imports", config=config)
    states = api.add_dependence(states, poles=["CHN"], config=config)
    dyads = api.dyad_years(["KAZ"], ["CHN"], (2023, 2023), config=config)
    dyads = api.add_votes(api.add_trade(dyads, config=config), config=config)
    for frame in (states, dyads):
        meta = grammar_columns(frame.columns)
        unlabelled = [column for column, m in meta.items() if m.label == column]
        assert unlabelled == []
