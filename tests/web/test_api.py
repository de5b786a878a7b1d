"""The explorer's JSON API: the CLI's JSON, one-line 4xx errors, nothing outside the store read."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from tests.cli.test_cli import run

#: (API path and query, the same question on the command line)
SAME_QUESTIONS = [
    ("/api/profile?state=KAZ&year=2014", ["profile", "KAZ", "--year", "2014", "--json"]),
    (
        "/api/measure?state=UZB&channel=imports&year=2019",
        ["measure", "UZB", "--channel", "imports", "--year", "2019", "--json"],
    ),
    ("/api/classify?state=KGZ&year=2022", ["classify", "KGZ", "--year", "2022", "--json"]),
    ("/api/routes?state=KAZ&year=2020", ["routes", "KAZ", "--year", "2020", "--json"]),
    (
        "/api/routes?state=KAZ&lines=true&commodity=crude_oil",
        ["routes", "KAZ", "--lines", "--commodity", "crude_oil", "--json"],
    ),
    ("/api/coverage?state=TJK", ["coverage", "TJK", "--json"]),
    (
        "/api/outage?state=KAZ&commodity=crude_oil&route=CPC",
        ["simulate", "outage", "KAZ", "--commodity", "crude_oil", "--route", "CPC", "--json"],
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("path", "args"), SAME_QUESTIONS, ids=[p for p, _ in SAME_QUESTIONS])
def test_the_api_answers_the_same_json_as_the_command_line(client, built_home, path, args):
    done = run(built_home, *args)
    assert done.returncode == 0, done.stderr
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert answer.text == done.stdout.rstrip("\n")


def test_states_lists_the_store_s_states_and_years(client):
    body = client.get("/api/states").json()
    first, last = body["years"]
    assert first < 1992 < 2022 <= last
    ids = {row["state"] for row in body["states"]}
    assert {"KAZ", "UZB", "TKM", "KGZ", "TJK", "RUS", "CHN", "USA", "SUN"} <= ids


def test_the_atlas_has_every_state_of_the_year_with_its_series(client):
    rows = client.get("/api/atlas?year=2014").json()
    kaz = next(row for row in rows if row["state"] == "KAZ")
    assert 0 <= kaz["dependence_security"] <= 1 and kaz["series_security"]
    assert len(rows) > 150
    assert all(row["year"] == 2014 for row in rows)


def test_the_atlas_of_a_year_is_the_panel_grammar_s_for_that_year_alone(client, explorer_config):
    """Read from every year's table, composed once; the same as composing the year alone."""
    from multivector import api
    from multivector.jsonout import to_json

    units = api.state_years(None, (2009, 2009), config=explorer_config)
    units = api.add_differentiation(api.add_dependence(units, config=explorer_config), config=explorer_config)
    alone = units.astype(object).where(units.notna(), None).to_dict(orient="records")
    assert client.get("/api/atlas?year=2009").text == to_json(alone)


BAD_REQUESTS = [
    ("/api/profile?state=Narnia&year=2014", 404, "unknown-state: 'Narnia'"),
    ("/api/profile?state=KAZ&year=3000", 400, "year 3000 is outside"),
    ("/api/profile?state=KAZ&year=abc", 422, "year: input should be a valid integer"),
    ("/api/profile?state=KAZ", 422, "year: field required"),
    ("/api/profile?state=../../etc/passwd&year=2014", 404, "unknown-state"),
    ("/api/profile?state=KAZ&year=2014&mapping=../../etc/passwd", 404, "unknown-mapping"),
    ("/api/hedging?state=KAZ&draws=99999999", 422, "draws: input should be less than or equal to 20000"),
    ("/api/hedging?state=KAZ&shock=2022:kappa=banana", 400, "bad-shock"),
    ("/api/measure?state=KAZ&channel=telepathy&year=2014", 404, "unknown-channel"),
    ("/api/measure?state=KAZ&channel=exports&year=2014&from=2010&to=2012", 400, "year cannot be combined"),
    ("/api/outage?state=KAZ&commodity=crude_oil&route=/etc/passwd", 404, "unknown-route"),
    ("/api/cite?source=../../etc/passwd", 404, "unknown-source"),
    ("/api/panel?states=KAZ&years=../etc", 400, "is not FIRST-LAST"),
    ("/api/panel?table=flows", 422, "table: input should be"),
    ("/api/atlas?year=1500", 400, "outside the store's years"),
    ("/api/nothing", 404, "not-found"),
]


@pytest.mark.parametrize(("path", "status", "says"), BAD_REQUESTS, ids=[p for p, _, _ in BAD_REQUESTS])
def test_bad_input_is_a_4xx_with_the_one_line_message(client, path, status, says):
    answer = client.get(path)
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"error", "slug"}
    assert "\n" not in body["error"]
    assert says.lower() in body["error"].lower()


def test_a_panel_selection_downloads_as_csv_parquet_and_stata(client, tmp_path):
    import pandas as pd

    for fmt, reader in (("csv", pd.read_csv), ("parquet", pd.read_parquet), ("dta", pd.read_stata)):
        answer = client.get(f"/api/panel?states=KAZ,UZB&years=2010-2012&format={fmt}")
        assert answer.status_code == 200, answer.text
        assert f'filename="state_years.{fmt}"' in answer.headers["content-disposition"]
        path = tmp_path / f"panel.{fmt}"
        path.write_bytes(answer.content)
        frame = reader(path)
        assert sorted(set(frame["state"])) == ["KAZ", "UZB"]
        assert sorted(set(frame["year"])) == [2010, 2011, 2012]
    scratch = client.app.state.scratch
    assert list(scratch.iterdir()) == []  # the download's scratch file is gone


def test_cite_answers_bibtex(client):
    answer = client.get("/api/cite?source=sipri_trade_register")
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith("@")
    assert answer.headers["content-type"].startswith("application/x-bibtex")


def test_pages_and_answers_carry_a_policy_that_loads_nothing_from_elsewhere(client):
    answer = client.get("/api/states")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "http" not in policy


CONFINED_PROBE = """
import sys
from multivector.store import Store
from multivector.store.connection import confine
confine()
with Store(sys.argv[1], read_only=True) as store:
    assert store.rows("SELECT count(*) AS n FROM entities")[0]["n"] > 0
    other = sys.argv[2]
    queries = (f"SELECT * FROM read_csv('{other}')", "SET enable_external_access = true", f"ATTACH '{other}.db' AS o")
    for query in queries:
        try:
            store.con.execute(query)
        except Exception as error:
            print(type(error).__name__)
        else:
            print("allowed: " + query)
"""


def test_a_confined_process_reads_no_file_but_the_store_and_cannot_undo_that(built_home, tmp_path):
    """What `serve` does before it answers: DuckDB refuses other files, and to allow them again."""
    outside = tmp_path / "outside.csv"
    outside.write_text("entity,pole\nKAZ,RUS\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CONFINED_PROBE, str(built_home / "multivector.duckdb"), str(outside)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "allowed" not in done.stdout, done.stdout
    assert done.stdout.split() == ["PermissionException", "InvalidInputException", "PermissionException"]


def test_serve_listens_on_the_loopback_interface_only(built_home):
    done = run(built_home, "serve", "--host", "0.0.0.0")
    assert done.returncode == 2
    assert "not a loopback address" in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_the_served_explorer_answers_and_names_no_machine_path(explorer_url, built_home):
    answer = httpx.get(f"{explorer_url}/api/profile?state=KAZ&year=2014", timeout=120)
    assert answer.status_code == 200 and answer.json()["state"] == "KAZ"
    for path in ("/api/states", "/api/profile?state=Narnia&year=2014", "/"):
        assert str(built_home) not in httpx.get(f"{explorer_url}{path}", timeout=60).text


def test_findings_answer_202_with_their_progress_while_judged_and_stop_with_the_server(explorer_config):
    from fastapi.testclient import TestClient

    from multivector.web.app import create_app

    app = create_app(explorer_config)
    with TestClient(app) as fresh:
        answer = fresh.get("/api/findings")
        assert answer.status_code == 202, answer.text
        assert answer.headers["retry-after"] == "5"
        assert {"state", "step", "done", "total"} <= answer.json().keys()
    background = app.state.answers._findings
    assert background._done.wait(timeout=120), "the judging went on after the server stopped"


@pytest.mark.slow
def test_the_served_explorer_answers_concurrent_requests(explorer_url):
    """Eight distinct questions at once: each opens the store while the others have it open."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [
        f"/api/profile?state={state}&year=2012" for state in ("KAZ", "UZB", "TKM", "KGZ", "TJK", "ARM", "AZE", "GEO")
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda path: httpx.get(f"{explorer_url}{path}", timeout=120).status_code, paths))
    assert statuses == [200] * 8


def test_the_readme_s_curl_example_is_what_the_api_answers(client):
    """The README shows a request and its answer: the answer is the API's, to the character."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"\$ curl -s 'http://127\.0\.0\.1:8765(/api/[^']+)'\n(.+)\n", readme)
    assert examples, "the README shows a curl example"
    for path, shown in examples:
        assert client.get(path).text == shown
