"""The country report on the store built from the shipped data: every studied state, offline, escaped."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import unquote

import pytest

from multivector import api
from multivector.errors import BadOption
from multivector.report import state_page
from multivector.report.build import bibtex
from multivector.report.headline import default_shocks, state_headline
from multivector.report.page import vega_bundle
from multivector.sources import get_source
from tests.cli.test_cli import run
from tests.report.injection import INJECTION, malicious
from tests.report.offline import remote_references

pytestmark = pytest.mark.slow

STATE_SECTIONS = (
    "summary",
    "phases",
    "pole-shares",
    "domain-profile",
    "structure",
    "map",
    "votes",
    "routes",
    "outages",
    "hedging",
    "trade-figures",
    "conditions",
    "coverage",
    "sources",
)
REGION_SECTIONS = (
    "summary",
    "domain-shares",
    "domain-profile",
    "structure",
    "map",
    "votes",
    "scenarios",
    "conditions",
    "sources",
)


def section_ids(html: str) -> list[str]:
    return re.findall(r'<section id="([a-z-]+)"', html)


def chart_counts(html: str) -> dict[str, int]:
    return {m.group(1): int(m.group(2)) for m in re.finditer(r'<section id="([a-z-]+)" data-charts="(\d+)"', html)}


@pytest.mark.parametrize("state", api.STUDIED_STATES)
def test_the_report_builds_for_every_studied_state_offline(state, config, tmp_path):
    out = api.report(state, tmp_path / f"{state}.html", config=config)
    html = out.read_text(encoding="utf-8")
    assert section_ids(html) == list(STATE_SECTIONS)
    counts = chart_counts(html)
    for section in STATE_SECTIONS:
        empty = re.search(rf'<section id="{section}" data-charts="0" data-empty="true">', html)
        assert counts[section] >= 1 or empty, f"{state}: section {section} has neither a chart nor a reason"
    assert remote_references(html) == []
    specs = re.findall(r'<script type="application/json" id="(chart-\d+)-spec">(.*?)</script>', html, re.S)
    assert len(specs) == sum(counts.values()) == int(re.search(r'<body data-charts="(\d+)"', html).group(1))
    for _, text in specs:
        spec = json.loads(text)
        assert '"url"' not in text and "$schema" not in spec  # data inline, nothing to fetch


def test_the_kazakhstan_report_has_a_chart_in_every_section_and_cites_its_sources(config, tmp_path):
    html = api.report("KAZ", tmp_path / "KAZ.html", config=config).read_text(encoding="utf-8")
    assert all(n >= 1 for n in chart_counts(html).values())
    assert "Caspian Pipeline Consortium" in html  # the routes section names the CPC
    assert "Download all citations as BibTeX" in html and "data:application/x-bibtex" in html
    href = re.search(r'href="(data:application/x-bibtex[^"]*)"', html).group(1)
    assert get_source("sipri_trade_register").bibtex() in unquote(href.split(",", 1)[1])
    shocks = re.findall(r'<tr class="shock"><td>([^<]+)</td>.*?</tr>', html, re.S)
    assert "2022-02" in shocks  # every shock with its verdict and robustness, as `classify` prints them
    row = re.search(r'<tr class="shock"><td>2022-02</td>(.*?)</tr>', html, re.S).group(1)
    assert re.search(r"(substantive|declaratory|not testable)</span>", row) and re.search(r"\d+(\.\d)?% of \d+", row)


def test_the_conditions_are_shown_at_adoption_and_now(kaz, config):
    html = state_page.html(kaz, vega_bundle(config.home / "cache"), bibtex(kaz.citations))
    conditions = kaz.classification["conditions"]
    part = re.search(r'<section id="conditions".*?</section>', html, re.DOTALL).group(0)
    assert "at adoption: 1991–1996 (lines in service, borders, regime in 1995)" in part
    assert f"now: {conditions['now']['year']}" in part
    cells = {moment: re.findall(rf'<td data-moment="{moment}">(.*?)</td>', part, re.DOTALL) for moment in conditions}
    assert [len(c) for c in cells.values()] == [4, 4]  # C1, C2, C3 and the prediction at each moment
    verdict = {True: "holds", False: "does not hold", None: "unknown"}
    for moment, judged in conditions.items():
        for cell, key in zip(cells[moment], ("C1", "C2", "C3")):
            assert f">{verdict[judged[key]['holds']]}</span>" in cell
    c2_then = cells["at_adoption"][1]  # the evidence in turn by part: the lines show beside the trade
    assert "lines in operation: Uzen-Atyrau-Samara oil pipeline)" in c2_then
    assert "not counted: Caspian Pipeline Consortium pipeline (from 2001)" in c2_then
    summary = re.search(r'<section id="summary".*?</section>', html, re.DOTALL).group(0)
    assert (
        "Conditions: at adoption (1991-1996): C1 " in summary and f"; now ({conditions['now']['year']}): C1 " in summary
    )


def test_the_region_table_has_a_row_per_state_and_moment(kaz):
    from types import SimpleNamespace

    from multivector.report.region_page import _conditions

    table = _conditions([SimpleNamespace(name="Kazakhstan", classification=kaz.classification, hegemon=kaz.hegemon)])
    assert [c[:3] for c in table["columns"][2:5]] == ["C1 ", "C2 ", "C3 "]  # each with its gloss
    assert table["columns"][5] == "multivectorism predicted?"
    assert [row[:2] for row in table["rows"]] == [
        ["Kazakhstan", "at adoption (1991-1996)"],
        ["Kazakhstan", f"now ({kaz.classification['conditions']['now']['year']})"],
    ]


def test_the_region_report_sets_the_five_states_side_by_side(config, tmp_path):
    html = api.region_report(tmp_path / "region.html", config=config).read_text(encoding="utf-8")
    assert section_ids(html) == list(REGION_SECTIONS)
    assert all(n >= 1 for n in chart_counts(html).values())
    for name in ("Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan", "Tajikistan"):
        assert name in html
    assert remote_references(html) == []


def test_text_from_data_is_escaped_in_the_page_and_in_the_chart_specs(kaz, config):
    bad = malicious(kaz)
    html = state_page.html(bad, vega_bundle(config.home / "cache"), bibtex(bad.citations))
    assert INJECTION not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;injected&#34;)&lt;/script&gt;" in html
    specs = re.findall(r'<script type="application/json" id="chart-\d+-spec">(.*?)</script>', html, re.S)
    routes_spec = next(s for s in specs if "Caspian" in s or "injected" in s)
    assert "\\u003c/script\\u003e" in routes_spec and "</script>" not in routes_spec


def test_the_chart_command_writes_png_and_svg(built_home, tmp_path):
    png, svg = tmp_path / "map.png", tmp_path / "shares.svg"
    done = run(built_home, "chart", "map", "KAZ", "--out", str(png))
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    done = run(built_home, "chart", "pole-shares", "KAZ", "--out", str(svg))
    assert done.returncode == 0, done.stderr
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_a_chart_with_an_unknown_kind_or_suffix_is_a_clear_error(config, tmp_path):
    with pytest.raises(BadOption, match="choose one of"):
        api.chart("pie", "KAZ", tmp_path / "x.png", config=config)
    with pytest.raises(BadOption, match=r"\.png or \.svg"):
        api.chart("map", "KAZ", tmp_path / "x.jpg", config=config)


def test_report_needs_a_state_or_region_and_says_so_in_one_line(built_home, tmp_path):
    done = run(built_home, "report")
    assert done.returncode == 2
    assert "give a STATE or --region" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    done = run(built_home, "report", "Atlantis", "--out", str(tmp_path / "a.html"))
    assert done.returncode == 2 and "unknown-state" in done.stderr
    assert not (tmp_path / "a.html").exists()


def test_a_repeated_report_copies_the_kept_page_and_other_parameters_draw_a_new_one(kaz, config, tmp_path, monkeypatch):
    from multivector.report import build, data
    from multivector.theory.params import TheoryParams

    collected = []

    def collect(m, state, name, coverage, year=None, params=None, on_step=None):
        collected.append((state, year))
        return kaz

    asked = []

    def coverage() -> dict:
        asked.append(True)
        return kaz.coverage

    drawn = []
    draw = state_page.html
    monkeypatch.setattr(data, "collect", collect)
    monkeypatch.setattr(state_page, "html", lambda *args: drawn.append(True) or draw(*args))
    where = build.Where(config.store_path, tmp_path / "cache")
    first = build.state_report(None, "KAZ", "Kazakhstan", coverage, tmp_path / "a.html", where)
    again = build.state_report(None, "KAZ", "Kazakhstan", coverage, tmp_path / "b.html", where)
    assert first.read_bytes() == again.read_bytes() and len(collected) == len(drawn) == 1
    other = TheoryParams.model_validate({"phases": {"delta": 0.1}})
    build.state_report(None, "KAZ", "Kazakhstan", coverage, tmp_path / "c.html", where, params=other)
    fresh = build.Where(config.store_path, tmp_path / "cache", use_cache=False)
    build.state_report(None, "KAZ", "Kazakhstan", coverage, tmp_path / "d.html", fresh)
    assert (
        len(collected) == len(drawn) == 3 and len(asked) == 3
    )  # the coverage is asked only when the data are collected


def headline_of(html: str) -> str:
    """The first paragraph after the page's title."""
    return re.search(r"</h1>\s*<p[^>]*>(.*?)</p>", html, re.S).group(1)


def visible_text(html: str) -> str:
    """What a reader sees above the Sources (whose citations are quoted as published): no scripts,
    styles, commands or citation keys."""
    body = html.split('<section id="sources"', 1)[0]
    body = re.sub(r"<(script|style|code|cite)\b.*?</\1>", " ", body, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(scope="module")
def region_html(config, tmp_path_factory):
    return api.region_report(tmp_path_factory.mktemp("region") / "region.html", config=config).read_text(
        encoding="utf-8"
    )


@pytest.fixture(scope="module")
def kaz_html(kaz, config):
    return state_page.html(kaz, vega_bundle(config.home / "cache"), bibtex(kaz.citations))


def test_the_kazakhstan_report_opens_with_its_headline(kaz, kaz_html):
    shocks = default_shocks(kaz.classification)
    assert [s["year"] for s in shocks] == [2014, 2022]
    headline = unescape(headline_of(kaz_html))
    assert headline == state_headline("Kazakhstan", "RUS", shocks)
    assert headline.startswith("Kazakhstan's dependence on Russia ") and "after 2022 it " in headline
    for s in shocks:  # each verdict and how sure it is, as the shock table gives them
        sure = "fragile" if s["robustness"]["fragile"] else "robust"
        assert (
            re.search(rf"{s['year']}[^(]*\((a |no )?substantive shift[^)]*{sure}", headline)
            or s["verdict"] == "not testable"
        )


def test_the_region_report_opens_with_its_headline(region_html):
    headline = unescape(headline_of(region_html))
    assert headline.startswith("Of the five states, dependence on Russia shifted substantively after 2014 in ")
    assert re.search(r"\d+ of the \d+ verdicts (is|are) fragile", headline)


@pytest.mark.parametrize("page", ["kaz_html", "region_html"])
def test_no_raw_ids_or_model_jargon_reach_the_reader(page, request):
    text = visible_text(request.getfixturevalue(page))
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", text) == []
    assert "mt_per_year" not in text and "Sobol" not in text
    assert "Makat–North Caucasus Pipeline" in text or page == "region_html"


@pytest.mark.parametrize("page", ["kaz_html", "region_html"])
def test_every_chart_is_a_figure_with_a_caption_and_an_aria_label(page, request):
    html = request.getfixturevalue(page)
    figures = re.findall(r"<figure>(.*?)</figure>", html, re.S)
    assert len(figures) == int(re.search(r'<body data-charts="(\d+)"', html).group(1)) > 0
    for figure in figures:
        label = re.search(r'<div class="chart" id="chart-\d+" role="img" aria-label="([^"]{20,})"></div>', figure)
        caption = re.search(r"<figcaption>([^<]{20,})</figcaption>", figure)
        assert label and caption and label.group(1) == caption.group(1)


def test_a_model_verdict_that_differs_from_the_data_is_shown_beside_it_with_the_reason(config, region_html):
    part = re.search(r'<section id="scenarios".*?</section>', region_html, re.S).group(0)
    rows = [
        [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", part, re.S)
    ]
    compared = {(r[0], r[1]): r for r in rows if len(r) == 6}
    differing = 0
    for state in api.REGION:
        _, name, covered = api._state_header(state, config)
        report = kaz_like(config, state, name, covered)
        verdicts = {int(s["year"]): s for s in report.hedging["verdict"]["shocks"]}
        for shock in default_shocks(report.classification):
            row = compared[(name, str(shock["year"]))]
            model = verdicts[int(shock["year"])]
            assert row[2].startswith(shock["verdict"]) and f"{model['transition_share']:.0%} of 1,000 draws" in row[3]
            if shock["verdict"] != "not testable" and model["reproduced"] != (shock["verdict"] == "substantive"):
                differing += 1
                assert row[4] == "no" and len(row[5]) > 30  # both shown, with why they differ
    assert differing >= 1
    assert "The two can disagree: their baselines differ" in part


def kaz_like(config, state, name, covered):
    """A state's report data, as the region page collected them (read from the report cache)."""
    from multivector.report.build import Where, collect_cached
    from multivector.theory.params import TheoryParams

    where = Where(config.store_path, config.home / "cache")
    with api.measurements(config) as m:
        return collect_cached(m, state, name, covered, where, None, TheoryParams())


def test_the_partial_last_year_of_un_votes_is_marked(kaz, kaz_html, region_html):
    counts = kaz.votes.groupby("year").n.max()
    assert int(counts.index.max()) == 2024 and counts[2024] < counts[2023] / 2  # a handful of roll calls
    assert kaz.partial_vote_years == (2024,)  # the data layer's flag (measure.grammar.partial_vote_years)
    votes = re.search(r'<section id="votes".*?</section>', kaz_html, re.S).group(0)
    assert "<td>2024, part of the year</td>" in votes and "<td>2023</td>" in votes
    assert "2024: part of the year only" in votes
    region_votes = re.search(r'<section id="votes".*?</section>', region_html, re.S).group(0)
    assert "<td>2024, part of the year</td>" in region_votes
