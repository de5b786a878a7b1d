"""One state's measured history, executed once: the input of every theory verdict.

The theory engine reads a state's whole trajectory many times (phases, breaks, variants,
a sensitivity run re-classifying under other parameters), so the Ibis expressions of the
measurement engine run once per state and the verdicts work on these small frames.

``channels``: year, year_from, channel, domain, series, source_id, pole, share — the pole
vector of every weighted channel per window, *attributed* (a partial partner list's
UNLISTED rest left out and the listed shares renormalised, so a change of source does not
read as a fall of every pole), with ``unlisted`` the share that was left out.
``domains``: year, domain, pole, share, channels — the domain vectors of those.
``concentration``: year, channel, series, hhi, effective_partners, top_partner, top_share
(complete series only). ``facts``: the knowledge-base and GEM facts naming the state as
subject, actor, member or on a route, with the citation of the document each cites.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import ibis
import pandas as pd

from multivector.channels import CHANNELS
from multivector.indicators.domains import attributed, domain_vectors
from multivector.indicators.poles import UNLISTED
from multivector.measure.measurements import CHANNEL_WINDOW, Measurements
from multivector.measure.series import series_of
from multivector.sources import get_source

TRADE_CHANNELS = ("exports", "imports")


@dataclass(frozen=True)
class Panel:
    state: str
    hegemon: str
    channels: pd.DataFrame
    domains: pd.DataFrame
    concentration: pd.DataFrame = field(default_factory=pd.DataFrame)
    facts: pd.DataFrame = field(default_factory=pd.DataFrame)
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.channels["year"].unique()) if not self.channels.empty else []

    def hegemon_share(self, level: str = "domain") -> pd.DataFrame:
        """year, domain (or channel), share of the hegemon; 0 where the vector lacks it."""
        key = "domain" if level == "domain" else "channel"
        frame = self.domains if level == "domain" else self.channels
        if frame.empty:
            return pd.DataFrame(columns=["year", key, "share"])
        keys = ["year", key]
        present = frame[keys].drop_duplicates()
        mine = frame.loc[frame.pole == self.hegemon, [*keys, "share"]]
        out = present.merge(mine, on=keys, how="left").fillna({"share": 0.0})
        return out.sort_values(keys, ignore_index=True)


def load_panel(m: Measurements, state: str) -> Panel:
    """Execute the state's channel vectors, domain vectors, concentration and facts."""
    m = Measurements(m.tables, m.params, m.poles, [state], m.years)
    raw = m.channel_poles().execute()  # the one large expression: compiled and run once
    group = [*CHANNEL_WINDOW, "channel"]
    known = attributed(ibis.memtable(raw), group).execute()
    channels = unseen_hegemon_dropped(_with_unlisted(known, raw, group), m.params.hegemon)
    vectors = domain_vectors(ibis.memtable(channels), m.weights(), ["reporter", "year"])
    channels = channels.assign(domain=channels.channel.map(lambda c: CHANNELS[c].domain),
                               source_id=[_source_id(c, s) for c, s in zip(channels.channel, channels.series)])
    return Panel(
        state=state, hegemon=m.params.hegemon,
        channels=_tidy(channels, ["year", "year_from", "channel", "domain", "series", "source_id",
                                  "pole", "share", "unlisted"]),
        domains=_tidy(vectors.execute(), ["year", "domain", "pole", "share", "channels"]),
        concentration=_concentration(m),
        facts=state_facts(m.tables, state),
        weights={c: m.params.weight(c) for c in m.weighted_channels()},
    )


def unseen_hegemon_dropped(channels: pd.DataFrame, hegemon: str) -> pd.DataFrame:
    """Trade years before the hegemon first appears in a series are missing, not a share of 0.

    The IMF's own reports of 1992-1993 list no partner inside the former USSR for most
    post-Soviet states (Kazakhstan's 1992 exports name Russia nowhere): read as data, they
    would show a dependence of 0 on Russia at independence. So for exports and imports the
    leading years of a series without the hegemon are left out.
    """
    trade = channels.channel.isin(TRADE_CHANNELS)
    seen = channels[trade & (channels.pole == hegemon) & (channels.share > 0)]
    first = seen.groupby(["channel", "series"]).year.min()
    keys = pd.MultiIndex.from_frame(channels[["channel", "series"]])
    start = first.reindex(keys).to_numpy()
    keep = ~trade.to_numpy() | (channels.year.to_numpy() >= start)
    return channels[keep].reset_index(drop=True)


def _with_unlisted(known: pd.DataFrame, raw: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    rest = raw.loc[raw.pole == UNLISTED, [*group, "share"]].rename(columns={"share": "unlisted"})
    out = known.merge(rest, on=group, how="left")
    return out.fillna({"unlisted": 0.0})


def _concentration(m: Measurements) -> pd.DataFrame:
    parts = [m.concentration(c).execute().assign(channel=c) for c in TRADE_CHANNELS]
    frame = pd.concat(parts, ignore_index=True)
    return _tidy(frame, ["year", "channel", "series", "hhi", "effective_partners", "top_partner", "top_share"])


def _tidy(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = frame[columns].copy()
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values([c for c in columns if c in ("year", "domain", "channel", "pole")],
                             ignore_index=True)


def _source_id(channel: str, label: str) -> str:
    return next(s.source_id for s in series_of(channel) if s.label == label)


def state_facts(tables, state: str) -> pd.DataFrame:
    """The facts about a state, each with the title and citation of the document it cites."""
    facts = tables["facts"].execute()
    facts["attributes"] = facts["attributes"].map(lambda a: json.loads(a) if isinstance(a, str) else {})
    about = facts.apply(lambda row: _names(row, state), axis=1)
    mine = facts.loc[about].copy()
    titles = document_titles(tables)
    mine["citation"] = [citation_of(cites, source, titles) for cites, source in zip(mine.cites, mine.source_id)]
    return mine.reset_index(drop=True)


def _names(row: pd.Series, state: str) -> bool:
    attributes = row["attributes"]
    return (row["subject"] == state or state in (attributes.get("actors") or [])
            or state in route_of(attributes))


def route_of(attributes: dict) -> list[str]:
    """The states a route passes: ``route`` in the knowledge base, ``countries`` in GEM."""
    return list(attributes.get("route") or attributes.get("countries") or [])


def document_titles(tables) -> dict[str, str]:
    """Knowledge-base document id → title."""
    if "documents" not in tables:
        return {}
    documents = tables["documents"].execute()
    return dict(zip(documents.document_id, documents.title))


def citation_of(cites: str, source_id: str, titles: dict[str, str]) -> str:
    """The cited document's title and id; the data source's citation for a source's own rows."""
    return f"{titles[cites]} [{cites}]" if cites in titles else get_source(source_id).citation


def longest_series(rows: pd.DataFrame, channel: str) -> str:
    """The series of ``rows`` with most years; on a tie the one ranked first for the channel.

    A channel's history is read on one series: splicing a complete IMF series onto a partial
    Factbook list would read the change of source as a change of dependence.
    """
    counts = rows.groupby("series")["year"].nunique()
    order = [s.label for s in series_of(channel)]
    return min(counts.index, key=lambda s: (-counts[s], order.index(s) if s in order else len(order), s))
