"""`multivector simulate`: outages and the hedging model from the command line, against the API.

On the store built from the shipped data. The CPC figures are recomputed here from the three facts
(the CPC's reported throughput, the Kazakhstan-China line's design capacity, the Atyrau-Samara line's
capacity), not copied from a run.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from multivector import api
from multivector.config import Settings
from multivector.store import Store
from tests.cli.test_cli import run
from tests.conftest import REPO_DATA

pytestmark = pytest.mark.slow

FOCUS = ("KAZ", "UZB", "TKM", "KGZ", "TJK")
TONNES_PER_YEAR_PER_BPD = 49.8  # Energy Institute, Statistical Review of World Energy: 1 b/d ≈ 49.8 t/y
SHARE = 1e-6
SMALL = ("--draws", "50")


def config(home) -> Settings:
    return Settings(home=home, data_dir=REPO_DATA)


def strict(text: str):
    """JSON with NaN or Infinity refused."""
    return json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))


def ok(home, *args):
    done = run(home, "simulate", *args)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def kaz_crude(built_home) -> dict:
    """(CPC, Kazakhstan-China line, Atyrau-Samara line) in Mt/y, from the facts themselves."""
    with Store(built_home / "multivector.duckdb", read_only=True) as store:
        rows = {
            r["fact_id"]: r
            for r in store.rows(
                "SELECT fact_id, value_number, unit FROM facts "
                "WHERE fact_id IN ('cpc', 'kaz_chn_oil_pipeline:design', 'atyrau_samara')"
            )
        }
    assert rows["cpc"]["unit"] == "million_bbl_per_day" and rows["kaz_chn_oil_pipeline:design"]["unit"] == "mt_per_year"
    assert rows["atyrau_samara"]["unit"] == "million_bbl_per_day"
    return {
        "cpc": rows["cpc"]["value_number"] * TONNES_PER_YEAR_PER_BPD,
        "kcp": rows["kaz_chn_oil_pipeline:design"]["value_number"],
        "atyrau_samara": rows["atyrau_samara"]["value_number"] * TONNES_PER_YEAR_PER_BPD,
    }


# route outages ------------------------------------------------------------------------------


def test_a_cpc_outage_loses_the_cpc_share_of_kazakh_crude(built_home, kaz_crude):
    got = strict(ok(built_home, "outage", "KAZ", "--commodity", "crude_oil", "--route", "CPC", "--json").stdout)
    baseline = kaz_crude["cpc"] + kaz_crude["kcp"] + kaz_crude["atyrau_samara"]
    assert baseline == pytest.approx(104.66, abs=0.01)
    assert got["outcome"] == "computed" and got["closed"] == ["cpc"] and got["unit"] == "mt_per_year"
    assert got["baseline"] == pytest.approx(baseline, abs=SHARE)
    assert got["after"] == pytest.approx(kaz_crude["kcp"] + kaz_crude["atyrau_samara"], abs=SHARE)
    assert got["lost_share"] == pytest.approx(kaz_crude["cpc"] / baseline, abs=SHARE)  # ≈ 0.666
    assert {r["line"]: r["absorbs"] for r in got["routes"]} == {
        "cpc": 0.0,
        "kaz_chn_oil_pipeline": 0.0,
        "atyrau_samara": 0.0,
    }
    assert {"seed_kaz_hedging_2026", "xinhua_2010_kaz_chn_oil_pipeline"} <= set(got["sources"])


def test_the_outage_table_shows_the_figures_the_assumptions_and_the_sources(built_home):
    text = ok(built_home, "outage", "Kazakhstan", "--commodity", "crude oil", "--route", "CPC").stdout
    for shown in (
        "baseline 104.66 Mt/y",
        "deliverable after the outage 34.94 Mt/y",
        "(66.6%)",
        "Caspian Pipeline Consortium pipeline",
        "assumptions:",
        "sources:",
        "xinhua_2010_kaz_chn_oil",
    ):
        assert shown in text, shown


def test_closing_russia_cuts_the_cpc_and_atyrau_samara_for_kazakh_crude(built_home, kaz_crude):
    got = strict(ok(built_home, "outage", "KAZ", "--commodity", "oil", "--transit", "RUS", "--json").stdout)
    assert got["scenario"]["transit"] == "RUS" and sorted(got["closed"]) == ["atyrau_samara", "cpc"]
    assert got["lost"] == pytest.approx(kaz_crude["cpc"] + kaz_crude["atyrau_samara"], abs=SHARE)
    assert any("Closing RUS closes its territory" in a for a in got["assumptions"])


EXPECTED_GAS_OUTCOME = {
    "KAZ": "volume_unknown",
    "UZB": "computed",
    "TKM": "computed",
    "KGZ": "no_route",
    "TJK": "volume_unknown",
}


@pytest.mark.parametrize("state", FOCUS)
def test_every_focus_state_simulates_a_russian_closure_on_the_cli_as_in_the_api(built_home, state):
    shown = strict(ok(built_home, "outage", state, "--commodity", "natural_gas", "--transit", "RUS", "--json").stdout)
    got = api.simulate_outage(state, "gas", transit="RUS", config=config(built_home))
    assert shown == json.loads(json.dumps(got))
    assert got["outcome"] == EXPECTED_GAS_OUTCOME[state]
    if got["outcome"] != "computed":  # never a made-up number
        assert got["baseline"] is None and got["lost"] is None and got["lost_share"] is None
    text = ok(built_home, "outage", state, "--commodity", "gas", "--transit", "RUS").stdout
    assert f"outcome {got['outcome']}" in text
    if got["outcome"] == "volume_unknown":
        assert "volume unknown" in text and "baseline 0" not in text


def lines(home, *args):
    """`multivector routes ... --lines`: the lines `simulate outage --route` accepts."""
    done = run(home, "routes", *args, "--lines")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done


def test_the_lines_a_user_may_name_are_listed_under_routes(built_home):
    shown = strict(lines(built_home, "KAZ", "--commodity", "crude_oil", "--json").stdout)
    assert [r["route"] for r in shown] == ["atyrau_samara", "cpc", "kaz_chn_oil_pipeline"]
    assert shown == json.loads(json.dumps(api.outage_routes("KAZ", "crude_oil", config=config(built_home))))
    text = lines(built_home, "KAZ").stdout
    assert "Caspian Pipeline Consortium pipeline" in text and "what --route may name" in text


def test_the_route_table_says_where_the_lines_are(built_home):
    done = run(built_home, "routes", "KAZ")
    assert done.returncode == 0, done.stderr
    assert "The lines `simulate outage --route` accepts: `multivector routes KAZ --lines`." in done.stdout


@pytest.mark.parametrize(
    "args",
    [("--lines", "--year", "2020"), ("--commodity", "gas")],
    ids=["lines-with-year", "commodity-without-lines"],
)
def test_routes_options_that_do_not_go_together_are_one_line(built_home, args):
    done = run(built_home, "routes", "KAZ", *args)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error bad-option:"), done.stderr


# the former forms, kept for old scripts ---------------------------------------------------


def test_the_former_state_option_gives_the_same_output_and_a_one_line_warning(built_home):
    args = ("--commodity", "oil", "--route", "CPC", "--json")
    old = run(built_home, "simulate", "outage", "--state", "KAZ", *args)
    new = ok(built_home, "outage", "KAZ", *args)
    assert old.returncode == 0 and old.stdout == new.stdout and new.stderr == ""
    assert old.stderr.strip().splitlines() == [
        "warning deprecated: --state S is now the first argument STATE, as in the other commands "
        "— e.g. `multivector simulate outage KAZ ...`"
    ]


def test_simulate_routes_still_lists_the_lines_and_points_to_routes_lines(built_home):
    old = run(built_home, "simulate", "routes", "--state", "KAZ", "--json")
    assert old.returncode == 0 and old.stdout == lines(built_home, "KAZ", "--json").stdout
    assert old.stderr.strip().splitlines() == [
        "warning deprecated: `multivector simulate routes` has moved to `multivector routes STATE --lines` "
        "— e.g. `multivector routes KAZ --lines`"
    ]


# the hedging model --------------------------------------------------------------------------


@pytest.mark.parametrize("state", FOCUS)
def test_every_focus_state_gets_a_verdict_on_the_cli_identical_to_the_api(built_home, state):
    done = ok(built_home, "hedging", state, *SMALL, "--json")
    shown = strict(done.stdout)
    got = api.simulate_hedging(state, draws=50, config=config(built_home))
    assert done.stdout == json.dumps(got, indent=2, ensure_ascii=False) + "\n"  # another process, same bytes
    assert shown["state"] == state and shown["monte_carlo"] == {**shown["monte_carlo"], "draws": 50, "seed": 0}
    assert shown["calibration"]["fit"]["all"]["years"] > 0
    assert isinstance(shown["verdict"]["reproduced"], bool) and shown["verdict"]["statement"].startswith(state)


def test_the_hedging_table_shows_fit_parameters_and_verdict(built_home):
    text = ok(built_home, "hedging", "KAZ", *SMALL, "--shock", "2022:kappa=0.3,rho=0.2").stdout
    for shown in ("fit to the measured paths", "RMSE", "R²", "σ", "verdict", "driver (ST)", "scenario: 2022", "KAZ: "):
        assert shown in text, shown


@pytest.fixture(scope="module")
def seeded(built_home, tmp_path_factory):
    """KAZ, 50 draws: seed 3 twice (csv, parquet), seed 4 once."""
    where = tmp_path_factory.mktemp("draws")
    runs = {}
    for name, seed, suffix in (("a", 3, "csv"), ("b", 3, "parquet"), ("c", 4, "csv")):
        path = where / f"{name}.{suffix}"
        done = ok(built_home, "hedging", "KAZ", *SMALL, "--seed", str(seed), "--draws-out", str(path), "--json")
        runs[name] = (done.stdout, path)
    return runs


def test_the_same_seed_prints_the_same_bytes_another_seed_other_draws(seeded):
    assert seeded["a"][0] == seeded["b"][0]
    assert seeded["a"][0] != seeded["c"][0]
    one, other = pd.read_csv(seeded["a"][1]), pd.read_csv(seeded["c"][1])
    assert set(one.seed) == {3} and set(other.seed) == {4}
    assert not one.share.equals(other.share) and not one.lam.equals(other.lam)


def test_the_draws_file_round_trips_and_matches_the_summary(built_home, seeded):
    summary = json.loads(seeded["a"][0])
    csv = pd.read_csv(seeded["a"][1])
    parquet = pd.read_parquet(seeded["b"][1])
    expected = api.hedging_draws("KAZ", draws=50, seed=3, config=config(built_home))
    columns = ["run_id", "seed", "lam", "sigma", "kappa", "rho", "offer", "year", "domain", "pole", "share"]
    assert list(csv.columns) == list(parquet.columns) == columns
    for got in (csv, parquet):
        got = got.astype({"domain": str, "pole": str})
        pd.testing.assert_frame_equal(
            got, expected.astype({"domain": str, "pole": str}), check_dtype=False, rtol=0, atol=1e-15
        )
    assert len(csv) == 50 * len(summary["paths"])  # one row per run and path point
    q50 = csv.groupby(["year", "domain", "pole"]).share.median()
    for p in summary["paths"][::97]:
        assert q50[(p["year"], p["domain"], p["pole"])] == pytest.approx(p["q50"], abs=1e-4)


# bad input ----------------------------------------------------------------------------------

BAD = [
    (
        ("outage", "Kazakstan", "--commodity", "oil", "--route", "XYZ"),
        "unknown-route",
        "cpc (Caspian Pipeline Consortium pipeline)",
    ),
    (("outage", "Kazakhstn", "--commodity", "oil", "--route", "CPC"), "unknown-state", "Kazakhstan"),
    (("outage", "KAZ", "--commodity", "coal", "--route", "CPC"), "unknown-commodity", "crude_oil"),
    (("outage", "KAZ", "--commodity", "oil"), "bad-option", "--transit"),
    (("outage", "KAZ", "--commodity", "oil", "--transit", "Atlantis"), "unknown-state", "names.csv"),
    (("hedging", "KAZ", "--shock", "2022:kapa=0.3"), "bad-shock", "YEAR:kappa=F,rho=R"),
    (("hedging", "KAZ", "--shock", "2022"), "bad-shock", "YEAR:kappa=F,rho=R"),
    (("hedging", "KAZ", "--draws", "0"), "bad-option", "--draws N"),
    (("hedging", "KAZ", "--draws", "200001"), "bad-option", "200,000"),
    (("hedging", "KAZ", "--seed", "-1"), "bad-option", "--seed S"),
    (("hedging", "KAZ", "--draws-out", "draws.xlsx"), "bad-option", ".csv or .parquet"),
    (("hedging", "Uzbekstan"), "unknown-state", "Uzbekistan"),
]


@pytest.mark.parametrize(("args", "slug", "fix"), BAD, ids=[f"{a[0]}-{s}-{i}" for i, (a, s, _) in enumerate(BAD)])
def test_bad_input_is_one_line_on_stderr_with_the_fix(built_home, tmp_path, args, slug, fix):
    done = run(built_home, "simulate", *args)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error {slug}:") and fix in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_draws_file_suffix_writes_nothing_and_debug_shows_the_traceback(built_home, tmp_path):
    out = tmp_path / "draws.txt"
    done = run(built_home, "--debug", "simulate", "hedging", "KAZ", "--draws-out", str(out))
    assert done.returncode != 0 and "Traceback" in done.stderr and not out.exists()
