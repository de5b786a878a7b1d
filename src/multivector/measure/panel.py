"""The panel: every state × year × channel × pole, composed once in a set-based pass.

``compose_panel`` turns the stored tables (DuckDB, or the same tables on PySpark) into the
panel's tables for one pole mapping and one ``MeasureParams``, for every state at once:

``channels``        reporter, year, year_from, channel, domain, series, source_id, pole, share,
                    unlisted — each weighted channel's pole vector per window, on its chosen
                    series; a partial partner list's rest is the pole UNLISTED (never rescaled),
                    ``unlisted`` that rest's share on every row of the vector. Trade years before
                    the hegemon first appears in a series are left out (missing, not 0).
``domains``         reporter, year, domain, pole, share, channels, is_co_aligned — the domain
                    vectors a_d(p), where a principal channel has data; ``is_co_aligned``:
                    a_d(p) ≥ θ_co and p is not UNLISTED (the one definition of a co-aligned pole).
``domain_summary``  reporter, year, domain, leader, leader_share, captured, co_aligned,
                    co_aligned_count, dependence, unlisted, balance.
``state_years``     reporter, year, domains, distinct_leaders, differentiation, balance,
                    hegemon_mean_share — across domains; differentiation and balance need
                    whole vectors (missing where a domain rests on a partial list), the
                    hegemon's share of the mean vector does not (a listed share is exact).
``gaps``            reporter, year, domain, channels, reason — data on minor channels only.
``concentration``   reporter, year, channel, series, hhi, hhi_normalized, effective_partners,
                    top_partner, top_share — exports and imports, complete series only.
``overlaps``        reporter, year, channel, series, share — the hegemon's share on EVERY series
                    of the flow channels that have several (a change of series is judged there).
``hegemon_trade``   reporter, year, share, exports_share, imports_share, series.
``ideal_point_bands`` reporter, year, pole, share, share_q05, share_q95 — the ideal-point
                    channel's shares with their 90% interval under the points' posterior noise.

Each table is an Ibis expression (``ideal_point_bands`` excepted: its draws run in numpy),
so the same composition runs on either engine. The channel vectors are the one large
expression: they run once and the rest is composed from their rows.

>>> from multivector import api
>>> with api.measurements() as m:                                   # doctest: +SKIP
...     panel = compose_panel(m)
...     panel["state_years"].filter(ibis._.reporter == "KAZ").to_pandas()
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Mapping, Sequence

import duckdb
import ibis
import pandas as pd
import pyarrow as pa

from multivector import engines
from multivector.channels import CHANNELS
from multivector.engines import Engine
from multivector.indicators.domains import (
    complete_vectors,
    domain_gaps,
    domain_summary,
    domain_vectors,
    mean_vector,
)
from multivector.indicators.ideal_points import CHANNEL as IDEAL_POINTS
from multivector.indicators.poles import UNLISTED, balance, differentiation
from multivector.measure.measurements import CHANNEL_WINDOW, WINDOW, Measurements
from multivector.measure.series import SERIES, series_of

PANEL_VERSION = "5"  # raised whenever a formula changes, so that `build` composes the panel again
TRADE_CHANNELS = ("exports", "imports")
PANEL_TABLES = (
    "channels",
    "domains",
    "domain_summary",
    "state_years",
    "gaps",
    "concentration",
    "overlaps",
    "hegemon_trade",
    "ideal_point_bands",
)
#: Which table a panel table is stored as.
STORED = {name: f"panel_{name}" for name in PANEL_TABLES}

Materialise = Callable[[ibis.Table], ibis.Table]
_PARTS = itertools.count()


def fingerprint(m: Measurements) -> str:
    """sha256 (16 hex digits) of the panel version, the parameters and the pole mapping.

    Everything the panel's values depend on besides the stored data, so a stored panel is
    read only for the parameters and poles it was composed with.
    """
    poles = m.poles.select("entity", "pole").to_pyarrow().to_pylist()
    mapping = sorted((str(r["entity"]), str(r["pole"])) for r in poles)
    text = json.dumps({"version": PANEL_VERSION, "params": m.params.record(), "poles": mapping}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def in_memory(table: ibis.Table) -> ibis.Table:
    """Run ``table`` once and bind its rows as an in-memory table (the DuckDB default)."""
    return ibis.memtable(table.to_pyarrow())


def materialiser(engine: Engine) -> Materialise:
    """How ``compose_panel`` runs an intermediate table once on ``engine``: an in-memory
    DuckDB table, or a temporary Spark view of its rows (``engines.load``)."""
    if engine == "duckdb":
        return in_memory

    def on_engine(table: ibis.Table) -> ibis.Table:
        name = f"panel_part_{next(_PARTS)}"
        return engines.load(engine, {name: table.to_pyarrow()})[name]

    return on_engine


def compose_panel(m: Measurements, materialise: Materialise = in_memory) -> dict[str, ibis.Table]:
    """The panel's tables for ``m``'s reporters (all by default), parameters and poles.

    ``materialise`` runs an expression once and returns a table of its rows on the engine
    that composes the rest (an in-memory DuckDB table by default; a Spark view on PySpark).
    """
    channels = materialise(channel_vectors(m))
    weights = m.weights()
    vectors = domain_vectors(channels, weights, WINDOW)
    p = m.params
    vectors = vectors.mutate(is_co_aligned=(vectors.share >= p.theta_co) & (vectors.pole != UNLISTED))
    vectors = materialise(vectors)
    summary = _summary(vectors, m)
    return {
        "channels": channels,
        "domains": vectors,
        "domain_summary": summary,
        "state_years": _state_years(vectors, summary, m),
        "gaps": domain_gaps(channels, weights, WINDOW),
        "concentration": _concentration(m),
        "overlaps": series_overlaps(m),
        "hegemon_trade": m.hegemon_trade_share(),
        "ideal_point_bands": _ideal_point_bands(m),
    }


def channel_vectors(m: Measurements) -> ibis.Table:
    """Every weighted channel's pole vector per window, with domain, source and unlisted rest."""
    raw = m.channel_poles()
    group = [*CHANNEL_WINDOW, "channel"]
    rest = raw.filter(raw.pole == UNLISTED).select(*group, unlisted=raw.share)
    joined = raw.left_join(rest, group).select(raw, unlisted=ibis._.unlisted.fill_null(0.0))
    labelled = joined.join(_channel_labels(), ["channel", "series"])
    hegemon = m.params.hegemon if m.names_pole(m.params.hegemon) else None
    return unseen_hegemon_dropped(labelled, hegemon).select(
        "reporter", "year", "year_from", "channel", "domain", "series", "source_id", "pole", "share", "unlisted"
    )


def _channel_labels() -> ibis.Table:
    """channel, series, domain, source_id of every series label."""
    rows = [(c, s.label, CHANNELS[c].domain, s.source_id) for c in SERIES for s in series_of(c)]
    columns = ["channel", "series", "domain", "source_id"]
    return ibis.memtable({name: [r[i] for r in rows] for i, name in enumerate(columns)})


def unseen_hegemon_dropped(channels: ibis.Table, hegemon: str | None) -> ibis.Table:
    """Trade years before the hegemon first appears in a series are missing, not a share of 0.

    The IMF's own reports of 1992-1993 list no partner inside the former USSR for most
    post-Soviet states (Kazakhstan's 1992 exports name Russia nowhere): read as data, they
    would show a dependence of 0 on Russia at independence. So for exports and imports the
    leading years of a series without the hegemon are left out (all its years, if it never
    names the hegemon). A mapping without the hegemon among its poles (``hegemon`` None: a
    classic hedger's USA, CHN, JPN) has nothing to wait for, and keeps every year: read with
    the default hegemon there, every trade year of every state was dropped.
    """
    if hegemon is None:
        return channels
    # A window, not a join with the seen years: DuckDB pushed the trade filter of such a join
    # into its preserved side and lost every other channel's rows.
    seen = (channels.pole == hegemon) & (channels.share > 0)
    series = ibis.window(group_by=["reporter", "channel", "series"])
    first_year = ibis.cases((seen, channels.year), else_=ibis.null("int64")).min().over(series)
    marked = channels.mutate(first_year=first_year)
    trade = marked.channel.isin(list(TRADE_CHANNELS))
    return marked.filter(~trade | (marked.year >= marked.first_year).fill_null(False)).drop("first_year")


def _summary(vectors: ibis.Table, m: Measurements) -> ibis.Table:
    """Leader, capture, co-alignment, dependence, the unlisted rest and balance per domain."""
    p = m.params
    keys = [*WINDOW, "domain"]
    summary = domain_summary(vectors, WINDOW, p.theta_capture, p.theta_co, p.hegemon)
    rest = vectors.group_by(keys).agg(unlisted=ibis.cases((vectors.pole == UNLISTED, vectors.share), else_=0.0).sum())
    balances = balance(complete_vectors(vectors, keys), keys, m.poles_count())
    return (
        summary.join(rest, keys)
        .left_join(balances, keys)
        .select(
            *keys,
            "leader",
            "leader_share",
            "captured",
            "co_aligned",
            "co_aligned_count",
            "dependence",
            "unlisted",
            "balance",
        )
    )


def _state_years(vectors: ibis.Table, summary: ibis.Table, m: Measurements) -> ibis.Table:
    """Per reporter-year: domains, distinct leaders, differentiation, balance, ā(hegemon)."""
    whole = complete_vectors(vectors, WINDOW)
    counts = summary.group_by(WINDOW).agg(domains=summary.count(), distinct_leaders=summary.leader.nunique())
    diff = differentiation(whole, WINDOW)
    overall = balance(mean_vector(whole, WINDOW), WINDOW, m.poles_count())
    mean = mean_vector(vectors, WINDOW)
    hegemon = mean.filter(mean.pole == m.params.hegemon).select(*WINDOW, hegemon_mean_share=mean.share)
    joined = (
        counts.left_join(diff, WINDOW)
        .select(counts, "differentiation")
        .left_join(overall, WINDOW)
        .select(*WINDOW, "domains", "distinct_leaders", "differentiation", "balance")
        .left_join(hegemon, WINDOW)
    )
    return joined.select(
        *WINDOW,
        "domains",
        "distinct_leaders",
        "differentiation",
        "balance",
        hegemon_mean_share=joined.hegemon_mean_share.fill_null(0.0),
    )


def _concentration(m: Measurements) -> ibis.Table:
    parts = [m.concentration(c).mutate(channel=ibis.literal(c)) for c in TRADE_CHANNELS]
    columns = ["reporter", "year", "channel", "series", "hhi", "hhi_normalized", "effective_partners"]
    return ibis.union(*[t.select(*columns, "top_partner", "top_share") for t in parts], distinct=False)


def series_overlaps(m: Measurements) -> ibis.Table:
    """The hegemon's share on every series of each weighted flow channel with several series.

    0 where a vector attributes the whole flow and lacks the hegemon; no row where a partial
    partner list leaves an UNLISTED rest that may hide it (unknown, not 0).
    """
    parts = []
    for channel in m.weighted_channels():
        specs = series_of(channel)
        if len(specs) < 2 or any(s.kind in ("similarity", "alliance") for s in specs):
            continue
        parts.append(
            hegemon_rows(m.pole_shares_by_series(channel), m.params.hegemon).mutate(channel=ibis.literal(channel))
        )
    columns = ["reporter", "year", "channel", "series", "share"]
    return ibis.union(*[t.select(*columns) for t in parts], distinct=False)


def hegemon_rows(vectors: ibis.Table, hegemon: str) -> ibis.Table:
    """reporter, year, series and the hegemon's share of each vector (0 where absent, unless hidden)."""
    keys = ["reporter", "year", "series"]
    stats = vectors.group_by(keys).agg(
        share=ibis.cases((vectors.pole == hegemon, vectors.share), else_=0.0).sum(),
        listed=(vectors.pole == hegemon).any(),
        hidden=((vectors.pole == UNLISTED) & (vectors.share > 0)).any(),
    )
    return stats.filter(stats.listed | ~stats.hidden).select(*keys, "share")


def _ideal_point_bands(m: Measurements) -> ibis.Table:
    """The ideal-point channel's shares with their 90% interval (draws in numpy: in memory)."""
    if IDEAL_POINTS not in m.weighted_channels():
        empty = {"reporter": pa.string(), "year": pa.int64(), "pole": pa.string()}
        schema = pa.schema({**empty, **{c: pa.float64() for c in ("share", "share_q05", "share_q95")}})
        return ibis.memtable(schema.empty_table())
    bands = m.ideal_point_shares()
    return bands.select("reporter", "year", "pole", "share", "share_q05", "share_q95")


def panel_rows(panel: Mapping[str, ibis.Table]) -> dict[str, pa.Table]:
    """Every panel table run to Arrow."""
    return {name: panel[name].to_pyarrow() for name in PANEL_TABLES}


# the stored panel --------------------------------------------------------------------------

META = "panel_meta"


def write_panel(con: duckdb.DuckDBPyConnection, rows: Mapping[str, pa.Table], m: Measurements) -> None:
    """Replace the stored panel by ``rows`` (``panel_rows``) composed with ``m``'s parameters.

    Called on the build's work file, before it is marked complete: the store swapped in has
    the panel of its own data, or the build did not finish.
    """
    for name in PANEL_TABLES:
        con.register("panel_rows_in", rows[name])
        con.execute(f"CREATE OR REPLACE TABLE {STORED[name]} AS SELECT * FROM panel_rows_in")
        con.unregister("panel_rows_in")
    con.execute(f"CREATE OR REPLACE TABLE {META} (key VARCHAR PRIMARY KEY, value VARCHAR)")
    meta = {"fingerprint": fingerprint(m), "version": PANEL_VERSION, "params": json.dumps(m.params.record())}
    con.executemany(f"INSERT INTO {META} VALUES (?, ?)", sorted(meta.items()))


def stored_fingerprint(tables: Mapping[str, ibis.Table]) -> str | None:
    """The fingerprint of the panel stored beside ``tables``, or None (no panel stored)."""
    if META not in tables or any(STORED[name] not in tables for name in PANEL_TABLES):
        return None
    meta = tables[META]
    found = meta.filter(meta.key == "fingerprint").value.to_pyarrow().to_pylist()
    return str(found[0]) if found else None


_COMPOSED: dict[tuple[object, ...], dict[str, ibis.Table]] = {}


def panel_tables(m: Measurements) -> dict[str, ibis.Table]:
    """The panel for ``m``: the stored one when its fingerprint is ``m``'s, else composed.

    A custom pole mapping or parameter set is composed on demand by the same pipeline, for
    ``m``'s reporters only, and kept for the rest of the process (the last few).
    """
    fp = fingerprint(m)
    if stored_fingerprint(m.tables) == fp:
        return {name: m.tables[STORED[name]] for name in PANEL_TABLES}
    key = (fp, tuple(m.reporters) if m.reporters is not None else None, m.years, id(m.tables))
    if key not in _COMPOSED:
        if len(_COMPOSED) >= 4:
            _COMPOSED.pop(next(iter(_COMPOSED)))
        rows = panel_rows(compose_panel(m))
        _COMPOSED[key] = {name: ibis.memtable(table) for name, table in rows.items()}
    return _COMPOSED[key]


def panel_frames(
    m: Measurements, reporters: Sequence[str], years: tuple[int, int] | None = None
) -> dict[str, pd.DataFrame]:
    """The panel's rows of ``reporters`` (and ``years``: first, last), as pandas frames.

    Read once per ``m``, reporters and years (several columns of one table ask for the same
    rows); each call gets its own frames (shallow copies), so no caller changes another's.
    """
    key = (tuple(reporters), years)
    if key not in m.frames_read:
        frames = {}
        for name, table in panel_tables(m).items():
            rows = table.filter(table.reporter.isin(list(reporters)))
            if years is not None:
                rows = rows.filter(rows.year.between(*years))
            frames[name] = rows.execute()
        m.frames_read[key] = frames
    return {name: frame.copy(deep=False) for name, frame in m.frames_read[key].items()}
