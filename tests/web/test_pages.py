"""The explorer's pages in process: each answers with its parts, bad input is a 4xx page with
the one line (escaped), and the pole mappings are checked, kept and read as `--poles` reads them."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.slow


def chart_ids(html: str) -> list[str]:
    return re.findall(r'class="chart-spec" data-target="([^"]+)"', html)


def test_the_state_page_shows_the_profile_the_report_s_charts_phases_and_sources(client):
    page = client.get("/state?state=KAZ&year=2014")
    assert page.status_code == 200, page.text
    html = page.text
    assert "Kazakhstan, 2014" in html and 'id="profile-table"' in html and 'id="phases-table"' in html
    assert {"chart-profile", "chart-phases", "chart-pole-shares", "chart-structure"} <= set(chart_ids(html))
    assert html.count("<figcaption>") == len(chart_ids(html))  # a caption under every chart
    assert "/api/cite?source=sipri_trade_register" in html  # the sources one click away
    assert 'value="KAZ" selected' in html


def test_the_compare_page_takes_two_to_five_states(client):
    page = client.get("/compare?states=KAZ,UZB,KGZ&year=2014")
    assert page.status_code == 200
    assert len(chart_ids(page.text)) == 3 and "Uzbekistan" in page.text
    for states in ("KAZ", "KAZ,UZB,KGZ,TJK,TKM,ARM"):
        refused = client.get(f"/compare?states={states}&year=2014")
        assert refused.status_code == 400 and "compare takes two to five" in refused.text


def test_the_atlas_page_maps_the_region_with_links_and_tables_every_state(client):
    page = client.get("/atlas?year=2014")
    assert page.status_code == 200
    spec = json.loads(re.search(r'data-target="chart-map">(.*?)</script>', page.text, re.S).group(1))
    assert "'/state?year=2014&state=' + datum.properties.id" in json.dumps(spec)
    assert page.text.count('<tr><th scope="row"><a href="/state?state=') > 150


def test_the_scenarios_page_draws_an_outage_and_a_hedging_run(client):
    outage = client.get("/scenarios?state=KAZ&commodity=crude_oil&route=cpc")
    assert outage.status_code == 200 and "chart-outage" in chart_ids(outage.text)
    hedging = client.get("/scenarios?state=KAZ&shock=2022:kappa=0.3,rho=0.2&draws=100")
    assert hedging.status_code == 200 and "chart-hedging" in chart_ids(hedging.text)


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/state?state=<script>alert(1)</script>&year=2014", 404, "unknown-state: &#39;&lt;script&gt;"),
        ("/state?state=KAZ&year=3000", 400, "year 3000 is outside"),
        ("/state?state=KAZ&year=2014&mapping=../../etc/passwd", 404, "unknown-mapping"),
        ("/atlas?year=1500", 400, "outside the store&#39;s years"),
        ("/scenarios?state=KAZ&shock=2022:banana", 400, "bad-shock"),
        ("/scenarios?state=KAZ&shock=2022:kappa=0.3&draws=99999999", 400, "draws=99999999 is outside"),
    ],
)
def test_a_bad_page_request_is_a_4xx_page_with_the_one_line(client, path, status, says):
    page = client.get(path)
    assert page.status_code == status
    assert says in page.text and "<script>alert" not in page.text


# --- pole mappings ---------------------------------------------------------------------


def test_the_mappings_page_starts_from_the_shipped_poles(client):
    page = client.get("/mappings")
    assert page.status_code == 200
    assert "RUS,RUS,the former hegemon" in page.text and 'id="mapping-upload"' in page.text
