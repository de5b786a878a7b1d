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
"""

from __future__ import annotations

import pandas as pd

from multivector.theory.panel import Panel

COLUMNS = ["year", "domain", "hegemon_share", "basis", "series_break", "change"]


def domain_timeline(panel: Panel) -> pd.DataFrame:
    """year, domain, the hegemon's share, the basis, whether the year breaks the series, and why.

    ``basis`` is a tuple of (channel, series) pairs, sorted; ``change`` a sentence, or None.
    """
    if panel.domains.empty:
        return pd.DataFrame(columns=COLUMNS)
    bases = (panel.channels[["year", "domain", "channel", "series"]].drop_duplicates()
             .sort_values(["year", "domain", "channel", "series"])
             .groupby(["year", "domain"])[["channel", "series"]]
             .apply(lambda rows: tuple(zip(rows.channel, rows.series, strict=True)))
             .rename("basis").reset_index())
    shares = panel.hegemon_share("domain").rename(columns={"share": "hegemon_share"})
    rows = shares.merge(bases, on=["year", "domain"], how="inner").sort_values(["domain", "year"])
    before = rows.groupby("domain").basis.shift()
    rows["series_break"] = [b is not None and not pd.isna(b) and a != b for a, b in zip(rows.basis, before)]
    rows["change"] = [describe(b, a) if flag else None
                      for a, b, flag in zip(rows.basis, before, rows.series_break)]
    return rows[COLUMNS].sort_values(["year", "domain"], ignore_index=True)


def describe(before: tuple, after: tuple) -> str:
    """What changed between two bases, channel by channel, in words."""
    old, new = dict(before), dict(after)
    parts = []
    for channel in sorted(set(old) | set(new)):
        if channel not in new:
            parts.append(f"{channel} ends ({_source(old[channel])})")
        elif channel not in old:
            parts.append(f"{channel} starts ({_source(new[channel])})")
        elif old[channel] != new[channel]:
            parts.append(f"{channel}: {_source(old[channel])} → {_source(new[channel])}")
    return "; ".join(parts)


def _source(series: str) -> str:
    """A series label without its unit (``imf_dots (mirror): usd_million_current`` → ``imf_dots (mirror)``)."""
    return series.partition(":")[0]


def timeline_records(panel: Panel) -> list[dict]:
    """The domain time line as JSON records: every value with its series, breaks marked."""
    return [{"year": int(r.year), "domain": r.domain, "hegemon_share": round(float(r.hegemon_share), 6),
             "series": [{"channel": c, "series": s} for c, s in r.basis],
             "series_break": bool(r.series_break), "change": r.change}
            for r in domain_timeline(panel).itertuples()]
