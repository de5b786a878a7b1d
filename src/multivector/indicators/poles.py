"""Pole shares, balance across poles and differentiation between domains (THEORY.md §2)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import ibis

from multivector.indicators.registry import register

OTHER = "OTHER"
UNLISTED = "UNLISTED"
"""Flows a source does not attribute to any partner: unknown, so neither OTHER nor a pole."""
JSD_REFERENCES = (
    "Lin, J. (1991). Divergence measures based on the Shannon entropy. "
    "IEEE Transactions on Information Theory 37(1), 145-151.",
)


@register("pole_shares", "a_c(p) = Σ_{j∈p} w(j); partners not in the pole file belong to OTHER", "share (0-1)")
def pole_shares(shares: ibis.Table, poles: ibis.Table, group: Sequence[str], partner: str = "partner") -> ibis.Table:
    """Sum partner shares by pole; ``poles`` has columns ``entity`` and ``pole``.

    The partner ``UNLISTED`` (flows a source leaves unattributed) stays ``UNLISTED``.

    >>> s = ibis.memtable({"r": ["SEN"] * 3, "partner": ["FRA", "CHN", "IND"], "share": [.5, .3, .2]})
    >>> p = ibis.memtable({"entity": ["FRA", "CHN"], "pole": ["FRA", "CHN"]})
    >>> pole_shares(s, p, ["r"]).order_by("pole").execute()["share"].round(2).tolist()
    [0.3, 0.5, 0.2]
    """
    joined = shares.left_join(poles, shares[partner] == poles.entity)
    pole = ibis.cases((joined[partner] == UNLISTED, ibis.literal(UNLISTED)), else_=joined.pole.fill_null(OTHER))
    labelled = joined.mutate(pole=pole)
    return labelled.group_by([*group, "pole"]).agg(share=labelled.share.sum())


@register("balance", "B = −Σ_p a(p) log a(p) / log K (K poles; 0 = one pole, 1 = even)", "0-1")
def balance(pole_table: ibis.Table, group: Sequence[str], poles_count: int = 5) -> ibis.Table:
    """Normalised Shannon entropy of the pole shares; zero shares add nothing.

    >>> t = ibis.memtable({"r": ["A"] * 2, "pole": ["FRA", "CHN"], "share": [0.5, 0.5]})
    >>> round(float(balance(t, ["r"], poles_count=2).execute()["balance"][0]), 6)
    1.0
    """
    if poles_count < 2:
        raise ValueError("balance needs at least two poles")
    positive = pole_table.filter(pole_table.share > 0)
    entropy = -(positive.share * positive.share.ln()).sum() / math.log(poles_count)
    return positive.group_by(list(group)).agg(balance=entropy + 0.0)  # + 0.0: one pole gives 0, not -0


@register(
    "differentiation",
    "D = mean over domain pairs of JSD(a_d, a_d') = ½Σ a_d log2(a_d/m) + ½Σ a_d' log2(a_d'/m), m = (a_d + a_d')/2",
    "0-1 (base 2)",
    references=JSD_REFERENCES,
)
def differentiation(domain_vectors: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """Mean pairwise Jensen–Shannon divergence between the domains' pole vectors.

    ``domain_vectors`` has ``group`` columns, ``domain``, ``pole`` and ``share``; a pole
    absent from a domain counts as share 0 there. Groups with one domain get no row.

    >>> t = ibis.memtable({"r": ["A"] * 2, "domain": ["security", "economic"], "pole": ["FRA", "CHN"],
    ...                    "share": [1.0, 1.0]})
    >>> float(differentiation(t, ["r"]).execute()["differentiation"][0])
    1.0
    """
    keys = list(group)
    domains = domain_vectors.select(*keys, "domain").distinct()
    poles = domain_vectors.select("pole").distinct()
    grid = domains.cross_join(poles)
    filled = grid.left_join(domain_vectors, [*keys, "domain", "pole"]).select(
        *keys, "domain", "pole", share=ibis._.share.fill_null(0.0)
    )
    left, right = filled.view(), filled.view()
    pairs = left.join(
        right, [*(left[k] == right[k] for k in keys), left.pole == right.pole, left.domain < right.domain]
    )
    pairs = pairs.select(
        *(left[k] for k in keys), domain_a=left.domain, domain_b=right.domain, p=left.share, q=right.share
    )
    m = (pairs.p + pairs.q) / 2
    term = (
        ibis.cases((pairs.p > 0, pairs.p * (pairs.p / m).log2()), else_=0.0)
        + ibis.cases((pairs.q > 0, pairs.q * (pairs.q / m).log2()), else_=0.0)
    ) / 2
    per_pair = pairs.mutate(term=term).group_by([*keys, "domain_a", "domain_b"]).agg(jsd=ibis._.term.sum())
    return per_pair.group_by(keys).agg(differentiation=per_pair.jsd.mean(), pairs=per_pair.count())
