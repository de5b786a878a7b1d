"""Where a time line changes series: every domain value with what it rests on, and the breaks.

A domain's value in a year rests on a *basis*: the channels whose pole vectors it averages,
each read on one series (``exports`` on ``imf_dots``, ``fdi`` on ``wiiw_fdi_kazakhstan`` ...).
When the basis of a domain differs from its basis in the previous year with a value, the
step between the two years mixes a change of the world with a change of measurement: that
year is a **series break** and is marked as such in every output that draws the time line,
with what changed (a series replaced, a channel starting or ending)::

    break(d, t) = basis(d, t) ≠ basis(d, t′),  t′ = the last year before t with a value of d

A break says nothing of the size of the step; readers see both. Channel time lines are
marked the same way, on the series alone.

**The splice rule.** A series replaced by another inside a channel (``exports: imf_dots →
nso_kazakhstan_trade``) is judged on the years both cover: the *overlap difference* is the
mean, over those years, of the hegemon's share on the new series minus its share on the old::

    Δ = mean_{t ∈ O} (H_new(t) − H_old(t)),   O = years with a value on both series

|Δ| ≤ ``SPLICE_TOLERANCE`` (2.5 points) reads as one series continued; beyond it the break
says the two disagree and the step across it is partly measurement; without an overlap it
says the two cannot be compared. The tolerance: Kazakhstan's statistics office and the IMF's
compilation of the same customs returns differ by at most 1.3 points per pole in 2018-2020,
and the IMF's Russia/World mirror figures by at most 2.5 points from the offices in
2018-2022 (tests/measure/test_series_overlap.py); a larger gap is a difference of source.
Nothing is rescaled to close a gap: values stay on their own series, the mark says why.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from multivector.theory.frame_rows import each_row
from multivector.theory.panel import Panel

COLUMNS = ["year", "domain", "hegemon_share", "basis", "series_break", "change", "overlaps"]
SPLICE_TOLERANCE = 0.025


def domain_timeline(panel: Panel) -> pd.DataFrame:
    """year, domain, the hegemon's share, the basis, whether the year breaks the series, and why.

    ``basis`` is a tuple of (channel, series) pairs, sorted; ``change`` a sentence, or None.
    """
    if panel.domains.empty:
        return pd.DataFrame(columns=COLUMNS)
    bases = (
        panel.channels[["year", "domain", "channel", "series"]]
        .drop_duplicates()
        .sort_values(["year", "domain", "channel", "series"])
        .groupby(["year", "domain"])[["channel", "series"]]
        # pandas-stubs: apply's overloads take no function returning a tuple (one object per group)
        .apply(lambda rows: tuple(zip(rows.channel, rows.series, strict=True)))  # type: ignore[call-overload]
        .rename("basis")
        .reset_index()
    )
    shares = panel.hegemon_share("domain").rename(columns={"share": "hegemon_share"})
    rows = shares.merge(bases, on=["year", "domain"], how="inner").sort_values(["domain", "year"])
    before = rows.groupby("domain").basis.shift()
    rows["series_break"] = [b is not None and not pd.isna(b) and a != b for a, b in zip(rows.basis, before)]
    rows["overlaps"] = [  # type: ignore[assignment]  # pandas-stubs: a column of lists
        overlaps(b, a, panel.overlaps) if flag else [] for a, b, flag in zip(rows.basis, before, rows.series_break)
    ]
    rows["change"] = [
        describe(b, a, o) if flag else None
        for a, b, flag, o in zip(rows.basis, before, rows.series_break, rows.overlaps)
    ]
    return rows[COLUMNS].sort_values(["year", "domain"], ignore_index=True)


def describe(before: tuple, after: tuple, compared: Sequence[dict] = ()) -> str:
    """What changed between two bases, channel by channel, in words (with the overlaps judged)."""
    old, new = dict(before), dict(after)
    judged = {o["channel"]: o for o in compared}
    parts = []
    for channel in sorted(set(old) | set(new)):
        if channel not in new:
            parts.append(f"{channel} ends ({_source(old[channel])})")
        elif channel not in old:
            parts.append(f"{channel} starts ({_source(new[channel])})")
        elif old[channel] != new[channel]:
            text = f"{channel}: {_source(old[channel])} → {_source(new[channel])}"
            parts.append(f"{text} ({judged[channel]['verdict']})" if channel in judged else text)
    return "; ".join(parts)


def overlaps(before: tuple, after: tuple, shares: pd.DataFrame) -> list[dict]:
    """Each channel whose series was replaced, judged on the years both series cover.

    ``shares``: year, channel, series, share (the hegemon's, ``Panel.overlaps``).
    """
    old, new = dict(before), dict(after)
    out = []
    for channel in sorted(set(old) & set(new)):
        if old[channel] == new[channel]:
            continue
        mine = shares[shares.channel == channel]
        a = mine[mine.series == old[channel]].set_index("year").share
        b = mine[mine.series == new[channel]].set_index("year").share
        common = sorted(set(a.index) & set(b.index))
        out.append(
            _judged(
                channel, old[channel], new[channel], common, float((b[common] - a[common]).mean()) if common else None
            )
        )
    return out


def _judged(channel: str, old: str, new: str, years: list[int], difference: float | None) -> dict:
    if difference is None:
        verdict = "no overlap: the two series cannot be compared"
    else:
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        within = abs(difference) <= SPLICE_TOLERANCE
        verdict = (
            f"overlap {span}: the hegemon's share differs by {difference * 100:+.1f} points on the new series, "
            + (
                f"within the {SPLICE_TOLERANCE * 100:.1f}-point tolerance"
                if within
                else f"beyond the {SPLICE_TOLERANCE * 100:.1f}-point tolerance: the step is partly a change of source"
            )
        )
    return {
        "channel": channel,
        "from": _source(old),
        "to": _source(new),
        "overlap_years": [int(y) for y in years],
        "difference": None if difference is None else round(difference, 6),
        "within_tolerance": None if difference is None else bool(abs(difference) <= SPLICE_TOLERANCE),
        "verdict": verdict,
    }


def _source(series: str) -> str:
    """A series label without its unit (``imf_dots (mirror): usd_million_current`` → ``imf_dots (mirror)``)."""
    return series.partition(":")[0]


def timeline_records(panel: Panel) -> list[dict]:
    """The domain time line as JSON records: every value with its series, breaks marked."""
    values = [
        {
            "year": int(r.year),
            "domain": r.domain,
            "hegemon_share": round(float(r.hegemon_share), 6),
            "series": [{"channel": c, "series": s} for c, s in r.basis],
            "series_break": bool(r.series_break),
            "change": r.change,
            "overlaps": r.overlaps,
            "no_value": None,
        }
        for r in each_row(domain_timeline(panel))
    ]
    return sorted(values + gap_records(panel), key=lambda r: (r["year"], r["domain"]))


def gap_records(panel: Panel) -> list[dict]:
    """The domain-years without a value although some channel has data, each with the reason."""
    records = [
        {
            "year": int(g.year),
            "domain": g.domain,
            "hegemon_share": None,
            "series": [],
            "series_break": False,
            "change": None,
            "overlaps": [],
            "no_value": g.reason,
        }
        for g in each_row(panel.gaps)
    ]
    valued = {(int(y), d) for y, d in panel.domains[["year", "domain"]].drop_duplicates().itertuples(index=False)}
    shown = set(panel.hegemon_share("domain")[["year", "domain"]].itertuples(index=False, name=None))
    for year, domain in sorted(valued - shown):
        records.append(
            {
                "year": year,
                "domain": domain,
                "hegemon_share": None,
                "series": [],
                "series_break": False,
                "change": None,
                "overlaps": [],
                "no_value": f"{domain}: the partial partner list does not name {panel.hegemon}; "
                "its share is in the unlisted rest",
            }
        )
    return records
