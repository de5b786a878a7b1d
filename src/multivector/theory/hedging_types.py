"""A state-year's hedging type, read from its domain leaders (the atlas's map, THEORY.md §2, §7).

The panel's ``domain_summary`` gives, per state, year and domain, the leading pole ``L_d`` and
whether it captures the domain (``a_d(L_d) ≥ θ_capture``). With at least two domains measured:

``aligned``  one pole leads and captures every measured domain (no hedging: the state sides
             with that pole, its ``leader``);
``leaning``  one pole leads every measured domain but captures not all of them (soft hedging:
             the others hold a real share somewhere);
``split``    different poles lead different domains (issue splitting: the seeds' hedging, no
             pole captures the whole relationship).

Fewer than two measured domains, or a domain whose largest share is the unlisted rest of a
partial partner list, leave the type missing (``None``): it cannot be read, it is not "none".
"""

from __future__ import annotations

import pandas as pd

from multivector.indicators.poles import UNLISTED

HEDGING_TYPES = ("aligned", "leaning", "split")
TYPE_COLUMNS = ["hedging_type", "leader", "captured_domains", "leaders"]


def hedging_types(summary: pd.DataFrame) -> pd.DataFrame:
    """``reporter, year, hedging_type, leader, captured_domains, leaders`` per state-year.

    ``summary`` holds the panel's ``domain_summary`` rows (``reporter, year, domain, leader,
    captured``). ``leader`` is the common leading pole (aligned, leaning) or missing (split);
    ``leaders`` names each domain's leader, e.g. ``economic: CHN; security: RUS``;
    ``captured_domains`` counts the measured domains whose leader captures them.
    """
    if summary.empty:
        return pd.DataFrame(columns=["reporter", "year", *TYPE_COLUMNS])
    rows = summary[["reporter", "year", "domain", "leader", "captured"]].sort_values(["reporter", "year", "domain"])
    out = []
    for _, group in rows.groupby(["reporter", "year"], sort=True):
        reporter, year = str(group.reporter.iloc[0]), int(group.year.iloc[0])
        leaders = group.leader.astype(str).tolist()
        captured = int(group.captured.fillna(False).astype(bool).sum())
        named = "; ".join(f"{d}: {p}" for d, p in zip(group.domain, leaders, strict=True))
        kind, leader = _type_of(leaders, captured)
        out.append((reporter, year, kind, leader, captured, named))
    return pd.DataFrame(out, columns=["reporter", "year", *TYPE_COLUMNS])


def _type_of(leaders: list[str], captured: int) -> tuple[str | None, str | None]:
    if len(leaders) < 2 or UNLISTED in leaders:
        return None, None
    if len(set(leaders)) > 1:
        return "split", None
    return ("aligned" if captured == len(leaders) else "leaning"), leaders[0]
