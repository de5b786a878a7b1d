"""The presets' shipped data: COLDAT as copied, the ASEAN file as derived, the poles files."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import re
from pathlib import Path

import pytest

from multivector.presets import PRESETS
from multivector.presets.crosswalk import crosswalk
from tests.conftest import REPO_DATA

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
PRESETS_DIR = REPO_DATA / "presets"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def poles_of(path: Path) -> dict[str, tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return {row["entity"]: (row["pole"], row["note"]) for row in csv.DictReader(file)}


@pytest.mark.parametrize(("folder", "file"), [("coldat", "COLDAT_dyads.csv"), ("presets", "asean_members_cow_igo.csv")])
def test_each_shipped_file_has_the_sha256_its_origin_states(folder, file):
    origin = (REPO_DATA / folder / "ORIGIN.md").read_text(encoding="utf-8")
    line = next(line for line in origin.splitlines() if line.startswith(f"| `{file}`"))
    assert sha256(REPO_DATA / folder / file) in line


def test_coldat_is_the_shared_copy_byte_for_byte():
    shared = SHARED / "coldat-colonial-dates" / "COLDAT_dyads.csv"
    if not shared.is_file():
        pytest.skip("the shared COLDAT copy is not beside the checkout")
    assert (REPO_DATA / "coldat" / "COLDAT_dyads.csv").read_bytes() == shared.read_bytes()


def test_the_asean_file_is_derived_the_same_way_twice():
    source = SHARED / "cow-igo-v3" / "state_year_format3.csv.gz"
    if not source.is_file():
        pytest.skip("COW IGO v3 (state_year_format3.csv.gz) is not beside the checkout")
    spec = importlib.util.spec_from_file_location("derive_asean", PRESETS_DIR / "derive_asean.py")
    assert spec is not None and spec.loader is not None
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    first, second = derive.derive(source), derive.derive(source)
    assert first == second == (PRESETS_DIR / "asean_members_cow_igo.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PRESETS)
def test_every_poles_line_has_a_note_and_a_known_entity(name):
    resolver = crosswalk(REPO_DATA / "codes").resolver
    lines = poles_of(PRESETS_DIR / f"{name}.poles.csv")
    assert all(note.strip() for _, note in lines.values())
    assert all(resolver.resolve(entity, "entity") == entity for entity in lines)


def test_the_post_soviet_poles_are_the_default_mapping():
    assert poles_of(PRESETS_DIR / "post_soviet.poles.csv") == poles_of(REPO_DATA / "poles" / "poles.csv")


@pytest.mark.parametrize(
    ("name", "alone"),
    [("post_french", "FRA"), ("post_british", "GBR"), ("post_portuguese", "PRT"), ("americas", "USA")],
)
def test_the_hegemon_stands_alone_and_the_west_is_the_default_west_without_it(name, alone):
    default = {e: pole for e, (pole, _) in poles_of(REPO_DATA / "poles" / "poles.csv").items()}
    lines = {e: pole for e, (pole, _) in poles_of(PRESETS_DIR / f"{name}.poles.csv").items()}
    assert [e for e, pole in lines.items() if pole == alone] == [alone]
    assert {e for e, pole in lines.items() if pole == "WEST"} == {e for e, p in default.items() if p == "WEST"} - {
        alone
    }
    assert {e for e, pole in lines.items() if pole in ("CHN", "RUS")} == {"CHN", "HKG", "MAC", "RUS", "SUN"}
    assert "TUR" not in lines  # Türkiye is OTHER in these mappings


def test_classic_asia_has_the_united_states_china_and_japan_only():
    lines = {e: pole for e, (pole, _) in poles_of(PRESETS_DIR / "classic_asia.poles.csv").items()}
    assert lines == {"USA": "USA", "CHN": "CHN", "HKG": "CHN", "MAC": "CHN", "JPN": "JPN"}


def test_no_machine_paths_in_the_shipped_preset_files():
    texts = [
        p.read_text(encoding="utf-8")
        for p in [*PRESETS_DIR.iterdir(), REPO_DATA / "coldat" / "ORIGIN.md"]
        if p.suffix in (".md", ".toml", ".py", ".csv")
    ]
    absolute = re.compile(r"(?:^|[\s'\"`(])(?:/[A-Za-z]|[A-Z]:\\)")  # a path from a machine's root
    assert not [line for text in texts for line in text.splitlines() if absolute.search(line)]
