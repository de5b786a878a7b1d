"""The phase timeline with its evidence: values, changes, breaks, shocks and acts per segment."""

from __future__ import annotations

import pandas as pd

from multivector.channels import DOMAINS
from multivector.sources import get_source
from multivector.theory.breaks import Break
from multivector.theory.evidence import Evidence, records
from multivector.theory.frame_rows import each_group, each_row
from multivector.theory.panel import Panel
from multivector.theory.phases import segments, shock_tests, yearly_phases
from multivector.theory.shocks import ShockTest


def timeline(panel: Panel, params) -> dict:
    """Phases as segments with evidence, the shock tests and the breaks found."""
    tests, breaks = shock_tests(panel, params.phases)
    yearly = yearly_phases(panel, tests, params.phases, params.measure.theta_capture)
    phases = []
    for segment in segments(yearly):
        items = segment_evidence(panel, segment, yearly, tests, breaks, params)
        phases.append({**segment, "evidence": records(items)})
    return {
        "phases": phases,
        "shocks": [shock_record(t, panel) for t in tests],
        "breaks": [break_record(c, b, panel) for c, found in sorted(breaks.items()) for b in found],
    }


def segment_evidence(
    panel: Panel, segment: dict, yearly: pd.DataFrame, tests: list[ShockTest], breaks: dict[str, list[Break]], params
) -> list[Evidence]:
    first, last = segment["from"], segment["to"]
    items = [*_dependence(panel, first), *([] if last == first else _dependence(panel, last))]
    if segment["phase"] == "not_hedging":
        captor = yearly.loc[yearly.year == last, "captor"].iloc[0]
        items += _leaders(panel, last, params.phases.structural_domains, only=captor)
    elif segment["phase"] == "substantive":
        shock = yearly.loc[yearly.year == first, "shock"].iloc[0]
        test = next(t for t in tests if t.label == shock)
        items += _shock_evidence(panel, test) + _acts(test.acts)
    else:
        items += _leaders(panel, last, DOMAINS)
    for channel, found in sorted(breaks.items()):
        items += [_break_evidence(panel, channel, b) for b in found if first <= b.year <= last]
    return items


def _domain_sources(panel: Panel, domain: str, year: int) -> tuple[tuple[str, ...], str]:
    """The source ids of a domain's channels in ``year`` (sorted), and their citations."""
    rows = panel.channels[(panel.channels.domain == domain) & (panel.channels.year == year)]
    ids = tuple(sorted(rows.source_id.unique()))
    return ids, "; ".join(get_source(i).citation for i in ids)


def _dependence(panel: Panel, year: int) -> list[Evidence]:
    shares = panel.hegemon_share("domain")
    out = []
    for row in each_row(shares[shares.year == year]):
        sources, citation = _domain_sources(panel, row.domain, year)
        out.append(
            Evidence(
                claim=f"{panel.hegemon}'s share of the {row.domain} domain",
                value=float(row.share),
                unit="share",
                year=year,
                sources=sources,
                citation=citation,
            )
        )
    return out


def _leaders(panel: Panel, year: int, domains, only: str | None = None) -> list[Evidence]:
    rows = panel.domains[(panel.domains.year == year) & panel.domains.domain.isin(list(domains))]
    out = []
    for domain, group in each_group(rows, "domain", sort=False):
        top = group.sort_values(["share", "pole"], ascending=[False, True]).iloc[0]
        if only is not None and top.pole != only:
            continue
        sources, citation = _domain_sources(panel, domain, year)
        out.append(
            Evidence(
                claim=f"leader of the {domain} domain: {top.pole}",
                value=float(top.share),
                unit="share",
                year=year,
                sources=sources,
                citation=citation,
            )
        )
    return out


def _shock_evidence(panel: Panel, test: ShockTest) -> list[Evidence]:
    out = []
    for domain, result in test.domains.items():
        if not result.falls:
            continue
        gaps = [result.residual(y) for y in result.fall_years]
        citation = "; ".join(get_source(s).citation for s in result.sources)
        out.append(
            Evidence(
                claim=f"{panel.hegemon}'s share of the {domain} domain below its pre-{test.label} trend "
                f"({', '.join(result.channels)}), mean gap",
                value=sum(gaps) / len(gaps),
                unit="share_points",
                year=result.fall_years[0],
                year_to=result.fall_years[-1],
                sources=result.sources,
                citation=citation,
            )
        )
    return out


def _acts(acts: pd.DataFrame) -> list[Evidence]:
    return [
        Evidence(
            claim=row.text,
            value=None,
            unit=row.kind,
            year=int(row.year),
            sources=(row.cites,),
            citation=row.citation,
            ref=row.fact_id,
        )
        for row in each_row(acts)
    ]


def _break_evidence(panel: Panel, channel: str, found: Break) -> Evidence:
    rows = panel.channels[(panel.channels.channel == channel) & (panel.channels.year == found.year)]
    source = rows.source_id.iloc[0] if not rows.empty else "unknown"
    return Evidence(
        claim=f"break in {panel.hegemon}'s share of {channel}: mean "
        f"{found.years_before[0]}-{found.years_before[1]} to "
        f"{found.years_after[0]}-{found.years_after[1]}",
        value=found.change,
        unit="share_points",
        year=found.year,
        sources=(source,),
        citation=get_source(source).citation if source != "unknown" else "",
    )


def shock_record(test: ShockTest, panel: Panel) -> dict:
    return {
        "shock": test.label,
        "kind": test.kind,
        "year": test.year,
        "substantive": test.passes,
        "verdict": test.verdict,
        "untested_domains": test.untested_domains,
        "why_not_testable": test.why_not_testable,
        "domains": {
            d: {
                "testable": r.testable,
                "falls": r.falls,
                "fall_years": list(r.fall_years),
                "channels": list(r.channels),
                "sources": list(r.sources),
                "why_untestable": r.reason or None,
            }
            for d, r in test.domains.items()
        },
        "acts": records(_acts(test.acts)),
    }


def break_record(channel: str, found: Break, panel: Panel) -> dict:
    return {
        "channel": channel,
        "year": found.year,
        "before": round(found.before, 6),
        "after": round(found.after, 6),
        "change": round(found.change, 6),
        "evidence": records([_break_evidence(panel, channel, found)]),
    }
