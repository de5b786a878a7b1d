"""Domain pole vectors and what they say: leader, capture, co-alignment, dependence (THEORY.md §2)."""

from __future__ import annotations

from collections.abc import Sequence

import ibis

from multivector.indicators.poles import OTHER, UNLISTED
from multivector.indicators.registry import register


@register("similarity_pole_vector",
          "a_c(p) = m(p) / Σ_q m(q), m(p) = mean_{j∈p} sim(s,j); unlisted partners form OTHER",
          "share (0-1)")
def similarity_pole_vector(values: ibis.Table, poles: ibis.Table, group: Sequence[str],
                           partner: str = "partner") -> ibis.Table:
    """Pole vector of a similarity channel (UN votes, shared IGOs): mean similarity per pole.

    Summing a similarity over partners would reward poles with many members, so a pole's
    weight is its members' mean similarity with the state, normalised across poles;
    ``members`` counts the partners the mean rests on.

    >>> v = ibis.memtable({"r": ["KAZ"] * 3, "partner": ["RUS", "USA", "FRA"], "value": [0.9, 0.3, 0.5]})
    >>> p = ibis.memtable({"entity": ["RUS", "USA", "FRA"], "pole": ["RUS", "WEST", "WEST"]})
    >>> similarity_pole_vector(v, p, ["r"]).order_by("pole").execute()["share"].round(4).tolist()
    [0.6923, 0.3077]
    """
    joined = values.left_join(poles, values[partner] == poles.entity)
    labelled = joined.mutate(pole=joined.pole.fill_null(OTHER))
    means = labelled.group_by([*group, "pole"]).agg(mean=labelled.value.mean(), members=labelled.count())
    total = means.mean.sum().over(ibis.window(group_by=list(group)))
    return means.mutate(share=means.mean / total).drop("mean")


@register("domain_vector",
          "a_d(p) = Σ_{c∈d with data} w_c a_c(p) / Σ_{c∈d with data} w_c",
          "share (0-1)")
def domain_vectors(channel_poles: ibis.Table, weights: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """Weighted mean of the channel pole vectors of each domain; channels without data drop out.

    ``channel_poles``: group, channel, pole, share. ``weights``: channel, domain, weight; a
    channel of weight zero is left out. ``channels`` counts the channels a vector rests on.

    >>> c = ibis.memtable({"r": ["A"] * 3, "channel": ["x", "x", "y"], "pole": ["RUS", "CHN", "RUS"],
    ...                    "share": [0.5, 0.5, 1.0]})
    >>> w = ibis.memtable({"channel": ["x", "y"], "domain": ["d", "d"], "weight": [1.0, 1.0]})
    >>> domain_vectors(c, w, ["r"]).order_by("pole").execute()["share"].tolist()
    [0.25, 0.75]
    """
    keys = list(group)
    weighted = channel_poles.join(weights.filter(weights.weight > 0), "channel")
    present = weighted.select(*keys, "domain", "channel", "weight").distinct()
    totals = present.group_by([*keys, "domain"]).agg(weight_total=present.weight.sum(),
                                                     channels=present.count())
    summed = weighted.group_by([*keys, "domain", "pole"]).agg(
        weighted=(weighted.share * weighted.weight).sum())
    joined = summed.join(totals, [*keys, "domain"])
    return joined.select(*keys, "domain", "pole", "channels",
                         share=joined.weighted / joined.weight_total)


@register("domain_summary",
          "leader L_d = argmax_p a_d(p); captured: max_p a_d(p) ≥ θ_capture; co-aligned: "
          "|{p : a_d(p) ≥ θ_co}| ≥ 2 and not captured; dependence D_H = a_d(H)",
          "pole; share; flags")
def domain_summary(vectors: ibis.Table, group: Sequence[str], theta_capture: float = 0.5,
                   theta_co: float = 0.15, hegemon: str = "RUS") -> ibis.Table:
    """Leader, capture, co-alignment and dependence on the hegemon per domain.

    Ties for the lead go to the pole first in alphabetical order. A domain whose vector
    lacks the hegemon has dependence 0 (the data are there, the hegemon's share is nil).
    The ``UNLISTED`` share is nobody's: it cannot lead or count in a co-alignment; shares
    stay shares of the whole flow, so an unlisted rest can leave a domain uncaptured.

    >>> v = ibis.memtable({"r": ["A"] * 3, "domain": ["d"] * 3, "pole": ["RUS", "CHN", "WEST"],
    ...                    "share": [0.4, 0.4, 0.2]})
    >>> domain_summary(v, ["r"]).execute()[["leader", "captured", "co_aligned", "co_aligned_count"]].values.tolist()
    [['CHN', False, True, 3]]
    """
    keys = [*group, "domain"]
    vectors = vectors.filter(vectors.pole != UNLISTED)
    order = ibis.window(group_by=keys, order_by=[ibis.desc("share"), "pole"])
    ranked = vectors.mutate(place=ibis.row_number().over(order))
    leaders = ranked.filter(ranked.place == 0).select(*keys, leader=ranked.pole, leader_share=ranked.share)
    stats = vectors.group_by(keys).agg(
        co_aligned_count=(vectors.share >= theta_co).cast("int64").sum(),
        dependence=ibis.cases((vectors.pole == hegemon, vectors.share), else_=0.0).sum(),
    )
    joined = leaders.join(stats, keys)
    captured = joined.leader_share >= theta_capture
    return joined.mutate(captured=captured, co_aligned=(joined.co_aligned_count >= 2) & ~captured)


@register("attributed_vector", "a'(p) = a(p) / Σ_{q ≠ UNLISTED} a(q), p ≠ UNLISTED", "share (0-1)")
def attributed(vectors: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """The vector without its UNLISTED share, renormalised: for balance and differentiation.

    >>> v = ibis.memtable({"r": ["A"] * 3, "pole": ["RUS", "CHN", "UNLISTED"], "share": [0.3, 0.1, 0.6]})
    >>> attributed(v, ["r"]).order_by("pole").execute()["share"].round(6).tolist()
    [0.25, 0.75]

    A group whose listed shares sum to 0 has no attributed vector (it is missing, not 0/0):

    >>> z = ibis.memtable({"r": ["A", "A"], "pole": ["RUS", "UNLISTED"], "share": [0.0, 1.0]})
    >>> attributed(z, ["r"]).count().execute()
    0
    """
    known = vectors.filter(vectors.pole != UNLISTED)
    totalled = known.mutate(_total=known.share.sum().over(ibis.window(group_by=list(group))))
    kept = totalled.filter(totalled._total > 0)  # nothing attributed: no vector (missing), not 0/0
    return kept.mutate(share=kept.share / kept._total).drop("_total")


@register("mean_vector", "ā(p) = (1/|D|) Σ_{d∈D} a_d(p), D = the domains with a vector", "share (0-1)")
def mean_vector(vectors: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """The plain mean of the domain vectors present: the state's overall pole vector.

    >>> v = ibis.memtable({"r": ["A"] * 3, "domain": ["a", "a", "b"], "pole": ["RUS", "CHN", "RUS"],
    ...                    "share": [0.5, 0.5, 1.0]})
    >>> mean_vector(v, ["r"]).order_by("pole").execute()["share"].tolist()
    [0.25, 0.75]
    """
    keys = list(group)
    domains = vectors.group_by(keys).agg(domains=vectors.domain.nunique())
    summed = vectors.group_by([*keys, "pole"]).agg(total=vectors.share.sum())
    joined = summed.join(domains, keys)
    return joined.select(*keys, "pole", share=joined.total / joined.domains)


@register("distinct_leaders", "|{L_d : d ∈ domains}|", "count of poles")
def distinct_leaders(summary: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """How many different poles lead the domains.

    >>> s = ibis.memtable({"r": ["A"] * 3, "domain": ["a", "b", "c"], "leader": ["RUS", "CHN", "RUS"]})
    >>> int(distinct_leaders(s, ["r"]).execute()["distinct_leaders"][0])
    2
    """
    return summary.group_by(list(group)).agg(distinct_leaders=summary.leader.nunique(),
                                             domains=summary.count())
