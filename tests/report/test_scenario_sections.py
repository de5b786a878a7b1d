"""The report's scenario sections: Kazakhstan's CPC outage and the hedging model's fit, reproducible."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from multivector import api
from multivector.report.scenarios import DRAWS, SEED, largest_route
from multivector.report.words import model_statement
from multivector.scenarios.hedging import simulate_hedging
from multivector.scenarios.routes import list_routes
from multivector.theory.panel import load_panel
from tests.cli.test_cli import run

pytestmark = pytest.mark.slow


def section(html: str, section_id: str) -> str:
    return re.search(rf'<section id="{section_id}".*?</section>', html, re.S).group(0)


def chart_titles(html: str, section_id: str) -> list[str]:
    """The titles of the charts drawn in one section (from their inline specs)."""
    ids = re.findall(r'<div class="chart" id="(chart-\d+)"', section(html, section_id))
    specs = [
        json.loads(re.search(rf'<script type="application/json" id="{i}-spec">(.*?)</script>', html, re.S).group(1))
        for i in ids
    ]
    return [layer["title"]["text"] for spec in specs for layer in spec.get("layer", [spec]) if "title" in layer]


@pytest.fixture(scope="module")
def kaz_html(config, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "KAZ.html"
    return api.report("KAZ", out, config=config).read_text(encoding="utf-8")


def test_the_largest_route_is_the_one_with_the_most_known_volume():
    lines = [
        {"route": "a", "figure": 5.0},
        {"route": "b", "figure": 3.0},
        {"route": "b", "figure": 3.0},
        {"route": "c", "figure": None},
    ]
    assert largest_route(lines) == "b"
    assert largest_route([{"route": "z", "figure": None}, {"route": "y", "figure": None}]) == "y"


def test_kazakhstan_shows_the_cpc_closed_with_the_loss_the_facts_imply(config, kaz_html):
    with api.measurements(config) as m:
        oil = list_routes(m, "KAZ", "crude oil")
    total = sum(x["figure"] for x in oil)
    cpc = sum(x["figure"] for x in oil if x["route"] == "cpc")
    assert largest_route(oil) == "cpc"
    part = section(kaz_html, "outages")
    titles = chart_titles(kaz_html, "outages")
    assert titles[0] == (
        f"crude oil: close Caspian Pipeline Consortium pipeline — {total:,.1f} → {total - cpc:,.1f} "
        f"(−{cpc / total:.1%})"
    )
    assert f"{cpc / total:.1%}" in part and cpc / total == pytest.approx(0.666, abs=0.001)
    assert "every line crossing or ending in Russia" in part
    assert "volume unknown" in part  # Kazakhstan's gas line has no published volume: said, not invented


def test_kazakhstan_shows_the_hedging_fit_reproducible_from_the_seed(config, kaz, kaz_html):
    with api.measurements(config) as m:
        again = simulate_hedging(load_panel(m, "KAZ"), draws=DRAWS, seed=SEED)
    assert kaz.hedging == again  # the same seed replays exactly, in another process and query order
    fit = again["calibration"]["fit"]["all"]
    part = section(kaz_html, "hedging")
    assert f"{fit['rmse']:.3f}" in part and f"{fit['r2']:.2f}" in part
    assert model_statement(again["verdict"]) in unescape(part)  # the same statement, its parameter in words
    assert 'data-charts="1"' in part


def test_a_state_without_export_lines_says_so_and_has_no_outage_chart(built_home, config, tmp_path):
    html = api.report("KGZ", tmp_path / "KGZ.html", config=config).read_text(encoding="utf-8")
    assert 'data-charts="0" data-empty="true"' in section(html, "outages")
    done = run(built_home, "chart", "outage", "KGZ", "--out", str(tmp_path / "x.png"))
    assert done.returncode == 2 and "no-data" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def test_the_outage_and_hedging_charts_are_images_too(built_home, tmp_path):
    for kind in ("outage", "hedging"):
        out = tmp_path / f"{kind}.svg"
        done = run(built_home, "chart", kind, "KAZ", "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert out.read_text(encoding="utf-8").lstrip().startswith("<svg")
