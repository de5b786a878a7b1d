"""`measure` and `profile` on the real store: the JSON the issue asks for, tables, clear errors."""

from __future__ import annotations

import json

import pytest

from multivector.channels import DOMAINS
from tests.cli.test_cli import run

pytestmark = pytest.mark.slow
MEASURE_KEYS = {
    "state",
    "channel",
    "domain",
    "from",
    "to",
    "pole_shares",
    "partner_shares",
    "hhi",
    "hhi_normalized",
    "effective_partners",
    "top_partner",
    "top_share",
    "sources",
}
DOMAIN_KEYS = {"pole_shares", "leader", "captured", "co_aligned_poles", "channels_used"}


@pytest.fixture(scope="module")
def kaz_exports(built_home):
    done = run(built_home, "measure", "KAZ", "--channel", "exports", "--year", "2014", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def kaz_profile(built_home):
    done = run(built_home, "profile", "Kazakhstan", "--year", "2014", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_measure_json_has_the_fields_and_coherent_numbers(kaz_exports):
    r = kaz_exports
    assert MEASURE_KEYS <= set(r)
    assert (r["state"], r["channel"], r["domain"], r["from"], r["to"]) == ("KAZ", "exports", "economic", 2014, 2014)
    assert sum(r["pole_shares"].values()) == pytest.approx(1.0, abs=1e-5)
    assert sum(p["share"] for p in r["partner_shares"]) == pytest.approx(1.0, abs=1e-4)
    assert r["top_partner"] == r["partner_shares"][0]["partner"]
    assert r["hhi"] == pytest.approx(sum(p["share"] ** 2 for p in r["partner_shares"]), abs=1e-5)
    assert r["effective_partners"] == pytest.approx(1 / r["hhi"], rel=1e-4)
    assert r["sources"][0]["source_id"] == "imf_dots"


def test_measure_table_shows_the_same_numbers(built_home, kaz_exports):
    done = run(built_home, "measure", "KAZ", "--channel", "exports", "--year", "2014")
    assert done.returncode == 0, done.stderr
    top = kaz_exports["partner_shares"][0]
    assert f"{100 * top['share']:.1f}%" in done.stdout
    assert f"HHI {kaz_exports['hhi']:.3f}" in done.stdout


def test_a_pooled_window_sums_the_years(built_home):
    done = run(built_home, "measure", "KAZ", "-c", "arms_imports", "--from", "2019", "--to", "2023", "--json")
    r = json.loads(done.stdout)
    assert (r["from"], r["to"]) == (2019, 2023)
    assert r["years_with_data"] and set(r["years_with_data"]) <= set(range(2019, 2024))
    assert r["top_partner"] == "RUS"


def test_profile_json_has_every_domain_with_its_coverage(kaz_profile):
    r = kaz_profile
    assert {"state", "year", "domains", "domain_differentiation", "distinct_leaders", "balance"} <= set(r)
    assert set(r["domains"]) == set(DOMAINS)
    for domain in r["domains"].values():
        assert DOMAIN_KEYS <= set(domain)
        assert sum(domain["pole_shares"].values()) == pytest.approx(1.0, abs=1e-5)
        assert domain["leader"] == max(domain["pole_shares"], key=domain["pole_shares"].get)
        assert domain["channels_used"]
    assert 0 <= r["domain_differentiation"] <= 1 and 0 <= r["balance"] <= 1
    assert r["distinct_leaders"] == len({d["leader"] for d in r["domains"].values()})


def test_kazakhstan_2014_security_leans_to_russia(kaz_profile):
    security = kaz_profile["domains"]["security"]
    assert security["leader"] == "RUS"
    assert {c["channel"] for c in security["channels_used"]} == {"alliances", "arms_imports"}


def test_profile_table_agrees_with_the_json(built_home, kaz_profile):
    done = run(built_home, "profile", "KAZ", "--year", "2014")
    assert done.returncode == 0, done.stderr
    for name, domain in kaz_profile["domains"].items():
        line = next(line for line in done.stdout.splitlines() if name in line)
        assert f"{100 * domain['pole_shares'][domain['leader']]:.1f}%" in line
        assert domain["leader"] in line


@pytest.mark.parametrize(
    ("args", "slug"),
    [
        (["measure", "KAZ", "-c", "tarde", "--year", "2014"], "unknown-channel"),
        (["measure", "Kazakhstn", "-c", "exports"], "unknown-state"),
        (["measure", "KAZ", "-c", "fdi", "--year", "1995"], "no-data"),
        (["measure", "KAZ", "-c", "exports", "--year", "2014", "--to", "2015"], "bad-option"),
        (["profile", "KAZ", "--year", "1850"], "no-data"),
    ],
)
def test_bad_requests_are_one_line_on_stderr(built_home, args, slug):
    done = run(built_home, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and slug in lines[0]


def test_a_poles_file_replaces_the_poles(built_home, tmp_path):
    poles = tmp_path / "poles.csv"
    poles.write_text("entity,pole\nRUS,EAEU\nBLR,EAEU\nKGZ,EAEU\nARM,EAEU\nCHN,CHN\n", encoding="utf-8")
    done = run(built_home, "measure", "KAZ", "-c", "exports", "--year", "2014", "--poles", str(poles), "--json")
    assert done.returncode == 0, done.stderr
    r = json.loads(done.stdout)
    assert set(r["pole_shares"]) == {"EAEU", "CHN", "OTHER"}
    shares = {p["partner"]: p["share"] for p in r["partner_shares"]}
    expected = sum(shares.get(s, 0.0) for s in ("RUS", "BLR", "KGZ", "ARM"))
    assert r["pole_shares"]["EAEU"] == pytest.approx(expected, abs=1e-5)


def test_a_bad_poles_file_names_every_bad_line(built_home, tmp_path):
    poles = tmp_path / "poles.csv"
    poles.write_text("entity,pole\nRussia,RUS\nKazakstn,X1\nCHN,china\n", encoding="utf-8")
    done = run(built_home, "measure", "KAZ", "-c", "exports", "--poles", str(poles))
    assert done.returncode == 2
    assert "line 3" in done.stderr and "line 4" in done.stderr and "line 2" not in done.stderr


def test_routes_give_shares_exposure_and_the_single_point_of_failure(built_home):
    done = run(built_home, "routes", "KAZ", "--json")
    assert done.returncode == 0, done.stderr
    crude = next(
        e
        for e in json.loads(done.stdout)["estimates"]
        if e["commodity"] == "crude oil" and e["source_id"] == "knowledge_base"
    )
    assert sum(r["share"] for r in crude["routes"]) == pytest.approx(1.0, abs=1e-5)
    assert crude["single_point_of_failure"]["share"] == max(r["share"] for r in crude["routes"])
    assert crude["exposure_transit"]["RUS"] > 0.5


def test_network_centralisation_is_given_every_year_with_its_coverage(built_home):
    done = run(built_home, "network", "--json")
    assert done.returncode == 0, done.stderr
    years = {y["year"]: y for y in json.loads(done.stdout)["years"]}
    assert set(range(1995, 2021)) <= set(years)
    assert all(0 <= y["centralisation"] <= 1 for y in years.values())
    assert years[1995]["reporters"] == 15
