"""A state-year's hedging type, read from its domain leaders (the atlas's map, THEORY.md §2, §7).

The panel's ``domain_summary`` gives, per state, year and domain, the leading pole ``L_d`` and
whether it captures the domain (``a_d(L_d) ≥ θ_capture``). ``OTHER`` is the residual of every
partner the mapping does not name, not a power a state can side with: a domain it leads is led
by no pole and captured by none. With at least two domains measured:

``aligned``    one pole leads and captures every measured domain (no hedging: the state sides
               with that pole, its ``leader``);
``leaning``    one pole leads every domain a pole leads, and does not capture them all (soft
               hedging: others hold a real share somewhere, or no pole leads some domain);
``split``      different poles lead different domains (issue splitting: the seeds' hedging, no
               pole captures the whole relationship);
``unaligned``  no pole leads any measured domain (the unnamed rest, ``OTHER``, leads them all).

Fewer than two measured domains, or a domain whose largest share is the unlisted rest of a
partial partner list, leave the type missing (``None``): it cannot be read, it is not "none".
Without the rule on ``OTHER``, a state trading and arming mostly with unnamed partners read
as "aligned" with them, and a preset with few named poles (``classic_asia``: USA, CHN, JPN)
as captured almost everywhere.
"""

from __future__ import annotations

import pandas as pd

from multivector.indicators.poles import UNLISTED
from multivector.presets.files import OTHER

HEDGING_TYPES = ("aligned", "leaning", "split", "unaligned")
TYPE_COLUMNS = ["hedging_type", "leader", "captured_domains", "leaders"]


def hedging_types(summary: pd.DataFrame) -> pd.DataFrame:
    """``reporter, year, hedging_type, leader, captured_domains, leaders`` per state-year.

    ``summary`` holds the panel's ``domain_summary`` rows (``reporter, year, domain, leader,
    captured``). ``leader`` is the common leading pole (aligned, leaning) or missing (split);
    ``leaders`` names each domain's leader, e.g. ``economic: CHN; security: RUS``;
    ``captured_domains`` counts the measured domains a pole (never ``OTHER``) leads and captures.
    """
    if summary.empty:
        return pd.DataFrame(columns=["reporter", "year", *TYPE_COLUMNS])
    rows = summary[["reporter", "year", "domain", "leader", "captured"]].sort_values(["reporter", "year", "domain"])
    out = []
    for _, group in rows.groupby(["reporter", "year"], sort=True):
        reporter, year = str(group.reporter.iloc[0]), int(group.year.iloc[0])
        leaders = group.leader.astype(str).tolist()
        by_pole = group.captured.fillna(False).astype(bool) & (group.leader != OTHER)
        captured = int(by_pole.sum())
        named = "; ".join(f"{d}: {p}" for d, p in zip(group.domain, leaders, strict=True))
        kind, leader = _type_of(leaders, captured)
        out.append((reporter, year, kind, leader, captured, named))
    return pd.DataFrame(out, columns=["reporter", "year", *TYPE_COLUMNS])


def _type_of(leaders: list[str], captured: int) -> tuple[str | None, str | None]:
    if len(leaders) < 2 or UNLISTED in leaders:
        return None, None
    poles = set(leaders) - {OTHER}
    if not poles:
        return "unaligned", None
    if len(poles) > 1:
        return "split", None
    return ("aligned" if captured == len(leaders) else "leaning"), poles.pop()
