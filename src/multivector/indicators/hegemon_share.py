"""The hegemon's share of a state's trade, from the hegemon's and the World's reports alone.

Input: one row per state X (``reporter``) and year with four flows, each current US
dollars, millions (``usd_million_current``), all as others report them:

* ``hegemon_exports_to``: the hegemon H's exports to X (X's imports from H, mirrored);
* ``hegemon_imports_from``: H's imports from X (X's exports to H, mirrored);
* ``world_exports_to``: the World's exports to X (X's imports from all partners, mirrored);
* ``world_imports_from``: the World's imports from X (X's exports to all partners, mirrored).

These are MIRROR figures: H's and the world's reports of their trade with X, never X's own
reports, so they differ from X's statistics office by valuation (exports FOB against imports
CIF), timing, partner attribution and revisions; each side's two numbers share one
valuation (both exports FOB, or both imports CIF). The IMF's World row includes H's own
reports, so every share lies between 0 and 1 unless the sources disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis

from multivector.indicators.registry import register

FLOWS = ("hegemon_exports_to", "hegemon_imports_from", "world_exports_to", "world_imports_from")


@register(
    "hegemon_trade_share",
    "share(X,t) = (H→X_t + H←X_t) / (W→X_t + W←X_t); imports side H→X_t / W→X_t; "
    "exports side H←X_t / W←X_t (H the hegemon, W the World; mirror flows)",
    "share (0-1)",
    domain="economic",
)
def hegemon_trade_share(flows: ibis.Table, group: Sequence[str] = ("reporter", "year")) -> ibis.Table:
    """The hegemon's share of X's trade, imports and exports per group (state and year).

    share(X, t) = (H→X exports_t + H←X imports_t) / (World→X exports_t + World←X imports_t);
    imports_share = H→X exports / World→X exports (X's imports from H over X's imports);
    exports_share = H←X imports / World←X imports (X's exports to H over X's exports).

    Each share is given only where all its numbers exist and its denominator is positive,
    otherwise it is missing (never zero, never a one-sided substitute). So ``share`` needs
    all four flows: where the hegemon's or the World's imports are missing (IMF DOTS 2024
    vintage: 2023) ``share`` and ``exports_share`` are missing and ``imports_share`` alone
    is given; an exports-only figure is a different quantity and is not passed off as the
    share of trade. Values are ``usd_million_current``; the shares are 0-1.

    These are MIRROR figures (the hegemon's and the World's reports of their trade with X,
    see the module's docstring), not X's own reports.

    >>> t = ibis.memtable({"reporter": ["KAZ", "KAZ"], "year": [2022, 2023],
    ...                    "hegemon_exports_to": [20.0, 14.0], "hegemon_imports_from": [10.0, None],
    ...                    "world_exports_to": [50.0, 56.0], "world_imports_from": [70.0, None]})
    >>> out = hegemon_trade_share(t).order_by("year").execute()
    >>> out[["share", "imports_share", "exports_share"]].round(3).values.tolist()
    [[0.25, 0.4, 0.143], [nan, 0.25, nan]]
    """
    f = flows
    return f.select(
        *group,
        share=_ratio(f.hegemon_exports_to + f.hegemon_imports_from, f.world_exports_to + f.world_imports_from),
        exports_share=_ratio(f.hegemon_imports_from, f.world_imports_from),
        imports_share=_ratio(f.hegemon_exports_to, f.world_exports_to),
    )


def _ratio(numerator: ibis.Value, denominator: ibis.Value) -> ibis.Value:
    """numerator / denominator, missing where either is missing or the denominator is not positive."""
    positive = ibis.cases((denominator > 0, denominator), else_=ibis.null("float64"))
    return (numerator / positive).cast("float64")
