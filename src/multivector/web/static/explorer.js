// The explorer's charts: each <script class="chart-spec" data-target="ID"> is drawn into #ID with
// Vega-Embed (served by this server); its menu saves the chart as PNG or SVG.
"use strict";
function drawCharts(root) {
  for (const script of (root || document).querySelectorAll("script.chart-spec")) {
    const spec = JSON.parse(script.textContent);
    vegaEmbed("#" + script.dataset.target, spec, {
      renderer: "svg",
      actions: {export: true, source: false, compiled: false, editor: false},
      downloadFileName: script.dataset.target,
      loader: {target: "_self"},  // a state's link on the map opens in this tab
    }).then((result) => exportsByKeyboard(document.getElementById(script.dataset.target), result.view));
  }
}
// Vega-Embed makes a "Save as" link's image on mousedown; Enter on a focused link fires only
// click, which would save "#". Then make the image and save it as the CSV buttons do.
function exportsByKeyboard(container, view) {
  for (const link of container.querySelectorAll(".vega-actions a[download]")) {
    link.addEventListener("click", async (event) => {
      if (link.getAttribute("href") !== "#") return;
      event.preventDefault();
      saveAs(await view.toImageURL(link.download.split(".").pop()), link.download);
    });
  }
}
function saveAs(url, name) {
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
document.addEventListener("DOMContentLoaded", () => drawCharts(document));

// Every data table gets a button that saves it as CSV (made in the page: no request).
function tableCsv(table) {
  const quote = (text) => /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  return Array.from(table.querySelectorAll("tr"))
    .map((row) => Array.from(row.cells).map((cell) => quote(cell.innerText.trim())).join(","))
    .join("\n") + "\n";
}
function addCsvButtons() {
  for (const table of document.querySelectorAll("table.data")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "csv";
    button.textContent = "Download the table as CSV";
    button.addEventListener("click", () => {
      saveAs(URL.createObjectURL(new Blob([tableCsv(table)], {type: "text/csv"})), (table.id || "table") + ".csv");
    });
    table.after(button);
  }
}
// Sortable tables: a click (or Enter) on a heading sorts by that column, numbers as numbers.
function makeSortable() {
  for (const table of document.querySelectorAll("table.sortable")) {
    table.querySelectorAll("thead th").forEach((heading, column) => {
      heading.tabIndex = 0;
      heading.setAttribute("aria-sort", "none");
      const sort = () => {
        const body = table.tBodies[0];
        const ascending = heading.getAttribute("aria-sort") !== "ascending";
        const value = (row) => {
          const text = row.cells[column].innerText.trim().replace("%", "");
          const number = parseFloat(text);
          return Number.isNaN(number) ? text : number;
        };
        const rows = Array.from(body.rows).sort((a, b) => {
          const [x, y] = [value(a), value(b)];
          const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        table.querySelectorAll("thead th").forEach((h) => h.setAttribute("aria-sort", "none"));
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.forEach((row) => body.appendChild(row));
      };
      heading.addEventListener("click", sort);
      heading.addEventListener("keydown", (event) => { if (event.key === "Enter") sort(); });
    });
  }
}
document.addEventListener("DOMContentLoaded", () => { addCsvButtons(); makeSortable(); });
