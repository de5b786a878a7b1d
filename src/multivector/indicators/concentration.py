"""Partner shares and their concentration (THEORY.md §2), as Ibis expressions.

Input: a table of non-negative ``value`` per group (e.g. reporter and window) and partner.
Groups are given as column names, so the same code serves one year, a pooled window or
all state-years at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis

from multivector.indicators.registry import register

HHI_REFERENCES = ("Hirschman, A. O. (1964). The paternity of an index. American Economic Review 54(5), 761.",)


@register("partner_shares", "w(j) = flow(s,j) / Σ_j flow(s,j)", "share (0-1)")
def partner_shares(flows: ibis.Table, group: Sequence[str], partner: str = "partner") -> ibis.Table:
    """Each partner's share of the group's total; partners summed first (several rows per pair allowed).

    >>> t = ibis.memtable({"reporter": ["SEN"] * 2, "partner": ["FRA", "CHN"], "value": [3.0, 1.0]})
    >>> partner_shares(t, ["reporter"]).order_by("partner").execute()["share"].tolist()
    [0.25, 0.75]
    """
    summed = flows.group_by([*group, partner]).agg(value=flows.value.sum())
    # a grouped total joined back, not a window sum: DuckDB plans a window over an aggregate
    # as a self-join that builds the aggregate twice (benchmarks/README.md: 2.1× slower)
    totals = summed.group_by(list(group)).agg(total=summed.value.sum())
    joined = summed.join(totals, [summed[c].identical_to(totals[c]) for c in group])
    return joined.select(*group, partner, "value", share=joined.value / joined.total)


@register(
    "concentration",
    "HHI = Σ w(j)²; normalised (√HHI − √(1/N)) / (1 − √(1/N)); effective partners 1/HHI; top share max w(j)",
    "HHI 1/N..1; normalised 0..1; partners; share",
    references=HHI_REFERENCES,
)
def concentration(shares: ibis.Table, group: Sequence[str], partner: str = "partner") -> ibis.Table:
    """HHI, normalised HHI, effective number of partners and top partner per group.

    N counts partners with a positive share. With one partner the normalised HHI is 1.

    >>> t = ibis.memtable({"reporter": ["SEN"] * 2, "partner": ["FRA", "CHN"], "share": [0.5, 0.5]})
    >>> concentration(t, ["reporter"]).execute()[["hhi", "effective_partners"]].values.tolist()
    [[0.5, 2.0]]
    """
    positive = shares.filter(shares.share > 0)
    # one grouped aggregate; the top partner is the argmin of (−share, partner): the largest
    # share, the first partner in order on a tie, without sorting every group
    first_by_share = ibis.struct({"share": -positive.share, "partner": positive[partner]})
    stats = positive.group_by(list(group)).agg(
        hhi=(positive.share**2).sum(),
        partners=positive.count(),
        top_partner=positive[partner].argmin(first_by_share),
        top_share=positive.share.max(),
    )
    root_floor = (1.0 / stats.partners.cast("float64")).sqrt()
    normalised = ibis.cases(
        (stats.partners == 1, ibis.literal(1.0)),
        else_=(stats.hhi.sqrt() - root_floor) / (1.0 - root_floor),
    )
    return stats.select(
        *group,
        "hhi",
        "partners",
        hhi_normalized=normalised,
        effective_partners=1.0 / stats.hhi,
        top_partner=stats.top_partner,
        top_share=stats.top_share,
    )
