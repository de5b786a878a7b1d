"""Bad input to ``load_preset``: each refused with the project's error, in one line naming what."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from multivector.errors import (
    BadInputFile,
    BadOption,
    CuratedDataInvalid,
    DataFileMissing,
    MultivectorError,
    UnknownState,
)
from multivector.presets import load_preset
from tests.conftest import REPO_DATA

GOOD = """\
title = "By hand"
hegemon = "FRA"
poles = "mine.poles.csv"

[members]
rule = "list"
states = ["SEN", "Côte d'Ivoire", "Mali"]
citation = "my notes"
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copyfile(REPO_DATA / "presets" / "post_french.poles.csv", tmp_path / "mine.poles.csv")
    return tmp_path


def write(folder: Path, text: str) -> Path:
    path = folder / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(error_class: type[MultivectorError], *args) -> str:
    with pytest.raises(error_class) as caught:
        load_preset(*args)
    line = str(caught.value)
    assert "\n" not in line
    return line


def test_a_copy_with_a_hand_made_list_loads_by_path(folder):
    preset = load_preset(write(folder, GOOD), REPO_DATA)
    assert preset.name == "mine" and preset.hegemon == "FRA"
    assert preset.states == ("CIV", "MLI", "SEN")
    assert {(m.basis, m.citation, m.independence) for m in preset.members} == {
        ("listed by hand in mine.toml", "my notes", None)
    }


def test_a_path_as_text_loads_too(folder):
    assert load_preset(str(write(folder, GOOD)), REPO_DATA).name == "mine"


def test_an_unknown_name_suggests_the_closest_and_lists_the_presets():
    line = refused(BadOption, "post_frnch", REPO_DATA)
    assert "no preset 'post_frnch'" in line and "did you mean 'post_french'?" in line
    assert "post_soviet, post_french, post_british, post_portuguese, classic_asia, americas" in line


def test_a_missing_file_is_named(folder):
    assert "no preset file at" in refused(BadInputFile, folder / "absent.toml", REPO_DATA)


def test_a_shipped_name_missing_from_the_data_folder_is_named(tmp_path):
    assert "the preset file americas.toml is not in the data folder" in refused(DataFileMissing, "americas", tmp_path)


def test_bad_toml_names_the_file_and_the_line(folder):
    line = refused(BadInputFile, write(folder, 'title = "x"\npoles = \n'), REPO_DATA)
    assert line.startswith("bad-input-file: mine.toml is not valid TOML") and "line 2" in line


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('rule = "list"', 'rule = "colonial"', "mine.toml: members.rule: 'colonial' is not a rule"),
        ('rule = "list"\n', "", "mine.toml: members.rule: missing"),
        ('title = "By hand"\n', "", "mine.toml: title: missing"),
        ('states = ["SEN", "Côte d\'Ivoire", "Mali"]\n', "", "mine.toml: members.states: missing"),
        ('citation = "my notes"', "citation = 3", "mine.toml: members.citation: 3 is not a text"),
        ('["SEN", "Côte d\'Ivoire", "Mali"]', "[]", "mine.toml: members.states: the list is empty"),
        ('citation = "my notes"', 'citaton = "x"', "mine.toml: members.citaton: unknown key"),
        ('hegemon = "FRA"', 'hegemon = "RUSSIA"', "mine.toml: hegemon: 'RUSSIA' is not a pole of mine.poles.csv"),
        ('hegemon = "FRA"', 'hegemon = "OTHER"', "mine.toml: hegemon: 'OTHER' is not a pole"),
        ('poles = "mine.poles.csv"', 'poles = "gone.csv"', "mine.toml: poles: no file 'gone.csv' beside it"),
    ],
)
def test_a_broken_key_is_named_with_the_file(folder, old, new, says):
    assert old in GOOD
    line = refused(BadInputFile, write(folder, GOOD.replace(old, new)), REPO_DATA)
    assert says in line


def test_an_unknown_listed_state_is_refused_with_a_suggestion(folder):
    line = refused(UnknownState, write(folder, GOOD.replace('"Mali"', '"Senegl", "Mali", "Atlantis"')), REPO_DATA)
    assert line.startswith("unknown-state: mine.toml: members.states: 'Senegl' is not a known code or name")
    assert "'Senegal' (SEN)" in line and "'Atlantis'" in line


@pytest.mark.parametrize(
    ("members", "says"),
    [
        ('rule = "coldat"\ncolonizer = "frnace"', "members.colonizer: 'frnace' is not a COLDAT colonizer"),
        ('rule = "coldat"\ncolonizer = "france"\ncontinent = "Afrika"', "did you mean 'Africa'?"),
        ('rule = "coldat"\ncolonizer = "france"\nended_after = "1945"', "members.ended_after: '1945' is not a whole"),
        ('rule = "coldat"\ncolonizer = "france"\nended_after = true', "members.ended_after: True is not a whole"),
        ('rule = "region"\nregion = "Latin America"', "did you mean 'Latin America & Caribbean'?"),
        ('rule = "igo"\nigo = "nato"', "members.igo: no membership file for 'nato'"),
        ('rule = "igo"\nigo = "asean"\nyear = 2020', "members.year: 2020 is outside the data"),
        ('rule = "successors"\nof = "Soviet Onion"', "members.of: 'Soviet Onion' is not a known code or name"),
    ],
)
def test_a_rule_option_the_data_lack_is_refused(folder, members, says):
    text = GOOD.split("[members]")[0] + "[members]\n" + members + "\n"
    assert says in refused(BadInputFile, write(folder, text), REPO_DATA)


def test_a_poles_file_with_an_unknown_state_is_refused_line_by_line(folder):
    with (folder / "mine.poles.csv").open("a", encoding="utf-8") as file:
        file.write("Atlantis,WEST,a sunken state\n")
    line = refused(BadInputFile, write(folder, GOOD), REPO_DATA)
    assert "mine.poles.csv: line 43: 'Atlantis' is not a known code or name" in line


def test_a_coldat_name_the_crosswalk_lacks_fails_the_file_naming_it(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO_DATA / "codes", data / "codes")
    shutil.copytree(REPO_DATA / "presets", data / "presets")
    (data / "coldat").mkdir()
    text = (REPO_DATA / "coldat" / "COLDAT_dyads.csv").read_text(encoding="utf-8")
    (data / "coldat" / "COLDAT_dyads.csv").write_text(text.replace('"Senegal"', '"Senegall"'), encoding="utf-8")
    line = refused(CuratedDataInvalid, "post_french", data)
    assert "COLDAT_dyads.csv: 1 country name(s) unknown to the crosswalk: 'Senegall'" in line
    assert "did you mean 'Senegal' (SEN)" in line
