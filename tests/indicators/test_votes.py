"""UN vote agreement, S-score, Cohen's κ, issue areas and pole means on hand-computed cases."""

from __future__ import annotations

import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.indicators import INDICATORS
from multivector.indicators.votes import ISSUE_NAMES, issue_votes, pole_alignment, vote_agreement, vote_pairs

GROUP = ["source_id", "year"]
COLUMNS = ["source_id", "year", "rcid", "entity", "vote"]


def votes(rows, year=2014, source="unvotes"):
    """``rows``: (rcid, entity, vote)."""
    return ibis.memtable([(source, year, *row) for row in rows], columns=COLUMNS)


def from_columns(ballots: dict[str, list[str | None]], year=2014):
    """One list of votes per state, roll call r at position r (None: absent, no row)."""
    return votes(
        [(r, entity, vote) for entity, column in ballots.items() for r, vote in enumerate(column) if vote is not None],
        year,
    )


def dyads(run, table, group=GROUP, reporters=None):
    got = run(vote_agreement(vote_pairs(table, group, reporters), group))
    return {(row["reporter"], row["partner"]): row for row in got.to_dict("records")}


def test_hand_computed_agreement_s_score_and_kappa(run):
    # A: yes yes yes no / B: yes yes abstain yes
    # identical votes on roll calls 0 and 1: agreement p_o = 2/4 = 0.5
    # positions yes 1, abstain ½, no 0: |d| = 0, 0, ½, 1, mean d = 0.375, S = 1 − 2·0.375 = 0.25
    # marginals A (yes ¾, no ¼), B (yes ¾, abstain ¼): p_e = ¾·¾ = 0.5625
    # κ = (0.5 − 0.5625) / (1 − 0.5625) = −1/7
    got = dyads(run, from_columns({"A": ["yes", "yes", "yes", "no"], "B": ["yes", "yes", "abstain", "yes"]}))
    ab = got["A", "B"]
    assert ab["n"] == 4
    assert ab["agreement"] == pytest.approx(0.5)
    assert ab["s_score"] == pytest.approx(0.25)
    assert ab["kappa"] == pytest.approx(-1 / 7)
    assert ab["p_expected"] == pytest.approx(0.5625)


def test_full_disagreement_and_positive_kappa(run):
    # A: yes no abstain yes / B: no yes abstain yes; identical on 2 and 3: p_o = 0.5
    # d = 1, 1, 0, 0, mean ½: S = 0
    # A (yes ½, no ¼, abstain ¼), B (yes ½, no ¼, abstain ¼): p_e = ¼ + 1/16 + 1/16 = 0.375
    # κ = 0.125 / 0.625 = 0.2
    got = dyads(
        run,
        from_columns(
            {
                "A": ["yes", "no", "abstain", "yes"],
                "B": ["no", "yes", "abstain", "yes"],
                "C": ["no", "yes", "yes", "no"],
            }
        ),
    )
    assert (got["A", "B"]["agreement"], got["A", "B"]["s_score"]) == (pytest.approx(0.5), pytest.approx(0.0))
    assert got["A", "B"]["kappa"] == pytest.approx(0.2)
    # A against C: no identical vote, d = 1, 1, ½, 1: S = 1 − 2·0.875 = −0.75
    assert got["A", "C"]["agreement"] == 0.0 and got["A", "C"]["s_score"] == pytest.approx(-0.75)


def test_kappa_is_undefined_when_both_always_cast_the_same_vote(run):
    # p_e = 1·1 = 1: κ = 0/0, null; agreement and S are 1
    got = dyads(run, from_columns({"A": ["yes"] * 3, "B": ["yes"] * 3, "C": ["yes", "no", "yes"]}))
    ab = got["A", "B"]
    assert (ab["agreement"], ab["s_score"], ab["p_expected"]) == (1.0, 1.0, 1.0)
    assert ab["kappa"] is None or ab["kappa"] != ab["kappa"]  # null (None or NaN in pandas)
    # one state always yes, the other not: p_e = p_o, κ = 0 whatever the agreement
    assert got["A", "C"]["agreement"] == pytest.approx(2 / 3) and got["A", "C"]["kappa"] == pytest.approx(0.0)


def test_absent_states_and_unknown_votes_form_no_pair(run):
    # B is absent from roll calls 2 and 3; C's vote on 0 is not a vote cast
    t = from_columns(
        {"A": ["yes", "no", "yes", "no"], "B": ["yes", "yes", None, None], "C": ["absent", "no", "no", "no"]}
    )
    got = dyads(run, t)
    assert got["A", "B"]["n"] == 2 and got["A", "B"]["agreement"] == pytest.approx(0.5)
    assert got["A", "C"]["n"] == 3 and got["A", "C"]["agreement"] == pytest.approx(2 / 3)
    assert got["B", "C"]["n"] == 1
    assert not any(i == j for i, j in got)
    pairs = run(vote_pairs(t, GROUP))
    assert set(pairs.reporter_vote) | set(pairs.partner_vote) <= {"yes", "no", "abstain"}


def test_measures_are_symmetric_and_reporters_only_filter(run):
    t = from_columns(
        {
            "A": ["yes", "no", "abstain", "yes", "no"],
            "B": ["no", "no", "yes", None, "abstain"],
            "C": ["yes", "abstain", "abstain", "yes", "yes"],
        }
    )
    got = dyads(run, t)
    assert len(got) == 6
    for (i, j), row in got.items():
        back = got[j, i]
        for measure in ("n", "agreement", "s_score", "kappa", "p_expected"):
            assert row[measure] == pytest.approx(back[measure]), (i, j, measure)
    only_a = dyads(run, t, reporters=["A"])
    assert set(only_a) == {("A", "B"), ("A", "C")}
    for key, row in only_a.items():
        assert row["agreement"] == pytest.approx(got[key]["agreement"])


def test_roll_calls_pair_within_year_and_source_only(run):
    # the same rcid in two sources, or two years, are different roll calls
    t = ibis.memtable(
        [
            ("unvotes", 2014, 1, "A", "yes"),
            ("unvotes", 2014, 1, "B", "yes"),
            ("unga_votes_fpsim", 2014, 1, "A", "no"),
            ("unga_votes_fpsim", 2014, 1, "B", "yes"),
            ("unvotes", 2015, 1, "B", "no"),
        ],
        columns=COLUMNS,
    )
    got = run(vote_agreement(vote_pairs(t, GROUP, ["A"]), GROUP)).sort_values("source_id")
    assert got[["source_id", "year", "n", "agreement"]].values.tolist() == [
        ["unga_votes_fpsim", 2014, 1, 0.0],
        ["unvotes", 2014, 1, 1.0],
    ]


def test_issue_codes_are_exploded_and_uncoded_roll_calls_drop_out(run):
    t = from_columns({"A": ["yes", "yes", "no", "yes"], "B": ["yes", "no", "no", "no"]})
    # the null issue is made in the expression: Ibis's PySpark memtable reads a None string as 'NaN'
    roll_calls = ibis.memtable(
        {"source_id": ["unvotes"] * 4, "rcid": [0, 1, 2, 3], "issue": ["me,hr", "hr", "", "nu,di"]}
    )
    roll_calls = roll_calls.mutate(issue=roll_calls.issue.nullif(""))
    exploded = run(issue_votes(t, roll_calls))
    assert sorted(exploded.groupby("issue").rcid.nunique().items()) == [("di", 1), ("hr", 2), ("me", 1), ("nu", 1)]
    assert 2 not in set(exploded.rcid)
    group = [*GROUP, "issue"]
    got = run(vote_agreement(vote_pairs(issue_votes(t, roll_calls), group, ["A"]), group))
    by_issue = {row["issue"]: (row["n"], row["agreement"]) for row in got.to_dict("records")}
    # hr: roll calls 0 (yes/yes) and 1 (yes/no); me: 0; nu and di: 3 (yes/no)
    assert by_issue == {"hr": (2, 0.5), "me": (1, 1.0), "nu": (1, 0.0), "di": (1, 0.0)}


def test_issue_names_match_the_unvotes_source():
    from multivector.sources.unvotes import ISSUES

    assert ISSUE_NAMES == ISSUES


POLES = ibis.memtable({"entity": ["RUS", "SUN", "USA", "DEU", "GBR"], "pole": ["RUS", "RUS", "WEST", "WEST", "WEST"]})


def test_pole_means_with_unlisted_partners_in_other_and_the_reporter_excluded(run):
    # DEU reports: WEST members are USA and GBR (not DEU itself); IND and BRA are OTHER
    t = from_columns(
        {
            "DEU": ["yes", "no", "yes", "no"],
            "USA": ["yes", "no", "no", "no"],
            "GBR": ["yes", "no", "yes", "no"],
            "RUS": ["no", "yes", "yes", "yes"],
            "IND": ["yes", "yes", "yes", None],
            "BRA": ["no", "no", "no", "no"],
        }
    )
    got = run(pole_alignment(vote_agreement(vote_pairs(t, GROUP, ["DEU"]), GROUP), POLES, GROUP))
    rows = {row["pole"]: row for row in got.to_dict("records")}
    assert set(rows) == {"WEST", "RUS", "OTHER"}
    # agreement with USA ¾, GBR 1: WEST ⅞; RUS ¼; IND ⅔ (3 roll calls), BRA ½: OTHER 7/12
    assert (rows["WEST"]["agreement"], rows["WEST"]["members"], rows["WEST"]["n"]) == (pytest.approx(7 / 8), 2, 4)
    assert (rows["RUS"]["agreement"], rows["RUS"]["members"]) == (pytest.approx(1 / 4), 1)
    assert (rows["OTHER"]["agreement"], rows["OTHER"]["members"]) == (pytest.approx(7 / 12), 2)
    total = 7 / 8 + 1 / 4 + 7 / 12
    assert rows["WEST"]["share"] == pytest.approx((7 / 8) / total)
    assert sum(row["share"] for row in rows.values()) == pytest.approx(1.0)
    # S of DEU with USA 0.5 (d = ¼) and GBR 1: WEST 0.75
    assert rows["WEST"]["s_score"] == pytest.approx(0.75)
    without = run(
        pole_alignment(vote_agreement(vote_pairs(t, GROUP, ["DEU"]), GROUP), POLES, GROUP, include_other=False)
    )
    assert set(without.pole) == {"WEST", "RUS"}
    assert without["share"].sum() == pytest.approx(1.0)


def test_the_registry_lists_the_vote_indicators_in_the_diplomatic_domain():
    for name in ("vote_pairs", "vote_agreement", "issue_votes", "vote_pole_alignment"):
        assert INDICATORS[name].domain == "diplomatic"
    assert "1 − 2d/d_max" in INDICATORS["vote_agreement"].formula


# Properties, on DuckDB only.
CON = ibis.duckdb.connect()
VOTE = st.sampled_from(["yes", "no", "abstain", None])
ballots = st.integers(min_value=1, max_value=8).flatmap(
    lambda n: st.dictionaries(st.sampled_from("ABCD"), st.lists(VOTE, min_size=n, max_size=n), min_size=2)
)


def reference(a: list, b: list) -> dict:
    """Plain-Python agreement, S and κ of two vote lists over the roll calls both voted in."""
    position = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
    shared = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    n = len(shared)
    p_o = sum(x == y for x, y in shared) / n
    p_e = sum(sum(x == k for x, _ in shared) * sum(y == k for _, y in shared) for k in position) / n**2
    return {
        "n": n,
        "agreement": p_o,
        "s_score": 1 - 2 * sum(abs(position[x] - position[y]) for x, y in shared) / n,
        "kappa": None if p_e == 1 else (p_o - p_e) / (1 - p_e),
    }


@settings(max_examples=60, deadline=None)
@given(ballots=ballots)
def test_properties_bounds_symmetry_and_a_plain_reference(ballots):
    got = dyads(CON.execute, from_columns(ballots))
    for (i, j), row in got.items():
        assert 0 <= row["agreement"] <= 1 and -1 - 1e-12 <= row["s_score"] <= 1 + 1e-12
        kappa = row["kappa"]
        defined = kappa is not None and kappa == kappa
        assert not defined or kappa <= 1 + 1e-12
        back = got[j, i]
        assert (back["n"], back["agreement"], back["s_score"]) == (
            row["n"],
            pytest.approx(row["agreement"]),
            pytest.approx(row["s_score"]),
        )
        expected = reference(ballots[i], ballots[j])
        assert row["n"] == expected["n"]
        assert row["agreement"] == pytest.approx(expected["agreement"])
        assert row["s_score"] == pytest.approx(expected["s_score"])
        if expected["kappa"] is None:
            assert not defined
        else:
            assert kappa == pytest.approx(expected["kappa"])
    for i in ballots:
        for j in ballots:
            shared = any(x is not None and y is not None for x, y in zip(ballots[i], ballots[j], strict=True))
            assert ((i, j) in got) == (i != j and shared)
