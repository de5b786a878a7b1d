// The explorer's charts: each <script class="chart-spec" data-target="ID"> is drawn into #ID with
// Vega-Embed (served by this server); its menu saves the chart as PNG or SVG.
"use strict";
function drawCharts(root) {
  for (const script of (root || document).querySelectorAll("script.chart-spec")) {
    const spec = JSON.parse(script.textContent);
    vegaEmbed("#" + script.dataset.target, spec, {
      renderer: "svg",
      actions: {export: true, source: false, compiled: false, editor: false},
    });
  }
}
document.addEventListener("DOMContentLoaded", () => drawCharts(document));
