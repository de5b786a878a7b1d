"""Findings: the seeds' claims tested against the classification of every studied state.

``findings_markdown`` writes ``docs/findings.md`` (``multivector findings``; ``make findings``).
Each claim is paraphrased with its place in the seed (``seed id`` and sentence ``sN`` as cut
by ``multivector.kb.split_sentences``), then the data's answer with its figures and sources,
then a verdict computed by a stated rule — agree, partly, disagree or not testable. Nothing
in the document is written by hand but the paraphrases and the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from multivector.theory.evidence import share_text
from multivector.theory.panel import Panel

FOCUS = ("KAZ", "UZB", "TKM", "KGZ", "TJK")
COMPARISON = ("AZE", "ARM", "GEO", "UKR", "BLR", "MNG")
ESSAY = "seed_kaz_hedging_2026"
FULL_TRADE_FROM = 1994


@dataclass(frozen=True)
class Claim:
    title: str
    seeds: str          # our paraphrase
    where: str          # seed id and sentences
    data: list[str]
    verdict: str        # agree, partly, disagree, not testable
    rule: str


@dataclass(frozen=True)
class Context:
    """What the claims are tested on: classifications, KAZ's differentiation, the network, routes."""

    results: dict[str, dict]
    panels: dict[str, Panel]
    differentiation: pd.DataFrame      # year, differentiation (KAZ)
    network: dict
    routes: dict
    delta: float
    sensitivity: dict                  # KAZ: runs of the sensitivity analysis


def phase_in(result: dict, year: int) -> tuple[str, str] | None:
    for p in result["phases"]:
        if p["from"] <= year <= p["to"]:
            return p["phase"], p["structure"]
    return None


def dependence(panel: Panel, domain: str, year: int) -> float | None:
    shares = panel.hegemon_share("domain")
    found = shares[(shares.domain == domain) & (shares.year == year)]
    return None if found.empty else float(found.share.iloc[0])


def _years(result: dict, first: int, last: int) -> list[tuple[int, str, str]]:
    return [(y, *phase_in(result, y)) for y in range(first, last + 1) if phase_in(result, y)]


def claim_declaratory_1990s(c: Context) -> Claim:
    kaz = c.results["KAZ"]
    years = _years(kaz, 1992, 2002)
    declaratory = [y for y, phase, _ in years if phase == "declaratory"]
    dominated = [y for y, _, structure in years if structure == "hegemon_dominated"]
    data = [f"Phases 1992-2002: declaratory in {len(declaratory)} of {len(years)} years with data; the hegemon "
            f"leads both structural domains in {len(dominated)} of them ({_span_list(dominated)})."]
    data += _dependence_lines(c.panels["KAZ"], (1995, 2002))
    verdict = ("agree" if years and len(declaratory) == len(years) and len(dominated) * 2 > len(years) else
               "partly" if years and len(declaratory) == len(years) else "disagree" if years else "not testable")
    return Claim("Kazakhstan's multivectorism was declaratory in the 1990s", 
                 "Through the 1990s and into the early 2000s the doctrine of balance was mostly rhetoric: "
                 "Russia still dominated the structural and security ties.", f"{ESSAY} s55-s56", data, verdict,
                 "agree when every year 1992-2002 is declaratory and the hegemon leads both structural domains in "
                 "most of them; partly when declaratory with a diversified structure")


def claim_diversification_2000s(c: Context) -> Claim:
    kaz = c.results["KAZ"]
    substantive = [y for y, phase, _ in _years(kaz, 2000, 2013) if phase == "substantive"]
    panel = c.panels["KAZ"]
    falls = {d: (dependence(panel, d, 2003), dependence(panel, d, 2013)) for d in ("security", "economic")}
    data = [f"Substantive years 2000-2013: {_span_list(substantive) or 'none'}."]
    data += _dependence_lines(panel, (2003, 2013))
    fell = [d for d, (a, b) in falls.items() if a is not None and b is not None and a - b >= c.delta]
    data.append(f"Domains where the hegemon's share fell by at least {share_text(c.delta)} from 2003 to 2013: "
                f"{', '.join(fell) or 'none'}.")
    data.append(_turning(c, 2000, 2013))
    verdict = "agree" if substantive else "partly" if fell else "disagree"
    return Claim("Diversification became substantive in the 2000s (the Kazakhstan-China pipeline, 2003-2009)",
                 "From the early 2000s, with high commodity prices and great-power interest in Caspian energy, "
                 "diversification became real; the pipeline to China was the first export route avoiding Russia.",
                 f"{ESSAY} s62, s64", data, verdict,
                 "agree when a year 2000-2013 is substantive (a fall beyond the pre-shock trend in two domains "
                 "with acts); partly when the hegemon's share only fell along its trend")


def claim_differentiation_after_2014(c: Context) -> Claim:
    d = c.differentiation.set_index("year").differentiation
    before = d[(d.index >= 2008) & (d.index <= 2013)]
    after = d[(d.index >= 2014) & (d.index <= 2021)]
    if before.empty or after.empty:
        return Claim("Domain differentiation intensified after 2014", _DIFF_SEEDS, f"{ESSAY} s78, s80",
                     ["No differentiation values on both sides of 2014."], "not testable", _DIFF_RULE)
    data = [f"Mean Jensen-Shannon differentiation of KAZ's domain vectors: {before.mean():.3f} in "
            f"{before.index.min()}-{before.index.max()}, {after.mean():.3f} in {after.index.min()}-"
            f"{after.index.max()} (measurement engine: `Measurements.differentiation`)."]
    change = after.mean() - before.mean()
    verdict = "agree" if change >= 0.02 else "disagree" if change <= -0.02 else "partly"
    return Claim("Domain differentiation intensified after 2014", _DIFF_SEEDS, f"{ESSAY} s78, s80", data,
                 verdict, _DIFF_RULE)


_DIFF_SEEDS = "After Crimea changed threat perceptions, Kazakhstan spread its alignments across domains further."
_DIFF_RULE = ("agree when mean differentiation 2014-2021 exceeds 2008-2013 by at least 0.02; disagree when it is "
              "lower by as much; partly otherwise")


def claim_hard_after_2022(c: Context) -> Claim:
    kaz = c.results["KAZ"]
    shock = next((s for s in kaz["shocks"] if s["shock"].startswith("2022")), None)
    substantive = [y for y, phase, _ in _years(kaz, 2022, 2030) if phase == "substantive"]
    data = [f"Substantive years from 2022: {_span_list(substantive) or 'none'}."]
    if shock:
        for domain, r in shock["domains"].items():
            if r["testable"]:
                state = "falls below" if r["falls"] else "does not fall below"
                data.append(f"{domain}: the hegemon's share {state} its pre-2022 trend "
                            f"({', '.join(r['channels'])}; {', '.join(r['sources'])}).")
            else:
                data.append(f"{domain}: not testable ({r['why_untestable']}).")
        data.append(f"Corroborating acts on record: {len({a['ref'] for a in shock['acts']})}.")
    data += _dependence_lines(c.panels["KAZ"], (2020, 2021, 2022, 2023))
    data.append(_turning(c, 2022, 2030))
    untestable = shock and sum(not r["testable"] for r in shock["domains"].values()) >= 2
    verdict = "agree" if substantive else "not testable" if untestable else "disagree"
    return Claim("After 2022 Kazakhstan moved from soft to hard multivectorism",
                 "The 2022 invasion led to Kazakhstan's strongest rebalancing: an active reallocation away from "
                 "Russia, within structural limits.", f"{ESSAY} s84, s96, s98, s100, s109", data, verdict,
                 "agree when a year from 2022 is substantive; not testable when two domains lack a series "
                 "spanning the shock; disagree otherwise")


def claim_domain_profile(c: Context) -> Claim:
    year = c.results["KAZ"]["phases"][-1]["to"]
    leaders = _leaders(c.panels["KAZ"], year)
    data = [f"Leaders in {y}: " + ", ".join(f"{d} {p} ({share_text(v)})" for d, (p, v) in
                                          _leaders(c.panels["KAZ"], y).items()) + "."
            for y in sorted({2014, year})]
    data.append("The diplomatic vector rests on UN votes (and shared IGOs to 2014): OTHER is the rest of the "
                "world, so a large OTHER share is agreement spread beyond the great powers.")
    ok_security = leaders.get("security", (None,))[0] == "RUS"
    ok_economic = leaders.get("economic", (None,))[0] in ("CHN", "WEST")
    diplomatic_spread = leaders.get("diplomatic", (None, 1.0))[1] < 0.5
    hits = sum([ok_security, ok_economic, diplomatic_spread])
    verdict = "agree" if hits == 3 else "partly" if hits else "disagree"
    return Claim("Domain differentiation: security Russia-leaning, economy China/West-leaning, diplomacy spread",
                 "Kazakhstan leans on Russia in security, on China (and Western investors) in the economy, and "
                 "spreads its diplomacy over several frameworks.", f"{ESSAY} s37, s77", data, verdict,
                 "agree when RUS leads security, CHN or WEST leads the economy and no pole holds half the "
                 "diplomatic domain, in the last year with data; partly when some hold")


def claim_armenia(c: Context) -> Claim:
    year_shares = {s: _mean_dependence(r, c.panels[s]) for s, r in c.results.items()}
    arm = year_shares.get("ARM")
    focus = {s: v for s, v in year_shares.items() if s in FOCUS and v is not None}
    if arm is None or not focus:
        return Claim("Armenia is far more Russia-centric", _ARM_SEEDS, f"{ESSAY} s106", ["No data."],
                     "not testable", _ARM_RULE)
    data = [f"Mean of the hegemon's structural shares (security, economic) in the last year of each timeline: "
            f"ARM {share_text(arm)}; " + ", ".join(f"{s} {share_text(v)}" for s, v in focus.items()) + "."]
    above = [s for s, v in focus.items() if arm > v]
    verdict = "agree" if len(above) == len(focus) else "partly" if above else "disagree"
    return Claim("Armenia is far more Russia-centric than the Central Asian states", _ARM_SEEDS,
                 f"{ESSAY} s106", data, verdict, _ARM_RULE)


_ARM_SEEDS = "Armenia, far from China and threatened by Azerbaijan, aligns with Russia far more than Central Asia."
_ARM_RULE = "agree when Armenia's mean structural dependence exceeds every focus state's; partly when some"


def claim_network(c: Context) -> Claim:
    years = [y for y in c.network["years"] if y["centralisation"] is not None and y["year"] >= FULL_TRADE_FROM]
    first, last = years[0], years[-1]
    data = [f"Degree centralisation around Moscow: {first['centralisation']:.3f} in {first['year']}, "
            f"{last['centralisation']:.3f} in {last['year']} ({c.network['series']}; from {FULL_TRADE_FROM}: "
            "the IMF reports of 1992-1993 omit most trade inside the former USSR)."]
    verdict = "agree" if last["centralisation"] < first["centralisation"] - 0.05 else "disagree"
    return Claim("The hub-and-spoke post-Soviet space gives way to a polycentric one",
                 "Hard multivectorism is replacing the hub-and-spoke order around Moscow with a polycentric one.",
                 f"{ESSAY} s119", data, verdict, "agree when centralisation fell by more than 0.05")


def claim_cpc(c: Context) -> Claim:
    crude = [e for e in c.routes["estimates"] if e["commodity"] == "crude oil"]
    if not crude:
        return Claim("Over 80% of Kazakh crude exports cross Russia (CPC)", _CPC_SEEDS, f"{ESSAY} s53",
                     ["No crude route with a known volume."], "not testable", _CPC_RULE)
    e = crude[0]
    exposure = e["exposure_transit"].get("RUS", 0.0)
    data = [f"Share of Kazakh crude export volume on lines crossing Russia: {share_text(exposure)} "
            f"({e['source_id']}; volumes in {e['volume_unit']})."]
    verdict = "agree" if exposure > 0.8 else "partly" if exposure > 0.7 else "disagree"
    return Claim("Over 80% of Kazakh crude exports cross Russia (CPC)", _CPC_SEEDS, f"{ESSAY} s53", data,
                 verdict, _CPC_RULE)


_CPC_SEEDS = "Most Kazakh crude, over four fifths, leaves through the CPC pipeline across Russia."
_CPC_RULE = "agree above 80%; partly above 70%"

CLAIMS: tuple[Callable[[Context], Claim], ...] = (
    claim_declaratory_1990s, claim_diversification_2000s, claim_differentiation_after_2014,
    claim_hard_after_2022, claim_domain_profile, claim_armenia, claim_network, claim_cpc)


def _turning(c: Context, first: int, last: int) -> str:
    """The single parameter changes that would make a year in [first, last] substantive."""
    found = []
    for run in c.sensitivity["runs"]:
        years = [int(f["verdict"].split()[1]) for f in run["flips"]
                 if f["verdict"].startswith("phase ") and f["to"] == "substantive"
                 and first <= int(f["verdict"].split()[1]) <= last]
        if years:
            found.append(f"{run['parameter']} = {run['value']} (default {run['default']}): {_span_list(years)}")
    if not found:
        return f"No single parameter change of the sensitivity run makes a year {first}-{last} substantive."
    return (f"Single parameter changes that would make years {first}-{last} substantive "
            f"(`multivector classify KAZ --sensitivity`): " + "; ".join(found) + ".")


def _leaders(panel: Panel, year: int) -> dict[str, tuple[str, float]]:
    rows = panel.domains[panel.domains.year == year].sort_values(["share", "pole"], ascending=[False, True])
    return {d: (g.pole.iloc[0], float(g.share.iloc[0])) for d, g in rows.groupby("domain", sort=False)}


def _mean_dependence(result: dict, panel: Panel) -> float | None:
    if not result["phases"]:
        return None
    year = result["phases"][-1]["to"]
    values = [dependence(panel, d, year) for d in ("security", "economic")]
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _dependence_lines(panel: Panel, years: tuple[int, ...]) -> list[str]:
    out = []
    for year in years:
        parts = [f"{d} {share_text(v)}" for d in ("security", "economic", "diplomatic")
                 if (v := dependence(panel, d, year)) is not None]
        if parts:
            out.append(f"Hegemon's share in {year}: {', '.join(parts)}.")
    return out


def _span_list(years: list[int]) -> str:
    if not years:
        return ""
    runs, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y != (prev + 1 if prev is not None else None):
            runs.append(str(start) if start == prev else f"{start}-{prev}")
            start = y
        prev = y
    return ", ".join(runs)
