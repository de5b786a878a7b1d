"""The shipped presets: each loads, with the members its data give, each cited."""

from __future__ import annotations

import pytest

from multivector.presets import PRESETS, load_preset
from tests.conftest import REPO_DATA

#: Members observed per preset (checked plausible: 14 Soviet successors without Russia;
#: 19 African states whose last colonizer in COLDAT is France; 56 British colonies on every
#: continent whose British rule ended after 1945; 6 Portuguese, Brazil left out; the 10 full
#: ASEAN members of 2014; 33 states of the World Bank's Latin America & Caribbean).
COUNTS = {
    "post_soviet": 14,
    "post_french": 19,
    "post_british": 56,
    "post_portuguese": 6,
    "classic_asia": 10,
    "americas": 33,
}
HEGEMONS = {
    "post_soviet": "RUS",
    "post_french": "FRA",
    "post_british": "GBR",
    "post_portuguese": "PRT",
    "classic_asia": None,
    "americas": "USA",
}
POLES = {
    "post_soviet": ("RUS", "CHN", "TUR", "WEST", "OTHER"),
    "post_french": ("FRA", "CHN", "WEST", "RUS", "OTHER"),
    "post_british": ("GBR", "CHN", "WEST", "RUS", "OTHER"),
    "post_portuguese": ("PRT", "CHN", "WEST", "RUS", "OTHER"),
    "classic_asia": ("USA", "CHN", "JPN", "OTHER"),
    "americas": ("USA", "CHN", "WEST", "RUS", "OTHER"),
}
SOME_MEMBERS = [
    ("post_french", "SEN"),
    ("post_french", "CIV"),
    ("post_french", "DZA"),
    ("post_british", "IND"),
    ("post_british", "NGA"),
    ("post_british", "KEN"),
    ("post_portuguese", "AGO"),
    ("post_portuguese", "MOZ"),
    ("post_portuguese", "TLS"),
    ("post_soviet", "KAZ"),
    ("post_soviet", "UKR"),
    ("post_soviet", "EST"),
    ("classic_asia", "VNM"),
    ("classic_asia", "IDN"),
    ("classic_asia", "PHL"),
    ("americas", "MEX"),
    ("americas", "BRA"),
]


@pytest.fixture(scope="module")
def presets():
    return {name: load_preset(name, REPO_DATA) for name in PRESETS}


def test_the_shipped_names_in_the_atlas_order():
    assert PRESETS == tuple(COUNTS)


@pytest.mark.parametrize("name", PRESETS)
def test_each_preset_loads_with_its_hegemon_poles_and_member_count(presets, name):
    preset = presets[name]
    print(name, len(preset.members), [m.state for m in preset.members])
    assert preset.name == name and preset.title
    assert preset.hegemon == HEGEMONS[name]
    assert preset.poles == POLES[name]
    assert len(preset.members) == COUNTS[name]
    assert preset.source == REPO_DATA / "presets" / f"{name}.toml"
    assert preset.poles_file == (REPO_DATA / "presets" / f"{name}.poles.csv").resolve()


@pytest.mark.parametrize(("name", "state"), SOME_MEMBERS)
def test_known_members(presets, name, state):
    assert state in presets[name].states


@pytest.mark.parametrize("name", PRESETS)
def test_every_member_has_a_basis_and_a_citation_and_appears_once(presets, name):
    members = presets[name].members
    assert all(m.basis and "\n" not in m.basis and m.citation and m.name for m in members)
    assert [m.state for m in members] == sorted({m.state for m in members})


def test_russia_is_the_hegemon_of_the_post_soviet_preset_not_a_member(presets):
    preset = presets["post_soviet"]
    assert "RUS" not in preset.states
    assert [(out.state, out.reason) for out in preset.left_out] == [("RUS", "the preset's hegemon")]


def test_post_soviet_independence_is_1991_the_baltic_states_restored(presets):
    members = {m.state: m for m in presets["post_soviet"].members}
    assert {m.independence for m in members.values()} == {1991}
    assert "first independent 1918, restored" in members["EST"].basis
    assert "restored" not in members["KAZ"].basis


@pytest.mark.parametrize(
    ("name", "state", "independence", "basis"),
    [
        ("post_french", "SEN", 1960, "French colony 1854-1960 (COLDAT, colstart_max-colend_max)"),
        ("post_french", "DZA", 1962, "French colony 1848-1962 (COLDAT, colstart_max-colend_max)"),
        ("post_british", "IND", 1947, "British colony 1857-1947 (COLDAT, colstart_max-colend_max)"),
        ("post_portuguese", "AGO", 1975, "Portuguese colony 1576-1975 (COLDAT, colstart_max-colend_max)"),
        ("post_british", "JOR", 1946, "British colony 1923-1946 (COLDAT, colstart_max-colend_max)"),
    ],
)
def test_coldat_members_carry_colend_max_as_independence(presets, name, state, independence, basis):
    member = next(m for m in presets[name].members if m.state == state)
    assert (member.independence, member.basis) == (independence, basis)
    assert member.citation.startswith("Becker 2019")


def test_a_colony_whose_last_colonizer_was_another_is_left_out_with_the_reason(presets):
    """Morocco: French to 1956, Spanish to 1975 (Western Sahara, a COLDAT ``_max`` remnant)."""
    left = {out.state: out.reason for out in presets["post_french"].left_out}
    assert set(left) == {"MAR", "MUS", "SYC"}
    assert left["MAR"] == "last colonizer not france: French to 1956, Spanish to 1975 (COLDAT colend_max)"


#: The members left out by ``ended_after = 1945``: rule ended by 1945 (COLDAT colend_max).
ENDED_BY_1945 = {
    "post_british": {
        "USA": 1783,
        "AUS": 1919,
        "CAN": 1919,
        "NAM": 1920,
        "NZL": 1920,
        "PNG": 1920,
        "WSM": 1920,
        "ZAF": 1920,
        "IRQ": 1932,
        "EGY": 1935,
    },
    "post_portuguese": {"BRA": 1822},
    "post_french": {},
}


@pytest.mark.parametrize("name", list(ENDED_BY_1945))
def test_colonies_whose_rule_ended_by_1945_are_left_out_with_the_year(presets, name):
    preset = presets[name]
    early = {
        out.state: out.reason for out in preset.left_out if out.reason.endswith("(ended_after; COLDAT colend_max)")
    }
    assert set(early) == set(ENDED_BY_1945[name])
    for state, year in ENDED_BY_1945[name].items():
        assert f"rule ended in {year}, not after 1945" in early[state]
    assert not set(early) & set(preset.states)
    assert all(m.independence is not None and m.independence > 1945 for m in preset.members)


def test_the_settler_states_are_no_post_imperial_members(presets):
    assert not {"USA", "CAN", "AUS", "NZL", "ZAF"} & set(presets["post_british"].states)
    assert "BRA" not in presets["post_portuguese"].states
    assert "BRA" in presets["americas"].states


def test_post_french_is_the_same_without_ended_after(presets, tmp_path):
    source = REPO_DATA / "presets"
    text = (source / "post_french.toml").read_text(encoding="utf-8")
    copy = tmp_path / "mine.toml"
    copy.write_text(text.split("ended_after")[0].replace('"post_french.poles.csv"', '"p.csv"'), encoding="utf-8")
    (tmp_path / "p.csv").write_bytes((source / "post_french.poles.csv").read_bytes())
    unbounded = load_preset(copy, REPO_DATA)
    assert unbounded.members == presets["post_french"].members
    assert unbounded.left_out == presets["post_french"].left_out


def test_without_ended_after_the_settler_states_are_members(presets, tmp_path):
    source = REPO_DATA / "presets"
    text = (source / "post_british.toml").read_text(encoding="utf-8")
    copy = tmp_path / "mine.toml"
    copy.write_text(text.split("ended_after")[0].replace('"post_british.poles.csv"', '"p.csv"'), encoding="utf-8")
    (tmp_path / "p.csv").write_bytes((source / "post_british.poles.csv").read_bytes())
    unbounded = load_preset(copy, REPO_DATA)
    assert len(unbounded.members) == 66
    assert set(unbounded.states) - set(presets["post_british"].states) == set(ENDED_BY_1945["post_british"])


def test_classic_hedgers_have_no_independence_year_and_cite_cow_igo(presets):
    members = presets["classic_asia"].members
    assert {m.independence for m in members} == {None}
    assert all(m.citation.startswith("Pevehouse, Nordstrom, McManus & Jamison 2020") for m in members)
    vietnam = next(m for m in members if m.state == "VNM")
    assert vietnam.basis == "full member of ASEAN 1995-2014 (COW IGO v3.0: asean = 1)"


def test_the_americas_list_territories_and_former_entities_as_left_out(presets):
    preset = presets["americas"]
    left = {out.name: out for out in preset.left_out}
    assert left["Aruba"].reason == "a territory, not a state"
    assert left["Netherlands Antilles"].reason == "no longer exists (to 2010-10-09)"
    assert not set(preset.states) & {out.state for out in preset.left_out}
    assert "USA" not in preset.states
