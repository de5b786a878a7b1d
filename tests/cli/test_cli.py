"""The command line: JSON that agrees with the API, one-line errors, non-zero exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_DATA


def run(home, *args, data_dir=REPO_DATA):
    env = {**os.environ, "MULTIVECTOR_HOME": str(home), "MULTIVECTOR_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "multivector", *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def sources_json(built_home):
    done = run(built_home, "sources", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_sources_json_lists_every_source_with_the_required_fields(sources_json):
    required = {
        "id",
        "title",
        "citation",
        "licence",
        "version",
        "years_from",
        "years_to",
        "rows_in",
        "rows_loaded",
        "rows_rejected",
        "rows_deduplicated",
    }
    assert {"countrycode", "multivector_codes", "isard", "sipri_trade_register"} <= {e["id"] for e in sources_json}
    for entry in sources_json:
        assert required <= entry.keys()
        assert entry["ingested"], entry["id"]


def test_the_counts_invariant_holds_for_every_source_and_file(sources_json):
    for entry in sources_json:
        assert entry["rows_in"] == entry["rows_loaded"] + entry["rows_rejected"] + entry["rows_deduplicated"]
        for f in entry["files"]:
            assert f["rows_in"] == f["rows_loaded"] + f["rows_rejected"] + f["rows_deduplicated"]


def test_sources_json_agrees_with_the_api(built_home, sources_json):
    from multivector.api import sources
    from multivector.config import Settings
    from multivector.jsonout import to_json

    # the CLI prints with the one serializer (multivector.jsonout): a missing number is null
    assert json.loads(to_json(sources(Settings(home=built_home, data_dir=REPO_DATA)))) == sources_json


def test_sources_table_is_readable(built_home):
    done = run(built_home, "sources")
    assert done.returncode == 0 and "sipri_trade_register" in done.stdout


def test_cite_prints_bibtex(built_home):
    done = run(built_home, "cite", "sipri_trade_register")
    assert done.returncode == 0
    assert done.stdout.startswith("@misc{sipri_trade_register,") and "SIPRI" in done.stdout


def test_an_unknown_source_is_one_line_on_stderr_with_the_fix(built_home):
    done = run(built_home, "cite", "sipri")
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown-source" in lines[0] and "sipri_trade_register" in lines[0]


def test_debug_shows_the_traceback(built_home):
    done = run(built_home, "--debug", "cite", "sipri")
    assert done.returncode != 0 and "Traceback" in done.stderr


def test_sources_without_a_store_says_to_build(tmp_path):
    done = run(tmp_path, "sources")
    assert done.returncode == 3 and "multivector build" in done.stderr
    assert not (tmp_path / "multivector.duckdb").exists()


def test_a_build_from_a_broken_file_fails_cleanly_and_leaves_the_store_as_it_was(built_home, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(REPO_DATA, data)
    home = tmp_path / "home"
    shutil.copytree(built_home, home)
    register = data / "sipri" / "trade_register_deliveries_1995_2024_original.csv"
    register.write_text(register.read_text(encoding="utf-8").replace("TIV delivery values", "TIV"), encoding="utf-8")
    before = stored(home)
    done = run(home, "build", data_dir=data)
    assert done.returncode == 2
    assert "missing column(s) TIV delivery values" in done.stderr.strip().splitlines()[-1]
    assert "Traceback" not in done.stderr
    assert stored(home) == before


def test_a_second_build_changes_nothing(built_home, tmp_path):
    import shutil

    from multivector.api import build
    from multivector.config import Settings

    home = tmp_path / "home"
    shutil.copytree(built_home, home)
    before = stored(home)
    results = build(Settings(home=home, data_dir=REPO_DATA))
    assert {r.status for r in results} == {"unchanged"}
    assert stored(home) == before


def stored(home):
    from multivector.store import Store
    from tests.conftest import snapshot

    with Store(home / "multivector.duckdb", read_only=True) as store:
        return snapshot(store)
