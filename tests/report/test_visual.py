"""Visual regression: every chart of the KAZ and the region report, drawn in Chromium, looks sane.

The page is opened as ``test_browser`` opens it (Debian's Chromium, network shut). Before the
page's script runs, ``vegaEmbed`` is wrapped so that each chart's result (its Vega view and
compiled spec) is kept; then, per chart: it is drawn (an SVG with marks), the console shows no
error or warning, its size is between ``SMALLEST`` and ``LARGEST`` pixels each way, and each
quantitative axis spans the data it draws (see :func:`domain_problems`).
"""

from __future__ import annotations

import pytest

from multivector import api
from tests.report.test_browser import browser, open_page  # noqa: F401  (the fixture, reused)

pytestmark = pytest.mark.slow

SMALLEST, LARGEST = 100, 3000
#: How far an axis of years may reach past the data's first and last year (Vega's "nice"
#: rounding): at least this many years, or a tenth of the years shown.
YEAR_SLACK = 2
#: How far a value axis may reach past its data's largest value (nice rounding; a share
#: axis drawn to 1 is allowed whatever the data).
VALUE_SLACK = 1.5

KEEP_VIEWS = """
window.__charts = {};
(function () {
  var wrapped;
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get: function () { return wrapped; },
    set: function (embed) {
      wrapped = function (element, spec, options) {
        var done = embed(element, spec, options);
        done.then(function (result) { window.__charts[String(element).replace("#", "")] = result; });
        return done;
      };
      Object.assign(wrapped, embed);
    },
  });
})();
"""

#: Per chart: its section, pixel size, marks drawn, and per quantitative position scale the
#: rendered domain with the values of every field the scale draws (read from the view's data).
MEASURE = """() => {
  function walk(node, data, found) {
    if (Array.isArray(node)) { node.forEach(function (n) { walk(n, data, found); }); return; }
    if (!node || typeof node !== "object") return;
    var from = node.from && (node.from.facet ? node.from.facet.data : node.from.data);
    var here = from ? (data[from] || from) : null;
    if (node.from && node.from.facet) data[node.from.facet.name] = here;  // a facet's rows are its source's
    if (typeof node.scale === "string" && typeof node.field === "string" && found.data)
      (found.fields[node.scale] = found.fields[node.scale] || []).push([found.data, node.field]);
    var keep = found.data;
    if (here) found.data = here;
    Object.keys(node).forEach(function (k) { walk(node[k], data, found); });
    found.data = keep;
  }
  function domainFields(scale) {
    var d = scale.domain;
    if (!d || Array.isArray(d) || d.signal) return [];
    if (d.fields) return d.fields.map(function (f) { return typeof f === "string" ? [d.data, f] : [f.data, f.field]; });
    return d.field ? [[d.data, d.field]] : [];
  }
  var out = {};
  document.querySelectorAll("div.chart").forEach(function (element) {
    var result = window.__charts[element.id];
    var svg = element.querySelector("svg");
    var box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    var chart = {section: element.closest("section").id, width: box.width, height: box.height,
                 marks: element.querySelectorAll('svg g[class*="mark-"]').length, scales: [],
                 label: result ? result.view.description() : null};  // the spec's, not the page's caption
    out[element.id] = chart;
    if (!result) return;
    var found = {data: null, fields: {}};
    walk(result.vgSpec.marks || [], {}, found);
    (result.vgSpec.scales || []).forEach(function (scale) {
      var quantitative = ["linear", "log", "pow", "sqrt", "symlog", "time", "utc"].indexOf(scale.type || "linear") >= 0;
      if (!quantitative || !/(^|_)(x|y)2?$/.test(scale.name)) return;
      var fields = domainFields(scale).concat(found.fields[scale.name] || []);
      var values = [];
      fields.forEach(function (pair) {
        var rows;
        try { rows = result.view.data(pair[0]); } catch (e) { rows = []; }
        rows.forEach(function (row) {
          var v = row[pair[1]];
          if (typeof v === "number" && isFinite(v)) values.push(v);
        });
      });
      chart.scales.push({name: scale.name, domain: result.view.scale(scale.name).domain(),
                         fields: fields.map(function (p) { return p[1]; }), values: values});
    });
  });
  return out;
}"""


def domain_problems(scale: dict) -> list[str]:
    """What is wrong with one rendered axis: an axis of years must stay near the data's years
    (never reach 0); a value axis must show all its data and reach no further than the data's
    largest value times ``VALUE_SLACK`` (or 1, for shares), down to 0 at most."""
    if not scale["values"]:
        return []
    low, high = min(scale["values"]), max(scale["values"])
    start, end = scale["domain"][0], scale["domain"][-1]
    name = f"{scale['name']} ({', '.join(sorted(set(scale['fields'])))}): domain [{start}, {end}]"
    if any("year" in field or field in ("from", "to") for field in scale["fields"]):
        slack = max(YEAR_SLACK, (high - low) / 10)
        if start < low - slack or end > high + slack:
            return [f"{name} reaches past the data's years {low:g}-{high:g}"]
        return []
    problems = []
    if start > low + 1e-9 or end < high - 1e-9:
        problems.append(f"{name} cuts off data from {low:g} to {high:g}")
    ceiling = max(high * VALUE_SLACK, 1.0 if 0 <= low and high <= 1 else high)
    if start < min(low, 0) - 1e-9 or end > ceiling + 1e-9:
        problems.append(f"{name} reaches far past the data ({low:g} to {high:g})")
    return problems


def chart_problems(charts: dict[str, dict]) -> list[str]:
    """Every problem of every chart, named by chart and section."""
    problems = []
    for chart_id, chart in charts.items():
        where = f"{chart_id} in #{chart['section']}"
        if not chart["marks"]:
            problems.append(f"{where}: nothing drawn")
        for side in ("width", "height"):
            if not SMALLEST <= chart[side] <= LARGEST:
                problems.append(f"{where}: {side} {chart[side]:.0f} px, not {SMALLEST}-{LARGEST}")
        problems += [f"{where}: {problem}" for scale in chart["scales"] for problem in domain_problems(scale)]
    return problems


class _KeepingViews:
    """The browser as ``open_page`` uses it; its pages keep each chart's Vega result
    (``KEEP_VIEWS``) and record the console's errors and warnings from the first line."""

    def __init__(self, browser) -> None:  # noqa: F811
        self.browser = browser
        self.console: list[str] = []

    def new_page(self, **options):
        page = self.browser.new_page(**options)
        page.add_init_script(KEEP_VIEWS)
        page.on(
            "console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        )
        return page


@pytest.fixture(scope="module", params=["KAZ", "region"])
def measured(request, config, browser, tmp_path_factory) -> tuple[dict[str, dict], list[str], str]:  # noqa: F811
    """The report's charts as measured in Chromium, the console's errors and warnings, and which report."""
    out = tmp_path_factory.mktemp("visual") / f"{request.param}.html"
    path = api.region_report(out, config=config) if request.param == "region" else api.report("KAZ", out, config=config)
    keeping = _KeepingViews(browser)
    page, seen = open_page(keeping, path)
    try:
        assert page.evaluate("document.body.dataset.failed") is None, seen["errors"]
        return page.evaluate(MEASURE), keeping.console, request.param
    finally:
        page.close()


def test_every_chart_is_drawn_without_warnings(measured):
    charts, console, _ = measured
    assert len(charts) >= 8, "fewer charts than the report draws"
    assert console == []
    assert [c for c, chart in charts.items() if not chart["marks"]] == []


def test_every_chart_has_a_sane_size_and_axes_within_its_data(measured):
    charts, _, _ = measured
    assert sum(len(chart["scales"]) for chart in charts.values()) >= 10, "no axis read: the check would pass blind"
    assert chart_problems(charts) == []


def test_every_chart_says_what_it_shows(measured):
    """Each spec has a description (vega-embed makes it the chart's aria-label, read aloud)."""
    charts, _, _ = measured
    assert {c: chart["label"] for c, chart in charts.items() if not chart["label"] or len(chart["label"]) < 40} == {}


def test_the_checks_catch_a_year_axis_from_zero_and_a_huge_chart():
    year_axis = {"name": "x", "domain": [0, 2024], "fields": ["year"], "values": [1992.0, 2024.0]}
    share_axis = {"name": "y", "domain": [0, 0.5], "fields": ["share"], "values": [0.1, 0.8]}
    chart = {"section": "coverage", "width": 891, "height": 5016, "marks": 3, "scales": [year_axis, share_axis]}
    problems = chart_problems({"chart-1": chart})
    assert len(problems) == 3 and "height 5016 px" in problems[0]
    assert "reaches past the data's years 1992-2024" in problems[1] and "cuts off data" in problems[2]
    assert domain_problems({**year_axis, "domain": [1991, 2025]}) == []
