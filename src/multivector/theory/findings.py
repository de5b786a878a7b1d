"""Findings: the seeds' claims tested against the classification of every studied state.

``findings_markdown`` writes ``docs/findings.md`` (``multivector findings``; ``make findings``).
Each claim is paraphrased with its place in the seed (``seed id`` and sentence ``sN`` as cut
by ``multivector.kb.split_sentences``), then the data's answer with its figures and sources,
then a verdict computed by a stated rule — agree, partly, disagree or not testable — and its
robustness: the claims are judged again under every plausible parameter setting
(``robustness.py``), and a verdict that changes under any of them is reported as *fragile*,
with the verdict at the defaults and the settings that flip it. Nothing in the document is
written by hand but the paraphrases and the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from multivector.errors import NoData
from multivector.theory.condition_parts import year_spans
from multivector.theory.crude_routes import NOT_IN_TOTAL, crude_exports, judge, route_lines
from multivector.theory.evidence import share_text
from multivector.theory.frame_rows import each_group, each_row
from multivector.theory.panel import Panel

FOCUS = ("KAZ", "UZB", "TKM", "KGZ", "TJK")
COMPARISON = ("AZE", "ARM", "GEO", "UKR", "BLR", "MNG")
ESSAY = "seed_kaz_hedging_2026"
FULL_TRADE_FROM = 1994


@dataclass(frozen=True)
class Claim:
    title: str
    seeds: str  # our paraphrase
    where: str  # seed id and sentences
    data: list[str]
    verdict: str  # agree, partly, disagree, not testable (at the default parameters)
    rule: str
    robustness: float = 1.0  # share of plausible settings with the same verdict
    fragile: bool = False  # the verdict flips inside the plausible range
    flips: tuple[dict, ...] = field(default=())  # {parameter, value, verdict} of each flipping setting
    band: dict | None = None  # resampled: {draws, keeps, verdicts} where a series states its noise

    @property
    def reported(self) -> str:
        """The verdict as reported: "fragile" when it flips inside the plausible range."""
        return "fragile" if self.fragile else self.verdict

    def record(self) -> dict:
        return {
            "title": self.title,
            "verdict": self.reported,
            "verdict_at_defaults": self.verdict,
            "robustness": self.robustness,
            "fragile": self.fragile,
            "flips": list(self.flips),
            "band": self.band,
            "seeds": self.seeds,
            "where": self.where,
            "data": self.data,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Context:
    """What the claims are tested on: classifications, panels (with their facts), KAZ's differentiation, the network."""

    results: dict[str, dict]
    panels: dict[str, Panel]
    differentiation: pd.DataFrame  # year, differentiation (KAZ)
    network: dict
    delta: float


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
    return [(y, *found) for y in range(first, last + 1) if (found := phase_in(result, y))]


def claim_declaratory_1990s(c: Context) -> Claim:
    kaz = c.results["KAZ"]
    years = _years(kaz, 1992, 2002)
    declaratory = [y for y, phase, _ in years if phase == "declaratory"]
    dominated = [y for y, _, structure in years if structure == "hegemon_dominated"]
    data = [
        f"Phases 1992-2002: declaratory in {len(declaratory)} of {len(years)} years with data; the hegemon "
        f"leads both structural domains in {len(dominated)} of them ({year_spans(dominated)})."
    ]
    data += _dependence_lines(c.panels["KAZ"], (1995, 2002))
    data += _series_changes(kaz, 1992, 2002)
    verdict = (
        "agree"
        if years and len(declaratory) == len(years) and len(dominated) * 2 > len(years)
        else "partly"
        if years and len(declaratory) == len(years)
        else "disagree"
        if years
        else "not testable"
    )
    return Claim(
        "Kazakhstan's multivectorism was declaratory in the 1990s",
        "Through the 1990s and into the early 2000s the doctrine of balance was mostly rhetoric: "
        "Russia still dominated the structural and security ties.",
        f"{ESSAY} s55-s56",
        data,
        verdict,
        "agree when every year 1992-2002 is declaratory and the hegemon leads both structural domains in "
        "most of them; partly when declaratory with a diversified structure",
    )


def claim_diversification_2000s(c: Context) -> Claim:
    kaz = c.results["KAZ"]
    substantive = [y for y, phase, _ in _years(kaz, 2000, 2013) if phase == "substantive"]
    panel = c.panels["KAZ"]
    falls = {d: (dependence(panel, d, 2003), dependence(panel, d, 2013)) for d in ("security", "economic")}
    data = [f"Substantive years 2000-2013: {year_spans(substantive) or 'none'}."]
    data += _dependence_lines(panel, (2003, 2013))
    fell = [d for d, (a, b) in falls.items() if a is not None and b is not None and a - b >= c.delta]
    data.append(
        f"Domains where the hegemon's share fell by at least {share_text(c.delta)} from 2003 to 2013: "
        f"{', '.join(fell) or 'none'}."
    )
    data += _series_changes(kaz, 2003, 2013)
    verdict = "agree" if substantive else "partly" if fell else "disagree"
    return Claim(
        "Diversification became substantive in the 2000s (the Kazakhstan-China pipeline, 2003-2009)",
        "From the early 2000s, with high commodity prices and great-power interest in Caspian energy, "
        "diversification became real; the pipeline to China was the first export route avoiding Russia.",
        f"{ESSAY} s62, s64",
        data,
        verdict,
        "agree when a year 2000-2013 is substantive (a fall beyond the pre-shock trend in two domains "
        "with acts); partly when the hegemon's share only fell along its trend",
    )


def claim_differentiation_after_2014(c: Context) -> Claim:
    d = c.differentiation.set_index("year").differentiation
    before = d[(d.index >= 2008) & (d.index <= 2013)]
    after = d[(d.index >= 2014) & (d.index <= 2021)]
    if before.empty or after.empty:
        return Claim(
            "Domain differentiation intensified after 2014",
            _DIFF_SEEDS,
            f"{ESSAY} s78, s80",
            ["No differentiation values on both sides of 2014."],
            "not testable",
            _DIFF_RULE,
        )
    data = [
        f"Mean Jensen-Shannon differentiation of KAZ's domain vectors: {before.mean():.3f} in "
        f"{before.index.min()}-{before.index.max()}, {after.mean():.3f} in {after.index.min()}-"
        f"{after.index.max()} (measurement engine: `Measurements.differentiation`)."
    ]
    domains = c.panels["KAZ"].domains.groupby("year").domain.nunique()
    whole = [int(y) for y in domains[domains == domains.max()].index if y in d.index]
    if whole:
        latest = max(whole)
        data.append(
            f"Latest year with every domain measured: {latest}, differentiation {d[latest]:.3f}"
            + (
                f" (later years lack a domain, so their values compare fewer vectors: "
                f"{', '.join(str(int(y)) for y in d.index if y > latest)})."
                if d.index.max() > latest
                else "."
            )
        )
    data += _series_changes(c.results["KAZ"], 2008, 2021)
    change = after.mean() - before.mean()
    verdict = "agree" if change >= 0.02 else "disagree" if change <= -0.02 else "partly"
    return Claim(
        "Domain differentiation intensified after 2014", _DIFF_SEEDS, f"{ESSAY} s78, s80", data, verdict, _DIFF_RULE
    )


_DIFF_SEEDS = "After Crimea changed threat perceptions, Kazakhstan spread its alignments across domains further."
_DIFF_RULE = (
    "agree when mean differentiation 2014-2021 exceeds 2008-2013 by at least 0.02; disagree when it is "
    "lower by as much; partly otherwise"
)


def claim_hard_after_2022(c: Context) -> Claim:
    kaz = c.results["KAZ"]
    shock = next((s for s in kaz["shocks"] if s["shock"].startswith("2022")), None)
    substantive = [y for y, phase, _ in _years(kaz, 2022, 2030) if phase == "substantive"]
    data = [f"Substantive years from 2022: {year_spans(substantive) or 'none'}."]
    if shock:
        data.append(
            f"The 2022 shock's verdict: {shock['verdict']}, on {3 - len(shock['untested_domains'])} of 3 "
            "domains with a series of the hegemon's share spanning it."
        )
        for domain, r in shock["domains"].items():
            if r["testable"]:
                state = "falls below" if r["falls"] else "does not fall below"
                data.append(
                    f"{domain}: the hegemon's share {state} its pre-2022 trend "
                    f"({', '.join(r['channels'])}; {', '.join(r['sources'])})."
                )
            else:
                data.append(f"{domain}: not testable ({r['why_untestable']}).")
        data.append(f"Corroborating acts on record: {len({a['ref'] for a in shock['acts']})}.")
        if shock.get("band"):
            band = shock["band"]
            data.append(
                f"Resampled over the ideal points' stated uncertainty ({band['draws']} draws): "
                f"{share_text(band['keeps'])} of the draws keep the verdict "
                f"({', '.join(f'{v} {n}' for v, n in sorted(band['verdicts'].items()))})."
            )
    panel = c.panels["KAZ"]
    data += _dependence_lines(panel, tuple(range(2020, _last_year(panel) + 1)))
    data += _series_changes(kaz, 2018, 2030)
    verdict = (
        "not testable"
        if shock is None or shock["verdict"] == "not testable"
        else "agree"
        if shock["verdict"] == "substantive"
        else "disagree"
    )
    return Claim(
        "After 2022 Kazakhstan moved from soft to hard multivectorism",
        "The 2022 invasion led to Kazakhstan's strongest rebalancing: an active reallocation away from "
        "Russia, within structural limits.",
        f"{ESSAY} s84, s96, s98, s100, s109",
        data,
        verdict,
        "agree when the 2022 shock's reallocation test is substantive (the hegemon's share below its "
        "pre-shock trend in two domains, with acts); disagree when it is declaratory, which needs all "
        "three domains tested; not testable when a domain lacks a series spanning the shock",
        band=shock.get("band") if shock else None,
    )


def claim_domain_profile(c: Context) -> Claim:
    year = c.results["KAZ"]["phases"][-1]["to"]
    leaders = _leaders(c.panels["KAZ"], year)
    data = [
        f"Leaders in {y}: "
        + ", ".join(f"{d} {p} ({share_text(v)})" for d, (p, v) in _leaders(c.panels["KAZ"], y).items())
        + "."
        for y in sorted({2014, year})
    ]
    data.append(
        "The diplomatic vector rests on UN votes and ideal points (and shared IGOs to 2014): OTHER is the "
        "rest of the world, so a large OTHER share is agreement spread beyond the great powers."
    )
    hegemon = c.panels["KAZ"].hegemon
    ok_security = leaders.get("security", (None,))[0] == hegemon
    ok_economic = leaders.get("economic", (None,))[0] in ("CHN", "WEST")
    diplomatic_spread = leaders.get("diplomatic", (None, 1.0))[1] < 0.5
    hits = sum([ok_security, ok_economic, diplomatic_spread])
    verdict = "agree" if hits == 3 else "partly" if hits else "disagree"
    return Claim(
        "Domain differentiation: security Russia-leaning, economy China/West-leaning, diplomacy spread",
        "Kazakhstan leans on Russia in security, on China (and Western investors) in the economy, and "
        "spreads its diplomacy over several frameworks.",
        f"{ESSAY} s37, s77",
        data,
        verdict,
        f"agree when {hegemon} leads security, CHN or WEST leads the economy and no pole holds half the "
        "diplomatic domain, in the last year with data; partly when some hold",
    )


def claim_armenia(c: Context) -> Claim:
    year_shares = {s: _mean_dependence(r, c.panels[s]) for s, r in c.results.items()}
    arm = year_shares.get("ARM")
    focus = {s: v for s, v in year_shares.items() if s in FOCUS and v is not None}
    if arm is None or not focus:
        return Claim(
            "Armenia is far more Russia-centric", _ARM_SEEDS, f"{ESSAY} s106", ["No data."], "not testable", _ARM_RULE
        )
    last = {s: r["phases"][-1]["to"] for s, r in c.results.items() if r["phases"]}
    data = [
        f"Mean of the hegemon's structural shares (security, economic) in the last year of each timeline: "
        f"ARM {share_text(arm)} ({last['ARM']}); "
        + ", ".join(f"{s} {share_text(v)} ({last[s]})" for s, v in focus.items())
        + "."
    ]
    data += _later_change(c.panels["ARM"], last["ARM"], c.delta)
    above = [s for s, v in focus.items() if arm > v]
    verdict = "agree" if len(above) == len(focus) else "partly" if above else "disagree"
    return Claim(
        "Armenia is far more Russia-centric than the Central Asian states",
        _ARM_SEEDS,
        f"{ESSAY} s106",
        data,
        verdict,
        _ARM_RULE,
    )


def _later_change(panel: Panel, last: int, delta: float) -> list[str]:
    """Structural domains whose data run past the timeline's last year and changed since, said with when and how.

    A timeline ends in the last year with data on both structural domains; a domain measured
    later (arms to 2024 when trade ends in 2023) may show a change the verdict does not yet see.
    """
    out = []
    shares = panel.hegemon_share("domain")
    for domain in ("security", "economic"):
        rows = shares[shares.domain == domain].set_index("year").share
        later = rows[rows.index > last]
        if later.empty or last not in rows.index:
            continue
        year = int(later.index.max())
        change = float(later[year] - rows[last])
        if abs(change) < delta:
            continue
        leaders = panel.domains[(panel.domains.domain == domain) & (panel.domains.year == year)]
        top = leaders.sort_values(["share", "pole"], ascending=[False, True]).iloc[0]
        basis = panel.channels[(panel.channels.domain == domain) & (panel.channels.year == year)]
        windows = ", ".join(
            f"{r.channel} {r.year_from}-{r.year}"
            for r in each_row(basis[["channel", "year_from", "year"]].drop_duplicates())
        )
        out.append(
            f"Changed after the timeline's last year ({last}): the hegemon's share of the {domain} domain "
            f"is {share_text(float(later[year]))} in {year} against {share_text(float(rows[last]))} in "
            f"{last} ({windows}); the leader in {year} is {top.pole} ({share_text(float(top.share))}). "
            f"The verdict rests on {last}, the last year with both structural domains."
        )
    return out


_ARM_SEEDS = "Armenia, far from China and threatened by Azerbaijan, aligns with Russia far more than Central Asia."
_ARM_RULE = "agree when Armenia's mean structural dependence exceeds every focus state's; partly when some"


def claim_network(c: Context) -> Claim:
    years = [y for y in c.network["years"] if y["centralisation"] is not None and y["year"] >= FULL_TRADE_FROM]
    first, last = years[0], years[-1]
    data = [
        f"Degree centralisation around Moscow: {first['centralisation']:.3f} in {first['year']}, "
        f"{last['centralisation']:.3f} in {last['year']} ({c.network['series']}; from {FULL_TRADE_FROM}: "
        "the IMF reports of 1992-1993 omit most trade inside the former USSR)."
    ]
    verdict = "agree" if last["centralisation"] < first["centralisation"] - 0.05 else "disagree"
    return Claim(
        "The hub-and-spoke post-Soviet space gives way to a polycentric one",
        "Hard multivectorism is replacing the hub-and-spoke order around Moscow with a polycentric one.",
        f"{ESSAY} s119",
        data,
        verdict,
        "agree when centralisation fell by more than 0.05",
    )


def claim_cpc(c: Context) -> Claim:
    title, where, threshold = "Over 80% of Kazakh crude exports cross Russia (CPC)", f"{ESSAY} s53", 0.8
    panel = c.panels["KAZ"]
    try:
        e = crude_exports(panel.facts, "KAZ", panel.hegemon)
    except NoData as error:
        return Claim(
            title,
            _CPC_SEEDS,
            where,
            [f"No cited volumes of Kazakh crude per route: {error.message}."],
            "not testable",
            _CPC_RULE,
        )
    total, unknown = e.total, share_text(e.unknown)
    head = (
        f"Kazakh crude exports per route in {e.period_text}, all from one source ({e.citation}): "
        f"{total.value:g} Mt listed ({total.low:g}-{total.high:g} Mt within the written precision); each "
        "share with its band [low, high] over the figures' precision (half a unit of the last written "
        'digit; up to one unit above for "more than").'
    )
    data = [head, *route_lines(e), NOT_IN_TOTAL]
    crossing, verdict = e.crossing, judge(e.crossing, threshold)
    said = {
        "agree": f"above {share_text(threshold)} over the whole band",
        "disagree": f"below {share_text(threshold)} over the whole band",
        "partly": f"the band straddles {share_text(threshold)}: the figures' precision cannot settle it",
    }
    data.append(
        f"Share on routes crossing or ending in {e.hegemon}: {crossing.text()}, {said[verdict]} "
        f"(the band counts the {unknown} whose destination is not given out at its low end and in at "
        "its high end)."
    )
    cpc = e.items.get("cpc")
    if cpc is None:
        data.append(f"The CPC alone: no cited CPC volume in {e.period_text}.")
    else:
        alone = {
            "agree": f"over {share_text(threshold)}",
            "disagree": f"under {share_text(threshold)}",
            "partly": f"not settled, the band straddles {share_text(threshold)}",
        }[judge(cpc, threshold)]
        data.append(f"The CPC alone carries {cpc.text()} of the listed exports: {alone}.")
    return Claim(title, _CPC_SEEDS, where, data, verdict, _CPC_RULE)


_CPC_SEEDS = "Most Kazakh crude, over four fifths, leaves through the CPC pipeline across Russia."
_CPC_RULE = (
    "on one period's cited volumes per route, from one source: agree when the low end of the band of "
    "the share of Kazakh crude exports on routes crossing or ending in Russia exceeds 80%; disagree "
    "when its high end is below 80%; partly when the band straddles 80%. The CPC's own share is "
    "stated beside the verdict, judged the same way"
)

CLAIMS: tuple[Callable[[Context], Claim], ...] = (
    claim_declaratory_1990s,
    claim_diversification_2000s,
    claim_differentiation_after_2014,
    claim_hard_after_2022,
    claim_domain_profile,
    claim_armenia,
    claim_network,
    claim_cpc,
)


def _series_changes(result: dict, first: int, last: int) -> list[str]:
    """The series breaks of the state's domain time line in [first, last], each named."""
    marks = [t for t in result.get("timeline", []) if t["series_break"] and first <= t["year"] <= last]
    return [f"Series break in {t['year']}, {t['domain']}: {t['change']}." for t in marks]


def _last_year(panel: Panel) -> int:
    return int(panel.domains.year.max())


def _leaders(panel: Panel, year: int) -> dict[str, tuple[str, float]]:
    rows = panel.domains[panel.domains.year == year].sort_values(["share", "pole"], ascending=[False, True])
    return {d: (g.pole.iloc[0], float(g.share.iloc[0])) for d, g in each_group(rows, "domain", sort=False)}


def _mean_dependence(result: dict, panel: Panel) -> float | None:
    if not result["phases"]:
        return None
    year = result["phases"][-1]["to"]
    values = [dependence(panel, d, year) for d in ("security", "economic")]
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _dependence_lines(panel: Panel, years: tuple[int, ...]) -> list[str]:
    out = []
    for year in years:
        parts = [
            f"{d} {share_text(v)}"
            for d in ("security", "economic", "diplomatic")
            if (v := dependence(panel, d, year)) is not None
        ]
        if parts:
            out.append(f"Hegemon's share in {year}: {', '.join(parts)}.")
    return out
