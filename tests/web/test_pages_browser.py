"""The explorer's pages in a real browser: Debian's Chromium, driven by Playwright, against the
real ``multivector serve`` on a loopback port (``explorer_url``).

Every request a page makes is recorded: none may go to a host other than the server. No page
may log a console error; every chart container holds a drawn SVG. The forms switch state and
year; a table is saved as CSV and a chart as SVG (with the keyboard) and PNG; a click on a state
of the atlas map opens its state page.

With ``MULTIVECTOR_SCREENSHOTS=1`` the test also writes the README's screenshots of the state
and atlas pages (``docs/img/explorer-*.png``); normal runs leave the tracked files alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.report.test_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.slow

#: A cold page (the theory engine run for a state and year) takes seconds; on a busy machine more.
PAGE_TIMEOUT_MS = 180_000
#: Anything else (a chart drawn, a click, a download) is quick once the page is there.
ACTION_TIMEOUT_MS = 30_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


class Visit:
    """A browser tab on the explorer that records console errors and every request it makes."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
        self.page.set_default_timeout(ACTION_TIMEOUT_MS)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._only_the_server)

    def _only_the_server(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith((self.base + "/", "data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.charts_drawn()

    def follow(self, selector: str, url: str, *, key: str | None = None) -> None:
        """Click ``selector`` (or press ``key`` in it) and wait for the page at ``url``.

        The new page may be a cold one: the wait is the page's, not a click's.
        """
        if key is None:
            self.page.click(selector, no_wait_after=True)
        else:
            self.page.press(selector, key, no_wait_after=True)
        self.page.wait_for_url(url, timeout=PAGE_TIMEOUT_MS)

    def charts_drawn(self) -> list[str]:
        """The chart containers of the page, once each holds an SVG."""
        ids = self.page.eval_on_selector_all("div.chart", "divs => divs.map(d => d.id)")
        for chart in ids:
            self.page.wait_for_selector(f"#{chart} svg")
        return ids

    def elsewhere(self) -> list[str]:
        """Requests to any other host than the server (the page's own blobs and data are local)."""
        return [u for u in self.requests if not u.startswith((self.base + "/", "data:", "blob:"))]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, explorer_url) -> Iterator[Visit]:
    tab = Visit(browser, explorer_url)
    yield tab
    try:
        assert tab.errors == [], tab.errors
        assert tab.elsewhere() == []
        assert any(u.endswith("/assets/vega.js") for u in tab.requests)  # Vega from the server itself
    finally:
        tab.close()


def screenshot(page, name: str) -> None:
    if os.environ.get("MULTIVECTOR_SCREENSHOTS") == "1":
        page.screenshot(path=SCREENSHOTS / f"explorer-{name}.png")


def test_the_state_page_switches_year_and_state_with_its_form(visit):
    visit.open("/state?state=KAZ&year=2014")
    page = visit.page
    assert page.title().startswith("Kazakhstan, 2014")
    assert {"chart-profile", "chart-pole-shares"} <= set(visit.charts_drawn())
    assert page.locator("figcaption").count() == len(visit.charts_drawn())
    screenshot(page, "state")

    page.fill("input[name=year]", "2015")
    # the keyboard submits the GET form
    visit.follow("input[name=year]", "**/state?state=KAZ&year=2015", key="Enter")
    assert page.title().startswith("Kazakhstan, 2015")
    visit.charts_drawn()

    page.select_option("select[name=state]", "UZB")
    visit.follow("form.picker button[type=submit]", "**/state?state=UZB&year=2015")
    assert page.title().startswith("Uzbekistan, 2015")
    visit.charts_drawn()

    page.click('#profile-table a[href^="#source-"] >> nth=0')  # the source behind a number, one click away
    assert page.locator(":target a[href^='/api/cite?source=']").count() == 1


def test_a_table_saves_as_csv_and_a_chart_as_svg_and_png(visit):
    visit.open("/state?state=KAZ&year=2014")
    page = visit.page
    with page.expect_download() as saving:
        page.click("#profile-table + button.csv")
    saved = saving.value
    assert saved.suggested_filename == "profile-table.csv"
    lines = Path(saved.path()).read_text().splitlines()
    assert lines[0].startswith("domain,dependence on the hegemon") and lines[1].startswith("security,")

    page.focus("#chart-profile details summary")  # the chart's menu, with the keyboard only
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    with page.expect_download() as saving:
        page.keyboard.press("Enter")
    assert saving.value.suggested_filename == "chart-profile.svg"
    assert Path(saving.value.path()).read_text().lstrip().startswith("<svg")

    page.click("#chart-profile details summary")  # the menu closed after saving; the mouse opens it
    with page.expect_download() as saving:
        page.click("#chart-profile .vega-actions a[download$='.png']")
    assert Path(saving.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_compare_page_shows_the_states_side_by_side(visit):
    visit.open("/compare?states=KAZ,UZB&year=2015")
    assert visit.charts_drawn() == ["chart-KAZ", "chart-UZB"]
    assert visit.page.locator("#compare-table tbody tr").count() == 2


def test_the_atlas_map_opens_a_state_page_and_its_table_sorts(visit):
    visit.open("/atlas?year=2015")
    page = visit.page
    screenshot(page, "atlas")
    first_by_name = page.inner_text("#atlas-table tbody tr:first-child th")
    page.click("#atlas-table thead th:nth-child(2)")
    page.click("#atlas-table thead th:nth-child(2)")  # descending: the most dependent first
    assert page.get_attribute("#atlas-table thead th:nth-child(2)", "aria-sort") == "descending"
    assert page.inner_text("#atlas-table tbody tr:first-child th") != first_by_name

    visit.follow('#chart-map svg path[aria-label*="state: Kazakhstan;"] >> nth=0', "**/state?year=2015&state=KAZ")
    assert page.title().startswith("Kazakhstan, 2015")
    visit.charts_drawn()


def test_every_page_loads_and_a_bad_one_shows_its_line(visit):
    visit.open("/")
    for link in ("/state?", "/compare?", "/atlas?"):
        assert visit.page.locator(f'main a[href^="{link}"]').count() == 1
    response = visit.page.goto(visit.base + "/state?state=Narnia&year=2014")
    assert response is not None and response.status == 404
    assert "unknown-state: 'Narnia'" in visit.page.inner_text("p.error")
    visit.errors.clear()  # the 404 itself is logged by the browser


def test_the_scenarios_page_closes_a_route_and_runs_the_hedging_model(visit):
    visit.open("/scenarios?state=KAZ&commodity=crude_oil")
    page = visit.page
    page.select_option("#outage-form select[name=route]", "cpc")
    visit.follow("#outage-form button[type=submit]", "**/scenarios?state=KAZ&commodity=crude_oil&route=cpc&transit=")
    assert visit.charts_drawn() == ["chart-outage"]
    assert "lost" in page.inner_text("#outage-summary")

    page.fill("#hedging-form input[name=shock]", "2022:kappa=0.3")
    page.fill("#hedging-form input[name=draws]", "200")
    visit.follow("#hedging-form button[type=submit]", "**/scenarios?state=KAZ&shock=2022*")
    assert "chart-hedging" in visit.charts_drawn()


#: Japan counted for the West: a mapping of the browser's own (the in-process tests upload another).
JAPAN_WEST = "entity,pole\nJPN,WEST\n"
#: Composing the whole world's panel under a mapping took about two minutes on two cores.
COMPOSE_TIMEOUT_MS = 420_000


def test_a_mapping_is_refused_with_its_line_or_composed_with_its_progress(visit):
    visit.open("/mappings")
    page = visit.page
    page.fill("#mapping-text", "entity,pole\nNarnia,WEST\n")
    page.click("#mapping-upload")
    page.wait_for_selector("#mapping-error:not([hidden])")
    assert "'Narnia' is not a known code or name" in page.inner_text("#mapping-error")
    visit.errors.clear()  # the browser logs the 400 it was answered

    page.fill("#mapping-text", JAPAN_WEST)
    page.click("#mapping-upload")
    page.wait_for_selector("#mapping-error", state="hidden")
    page.wait_for_selector('#mapping-step:text-matches("step [1-3] of 3")')  # the progress, step by step
    page.wait_for_selector("#mapping-ready:not([hidden])", timeout=COMPOSE_TIMEOUT_MS)
    mapping = page.inner_text("#mapping-id")
    visit.follow("#mapping-atlas", f"**/atlas?year=2014&mapping={mapping}")
    visit.charts_drawn()
