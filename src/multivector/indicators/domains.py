"""Domain pole vectors and what they say: leader, capture, co-alignment, dependence (THEORY.md §2)."""

from __future__ import annotations

from collections.abc import Sequence

import ibis

from multivector.defaults import HEGEMON
from multivector.indicators.poles import OTHER, UNLISTED
from multivector.indicators.registry import register

#: Decimals a domain share keeps (``domain_vectors``).
SHARE_DIGITS = 12


@register(
    "similarity_pole_vector",
    "a_c(p) = m(p) / Σ_q m(q), m(p) = mean_{j∈p} sim(s,j); unlisted partners form OTHER",
    "share (0-1)",
)
def similarity_pole_vector(
    values: ibis.Table, poles: ibis.Table, group: Sequence[str], partner: str = "partner"
) -> ibis.Table:
    """Pole vector of a similarity channel (UN votes, shared IGOs): mean similarity per pole.

    Summing a similarity over partners would reward poles with many members, so a pole's
    weight is its members' mean similarity with the state, normalised across poles;
    ``members`` counts the partners the mean rests on. Where every pole's mean is 0 (a year
    in which the state's votes agree with no one beyond chance) the shares are 0/0: that
    group has no vector (missing, not an even split), and the channel drops out of it.

    >>> v = ibis.memtable({"r": ["SEN"] * 3, "partner": ["FRA", "USA", "GBR"], "value": [0.9, 0.3, 0.5]})
    >>> p = ibis.memtable({"entity": ["FRA", "USA", "GBR"], "pole": ["FRA", "WEST", "WEST"]})
    >>> similarity_pole_vector(v, p, ["r"]).order_by("pole").execute()["share"].round(4).tolist()
    [0.6923, 0.3077]
    >>> similarity_pole_vector(v.mutate(value=0.0), p, ["r"]).count().execute()
    0
    """
    joined = values.left_join(poles, values[partner] == poles.entity)
    labelled = joined.mutate(pole=joined.pole.fill_null(OTHER))
    means = labelled.group_by([*group, "pole"]).agg(mean=labelled.value.mean(), members=labelled.count())
    with_total = means.mutate(_total=means.mean.sum().over(ibis.window(group_by=list(group))))
    defined = with_total.filter(with_total._total > 0)
    return defined.mutate(share=defined.mean / defined._total).drop("mean", "_total")


@register(
    "domain_vector",
    "a_d(p) = Σ_{c∈d with data} w_c a_c(p) / Σ_{c∈d with data} w_c, only where a principal channel of d has data",
    "share (0-1)",
)
def domain_vectors(channel_poles: ibis.Table, weights: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """Weighted mean of the channel pole vectors of each domain; channels without data drop out.

    ``channel_poles``: group, channel, pole, share. ``weights``: channel, domain, weight,
    principal; a channel of weight zero is left out. ``channels`` counts the channels a vector
    rests on. A domain value rests on at least one *principal* channel (economic: trade;
    security: arms and alliances; diplomatic: votes): where only minor channels have data
    (FDI alone, remittances alone) the domain has no vector — a number of another kind would
    stand in for it — and :func:`domain_gaps` gives the reason.

    Shares are rounded to ``SHARE_DIGITS`` decimals. The sums behind them run in parallel and
    their order moves the last bits: a share of one half came out as 0.49999999999999994 in one
    run and 0.5000000000000001 in another (1,027 domain-years of the world panel lead with one
    half), so whether a pole captured the domain at θ = 0.5 changed from run to run.

    >>> c = ibis.memtable({"r": ["A"] * 3, "channel": ["x", "x", "y"], "pole": ["FRA", "CHN", "FRA"],
    ...                    "share": [0.5, 0.5, 1.0]})
    >>> w = ibis.memtable({"channel": ["x", "y"], "domain": ["d", "d"], "weight": [1.0, 1.0],
    ...                    "principal": [True, False]})
    >>> domain_vectors(c, w, ["r"]).order_by("pole").execute()["share"].tolist()
    [0.25, 0.75]
    >>> domain_vectors(c.filter(c.channel == "y"), w, ["r"]).count().execute()
    0
    """
    keys = list(group)
    weighted = channel_poles.join(weights.filter(weights.weight > 0), "channel")
    present = weighted.select(*keys, "domain", "channel", "weight", "principal").distinct()
    totals = present.group_by([*keys, "domain"]).agg(
        weight_total=present.weight.sum(),
        channels=present.count(),
        principal_channels=present.principal.cast("int64").sum(),
    )
    totals = totals.filter(totals.principal_channels > 0).drop("principal_channels")
    summed = weighted.group_by([*keys, "domain", "pole"]).agg(weighted=(weighted.share * weighted.weight).sum())
    joined = summed.join(totals, [*keys, "domain"])
    share = (joined.weighted / joined.weight_total).round(SHARE_DIGITS)
    return joined.select(*keys, "domain", "pole", "channels", share=share)


@register("domain_gap", "no a_d where {c ∈ d with data} ≠ ∅ and none of them is principal", "reason")
def domain_gaps(channel_poles: ibis.Table, weights: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """The domains that have data on minor channels only, so no value, with the reason.

    Columns: group, domain, channels (the minor channels with data, comma-separated), reason.

    >>> c = ibis.memtable({"r": ["A"], "channel": ["fdi"], "pole": ["FRA"], "share": [1.0]})
    >>> w = ibis.memtable({"channel": ["fdi", "imports"], "domain": ["economic"] * 2,
    ...                    "weight": [1.0, 1.0], "principal": [False, True]})
    >>> domain_gaps(c, w, ["r"]).execute()["reason"].tolist()
    ['economic: only fdi has data; a value needs imports']
    """
    keys = list(group)
    active = weights.filter(weights.weight > 0)
    present = channel_poles.select(*keys, "channel").distinct().join(active, "channel")
    per_domain = present.group_by([*keys, "domain"]).agg(
        principal_channels=present.principal.cast("int64").sum(), channels=present.channel.collect().sort().join(", ")
    )  # sorted: Spark has no ordered concat
    gaps = per_domain.filter(per_domain.principal_channels == 0).drop("principal_channels")
    needed = active.filter(active.principal).group_by("domain").agg(needed=active.channel.collect().sort().join(" or "))
    joined = gaps.join(needed, "domain")
    only = ibis.literal(": only ") + joined.channels
    verb = ibis.cases((joined.channels.contains(","), " have data; a value needs "), else_=" has data; a value needs ")
    return joined.select(*keys, "domain", "channels", reason=joined.domain.concat(only, verb, joined.needed))


@register(
    "domain_summary",
    "leader L_d = argmax_p a_d(p); captured: max_p a_d(p) ≥ θ_capture; co-aligned: "
    "|{p : a_d(p) ≥ θ_co}| ≥ 2 and not captured; dependence D_H = a_d(H)",
    "pole; share; flags",
)
def domain_summary(
    vectors: ibis.Table,
    group: Sequence[str],
    theta_capture: float = 0.5,
    theta_co: float = 0.15,
    hegemon: str = HEGEMON,
) -> ibis.Table:
    """Leader, capture, co-alignment and dependence on the hegemon per domain.

    Ties for the lead go to the pole first in alphabetical order. A domain whose vector
    lacks the hegemon has dependence 0 (the data are there, the hegemon's share is nil),
    unless the vector has an ``UNLISTED`` rest: then the hegemon may sit in the rest, and the
    dependence is missing. The ``UNLISTED`` share is nobody's: it cannot lead or count in a
    co-alignment; shares stay shares of the whole flow, so an unlisted rest can leave a
    domain uncaptured.

    >>> v = ibis.memtable({"r": ["A"] * 3, "domain": ["d"] * 3, "pole": ["FRA", "CHN", "WEST"],
    ...                    "share": [0.4, 0.4, 0.2]})
    >>> got = domain_summary(v, ["r"], hegemon="FRA").execute()
    >>> got[["leader", "captured", "co_aligned", "co_aligned_count"]].values.tolist()
    [['CHN', False, True, 3]]
    """
    keys = [*group, "domain"]
    unlisted = vectors.group_by(keys).agg(
        unlisted=ibis.cases((vectors.pole == UNLISTED, vectors.share), else_=0.0).sum()
    )
    vectors = vectors.filter(vectors.pole != UNLISTED)
    order = ibis.window(group_by=keys, order_by=[ibis.desc("share"), "pole"])
    ranked = vectors.mutate(place=ibis.row_number().over(order))
    leaders = ranked.filter(ranked.place == 0).select(*keys, leader=ranked.pole, leader_share=ranked.share)
    stats = vectors.group_by(keys).agg(
        co_aligned_count=(vectors.share >= theta_co).cast("int64").sum(),
        listed=(vectors.pole == hegemon).any(),
        dependence=ibis.cases((vectors.pole == hegemon, vectors.share), else_=0.0).sum(),
    )
    joined = leaders.join(stats, keys).join(unlisted, keys)
    captured = joined.leader_share >= theta_capture
    unknown = ~joined.listed & (joined.unlisted > 0)
    return joined.mutate(
        captured=captured,
        co_aligned=(joined.co_aligned_count >= 2) & ~captured,
        dependence=ibis.cases((unknown, ibis.null("float64")), else_=joined.dependence),
    ).drop("listed", "unlisted")


@register("complete_vector", "a(p) where a(UNLISTED) = 0; no vector where a partial list leaves a rest", "share (0-1)")
def complete_vectors(vectors: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """The vectors that attribute the whole flow: for balance, differentiation, concentration.

    A vector resting on a partial partner list (the Factbook's main partners) has an
    ``UNLISTED`` rest. Rescaling the listed shares to 100% would inflate the large partners
    (on the IMF's complete 2020 figures, rescaling Kazakhstan's top five raises Russia's mean
    share from about 23% to about 34%), so an indicator that needs the whole vector has no
    value there: the group is left out, and the caller says why (``partial_list_groups``).

    >>> v = ibis.memtable({"r": ["A"] * 3 + ["B"] * 2, "pole": ["FRA", "CHN", "UNLISTED", "FRA", "CHN"],
    ...                    "share": [0.3, 0.1, 0.6, 0.4, 0.6]})
    >>> complete_vectors(v, ["r"]).order_by("pole").execute()[["r", "share"]].values.tolist()
    [['B', 0.6], ['B', 0.4]]
    """
    return vectors.anti_join(partial_list_groups(vectors, group), list(group))


def partial_list_groups(vectors: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """The groups whose vector has an UNLISTED share above 0, with that share (``unlisted``)."""
    rest = vectors.filter((vectors.pole == UNLISTED) & (vectors.share > 0))
    return rest.group_by(list(group)).agg(unlisted=rest.share.sum())


@register("mean_vector", "ā(p) = (1/|D|) Σ_{d∈D} a_d(p), D = the domains with a vector", "share (0-1)")
def mean_vector(vectors: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """The plain mean of the domain vectors present: the state's overall pole vector.

    >>> v = ibis.memtable({"r": ["A"] * 3, "domain": ["a", "a", "b"], "pole": ["FRA", "CHN", "FRA"],
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

    >>> s = ibis.memtable({"r": ["A"] * 3, "domain": ["a", "b", "c"], "leader": ["FRA", "CHN", "FRA"]})
    >>> int(distinct_leaders(s, ["r"]).execute()["distinct_leaders"][0])
    2
    """
    return summary.group_by(list(group)).agg(distinct_leaders=summary.leader.nunique(), domains=summary.count())
