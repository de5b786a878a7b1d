"""Golden test: UN vote agreement of Kazakhstan with Russia and the United States.

The expected figures are computed here in plain Python straight from the shipped raw files
(``data/unga-fpsim/`` and ``data/unvotes/``, see their ORIGIN.md), without the store or the
project's parsers, and compared with the indicators run on the store built from the same
files. Codes are mapped by hand for the three states needed:

* fpsim (COW codes): 705 Kazakhstan, 2 United States, 365 Russia from 1991-12-26 (the USSR
  before). ``year`` in the file is Voeten's session year; the store uses the calendar year
  of the roll call's date, the date most of the roll call's lines give, and so does this test.
* unvotes (ISO alpha-2): KZ, US, RU; the year is the calendar year of the roll call's date in
  ``un_roll_calls.csv.gz``, the issue codes come from ``un_roll_call_issues.csv``.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from multivector.indicators.votes import issue_votes, pole_alignment, vote_agreement, vote_pairs

DATA = Path(__file__).resolve().parents[2] / "data"
POSITION = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
FPSIM_VOTE = {"1": "yes", "2": "abstain", "3": "no"}
RUSSIA_FROM = date(1991, 12, 26)


def fpsim_entity(ccode: str, when: date) -> str | None:
    if ccode == "705":
        return "KAZ"
    if ccode == "2":
        return "USA"
    if ccode == "365":
        return "RUS" if when >= RUSSIA_FROM else "SUN"
    return None


def read_fpsim() -> dict[int, dict[int, dict[str, str]]]:
    """year → resid → entity → vote, for KAZ, RUS and USA."""
    with gzip.open(DATA / "unga-fpsim" / "unga_votes_1946_2022_ccode.csv.gz", "rt", newline="") as f:
        lines = list(csv.DictReader(f))
    dates: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        dates[line["resid"]][line["date"]] += 1
    modal = {resid: date.fromisoformat(counted.most_common(1)[0][0]) for resid, counted in dates.items()}
    votes: dict[int, dict[int, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for line in lines:
        when = modal[line["resid"]]
        entity = fpsim_entity(line["ccode"], when)
        if entity is not None and line["vote"] in FPSIM_VOTE:
            votes[when.year][int(line["resid"])][entity] = FPSIM_VOTE[line["vote"]]
    return votes


def read_unvotes(issue: str) -> dict[int, dict[int, dict[str, str]]]:
    """year → rcid → entity → vote, for KAZ, RUS and USA, roll calls coded ``issue`` only."""
    with gzip.open(DATA / "unvotes" / "un_roll_calls.csv.gz", "rt", newline="") as f:
        years = {line["rcid"]: date.fromisoformat(line["date"]).year for line in csv.DictReader(f)}
    with open(DATA / "unvotes" / "un_roll_call_issues.csv", newline="") as f:
        coded = {line["rcid"] for line in csv.DictReader(f) if line["short_name"] == issue}
    entities = {"KZ": "KAZ", "RU": "RUS", "US": "USA"}
    votes: dict[int, dict[int, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    with gzip.open(DATA / "unvotes" / "un_votes.csv.gz", "rt", newline="") as f:
        for line in csv.DictReader(f):
            entity = entities.get(line["country_code"])
            if entity and line["rcid"] in coded and line["vote"] in POSITION:
                votes[years[line["rcid"]]][int(line["rcid"])][entity] = line["vote"]
    return votes


def dyad(roll_calls: dict[int, dict[str, str]], i: str, j: str) -> dict[str, float | int | None]:
    """Agreement, S-score and Cohen's κ of i and j over the roll calls where both voted."""
    shared = [(v[i], v[j]) for v in roll_calls.values() if i in v and j in v]
    n = len(shared)
    agreement = sum(a == b for a, b in shared) / n
    s_score = 1 - 2 * sum(abs(POSITION[a] - POSITION[b]) for a, b in shared) / n
    p_e = sum((sum(a == k for a, _ in shared) / n) * (sum(b == k for _, b in shared) / n) for k in POSITION)
    kappa = None if p_e == 1 else (agreement - p_e) / (1 - p_e)
    return {"n": n, "agreement": agreement, "s_score": s_score, "kappa": kappa}


@pytest.fixture(scope="module")
def fpsim():
    return read_fpsim()


@pytest.fixture(scope="module")
def unvotes_hr():
    return read_unvotes("hr")


def store_dyads(store, votes, group, year):
    pairs = vote_pairs(votes, group, reporters=["KAZ"])
    result = vote_agreement(pairs, group)
    result = result.filter(result.year == year, result.partner.isin(["RUS", "USA"]))
    return {row["partner"]: row for row in result.execute().to_dict("records")}


def assert_same(got: dict, expected: dict) -> None:
    assert got["n"] == expected["n"]
    for measure in ("agreement", "s_score", "kappa"):
        assert got[measure] == pytest.approx(expected[measure], abs=1e-12), measure


@pytest.mark.slow
@pytest.mark.parametrize("year", [2014, 2022])
def test_kazakhstan_with_russia_and_the_usa_from_fpsim(built_store, fpsim, year):
    votes = built_store.table("un_votes")
    votes = votes.filter(votes.source_id == "unga_votes_fpsim")
    got = store_dyads(built_store, votes, ["source_id", "year"], year)
    for partner in ("RUS", "USA"):
        assert_same(got[partner], dyad(fpsim[year], "KAZ", partner))


def test_the_plain_computation_gives_the_recorded_figures(fpsim, unvotes_hr):
    # Recorded when the test was written (shipped files of 2026-11): Kazakhstan agreed with
    # Russia on 51 of 76 roll calls in 2014 and 45 of 74 in 2022, with the United States on
    # 17 of 77 and 18 of 74; on human rights in 2014 on 12 of 18 (Russia), 3 of 17 (USA).
    recorded = {
        ("fpsim", 2014, "RUS"): (76, 51),
        ("fpsim", 2014, "USA"): (77, 17),
        ("fpsim", 2022, "RUS"): (74, 45),
        ("fpsim", 2022, "USA"): (74, 18),
        ("hr", 2014, "RUS"): (18, 12),
        ("hr", 2014, "USA"): (17, 3),
    }
    for (source, year, partner), (n, agreed) in recorded.items():
        votes = fpsim if source == "fpsim" else unvotes_hr
        got = dyad(votes[year], "KAZ", partner)
        assert (got["n"], round(got["agreement"] * got["n"])) == (n, agreed)


@pytest.mark.slow
def test_kazakhstan_on_human_rights_2014_from_unvotes(built_store, unvotes_hr):
    votes, roll_calls = built_store.table("un_votes"), built_store.table("un_roll_calls")
    votes = votes.filter(votes.source_id == "unvotes")
    by_issue = issue_votes(votes, roll_calls)
    by_issue = by_issue.filter(by_issue.issue == "hr")
    got = store_dyads(built_store, by_issue, ["source_id", "year", "issue"], 2014)
    for partner in ("RUS", "USA"):
        assert_same(got[partner], dyad(unvotes_hr[2014], "KAZ", partner))


@pytest.mark.slow
def test_the_russian_pole_in_2014_is_the_russian_dyad(built_store, fpsim):
    votes = built_store.table("un_votes")
    votes = votes.filter(votes.source_id == "unga_votes_fpsim", votes.year == 2014)
    group = ["source_id", "year"]
    dyads = vote_agreement(vote_pairs(votes, group, reporters=["KAZ"]), group)
    poles = pole_alignment(dyads, built_store.table("poles"), group).execute()
    russia = poles[poles.pole == "RUS"].iloc[0]
    assert russia["members"] == 1
    assert_same(russia, dyad(fpsim[2014], "KAZ", "RUS"))
    assert poles["share"].sum() == pytest.approx(1.0)
