"""Degree centralisation of the post-Soviet trade network around Moscow (THEORY.md §2, network view).

The seeds describe the post-Soviet space moving from "hub-and-spoke" around Moscow to "a
polycentric architecture". Measured here on the trade network among the members: nodes are
the member states, an undirected tie between two members weighs their bilateral trade,

    w_ij = v(i→j) + v(j→i)

where ``v(i→j)`` is the flow of one series (e.g. i's exports to j as i reports them). The two
directions are different flows (i's exports, j's exports), so they are added, not averaged;
averaging is for two reports of one flow (exports vs the partner's mirror imports), which
belong to another series. A direction missing from the series counts as nothing: the
``directed_pairs`` and ``reporters`` columns say how complete a year is.

**Weighted (strength) centralisation.** A node's strength is ``s_i = Σ_j w_ij`` and the
network's total weight ``W = Σ_{i<j} w_ij``, so ``Σ_i s_i = 2W``. With strength shares
``p_i = s_i / 2W`` (``Σ p_i = 1``), Freeman's centralisation numerator is

    Σ_i (p_max − p_i) = n·p_max − 1       (n = number of members, isolates included)

Each tie adds its weight to two nodes, so no node holds more than half the total strength:
``s_i = Σ_j w_ij ≤ W``, i.e. ``p_i ≤ 1/2``. The numerator is therefore largest, ``n/2 − 1``,
exactly when ``p_max = 1/2``: when every tie touches one node, a star (whatever the spoke
weights). Dividing by it:

    C = (n·p_max − 1) / (n/2 − 1) = 2·(n·p_max − 1) / (n − 2)     ∈ [0, 1]

C = 1 for a star, 0 when all strengths are equal (``p_max = 1/n``). It depends on strength
shares only, so it does not move with the currency or the price level. The hub's share of
intra-network trade is ``s_hub / W = 2·p_hub`` (1 in a star around the hub), and the same
formula around the hub instead of the strongest node, ``2·(n·p_hub − 1)/(n − 2)``, is
``hub_centralisation``: equal to C when the hub is the most central node, lower (down to
``−2/(n−2)``) otherwise.

**Binary centralisation** (Freeman 1978/79, degree): ties with ``w_ij > 0``, degrees
``d_i``, ``C_bin = Σ_i (d_max − d_i) / ((n − 1)(n − 2))`` — a star 1, a complete network 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis

from multivector.defaults import HEGEMON
from multivector.defaults import POST_SOVIET as POST_SOVIET  # re-exported: the network's default members
from multivector.indicators.registry import register

FREEMAN_REFERENCES = (
    "Freeman, L. C. (1979). Centrality in social networks: conceptual clarification. Social Networks 1(3), 215-239.",
    "Opsahl, T., Agneessens, F., Skvoretz, J. (2010). Node centrality in weighted networks: "
    "generalizing degree and shortest paths. Social Networks 32(3), 245-251.",
)


def member_ties(
    flows: ibis.Table, members: Sequence[str] = POST_SOVIET, group: Sequence[str] = ("year",)
) -> ibis.Table:
    """Undirected ties among members: ``node_a < node_b``, ``weight = v(a→b) + v(b→a)``.

    Flows with a non-member end, self-flows and null values are left out; ``directions``
    counts the directions the series reports (1 or 2).

    >>> f = ibis.memtable({"year": [2000] * 3, "reporter": ["FRA", "SEN", "SEN"],
    ...                    "partner": ["SEN", "FRA", "CHN"], "value": [3.0, 2.0, 9.0]})
    >>> ties = member_ties(f, members=["FRA", "SEN", "CIV", "MLI"]).execute()
    >>> ties[["node_a", "node_b", "weight", "directions"]].values.tolist()
    [['FRA', 'SEN', 5.0, 2]]
    """
    keys = list(group)
    inside = flows.filter(
        flows.reporter.isin(list(members)),
        flows.partner.isin(list(members)),
        flows.reporter != flows.partner,
        flows.value.notnull(),
    )
    pairs = inside.mutate(
        node_a=ibis.least(inside.reporter, inside.partner), node_b=ibis.greatest(inside.reporter, inside.partner)
    )
    return pairs.group_by([*keys, "node_a", "node_b"]).agg(
        weight=pairs.value.sum(), directions=pairs.reporter.nunique()
    )


def member_strengths(ties: ibis.Table, group: Sequence[str] = ("year",)) -> ibis.Table:
    """Strength (sum of tie weights) and degree (ties with weight > 0) of each node with a tie."""
    keys = list(group)
    ends = ties.select(*keys, node=ties.node_a, weight=ties.weight).union(
        ties.select(*keys, node=ties.node_b, weight=ties.weight), distinct=False
    )
    return ends.group_by([*keys, "node"]).agg(strength=ends.weight.sum(), degree=(ends.weight > 0).sum())


@register(
    "trade_network_centralisation",
    "p_i = s_i / 2W (s_i = Σ_j w_ij, w_ij = v(i→j) + v(j→i)); C = 2(n·max p − 1)/(n − 2); "
    "hub share s_hub / W; binary C = Σ (d_max − d_i) / ((n − 1)(n − 2))",
    "0-1 (1 = star, 0 = equal strengths); share (0-1)",
    domain="economic",
    references=FREEMAN_REFERENCES,
)
def trade_network_centralisation(
    flows: ibis.Table, members: Sequence[str] = POST_SOVIET, hub: str = HEGEMON, group: Sequence[str] = ("year",)
) -> ibis.Table:
    """Freeman degree centralisation of the members' trade network, per group (default: year).

    ``flows`` has ``group`` columns, ``reporter``, ``partner`` and ``value``, from **one**
    series (one source, channel and direction of report); see the module docstring for the
    formulas. Columns: ``n`` (members, isolates included), ``nodes_with_trade``,
    ``reporters`` and ``directed_pairs`` (coverage: of ``n·(n−1)`` possible), ``ties``,
    ``total_trade`` (W), ``centralisation``, ``top_node`` and ``top_share`` (its share of
    intra-network trade, ``s_max / W``), ``hub_strength``, ``hub_share`` (``s_hub / W``),
    ``hub_is_top``, ``hub_centralisation``, ``binary_centralisation``, ``hub_degree``.

    >>> star = ibis.memtable({"year": [2000] * 3, "reporter": ["FRA"] * 3, "partner": ["SEN", "CIV", "MLI"],
    ...                       "value": [5.0, 1.0, 2.0]})
    >>> got = trade_network_centralisation(star, members=["FRA", "SEN", "CIV", "MLI"], hub="FRA").execute()
    >>> got[["centralisation", "hub_share", "hub_is_top", "binary_centralisation"]].values.tolist()
    [[1.0, 1.0, True, 1.0]]
    """
    chosen = sorted(set(members))
    if len(chosen) < 3:
        raise ValueError("centralisation needs at least three members")
    if hub not in chosen:
        raise ValueError(f"the hub {hub!r} is not a member")
    keys = list(group)
    n = len(chosen)
    inside = flows.filter(
        flows.reporter.isin(chosen), flows.partner.isin(chosen), flows.reporter != flows.partner, flows.value.notnull()
    )
    coverage = inside.group_by(keys).agg(
        reporters=inside.reporter.nunique(), directed_pairs=inside.reporter.concat("|", inside.partner).nunique()
    )
    ties = member_ties(flows, chosen, keys)
    totals = ties.group_by(keys).agg(total_trade=ties.weight.sum(), ties=(ties.weight > 0).sum())
    strengths = member_strengths(ties, keys)
    window = ibis.window(group_by=keys, order_by=[ibis.desc("strength"), "node"])
    ranked = strengths.mutate(rank=ibis.row_number().over(window))
    top = ranked.filter(ranked["rank"] == 0).select(*keys, top_node=ranked.node, top_strength=ranked.strength)
    maxima = strengths.group_by(keys).agg(
        max_degree=strengths.degree.max(), nodes_with_trade=(strengths.strength > 0).sum()
    )
    hub_row = strengths.filter(strengths.node == hub).select(
        *keys, hub_strength=strengths.strength, hub_degree=strengths.degree
    )
    out = totals.join(coverage, keys).join(top, keys).join(maxima, keys).left_join(hub_row, keys)
    hub_strength = out.hub_strength.fill_null(0.0)
    hub_degree = out.hub_degree.fill_null(0)
    double = out.total_trade * 2
    p_max, p_hub = out.top_strength / double, hub_strength / double
    return out.select(
        *keys,
        n=ibis.literal(n, "int64"),
        nodes_with_trade=out.nodes_with_trade,
        reporters=out.reporters,
        directed_pairs=out.directed_pairs,
        ties=out.ties,
        total_trade=out.total_trade,
        centralisation=2 * (n * p_max - 1) / (n - 2),
        top_node=out.top_node,
        top_share=out.top_strength / out.total_trade,
        hub_strength=hub_strength,
        hub_share=hub_strength / out.total_trade,
        hub_is_top=hub_strength >= out.top_strength,
        hub_centralisation=2 * (n * p_hub - 1) / (n - 2),
        binary_centralisation=(n * out.max_degree - 2 * out.ties) / ((n - 1) * (n - 2)),
        hub_degree=hub_degree,
    )
