"""One state's measured history, read once from the panel: the input of every theory verdict.

The theory engine reads a state's whole trajectory many times (phases, breaks, variants,
a sensitivity run re-classifying under other parameters), so it reads the state's rows of
the panel (``measure.panel``, composed for every state at once) once, as small frames.

``channels``: year, year_from, channel, domain, series, source_id, pole, share — the pole
vector of every weighted channel per window, as measured: a partial partner list's rest is
the pole ``UNLISTED``, never rescaled away (rescaling the Factbook's top five to 100%
inflates the large partners), with ``unlisted`` that rest's share on every row.
``domains``: year, domain, pole, share, channels — the domain vectors of those, only where a
principal channel has data; ``gaps``: year, domain, channels, reason — the domain-years with
data on minor channels only, which therefore have no value. ``overlaps``: year, channel,
series, share — the hegemon's share on EVERY series of the flow channels that have several,
so that a change of series can be judged where both series cover the same years.
``hegemon_trade``: year, share, series — the hegemon's share of the state's trade from the
hegemon's and the World's reports (``Measurements.hegemon_trade_share``): one source across
the 2022 shock, a share of one pole and not a pole vector.
``ideal_point_bands``: year, share_q05, share_q95 — the 90% interval of the hegemon's share
on the ideal-point channel under the points' posterior noise (``Measurements.ideal_point_shares``).
``concentration``: year, channel, series, hhi, effective_partners, top_partner, top_share
(complete series only). ``facts``: the knowledge-base and GEM facts naming the state as
subject, actor, member or on a route, with the citation of the document each cites.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from multivector.indicators.poles import UNLISTED
from multivector.measure.measurements import Measurements
from multivector.measure.panel import TRADE_CHANNELS as TRADE_CHANNELS  # read by the verdicts
from multivector.measure.panel import panel_frames
from multivector.measure.series import series_of
from multivector.sources import get_source

GAP_COLUMNS = ["year", "domain", "channels", "reason"]
OVERLAP_COLUMNS = ["year", "channel", "series", "share"]
HEGEMON_TRADE_COLUMNS = ["year", "share", "series"]
BAND_COLUMNS = ["year", "share_q05", "share_q95"]
DOMAIN_BALANCE_COLUMNS = ["year", "domain", "balance"]
STRUCTURE_COLUMNS = ["year", "differentiation", "balance"]


@dataclass(frozen=True)
class Panel:
    state: str
    hegemon: str
    channels: pd.DataFrame
    domains: pd.DataFrame
    concentration: pd.DataFrame = field(default_factory=pd.DataFrame)
    facts: pd.DataFrame = field(default_factory=pd.DataFrame)
    weights: dict[str, float] = field(default_factory=dict)
    gaps: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=GAP_COLUMNS))
    overlaps: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OVERLAP_COLUMNS))
    hegemon_trade: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=HEGEMON_TRADE_COLUMNS))
    ideal_point_bands: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=BAND_COLUMNS))
    #: year, domain, balance (whole vectors only) — from the panel's domain summary.
    domain_balance: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DOMAIN_BALANCE_COLUMNS))
    #: year, differentiation, balance — across domains, whole vectors only (the panel's state-years).
    structure: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STRUCTURE_COLUMNS))
    #: Frames derived from the above, kept by the verdicts that read them many times (a robustness
    #: run re-tests every shock under each parameter setting); never part of the panel's identity.
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.channels["year"].unique()) if not self.channels.empty else []

    def hegemon_share(self, level: str = "domain") -> pd.DataFrame:
        """year, domain (or channel), share of the hegemon; 0 where the vector lacks it.

        A vector resting on a partial partner list that does not name the hegemon gives no
        row: the hegemon's share hides in the unlisted rest, unknown, not 0.
        """
        key = "domain" if level == "domain" else "channel"
        frame = self.domains if level == "domain" else self.channels
        if frame.empty:
            return pd.DataFrame(columns=["year", key, "share"])
        if ("hegemon_share", key) not in self.cache:
            self.cache[("hegemon_share", key)] = hegemon_rows(frame, ["year", key], self.hegemon)
        return self.cache[("hegemon_share", key)].copy()


def load_panel(m: Measurements, state: str) -> Panel:
    """The state's rows of the panel (``measure.panel``): channel and domain vectors, gaps,
    series overlaps, the hegemon's trade share, ideal-point bands, concentration and facts."""
    frames = panel_frames(m, [state], m.years)
    bands = frames["ideal_point_bands"]
    bands = bands[(bands.pole == m.params.hegemon) & bands.share_q05.notna()]
    trade = frames["hegemon_trade"]
    return Panel(
        state=state,
        hegemon=m.params.hegemon,
        channels=_tidy(
            frames["channels"],
            ["year", "year_from", "channel", "domain", "series", "source_id", "pole", "share", "unlisted"],
        ),
        domains=_tidy(frames["domains"], ["year", "domain", "pole", "share", "channels"]),
        concentration=_tidy(
            frames["concentration"],
            ["year", "channel", "series", "hhi", "effective_partners", "top_partner", "top_share"],
        ),
        facts=state_facts(m.tables, state),
        weights={c: m.params.weight(c) for c in m.weighted_channels()},
        gaps=_tidy(frames["gaps"], GAP_COLUMNS),
        overlaps=frames["overlaps"][OVERLAP_COLUMNS]
        .astype({"year": int})
        .sort_values(["year", "channel", "series"], ignore_index=True),
        hegemon_trade=_tidy(trade.dropna(subset=["share"]), HEGEMON_TRADE_COLUMNS),
        ideal_point_bands=_tidy(bands, BAND_COLUMNS),
        domain_balance=_tidy(frames["domain_summary"], DOMAIN_BALANCE_COLUMNS),
        structure=_tidy(frames["state_years"], STRUCTURE_COLUMNS),
    )


def hegemon_rows(frame: pd.DataFrame, keys: list[str], hegemon: str) -> pd.DataFrame:
    """keys and the hegemon's share of each vector in ``frame`` (keys, pole, share).

    0 where a vector attributes the whole flow and lacks the hegemon; no row where a partial
    partner list leaves an UNLISTED rest that may hide it (unknown, not 0).
    """
    present = frame[keys].drop_duplicates()
    partial = frame.loc[(frame.pole == UNLISTED) & (frame.share > 0), keys].drop_duplicates()
    out = present.merge(frame.loc[frame.pole == hegemon, [*keys, "share"]], on=keys, how="left")
    hidden = out.share.isna() & out.set_index(keys).index.isin(partial.set_index(keys).index)
    return out[~hidden].fillna({"share": 0.0}).sort_values(keys, ignore_index=True)


def _tidy(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = frame[columns].copy()
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values([c for c in columns if c in ("year", "domain", "channel", "pole")], ignore_index=True)


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
    return row["subject"] == state or state in (attributes.get("actors") or []) or state in route_of(attributes)


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
