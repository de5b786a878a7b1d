"""A prototype of ``partner_shares`` and ``concentration`` that DuckDB plans like the hand-written SQL.

Same inputs, outputs, column order and tie rule as ``multivector.indicators.concentration``;
kept here, outside ``src/``, to show its figures next to the current code (``run.py
--contenders project,rewrite,sql``). Two changes, each against one cost found in the plan:

* ``partner_shares`` divides by a grouped total joined back, not by a window sum.
  DuckDB (``window_self_join``) turns the window sum over the aggregated flows into a
  self-join, but plans the aggregate twice: the Parquet file is scanned and grouped twice.
  Written as a join, Ibis names the aggregate once (a CTE) and DuckDB materialises it.
* ``concentration`` is one grouped aggregate: the top partner is ``argmin`` over
  (−share, partner), the same "largest share, then first partner" rule as the
  ``row_number`` window, without sorting every group and joining the result back.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis


def partner_shares(flows: ibis.Table, group: Sequence[str], partner: str = "partner") -> ibis.Table:
    summed = flows.group_by([*group, partner]).agg(value=flows.value.sum())
    totals = summed.group_by(list(group)).agg(total=summed.value.sum())
    joined = summed.join(totals, [summed[c].identical_to(totals[c]) for c in group])
    return joined.select(*group, partner, "value", share=joined.value / joined.total)


def concentration(shares: ibis.Table, group: Sequence[str], partner: str = "partner") -> ibis.Table:
    positive = shares.filter(shares.share > 0)
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
    return stats.select(*group, "hhi", "partners", hhi_normalized=normalised,
                        effective_partners=1.0 / stats.hhi, top_partner=stats.top_partner,
                        top_share=stats.top_share)
