"""Coverage: which channels have data for a state, in which years, from which sources.

A channel counts as covered in a year when at least one stored row of the state in that
channel and year exists: flows with the state as reporter, its UN General Assembly votes
(channel ``un_votes``), its IGO memberships (channel ``igo``) and its UNGA ideal points
(channel ``ideal_points``: the state's own point; a year also needs every pole's point to
have a value). Years without rows are missing, and the output lists them as gaps, not as
zeros.

``doubts`` lists the state's Factbook partner-list entries that a complete series
contradicts or no other list corroborates (``measure.doubts``): the rows stay in the store
and in the measurements, the doubt is shown next to them.
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt

from multivector.channels import CHANNELS, DOMAINS
from multivector.measure.doubts import doubts_for
from multivector.measure.series import series_of
from multivector.store import Store


def _label(text: str):
    return ibis.literal(text, type=dt.String(nullable=True))


def _channel_years(store: Store, entity: str):
    flows = store.table("flows")
    parts = [
        flows.filter(flows.reporter == entity).select(
            channel=flows.channel.cast(dt.String(nullable=True)), year=flows.year, source_id=flows.source_id
        )
    ]
    votes = store.table("un_votes")
    parts.append(
        votes.filter(votes.entity == entity).select(
            channel=_label("un_votes"), year=votes.year, source_id=votes.source_id
        )
    )
    igo = store.table("igo_memberships")
    parts.append(igo.filter(igo.entity == entity).select(channel=_label("igo"), year=igo.year, source_id=igo.source_id))
    values = store.table("state_values")
    for spec in series_of("ideal_points"):
        parts.append(
            values.filter(values.entity == entity, values.variable == spec.variable).select(
                channel=_label(spec.channel), year=values.year, source_id=values.source_id
            )
        )
    union = ibis.union(*parts, distinct=False)
    return union.group_by("channel", "source_id", "year").agg(rows=union.count())


def coverage(store: Store, entity: str) -> dict:
    """Channel, source and year coverage of ``entity``, per channel and per domain."""
    table = store.ibis.execute(_channel_years(store, entity).order_by(["channel", "source_id", "year"]))
    channels = []
    for (channel, source_id), group in table.groupby(["channel", "source_id"], sort=True):
        years = sorted(int(y) for y in group["year"])
        channels.append(
            {
                "channel": channel,
                "domain": CHANNELS[channel].domain,
                "source_id": source_id,
                "years_from": years[0],
                "years_to": years[-1],
                "years": years,
                "gaps": _gaps(years),
                "rows": int(group["rows"].sum()),
            }
        )
    domains = {}
    for domain in DOMAINS:
        mine = [c for c in channels if c["domain"] == domain]
        years = sorted({y for c in mine for y in c["years"]})
        domains[domain] = {
            "channels": sorted({c["channel"] for c in mine}),
            "sources": sorted({c["source_id"] for c in mine}),
            "years_from": years[0] if years else None,
            "years_to": years[-1] if years else None,
            "gaps": _gaps(years),
        }
    return {"state": entity, "channels": channels, "domains": domains, "doubts": _doubts(store, entity)}


DOUBT_TABLES = ("flows", "entities", "dyad_values")


def _doubts(store: Store, entity: str) -> list[dict]:
    """The doubtful entries of the state's Factbook partner lists, with their evidence."""
    return doubts_for({name: store.table(name) for name in DOUBT_TABLES}, entity)


def _gaps(years: list[int]) -> list[int]:
    """Years between the first and last covered year that have no data."""
    if not years:
        return []
    present = set(years)
    return [y for y in range(years[0], years[-1] + 1) if y not in present]
