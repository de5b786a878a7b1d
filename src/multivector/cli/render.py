"""Rich tables for the commands: the same dicts (or results) the --json output prints."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

TOP_PARTNERS = 10


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _window(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}-{last}"


def build(console: Console, results: list, store: str) -> None:
    """The build's files and counts, then a line per re-read file: records added, removed, changed."""
    table = Table(title=f"store: {store}")
    for column in ("source", "file", "status", "in", "loaded", "rejected", "deduplicated"):
        numeric = column in {"in", "loaded", "rejected", "deduplicated"}
        table.add_column(column, justify="right" if numeric else "left", no_wrap=column == "source")
    for r in results:
        table.add_row(
            r.source_id,
            r.file_name,
            r.status,
            f"{r.rows_in:,}",
            f"{r.rows_loaded:,}",
            f"{r.rows_rejected:,}",
            f"{r.rows_deduplicated:,}",
        )
    console.print(table)
    same = 0
    for r in results:
        for name, (added, removed, changed) in (r.changes or {}).items():
            if added or removed or changed:
                console.print(
                    f"{name}: +{added:,} -{removed:,} ~{changed:,} ({r.file_name})",
                    markup=False,
                    highlight=False,
                    soft_wrap=True,
                )
            else:
                same += 1
    if same:
        console.print(f"{same} file(s) re-read, their records unchanged", markup=False, highlight=False)


def sources(console: Console, entries: list[dict]) -> None:
    """The sources with their counts; a file beyond a data-quality gate is marked and told below."""
    table = Table(title="sources")
    table.add_column("id", no_wrap=True)
    for column in ("version", "years", "in", "loaded", "rejected", "dedup", "balanced", "quality"):
        table.add_column(column, justify="left" if column in {"version", "years", "quality"} else "right")
    for e in entries:
        years = f"{e['years_from']}-{e['years_to']}" if e["years_from"] else "-"
        quality = f"{len(e['quality'])} warning(s)" if e["quality"] else "ok"
        table.add_row(
            e["id"],
            e["version"],
            years,
            f"{e['rows_in']:,}",
            f"{e['rows_loaded']:,}",
            f"{e['rows_rejected']:,}",
            f"{e['rows_deduplicated']:,}",
            "yes" if e["balanced"] else "NO",
            quality,
        )
    console.print(table)
    for e in entries:
        for warning in e["quality"]:
            console.print(
                f"data-quality ({warning['kind']}): {warning['message']}", markup=False, highlight=False, soft_wrap=True
            )
    console.print("Licences and citations: `multivector sources --json` or `multivector cite SOURCE`.")


def measure(console: Console, r: dict) -> None:
    if r["kind"] == "ideal_point":
        return ideal_point_measure(console, r)
    window = _window(r["from"], r["to"])
    source = r["sources"][0]
    console.print(f"[bold]{r['state']} · {r['channel']} ({r['domain']}) · {window}[/bold]")
    console.print(f"series: {source['series']}" + (f" — {source['note']}" if source["note"] else ""))
    poles = Table()
    poles.add_column("pole")
    poles.add_column("share", justify="right")
    for pole, share in r["pole_shares"].items():
        poles.add_row(pole, _pct(share))
    console.print(poles)
    partners = Table(title=f"top partners (of {len(r['partner_shares'])})")
    partners.add_column("partner")
    partners.add_column("share", justify="right")
    partners.add_column(r["unit"], justify="right")
    for p in r["partner_shares"][:TOP_PARTNERS]:
        partners.add_row(p["partner"], _pct(p["share"]), f"{p['value']:,.3f}")
    console.print(partners)
    if r["hhi"] is None:
        console.print("HHI: not computed, the source lists main partners only")
    console.print(
        f"HHI {_num(r['hhi'])} · normalised {_num(r['hhi_normalized'])} · effective partners "
        f"{_num(r['effective_partners'], 1)} · top {r['top_partner']} {_pct(r['top_share'])} · "
        f"dependence on {r['dependence_on_hegemon']['pole']} {_pct(r['dependence_on_hegemon']['share'])}"
        + (f" · unlisted {_pct(r['unlisted_share'])}" if r["unlisted_share"] else "")
    )
    console.print(f"years with data: {', '.join(map(str, r['years_with_data']))}")


def ideal_point_measure(console: Console, r: dict) -> None:
    """Pole shares with their 90% intervals and the points they rest on (no partners)."""
    source, points = r["sources"][0], r["ideal_points"]
    window = _window(r["from"], r["to"])
    console.print(f"[bold]{r['state']} · {r['channel']} ({r['domain']}) · {window}[/bold]")
    console.print(f"series: {source['series']} — {source['note']}")
    poles = Table()
    for column in ("pole", "share", "5%", "95%", f"point {points['year']}"):
        poles.add_column(column, justify="left" if column == "pole" else "right")
    for pole, share in r["pole_shares"].items():
        interval = r["pole_share_intervals"][pole]
        poles.add_row(
            pole, _pct(share), _pct(interval["q05"]), _pct(interval["q95"]), _num(points["poles"].get(pole), 2)
        )
    console.print(poles)
    hegemon = r["dependence_on_hegemon"]
    console.print(
        f"{r['state']}'s point {_num(points['state'], 2)} · h {_num(points['scale'], 2)} "
        f"(κ {r['params']['ideal_point_kappa']}) · dependence on {hegemon['pole']} "
        f"{_pct(hegemon['share'])}"
    )
    console.print(r["note"], markup=False, highlight=False, soft_wrap=True)
    console.print(f"years with data: {', '.join(map(str, r['years_with_data']))}")


def profile(console: Console, r: dict) -> None:
    poles = sorted({p for d in r["domains"].values() for p in (d["pole_shares"] or {})})
    table = Table(title=f"{r['state']} · profile {r['year']}")
    table.add_column("domain")
    for pole in poles:
        table.add_column(pole, justify="right")
    for column in ("leader", "captured", "co-aligned", "balance", "channels (window)"):
        table.add_column(column)
    for name, d in r["domains"].items():
        if d["pole_shares"] is None:
            table.add_row(
                name, *["-"] * len(poles), "no value" if d.get("no_value_reason") else "no data", "", "", "", ""
            )
            continue
        channels = ", ".join(f"{c['channel']} ({_window(c['from'], c['to'])})" for c in d["channels_used"])
        table.add_row(
            name,
            *[_pct(d["pole_shares"].get(p)) for p in poles],
            d["leader"],
            "yes" if d["captured"] else "no",
            ", ".join(d["co_aligned_poles"]) if d["co_aligned"] else "no",
            _num(d["balance"], 2),
            channels,
        )
    console.print(table)
    console.print(
        f"domain differentiation (JSD) {_num(r['domain_differentiation'])} · distinct leaders "
        f"{r['distinct_leaders']} · overall balance {_num(r['balance'])} (K = {r['poles_count']})"
    )
    trade = r.get("hegemon_trade_share")
    if trade:
        console.print(
            f"{trade['hegemon']}'s share of {r['state']}'s trade {_pct(trade['share'])} (exports "
            f"{_pct(trade['exports_share'])}, imports {_pct(trade['imports_share'])}) · {trade['series']}",
            markup=False,
            highlight=False,
        )
    if r.get("whole_vector_note"):
        console.print(r["whole_vector_note"])
    for d in r["domains"].values():
        if d.get("no_value_reason"):
            console.print(f"no value: {d['no_value_reason']}")
    missing = {name: d["channels_missing"] for name, d in r["domains"].items() if d["channels_missing"]}
    for name, channels in missing.items():
        console.print(f"{name}: no data this year for {', '.join(channels)}")


def routes(console: Console, r: dict) -> None:
    when = f" · lines operating in {r['year']}" if r["year"] else ""
    for e in r["estimates"]:
        table = Table(title=f"{r['state']} · {e['commodity']} export routes ({e['source_id']}){when}")
        table.add_column("route")
        table.add_column(e["volume_unit"], justify="right")
        table.add_column("share", justify="right")
        for route in e["routes"]:
            table.add_row(route["name"] or route["route"], f"{route['volume']:,.1f}", _pct(route["share"]))
        console.print(table)
        exposed = ", ".join(f"{p} {_pct(v)}" for p, v in e["exposure_transit"].items() if v)
        spof = e["single_point_of_failure"]
        console.print(
            f"single point of failure: {spof['name'] or spof['route']} "
            f"{_pct(spof['share'])} · HHI {_num(e['hhi'])} · "
            f"transit exposure: {exposed or 'none'}"
            + (f" · {e['routes_without_volume']} route(s) without a known volume" if e["routes_without_volume"] else "")
        )
    console.print(r["note"])
    console.print(
        f"The lines `simulate outage --route` accepts: `multivector routes {r['state']} --lines`.",
        markup=False,
        highlight=False,
    )


def network(console: Console, r: dict) -> None:
    table = Table(title=f"post-Soviet trade network around {r['hub']}", caption=r["formula"])
    for column in ("year", "centralisation", f"{r['hub']} share", "most central", "reporters"):
        table.add_column(column, justify="right")
    for y in r["years"]:
        table.add_row(
            str(y["year"]), _num(y["centralisation"]), _pct(y["hub_share"]), y["top_node"], f"{y['reporters']}/{y['n']}"
        )
    console.print(table)


VERDICT = {True: "holds", False: "does not hold", None: "unknown"}


def condition_table(conditions: dict) -> Table:
    """C1-C3 and the prediction at adoption and now, with the number of evidence items behind each."""
    adoption, now = conditions["at_adoption"], conditions["now"]
    first, last = adoption["window"]
    table = Table(title="adoption conditions, judged at two moments")
    for column in ("", f"at adoption {first}-{last} (in {adoption['year']})", f"now ({now['year']})", "evidence items"):
        table.add_column(column)
    for key in ("C1", "C2", "C3", "predicted"):
        then, today = adoption[key], now[key]
        counted = f"{len(then['evidence'])} / {len(today['evidence'])}" if "evidence" in then else ""
        table.add_row(key, VERDICT[then["holds"]], VERDICT[today["holds"]], counted)
    return table


def classification(console: Console, r: dict) -> None:
    console.print(
        f"[bold]{r['state']} · phases · conditions at adoption and in {r['year']} · variants in {r['year']}[/bold]"
    )
    phases = Table(title="phases")
    for column in ("from", "to", "phase", "structure"):
        phases.add_column(column)
    for p in r["phases"]:
        phases.add_row(str(p["from"]), str(p["to"]), p["phase"], p["structure"])
    console.print(phases)
    if r.get("shocks"):
        console.print(shock_table(r["shocks"]))
        for s in r["shocks"]:
            if s.get("why_not_testable"):
                console.print(f"{s['shock']}: not testable: {s['why_not_testable']}.", markup=False, highlight=False)
    console.print(condition_table(r["conditions"]))
    variants = Table(title=f"variants, judged in {r['year']}")
    for column in ("", "score", "evidence items"):
        variants.add_column(column)
    for key, v in r["variants"].items():
        variants.add_row(key, "-" if v["score"] is None else f"{v['score']:.2f}", str(len(v["evidence"])))
    console.print(variants)
    changes = [t for t in r.get("timeline", []) if t["series_break"]]
    if changes:
        table = Table(title="series changes: a step in these years is partly a change of measurement")
        for column in ("year", "domain", f"{r['parameters']['measure']['hegemon']}'s share", "what changed"):
            table.add_column(column)
        for t in changes:
            table.add_row(str(t["year"]), t["domain"], f"{t['hegemon_share']:.1%}", t["change"])
        console.print(table)
    console.print(r["explanation"], markup=False, highlight=False)


def shock_table(shocks: list[dict]) -> Table:
    """Shock, kind, verdict (substantive, declaratory, not testable), robustness, falling domains."""
    from multivector.theory.robustness import flip_text  # loads the theory: only when a verdict is drawn

    table = Table(title="shocks: the reallocation test (robustness: share of plausible settings keeping the verdict)")
    for column in ("shock", "kind", "verdict", "robustness", "domains falling", "flips with"):
        table.add_column(column)
    for s in shocks:
        robust = s.get("robustness")
        verdict = s["verdict"] + (" (fragile)" if robust and robust["fragile"] else "")
        falling = ", ".join(d for d, v in s["domains"].items() if v["falls"]) or "none"
        flips = flip_text(robust["flips"]) if robust else ""
        table.add_row(
            s["shock"],
            s["kind"],
            verdict,
            f"{robust['robustness']:.0%} of {robust['settings']}" if robust else "-",
            falling,
            flips,
        )
    return table


def sensitivity(console: Console, r: dict) -> None:
    table = Table(title=f"{r['state']}: verdicts flipped by one parameter (others at default)")
    for column in ("parameter", "default", "value", "flips"):
        table.add_column(column)
    for run in r["runs"]:
        if run["flips"]:
            flips = "; ".join(f"{f['verdict']}: {f['from']} → {f['to']}" for f in run["flips"][:6])
            more = len(run["flips"]) - 6
            table.add_row(
                run["parameter"],
                str(run["default"]),
                str(run["value"]),
                flips + (f" (+{more} more)" if more > 0 else ""),
            )
    console.print(table)
    steady = sorted({run["parameter"] for run in r["runs"]} - set(r["flipping"]))
    console.print(f"no verdict changes with: {', '.join(steady)}")
