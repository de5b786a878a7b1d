"""Rich renderings of the scenario results: the same dicts `multivector simulate ... --json` prints."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

UNITS = {"mt_per_year": "Mt/y", "bcm_per_year": "bcm/y"}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _vol(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}"


def _num(value, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):  # "inf" in parameter records
        return value
    return f"{value:.{digits}f}"


def _places(route: dict) -> str:
    return " → ".join([*route.get("transit", []), *route.get("destinations", [])]) or "–"


# route outages ------------------------------------------------------------------------------


def outage(console: Console, r: dict) -> None:
    s = r["scenario"]
    closing = " and ".join(
        filter(
            None, [f"route {s['route']}" if s["route"] else "", f"{s['transit']}'s territory" if s["transit"] else ""]
        )
    )
    console.print(f"[bold]{r['state']} · {r['commodity']} exports · closing {escape(closing)}[/bold]")
    if r["outcome"] == "no_route":
        _no_route(console, r)
        return
    unit = UNITS.get(r["unit"], r["unit"])
    console.print(
        f"estimate of {r['source_id']} · outcome {r['outcome']}"
        + (f" · matched {', '.join(s['matched'])}" if s["matched"] else "")
    )
    if r["outcome"] == "computed":
        console.print(
            f"baseline {_vol(r['baseline'])} {unit} · deliverable after the outage {_vol(r['after'])} "
            f"{unit} · lost {_vol(r['lost'])} {unit} ([bold]{_pct(r['lost_share'])}[/bold]) · "
            f"re-routed over spare capacity {_vol(r['spare_used'])} {unit}"
        )
    else:
        console.print(
            "volume unknown: no line has a known figure, so the baseline and the loss are not computed (never assumed)"
        )
    console.print(_routes_table(r, unit))
    if r["markets"]:
        console.print(
            "markets: " + ", ".join(f"{m['market']} {_vol(m['before'])} → {_vol(m['after'])}" for m in r["markets"])
        )
    for u in r["unknown_capacities"]:
        console.print(f"unknown volume: {escape(u['name'] or u['route'])} — {u['reason']}")
    if r["not_in_operation"]:
        console.print(
            "not in operation (carry nothing): "
            + "; ".join(f"{escape(x['name'] or x['route'])} ({x['status']})" for x in r["not_in_operation"])
        )
    for e in r["other_estimates"]:
        console.print(
            f"other estimate, {e['source_id']}: "
            + (
                f"{_vol(e['baseline'])} → {_vol(e['after'])} {UNITS.get(e['unit'], e['unit'])}, "
                f"lost {_pct(e['lost_share'])}"
                if e["baseline"] is not None
                else "volume unknown"
            )
        )
    _notes(console, r)


def _routes_table(r: dict, unit: str) -> Table:
    table = Table(title=f"routes ({unit})")
    table.add_column("route")
    for column in ("before", "after", "absorbs", "spare", "capacity"):
        table.add_column(column, justify="right")
    for column in ("closed", "via → to", "figure from"):
        table.add_column(column)
    for x in r["routes"]:
        table.add_row(
            escape(x["name"] or x["route"]),
            _vol(x["before"]),
            _vol(x["after"]),
            _vol(x["absorbs"]),
            _vol(x["spare"]),
            _vol(x["capacity"]),
            "yes" if x["closed"] else "no",
            _places(x),
            escape(x["capacity_source"] or "unknown"),
        )
    return table


def _no_route(console: Console, r: dict) -> None:
    console.print("outcome no_route: nothing to simulate (no baseline, no loss)")
    for c in r["crossing"]:
        console.print(
            f"crossed by a line of {c['state']}: {escape(c['name'] or c['route'])} ({c['role']}, {c['source_id']})"
        )
    _notes(console, r)


def _notes(console: Console, r: dict) -> None:
    if r["note"]:
        console.print(f"note: {r['note']}", markup=False, highlight=False)
    console.print("assumptions:")
    for a in r["assumptions"]:
        console.print(f"  • {a}", markup=False, highlight=False)
    if r["sources"]:
        console.print("sources:")
        for key, citation in r["sources"].items():
            console.print(f"  {key}: {citation}", markup=False, highlight=False)


def route_list(console: Console, rows: list[dict]) -> None:
    table = Table(title="export lines in operation (what --route may name)")
    for column in ("commodity", "source", "route", "line", "name", "figure", "via → to"):
        table.add_column(column, justify="right" if column == "figure" else "left")
    for x in rows:
        figure = "unknown" if x["figure"] is None else f"{x['figure']:,.2f} {UNITS.get(x['unit'], x['unit'])}"
        table.add_row(
            x["commodity"].replace(" ", "_"),
            x["source_id"],
            escape(x["route"]),
            escape(x["line"]) if x["line"] != x["route"] else "",
            escape(x["name"] or ""),
            figure,
            _places(x),
        )
    console.print(table)
    if not rows:
        console.print("no export line in operation in the store")


# the hedging model --------------------------------------------------------------------------


def hedging(console: Console, r: dict) -> None:
    mc, cal = r["monte_carlo"], r["calibration"]
    console.print(
        f"[bold]{r['state']} · strategic hedging model · {r['years'][0]}-{r['years'][1]} · "
        f"{mc['draws']:,} draws, seed {mc['seed']}[/bold]"
    )
    if r["scenario"]:
        console.print("scenario: " + "; ".join(_shock_text(s) for s in r["scenario"]))
    console.print(_fit_table(cal))
    console.print(
        f"calibration: {cal['source']}, {'converged' if cal['converged'] else 'NOT converged'} "
        f"after {cal['evaluations']} evaluations"
        + (f"; unidentified: {', '.join(cal['unidentified'])}" if cal["unidentified"] else "")
    )
    console.print(_parameter_table(r["model"]))
    m = r["model"]
    console.print(
        f"λ {_num(m['lam'], 2)} · κ₀ {_num(m['kappa'], 3)} · ρ₀ {_num(m['rho'], 3)} · shocks: "
        + ("; ".join(_shock_text(s) for s in m["shocks"]) or "none")
    )
    console.print(_verdict_table(r))
    console.print(f"[bold]{escape(r['verdict']['statement'])}[/bold]")


def _shock_text(s: dict) -> str:
    parts = [
        f"κ factor {_num(s['kappa'], 3)}" if s.get("kappa") is not None else "",
        f"ρ {_num(s['rho'], 3)}" if s.get("rho") is not None else "",
    ]
    return f"{s['year']}: " + ", ".join(p for p in parts if p)


def _fit_table(cal: dict) -> Table:
    table = Table(title="fit to the measured paths")
    table.add_column("domain")
    for column in ("years", "RMSE", "R²", "RMSE hegemon", "R² hegemon"):
        table.add_column(column, justify="right")
    for domain, f in cal["fit"].items():
        table.add_row(
            domain,
            str(f["years"]),
            _num(f["rmse"]),
            _num(f["r2"], 2),
            _num(f["rmse_hegemon"]),
            _num(f["r2_hegemon"], 2),
        )
    return table


def _parameter_table(m: dict) -> Table:
    poles = list(m["poles"])
    table = Table(title="parameters: offer b at base year (drift a year), switching cost σ")
    table.add_column("domain")
    table.add_column("σ", justify="right")
    for pole in poles:
        table.add_column(pole, justify="right")
    for domain in m["domains"]:
        table.add_row(
            domain,
            _num(m["sigma"][domain], 2),
            *[f"{_num(m['offers'][domain][p], 2)} ({m['drift'][domain][p]:+.3f})" for p in poles],
        )
    table.caption = f"base year {m['base_year']}; λ = 1 is the unit; OTHER's offer is the reference"
    return table


def _verdict_table(r: dict) -> Table:
    domains = r["domains"]
    table = Table(title="verdict: declaratory-to-substantive transition after each shock")
    for column in (
        "shock",
        "transition",
        "start (5-50-95%)",
        "domains falling",
        "margin q50 (q95)",
        "central run",
        "data vs no-shock path",
        "driver (ST)",
    ):
        table.add_column(column, justify="left" if column in ("shock", "driver (ST)") else "right", no_wrap=True)
    for s in r["verdict"]["shocks"]:
        years = s["transition_year"]
        start = f"{years['q05']}-{years['q50']}-{years['q95']}" if years else "–"
        falls = ", ".join(f"{d[:3]} {100 * s['domain_fall_share'][d]:.0f}%" for d in domains)
        margin = f"{_num(s['margin']['q50'])} ({_num(s['margin']['q95'])})" if s["margin"] else "–"
        central = _single(s["central"], domains)
        driver = f"{s['driver']['factor']} {_num(s['driver']['total_index'], 2)}" if s["driver"] else "–"
        table.add_row(
            str(s["year"]),
            f"{_pct(s['transition_share'])} of draws",
            start,
            falls,
            margin,
            central,
            _single(s["observed"], domains),
            driver,
        )
    table.caption = "falls of the hegemon's share below the no-shock path (sec, eco, dip); δ = " + str(
        r["parameters"]["delta"]
    )
    return table


def _single(test: dict, domains: list[str]) -> str:
    falls = " ".join(_num(test["falls"][d]) for d in domains)
    return (f"yes {test['year']}: " if test["transition"] else "no: ") + falls
