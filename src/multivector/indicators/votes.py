"""Diplomatic alignment from UN General Assembly roll calls (THEORY.md §2).

Agreement, S-score and Cohen's κ of each state with each partner, overall and per issue
area, and their means over each pole's members. Input is the store's ``un_votes`` (``rcid,
year, entity, vote, source_id``; vote yes / abstain / no) and, for issue areas,
``un_roll_calls`` (``rcid, issue, source_id``). Absent states have no row: absence is not a
vote, so a dyad's measures rest on the roll calls where both states voted, and every output
keeps that number ``n`` so callers can report coverage.

The two sources number roll calls differently (``unvotes``' ``rcid`` is the packager's,
``unga_votes_fpsim``'s is Voeten's ``resid``): pairs are formed within a source only, and
callers should keep ``source_id`` in ``group`` (or filter one source), since both sources
hold the same roll calls and pooling them would count each twice. Only ``unvotes`` has
issue codes; ``unga_votes_fpsim`` runs later (to 2024) and covers the USSR (SUN).

Pipeline::

    counts = vote_counts(votes, ["source_id", "year"], reporters=["KAZ"])   # or vote_pairs
    dyads = vote_agreement(counts, ["source_id", "year"])
    by_pole = pole_alignment(dyads, poles, ["source_id", "year"])

and per issue area the same with ``issue_votes(votes, roll_calls)`` in place of ``votes``
and ``"issue"`` added to each ``group``.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis

from multivector.indicators.poles import OTHER
from multivector.indicators.registry import register

DOMAIN = "diplomatic"
VOTE_CATEGORIES = ("yes", "abstain", "no")
VOTE_VALUES = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
"""Vote positions for the S-score (Signorino and Ritter 1999)."""
D_MAX = 1.0
"""Largest distance between two positions on one roll call (yes against no)."""

ISSUE_NAMES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
"""Voeten's six issue codes in ``un_roll_calls.issue`` (source ``unvotes``) and their names."""

VOETEN = (
    "Voeten, E., Strezhnev, A. and Bailey, M. United Nations General Assembly Voting Data. "
    "Harvard Dataverse, hdl:1902.1/12379.",
)
SIGNORINO_RITTER = (
    "Signorino, C. S. and Ritter, J. M. (1999). Tau-b or not tau-b: measuring the "
    "similarity of foreign policy positions. International Studies Quarterly 43(1), 115-144.",
)
HAGE = (
    "Häge, F. M. (2011). Choice or circumstance? Adjusting measures of foreign policy similarity "
    "for chance agreement. Political Analysis 19(3), 287-305.",
    "Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and "
    "Psychological Measurement 20(1), 37-46.",
)


def _join_keys(votes: ibis.Table, group: Sequence[str]) -> list[str]:
    """Columns two votes must share to be a pair: the group, the source and the roll call."""
    extra = ["source_id"] if "source_id" in votes.columns else []
    return list(dict.fromkeys([*group, *extra, "rcid"]))


@register(
    "vote_pairs",
    "pairs (i, j, r): states i ≠ j both voting yes / abstain / no in roll call r (same source)",
    "pairs",
    domain=DOMAIN,
    references=VOETEN,
)
def vote_pairs(
    votes: ibis.Table, group: Sequence[str] = ("source_id", "year"), reporters: Sequence[str] | None = None
) -> ibis.Table:
    """Directed dyads of states that voted in the same roll call, one row per roll call.

    A self-join of ``votes`` on the roll call (``rcid``, ``source_id`` when the table has
    it, and the ``group`` columns, which must be constant within a roll call: ``year``,
    ``source_id``, ``issue``). Only yes / abstain / no votes count; a state without a row
    (absent, not a member) forms no pair; self-pairs are excluded. Both directions are
    kept, (i, j) and (j, i), unless ``reporters`` is given: then the reporter side is
    restricted to those states *before* the join, so a single-state query joins its ~80
    votes a year with the ~190 votes of each roll call instead of ~190 × 190.

    Columns: the join keys, ``reporter``, ``partner``, ``reporter_vote``, ``partner_vote``.

    >>> v = ibis.memtable({"source_id": ["s"] * 3, "year": [2000] * 3, "rcid": [1] * 3,
    ...                    "entity": ["SEN", "FRA", "USA"], "vote": ["yes", "yes", "no"]})
    >>> vote_pairs(v, reporters=["SEN"]).order_by("partner").execute()[["partner", "partner_vote"]].values.tolist()
    [['FRA', 'yes'], ['USA', 'no']]
    """
    keys = _join_keys(votes, group)
    cast = votes.filter(votes.vote.isin(VOTE_CATEGORIES)).select(*keys, "entity", "vote")
    left = cast if reporters is None else cast.filter(cast.entity.isin(list(reporters)))
    right = cast.view()
    joined = left.join(right, [*(left[k] == right[k] for k in keys), left.entity != right.entity])
    return joined.select(
        *(left[k] for k in keys),
        reporter=left.entity,
        partner=right.entity,
        reporter_vote=left.vote,
        partner_vote=right.vote,
    )


# Spark reads the literals 1.0 and 0.5 as decimals and would average them in decimal
# arithmetic (rounded to five places), and Ibis drops a cast of a float literal to float64:
# so integer codes (positions in half-units), cast to float64 before any arithmetic.
_HALF_UNITS = {vote: int(2 * value) for vote, value in VOTE_VALUES.items()}


def _position(vote: ibis.Value) -> ibis.Value:
    return vote.cases(*_HALF_UNITS.items()).cast("float64") / 2


def _share(condition: ibis.Value, weight: ibis.Value, n: ibis.Value) -> ibis.Value:
    """Σ weight·[condition] / n: the share of the dyad's roll calls meeting ``condition``."""
    return condition.ifelse(weight, 0).sum().cast("float64") / n


@register(
    "vote_counts",
    "c_ij(a, b) = |{r : v_i(r) = a, v_j(r) = b}|, a, b ∈ {yes, abstain, no}, i ≠ j",
    "roll calls",
    domain=DOMAIN,
    references=VOETEN,
)
def vote_counts(
    votes: ibis.Table, group: Sequence[str] = ("source_id", "year"), reporters: Sequence[str] | None = None
) -> ibis.Table:
    """The 3 × 3 table of each dyad's votes: how many roll calls i voted a and j voted b.

    ``vote_pairs`` counted (column ``pairs``): everything ``vote_agreement`` needs, without
    one row per roll call and dyad. Every dyad is counted once (i before j) and mirrored,
    since c_ji(b, a) = c_ij(a, b): over all states this halves a self-join of about 200
    million pairs. With ``reporters`` the reporter side is restricted before the join
    (as in ``vote_pairs``) and nothing is mirrored.

    >>> v = ibis.memtable({"source_id": ["s"] * 3, "year": [2000] * 3, "rcid": [1] * 3,
    ...                    "entity": ["SEN", "FRA", "USA"], "vote": ["yes", "yes", "no"]})
    >>> c = vote_counts(v).filter(ibis._.reporter == "USA").order_by("partner").execute()
    >>> c[["partner", "reporter_vote", "partner_vote", "pairs"]].values.tolist()
    [['FRA', 'no', 'yes', 1], ['SEN', 'no', 'yes', 1]]
    """
    keys = _join_keys(votes, group)
    kept = [k for k in keys if k != "rcid"]
    cast = votes.filter(votes.vote.isin(VOTE_CATEGORIES)).select(*keys, "entity", "vote")
    left = cast if reporters is None else cast.filter(cast.entity.isin(list(reporters)))
    right = cast.view()
    differ = left.entity < right.entity if reporters is None else left.entity != right.entity
    joined = left.join(right, [*(left[k] == right[k] for k in keys), differ])
    pairs = joined.select(
        *(left[k] for k in kept),
        reporter=left.entity,
        partner=right.entity,
        reporter_vote=left.vote,
        partner_vote=right.vote,
    )
    counted = pairs.group_by([*kept, "reporter", "partner", "reporter_vote", "partner_vote"]).agg(pairs=ibis._.count())
    if reporters is not None:
        return counted
    mirrored = counted.select(
        *kept,
        reporter=counted.partner,
        partner=counted.reporter,
        reporter_vote=counted.partner_vote,
        partner_vote=counted.reporter_vote,
        pairs=counted.pairs,
    )
    return ibis.union(counted, mirrored, distinct=False)


@register(
    "vote_agreement",
    "agreement = p_o = (1/n) Σ_r [v_i(r) = v_j(r)]; S = 1 − 2d/d_max, d = (1/n) Σ_r |x_i(r) − x_j(r)|, "
    "x: yes 1, abstain ½, no 0, d_max = 1; κ = (p_o − p_e)/(1 − p_e), p_e = Σ_k p_i(k) p_j(k), "
    "k ∈ {yes, abstain, no}, null when p_e = 1",
    "agreement 0-1; S −1..1; κ ≤ 1; n roll calls",
    domain=DOMAIN,
    references=SIGNORINO_RITTER + HAGE + VOETEN,
)
def vote_agreement(pairs: ibis.Table, group: Sequence[str]) -> ibis.Table:
    """Agreement, S-score and Cohen's κ per reporter, partner and group, from ``vote_pairs``.

    ``pairs`` may be counted (``vote_counts``: a ``pairs`` column weighting each row).

    Over the n roll calls where both i and j voted (yes / abstain / no):

    * agreement ``p_o = (1/n) Σ_r [v_i(r) = v_j(r)]``, the share of identical votes;
    * S-score (Signorino and Ritter 1999) with positions yes = 1, abstain = ½, no = 0:
      ``S = 1 − 2·d/d_max``, ``d = (1/n) Σ_r |x_i(r) − x_j(r)|``, ``d_max = 1``; in [−1, 1];
    * Cohen's κ, as Häge (2011) proposes to correct similarity for chance agreement:
      ``κ = (p_o − p_e) / (1 − p_e)`` with ``p_e = Σ_k p_i(k)·p_j(k)``, k over the three
      categories and ``p_i(k)`` the share of i's votes in category k over the dyad's shared
      roll calls (each state's own marginals, not pooled ones). This is the unweighted
      (nominal) κ: yes against abstain counts as disagreement as much as yes against no.
      κ ≤ 1, can be negative, and is null when ``p_e = 1`` (both states cast one and the
      same vote throughout, so no chance-corrected statement is possible).

    All three are symmetric in i and j. Columns: ``group``, ``reporter``, ``partner``,
    ``n``, ``agreement``, ``s_score``, ``kappa``, ``p_expected``.

    >>> p = ibis.memtable({"y": [1] * 4, "reporter": ["A"] * 4, "partner": ["B"] * 4,
    ...                    "reporter_vote": ["yes", "yes", "no", "abstain"],
    ...                    "partner_vote": ["yes", "no", "no", "yes"]})
    >>> r = vote_agreement(p, ["y"]).execute().iloc[0]
    >>> int(r["n"]), float(r["agreement"]), float(r["s_score"]), round(float(r["kappa"]), 4)
    (4, 0.5, 0.25, 0.2)
    """
    keys = [*group, "reporter", "partner"]
    if "pairs" not in pairs.columns:
        pairs = pairs.mutate(pairs=ibis.literal(1, type="int64"))
    scored = pairs.mutate(
        _distance=(_position(pairs.reporter_vote) - _position(pairs.partner_vote)).abs(),
        _same=pairs.reporter_vote == pairs.partner_vote,
    )
    n = scored.pairs.sum()
    weight = scored.pairs
    marginals = {}
    for k in VOTE_CATEGORIES:
        marginals[f"_i_{k}"] = _share(scored.reporter_vote == k, weight, n)
        marginals[f"_j_{k}"] = _share(scored.partner_vote == k, weight, n)
    stats = scored.group_by(keys).agg(
        n=n,
        agreement=_share(scored._same, weight, n),
        _d=(scored._distance * weight).sum() / n,
        **marginals,
    )
    p_e = sum(stats[f"_i_{k}"] * stats[f"_j_{k}"] for k in VOTE_CATEGORIES)
    stats = stats.mutate(p_expected=p_e)
    kappa = ibis.cases(
        (stats.p_expected < 1.0 - 1e-12, (stats.agreement - stats.p_expected) / (1.0 - stats.p_expected)),
        else_=ibis.null("float64"),
    )
    return stats.select(
        *keys, "n", "agreement", s_score=1.0 - 2.0 * stats._d / D_MAX, kappa=kappa, p_expected=stats.p_expected
    )


@register(
    "dyad_agreement",
    "agreement, S, κ of (i, j) computed once per unordered dyad {i, j} and mirrored: each is symmetric in i and j",
    "agreement 0-1; S −1..1; κ ≤ 1; n roll calls",
    domain=DOMAIN,
    references=SIGNORINO_RITTER + VOETEN,
)
def dyad_agreement(votes: ibis.Table, group: Sequence[str] = ("source_id", "year")) -> ibis.Table:
    """``vote_agreement`` for every ordered dyad, each unordered dyad computed once.

    n, p_o, S, p_e = Σ_k p_i(k) p_j(k) and κ = (p_o − p_e) / (1 − p_e) are all symmetric in i
    and j, so the statistics of (i, j), i < j, are also those of (j, i): the counts are not
    mirrored (as ``vote_counts`` does), the far smaller statistics are. States are numbered
    first, so the self-join and the grouping compare integers, not names. Same rows and
    values as ``vote_agreement(vote_counts(votes, group), group)`` in about two thirds of
    the time and memory over every state (a benchmark measures it).

    >>> v = ibis.memtable({"source_id": ["s"] * 6, "year": [2000] * 6, "rcid": [1, 1, 1, 2, 2, 2],
    ...                    "entity": ["FRA", "SEN", "USA"] * 2, "vote": ["yes", "yes", "no", "no", "yes", "no"]})
    >>> a = dyad_agreement(v).order_by(["reporter", "partner"]).execute()
    >>> (a.reporter + "-" + a.partner).tolist(), a.agreement.tolist()
    (['FRA-SEN', 'FRA-USA', 'SEN-FRA', 'SEN-USA', 'USA-FRA', 'USA-SEN'], [0.5, 0.5, 0.5, 0.0, 0.5, 0.0])
    """
    keys = _join_keys(votes, group)
    kept = [k for k in keys if k != "rcid"]
    cast = votes.filter(votes.vote.isin(VOTE_CATEGORIES))
    names = cast.select("entity").distinct()
    names = names.mutate(code=ibis.row_number().over(order_by="entity"))
    coded = cast.join(names, "entity").select(*keys, code=ibis._.code, vote=ibis._.vote)
    left, right = coded, coded.view()
    joined = left.join(right, [*(left[k] == right[k] for k in keys), left.code < right.code])
    pairs = joined.select(
        *(left[k] for k in kept), i=left.code, j=right.code, reporter_vote=left.vote, partner_vote=right.vote
    )
    counted = pairs.group_by([*kept, "i", "j", "reporter_vote", "partner_vote"]).agg(pairs=ibis._.count())
    stats = vote_agreement(counted.rename(reporter="i", partner="j"), kept)
    both = ibis.union(stats, stats.mutate(reporter=stats.partner, partner=stats.reporter), distinct=False)
    reporter = names.select(_r="code", reporter_name="entity")
    partner = names.select(_p="code", partner_name="entity")
    named = both.join(reporter, both.reporter == reporter._r).join(partner, ibis._.partner == partner._p)
    statistics = [c for c in stats.columns if c not in (*kept, "reporter", "partner")]
    named = named.mutate(reporter=named.reporter_name, partner=named.partner_name)
    return named.select(*kept, "reporter", "partner", *statistics)


@register(
    "issue_votes",
    "votes × issue codes of their roll call: a roll call coded 'me,hr' counts in both areas, an uncoded one in none",
    "votes",
    domain=DOMAIN,
    references=VOETEN,
)
def issue_votes(votes: ibis.Table, roll_calls: ibis.Table) -> ibis.Table:
    """The votes with an ``issue`` column, one row per vote and issue code of its roll call.

    ``roll_calls.issue`` holds comma-separated codes (``ISSUE_NAMES``: me, nu, di, hr, co,
    ec). The codes are exploded, so a roll call coded ``'me,hr'`` counts in both areas (the
    areas overlap and their roll-call counts do not add up to the total); a roll call with a
    null issue belongs to no area and drops out, as do the votes of a source without issue
    codes (``unga_votes_fpsim``). Joined on ``source_id`` and ``rcid``. Feed the result to
    ``vote_pairs`` and ``vote_agreement`` with ``"issue"`` in ``group``.

    >>> v = ibis.memtable({"source_id": ["u"] * 3, "rcid": [1, 2, 3], "entity": ["KAZ"] * 3,
    ...                    "vote": ["yes", "no", "yes"]})
    >>> rc = ibis.memtable({"source_id": ["u"] * 3, "rcid": [1, 2, 3], "issue": ["me,hr", None, "nu"]})
    >>> issue_votes(v, rc).order_by(["rcid", "issue"]).execute()[["rcid", "issue"]].values.tolist()
    [[1, 'hr'], [1, 'me'], [3, 'nu']]
    """
    coded = roll_calls.filter(roll_calls.issue.notnull()).select("source_id", "rcid", issue=roll_calls.issue.split(","))
    codes = coded.unnest("issue")
    codes = codes.mutate(issue=codes.issue.strip())
    codes = codes.filter(codes.issue != "")
    return votes.join(codes, ["source_id", "rcid"])


@register(
    "vote_pole_alignment",
    "m(p) = mean over the pole's members j ≠ i with a shared roll call of agreement(i, j) "
    "(likewise S, κ); partners not in the pole file belong to OTHER; share(p) = m_agreement(p) / Σ_q m_agreement(q)",
    "agreement 0-1; S −1..1; κ ≤ 1; share 0-1; members; n roll calls",
    domain=DOMAIN,
    references=SIGNORINO_RITTER + HAGE + VOETEN,
)
def pole_alignment(
    agreement: ibis.Table, poles: ibis.Table, group: Sequence[str], include_other: bool = True
) -> ibis.Table:
    """Mean dyadic agreement, S and κ of each reporter with each pole's members.

    ``agreement`` is ``vote_agreement``'s output; ``poles`` has ``entity`` and ``pole``.
    Per group, reporter and pole: the unweighted mean over the members that shared at
    least one roll call with the reporter (``members`` of them; a pole's own state as
    reporter is not its own member), κ's mean over members where κ is defined; ``n`` is
    the largest dyad ``n`` among them (roll calls shared with the best-covered member;
    for a one-state pole, the dyad's n). Partners missing from ``poles`` form OTHER
    (dropped when ``include_other`` is false).

    ``share = agreement(p) / Σ_q agreement(q)`` over the group's poles is the ``un_votes``
    channel's pole vector for the diplomatic domain: how the state's voting agreement is
    spread across poles, comparable with the other channels' vector ``a_c(p)``. Null when
    the reporter agrees with nobody (Σ = 0).

    Columns: ``group``, ``reporter``, ``pole``, ``share``, ``agreement``, ``s_score``,
    ``kappa``, ``members``, ``n``.

    >>> a = ibis.memtable({"y": [1] * 3, "reporter": ["SEN"] * 3, "partner": ["FRA", "USA", "GBR"],
    ...                    "n": [4] * 3, "agreement": [0.9, 0.2, 0.4], "s_score": [0.8, 0.1, 0.2],
    ...                    "kappa": [0.7, None, 0.1]})
    >>> p = ibis.memtable({"entity": ["FRA", "USA", "GBR"], "pole": ["FRA", "WEST", "WEST"]})
    >>> r = pole_alignment(a, p, ["y"]).order_by("pole").execute()
    >>> r[["pole", "agreement", "kappa", "members"]].round(2).values.tolist()
    [['FRA', 0.9, 0.7, 1], ['WEST', 0.3, 0.1, 2]]
    >>> r["share"].round(2).tolist()
    [0.75, 0.25]
    """
    keys = [*group, "reporter"]
    members = poles.select(_entity=poles.entity, _pole=poles.pole)
    dyads = agreement.filter(agreement.reporter != agreement.partner)
    joined = dyads.left_join(members, dyads.partner == members._entity)
    labelled = joined.mutate(pole=joined._pole.fill_null(OTHER))
    if not include_other:
        labelled = labelled.filter(labelled.pole != OTHER)
    means = labelled.group_by([*keys, "pole"]).agg(
        agreement=labelled.agreement.mean(),
        s_score=labelled.s_score.mean(),
        kappa=labelled.kappa.mean(),
        members=labelled.partner.nunique(),
        n=labelled.n.max(),
    )
    total = means.agreement.sum().over(ibis.window(group_by=keys))
    share = ibis.cases((total > 0, means.agreement / total), else_=ibis.null("float64"))
    return means.select(
        *keys,
        "pole",
        share=share,
        agreement=means.agreement,
        s_score=means.s_score,
        kappa=means.kappa,
        members=means.members,
        n=means.n,
    )
