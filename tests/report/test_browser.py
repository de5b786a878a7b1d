"""The report in a real browser: Debian's Chromium, driven by Playwright, with the network shut.

Every request the page makes other than to its own file is recorded and refused; the page
must make none, log no console error, and draw a chart (an SVG with marks) in every section
that has one. ``make test`` installs Chromium (``make browser``); outside CI a machine
without it skips these tests, in CI they fail.
"""

from __future__ import annotations

import os
import shutil

import pytest

from multivector import api
from multivector.report import state_page
from multivector.report.build import bibtex
from multivector.report.page import vega_bundle, write_page
from tests.report.injection import INJECTION, malicious

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("Chromium is missing in CI: `make test` installs the Debian package 'chromium'", pytrace=False)
if CHROMIUM is None:
    pytest.skip("no Chromium on this machine (the Debian package 'chromium'; `make browser`)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


def open_page(browser, path):
    """Load ``path``; return the page and what it did: console errors, requests, dialogs."""
    seen = {"errors": [], "requests": [], "dialogs": []}
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))

    def refuse_remote(route):
        url = route.request.url
        if url.startswith(("file://", "data:", "about:", "blob:")):
            route.continue_()
        else:
            seen["requests"].append(url)
            route.abort()

    page.route("**/*", refuse_remote)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-rendered], body[data-failed]", timeout=60_000)
    return page, seen


def rendered_charts(page) -> dict[str, tuple[int, int]]:
    """Per section: (charts announced, charts drawn as an SVG with at least one mark)."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('section')].map(s => [
        s.id, [Number(s.dataset.charts),
               [...s.querySelectorAll('div.chart')].filter(d => d.querySelector('svg g[class*="mark-"]')).length]]))""")


@pytest.mark.parametrize("which", ["KAZ", "region"])
def test_the_report_renders_offline_without_console_errors(which, config, browser, tmp_path):
    if which == "region":
        path = api.region_report(tmp_path / "region.html", config=config)
    else:
        path = api.report(which, tmp_path / f"{which}.html", config=config)
    page, seen = open_page(browser, path)
    try:
        assert page.evaluate("document.body.dataset.failed") is None
        assert seen["errors"] == [] and seen["requests"] == [] and seen["dialogs"] == []
        charts = rendered_charts(page)
        assert charts, "no section"
        for section, (announced, drawn) in charts.items():
            assert announced >= 1 and drawn == announced, f"{section}: {drawn} of {announced} charts drawn"
    finally:
        page.close()


def test_markup_in_data_is_shown_as_text_and_never_runs(kaz, config, browser, tmp_path):
    bad = malicious(kaz)
    path = write_page(
        state_page.html(bad, vega_bundle(config.home / "cache"), bibtex(bad.citations)), tmp_path / "bad.html"
    )
    page, seen = open_page(browser, path)
    try:
        assert seen["dialogs"] == [] and seen["requests"] == []
        page.click("#summary details summary")  # open the explanation
        assert INJECTION in page.inner_text("#summary")  # the explanation, shown literally
        assert INJECTION in page.inner_text("#outages") and INJECTION in page.inner_text("#hedging")
        assert INJECTION in page.inner_text("#sources")
        assert page.evaluate("document.querySelectorAll('img').length") == 0
    finally:
        page.close()


def test_the_bibtex_link_downloads_the_citations(kaz, config, browser, tmp_path):
    report = kaz
    path = write_page(
        state_page.html(report, vega_bundle(config.home / "cache"), bibtex(report.citations)), tmp_path / "kaz.html"
    )
    page, _ = open_page(browser, path)
    try:
        href = page.get_attribute("#sources a[download]", "href")
        assert href.startswith("data:application/x-bibtex")
        text = page.evaluate("async (h) => await (await fetch(h)).text()", href)
        assert text.count("@") >= len(report.citations) and "sipri_trade_register" in text
    finally:
        page.close()
